//! `/offices`: administrators create and change them; every signed-in role
//! reads them (they hold no personal data).

use super::routes::{Endpoint, endpoint};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;

use super::caller::Administrator;
use super::json_body::JsonBody;
use super::precondition::{if_match, versioned};
use super::query::Query;
use crate::admin::offices::{self, OfficePatch};
use crate::admin::read;
use crate::admin::views::OfficeView;
use crate::auth::Caller;
use crate::domain::office::OfficeFields;
use crate::error::AppError;
use crate::listing::{ListResponse, page_request};
use crate::state::AppState;

/// A new office.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficeInput {
    /// Three letters, e.g. `RBA`.
    pub code: String,
    /// Name.
    pub name: String,
    /// City.
    pub city: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// The office's IANA time zone (`Africa/Dakar`); absent or empty: its
    /// country's. Times on the pages are shown in it.
    pub time_zone: Option<String>,
}

/// Changes to an office; absent fields are kept.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficePatchInput {
    /// Three letters.
    pub code: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// City.
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// IANA time zone; empty: its country's.
    pub time_zone: Option<String>,
}

/// List parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OfficeListParams {
    /// Page size (default 50, at most 200).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

fn with_etag(status: actix_web::http::StatusCode, view: OfficeView) -> HttpResponse {
    versioned(status, &view, view.version)
}

/// Create an office.
#[utoipa::path(post, path = "/api/v1/offices", tag = "administration", security(("bearer" = [])),
    request_body = OfficeInput,
    responses(
        (status = 201, body = OfficeView),
        (status = 403, description = "Not an administrator", body = super::problem::Problem),
        (status = 409, description = "Code already used", body = super::problem::Problem),
        (status = 422, body = super::problem::Problem),
    ))]
pub async fn create(
    state: web::Data<AppState>,
    caller: Administrator,
    JsonBody(input): JsonBody<OfficeInput>,
) -> Result<HttpResponse, AppError> {
    let fields = OfficeFields::validate(
        &input.code,
        &input.name,
        &input.city,
        &input.country,
        input.time_zone.as_deref(),
    )
    .map_err(AppError::Unprocessable)?;
    let row = state.db.run(move |c| offices::create(c, &caller, fields)).await?;
    let location = format!("/api/v1/offices/{}", row.id);
    let mut res = with_etag(actix_web::http::StatusCode::CREATED, OfficeView::from_row(row)?);
    if let Ok(v) = header::HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

/// List offices.
#[utoipa::path(get, path = "/api/v1/offices", tag = "administration", security(("bearer" = [])),
    params(OfficeListParams),
    responses((status = 200, body = ListResponse<OfficeView>), (status = 401, body = super::problem::Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    _caller: Caller,
    Query(params): Query<OfficeListParams>,
) -> Result<HttpResponse, AppError> {
    let page = page_request(params.limit, params.cursor.as_deref())?;
    Ok(HttpResponse::Ok().json(read::offices(&state, page).await?))
}

/// Read an office.
#[utoipa::path(get, path = "/api/v1/offices/{id}", tag = "administration", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Office id")),
    responses((status = 200, body = OfficeView), (status = 404, body = super::problem::Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    _caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let view = read::office(&state, id.into_inner()).await?;
    Ok(with_etag(actix_web::http::StatusCode::OK, view))
}

/// Change an office. Send `If-Match` with the `ETag` you read to avoid overwriting a newer version.
#[utoipa::path(patch, path = "/api/v1/offices/{id}", tag = "administration", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Office id"), ("If-Match" = Option<String>, Header, description = "ETag of the version you read")),
    request_body = OfficePatchInput,
    responses(
        (status = 200, body = OfficeView),
        (status = 403, body = super::problem::Problem),
        (status = 404, body = super::problem::Problem),
        (status = 409, body = super::problem::Problem),
        (status = 412, description = "Stale If-Match", body = super::problem::Problem),
        (status = 422, body = super::problem::Problem),
    ))]
pub async fn update(
    state: web::Data<AppState>,
    caller: Administrator,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(input): JsonBody<OfficePatchInput>,
) -> Result<HttpResponse, AppError> {
    let version = if_match(&req)?;
    let id = id.into_inner().to_string();
    let patch = OfficePatch {
        code: input.code,
        name: input.name,
        city: input.city,
        country: input.country,
        time_zone: input.time_zone,
    };
    let row = state
        .db
        .run(move |c| offices::update(c, &caller, &id, version, patch))
        .await?;
    Ok(with_etag(
        actix_web::http::StatusCode::OK,
        OfficeView::from_row(row)?,
    ))
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_create, _, _>(create),
        endpoint::<__path_list, _, _>(list),
        endpoint::<__path_get, _, _>(get),
        endpoint::<__path_update, _, _>(update),
    ]
}
