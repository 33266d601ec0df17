//! Stored responses of POSTs sent with an `Idempotency-Key`, per user.

use diesel::prelude::*;

use crate::db::schema::idempotency_keys;
use crate::db::{DbConn, now};
use crate::error::AppError;

/// A stored response.
#[derive(Debug, Clone, Queryable)]
pub struct StoredResponse {
    /// The user.
    pub user_id: String,
    /// The key.
    pub key: String,
    /// Method, path and body digest of the first request.
    pub fingerprint: String,
    /// Status of the first response.
    pub status: i32,
    /// JSON body of the first response.
    pub body: String,
    /// When.
    pub created_at: chrono::NaiveDateTime,
}

/// The stored response for a user's key.
pub fn find(conn: &mut DbConn, user_id: &str, key: &str) -> Result<Option<StoredResponse>, AppError> {
    Ok(idempotency_keys::table
        .find((user_id, key))
        .first(conn)
        .optional()?)
}

/// Stores a response.
pub fn insert(
    conn: &mut DbConn,
    user_id: &str,
    key: &str,
    fingerprint: &str,
    status: u16,
    body: &str,
) -> Result<(), AppError> {
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::user_id.eq(user_id),
            idempotency_keys::key.eq(key),
            idempotency_keys::fingerprint.eq(fingerprint),
            idempotency_keys::status.eq(i32::from(status)),
            idempotency_keys::body.eq(body),
            idempotency_keys::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}
