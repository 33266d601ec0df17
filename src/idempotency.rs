//! Retries that create nothing more: a creating operation runs at most once
//! per user and `Idempotency-Key`. Its first response is stored in the same
//! transaction as what it created; a retry with the same key gets that
//! response again; a key reused for another request is refused. Failed
//! operations are not stored, so they can be retried. (The HTTP wrapper,
//! `http::idempotency`, reads the header and fingerprints the request; the
//! web pages call the services without it.)

use crate::db::{DbConn, write_tx};
use crate::error::AppError;
use crate::store;

/// What the operation answered: status, JSON body, and whether it is a replay.
pub type Answer = (u16, serde_json::Value, bool);

/// Runs `f` (which returns its status and JSON body) unless `user` already
/// ran an operation under `key`, in which case that first answer is returned.
pub fn once_per_key<F>(
    c: &mut DbConn,
    user: &str,
    key: &str,
    fingerprint: &str,
    f: F,
) -> Result<Answer, AppError>
where
    F: FnOnce(&mut DbConn) -> Result<(u16, serde_json::Value), AppError>,
{
    write_tx(c, |c| {
        if let Some(stored) = store::idempotency::find(c, user, key)? {
            if stored.fingerprint != fingerprint {
                return Err(AppError::field(
                    "Idempotency-Key",
                    "was already used for a different request",
                ));
            }
            let body = serde_json::from_str(&stored.body)
                .map_err(|e| AppError::internal_from("stored idempotent response unreadable", e))?;
            return Ok((stored.status as u16, body, true));
        }
        let (status, body) = f(c)?;
        store::idempotency::insert(c, user, key, fingerprint, status, &body.to_string())?;
        Ok((status, body, false))
    })
}
