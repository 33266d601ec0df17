//! `/reports`: office-level aggregates for managers and supervisors, never a
//! person; every figure small-cell protected. A manager bound to no office
//! sees the network and each office side by side.

use super::routes::{Endpoint, endpoint};
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use chrono::{Datelike, Duration, NaiveDate};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::caller::ReportReader;
use super::query::Query;
use crate::auth::{Caller, Role};
use crate::db::DbConn;
use crate::error::AppError;
use crate::report::{self, Report};
use crate::state::AppState;
use crate::store;
use crate::store::report::Period;

/// Report parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReportParams {
    /// First day (default: 1 January of this year).
    pub from: Option<NaiveDate>,
    /// Last day, inclusive (default: today).
    pub to: Option<NaiveDate>,
    /// One office (a network manager may choose any; others only their own).
    pub office_id: Option<Uuid>,
}

/// One office (id, code), or None for the whole network.
type OfficeKey = Option<(String, String)>;
/// The reports of a scope: the network first when it is one.
type Parts = Vec<(OfficeKey, Report)>;
/// Builds one report for an office or the network.
type Maker<'a> = &'a dyn Fn(&mut DbConn, Option<&str>) -> Result<Report, AppError>;

/// Which offices a report covers.
enum Scope {
    /// One office: (id, code).
    Office(String, String),
    /// The network and each office.
    Network(Vec<(String, String)>),
}

fn period(p: &ReportParams) -> Result<Period, AppError> {
    let today = chrono::Utc::now().date_naive();
    let from = p
        .from
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today));
    let to = p.to.unwrap_or(today);
    if to < from {
        return Err(AppError::field("to", "must not be before from"));
    }
    if (to - from).num_days() > 3660 {
        return Err(AppError::field("from", "the period may span ten years at most"));
    }
    let start = from
        .and_hms_opt(0, 0, 0)
        .ok_or_else(|| AppError::field("from", "is not a valid date"))?;
    let end = (to + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .ok_or_else(|| AppError::field("to", "is not a valid date"))?;
    Ok(Period { from: start, to: end })
}

fn scope(c: &mut DbConn, caller: &Caller, asked: Option<Uuid>) -> Result<Scope, AppError> {
    let office = |c: &mut DbConn, id: &str| -> Result<Scope, AppError> {
        let o = store::office::find(c, id)?.ok_or(AppError::NotFound)?;
        Ok(Scope::Office(o.id, o.code))
    };
    match (
        caller.role,
        caller.office_id.as_deref(),
        asked.map(|u| u.to_string()),
    ) {
        (Role::Manager, None, None) => {
            let page = store::page::PageRequest {
                after: None,
                limit: 10_000,
            };
            let offices = store::office::list(c, &page)?
                .items
                .into_iter()
                .map(|o| (o.id, o.code))
                .collect();
            Ok(Scope::Network(offices))
        }
        (Role::Manager, None, Some(id)) => office(c, &id),
        (_, Some(own), None) => office(c, own),
        (_, Some(own), Some(id)) if id == own => office(c, own),
        _ => Err(AppError::NotFound),
    }
}

fn build(c: &mut DbConn, scope: &Scope, make: Maker<'_>) -> Result<Parts, AppError> {
    Ok(match scope {
        Scope::Office(id, code) => vec![(Some((id.clone(), code.clone())), make(c, Some(id))?)],
        Scope::Network(offices) => {
            let mut out = vec![(None, make(c, None)?)];
            for (id, code) in offices {
                out.push((Some((id.clone(), code.clone())), make(c, Some(id))?));
            }
            out
        }
    })
}

fn render_json(parts: Parts, p: Period, k: i64) -> Value {
    let head = |v: &mut Value| {
        v["from"] = json!(p.from.date());
        v["to"] = json!((p.to - Duration::days(1)).date());
        v["k"] = json!(k);
    };
    if parts.len() == 1 {
        let (office, r) = &parts[0];
        let mut v = r.to_json();
        head(&mut v);
        if let Some((id, code)) = office {
            v["office_id"] = json!(id);
            v["office_code"] = json!(code);
        }
        return v;
    }
    let mut network = Value::Null;
    let mut offices = Vec::new();
    for (office, r) in parts {
        let mut v = r.to_json();
        match office {
            None => network = v,
            Some((id, code)) => {
                v["office_id"] = json!(id);
                v["office_code"] = json!(code);
                offices.push(v);
            }
        }
    }
    let mut v = json!({"network": network, "offices": offices});
    head(&mut v);
    v
}

fn render_csv(parts: &[(OfficeKey, Report)], name: &str, p: Period) -> HttpResponse {
    let network = parts.len() > 1;
    let mut body = String::from(if network {
        "scope,dimension,key,count\n"
    } else {
        "dimension,key,count\n"
    });
    let mut code = String::from("network");
    for (office, r) in parts {
        let prefix = match (network, office) {
            (false, _) => String::new(),
            (true, None) => "network,".to_string(),
            (true, Some((_, c))) => format!("{c},"),
        };
        if let (false, Some((_, c))) = (network, office) {
            code = c.clone();
        }
        body.push_str(&r.to_csv(&prefix));
    }
    let file = format!(
        "{name}-{code}-{}-{}.csv",
        p.from.date(),
        (p.to - Duration::days(1)).date()
    );
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .body(body)
}

async fn run(
    state: &AppState,
    caller: Caller,
    params: ReportParams,
    monthly: bool,
) -> Result<(Parts, Period, i64), AppError> {
    let p = period(&params)?;
    let k = state.settings.report_min_cell;
    let days = state.settings.referral_completion_days;
    let db = state.db.clone();
    let parts = state
        .db
        .run(move |c| {
            let scope = scope(c, &caller, params.office_id)?;
            if monthly {
                build(c, &scope, &|c, o| report::monthly(c, o, p, k))
            } else {
                // One pass over each table for the whole scope; every
                // office's part is then cut from the same tallies.
                let only = match &scope {
                    Scope::Office(id, _) => Some(id.clone()),
                    Scope::Network(_) => None,
                };
                let tallies = report::Tallies::load(&db, c, only.as_deref(), p, days)?;
                build(c, &scope, &|_, o| Ok(report::summary(&tallies, o, p, k)))
            }
        })
        .await?;
    Ok((parts, p, k))
}

/// The office summary: migrants registered (by sex, age band, nationality,
/// legal status, vulnerability), cases, services delivered (by type and
/// provider), referrals (by status and organisation), partners' median
/// response time, overdue referrals. Counts from 1 to k−1, and any count that
/// could be derived from the others, are `null` and listed in `suppressed`.
#[utoipa::path(get, path = "/api/v1/reports/summary", tag = "reports", security(("bearer" = [])),
    params(ReportParams),
    responses((status = 200, description = "Protected aggregates", body = serde_json::Value), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn summary(
    state: web::Data<AppState>,
    caller: ReportReader,
    Query(p): Query<ReportParams>,
) -> Result<HttpResponse, AppError> {
    let (parts, period, k) = run(&state, caller.into_inner(), p, false).await?;
    Ok(HttpResponse::Ok().json(render_json(parts, period, k)))
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
    let (parts, period, _) = run(&state, caller.into_inner(), p, false).await?;
    Ok(render_csv(&parts, "summary", period))
}

/// Monthly series of the main counts, for charts.
#[utoipa::path(get, path = "/api/v1/reports/monthly", tag = "reports", security(("bearer" = [])),
    params(ReportParams),
    responses((status = 200, description = "Protected monthly counts", body = serde_json::Value), (status = 403, body = super::problem::Problem)))]
pub async fn monthly(
    state: web::Data<AppState>,
    caller: ReportReader,
    Query(p): Query<ReportParams>,
) -> Result<HttpResponse, AppError> {
    let (parts, period, k) = run(&state, caller.into_inner(), p, true).await?;
    Ok(HttpResponse::Ok().json(render_json(parts, period, k)))
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
    let (parts, period, _) = run(&state, caller.into_inner(), p, true).await?;
    Ok(render_csv(&parts, "monthly", period))
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
