//! Keeping the trail sealed: the anchor at start-up (an older, unkeyed trail
//! is checked and sealed under the audit key once) and the checkpoints of the
//! head, taken every `audit_checkpoint_seconds` while the trail grows and
//! whenever an auditor asks for one.

use std::time::Duration;

use super::checkpoint::{Checkpoint, CheckpointError, CheckpointLog};
use super::key::{AuditKey, Keyring};
use super::trail::Anchoring;
use crate::db::{Db, DbConn, write_tx};
use crate::error::AppError;
use crate::store;

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
/// upgrade from a version without the audit key, or a new key), then
/// verifies the whole trail: a broken one refuses the start. Several
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
    match write_tx(&mut conn, |c| super::trail::anchor(c, keys))? {
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
    // The whole keyed trail, its anchors and this instance's newest
    // checkpoint are checked before the service starts: it never runs (nor
    // signs a checkpoint) over a trail altered while it was stopped.
    let v = super::read::verify_against(&mut conn, log, None)?;
    if let Some(b) = v.first_broken {
        return Err(SealError::Broken {
            seq: b.seq,
            reason: b.reason,
        });
    }
    tracing::info!(checked = v.checked, "audit trail verified");
    Ok(())
}

/// A signed checkpoint of the current head, appended to the log (and
/// written to the service log) once per head: asking again while the trail
/// has not grown returns the same checkpoint and writes nothing. A
/// checkpoint that cannot be written to the log is still returned — it is
/// signed, and an auditor may keep and use it — and the failure is logged.
pub fn take(conn: &mut DbConn, key: &AuditKey, log: &CheckpointLog) -> Result<Checkpoint, AppError> {
    let head = store::audit::head(conn)?;
    let (checkpoint, written) = log.once_per_head(head.seq, &head.hash, || {
        Checkpoint::sign(key, head.seq, &head.hash, crate::db::utc(crate::db::now()))
    });
    match written {
        Ok(true) => tracing::info!(
            target: "audit_checkpoint",
            seq = checkpoint.seq,
            mac = %checkpoint.mac,
            at = %checkpoint.at.to_rfc3339(),
            signature = %checkpoint.signature,
            "audit checkpoint"
        ),
        Ok(false) => {}
        Err(e) => {
            tracing::error!(error = %e, seq = checkpoint.seq, "cannot write the audit checkpoint to its log")
        }
    }
    Ok(checkpoint)
}

/// Takes a checkpoint every `interval` when the trail has grown since the
/// last one, on a thread of its own.
pub fn start_writer(db: Db, key: AuditKey, log: CheckpointLog, interval: Duration) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("audit-checkpoint".into())
        .spawn(move || {
            loop {
                match db.get() {
                    // Writes nothing when the head has not moved (`take`).
                    Ok(mut c) => {
                        if let Err(e) = take(&mut c, &key, &log) {
                            tracing::error!(error = %e, "audit checkpoint failed");
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "audit checkpoint: cannot read the head"),
                }
                std::thread::sleep(interval);
            }
        })
        .map(|_| ())
}
