//! `/cases`: open, list, read, change, assign, close, reopen, transfer.

use super::routes::{Endpoint, endpoint};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;

use super::caller::{OfficeStaff, Supervisor};
use super::idempotency::{self, created, done, json};
use super::json_body::JsonBody;
use super::precondition::{if_match, versioned};
use super::query::Query;
use crate::casefile::cases::{self as casefile, NewCase};
use crate::casefile::migrants::today;
use crate::casefile::read;
use crate::casefile::read::CaseFilter;
use crate::casefile::views::CaseView;
use crate::error::AppError;
use crate::listing::{ListResponse, page_request};
use crate::state::AppState;

/// A new case.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseInput {
    /// A migrant of the caller's office.
    pub migrant_id: Uuid,
    /// `case_priority` code (default `normal`).
    pub priority: Option<String>,
    /// Summary.
    pub summary: Option<String>,
    /// Staff member in charge (supervisors; a caseworker's case is theirs).
    pub assigned_to: Option<Uuid>,
}

/// Changes to a case.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CasePatchInput {
    /// `case_priority` code.
    pub priority: Option<String>,
    /// Summary.
    pub summary: Option<String>,
}

/// Assignment.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignInput {
    /// A caseworker or supervisor of the case's office.
    pub user_id: Uuid,
}

/// Closure.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseInput {
    /// `closure_reason` code.
    pub reason: String,
}

/// Transfer.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferInput {
    /// The office that takes the case and its migrant.
    pub office_id: Uuid,
}

/// Filters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CaseListParams {
    /// `open` or `closed`.
    pub status: Option<String>,
    /// A user id, or `me`.
    pub assigned_to: Option<String>,
    /// `case_priority` code.
    pub priority: Option<String>,
    /// true: cases with a follow-up past due; false: without.
    pub overdue: Option<bool>,
    /// Only this migrant's cases.
    pub migrant_id: Option<Uuid>,
    /// Page size (default 50, at most 200).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

fn render(status: StatusCode, view: CaseView) -> Result<HttpResponse, AppError> {
    Ok(versioned(status, &view, view.version))
}

/// Open a case for a migrant of the caller's office.
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key return the first response")),
    request_body = CaseInput,
    responses((status = 201, body = CaseView), (status = 403, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
    JsonBody(input): JsonBody<CaseInput>,
) -> Result<HttpResponse, AppError> {
    let c2 = caller.clone();
    let new = NewCase {
        migrant_id: input.migrant_id.to_string(),
        priority: input.priority,
        summary: input.summary,
        assigned_to: input.assigned_to.map(|u| u.to_string()),
    };
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| created(&CaseView::from_row(casefile::open(c, &c2, new)?)?),
        async |id| json(&read::case(&state, &caller, id).await?),
    )
    .await
}

/// List the office's cases.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", security(("bearer" = [])),
    params(CaseListParams),
    responses((status = 200, body = ListResponse<CaseView>), (status = 403, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    Query(p): Query<CaseListParams>,
) -> Result<HttpResponse, AppError> {
    let page = page_request(p.limit, p.cursor.as_deref())?;
    let filter = CaseFilter {
        status: p.status,
        assigned_to: read::assignee(p.assigned_to, &caller.user_id)?,
        priority: p.priority,
        overdue_on: p.overdue.map(|o| (o, today())),
        migrant_id: p.migrant_id.map(|u| u.to_string()),
    };
    Ok(HttpResponse::Ok().json(read::case_list(&state, &caller, filter, page).await?))
}

/// Read a case.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let view = read::case(&state, &caller, id.into_inner()).await?;
    let version = view.version;
    Ok(versioned(StatusCode::OK, &view, version))
}

/// Change a case's priority or summary. Send `If-Match` with the `ETag` you read.
#[utoipa::path(patch, path = "/api/v1/cases/{id}", tag = "cases", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id"), ("If-Match" = Option<String>, Header, description = "ETag of the version you read")),
    request_body = CasePatchInput,
    responses((status = 200, body = CaseView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 412, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(input): JsonBody<CasePatchInput>,
) -> Result<HttpResponse, AppError> {
    let version = if_match(&req)?;
    let id = id.into_inner().to_string();
    let row = state
        .db
        .run(move |c| casefile::update(c, &caller, &id, version, input.priority, input.summary))
        .await?;
    render(StatusCode::OK, CaseView::from_row(row)?)
}

/// Assign a case to a caseworker or supervisor of its office (supervisors).
#[utoipa::path(post, path = "/api/v1/cases/{id}/assign", tag = "cases", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id")), request_body = AssignInput,
    responses((status = 200, body = CaseView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn assign(
    state: web::Data<AppState>,
    caller: Supervisor,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(input): JsonBody<AssignInput>,
) -> Result<HttpResponse, AppError> {
    let c2 = caller.clone();
    let id = id.into_inner().to_string();
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| {
            done(&CaseView::from_row(casefile::assign(
                c,
                &c2,
                &id,
                &input.user_id.to_string(),
            )?)?)
        },
        async |id| json(&read::case(&state, &caller, id).await?),
    )
    .await
}

/// Close an open case with a reason (supervisors; caseworkers their own cases).
#[utoipa::path(post, path = "/api/v1/cases/{id}/close", tag = "cases", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id")), request_body = CloseInput,
    responses((status = 200, body = CaseView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 409, description = "Already closed", body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn close(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(input): JsonBody<CloseInput>,
) -> Result<HttpResponse, AppError> {
    let c2 = caller.clone();
    let id = id.into_inner().to_string();
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| done(&CaseView::from_row(casefile::close(c, &c2, &id, &input.reason)?)?),
        async |id| json(&read::case(&state, &caller, id).await?),
    )
    .await
}

/// Reopen a closed case (supervisors; caseworkers their own cases).
#[utoipa::path(post, path = "/api/v1/cases/{id}/reopen", tag = "cases", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 409, description = "Not closed", body = super::problem::Problem)))]
pub async fn reopen(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let c2 = caller.clone();
    let id = id.into_inner().to_string();
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| done(&CaseView::from_row(casefile::reopen(c, &c2, &id)?)?),
        async |id| json(&read::case(&state, &caller, id).await?),
    )
    .await
}

/// Transfer a case and its migrant to another office (supervisors); the old
/// office loses access at once.
#[utoipa::path(post, path = "/api/v1/cases/{id}/transfer", tag = "cases", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id")), request_body = TransferInput,
    responses((status = 200, body = CaseView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 409, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn transfer(
    state: web::Data<AppState>,
    caller: Supervisor,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(input): JsonBody<TransferInput>,
) -> Result<HttpResponse, AppError> {
    let c2 = caller.clone();
    let id = id.into_inner().to_string();
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| {
            done(&CaseView::from_row(casefile::transfer(
                c,
                &c2,
                &id,
                &input.office_id.to_string(),
            )?)?)
        },
        async |id| json(&read::case(&state, &caller, id).await?),
    )
    .await
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_create, _, _>(create),
        endpoint::<__path_list, _, _>(list),
        endpoint::<__path_get, _, _>(get),
        endpoint::<__path_update, _, _>(update),
        endpoint::<__path_assign, _, _>(assign),
        endpoint::<__path_close, _, _>(close),
        endpoint::<__path_reopen, _, _>(reopen),
        endpoint::<__path_transfer, _, _>(transfer),
    ]
}
