//! What the summary counts, read in one pass per table for every office in
//! scope at once: a network summary and each office's summary are then cut
//! from the same tallies in memory instead of querying once per office. The
//! migrants pass, the largest, runs on a second connection meanwhile (each
//! table's figures come from one snapshot; reports are statistics, and no
//! figure is derived from two tables).

use crate::db::{Db, DbConn, now};
use crate::error::AppError;
use crate::store;
use crate::store::report::{self as q, CaseTally, MigrantTally, Period};

/// Grouped counts of one period, each row carrying its office.
#[derive(Debug, Clone, Default)]
pub struct Tallies {
    /// Migrants registered.
    pub migrants: Vec<MigrantTally>,
    /// Cases opened, closed, open at the end.
    pub cases: Vec<CaseTally>,
    /// Services delivered: (office, type, provider, count).
    pub services: Vec<(String, String, String, i64)>,
    /// Referrals created: (office, status, organisation, count).
    pub referrals: Vec<(String, String, String, i64)>,
    /// Partners' response delays in seconds: (office, seconds).
    pub delays: Vec<(String, i64)>,
    /// Referrals overdue now: (office, count).
    pub overdue: Vec<(String, i64)>,
    /// Organisation names by id.
    pub organization_names: Vec<(String, String)>,
}

impl Tallies {
    /// Reads the tallies of one office, or of every office with `office` None.
    pub fn load(
        db: &Db,
        c: &mut DbConn,
        office: Option<&str>,
        p: Period,
        completion_days: i64,
    ) -> Result<Self, AppError> {
        std::thread::scope(|scope| {
            let migrants = std::thread::Builder::new()
                .name("report-migrants".into())
                .spawn_scoped(scope, || q::migrant_tallies(&mut *db.get()?, office, p))
                .map_err(|e| AppError::internal(format!("cannot start a report thread: {e}")))?;
            let rest = Self {
                migrants: Vec::new(),
                cases: q::case_tallies(c, office, p)?,
                services: q::service_tallies(c, office, p)?,
                referrals: q::referral_tallies(c, office, p)?,
                delays: q::response_delays(c, office, p)?,
                overdue: store::referral::overdue_by_office(c, office, now(), completion_days)?,
                organization_names: q::organization_names(c)?,
            };
            let migrants = migrants
                .join()
                .map_err(|_| AppError::internal("the report thread panicked"))??;
            Ok(Self { migrants, ..rest })
        })
    }
}
