//! Households: people registered together.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::households;
use crate::error::AppError;

/// A stored household.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = households)]
pub struct HouseholdRow {
    /// Id.
    pub id: String,
    /// Office.
    pub office_id: String,
    /// Created.
    pub created_at: NaiveDateTime,
}

/// Inserts a household.
pub fn insert(conn: &mut DbConn, row: &HouseholdRow) -> Result<(), AppError> {
    diesel::insert_into(households::table).values(row).execute(conn)?;
    Ok(())
}

/// A household of the office, or None.
pub fn find_in_office(
    conn: &mut DbConn,
    id: &str,
    office_id: &str,
) -> Result<Option<HouseholdRow>, AppError> {
    Ok(households::table
        .filter(households::id.eq(id))
        .filter(households::office_id.eq(office_id))
        .first(conn)
        .optional()?)
}
