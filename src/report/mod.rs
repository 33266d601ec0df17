//! Reports for city managers and supervisors: aggregates only. Only the
//! finest cells — one office, one calendar month, one category — are
//! perturbed by their cell key (`domain::disclosure`), cut from frozen whole
//! months (`freeze`, `calendar`); every coarser figure (several months, the
//! network, a breakdown's total) is the sum of those published cells, so no
//! combination of reports tells more than the finest cells do. A report is a list of rows
//! `(dimension, key, count, method)`; JSON and CSV are two renderings of it.
//! docs/privacy.md says why this holds against differencing.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::domain::disclosure::Cell;
use crate::domain::reference::{
    AGE_BAND, CodeList, LEGAL_STATUS, REFERRAL_STATUS, SERVICE_TYPE, SEX, VULNERABILITY,
};
use crate::store::report::MonthCount;

#[cfg(test)]
mod attack;
pub mod calendar;
pub mod freeze;
pub mod read;

use calendar::Month;

/// How a published figure was protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The count moved by its cell key's noise (0 or k for 1…k−1).
    Perturbed,
    /// The sum of the published figures beside it.
    SumOfCells,
    /// Published as computed (a median over at least k answers).
    Exact,
    /// Not published.
    Suppressed,
}

impl Method {
    /// The code in the JSON.
    pub fn code(self) -> &'static str {
        match self {
            Method::Perturbed => "perturbed",
            Method::SumOfCells => "sum_of_cells",
            Method::Exact => "exact",
            Method::Suppressed => "suppressed",
        }
    }
}

/// One published figure; `count` None when suppressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// e.g. `migrants_registered.by_sex`.
    pub dimension: String,
    /// e.g. `female`, or `total`.
    pub key: String,
    /// The published count, or None when suppressed.
    pub count: Option<i64>,
    /// How it was protected.
    pub method: Method,
}

/// A protected report.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every figure.
    pub rows: Vec<Row>,
    /// Figures that are not counts (a median), None when suppressed.
    pub measures: Vec<(String, Option<f64>)>,
}

/// A figure: the finest cells (office × month, or one office's live count)
/// it is made of. Its published value is the sum of their published values.
#[derive(Debug, Clone, Default)]
pub struct Figure(Vec<Cell>);

impl Figure {
    fn push(&mut self, cell: Cell) {
        self.0.push(cell);
    }

    fn extend(&mut self, other: Figure) {
        self.0.extend(other.0);
    }

    /// The published value: each finest cell perturbed, then added up.
    pub fn published(&self, k: i64) -> i64 {
        self.0.iter().map(|c| c.published(k)).sum()
    }

    /// The true count (never published).
    pub fn count(&self) -> i64 {
        self.0.iter().map(|c| c.count).sum()
    }
}

impl Report {
    fn perturbed(&mut self, dimension: &str, key: &str, figure: &Figure, k: i64) -> i64 {
        let n = figure.published(k);
        self.rows.push(Row {
            dimension: dimension.to_string(),
            key: key.to_string(),
            count: Some(n),
            method: Method::Perturbed,
        });
        n
    }

    /// A breakdown: each cell perturbed, then its total as their sum (so a
    /// total minus the published cells is always 0). Keys of `fixed` are
    /// always listed; other keys only when published non-zero, so that a
    /// key's mere presence tells nothing.
    fn breakdown(&mut self, dimension: &str, cells: &Cells, fixed: Option<&CodeList>, total: bool, k: i64) {
        let found = cells.of(dimension);
        let mut keys: Vec<String> = fixed
            .map(|l| l.codes.iter().map(|c| c.code.to_string()).collect())
            .unwrap_or_default();
        for key in found.keys() {
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
        let mut sum = 0;
        for key in keys {
            let figure = found.get(&key).cloned().unwrap_or_default();
            let listed = fixed.is_some_and(|l| l.codes.iter().any(|c| c.code == key));
            if !listed && figure.published(k) == 0 {
                continue;
            }
            sum += self.perturbed(dimension, &key, &figure, k);
        }
        if total {
            self.rows.push(Row {
                dimension: dimension.to_string(),
                key: "total".into(),
                count: Some(sum),
                method: Method::SumOfCells,
            });
        }
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

    /// `dimension.key` → method of every figure.
    pub fn methods(&self) -> Map<String, Value> {
        let mut out = Map::new();
        for r in &self.rows {
            out.insert(format!("{}.{}", r.dimension, r.key), json!(r.method.code()));
        }
        for (k, v) in &self.measures {
            let m = if v.is_some() {
                Method::Exact
            } else {
                Method::Suppressed
            };
            out.insert(k.clone(), json!(m.code()));
        }
        out
    }

    /// The JSON rendering: `{dimension: {key: count|null}}` plus
    /// `suppressed` and `methods`.
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
        root.insert("methods".into(), Value::Object(self.methods()));
        Value::Object(root)
    }

    /// Each line of the table: dimension, key, the label when `label`
    /// names each (dimension, key) for people, and the count (empty when
    /// suppressed).
    pub fn lines(&self, label: Option<&Labels<'_>>) -> Vec<Vec<String>> {
        let line = |dimension: &str, key: &str, count: String| {
            let mut l = vec![dimension.to_string(), key.to_string()];
            if let Some(label) = label {
                l.push(label(dimension, key));
            }
            l.push(count);
            l
        };
        let rows = self.rows.iter().map(|r| {
            line(
                &r.dimension,
                &r.key,
                r.count.map(|n| n.to_string()).unwrap_or_default(),
            )
        });
        let measures = self
            .measures
            .iter()
            .map(|(k, v)| line(k, "value", v.map(|x| x.to_string()).unwrap_or_default()));
        rows.chain(measures).collect()
    }

    /// The CSV rendering: `dimension,key,count`, or
    /// `dimension,key,label,count` with `label` (see `lines`).
    pub fn to_csv(&self, prefix: &str, label: Option<&Labels<'_>>) -> String {
        let mut out = String::new();
        for mut l in self.lines(label) {
            let count = l.pop().unwrap_or_default();
            let text: Vec<String> = l.iter().map(|c| csv_field(c)).collect();
            out.push_str(&format!("{prefix}{},{count}\n", text.join(",")));
        }
        out
    }
}

/// Names a figure's (dimension, key) for people, in their language.
pub type Labels<'a> = dyn Fn(&str, &str) -> String + 'a;

/// One CSV field: quoted when needed, and never read as a spreadsheet formula.
pub fn csv_field(s: &str) -> String {
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

/// The frozen counts of a report's scope and months, gathered per
/// (dimension, key) as the finest cells (one per office and month) that
/// figures are published from.
#[derive(Debug, Clone, Default)]
pub struct Cells(BTreeMap<String, BTreeMap<String, Figure>>);

impl Cells {
    /// Gathers the counts of `office` (every office with None) in `months`.
    pub fn of_scope(counts: &[MonthCount], office: Option<&str>, months: &[Month]) -> Self {
        let months: Vec<String> = months.iter().map(Month::to_string).collect();
        let mut out = Self::default();
        for c in counts
            .iter()
            .filter(|c| office.is_none_or(|o| o == c.office_id) && months.contains(&c.month))
        {
            out.0
                .entry(c.dimension.clone())
                .or_default()
                .entry(c.key.clone())
                .or_default()
                .push(Cell {
                    count: c.count,
                    key_sum: c.key_sum,
                });
        }
        out
    }

    /// Adds a live finest cell (not frozen: one office's overdue referrals now).
    pub fn add(&mut self, dimension: &str, key: &str, cell: Cell) {
        self.0
            .entry(dimension.to_string())
            .or_default()
            .entry(key.to_string())
            .or_default()
            .push(cell);
    }

    fn of(&self, dimension: &str) -> BTreeMap<String, Figure> {
        self.0.get(dimension).cloned().unwrap_or_default()
    }

    fn get(&self, dimension: &str, key: &str) -> Figure {
        self.0
            .get(dimension)
            .and_then(|d| d.get(key))
            .cloned()
            .unwrap_or_default()
    }

    /// Renames the keys of a dimension (organisation ids to names), adding
    /// up cells that get the same name.
    fn renamed(&mut self, dimension: &str, name: impl Fn(&str) -> String) {
        let Some(cells) = self.0.remove(dimension) else {
            return;
        };
        let mut out: BTreeMap<String, Figure> = BTreeMap::new();
        for (key, figure) in cells {
            out.entry(name(&key)).or_default().extend(figure);
        }
        self.0.insert(dimension.to_string(), out);
    }
}

/// The name shown for a provider or an organisation id.
fn organization_name(names: &[(String, String)]) -> impl Fn(&str) -> String + '_ {
    move |id: &str| {
        if id == "office" {
            return "office".to_string();
        }
        names
            .iter()
            .find(|(i, _)| i == id)
            .map_or("other organisation".into(), |(_, n)| n.clone())
    }
}

/// The median of a histogram of whole hours, when it holds at least k answers.
fn median_hours(hours: &BTreeMap<String, Figure>, k: i64) -> Option<f64> {
    let mut values: Vec<(i64, i64)> = hours
        .iter()
        .filter_map(|(h, f)| h.parse::<i64>().ok().map(|h| (h, f.count())))
        .collect();
    values.sort_unstable();
    let n: i64 = values.iter().map(|(_, c)| c).sum();
    if n < k.max(1) {
        return None;
    }
    let nth = |i: i64| {
        let mut seen = 0;
        for (h, c) in &values {
            seen += c;
            if seen > i {
                return *h as f64;
            }
        }
        0.0
    };
    Some(if n % 2 == 0 {
        (nth(n / 2 - 1) + nth(n / 2)) / 2.0
    } else {
        nth(n / 2)
    })
}

/// The summary of a scope's cells. `last` is the last month of the period
/// (cases open at its end come from it alone).
pub fn summary(cells: &Cells, last: &Cells, names: &[(String, String)], k: i64) -> Report {
    let mut cells = cells.clone();
    cells.renamed("services_delivered.by_provider", organization_name(names));
    cells.renamed("referrals.by_organization", organization_name(names));
    let mut r = Report::default();
    let m = "migrants_registered";
    r.breakdown(&format!("{m}.by_sex"), &cells, Some(&SEX), true, k);
    r.breakdown(&format!("{m}.by_age_band"), &cells, Some(&AGE_BAND), true, k);
    r.breakdown(&format!("{m}.by_nationality"), &cells, None, true, k);
    r.breakdown(
        &format!("{m}.by_legal_status"),
        &cells,
        Some(&LEGAL_STATUS),
        true,
        k,
    );
    // A person may have several vulnerabilities: not additive, no total.
    r.breakdown(
        &format!("{m}.by_vulnerability"),
        &cells,
        Some(&VULNERABILITY),
        false,
        k,
    );
    r.perturbed("cases", "opened", &cells.get("cases", "opened"), k);
    r.perturbed("cases", "closed", &cells.get("cases", "closed"), k);
    r.perturbed("cases", "open_at_end", &last.get("cases", "open_at_end"), k);
    r.breakdown("services_delivered.by_type", &cells, Some(&SERVICE_TYPE), true, k);
    r.breakdown("services_delivered.by_provider", &cells, None, true, k);
    // Of those, the ones given in distributions (issue 21), by type.
    r.breakdown(
        "services_distributed.by_type",
        &cells,
        Some(&SERVICE_TYPE),
        true,
        k,
    );
    r.breakdown("referrals.by_status", &cells, Some(&REFERRAL_STATUS), true, k);
    r.breakdown("referrals.by_organization", &cells, None, true, k);
    r.measures.push((
        "partners_median_response_hours".into(),
        median_hours(&cells.of(freeze::RESPONSE_HOURS), k),
    ));
    r.perturbed("referrals", "overdue", &cells.get("referrals", "overdue"), k);
    r
}

/// The monthly series of the main counts: each month's figure perturbed
/// (the same as that month's summary would give), the total their sum.
pub fn monthly(counts: &[MonthCount], office: Option<&str>, months: &[Month], k: i64) -> Report {
    let mut r = Report::default();
    let per_month: Vec<(Month, Cells)> = months
        .iter()
        .map(|m| (*m, Cells::of_scope(counts, office, std::slice::from_ref(m))))
        .collect();
    for (name, dimension, key) in [
        ("migrants_registered", "migrants_registered", "total"),
        ("cases_opened", "cases", "opened"),
        ("cases_closed", "cases", "closed"),
        ("services_delivered", "services_delivered", "total"),
        ("services_distributed", "services_distributed", "total"),
        ("referrals_created", "referrals", "total"),
    ] {
        let mut sum = 0;
        for (month, cells) in &per_month {
            sum += r.perturbed(name, &month.to_string(), &cells.get(dimension, key), k);
        }
        r.rows.push(Row {
            dimension: name.to_string(),
            key: "total".into(),
            count: Some(sum),
            method: Method::SumOfCells,
        });
    }
    r
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
    fn json_nests_dimensions_and_says_how_each_figure_was_protected() {
        let mut r = Report::default();
        let mut cells = Cells::default();
        cells.add(
            "a.by_x",
            "p",
            Cell {
                count: 40,
                key_sum: 7,
            },
        );
        r.breakdown("a.by_x", &cells, None, true, 5);
        r.measures.push(("median".into(), None));
        let j = r.to_json();
        let p = j["a"]["by_x"]["p"].as_i64().unwrap();
        assert!((38..=42).contains(&p));
        assert_eq!(j["a"]["by_x"]["total"], p);
        assert_eq!(j["methods"]["a.by_x.p"], "perturbed");
        assert_eq!(j["methods"]["a.by_x.total"], "sum_of_cells");
        assert_eq!(j["methods"]["median"], "suppressed");
        assert_eq!(j["suppressed"], json!(["median"]));
    }

    #[test]
    fn a_median_needs_k_answers() {
        let mut h = BTreeMap::new();
        let figure = |n| Figure(vec![Cell { count: n, key_sum: 0 }]);
        h.insert("2".to_string(), figure(2));
        h.insert("10".to_string(), figure(2));
        assert_eq!(median_hours(&h, 5), None);
        h.insert("30".to_string(), figure(1));
        assert_eq!(median_hours(&h, 5), Some(10.0));
    }
}

#[cfg(test)]
mod csv_properties {
    use proptest::prelude::*;

    use super::csv_field;

    /// Reads one CSV field back (RFC 4180).
    fn read_back(field: &str) -> Option<String> {
        match field.strip_prefix('"') {
            Some(rest) => {
                let inner = rest.strip_suffix('"')?;
                if inner.replace("\"\"", "").contains('"') {
                    return None;
                }
                Some(inner.replace("\"\"", "\""))
            }
            None if field.contains([',', '"', '\n']) => None,
            None => Some(field.to_string()),
        }
    }

    proptest! {
        /// Whatever a label holds, its CSV field is one field, reads back as
        /// the label, and never starts a spreadsheet formula.
        #[test]
        fn a_csv_field_is_one_field_and_never_a_formula(label in any::<String>()) {
            let field = csv_field(&label);
            let back = read_back(&field);
            prop_assert!(back.is_some(), "{field:?}");
            let back = back.unwrap_or_default();
            prop_assert!(!back.starts_with(['=', '+', '-', '@']));
            prop_assert_eq!(back.strip_prefix('\'').filter(|_| label.starts_with(['=', '+', '-', '@'])).unwrap_or(&back), label.as_str());
        }
    }
}
