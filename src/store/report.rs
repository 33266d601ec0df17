//! Aggregate queries for reports: counts only, never rows about a person.
//! `office` None means the whole network.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::Text;

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

/// Migrants registered in the period, counted by a column.
pub fn migrants_by(
    conn: &mut DbConn,
    office: Option<&str>,
    p: Period,
    column: &str,
) -> Result<Vec<(Option<String>, i64)>, AppError> {
    let expr = format!("CAST(migrants.{column} AS TEXT)");
    let q = migrants::table
        .group_by(sql::<diesel::sql_types::Nullable<Text>>(&expr))
        .select((sql::<diesel::sql_types::Nullable<Text>>(&expr), count_star()))
        .into_boxed()
        .filter(migrants::created_at.ge(p.from))
        .filter(migrants::created_at.lt(p.to))
        .filter(migrants::state.ne("merged"));
    Ok(scoped!(q, migrants::office_id, office).load(conn)?)
}

/// Cases opened, closed in the period, and open at its end.
pub fn case_counts(conn: &mut DbConn, office: Option<&str>, p: Period) -> Result<(i64, i64, i64), AppError> {
    let opened: i64 = scoped!(
        cases::table
            .filter(cases::opened_at.ge(p.from))
            .filter(cases::opened_at.lt(p.to))
            .into_boxed(),
        cases::office_id,
        office
    )
    .count()
    .get_result(conn)?;
    let closed: i64 = scoped!(
        cases::table
            .filter(cases::closed_at.ge(p.from))
            .filter(cases::closed_at.lt(p.to))
            .into_boxed(),
        cases::office_id,
        office
    )
    .count()
    .get_result(conn)?;
    let open_at_end: i64 = scoped!(
        cases::table
            .filter(cases::opened_at.lt(p.to))
            .filter(cases::closed_at.is_null().or(cases::closed_at.ge(p.to)))
            .into_boxed(),
        cases::office_id,
        office
    )
    .count()
    .get_result(conn)?;
    Ok((opened, closed, open_at_end))
}

/// Services delivered in the period, counted by type or by provider.
pub fn services_delivered_by(
    conn: &mut DbConn,
    office: Option<&str>,
    p: Period,
    by_provider: bool,
) -> Result<Vec<(String, i64)>, AppError> {
    let from: NaiveDate = p.from.date();
    let to: NaiveDate = p.to.date();
    macro_rules! by {
        ($col:expr) => {{
            let q = services::table
                .inner_join(cases::table)
                .group_by($col)
                .select(($col, count_star()))
                .into_boxed()
                .filter(services::status.eq("delivered"))
                .filter(services::service_date.ge(from))
                .filter(services::service_date.lt(to));
            scoped!(q, cases::office_id, office).load(conn)?
        }};
    }
    Ok(if by_provider {
        by!(services::provider)
    } else {
        by!(services::service_type)
    })
}

/// Referrals created in the period, counted by status or by organisation.
pub fn referrals_by(
    conn: &mut DbConn,
    office: Option<&str>,
    p: Period,
    by_organization: bool,
) -> Result<Vec<(String, i64)>, AppError> {
    macro_rules! by {
        ($col:expr) => {{
            let q = referrals::table
                .group_by($col)
                .select(($col, count_star()))
                .into_boxed()
                .filter(referrals::created_at.ge(p.from))
                .filter(referrals::created_at.lt(p.to));
            scoped!(q, referrals::office_id, office).load(conn)?
        }};
    }
    Ok(if by_organization {
        by!(referrals::organization_id)
    } else {
        by!(referrals::status)
    })
}

/// Response delays (created → first answer) of referrals created in the period, in seconds.
pub fn response_delays(conn: &mut DbConn, office: Option<&str>, p: Period) -> Result<Vec<i64>, AppError> {
    let q = referrals::table
        .filter(referrals::created_at.ge(p.from))
        .filter(referrals::created_at.lt(p.to))
        .filter(referrals::responded_at.is_not_null())
        .into_boxed();
    let q = scoped!(q, referrals::office_id, office);
    let rows: Vec<(NaiveDateTime, Option<NaiveDateTime>)> = q
        .select((referrals::created_at, referrals::responded_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(c, r)| r.map(|r| (r - c).num_seconds()))
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
