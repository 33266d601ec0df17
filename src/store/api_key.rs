//! API keys of partner organisations (stored hashed).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{api_keys, organizations};
use crate::error::AppError;

/// A stored key.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = api_keys)]
pub struct ApiKeyRow {
    /// Id.
    pub id: String,
    /// Organisation.
    pub organization_id: String,
    /// A label chosen by its creator.
    pub name: String,
    /// The first characters of the key, to recognise it.
    pub prefix: String,
    /// SHA-256 of the key.
    pub key_hash: String,
    /// Who created it.
    pub created_by: Option<String>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last used.
    pub last_used_at: Option<NaiveDateTime>,
    /// Revoked.
    pub revoked_at: Option<NaiveDateTime>,
    /// When it stops working on its own, if ever.
    pub expires_at: Option<NaiveDateTime>,
}

/// Inserts a key.
pub fn insert(conn: &mut DbConn, row: &ApiKeyRow) -> Result<(), AppError> {
    diesel::insert_into(api_keys::table).values(row).execute(conn)?;
    Ok(())
}

/// Keys of an organisation.
pub fn of_organization(conn: &mut DbConn, organization_id: &str) -> Result<Vec<ApiKeyRow>, AppError> {
    Ok(api_keys::table
        .filter(api_keys::organization_id.eq(organization_id))
        .order(api_keys::id.asc())
        .load(conn)?)
}

/// A key of an organisation.
pub fn find_in_organization(
    conn: &mut DbConn,
    id: &str,
    organization_id: &str,
) -> Result<Option<ApiKeyRow>, AppError> {
    Ok(api_keys::table
        .filter(api_keys::id.eq(id))
        .filter(api_keys::organization_id.eq(organization_id))
        .first(conn)
        .optional()?)
}

/// Revokes a key.
pub fn revoke(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> Result<(), AppError> {
    diesel::update(
        api_keys::table
            .filter(api_keys::id.eq(id))
            .filter(api_keys::revoked_at.is_null()),
    )
    .set(api_keys::revoked_at.eq(Some(at)))
    .execute(conn)?;
    Ok(())
}

/// The live key with that hash (not revoked, not expired) whose
/// organisation is active; records its use.
pub fn authenticate(
    conn: &mut DbConn,
    key_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<ApiKeyRow>, AppError> {
    let row: Option<ApiKeyRow> = api_keys::table
        .inner_join(organizations::table)
        .filter(api_keys::key_hash.eq(key_hash))
        .filter(api_keys::revoked_at.is_null())
        .filter(api_keys::expires_at.is_null().or(api_keys::expires_at.gt(now)))
        .filter(organizations::active.eq(true))
        .select(api_keys::all_columns)
        .first(conn)
        .optional()?;
    if let Some(r) = &row {
        // Coarse (one write a minute at most) so that keys used in bursts do not write on every call.
        if r.last_used_at
            .is_none_or(|t| now - t > chrono::Duration::minutes(1))
        {
            diesel::update(api_keys::table.find(&r.id))
                .set(api_keys::last_used_at.eq(Some(now)))
                .execute(conn)?;
        }
    }
    Ok(row)
}
