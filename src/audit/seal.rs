//! Keeping the trail sealed: the anchor at start-up (an older, unkeyed trail
//! is checked and sealed under the audit key once) and the checkpoints of the
//! head, taken every `audit_checkpoint_seconds` while the trail grows and
//! whenever an auditor asks for one.

use std::time::Duration;

use super::checkpoint::{Checkpoint, CheckpointError, CheckpointLog};
use super::key::{AuditKey, Keyring};
use crate::db::{Db, DbConn, write_tx};
use crate::error::AppError;
use crate::store;
use crate::store::audit::Anchoring;

/// Why the trail could not be sealed at start-up.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// The database could not be read or written.
    #[error("{0}")]
    Db(#[from] AppError),
    /// The checkpoint log could not be read.
    #[error("{0}")]
    Checkpoint(#[from] CheckpointError),
    /// The trail lost its anchor although this instance checkpointed a keyed
    /// trail before: someone reset it behind the application's back.
    #[error(
        "the audit trail is no longer anchored although {0} holds checkpoints of it: \
         the database was changed behind the application's back. Run `migrant-desk audit-verify` \
         and see docs/operations.md before starting the service"
    )]
    Reset(String),
    /// The trail is kept under a key neither current nor listed as earlier.
    #[error(
        "the audit trail is kept under an audit key (id {0}) that is neither audit_key nor in \
         audit_previous_keys. See docs/operations.md, \"Keys\""
    )]
    UnknownKey(String),
    /// The trail is broken and is not sealed again.
    #[error(
        "the audit trail is broken at entry {seq} ({reason}); it is not sealed under the \
         audit key. See docs/operations.md"
    )]
    Broken {
        /// First broken entry.
        seq: i64,
        /// What is wrong.
        reason: String,
    },
}

/// Anchors the trail under the current key if it is not (first start,
/// upgrade from a version without the audit key, or a new key). Several
/// instances may start at once: the head row lock lets one anchor and the
/// others see it anchored.
pub fn anchor_at_startup(db: &Db, keys: &Keyring, log: &CheckpointLog) -> Result<(), SealError> {
    let mut conn = db.get()?;
    if store::audit::anchors(&mut conn)?.is_empty()
        && let Some(cp) = log.latest(keys)?
        && cp.seq > 0
    {
        return Err(SealError::Reset(log.path().display().to_string()));
    }
    match write_tx(&mut conn, |c| store::audit::anchor(c, keys))? {
        Anchoring::Current => {}
        Anchoring::Anchored { unkeyed } => {
            tracing::info!(
                unkeyed_entries = unkeyed,
                "audit trail anchored under the audit key"
            );
        }
        Anchoring::Rotated { entries } => {
            tracing::info!(
                earlier_entries = entries,
                key_id = %keys.current().id(),
                "audit trail continues under the new audit key"
            );
        }
        Anchoring::UnknownKey(id) => return Err(SealError::UnknownKey(id)),
        Anchoring::Broken(v) => {
            let (seq, _, reason) = v.first_broken.unwrap_or((0, None, String::new()));
            return Err(SealError::Broken { seq, reason });
        }
    }
    Ok(())
}

/// Signs the current head, appends it to the log and writes it to the
/// service log.
pub fn take(conn: &mut DbConn, key: &AuditKey, log: &CheckpointLog) -> Result<Checkpoint, AppError> {
    let head = store::audit::head(conn)?;
    let checkpoint = Checkpoint::sign(key, head.seq, &head.hash, crate::db::utc(crate::db::now()));
    log.append(&checkpoint)
        .map_err(|e| AppError::unavailable(format!("cannot write the audit checkpoint: {e}")))?;
    tracing::info!(
        target: "audit_checkpoint",
        seq = checkpoint.seq,
        mac = %checkpoint.mac,
        at = %checkpoint.at.to_rfc3339(),
        signature = %checkpoint.signature,
        "audit checkpoint"
    );
    Ok(checkpoint)
}

/// Takes a checkpoint every `interval` when the trail has grown since the
/// last one, on a thread of its own.
pub fn start_writer(db: Db, key: AuditKey, log: CheckpointLog, interval: Duration) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("audit-checkpoint".into())
        .spawn(move || {
            let mut last: Option<(i64, String)> = None;
            loop {
                let conn = db.get();
                let head = conn.and_then(|mut c| store::audit::head(&mut c).map(|h| (c, h)));
                match head {
                    Ok((mut c, h)) if last.as_ref() != Some(&(h.seq, h.hash.clone())) => {
                        match take(&mut c, &key, &log) {
                            Ok(cp) => last = Some((cp.seq, cp.mac)),
                            Err(e) => tracing::error!(error = %e, "audit checkpoint failed"),
                        }
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "audit checkpoint: cannot read the head"),
                }
                std::thread::sleep(interval);
            }
        })
        .map(|_| ())
}
