//! Checkpoints: the chain's head (seq and MAC) at a moment, signed with the
//! audit key and kept where a database writer cannot reach it — a file in
//! the data directory, the log, and whatever an auditor saves from
//! `GET /audit/checkpoint`. The chain alone cannot show that its newest
//! entries were cut off (the head row is in the database too); a checkpoint
//! can: the trail must still hold the entry it names, with the same MAC.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use hmac::Mac;
use serde::{Deserialize, Serialize};

use super::key::{AuditKey, Keyring};

/// Purpose label of a checkpoint's signature.
const CHECKPOINT: &str = "migrant-desk audit checkpoint v1";

/// File name of the checkpoint log in the data directory.
pub const FILE_NAME: &str = "audit-checkpoints.jsonl";

/// The head of the chain at a moment, signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    /// Entries in the trail at that moment (the head's position).
    pub seq: i64,
    /// MAC of the entry at `seq` (the genesis value when the trail is empty).
    pub mac: String,
    /// When the checkpoint was taken.
    pub at: DateTime<Utc>,
    /// HMAC-SHA256 of seq, MAC and time under the audit key.
    pub signature: String,
}

impl Checkpoint {
    /// Signs the head (`seq`, `mac`) as of `at`.
    pub fn sign(key: &AuditKey, seq: i64, mac: &str, at: DateTime<Utc>) -> Self {
        let signature = key.mac(CHECKPOINT, |h| feed(h, seq, mac, at));
        Self {
            seq,
            mac: mac.to_string(),
            at,
            signature,
        }
    }

    /// Whether the signature was made with `key` over these values.
    pub fn is_signed_by(&self, key: &AuditKey) -> bool {
        key.verify(CHECKPOINT, &self.signature, |h| {
            feed(h, self.seq, &self.mac, self.at)
        })
    }
}

fn feed(h: &mut super::key::Hasher, seq: i64, mac: &str, at: DateTime<Utc>) {
    h.update(&seq.to_be_bytes());
    h.update(mac.as_bytes());
    h.update(at.to_rfc3339_opts(SecondsFormat::Micros, true).as_bytes());
}

/// What can go wrong reading the checkpoint log.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The newest line is not a checkpoint signed with this key.
    #[error("{path}: the newest checkpoint is damaged or was not signed with this audit key")]
    Forged {
        /// The file.
        path: String,
    },
}

/// The append-only checkpoint log of one instance (`data_dir/audit-checkpoints.jsonl`).
/// Appends are serialised within the process, and the last checkpoint
/// written is remembered, so one head is written once.
#[derive(Debug, Clone)]
pub struct CheckpointLog {
    path: PathBuf,
    last: std::sync::Arc<std::sync::Mutex<Option<Checkpoint>>>,
}

/// The newest checkpoint is read from this many final bytes of the file.
const TAIL: u64 = 8192;

impl CheckpointLog {
    /// The log in a data directory.
    pub fn in_dir(data_dir: impl AsRef<Path>) -> Self {
        Self {
            path: data_dir.as_ref().join(FILE_NAME),
            last: Default::default(),
        }
    }

    /// The checkpoint of the head `(seq, mac)`: the one already written
    /// when the head has not moved since, else `sign()` appended once. The
    /// lock is held while writing, so concurrent callers for one head write
    /// one line.
    pub fn once_per_head(
        &self,
        seq: i64,
        mac: &str,
        sign: impl FnOnce() -> Checkpoint,
    ) -> (Checkpoint, Result<bool, CheckpointError>) {
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(cp) = last.as_ref().filter(|cp| cp.seq == seq && cp.mac == mac) {
            return (cp.clone(), Ok(false));
        }
        let cp = sign();
        let written = self.append(&cp).map(|()| true);
        if written.is_ok() {
            *last = Some(cp.clone());
        }
        (cp, written)
    }

    /// Where the log is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io(&self) -> impl FnOnce(std::io::Error) -> CheckpointError + '_ {
        move |source| CheckpointError::Io {
            path: self.path.display().to_string(),
            source,
        }
    }

    /// Appends a checkpoint and waits until it is on disk. The file is
    /// created private to the service's user.
    pub fn append(&self, checkpoint: &Checkpoint) -> Result<(), CheckpointError> {
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true).read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&self.path).map_err(self.io())?;
        // After a line cut short by a crash, start on a new line.
        let mut line = Vec::new();
        let len = file.metadata().map_err(self.io())?.len();
        if len > 0 {
            let mut last = [0u8];
            file.seek(SeekFrom::Start(len - 1)).map_err(self.io())?;
            file.read_exact(&mut last).map_err(self.io())?;
            if last[0] != b'\n' {
                line.push(b'\n');
            }
        }
        serde_json::to_writer(&mut line, checkpoint).map_err(|e| self.io()(std::io::Error::other(e)))?;
        line.push(b'\n');
        file.write_all(&line)
            .and_then(|_| file.sync_data())
            .map_err(self.io())
    }

    /// The newest checkpoint, its signature checked (under any of the keys:
    /// it may predate a rotation); None when the log does not exist or is
    /// empty.
    pub fn latest(&self, keys: &Keyring) -> Result<Option<Checkpoint>, CheckpointError> {
        let mut file = match std::fs::File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io()(e)),
        };
        let len = file.metadata().map_err(self.io())?.len();
        file.seek(SeekFrom::Start(len.saturating_sub(TAIL)))
            .map_err(self.io())?;
        let mut tail = String::new();
        file.read_to_string(&mut tail).map_err(self.io())?;
        // A line cut short by a crash while appending is not a checkpoint.
        let Some(line) = tail.lines().rev().map(str::trim).find(|l| l.ends_with('}')) else {
            return Ok(None);
        };
        match serde_json::from_str::<Checkpoint>(line) {
            Ok(cp) if keys.all().any(|k| cp.is_signed_by(k)) => Ok(Some(cp)),
            _ => Err(CheckpointError::Forged {
                path: self.path.display().to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_cover_every_value_and_the_log_returns_the_newest() {
        let key = AuditKey::new(&[3u8; 32]).unwrap();
        let at = Utc::now();
        let cp = Checkpoint::sign(&key, 7, "ab", at);
        assert!(cp.is_signed_by(&key));
        assert!(!cp.is_signed_by(&AuditKey::new(&[4u8; 32]).unwrap()));
        for changed in [
            Checkpoint { seq: 6, ..cp.clone() },
            Checkpoint {
                mac: "ac".into(),
                ..cp.clone()
            },
            Checkpoint {
                at: at + chrono::Duration::seconds(1),
                ..cp.clone()
            },
        ] {
            assert!(!changed.is_signed_by(&key));
        }

        let dir = tempfile::tempdir().unwrap();
        let log = CheckpointLog::in_dir(dir.path());
        let ring = Keyring::new(key.clone(), Vec::new());
        assert_eq!(log.latest(&ring).unwrap(), None);
        log.append(&cp).unwrap();
        let newer = Checkpoint::sign(&key, 9, "cd", at);
        log.append(&newer).unwrap();
        assert_eq!(log.latest(&ring).unwrap(), Some(newer.clone()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(log.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // A torn last line (crash while appending) is skipped.
        std::fs::OpenOptions::new()
            .append(true)
            .open(log.path())
            .unwrap()
            .write_all(b"{\"seq\":10,\"ma")
            .unwrap();
        assert_eq!(log.latest(&ring).unwrap(), Some(newer));
        let after = Checkpoint::sign(&key, 11, "ef", at);
        log.append(&after).unwrap();
        assert_eq!(log.latest(&ring).unwrap(), Some(after));
        // A forged line is refused, not skipped.
        let forged = Checkpoint {
            seq: 1,
            ..Checkpoint::sign(&AuditKey::new(&[5u8; 32]).unwrap(), 1, "x", at)
        };
        std::fs::write(log.path(), serde_json::to_string(&forged).unwrap() + "\n").unwrap();
        assert!(matches!(log.latest(&ring), Err(CheckpointError::Forged { .. })));
    }
}
