//! What a POST sent with an `Idempotency-Key` created, per user: the status
//! and the id of the resource, never a response body (a body would keep
//! personal data past an anonymisation, and secrets shown once).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::idempotency_keys;
use crate::db::{DbConn, now};
use crate::error::AppError;

/// A stored outcome.
#[derive(Debug, Clone, Queryable)]
pub struct StoredOutcome {
    /// The user.
    pub user_id: String,
    /// The key.
    pub key: String,
    /// Method, path and body digest of the first request.
    pub fingerprint: String,
    /// Status of the first response.
    pub status: i32,
    /// When.
    pub created_at: NaiveDateTime,
    /// The id of what the first request created or changed.
    pub resource_id: String,
}

/// The stored outcome of a user's key, if it is younger than `since`.
pub fn find(
    conn: &mut DbConn,
    user_id: &str,
    key: &str,
    since: NaiveDateTime,
) -> Result<Option<StoredOutcome>, AppError> {
    Ok(idempotency_keys::table
        .find((user_id, key))
        .filter(idempotency_keys::created_at.ge(since))
        .first(conn)
        .optional()?)
}

/// Stores an outcome (replacing an expired one under the same key).
pub fn insert(
    conn: &mut DbConn,
    user_id: &str,
    key: &str,
    fingerprint: &str,
    status: u16,
    resource_id: &str,
) -> Result<(), AppError> {
    diesel::delete(idempotency_keys::table.find((user_id, key))).execute(conn)?;
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::user_id.eq(user_id),
            idempotency_keys::key.eq(key),
            idempotency_keys::fingerprint.eq(fingerprint),
            idempotency_keys::status.eq(i32::from(status)),
            idempotency_keys::resource_id.eq(resource_id),
            idempotency_keys::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Removes outcomes older than `before` (past the replay window); returns
/// how many.
pub fn purge(conn: &mut DbConn, before: NaiveDateTime) -> Result<usize, AppError> {
    Ok(
        diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(before)))
            .execute(conn)?,
    )
}
