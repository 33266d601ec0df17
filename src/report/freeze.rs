//! Frozen months: a month's exact counts per office, computed once when the
//! month is first reported after it ended and never again. Every report is
//! cut from them, so records added, backdated, merged or anonymised later
//! cannot change a figure anyone has seen (docs/privacy.md).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};

use crate::db::{self, DbConn};
use crate::domain::disclosure::{Cell, KEY_SPACE};
use crate::domain::migrant::age_band;
use crate::error::AppError;
use crate::store::report::{self as q, MigrantTally, MonthCount};

use super::calendar::Month;

/// Counts being gathered for one month: (office, dimension, key) → cell.
#[derive(Default)]
pub(super) struct Gathered(BTreeMap<(String, &'static str, String), Cell>);

impl Gathered {
    fn add(&mut self, office: &str, dimension: &'static str, key: &str, count: i64, keys: i64) {
        self.0
            .entry((office.to_string(), dimension, key.to_string()))
            .or_default()
            .add(Cell {
                count,
                key_sum: keys.rem_euclid(KEY_SPACE),
            });
    }

    /// Counts registrations under each attribute reported; `end` is the
    /// month's last day (ages are counted on it).
    pub(super) fn migrants(&mut self, m: &MigrantTally, end: NaiveDate) {
        let o = m.office_id.as_str();
        self.add(o, "migrants_registered", "total", m.n, m.keys);
        self.add(o, "migrants_registered.by_sex", &m.sex, m.n, m.keys);
        let band = age_band(None, m.birth_year, end);
        self.add(o, "migrants_registered.by_age_band", band, m.n, m.keys);
        let nationality = m.nationality.as_deref().unwrap_or("unknown");
        self.add(o, "migrants_registered.by_nationality", nationality, m.n, m.keys);
        self.add(
            o,
            "migrants_registered.by_legal_status",
            &m.legal_status,
            m.n,
            m.keys,
        );
        for v in m.vulnerabilities.items() {
            self.add(o, "migrants_registered.by_vulnerability", v, m.n, m.keys);
        }
    }

    /// Counts delivered services by type and provider.
    pub(super) fn services(&mut self, office: &str, kind: &str, provider: &str, n: i64, keys: i64) {
        self.add(office, "services_delivered", "total", n, keys);
        self.add(office, "services_delivered.by_type", kind, n, keys);
        self.add(office, "services_delivered.by_provider", provider, n, keys);
    }

    /// The month's rows to store.
    pub(super) fn into_rows(self, month: Month) -> Vec<MonthCount> {
        self.0
            .into_iter()
            .filter(|(_, c)| c.count > 0)
            .map(|((office_id, dimension, key), c)| MonthCount {
                month: month.to_string(),
                office_id,
                dimension: dimension.to_string(),
                key,
                count: c.count,
                key_sum: c.key_sum,
            })
            .collect()
    }
}

/// Response delays are kept as a histogram in whole hours.
pub const RESPONSE_HOURS: &str = "response_hours";

/// Reads a month's exact counts for every office.
fn gather(c: &mut DbConn, month: Month) -> Result<Vec<MonthCount>, AppError> {
    let p = month.period();
    let end: NaiveDate = p.to.date() - Duration::days(1);
    let mut g = Gathered::default();
    for m in q::migrant_tallies(c, p)? {
        g.migrants(&m, end);
    }
    for t in q::case_tallies(c, p)? {
        let o = t.office_id.as_str();
        g.add(o, "cases", "opened", t.opened, t.opened_keys);
        g.add(o, "cases", "closed", t.closed, t.closed_keys);
        g.add(o, "cases", "open_at_end", t.open_at_end, t.open_keys);
    }
    for (o, kind, provider, n, keys) in q::service_tallies(c, p)? {
        g.services(&o, &kind, &provider, n, keys);
    }
    for (o, kind, n, keys) in q::distribution_tallies(c, p)? {
        g.add(&o, "services_distributed", "total", n, keys);
        g.add(&o, "services_distributed.by_type", &kind, n, keys);
    }
    for (o, status, organization, n, keys) in q::referral_tallies(c, p)? {
        g.add(&o, "referrals", "total", n, keys);
        g.add(&o, "referrals.by_status", &status, n, keys);
        g.add(&o, "referrals.by_organization", &organization, n, keys);
    }
    for (o, seconds) in q::response_delays(c, p)? {
        let hours = (seconds.max(0) + 1_800) / 3_600;
        g.add(&o, RESPONSE_HOURS, &hours.to_string(), 1, 0);
    }
    Ok(g.into_rows(month))
}

/// Makes sure every month of `months` (all ended) is frozen: the ones that
/// are not are read and stored now, each in its own write transaction. Two
/// instances may both read a month; the first to store it wins and the
/// other's counts are dropped, so every reader sees the same figures.
pub fn ensure(c: &mut DbConn, months: &[Month]) -> Result<(), AppError> {
    let names: Vec<String> = months.iter().map(Month::to_string).collect();
    let done = q::frozen(c, &names)?;
    for month in months.iter().filter(|m| !done.contains(&m.to_string())) {
        let counts = gather(c, *month)?;
        db::write_tx(c, |c| q::freeze(c, &month.to_string(), db::now(), &counts))?;
    }
    Ok(())
}

/// The frozen counts of `months` for one office or all: (office, month,
/// dimension, key) → cell.
pub fn load(c: &mut DbConn, months: &[Month], office: Option<&str>) -> Result<Vec<MonthCount>, AppError> {
    let names: Vec<String> = months.iter().map(Month::to_string).collect();
    q::month_counts(c, &names, office)
}
