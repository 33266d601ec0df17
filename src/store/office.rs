//! Offices.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::page::{Page, PageRequest};
use crate::db::DbConn;
use crate::db::schema::offices;
use crate::error::AppError;

/// A stored office.
#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = offices, treat_none_as_null = true)]
pub struct OfficeRow {
    /// Id.
    pub id: String,
    /// Three-letter code, e.g. `RBA`.
    pub code: String,
    /// Name.
    pub name: String,
    /// City.
    pub city: String,
    /// ISO 3166-1 alpha-2 country.
    pub country: String,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// Its own IANA time zone; `None`: its country's.
    pub time_zone: Option<String>,
}

/// Inserts an office.
pub fn insert(conn: &mut DbConn, row: &OfficeRow) -> Result<(), AppError> {
    diesel::insert_into(offices::table).values(row).execute(conn)?;
    Ok(())
}

/// Finds an office by id.
pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<OfficeRow>, AppError> {
    Ok(offices::table.find(id).first(conn).optional()?)
}

/// Finds an office by code.
pub fn find_by_code(conn: &mut DbConn, code: &str) -> Result<Option<OfficeRow>, AppError> {
    Ok(offices::table
        .filter(offices::code.eq(code))
        .first(conn)
        .optional()?)
}

/// Lists offices in id order.
pub fn list(conn: &mut DbConn, page: &PageRequest) -> Result<Page<OfficeRow>, AppError> {
    let mut q = offices::table
        .order(offices::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(after) = &page.after {
        q = q.filter(offices::id.gt(after.clone()));
    }
    let rows: Vec<OfficeRow> = q.load(conn)?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id.clone()))
}

/// Writes every field of `row` if the stored version is still `version`
/// (the write step of `change::update`).
pub fn store(conn: &mut DbConn, row: &OfficeRow, version: i32) -> Result<(), AppError> {
    let n = diesel::update(
        offices::table
            .filter(offices::id.eq(&row.id))
            .filter(offices::version.eq(version)),
    )
    .set(row)
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::PreconditionFailed);
    }
    Ok(())
}
