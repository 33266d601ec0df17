//! What the summary counts, read in one pass per table for every office in
//! scope at once: a network summary and each office's summary are then cut
//! from the same tallies in memory instead of querying once per office.

use crate::db::{DbConn, now};
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
        c: &mut DbConn,
        office: Option<&str>,
        p: Period,
        completion_days: i64,
    ) -> Result<Self, AppError> {
        Ok(Self {
            migrants: q::migrant_tallies(c, office, p)?,
            cases: q::case_tallies(c, office, p)?,
            services: q::service_tallies(c, office, p)?,
            referrals: q::referral_tallies(c, office, p)?,
            delays: q::response_delays(c, office, p)?,
            overdue: store::referral::overdue_by_office(c, office, now(), completion_days)?,
            organization_names: q::organization_names(c)?,
        })
    }
}
