//! Reports for city managers and supervisors: aggregates only, every figure
//! small-cell protected (`domain::disclosure`). A report is a list of rows
//! `(dimension, key, count)`; JSON and CSV are two renderings of it.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use serde_json::{Map, Value, json};

use crate::db::DbConn;
use crate::domain::disclosure::{Protected, protect, protect_count};
use crate::domain::migrant::age_band;
use crate::domain::reference::{AGE_BAND, LEGAL_STATUS, REFERRAL_STATUS, SEX};
use crate::error::AppError;
use crate::store::report::{self as q, Figure, MigrantTally, Period};

pub mod read;
pub mod tally;

pub use tally::Tallies;

/// One published figure; `count` None when suppressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// e.g. `migrants_registered.by_sex`.
    pub dimension: String,
    /// e.g. `female`, or `total`.
    pub key: String,
    /// The count, or None when suppressed.
    pub count: Option<i64>,
}

/// A protected report.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every figure.
    pub rows: Vec<Row>,
    /// Figures that are not counts (a median), None when suppressed.
    pub measures: Vec<(String, Option<f64>)>,
}

impl Report {
    fn push(&mut self, dimension: &str, p: Protected) {
        for (key, count) in p.cells {
            self.rows.push(Row {
                dimension: dimension.to_string(),
                key,
                count,
            });
        }
        if p.total.is_some() || p.total_suppressed {
            self.rows.push(Row {
                dimension: dimension.to_string(),
                key: "total".into(),
                count: p.total,
            });
        }
    }

    fn single(&mut self, dimension: &str, key: &str, n: i64, k: i64) {
        self.rows.push(Row {
            dimension: dimension.to_string(),
            key: key.to_string(),
            count: protect_count(n, k),
        });
    }

    /// `dimension.key` of every suppressed figure.
    pub fn suppressed(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .rows
            .iter()
            .filter(|r| r.count.is_none())
            .map(|r| format!("{}.{}", r.dimension, r.key))
            .collect();
        out.extend(
            self.measures
                .iter()
                .filter(|(_, v)| v.is_none())
                .map(|(k, _)| k.clone()),
        );
        out
    }

    /// The JSON rendering: `{dimension: {key: count|null}}` plus `suppressed`.
    pub fn to_json(&self) -> Value {
        let mut root = Value::Object(Map::new());
        for r in &self.rows {
            let mut node = &mut root;
            for part in r.dimension.split('.') {
                if node.get(part).is_none() {
                    node[part] = Value::Object(Map::new());
                }
                node = &mut node[part];
            }
            node[r.key.as_str()] = r.count.map_or(Value::Null, |n| json!(n));
        }
        let Value::Object(mut root) = root else {
            return Value::Null;
        };
        for (k, v) in &self.measures {
            root.insert(k.clone(), v.map_or(Value::Null, |x| json!(x)));
        }
        root.insert("suppressed".into(), json!(self.suppressed()));
        Value::Object(root)
    }

    /// The CSV rendering: `dimension,key,count` (empty count when suppressed).
    pub fn to_csv(&self, prefix: &str) -> String {
        let mut out = String::new();
        for r in &self.rows {
            out.push_str(&format!(
                "{}{},{},{}\n",
                prefix,
                csv_field(&r.dimension),
                csv_field(&r.key),
                r.count.map(|n| n.to_string()).unwrap_or_default()
            ));
        }
        for (k, v) in &self.measures {
            out.push_str(&format!(
                "{prefix}{},value,{}\n",
                csv_field(k),
                v.map(|x| x.to_string()).unwrap_or_default()
            ));
        }
        out
    }
}

fn csv_field(s: &str) -> String {
    // Neutralise spreadsheet formulas and quote when needed.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn with_codes(codes: &[&str], found: Vec<(Option<String>, i64)>) -> Vec<(String, i64)> {
    let mut map: BTreeMap<String, i64> = codes.iter().map(|c| (c.to_string(), 0)).collect();
    for (k, n) in found {
        *map.entry(k.unwrap_or_else(|| "unknown".into())).or_insert(0) += n;
    }
    let mut out: Vec<(String, i64)> = codes
        .iter()
        .map(|c| (c.to_string(), map.remove(*c).unwrap_or(0)))
        .collect();
    out.extend(map);
    out
}

fn named(found: Vec<(String, i64)>, names: &[(String, String)]) -> Vec<(String, i64)> {
    let mut map: BTreeMap<String, i64> = BTreeMap::new();
    for (id, n) in found {
        let name = if id == "office" {
            "office".to_string()
        } else {
            names
                .iter()
                .find(|(i, _)| *i == id)
                .map_or("other organisation".into(), |(_, n)| n.clone())
        };
        *map.entry(name).or_insert(0) += n;
    }
    map.into_iter().collect()
}

/// The summary of an office (or the network with `office` None), cut from
/// tallies that cover it.
pub fn summary(t: &Tallies, office: Option<&str>, p: Period, k: i64) -> Report {
    let ours = |o: &str| office.is_none_or(|x| x == o);
    let mut r = Report::default();
    let codes = |l: &crate::domain::reference::CodeList| l.codes.iter().map(|c| c.code).collect::<Vec<_>>();
    let migrants: Vec<&MigrantTally> = t.migrants.iter().filter(|m| ours(&m.office_id)).collect();
    let tally = |key: &dyn Fn(&MigrantTally) -> Option<String>| -> Vec<(Option<String>, i64)> {
        let mut map: BTreeMap<Option<String>, i64> = BTreeMap::new();
        for m in &migrants {
            *map.entry(key(m)).or_insert(0) += m.n;
        }
        map.into_iter().collect()
    };
    // Migrants registered.
    let by_sex = with_codes(&codes(&SEX), tally(&|m| Some(m.sex.clone())));
    let total: i64 = by_sex.iter().map(|(_, n)| n).sum();
    r.push(
        "migrants_registered.by_sex",
        protect(&by_sex, Some(total), true, k),
    );
    let end = p.to.date();
    let mut bands: BTreeMap<&str, i64> = BTreeMap::new();
    for m in &migrants {
        *bands.entry(age_band(None, m.birth_year, end)).or_insert(0) += m.n;
    }
    let by_age: Vec<(String, i64)> = codes(&AGE_BAND)
        .iter()
        .map(|b| (b.to_string(), bands.get(b).copied().unwrap_or(0)))
        .collect();
    r.push(
        "migrants_registered.by_age_band",
        protect(&by_age, Some(total), true, k),
    );
    let by_nat = with_codes(&[], tally(&|m| m.nationality.clone()));
    r.push(
        "migrants_registered.by_nationality",
        protect(&by_nat, Some(total), true, k),
    );
    let by_legal = with_codes(&codes(&LEGAL_STATUS), tally(&|m| Some(m.legal_status.clone())));
    r.push(
        "migrants_registered.by_legal_status",
        protect(&by_legal, Some(total), true, k),
    );
    let mut vuln: BTreeMap<String, i64> = BTreeMap::new();
    for m in &migrants {
        let list = m.vulnerabilities.items();
        for v in list {
            *vuln.entry(v.clone()).or_insert(0) += m.n;
        }
    }
    // A person may have several vulnerabilities: not additive, no total.
    r.push(
        "migrants_registered.by_vulnerability",
        protect(&vuln.into_iter().collect::<Vec<_>>(), None, false, k),
    );
    // Cases.
    let (mut opened, mut closed, mut open_at_end) = (0, 0, 0);
    for c in t.cases.iter().filter(|c| ours(&c.office_id)) {
        opened += c.opened;
        closed += c.closed;
        open_at_end += c.open_at_end;
    }
    r.single("cases", "opened", opened, k);
    r.single("cases", "closed", closed, k);
    r.single("cases", "open_at_end", open_at_end, k);
    // Services delivered.
    let names = &t.organization_names;
    let services = || t.services.iter().filter(|s| ours(&s.0));
    let by_type = summed(services().map(|(_, ty, _, n)| (ty.clone(), *n)));
    let services_total: i64 = by_type.iter().map(|(_, n)| n).sum();
    r.push(
        "services_delivered.by_type",
        protect(&by_type, Some(services_total), true, k),
    );
    let by_provider = named(services().map(|(_, _, p, n)| (p.clone(), *n)).collect(), names);
    r.push(
        "services_delivered.by_provider",
        protect(&by_provider, Some(services_total), true, k),
    );
    // Referrals.
    let referrals = || t.referrals.iter().filter(|s| ours(&s.0));
    let by_status = with_codes(
        &codes(&REFERRAL_STATUS),
        referrals().map(|(_, s, _, n)| (Some(s.clone()), *n)).collect(),
    );
    let referrals_total: i64 = by_status.iter().map(|(_, n)| n).sum();
    r.push(
        "referrals.by_status",
        protect(&by_status, Some(referrals_total), true, k),
    );
    let by_org = named(referrals().map(|(_, _, o, n)| (o.clone(), *n)).collect(), names);
    r.push(
        "referrals.by_organization",
        protect(&by_org, Some(referrals_total), true, k),
    );
    let mut delays: Vec<i64> = t.delays.iter().filter(|d| ours(&d.0)).map(|d| d.1).collect();
    delays.sort_unstable();
    let median = (delays.len() as i64 >= k && !delays.is_empty()).then(|| {
        let mid = delays.len() / 2;
        let secs = if delays.len().is_multiple_of(2) {
            (delays[mid - 1] + delays[mid]) as f64 / 2.0
        } else {
            delays[mid] as f64
        };
        (secs / 360.0).round() / 10.0
    });
    r.measures.push(("partners_median_response_hours".into(), median));
    let overdue = t.overdue.iter().filter(|o| ours(&o.0)).map(|o| o.1).sum();
    r.single("referrals", "overdue", overdue, k);
    r
}

/// Adds up counts by key, in key order.
fn summed(found: impl Iterator<Item = (String, i64)>) -> Vec<(String, i64)> {
    let mut map: BTreeMap<String, i64> = BTreeMap::new();
    for (key, n) in found {
        *map.entry(key).or_insert(0) += n;
    }
    map.into_iter().collect()
}

/// Months `YYYY-MM` of a period.
pub fn months(p: Period) -> Vec<String> {
    let mut out = Vec::new();
    let mut d = NaiveDate::from_ymd_opt(p.from.year(), p.from.month(), 1).unwrap_or(p.from.date());
    while d < p.to.date() {
        out.push(d.format("%Y-%m").to_string());
        match d.checked_add_months(Months::new(1)) {
            Some(next) => d = next,
            None => break,
        }
    }
    out
}

/// The monthly series of the main counts, each protected as a breakdown of
/// its period total (which the summary publishes).
pub fn monthly(c: &mut DbConn, office: Option<&str>, p: Period, k: i64) -> Result<Report, AppError> {
    let mut r = Report::default();
    let all = months(p);
    for (name, figure) in [
        ("migrants_registered", Figure::MigrantsRegistered),
        ("cases_opened", Figure::CasesOpened),
        ("cases_closed", Figure::CasesClosed),
        ("services_delivered", Figure::ServicesDelivered),
        ("referrals_created", Figure::ReferralsCreated),
    ] {
        let found: BTreeMap<String, i64> = q::monthly(c, office, p, figure)?.into_iter().collect();
        let series: Vec<(String, i64)> = all
            .iter()
            .map(|m| (m.clone(), found.get(m).copied().unwrap_or(0)))
            .collect();
        let total = series.iter().map(|(_, n)| n).sum();
        r.push(name, protect(&series, Some(total), true, k));
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_neutralises_formulas_and_quotes() {
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn json_nests_dimensions_and_lists_suppressed_cells() {
        let mut r = Report::default();
        r.push(
            "a.by_x",
            protect(&[("p".into(), 10), ("q".into(), 2)], Some(12), true, 5),
        );
        let j = r.to_json();
        assert_eq!(j["a"]["by_x"]["q"], Value::Null);
        assert_eq!(j["a"]["by_x"]["total"], 12);
        assert_eq!(j["suppressed"], json!(["a.by_x.p", "a.by_x.q"]));
    }
}
