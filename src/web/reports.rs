//! `/reports`: the summary and the monthly series for managers and
//! supervisors — period and office choice, SVG charts with the same numbers
//! in tables, suppressed cells shown as "fewer than k", CSV downloads —
//! through `report::read`, the same scope check and protection as the API.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::chart::{self, Chart};
use super::i18n::Tr;
use super::labels::label;
use super::locale::Formats;
use super::page::{Chrome, PageError, render};
use super::session::Signed;
use crate::auth::capability::*;
use crate::domain::reference::{AGE_BAND, LEGAL_STATUS, REFERRAL_STATUS, SERVICE_TYPE, SEX, VULNERABILITY};
use crate::report::read::{self, Kind, ReportRequest};
use crate::state::AppState;

/// The period and office asked for.
#[derive(Debug, Clone, Deserialize)]
pub struct ReportQuery {
    /// First day.
    pub from: Option<NaiveDate>,
    /// Last day.
    pub to: Option<NaiveDate>,
    /// One office.
    #[serde(default, deserialize_with = "blank_is_none")]
    pub office_id: Option<Uuid>,
}

/// A form's empty choice ("the whole network") is no office.
fn blank_is_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Uuid>, D::Error> {
    let v: Option<String> = Option::deserialize(d)?;
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => Uuid::parse_str(s).map(Some).map_err(serde::de::Error::custom),
    }
}

impl From<ReportQuery> for ReportRequest {
    fn from(q: ReportQuery) -> Self {
        Self {
            from: q.from,
            to: q.to,
            office_id: q.office_id,
        }
    }
}

/// One table of figures (a dimension).
pub struct Table {
    /// Its title.
    pub title: String,
    /// (label, shown figure).
    pub rows: Vec<(String, String)>,
}

/// A part of the report: the network, or an office.
pub struct Part {
    /// `network`, or the office's code.
    pub name: String,
    /// The charts.
    pub charts: Vec<Chart>,
    /// Every figure, as tables.
    pub tables: Vec<Table>,
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    chrome: Chrome,
    from: NaiveDate,
    to: NaiveDate,
    k: i64,
    parts: Vec<Part>,
    query: String,
    /// The offices a network manager may narrow the report to.
    offices: Vec<(String, String)>,
    office_id: String,
}

/// What people read for a figure's (dimension, key): the code list's label,
/// the country's name, the month in the language's words, or the key itself
/// when it is already a name (an organisation).
pub fn key_label(dimension: &str, key: &str, t: Tr, fmt: &Formats) -> String {
    if key == "total" {
        return t.get("report-total");
    }
    if let Some(list) = list_for(dimension) {
        return label(list, key, t.lang);
    }
    if dimension.ends_with("by_nationality") {
        return if key == "unknown" {
            t.get("choice-unknown")
        } else {
            super::display_names::country(key, t.lang)
        };
    }
    if let Some(month) = key
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u32>().ok()?)))
        .filter(|(_, m)| (1..=12).contains(m))
    {
        return fmt.month(month.0, month.1);
    }
    match (dimension, key) {
        ("cases" | "referrals", _) | (_, "value") => t.get(&format!(
            "report-key-{}",
            if key == "value" { dimension } else { key }.replace('_', "-")
        )),
        _ => key.to_string(),
    }
}

fn list_for(dimension: &str) -> Option<&'static crate::domain::reference::CodeList> {
    Some(match dimension {
        "migrants_registered.by_sex" => &SEX,
        "migrants_registered.by_age_band" => &AGE_BAND,
        "migrants_registered.by_legal_status" => &LEGAL_STATUS,
        "migrants_registered.by_vulnerability" => &VULNERABILITY,
        "services_delivered.by_type" | "services_distributed.by_type" => &SERVICE_TYPE,
        "referrals.by_status" => &REFERRAL_STATUS,
        _ => return None,
    })
}

/// `GET /reports`.
pub async fn reports(
    state: web::Data<AppState>,
    signed: Signed,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, PageError> {
    let reader: ReportReader = signed.grant(&state).await?;
    let q = query.into_inner();
    let summary = read::report(&state, &reader, q.clone().into(), Kind::Summary)
        .await
        .map_err(signed.fail())?;
    let monthly = read::report(&state, &reader, q.clone().into(), Kind::Monthly)
        .await
        .map_err(signed.fail())?;
    let t = signed.chrome.t;
    let fmt = signed.chrome.fmt.clone();
    let k = summary.k();
    let fewer = t.count("report-fewer-than", "k", k);
    let (from, to) = summary.period();
    let period = format!("{} – {}", fmt.date(from), fmt.date(to));
    let mut parts = Vec::new();
    let offices = super::offices::choices(&state, &signed).await?;
    for ((office, report), (_, series)) in summary.parts().zip(monthly.parts()) {
        let name = office.map_or_else(
            || t.get("report-network"),
            |id| {
                offices
                    .iter()
                    .find(|(o, _)| o == id)
                    .map_or_else(|| id.to_string(), |(_, name)| name.clone())
            },
        );
        let mut charts = Vec::new();
        let mut tables = Vec::new();
        let mut dimensions: Vec<&str> = report.rows.iter().map(|r| r.dimension.as_str()).collect();
        dimensions.dedup();
        for d in dimensions {
            let rows: Vec<(String, Option<i64>)> = report
                .rows
                .iter()
                .filter(|r| r.dimension == d)
                .map(|r| (key_label(d, &r.key, t, &fmt), r.count))
                .collect();
            let title = t.get(&format!("report-{}", d.replace(['.', '_'], "-")));
            if matches!(
                d,
                "services_delivered.by_type" | "services_distributed.by_type" | "referrals.by_status"
            ) {
                let cells: Vec<(String, Option<i64>)> = rows
                    .iter()
                    .filter(|(l, _)| l != &t.get("report-total"))
                    .cloned()
                    .collect();
                let id = format!("chart-{}-{}", parts.len(), charts.len());
                let desc = t.with("report-chart-desc", "period", &period);
                charts.push(chart::bars(&id, title.clone(), desc, &cells, k, &fewer, &fmt));
            }
            tables.push(Table {
                title,
                rows: rows
                    .into_iter()
                    .map(|(l, c)| (l, c.map_or_else(|| fewer.clone(), |n| fmt.number(n))))
                    .collect(),
            });
        }
        let months: Vec<(String, Option<i64>)> = series
            .rows
            .iter()
            .filter(|r| r.dimension == "services_delivered" && r.key != "total")
            .map(|r| (key_label(&r.dimension, &r.key, t, &fmt), r.count))
            .collect();
        if !months.is_empty() {
            let id = format!("chart-{}-{}", parts.len(), charts.len());
            let desc = t.with("report-monthly-desc", "period", &period);
            charts.push(chart::bars(
                &id,
                t.get("report-monthly-services"),
                desc,
                &months,
                k,
                &fewer,
                &fmt,
            ));
        }
        parts.push(Part { name, charts, tables });
    }
    let query = serde_urlencoded::to_string([
        ("from", Some(from.to_string())),
        ("to", Some(to.to_string())),
        ("office_id", q.office_id.map(|o| o.to_string())),
    ])
    .unwrap_or_default();
    let offices = if signed.caller.office_id.is_none() {
        offices
    } else {
        Vec::new()
    };
    Ok(render(
        StatusCode::OK,
        &ReportsPage {
            chrome: signed.chrome,
            from,
            to,
            k,
            parts,
            query,
            offices,
            office_id: q.office_id.map(|o| o.to_string()).unwrap_or_default(),
        },
    ))
}

async fn csv(
    state: &AppState,
    signed: &Signed,
    q: ReportQuery,
    kind: Kind,
) -> Result<HttpResponse, PageError> {
    let reader: ReportReader = signed.grant(state).await?;
    let set = read::report(state, &reader, q.into(), kind)
        .await
        .map_err(signed.fail())?;
    let t = signed.chrome.t;
    let fmt = &signed.chrome.fmt;
    let (file, body) = set.to_labelled_csv(&|dimension, key| key_label(dimension, key, t, fmt));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

async fn xlsx(
    state: &AppState,
    signed: &Signed,
    q: ReportQuery,
    kind: Kind,
) -> Result<HttpResponse, PageError> {
    let reader: ReportReader = signed.grant(state).await?;
    let set = read::report(state, &reader, q.into(), kind)
        .await
        .map_err(signed.fail())?;
    let t = signed.chrome.t;
    let fmt = &signed.chrome.fmt;
    let (file, header, lines) = set.to_labelled_table(&|dimension, key| key_label(dimension, key, t, fmt));
    let count = header.len() - 1;
    let body = crate::workbook::xlsx(&file, &header, &lines, &[count]).map_err(signed.fail())?;
    Ok(HttpResponse::Ok()
        .content_type(crate::workbook::CONTENT_TYPE)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}.xlsx\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

/// `GET /reports/summary.xlsx`.
pub async fn summary_xlsx(
    state: web::Data<AppState>,
    signed: Signed,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, PageError> {
    xlsx(&state, &signed, query.into_inner(), Kind::Summary).await
}

/// `GET /reports/monthly.xlsx`.
pub async fn monthly_xlsx(
    state: web::Data<AppState>,
    signed: Signed,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, PageError> {
    xlsx(&state, &signed, query.into_inner(), Kind::Monthly).await
}

/// `GET /reports/summary.csv`.
pub async fn summary_csv(
    state: web::Data<AppState>,
    signed: Signed,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, PageError> {
    csv(&state, &signed, query.into_inner(), Kind::Summary).await
}

/// `GET /reports/monthly.csv`.
pub async fn monthly_csv(
    state: web::Data<AppState>,
    signed: Signed,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, PageError> {
    csv(&state, &signed, query.into_inner(), Kind::Monthly).await
}
