//! Distributions and the services each created.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{cases, distribution_services, distributions, services};
use crate::error::AppError;

/// A stored distribution.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = distributions)]
pub struct DistributionRow {
    /// Id.
    pub id: String,
    /// The office that distributed.
    pub office_id: String,
    /// `service_type` code.
    pub service_type: String,
    /// When.
    pub service_date: NaiveDate,
    /// Where (a school, a market, the office).
    pub place: Option<String>,
    /// How much was given to each (kits, parcels …).
    pub quantity: Option<i32>,
    /// `office` or a partner organisation id.
    pub provider: String,
    /// The target list it went to, if any.
    pub target_list_id: Option<String>,
    /// How many people were served.
    pub served: i32,
    /// JSON `[{migrant_id, reason}]`: who was not served, and why.
    pub exceptions: String,
    /// Who recorded it.
    pub created_by: Option<String>,
    /// Recorded.
    pub created_at: NaiveDateTime,
}

/// Inserts a distribution.
pub fn insert(conn: &mut DbConn, row: &DistributionRow) -> Result<(), AppError> {
    diesel::insert_into(distributions::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Links a service the distribution created.
pub fn link(conn: &mut DbConn, distribution: &str, service: &str, migrant: &str) -> Result<(), AppError> {
    diesel::insert_into(distribution_services::table)
        .values((
            distribution_services::distribution_id.eq(distribution.to_string()),
            distribution_services::service_id.eq(service.to_string()),
            distribution_services::migrant_id.eq(migrant.to_string()),
        ))
        .execute(conn)?;
    Ok(())
}

/// A distribution of the office.
pub fn find_in_office(
    conn: &mut DbConn,
    id: &str,
    office_id: &str,
) -> Result<Option<DistributionRow>, AppError> {
    Ok(distributions::table
        .filter(distributions::id.eq(id.to_string()))
        .filter(distributions::office_id.eq(office_id.to_string()))
        .first(conn)
        .optional()?)
}

/// The office's distributions, newest first.
pub fn of_office(conn: &mut DbConn, office_id: &str, limit: i64) -> Result<Vec<DistributionRow>, AppError> {
    Ok(distributions::table
        .filter(distributions::office_id.eq(office_id.to_string()))
        .order(distributions::id.desc())
        .limit(limit)
        .load(conn)?)
}

/// Of `migrants`, those who received a delivered service of `service_type`
/// between `from` and `to` (inclusive).
pub fn served_between(
    conn: &mut DbConn,
    migrants: &[String],
    service_type: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<String>, AppError> {
    let mut out = Vec::new();
    for chunk in migrants.chunks(500) {
        let mut part: Vec<String> = services::table
            .inner_join(cases::table.on(cases::id.eq(services::case_id)))
            .filter(cases::migrant_id.eq_any(chunk.to_vec()))
            .filter(services::service_type.eq(service_type.to_string()))
            .filter(services::status.eq("delivered"))
            .filter(services::service_date.ge(from))
            .filter(services::service_date.le(to))
            .select(cases::migrant_id)
            .distinct()
            .load(conn)?;
        out.append(&mut part);
    }
    out.sort();
    out.dedup();
    Ok(out)
}
