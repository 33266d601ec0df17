//! Support services recorded on a case.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{cases, services};
use crate::error::AppError;

/// A stored service.
#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = services, treat_none_as_null = true)]
pub struct ServiceRow {
    /// Id.
    pub id: String,
    /// Case.
    pub case_id: String,
    /// `service_type` code.
    pub service_type: String,
    /// `planned`, `delivered` or `cancelled`.
    pub status: String,
    /// Date planned or delivered.
    pub service_date: NaiveDate,
    /// `office` or an organisation id.
    pub provider: String,
    /// Notes.
    pub notes: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// The case's office (copied so that reports count services without a
    /// join; a transfer moves it with the case).
    pub office_id: String,
}

/// Inserts a service.
pub fn insert(conn: &mut DbConn, row: &ServiceRow) -> Result<(), AppError> {
    diesel::insert_into(services::table).values(row).execute(conn)?;
    Ok(())
}

/// Moves a case's services to another office (the case was transferred).
pub fn set_office(conn: &mut DbConn, case_id: &str, office_id: &str) -> Result<(), AppError> {
    diesel::update(services::table.filter(services::case_id.eq(case_id)))
        .set(services::office_id.eq(office_id))
        .execute(conn)?;
    Ok(())
}

/// A service whose case belongs to the office, with that case's id.
pub fn find_in_office(conn: &mut DbConn, id: &str, office_id: &str) -> Result<Option<ServiceRow>, AppError> {
    Ok(services::table
        .inner_join(cases::table)
        .filter(services::id.eq(id))
        .filter(cases::office_id.eq(office_id))
        .select(services::all_columns)
        .first(conn)
        .optional()?)
}

/// A service an organisation recorded as its provider.
pub fn find_provided(
    conn: &mut DbConn,
    id: &str,
    organization_id: &str,
) -> Result<Option<ServiceRow>, AppError> {
    Ok(services::table
        .filter(services::id.eq(id))
        .filter(services::provider.eq(organization_id))
        .first(conn)
        .optional()?)
}

/// Services of a case, oldest first.
pub fn of_case(conn: &mut DbConn, case_id: &str) -> Result<Vec<ServiceRow>, AppError> {
    Ok(services::table
        .filter(services::case_id.eq(case_id))
        .order(services::id.asc())
        .load(conn)?)
}

/// Writes every field if the stored version is still `version`.
pub fn update(conn: &mut DbConn, row: &ServiceRow, version: i32) -> Result<(), AppError> {
    let n = diesel::update(
        services::table
            .filter(services::id.eq(&row.id))
            .filter(services::version.eq(version)),
    )
    .set(row)
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::PreconditionFailed);
    }
    Ok(())
}

/// The rows of a batch of cases: one query.
pub fn of_cases(conn: &mut DbConn, case_ids: &[String]) -> Result<Vec<ServiceRow>, AppError> {
    if case_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(services::table
        .filter(services::case_id.eq_any(case_ids))
        .order(services::id.asc())
        .load(conn)?)
}
