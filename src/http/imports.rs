//! `/imports`: office staff bring their existing spreadsheet in — upload,
//! column mapping, dry run, error report, import (`casefile::imports`
//! holds every rule).

use super::routes::{Endpoint, endpoint};
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::caller::OfficeStaff;
use super::json_body::JsonBody;
use super::query::Query;
use crate::casefile::imports::{self, ImportReport, ImportView, RunImport};
use crate::error::AppError;
use crate::import::row::MappingBody;
use crate::import::sheet::MAX_BYTES;
use crate::state::AppState;

/// The office's imports.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Imports {
    /// Newest first (the latest 100).
    pub items: Vec<ImportView>,
}

/// Upload parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UploadParams {
    /// The file's name, to recognise it later.
    pub file_name: Option<String>,
}

/// The body, up to the largest spreadsheet read (50 MB; 413 beyond).
pub async fn read_upload(mut payload: web::Payload) -> Result<Vec<u8>, AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| AppError::BadRequest(format!("the file did not arrive whole: {e}")))?;
        if bytes.len() + chunk.len() > MAX_BYTES {
            return Err(AppError::PayloadTooLarge(MAX_BYTES));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Upload a spreadsheet (the body is the file: CSV in UTF-8 or
/// Windows-1252, or XLSX; at most 50 MB and 100,000 rows). It is read at
/// once (422 if it cannot be) and kept until imported or discarded; the
/// answer has its columns and the mapping to start from.
#[utoipa::path(post, path = "/api/v1/imports", tag = "imports", security(("bearer" = [])),
    params(UploadParams),
    request_body(content = Vec<u8>, content_type = "text/csv", description = "The file (text/csv, or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)"),
    responses((status = 201, body = ImportView), (status = 403, body = super::problem::Problem), (status = 413, body = super::problem::Problem),
        (status = 422, body = super::problem::Problem)))]
pub async fn upload(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    Query(p): Query<UploadParams>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let bytes = read_upload(payload).await?;
    let name = p.file_name.unwrap_or_default();
    let row = state
        .db
        .run(move |c| imports::upload(c, &caller, &name, bytes))
        .await?;
    let view = ImportView::from_row(row)?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/imports/{}", view.id)))
        .json(view))
}

/// The office's imports, newest first.
#[utoipa::path(get, path = "/api/v1/imports", tag = "imports", security(("bearer" = [])),
    responses((status = 200, body = Imports), (status = 403, body = super::problem::Problem)))]
pub async fn list(state: web::Data<AppState>, caller: OfficeStaff) -> Result<HttpResponse, AppError> {
    let items = state.db.run(move |c| imports::of_office(c, &caller)).await?;
    Ok(HttpResponse::Ok().json(Imports { items }))
}

/// One import of the office, with its mapping and last report.
#[utoipa::path(get, path = "/api/v1/imports/{id}", tag = "imports", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Import id")),
    responses((status = 200, body = ImportView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner().to_string();
    let row = state.db.run(move |c| imports::load(c, &caller, &id)).await?;
    Ok(HttpResponse::Ok().json(ImportView::from_row(row)?))
}

/// Say which column fills which field (`{"family_name": "Nom", …}`;
/// `family_name`, `given_name` and `sex` are required). Kept as the
/// office's mapping for its next file.
#[utoipa::path(put, path = "/api/v1/imports/{id}/mapping", tag = "imports", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Import id")),
    request_body = MappingBody,
    responses((status = 200, body = ImportView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem),
        (status = 409, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn mapping(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
    JsonBody(mapping): JsonBody<MappingBody>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner().to_string();
    let row = state
        .db
        .run(move |c| imports::set_mapping(c, &caller, &id, mapping.into_mapping()))
        .await?;
    Ok(HttpResponse::Ok().json(ImportView::from_row(row)?))
}

/// Check every row and look for duplicates, creating nothing.
#[utoipa::path(post, path = "/api/v1/imports/{id}/dry-run", tag = "imports", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Import id")),
    responses((status = 200, body = ImportReport), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem),
        (status = 409, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn dry_run(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner().to_string();
    let report = state.db.run(move |c| imports::dry_run(c, &caller, &id)).await?;
    Ok(HttpResponse::Ok().json(report))
}

/// Import: `all_or_nothing` (any row with a problem: 422 naming each,
/// nothing created) or `row_by_row`. Rows imported before and rows that
/// look like someone already there are skipped and counted.
#[utoipa::path(post, path = "/api/v1/imports/{id}/run", tag = "imports", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Import id")),
    request_body = RunImport,
    responses((status = 200, body = ImportReport), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem),
        (status = 409, description = "Already imported or discarded", body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn run(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
    JsonBody(how): JsonBody<RunImport>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner().to_string();
    let report = state.db.run(move |c| imports::run(c, &caller, &id, how)).await?;
    Ok(HttpResponse::Ok().json(report))
}

/// The last report as CSV (`row,column,field,message`, in English).
#[utoipa::path(get, path = "/api/v1/imports/{id}/report", tag = "imports", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Import id")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem),
        (status = 409, description = "No dry run yet", body = super::problem::Problem)))]
pub async fn report(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner().to_string();
    let report = state
        .db
        .run(move |c| imports::stored_report(c, &caller, &id))
        .await?;
    let body = imports::report_csv(&report, str::to_string, imports::duplicate_in_english);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"import-report.csv\"",
        ))
        .body(body))
}

/// Give an import up: its file is deleted.
#[utoipa::path(delete, path = "/api/v1/imports/{id}", tag = "imports", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Import id")),
    responses((status = 204, description = "Discarded"), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem),
        (status = 409, body = super::problem::Problem)))]
pub async fn discard(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner().to_string();
    state.db.run(move |c| imports::discard(c, &caller, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_upload, _, _>(upload),
        endpoint::<__path_list, _, _>(list),
        endpoint::<__path_get, _, _>(get),
        endpoint::<__path_mapping, _, _>(mapping),
        endpoint::<__path_dry_run, _, _>(dry_run),
        endpoint::<__path_run, _, _>(run),
        endpoint::<__path_report, _, _>(report),
        endpoint::<__path_discard, _, _>(discard),
    ]
}
