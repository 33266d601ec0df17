//! Partner organisations (the directory of migration actors). The
//! foundation only needs to know that an organisation exists, to bind
//! partner users to it, and to seed the demo directory.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::organizations;
use crate::error::AppError;

/// A stored organisation.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = organizations)]
pub struct OrganizationRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Acronym.
    pub acronym: Option<String>,
    /// `organization_kind` code.
    pub kind: String,
    /// Description (HSDS requires one).
    pub description: String,
    /// JSON array of `service_type` codes.
    pub services: String,
    /// JSON array of office ids served.
    pub offices_served: String,
    /// JSON array of ISO 639 language codes.
    pub languages: String,
    /// Contact email.
    pub contact_email: Option<String>,
    /// Contact phone.
    pub contact_phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Whether referrals may be sent to it.
    pub active: bool,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Optimistic-concurrency version.
    pub version: i32,
}

/// Inserts an organisation.
pub fn insert(conn: &mut DbConn, row: &OrganizationRow) -> Result<(), AppError> {
    diesel::insert_into(organizations::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Whether an organisation with that id exists.
pub fn exists(conn: &mut DbConn, id: &str) -> Result<bool, AppError> {
    let n: i64 = organizations::table
        .filter(organizations::id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
