//! `/users`: accounts, administered by administrators only.

use super::routes::{Endpoint, endpoint};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};

use serde::Deserialize;
use uuid::Uuid;

use super::caller::{Administrator, Overseer};
use super::json_body::{JsonBody, nullable};
use super::precondition::{if_match, versioned};
use super::query::Query;
use crate::admin::read::{self, UserFilter};
use crate::admin::users::{self, AccountChange, AccountRequest};
use crate::admin::views::UserView;
use crate::auth::Role;
use crate::error::AppError;
use crate::listing::{ListResponse, page_request};
use crate::state::AppState;

/// A new account.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserInput {
    /// Login email.
    pub email: String,
    /// Full name.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Office: required for supervisors and caseworkers, optional for managers.
    pub office_id: Option<Uuid>,
    /// Organisation: required for partners.
    pub organization_id: Option<Uuid>,
    /// Initial password (12–128 characters, not a common one).
    pub password: String,
    /// Defaults to true.
    pub active: Option<bool>,
}

/// Changes to an account; absent fields are kept, `null` clears a binding.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatchInput {
    /// Login email.
    pub email: Option<String>,
    /// Full name.
    pub full_name: Option<String>,
    /// Role (a change ends the user's logins).
    pub role: Option<Role>,
    /// Office.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub office_id: Option<Option<Uuid>>,
    /// Organisation.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub organization_id: Option<Option<Uuid>>,
    /// false deactivates the account and ends its logins.
    pub active: Option<bool>,
    /// A new password (ends the user's logins).
    pub password: Option<String>,
}

/// List parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UserListParams {
    /// Only this role.
    pub role: Option<Role>,
    /// Only this office.
    pub office_id: Option<Uuid>,
    /// Only this organisation.
    pub organization_id: Option<Uuid>,
    /// Only active (true) or inactive (false) accounts.
    pub active: Option<bool>,
    /// Page size (default 50, at most 200).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

fn with_etag(status: StatusCode, view: UserView) -> HttpResponse {
    versioned(status, &view, view.version)
}

/// Create an account.
#[utoipa::path(post, path = "/api/v1/users", tag = "administration", security(("bearer" = [])),
    request_body = UserInput,
    responses(
        (status = 201, body = UserView),
        (status = 403, description = "Not an administrator", body = super::problem::Problem),
        (status = 409, description = "Email already used", body = super::problem::Problem),
        (status = 422, body = super::problem::Problem),
    ))]
pub async fn create(
    state: web::Data<AppState>,
    caller: Administrator,
    JsonBody(input): JsonBody<UserInput>,
) -> Result<HttpResponse, AppError> {
    let request = AccountRequest {
        email: input.email,
        full_name: input.full_name,
        role: input.role,
        office_id: input.office_id.map(|u| u.to_string()),
        organization_id: input.organization_id.map(|u| u.to_string()),
        active: input.active.unwrap_or(true),
        password: input.password,
    };
    let view = users::open_account(&state, &caller, request).await?;
    let location = format!("/api/v1/users/{}", view.id);
    let mut res = with_etag(StatusCode::CREATED, view);
    if let Ok(v) = header::HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

/// List accounts.
#[utoipa::path(get, path = "/api/v1/users", tag = "administration", security(("bearer" = [])),
    params(UserListParams),
    responses((status = 200, body = ListResponse<UserView>), (status = 403, body = super::problem::Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    caller: Administrator,
    Query(params): Query<UserListParams>,
) -> Result<HttpResponse, AppError> {
    let page = page_request(params.limit, params.cursor.as_deref())?;
    let filter = UserFilter {
        role: params.role.map(|r| r.as_str().to_string()),
        office_id: params.office_id.map(|u| u.to_string()),
        organization_id: params.organization_id.map(|u| u.to_string()),
        active: params.active,
    };
    let caller = Overseer::Administrator(caller);
    Ok(HttpResponse::Ok().json(read::users(&state, &caller, filter, page).await?))
}

/// Read an account.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "administration", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, body = UserView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    caller: Administrator,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    Ok(with_etag(
        StatusCode::OK,
        read::user(&state, &caller, id.into_inner()).await?,
    ))
}

/// Change an account (role, binding, activation, password). Changing the
/// role, binding or password, or deactivating, ends the user's logins at once.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "administration", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id"), ("If-Match" = Option<String>, Header, description = "ETag of the version you read")),
    request_body = UserPatchInput,
    responses(
        (status = 200, body = UserView),
        (status = 403, body = super::problem::Problem),
        (status = 404, body = super::problem::Problem),
        (status = 409, description = "Email taken, or no active administrator would remain", body = super::problem::Problem),
        (status = 412, body = super::problem::Problem),
        (status = 422, body = super::problem::Problem),
    ))]
pub async fn update(
    state: web::Data<AppState>,
    caller: Administrator,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(input): JsonBody<UserPatchInput>,
) -> Result<HttpResponse, AppError> {
    let version = if_match(&req)?;
    let change = AccountChange {
        email: input.email,
        full_name: input.full_name,
        role: input.role,
        office_id: input.office_id.map(|o| o.map(|u| u.to_string())),
        organization_id: input.organization_id.map(|o| o.map(|u| u.to_string())),
        active: input.active,
        password: input.password,
    };
    let view = users::change_account(&state, &caller, id.into_inner().to_string(), version, change).await?;
    Ok(with_etag(StatusCode::OK, view))
}

/// Four eyes (`account_confirmation`): confirm an office account an
/// administrator created or re-bound, so that it can sign in. A supervisor
/// of that office may, or an administrator other than the one who asked.
#[utoipa::path(post, path = "/api/v1/users/{id}/confirm", tag = "administration", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, body = UserView),
        (status = 403, description = "Not a supervisor or administrator, the administrator who asked, or one's own account", body = super::problem::Problem),
        (status = 404, description = "No such account waiting, or outside the supervisor's office", body = super::problem::Problem),
    ))]
pub async fn confirm(
    state: web::Data<AppState>,
    caller: super::caller::AccountOverseer,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let view = users::confirm_account(&state, &caller, id.into_inner().to_string()).await?;
    Ok(with_etag(StatusCode::OK, view))
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_create, _, _>(create),
        endpoint::<__path_list, _, _>(list),
        endpoint::<__path_get, _, _>(get),
        endpoint::<__path_update, _, _>(update),
        endpoint::<__path_confirm, _, _>(confirm),
    ]
}
