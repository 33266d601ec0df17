//! Services, notes and follow-ups of a case; `/services/{id}`,
//! `/follow-ups/{id}/done` and the `/follow-ups` to-do list.

use super::routes::{Endpoint, endpoint};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::caller::OfficeStaff;
use super::idempotency::{self, created, done, json};
use super::json_body::{JsonBody, nullable};
use super::precondition::{if_match, versioned};
use super::query::Query;
use crate::casefile::case_records::{self as casefile, ServiceFields};
use crate::casefile::read;
use crate::casefile::views::{FollowUpView, NoteView, ServiceView};
use crate::error::AppError;
use crate::listing::ListResponse;
use crate::state::AppState;

/// A new service.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceInput {
    /// `service_type` code.
    pub service_type: String,
    /// `planned`, `delivered` or `cancelled`.
    pub status: String,
    /// Date (a delivered service's date is not in the future).
    pub date: NaiveDate,
    /// `office` (default) or a partner organisation id.
    pub provider: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

/// Changes to a service.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServicePatchInput {
    /// `service_type` code.
    pub service_type: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// Date.
    pub date: Option<NaiveDate>,
    /// Provider.
    pub provider: Option<String>,
    /// Notes (`null` clears).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
}

/// A new note.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    /// Text (1 to 10,000 characters).
    pub text: String,
}

/// A new follow-up.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpInput {
    /// Due date (may be in the future).
    pub due_on: NaiveDate,
    /// What to do.
    pub description: String,
}

/// To-do list parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct FollowUpListParams {
    /// Only follow-ups due before this date.
    pub due_before: Option<NaiveDate>,
    /// A user id, or `me`: follow-ups of the cases assigned to them.
    pub assigned_to: Option<String>,
    /// At most this many (default 50, at most 200).
    pub limit: Option<i64>,
}

/// Record a support service on a case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/services", tag = "services", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id"), ("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key return the first response")),
    request_body = ServiceInput,
    responses((status = 201, body = ServiceView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn add_service(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(i): JsonBody<ServiceInput>,
) -> Result<HttpResponse, AppError> {
    let c2 = caller.clone();
    let case_id = id.into_inner().to_string();
    let fields = ServiceFields {
        service_type: i.service_type,
        status: i.status,
        date: i.date,
        provider: i.provider.unwrap_or_else(|| "office".into()),
        notes: i.notes,
    };
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| {
            created(&ServiceView::from_row(casefile::add_service(
                c, &c2, &case_id, fields,
            )?)?)
        },
        async |id| json(&read::service(&state, &caller, id).await?),
    )
    .await
}

/// The services of a case.
#[utoipa::path(get, path = "/api/v1/cases/{id}/services", tag = "services", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id")),
    responses((status = 200, body = ListResponse<ServiceView>), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn services(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let items = read::services(&state, &caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ListResponse {
        items,
        next_cursor: None,
    }))
}

/// Change a service. Send `If-Match` with the `ETag` you read.
#[utoipa::path(patch, path = "/api/v1/services/{id}", tag = "services", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Service id"), ("If-Match" = Option<String>, Header, description = "ETag of the version you read")),
    request_body = ServicePatchInput,
    responses((status = 200, body = ServiceView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 412, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn update_service(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(p): JsonBody<ServicePatchInput>,
) -> Result<HttpResponse, AppError> {
    let version = if_match(&req)?;
    let id = id.into_inner().to_string();
    let row = state
        .db
        .run(move |c| {
            casefile::update_service(c, &caller, &id, version, |cur| ServiceFields {
                service_type: p.service_type.unwrap_or(cur.service_type),
                status: p.status.unwrap_or(cur.status),
                date: p.date.unwrap_or(cur.date),
                provider: p.provider.unwrap_or(cur.provider),
                notes: p.notes.unwrap_or(cur.notes),
            })
        })
        .await?;
    let view = ServiceView::from_row(row)?;
    Ok(versioned(StatusCode::OK, &view, view.version))
}

/// Add a note to a case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/notes", tag = "services", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id"), ("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key return the first response")),
    request_body = NoteInput,
    responses((status = 201, body = NoteView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn add_note(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(i): JsonBody<NoteInput>,
) -> Result<HttpResponse, AppError> {
    let c2 = caller.clone();
    let case_id = id.into_inner().to_string();
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| {
            created(&NoteView::from_row(casefile::add_note(
                c, &c2, &case_id, &i.text,
            )?)?)
        },
        async |id| json(&read::note(&state, &caller, id).await?),
    )
    .await
}

/// The notes of a case.
#[utoipa::path(get, path = "/api/v1/cases/{id}/notes", tag = "services", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id")),
    responses((status = 200, body = ListResponse<NoteView>), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn notes(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let items = read::notes(&state, &caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ListResponse {
        items,
        next_cursor: None,
    }))
}

/// Plan a follow-up on a case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/follow-ups", tag = "services", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id"), ("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key return the first response")),
    request_body = FollowUpInput,
    responses((status = 201, body = FollowUpView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn add_follow_up(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(i): JsonBody<FollowUpInput>,
) -> Result<HttpResponse, AppError> {
    let c2 = caller.clone();
    let case_id = id.into_inner().to_string();
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| {
            created(&FollowUpView::from_row(casefile::add_follow_up(
                c,
                &c2,
                &case_id,
                i.due_on,
                &i.description,
            )?)?)
        },
        async |id| json(&read::follow_up(&state, &caller, id).await?),
    )
    .await
}

/// The follow-ups of a case.
#[utoipa::path(get, path = "/api/v1/cases/{id}/follow-ups", tag = "services", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id")),
    responses((status = 200, body = ListResponse<FollowUpView>), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn follow_ups(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let items = read::follow_ups(&state, &caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ListResponse {
        items,
        next_cursor: None,
    }))
}

/// Mark a follow-up done.
#[utoipa::path(post, path = "/api/v1/follow-ups/{id}/done", tag = "services", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Follow-up id")),
    responses((status = 200, body = FollowUpView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 409, description = "Already done", body = super::problem::Problem)))]
pub async fn follow_up_done(
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
        move |c| done(&FollowUpView::from_row(casefile::follow_up_done(c, &c2, &id)?)?),
        async |id| json(&read::follow_up(&state, &caller, id).await?),
    )
    .await
}

/// Open follow-ups of the office's cases by due date: a caseworker's to-do
/// list with `assigned_to=me`.
#[utoipa::path(get, path = "/api/v1/follow-ups", tag = "services", security(("bearer" = [])),
    params(FollowUpListParams),
    responses((status = 200, body = ListResponse<FollowUpView>), (status = 403, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn to_do(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    Query(p): Query<FollowUpListParams>,
) -> Result<HttpResponse, AppError> {
    let limit = crate::listing::page_request(p.limit, None)?.limit;
    let assigned = read::assignee(p.assigned_to, &caller.user_id)?;
    let items = read::to_do(&state, &caller, p.due_before, assigned, limit).await?;
    Ok(HttpResponse::Ok().json(ListResponse {
        items,
        next_cursor: None,
    }))
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_add_service, _, _>(add_service),
        endpoint::<__path_services, _, _>(services),
        endpoint::<__path_update_service, _, _>(update_service),
        endpoint::<__path_add_note, _, _>(add_note),
        endpoint::<__path_notes, _, _>(notes),
        endpoint::<__path_add_follow_up, _, _>(add_follow_up),
        endpoint::<__path_follow_ups, _, _>(follow_ups),
        endpoint::<__path_follow_up_done, _, _>(follow_up_done),
        endpoint::<__path_to_do, _, _>(to_do),
    ]
}
