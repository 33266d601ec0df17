//! Retries that create nothing more: a creating operation runs at most once
//! per user and `Idempotency-Key` within the replay window. Its status and
//! the id of what it created are stored in the same transaction as what it
//! created — never the response body —; a retry with the same key is
//! answered by reading that resource again, as the user may see it now
//! (so an anonymised record replays anonymised, and a secret shown once is
//! never shown again). A key reused for another request is refused. Failed
//! operations are not stored, so they can be retried. (The HTTP wrapper,
//! `http::idempotency`, reads the header, fingerprints the request and
//! re-reads; the web pages call the services without it.)

use chrono::{Duration, NaiveDateTime};

use crate::db::{DbConn, now, write_tx};
use crate::error::AppError;
use crate::store;

/// How long a key is remembered: a client retries within minutes; a day
/// covers a device that was offline overnight.
pub const REPLAY_WINDOW_HOURS: i64 = 24;

/// What became of an operation run under a key.
#[derive(Debug)]
pub enum Outcome {
    /// It ran now: its status and JSON body.
    Fresh(u16, serde_json::Value),
    /// It ran before: the status it answered and the id of its resource.
    Replay(u16, String),
}

fn window_start(at: NaiveDateTime) -> NaiveDateTime {
    at - Duration::hours(REPLAY_WINDOW_HOURS)
}

/// Runs `f` (which returns its status and JSON body, with the resource's
/// `id`) unless `user` already ran an operation under `key` within the
/// replay window, in which case that operation's outcome is returned.
pub fn once_per_key<F>(
    c: &mut DbConn,
    user: &str,
    key: &str,
    fingerprint: &str,
    f: F,
) -> Result<Outcome, AppError>
where
    F: FnOnce(&mut DbConn) -> Result<(u16, serde_json::Value), AppError>,
{
    write_tx(c, |c| {
        if let Some(stored) = store::idempotency::find(c, user, key, window_start(now()))? {
            if stored.fingerprint != fingerprint {
                return Err(AppError::field(
                    "Idempotency-Key",
                    "was already used for a different request",
                ));
            }
            return Ok(Outcome::Replay(stored.status as u16, stored.resource_id));
        }
        let (status, body) = f(c)?;
        let id = body
            .get("id")
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| AppError::internal("an idempotent operation answered no id"))?;
        store::idempotency::insert(c, user, key, fingerprint, status, id)?;
        Ok(Outcome::Fresh(status, body))
    })
}

/// Forgets the keys past the replay window (run with the retention job).
pub fn purge(c: &mut DbConn, at: NaiveDateTime) -> Result<usize, AppError> {
    store::idempotency::purge(c, window_start(at))
}
