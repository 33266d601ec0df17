//! `/me` and `/me/password`.

use super::routes::{Endpoint, endpoint};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::json_body::JsonBody;
use crate::admin::read;
use crate::admin::views::MeView;
use crate::auth::{Caller, login};
use crate::error::AppError;
use crate::state::AppState;

/// A password change.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The password now in use.
    pub current_password: String,
    /// The new password: 12 to 128 characters, not a common password.
    pub new_password: String,
}

/// Who am I?
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = MeView), (status = 401, body = super::problem::Problem)))]
pub async fn me(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(read::me(&state, &caller).await?))
}

/// Change my password. Every login of mine ends, this one included.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "auth", security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; sign in again"),
        (status = 401, body = super::problem::Problem),
        (status = 422, description = "Wrong current password or weak new one", body = super::problem::Problem),
        (status = 429, description = "Too many wrong current passwords; see Retry-After", body = super::problem::Problem),
    ))]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: Caller,
    req: actix_web::HttpRequest,
    JsonBody(input): JsonBody<PasswordChange>,
) -> Result<HttpResponse, AppError> {
    let address = super::client_address::of(&req, &state.proxies);
    login::change_password(
        &state,
        &caller,
        input.current_password,
        input.new_password,
        address,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_me, _, _>(me),
        endpoint::<__path_change_password, _, _>(change_password),
    ]
}
