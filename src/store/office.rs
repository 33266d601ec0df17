//! Offices.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::page::{Page, PageRequest};
use crate::db::DbConn;
use crate::db::schema::offices;
use crate::error::AppError;

/// A stored office.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = offices)]
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
}

/// Fields to change (None = keep).
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = offices)]
pub struct OfficeChanges {
    /// Code.
    pub code: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country.
    pub country: Option<String>,
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

/// Applies changes if the stored version is still `version`; bumps it.
pub fn update(
    conn: &mut DbConn,
    id: &str,
    version: i32,
    changes: &OfficeChanges,
    now: NaiveDateTime,
) -> Result<OfficeRow, AppError> {
    let n = diesel::update(
        offices::table
            .filter(offices::id.eq(id))
            .filter(offices::version.eq(version)),
    )
    .set((
        changes,
        offices::updated_at.eq(now),
        offices::version.eq(version + 1),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::PreconditionFailed);
    }
    find(conn, id)?.ok_or(AppError::NotFound)
}
