//! Consent entries: append-only history per migrant and purpose; the latest
//! entry of a purpose is what counts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::consents;
use crate::error::AppError;

/// A stored consent entry.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = consents)]
pub struct ConsentRow {
    /// Id.
    pub id: String,
    /// Migrant.
    pub migrant_id: String,
    /// `consent_purpose` code.
    pub purpose: String,
    /// Given (true) or withdrawn/refused (false).
    pub given: bool,
    /// Free note.
    pub note: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// When.
    pub recorded_at: NaiveDateTime,
}

/// Appends an entry.
pub fn insert(conn: &mut DbConn, row: &ConsentRow) -> Result<(), AppError> {
    diesel::insert_into(consents::table).values(row).execute(conn)?;
    Ok(())
}

/// Every entry of a migrant, oldest first.
pub fn history(conn: &mut DbConn, migrant_id: &str) -> Result<Vec<ConsentRow>, AppError> {
    Ok(consents::table
        .filter(consents::migrant_id.eq(migrant_id))
        .order((consents::recorded_at.asc(), consents::id.asc()))
        .load(conn)?)
}

/// The latest entry per purpose.
pub fn latest(conn: &mut DbConn, migrant_id: &str) -> Result<Vec<ConsentRow>, AppError> {
    let mut latest: Vec<ConsentRow> = Vec::new();
    for row in history(conn, migrant_id)? {
        latest.retain(|r| r.purpose != row.purpose);
        latest.push(row);
    }
    latest.sort_by(|a, b| a.purpose.cmp(&b.purpose));
    Ok(latest)
}

/// Moves every entry to another migrant (merge).
pub fn reassign(conn: &mut DbConn, from: &str, to: &str) -> Result<(), AppError> {
    diesel::update(consents::table.filter(consents::migrant_id.eq(from)))
        .set(consents::migrant_id.eq(to))
        .execute(conn)?;
    Ok(())
}

/// The latest entry per purpose of each of a batch of migrants: one query.
pub fn latest_of(
    conn: &mut DbConn,
    migrant_ids: &[String],
) -> Result<std::collections::HashMap<String, Vec<ConsentRow>>, AppError> {
    let mut by_migrant: std::collections::HashMap<String, Vec<ConsentRow>> = Default::default();
    if migrant_ids.is_empty() {
        return Ok(by_migrant);
    }
    let rows: Vec<ConsentRow> = consents::table
        .filter(consents::migrant_id.eq_any(migrant_ids))
        .order((consents::recorded_at.asc(), consents::id.asc()))
        .load(conn)?;
    for row in rows {
        let latest = by_migrant.entry(row.migrant_id.clone()).or_default();
        latest.retain(|r| r.purpose != row.purpose);
        latest.push(row);
    }
    for latest in by_migrant.values_mut() {
        latest.sort_by(|a, b| a.purpose.cmp(&b.purpose));
    }
    Ok(by_migrant)
}
