//! `/reports`: office-level aggregates for managers and supervisors, never a
//! person; every figure small-cell protected. A manager bound to no office
//! sees the network and each office side by side.

use super::routes::{Endpoint, endpoint};
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::caller::ReportReader;
use super::query::Query;
use crate::error::AppError;
use crate::report::read::{self, Kind, ReportRequest, ReportSet};
use crate::state::AppState;

/// Report parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReportParams {
    /// A day of the first month (default: January of last month's year).
    /// Reports cover whole months that have ended.
    pub from: Option<NaiveDate>,
    /// A day of the last month, inclusive (default: last month; the current
    /// month is never included).
    pub to: Option<NaiveDate>,
    /// One office (a network manager may choose any; others only their own).
    pub office_id: Option<Uuid>,
}

impl From<ReportParams> for ReportRequest {
    fn from(p: ReportParams) -> Self {
        Self {
            from: p.from,
            to: p.to,
            office_id: p.office_id,
        }
    }
}

fn csv(set: ReportSet) -> Result<HttpResponse, AppError> {
    let (file, body) = set.to_csv();
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .body(body))
}

/// The office summary: migrants registered (by sex, age band, nationality,
/// legal status, vulnerability), cases, services delivered (by type and
/// provider), referrals (by status and organisation), partners' median
/// response time, overdue referrals — over whole months that have ended,
/// frozen when first reported. Only the finest cells (one office, one month,
/// one category) are perturbed by their cell key (0 stays 0, 1…k−1 reads 0
/// or k, larger counts move by at most 2); every figure over several months
/// or offices, and every total, is the sum of those published cells, so no
/// set of reports reveals more than the finest cells; `methods` says how each figure was
/// protected, `suppressed` lists figures not published (docs/privacy.md).
#[utoipa::path(get, path = "/api/v1/reports/summary", tag = "reports", security(("bearer" = [])),
    params(ReportParams),
    responses((status = 200, description = "Perturbed aggregates of whole ended months", body = serde_json::Value), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn summary(
    state: web::Data<AppState>,
    caller: ReportReader,
    Query(p): Query<ReportParams>,
) -> Result<HttpResponse, AppError> {
    let set = read::report(&state, &caller, p.into(), Kind::Summary).await?;
    Ok(HttpResponse::Ok().json(set.to_json()))
}

/// The summary as CSV rows `dimension,key,count` (empty count when suppressed).
#[utoipa::path(get, path = "/api/v1/reports/summary.csv", tag = "reports", security(("bearer" = [])),
    params(ReportParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = super::problem::Problem)))]
pub async fn summary_csv(
    state: web::Data<AppState>,
    caller: ReportReader,
    Query(p): Query<ReportParams>,
) -> Result<HttpResponse, AppError> {
    csv(read::report(&state, &caller, p.into(), Kind::Summary).await?)
}

/// Monthly series of the main counts, for charts: each month's figure
/// perturbed as in the summary, `total` their sum.
#[utoipa::path(get, path = "/api/v1/reports/monthly", tag = "reports", security(("bearer" = [])),
    params(ReportParams),
    responses((status = 200, description = "Perturbed monthly counts of ended months", body = serde_json::Value), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn monthly(
    state: web::Data<AppState>,
    caller: ReportReader,
    Query(p): Query<ReportParams>,
) -> Result<HttpResponse, AppError> {
    let set = read::report(&state, &caller, p.into(), Kind::Monthly).await?;
    Ok(HttpResponse::Ok().json(set.to_json()))
}

/// The monthly series as CSV rows `dimension,key,count`.
#[utoipa::path(get, path = "/api/v1/reports/monthly.csv", tag = "reports", security(("bearer" = [])),
    params(ReportParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = super::problem::Problem)))]
pub async fn monthly_csv(
    state: web::Data<AppState>,
    caller: ReportReader,
    Query(p): Query<ReportParams>,
) -> Result<HttpResponse, AppError> {
    csv(read::report(&state, &caller, p.into(), Kind::Monthly).await?)
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_summary, _, _>(summary),
        endpoint::<__path_summary_csv, _, _>(summary_csv),
        endpoint::<__path_monthly, _, _>(monthly),
        endpoint::<__path_monthly_csv, _, _>(monthly_csv),
    ]
}
