//! Every read of reports (the JSON API, the CSV exports and the web pages
//! call these): who may see which office's figures, the period, and the
//! rendering of the protected figures as JSON or CSV rows.

use chrono::NaiveDate;
use serde_json::{Value, json};
use uuid::Uuid;

use super::calendar::{Month, Months};
use super::{Cells, Report, freeze};
use crate::auth::Role;
use crate::auth::capability::ReportReader;
use crate::db::DbConn;
use crate::domain::disclosure::{Cell, MAX_NOISE};
use crate::error::AppError;
use crate::state::AppState;
use crate::store;

/// What a reader asks for.
#[derive(Debug, Clone, Default)]
pub struct ReportRequest {
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
type Maker<'a> = &'a dyn Fn(Option<&str>) -> Report;

/// Which offices a report covers.
enum Scope {
    /// One office: (id, code).
    Office(String, String),
    /// The network and each office.
    Network(Vec<(String, String)>),
}

fn scope(c: &mut DbConn, caller: &ReportReader, asked: Option<Uuid>) -> Result<Scope, AppError> {
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

fn build(scope: &Scope, make: Maker<'_>) -> Parts {
    match scope {
        Scope::Office(id, code) => vec![(Some((id.clone(), code.clone())), make(Some(id)))],
        Scope::Network(offices) => {
            let mut out = vec![(None, make(None))];
            for (id, code) in offices {
                out.push((Some((id.clone(), code.clone())), make(Some(id))));
            }
            out
        }
    }
}

fn render_json(parts: Parts, months: &Months, k: i64) -> Value {
    let head = |v: &mut Value| {
        v["from"] = json!(months.first_day());
        v["to"] = json!(months.last_day());
        v["k"] = json!(k);
        v["months"] = json!(months.0.iter().map(Month::to_string).collect::<Vec<_>>());
        v["protection"] = json!({
            "method": "cell_key_perturbation",
            "max_noise": MAX_NOISE,
            "periods": "whole months that have ended, frozen when first reported",
            "cells": "office × month × category; every larger figure is the sum of those published cells",
        });
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

fn render_csv(
    parts: &[(OfficeKey, Report)],
    name: &str,
    months: &Months,
    label: Option<&super::Labels<'_>>,
) -> (String, String) {
    let network = parts.len() > 1;
    let mut body = String::from(if network { "scope," } else { "" });
    body.push_str(if label.is_some() {
        "dimension,key,label,count\n"
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
        body.push_str(&r.to_csv(&prefix, label));
    }
    let file = format!("{name}-{code}-{}-{}.csv", months.first_day(), months.last_day());
    (file, body)
}

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `/reports/summary`.
    Summary,
    /// `/reports/monthly`.
    Monthly,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Summary => "summary",
            Kind::Monthly => "monthly",
        }
    }
}

/// A report as its reader asked for it: the network and each office, or one
/// office, every figure protected.
pub struct ReportSet {
    kind: Kind,
    parts: Parts,
    months: Months,
    k: i64,
}

impl ReportSet {
    /// The JSON document of `/reports/summary` or `/reports/monthly`.
    pub fn to_json(self) -> Value {
        render_json(self.parts, &self.months, self.k)
    }

    /// Each part: the office's code (None for the network) and its figures.
    pub fn parts(&self) -> impl Iterator<Item = (Option<&str>, &Report)> {
        self.parts
            .iter()
            .map(|(office, r)| (office.as_ref().map(|(id, _)| id.as_str()), r))
    }

    /// The smallest count published.
    pub fn k(&self) -> i64 {
        self.k
    }

    /// The period's first and last day (whole months).
    pub fn period(&self) -> (NaiveDate, NaiveDate) {
        (self.months.first_day(), self.months.last_day())
    }

    /// The CSV form: (file name, body).
    pub fn to_csv(&self) -> (String, String) {
        render_csv(&self.parts, self.kind.name(), &self.months, None)
    }

    /// The table for people, for a workbook: (file name without its
    /// extension, header, lines), each line `[scope,] dimension, key,
    /// label, count`.
    pub fn to_labelled_table(&self, label: &super::Labels<'_>) -> (String, Vec<String>, Vec<Vec<String>>) {
        let network = self.parts.len() > 1;
        let mut header: Vec<String> = Vec::new();
        if network {
            header.push("scope".into());
        }
        header.extend(["dimension", "key", "label", "count"].map(String::from));
        let mut code = String::from("network");
        let mut lines = Vec::new();
        for (office, r) in &self.parts {
            let scope = match office {
                None => "network".to_string(),
                Some((_, c)) => c.clone(),
            };
            if !network {
                code = scope.clone();
            }
            for mut l in r.lines(Some(label)) {
                if network {
                    l.insert(0, scope.clone());
                }
                lines.push(l);
            }
        }
        let file = format!(
            "{}-{code}-{}-{}",
            self.kind.name(),
            self.months.first_day(),
            self.months.last_day()
        );
        (file, header, lines)
    }

    /// The CSV form for people: a `label` column beside the stable key,
    /// `label(dimension, key)` in their language.
    pub fn to_labelled_csv(&self, label: &super::Labels<'_>) -> (String, String) {
        render_csv(&self.parts, self.kind.name(), &self.months, Some(label))
    }
}

/// A report for `caller`: the scope check (a manager bound to no office sees
/// the network and may choose any office; others only their own office;
/// anything else is 404), the period (whole months that have ended), then
/// the figures, cut from the frozen months and perturbed.
pub async fn report(
    app: &AppState,
    caller: &ReportReader,
    request: ReportRequest,
    kind: Kind,
) -> Result<ReportSet, AppError> {
    let months = Months::covering(request.from, request.to, chrono::Utc::now().date_naive())?;
    let k = app.settings.report_min_cell;
    let days = app.settings.referral_completion_days;
    let by = caller.clone();
    let all = months.clone();
    let parts = app
        .db
        .run(move |c| {
            let scope = scope(c, &by, request.office_id)?;
            let only = match &scope {
                Scope::Office(id, _) => Some(id.clone()),
                Scope::Network(_) => None,
            };
            freeze::ensure(c, &all.0)?;
            let counts = freeze::load(c, &all.0, only.as_deref())?;
            Ok(match kind {
                Kind::Monthly => build(&scope, &|o| super::monthly(&counts, o, &all.0, k)),
                Kind::Summary => {
                    let names = store::report::organization_names(c)?;
                    let overdue = store::referral::overdue_tallies(c, crate::db::now(), days)?;
                    let last = all.0.last().copied().map(|m| vec![m]).unwrap_or_default();
                    build(&scope, &|o| {
                        let mut cells = Cells::of_scope(&counts, o, &all.0);
                        for (office, count, key_sum) in &overdue {
                            if o.is_none_or(|x| x == office) {
                                cells.add(
                                    "referrals",
                                    "overdue",
                                    Cell {
                                        count: *count,
                                        key_sum: *key_sum,
                                    },
                                );
                            }
                        }
                        super::summary(&cells, &Cells::of_scope(&counts, o, &last), &names, k)
                    })
                }
            })
        })
        .await?;
    Ok(ReportSet {
        kind,
        parts,
        months,
        k,
    })
}
