//! Aggregate queries for reports: counts and sums of the records' cell keys
//! (docs/privacy.md), never rows about a person; and the frozen months
//! (`report_months`, `report_frozen_months`) that reports are cut from.

use chrono::NaiveDateTime;
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use crate::db::schema::{distribution_services, migrants, organizations, referrals, services};
use crate::db::{DbConn, numbered};
use crate::error::AppError;

/// A reporting period `[from, to)`.
#[derive(Debug, Clone, Copy)]
pub struct Period {
    /// Start (inclusive).
    pub from: NaiveDateTime,
    /// End (exclusive).
    pub to: NaiveDateTime,
}

/// `SUM(cell_key)` of a group as a BIGINT on both backends (PostgreSQL's
/// SUM of BIGINT is NUMERIC).
fn key_sum(table: &str) -> diesel::expression::SqlLiteral<BigInt> {
    sql::<BigInt>(&format!("CAST(COALESCE(SUM({table}.cell_key), 0) AS BIGINT)"))
}

/// Migrants registered in the period, counted by office and by every
/// reported attribute at once.
#[derive(Debug, Clone, Queryable)]
pub struct MigrantTally {
    /// Office.
    pub office_id: String,
    /// `sex` code.
    pub sex: String,
    /// Year of birth.
    pub birth_year: Option<i32>,
    /// Nationality (ISO 3166 alpha-2).
    pub nationality: Option<String>,
    /// `legal_status` code.
    pub legal_status: String,
    /// Vulnerability codes.
    pub vulnerabilities: crate::db::json::JsonList<String>,
    /// How many.
    pub n: i64,
    /// Sum of their cell keys.
    pub keys: i64,
}

/// See [`MigrantTally`].
pub fn migrant_tallies(conn: &mut DbConn, p: Period) -> Result<Vec<MigrantTally>, AppError> {
    Ok(migrants::table
        .filter(migrants::created_at.ge(p.from))
        .filter(migrants::created_at.lt(p.to))
        .filter(migrants::state.ne("merged"))
        .group_by((
            migrants::office_id,
            migrants::sex,
            migrants::birth_year,
            migrants::nationality,
            migrants::legal_status,
            migrants::vulnerabilities,
        ))
        .select((
            migrants::office_id,
            migrants::sex,
            migrants::birth_year,
            migrants::nationality,
            migrants::legal_status,
            migrants::vulnerabilities,
            count_star(),
            key_sum("migrants"),
        ))
        .load(conn)?)
}

/// Cases of one office: opened and closed in the period, open at its end,
/// each with the sum of the cases' keys.
#[derive(Debug, Clone, QueryableByName)]
pub struct CaseTally {
    /// Office.
    #[diesel(sql_type = Text)]
    pub office_id: String,
    /// Opened in the period.
    #[diesel(sql_type = BigInt)]
    pub opened: i64,
    /// Their keys.
    #[diesel(sql_type = BigInt)]
    pub opened_keys: i64,
    /// Closed in the period.
    #[diesel(sql_type = BigInt)]
    pub closed: i64,
    /// Their keys.
    #[diesel(sql_type = BigInt)]
    pub closed_keys: i64,
    /// Open at the end of the period.
    #[diesel(sql_type = BigInt)]
    pub open_at_end: i64,
    /// Their keys.
    #[diesel(sql_type = BigInt)]
    pub open_keys: i64,
}

/// See [`CaseTally`]: one pass over `cases` for every office.
pub fn case_tallies(conn: &mut DbConn, p: Period) -> Result<Vec<CaseTally>, AppError> {
    let when = |cond: &str, then: &str| {
        format!("CAST(COALESCE(SUM(CASE WHEN {cond} THEN {then} ELSE 0 END), 0) AS BIGINT)")
    };
    let opened = "opened_at >= $1 AND opened_at < $2";
    let closed = "closed_at >= $1 AND closed_at < $2";
    let open = "opened_at < $2 AND (closed_at IS NULL OR closed_at >= $2)";
    let sql = format!(
        "SELECT office_id, {} AS opened, {} AS opened_keys, {} AS closed, {} AS closed_keys, \
         {} AS open_at_end, {} AS open_keys FROM cases GROUP BY office_id",
        when(opened, "1"),
        when(opened, "cell_key"),
        when(closed, "1"),
        when(closed, "cell_key"),
        when(open, "1"),
        when(open, "cell_key"),
    );
    Ok(diesel::sql_query(numbered(conn, &sql))
        .bind::<Timestamp, _>(p.from)
        .bind::<Timestamp, _>(p.to)
        .load(conn)?)
}

/// Grouped counts: (office, first key, second key, count, sum of the cell keys).
pub type GroupTally = (String, String, String, i64, i64);

/// Services delivered in the period: (office, type, provider, count, keys).
pub fn service_tallies(conn: &mut DbConn, p: Period) -> Result<Vec<GroupTally>, AppError> {
    Ok(services::table
        .filter(services::status.eq("delivered"))
        .filter(services::service_date.ge(p.from.date()))
        .filter(services::service_date.lt(p.to.date()))
        .group_by((services::office_id, services::service_type, services::provider))
        .select((
            services::office_id,
            services::service_type,
            services::provider,
            count_star(),
            key_sum("services"),
        ))
        .load(conn)?)
}

/// Services delivered in the period through distributions (issue 21):
/// (office, type, count, keys), the keys being the services' own.
pub fn distribution_tallies(
    conn: &mut DbConn,
    p: Period,
) -> Result<Vec<(String, String, i64, i64)>, AppError> {
    Ok(distribution_services::table
        .inner_join(services::table.on(services::id.eq(distribution_services::service_id)))
        .filter(services::status.eq("delivered"))
        .filter(services::service_date.ge(p.from.date()))
        .filter(services::service_date.lt(p.to.date()))
        .group_by((services::office_id, services::service_type))
        .select((
            services::office_id,
            services::service_type,
            count_star(),
            key_sum("services"),
        ))
        .load(conn)?)
}

/// Referrals created in the period: (office, status, organisation, count, keys).
pub fn referral_tallies(conn: &mut DbConn, p: Period) -> Result<Vec<GroupTally>, AppError> {
    Ok(referrals::table
        .filter(referrals::created_at.ge(p.from))
        .filter(referrals::created_at.lt(p.to))
        .group_by((
            referrals::office_id,
            referrals::status,
            referrals::organization_id,
        ))
        .select((
            referrals::office_id,
            referrals::status,
            referrals::organization_id,
            count_star(),
            key_sum("referrals"),
        ))
        .load(conn)?)
}

/// Response delays (created → first answer) of referrals created in the
/// period, in seconds, with their office.
pub fn response_delays(conn: &mut DbConn, p: Period) -> Result<Vec<(String, i64)>, AppError> {
    let rows: Vec<(String, NaiveDateTime, Option<NaiveDateTime>)> = referrals::table
        .filter(referrals::created_at.ge(p.from))
        .filter(referrals::created_at.lt(p.to))
        .filter(referrals::responded_at.is_not_null())
        .select((
            referrals::office_id,
            referrals::created_at,
            referrals::responded_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(o, c, r)| r.map(|r| (o, (r - c).num_seconds())))
        .collect())
}

/// Organisation names by id.
pub fn organization_names(conn: &mut DbConn) -> Result<Vec<(String, String)>, AppError> {
    Ok(organizations::table
        .select((organizations::id, organizations::name))
        .load(conn)?)
}

diesel::table! {
    /// Exact counts of a frozen month per office (see the migration).
    report_months (month, office_id, dimension, key) {
        month -> Text,
        office_id -> Text,
        dimension -> Text,
        key -> Text,
        count -> BigInt,
        key_sum -> BigInt,
    }
}

diesel::table! {
    /// Frozen months.
    report_frozen_months (month) {
        month -> Text,
        frozen_at -> Timestamp,
    }
}

/// One stored count of a frozen month.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Insertable)]
#[diesel(table_name = report_months)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    /// Office.
    pub office_id: String,
    /// e.g. `migrants_registered.by_sex`.
    pub dimension: String,
    /// e.g. `female`.
    pub key: String,
    /// True count.
    pub count: i64,
    /// Sum of the records' cell keys (modulo 2^32).
    pub key_sum: i64,
}

/// Which of `months` are frozen.
pub fn frozen(conn: &mut DbConn, months: &[String]) -> Result<Vec<String>, AppError> {
    Ok(report_frozen_months::table
        .filter(report_frozen_months::month.eq_any(months))
        .select(report_frozen_months::month)
        .load(conn)?)
}

/// Freezes a month with its counts unless another instance froze it first
/// (then nothing is written and false is returned). Call inside a write
/// transaction.
pub fn freeze(
    conn: &mut DbConn,
    month: &str,
    at: NaiveDateTime,
    counts: &[MonthCount],
) -> Result<bool, AppError> {
    let claim = diesel::insert_into(report_frozen_months::table).values((
        report_frozen_months::month.eq(month),
        report_frozen_months::frozen_at.eq(at),
    ));
    // ON CONFLICT and multi-row inserts are backend-specific in diesel;
    // chunks stay under SQLite's bound-parameter limit.
    let claimed = match conn {
        DbConn::Sqlite(c) => claim.on_conflict_do_nothing().execute(c)?,
        DbConn::Pg(c) => claim.on_conflict_do_nothing().execute(c)?,
    };
    if claimed == 0 {
        return Ok(false);
    }
    for chunk in counts.chunks(100) {
        match conn {
            DbConn::Sqlite(c) => diesel::insert_into(report_months::table)
                .values(chunk)
                .execute(c)?,
            DbConn::Pg(c) => diesel::insert_into(report_months::table)
                .values(chunk)
                .execute(c)?,
        };
    }
    Ok(true)
}

/// The stored counts of frozen months, of one office or all.
pub fn month_counts(
    conn: &mut DbConn,
    months: &[String],
    office: Option<&str>,
) -> Result<Vec<MonthCount>, AppError> {
    let mut q = report_months::table
        .filter(report_months::month.eq_any(months))
        .into_boxed();
    if let Some(o) = office {
        q = q.filter(report_months::office_id.eq(o.to_string()));
    }
    Ok(q.load(conn)?)
}
