//! Referrals and their history.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::page::{Page, PageRequest};
use crate::db::DbConn;
use crate::db::json::JsonList;
use crate::db::schema::{referral_events, referrals};
use crate::domain::referral::ReferralStatus;
use crate::error::AppError;

/// A stored referral.
#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = referrals, treat_none_as_null = true)]
pub struct ReferralRow {
    /// Id.
    pub id: String,
    /// Case.
    pub case_id: String,
    /// Office that referred.
    pub office_id: String,
    /// Organisation referred to.
    pub organization_id: String,
    /// `service_type` code.
    pub service_type: String,
    /// Why.
    pub reason: String,
    /// `referral_urgency` code.
    pub urgency: String,
    /// Answer expected by.
    pub respond_by: NaiveDateTime,
    /// JSON array of shared field names.
    pub share: JsonList<String>,
    /// Where it stands.
    pub status: ReferralStatus,
    /// First answer (accept or decline).
    pub responded_at: Option<NaiveDateTime>,
    /// Accepted.
    pub accepted_at: Option<NaiveDateTime>,
    /// Completed, declined or cancelled.
    pub closed_at: Option<NaiveDateTime>,
    /// Who created it.
    pub created_by: Option<String>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Optimistic-concurrency version.
    pub version: i32,
}

/// A transition kept in the history.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = referral_events)]
pub struct ReferralEventRow {
    /// Id.
    pub id: String,
    /// Referral.
    pub referral_id: String,
    /// Status reached.
    pub status: ReferralStatus,
    /// When.
    pub at: NaiveDateTime,
    /// Who (user or API key id).
    pub actor_id: Option<String>,
    /// Reason (decline, cancel).
    pub reason: Option<String>,
    /// Outcome (complete).
    pub outcome: Option<String>,
}

/// Inserts a referral.
pub fn insert(conn: &mut DbConn, row: &ReferralRow) -> Result<(), AppError> {
    diesel::insert_into(referrals::table).values(row).execute(conn)?;
    Ok(())
}

/// Appends to the history.
pub fn add_event(conn: &mut DbConn, row: &ReferralEventRow) -> Result<(), AppError> {
    diesel::insert_into(referral_events::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The history of a referral, oldest first.
pub fn history(conn: &mut DbConn, referral_id: &str) -> Result<Vec<ReferralEventRow>, AppError> {
    Ok(referral_events::table
        .filter(referral_events::referral_id.eq(referral_id))
        .order((referral_events::at.asc(), referral_events::id.asc()))
        .load(conn)?)
}

/// Who may see a referral.
#[derive(Debug, Clone)]
pub enum Scope {
    /// Staff of this office.
    Office(String),
    /// Users and keys of this organisation.
    Organization(String),
}

/// A referral in scope, or None.
pub fn find(conn: &mut DbConn, id: &str, scope: &Scope) -> Result<Option<ReferralRow>, AppError> {
    let q = referrals::table.filter(referrals::id.eq(id)).into_boxed();
    let q = match scope {
        Scope::Office(o) => q.filter(referrals::office_id.eq(o.clone())),
        Scope::Organization(o) => q.filter(referrals::organization_id.eq(o.clone())),
    };
    Ok(q.first(conn).optional()?)
}

/// Writes every field if the stored version is still `version` (exactly one
/// concurrent transition wins).
pub fn update(conn: &mut DbConn, row: &ReferralRow, version: i32) -> Result<(), AppError> {
    let n = diesel::update(
        referrals::table
            .filter(referrals::id.eq(&row.id))
            .filter(referrals::version.eq(version)),
    )
    .set(row)
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::ChangedMeanwhile(
            "the referral changed meanwhile; read it again".into(),
        ));
    }
    Ok(())
}

/// Moves a case's referrals to another office (the case was transferred):
/// the office of a referral is its case's, which decides who sees it.
pub fn set_office(conn: &mut DbConn, case_id: &str, office_id: &str) -> Result<(), AppError> {
    diesel::update(referrals::table.filter(referrals::case_id.eq(case_id)))
        .set(referrals::office_id.eq(office_id))
        .execute(conn)?;
    Ok(())
}

/// Referrals of a case.
pub fn of_case(conn: &mut DbConn, case_id: &str) -> Result<Vec<ReferralRow>, AppError> {
    Ok(referrals::table
        .filter(referrals::case_id.eq(case_id))
        .order(referrals::id.asc())
        .load(conn)?)
}

/// List filters.
#[derive(Debug, Clone, Default)]
pub struct ReferralFilter {
    /// Status.
    pub status: Option<ReferralStatus>,
    /// Only overdue ones, as of `now` with `completion_days`.
    pub overdue: Option<(NaiveDateTime, i64)>,
    /// Only this case's.
    pub case_id: Option<String>,
    /// Newest first (the pages' lists); oldest first otherwise (the API).
    pub newest_first: bool,
}

fn overdue_sql(
    now: NaiveDateTime,
    days: i64,
) -> diesel::expression::SqlLiteral<
    Bool,
    impl diesel::query_builder::QueryFragment<crate::db::MultiBackend> + Clone,
> {
    diesel::dsl::sql::<Bool>("((referrals.status = 'pending' AND referrals.respond_by < ")
        .bind::<diesel::sql_types::Timestamp, _>(now)
        .sql(") OR (referrals.status = 'accepted' AND referrals.accepted_at < ")
        .bind::<diesel::sql_types::Timestamp, _>(now - chrono::Duration::days(days))
        .sql("))")
}

/// Narrows a boxed query of referrals to a scope and a filter's status,
/// case and lateness (the list and its count share it).
macro_rules! filtered {
    ($q:expr, $scope:expr, $f:expr) => {{
        let f: &ReferralFilter = $f;
        let mut q = match $scope {
            Scope::Office(o) => $q.filter(referrals::office_id.eq(o.clone())),
            Scope::Organization(o) => $q.filter(referrals::organization_id.eq(o.clone())),
        };
        if let Some(s) = &f.status {
            q = q.filter(referrals::status.eq(*s));
        }
        if let Some(c) = &f.case_id {
            q = q.filter(referrals::case_id.eq(c.clone()));
        }
        if let Some((now, days)) = f.overdue {
            q = q.filter(overdue_sql(now, days));
        }
        q
    }};
}

/// Lists referrals in scope, in id order.
pub fn list(
    conn: &mut DbConn,
    scope: &Scope,
    f: &ReferralFilter,
    page: &PageRequest,
) -> Result<Page<ReferralRow>, AppError> {
    let mut q = filtered!(referrals::table.limit(page.limit + 1).into_boxed(), scope, f);
    q = match (&page.after, f.newest_first) {
        (Some(after), false) => q.filter(referrals::id.gt(after.clone())),
        (Some(after), true) => q.filter(referrals::id.lt(after.clone())),
        (None, _) => q,
    };
    q = if f.newest_first {
        q.order(referrals::id.desc())
    } else {
        q.order(referrals::id.asc())
    };
    let rows: Vec<ReferralRow> = q.load(conn)?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id.clone()))
}

/// How many referrals `list` holds in all pages.
pub fn count(conn: &mut DbConn, scope: &Scope, f: &ReferralFilter) -> Result<i64, AppError> {
    Ok(filtered!(referrals::table.count().into_boxed(), scope, f).get_result(conn)?)
}

/// Overdue referrals of an office, counted per organisation.
pub fn overdue_by_organization(
    conn: &mut DbConn,
    office_id: &str,
    now: NaiveDateTime,
    days: i64,
) -> Result<Vec<(String, i64)>, AppError> {
    Ok(referrals::table
        .filter(referrals::office_id.eq(office_id.to_string()))
        .filter(overdue_sql(now, days))
        .group_by(referrals::organization_id)
        .select((referrals::organization_id, diesel::dsl::count_star()))
        .order(referrals::organization_id.asc())
        .load(conn)?)
}

/// Overdue referrals counted per office, with the sum of their cell keys
/// (the live figure of the reports, docs/privacy.md).
pub fn overdue_tallies(
    conn: &mut DbConn,
    now: NaiveDateTime,
    days: i64,
) -> Result<Vec<(String, i64, i64)>, AppError> {
    Ok(referrals::table
        .filter(overdue_sql(now, days))
        .group_by(referrals::office_id)
        .select((
            referrals::office_id,
            diesel::dsl::count_star(),
            diesel::dsl::sql::<diesel::sql_types::BigInt>(
                "CAST(COALESCE(SUM(referrals.cell_key), 0) AS BIGINT)",
            ),
        ))
        .load(conn)?)
}

/// The migrant each referral is about (through its case), for a batch of
/// referrals: one query, whatever the number of rows.
pub fn migrant_ids(
    conn: &mut DbConn,
    rows: &[ReferralRow],
) -> Result<std::collections::HashMap<String, String>, AppError> {
    use crate::db::schema::cases;
    let case_ids: Vec<&str> = rows.iter().map(|r| r.case_id.as_str()).collect();
    if case_ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(cases::table
        .filter(cases::id.eq_any(case_ids))
        .select((cases::id, cases::migrant_id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// The histories of a batch of referrals, oldest first within each.
pub fn histories(conn: &mut DbConn, referral_ids: &[String]) -> Result<Vec<ReferralEventRow>, AppError> {
    if referral_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(referral_events::table
        .filter(referral_events::referral_id.eq_any(referral_ids))
        .order((referral_events::at.asc(), referral_events::id.asc()))
        .load(conn)?)
}

/// Referrals of every case of a migrant, in id order.
pub fn of_migrant(conn: &mut DbConn, migrant_id: &str) -> Result<Vec<ReferralRow>, AppError> {
    use crate::db::schema::cases;
    Ok(referrals::table
        .inner_join(cases::table)
        .filter(cases::migrant_id.eq(migrant_id))
        .select(referrals::all_columns)
        .order(referrals::id.asc())
        .load(conn)?)
}
