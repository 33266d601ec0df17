//! Aggregate queries for reports: counts only, never rows about a person.
//! `office` None means the whole network.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use crate::db::DbConn;
use crate::db::schema::{cases, migrants, organizations, referrals, services};
use crate::error::AppError;

/// A reporting period `[from, to)`.
#[derive(Debug, Clone, Copy)]
pub struct Period {
    /// Start (inclusive).
    pub from: NaiveDateTime,
    /// End (exclusive).
    pub to: NaiveDateTime,
}

fn month_of(conn: &DbConn, column: &str) -> String {
    match conn {
        DbConn::Sqlite(_) => format!("strftime('%Y-%m', {column})"),
        DbConn::Pg(_) => format!("to_char({column}, 'YYYY-MM')"),
    }
}

macro_rules! scoped {
    ($q:expr, $col:expr, $office:expr) => {{
        let q = $q;
        match $office {
            Some(o) => q.filter($col.eq(o.to_string())),
            None => q,
        }
    }};
}

/// Migrants registered in the period, counted by office and by every
/// reported attribute at once (one pass over `migrants_report`).
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
}

/// See [`MigrantTally`].
pub fn migrant_tallies(
    conn: &mut DbConn,
    office: Option<&str>,
    p: Period,
) -> Result<Vec<MigrantTally>, AppError> {
    let q = migrants::table
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
        ))
        .into_boxed();
    Ok(scoped!(q, migrants::office_id, office).load(conn)?)
}

/// Cases of one office: opened and closed in the period, open at its end.
#[derive(Debug, Clone, QueryableByName)]
pub struct CaseTally {
    /// Office.
    #[diesel(sql_type = Text)]
    pub office_id: String,
    /// Opened in the period.
    #[diesel(sql_type = BigInt)]
    pub opened: i64,
    /// Closed in the period.
    #[diesel(sql_type = BigInt)]
    pub closed: i64,
    /// Open at the end of the period.
    #[diesel(sql_type = BigInt)]
    pub open_at_end: i64,
}

/// See [`CaseTally`]: one pass over `cases_report` for every office.
pub fn case_tallies(conn: &mut DbConn, office: Option<&str>, p: Period) -> Result<Vec<CaseTally>, AppError> {
    let sql = format!(
        "SELECT office_id, \
         COALESCE(SUM(CASE WHEN opened_at >= $1 AND opened_at < $2 THEN 1 ELSE 0 END), 0) AS opened, \
         COALESCE(SUM(CASE WHEN closed_at >= $1 AND closed_at < $2 THEN 1 ELSE 0 END), 0) AS closed, \
         COALESCE(SUM(CASE WHEN opened_at < $2 AND (closed_at IS NULL OR closed_at >= $2) \
         THEN 1 ELSE 0 END), 0) AS open_at_end \
         FROM cases WHERE {} GROUP BY office_id",
        if office.is_some() {
            "office_id = $3"
        } else {
            "$3 IS NULL"
        }
    );
    let sql = match conn {
        // SQLite numbers its parameters ?1, ?2… where PostgreSQL says $1, $2…
        DbConn::Sqlite(_) => sql.replace('$', "?"),
        DbConn::Pg(_) => sql,
    };
    Ok(diesel::sql_query(sql)
        .bind::<Timestamp, _>(p.from)
        .bind::<Timestamp, _>(p.to)
        .bind::<Nullable<Text>, _>(office)
        .load(conn)?)
}

/// Services delivered in the period, counted by office, type and provider.
pub fn service_tallies(
    conn: &mut DbConn,
    office: Option<&str>,
    p: Period,
) -> Result<Vec<(String, String, String, i64)>, AppError> {
    let from: NaiveDate = p.from.date();
    let to: NaiveDate = p.to.date();
    let q = services::table
        .filter(services::status.eq("delivered"))
        .filter(services::service_date.ge(from))
        .filter(services::service_date.lt(to))
        .group_by((services::office_id, services::service_type, services::provider))
        .select((
            services::office_id,
            services::service_type,
            services::provider,
            count_star(),
        ))
        .into_boxed();
    Ok(scoped!(q, services::office_id, office).load(conn)?)
}

/// Referrals created in the period, counted by office, status and organisation.
pub fn referral_tallies(
    conn: &mut DbConn,
    office: Option<&str>,
    p: Period,
) -> Result<Vec<(String, String, String, i64)>, AppError> {
    let q = referrals::table
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
        ))
        .into_boxed();
    Ok(scoped!(q, referrals::office_id, office).load(conn)?)
}

/// Response delays (created → first answer) of referrals created in the
/// period, in seconds, with their office.
pub fn response_delays(
    conn: &mut DbConn,
    office: Option<&str>,
    p: Period,
) -> Result<Vec<(String, i64)>, AppError> {
    let q = referrals::table
        .filter(referrals::created_at.ge(p.from))
        .filter(referrals::created_at.lt(p.to))
        .filter(referrals::responded_at.is_not_null())
        .into_boxed();
    let q = scoped!(q, referrals::office_id, office);
    let rows: Vec<(String, NaiveDateTime, Option<NaiveDateTime>)> = q
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

/// A monthly series of one figure.
pub fn monthly(
    conn: &mut DbConn,
    office: Option<&str>,
    p: Period,
    figure: Figure,
) -> Result<Vec<(String, i64)>, AppError> {
    let rows: Vec<(String, i64)> = match figure {
        Figure::MigrantsRegistered => {
            let m = month_of(conn, "migrants.created_at");
            let q = migrants::table
                .group_by(sql::<Text>(&m))
                .select((sql::<Text>(&m), count_star()))
                .into_boxed()
                .filter(migrants::created_at.ge(p.from))
                .filter(migrants::created_at.lt(p.to))
                .filter(migrants::state.ne("merged"));
            scoped!(q, migrants::office_id, office).load(conn)?
        }
        Figure::CasesOpened => {
            let m = month_of(conn, "cases.opened_at");
            let q = cases::table
                .group_by(sql::<Text>(&m))
                .select((sql::<Text>(&m), count_star()))
                .into_boxed()
                .filter(cases::opened_at.ge(p.from))
                .filter(cases::opened_at.lt(p.to));
            scoped!(q, cases::office_id, office).load(conn)?
        }
        Figure::CasesClosed => {
            let m = month_of(conn, "cases.closed_at");
            let q = cases::table
                .group_by(sql::<Text>(&m))
                .select((sql::<Text>(&m), count_star()))
                .into_boxed()
                .filter(cases::closed_at.ge(p.from))
                .filter(cases::closed_at.lt(p.to));
            scoped!(q, cases::office_id, office).load(conn)?
        }
        Figure::ServicesDelivered => {
            let m = month_of(conn, "services.service_date");
            let q = services::table
                .inner_join(cases::table)
                .group_by(sql::<Text>(&m))
                .select((sql::<Text>(&m), count_star()))
                .into_boxed()
                .filter(services::status.eq("delivered"))
                .filter(services::service_date.ge(p.from.date()))
                .filter(services::service_date.lt(p.to.date()));
            scoped!(q, cases::office_id, office).load(conn)?
        }
        Figure::ReferralsCreated => {
            let m = month_of(conn, "referrals.created_at");
            let q = referrals::table
                .group_by(sql::<Text>(&m))
                .select((sql::<Text>(&m), count_star()))
                .into_boxed()
                .filter(referrals::created_at.ge(p.from))
                .filter(referrals::created_at.lt(p.to));
            scoped!(q, referrals::office_id, office).load(conn)?
        }
    };
    Ok(rows)
}

/// The figures of the monthly series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// Migrants registered.
    MigrantsRegistered,
    /// Cases opened.
    CasesOpened,
    /// Cases closed.
    CasesClosed,
    /// Services delivered.
    ServicesDelivered,
    /// Referrals created.
    ReferralsCreated,
}
