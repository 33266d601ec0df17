//! `/me`, `/me/password` and the second factor (`/me/mfa…`).

use super::routes::{Endpoint, endpoint};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::json_body::JsonBody;
use crate::admin::read;
use crate::admin::views::MeView;
use crate::auth::security_events::SecurityEvent;
use crate::auth::{Caller, login, mfa};
use crate::error::AppError;
use crate::listing::ListResponse;
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

/// A code from the authenticator app.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeInput {
    /// The 6 digits the app shows now.
    pub code: String,
}

/// My second factor: enrolled or not, recovery codes left.
#[utoipa::path(get, path = "/api/v1/me/mfa", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = mfa::MfaStatus), (status = 401, body = super::problem::Problem), (status = 403, body = super::problem::Problem)))]
pub async fn mfa_status(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(mfa::status(&state, &caller).await?))
}

/// Start enrolling an authenticator app (TOTP): a new secret, with its
/// `otpauth://` URI and a QR code; confirm with a first code.
#[utoipa::path(post, path = "/api/v1/me/mfa/totp", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = mfa::Enrolment), (status = 401, body = super::problem::Problem), (status = 403, body = super::problem::Problem), (status = 409, description = "Already enrolled", body = super::problem::Problem)))]
pub async fn mfa_begin(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(mfa::begin_enrolment(&state, &caller).await?))
}

/// Confirm the enrolment with the code the app shows; answers ten
/// single-use recovery codes, shown this once.
#[utoipa::path(post, path = "/api/v1/me/mfa/totp/confirm", tag = "auth", security(("bearer" = [])),
    request_body = CodeInput,
    responses((status = 200, body = mfa::Enrolled), (status = 401, body = super::problem::Problem), (status = 403, body = super::problem::Problem), (status = 409, description = "No enrolment under way", body = super::problem::Problem), (status = 422, description = "Wrong code", body = super::problem::Problem), (status = 429, body = super::problem::Problem)))]
pub async fn mfa_confirm(
    state: web::Data<AppState>,
    caller: Caller,
    req: actix_web::HttpRequest,
    JsonBody(input): JsonBody<CodeInput>,
) -> Result<HttpResponse, AppError> {
    let address = super::client_address::of(&req, &state.proxies);
    Ok(HttpResponse::Ok().json(mfa::confirm_enrolment(&state, &caller, &input.code, address).await?))
}

/// My recent security events (sign-ins, failed and refused sign-ins,
/// account changes, new API keys of my organisation), newest first.
#[utoipa::path(get, path = "/api/v1/me/security-events", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = ListResponse<SecurityEvent>), (status = 401, body = super::problem::Problem), (status = 403, body = super::problem::Problem)))]
pub async fn security_events(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    let items = crate::auth::security_events::mine(&state, &caller).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"items": items, "next_cursor": null})))
}

/// My open logins (browsers and API clients): where and when each was
/// opened, and which one this request belongs to.
#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = ListResponse<crate::auth::open_logins::OpenLogin>), (status = 401, body = super::problem::Problem), (status = 403, body = super::problem::Problem)))]
pub async fn sessions(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    let items = crate::auth::open_logins::mine(&state, &caller).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"items": items, "next_cursor": null})))
}

/// End one of my logins at once (its tokens or browser cookie stop working).
#[utoipa::path(post, path = "/api/v1/me/sessions/{id}/end", tag = "auth", security(("bearer" = [])),
    params(("id" = String, Path, description = "Login id")),
    responses((status = 204, description = "Ended"), (status = 401, body = super::problem::Problem), (status = 403, body = super::problem::Problem), (status = 404, description = "Not one of my open logins", body = super::problem::Problem)))]
pub async fn end_session(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    crate::auth::open_logins::end(&state, &caller, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_me, _, _>(me),
        endpoint::<__path_change_password, _, _>(change_password),
        endpoint::<__path_mfa_status, _, _>(mfa_status),
        endpoint::<__path_mfa_begin, _, _>(mfa_begin),
        endpoint::<__path_mfa_confirm, _, _>(mfa_confirm),
        endpoint::<__path_security_events, _, _>(security_events),
        endpoint::<__path_sessions, _, _>(sessions),
        endpoint::<__path_end_session, _, _>(end_session),
    ]
}
