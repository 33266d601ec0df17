//! `/target-lists`: office staff define, count, save and read target lists
//! of their office's people (`casefile::target_lists` holds every rule).

use super::routes::{Endpoint, endpoint};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::caller::OfficeStaff;
use super::json_body::JsonBody;
use super::precondition::{if_match, versioned};
use super::query::Query;
use crate::casefile::target_lists::{self, NewTargetList, TargetListPatch, TargetListView};
use crate::casefile::views::MigrantView;
use crate::domain::target::TargetDefinition;
use crate::error::AppError;
use crate::listing::{ListResponse, page_request};
use crate::state::AppState;

/// How many people a definition finds.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TargetCount {
    /// People of the caller's office the criteria find now.
    pub count: i64,
}

/// The office's lists.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TargetLists {
    /// Each with its count now, by name.
    pub items: Vec<TargetListView>,
}

/// Page parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct MemberParams {
    /// Page size (default 50, at most 200).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Count the people a definition finds, without saving it (no person is
/// read: nothing is audited).
#[utoipa::path(post, path = "/api/v1/target-lists/count", tag = "target lists", security(("bearer" = [])),
    request_body = TargetDefinition,
    responses((status = 200, body = TargetCount), (status = 403, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn count(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    JsonBody(def): JsonBody<TargetDefinition>,
) -> Result<HttpResponse, AppError> {
    let count = target_lists::count(&state, &caller, def).await?;
    Ok(HttpResponse::Ok().json(TargetCount { count }))
}

/// Save a list for the caller's office (its definition is audited).
#[utoipa::path(post, path = "/api/v1/target-lists", tag = "target lists", security(("bearer" = [])),
    request_body = NewTargetList,
    responses((status = 201, body = TargetListView), (status = 403, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    JsonBody(new): JsonBody<NewTargetList>,
) -> Result<HttpResponse, AppError> {
    let by = caller.clone();
    let row = state.db.run(move |c| target_lists::create(c, &by, new)).await?;
    let view = target_lists::written(&state, &caller, row).await?;
    let mut res = versioned(StatusCode::CREATED, &view, view.version);
    if let Ok(v) =
        actix_web::http::header::HeaderValue::from_str(&format!("/api/v1/target-lists/{}", view.id))
    {
        res.headers_mut().insert(actix_web::http::header::LOCATION, v);
    }
    Ok(res)
}

/// The office's saved lists, each with its count now.
#[utoipa::path(get, path = "/api/v1/target-lists", tag = "target lists", security(("bearer" = [])),
    responses((status = 200, body = TargetLists), (status = 403, body = super::problem::Problem)))]
pub async fn list(state: web::Data<AppState>, caller: OfficeStaff) -> Result<HttpResponse, AppError> {
    let items = target_lists::lists(&state, &caller).await?;
    Ok(HttpResponse::Ok().json(TargetLists { items }))
}

/// One list of the office, with its count now.
#[utoipa::path(get, path = "/api/v1/target-lists/{id}", tag = "target lists", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Target list id")),
    responses((status = 200, body = TargetListView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let view = target_lists::get(&state, &caller, id.into_inner()).await?;
    Ok(versioned(StatusCode::OK, &view, view.version))
}

/// Rename a list or change its criteria (`If-Match` with the `ETag` read).
#[utoipa::path(patch, path = "/api/v1/target-lists/{id}", tag = "target lists", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Target list id"), ("If-Match" = Option<String>, Header, description = "ETag of the version you read")),
    request_body = TargetListPatch,
    responses((status = 200, body = TargetListView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem),
        (status = 412, description = "Stale If-Match", body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(patch): JsonBody<TargetListPatch>,
) -> Result<HttpResponse, AppError> {
    let version = if_match(&req)?;
    let (by, id) = (caller.clone(), id.into_inner().to_string());
    let row = state
        .db
        .run(move |c| target_lists::update(c, &by, &id, version, patch))
        .await?;
    let view = target_lists::written(&state, &caller, row).await?;
    Ok(versioned(StatusCode::OK, &view, view.version))
}

/// Delete a list (the people are untouched).
#[utoipa::path(delete, path = "/api/v1/target-lists/{id}", tag = "target lists", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Target list id")),
    responses((status = 204, description = "Deleted"), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn delete(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner().to_string();
    state
        .db
        .run(move |c| target_lists::delete(c, &caller, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The people a list finds now, a page at a time (each an audited read).
#[utoipa::path(get, path = "/api/v1/target-lists/{id}/members", tag = "target lists", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Target list id"), MemberParams),
    responses((status = 200, body = ListResponse<MigrantView>), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem),
        (status = 422, body = super::problem::Problem)))]
pub async fn members(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
    Query(p): Query<MemberParams>,
) -> Result<HttpResponse, AppError> {
    let page = page_request(p.limit, p.cursor.as_deref())?;
    let list = target_lists::members(&state, &caller, id.into_inner(), page).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_count, _, _>(count),
        endpoint::<__path_create, _, _>(create),
        endpoint::<__path_list, _, _>(list),
        endpoint::<__path_get, _, _>(get),
        endpoint::<__path_update, _, _>(update),
        endpoint::<__path_delete, _, _>(delete),
        endpoint::<__path_members, _, _>(members),
    ]
}
