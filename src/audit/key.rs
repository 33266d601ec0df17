//! The audit key: the HMAC-SHA256 key the chain is computed under. It lives
//! with the process (configuration, environment or a 0600 file beside the
//! database), never in the database, so someone who can write the database
//! but does not hold the key cannot re-chain the trail.
//!
//! One process serves one deployment, so the key is installed once for the
//! process at start-up (`install`) and every append and verification uses it;
//! installing a different key later is refused rather than mixing two chains.

use std::sync::{Arc, OnceLock};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::AppError;

/// The HMAC state the chain feeds.
pub type Hasher = Hmac<Sha256>;

/// A key of at least 32 bytes.
#[derive(Clone)]
pub struct AuditKey {
    bytes: Arc<[u8]>,
    /// HMAC state with the key absorbed, cloned for each MAC.
    keyed: Hasher,
}

impl PartialEq for AuditKey {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(********)")
    }
}

/// Shortest key accepted, in bytes.
pub const MIN_LEN: usize = 32;

impl AuditKey {
    /// A key from its bytes (at least 32).
    pub fn new(bytes: &[u8]) -> Result<Self, AppError> {
        if bytes.len() < MIN_LEN {
            return Err(AppError::internal("the audit key must be at least 32 bytes"));
        }
        let keyed = <Hasher as hmac::KeyInit>::new_from_slice(bytes)
            .map_err(|_| AppError::internal("the audit key cannot key HMAC-SHA256"))?;
        Ok(Self {
            bytes: bytes.into(),
            keyed,
        })
    }

    /// Hex MAC of what `feed` writes, under a purpose label that keeps
    /// entries, anchors and checkpoints from ever being confused.
    pub fn mac(&self, purpose: &str, feed: impl FnOnce(&mut Hasher)) -> String {
        let mut h = self.keyed.clone();
        h.update(purpose.as_bytes());
        h.update(&[0]);
        feed(&mut h);
        hex::encode(h.finalize().into_bytes())
    }

    /// Whether `mac` is the MAC of what `feed` writes (constant time).
    pub fn verify(&self, purpose: &str, mac: &str, feed: impl FnOnce(&mut Hasher)) -> bool {
        same_mac(&self.mac(purpose, feed), mac)
    }
}

/// Compares two MACs in constant time.
pub fn same_mac(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

static INSTALLED: OnceLock<AuditKey> = OnceLock::new();

/// Makes `key` the process's audit key. Installing the same key again is a
/// no-op; a different one is refused.
pub fn install(key: AuditKey) -> Result<(), AppError> {
    let current = INSTALLED.get_or_init(|| key.clone());
    if *current != key {
        return Err(AppError::internal(
            "this process already computes the audit chain under another key",
        ));
    }
    Ok(())
}

/// The process's audit key.
pub fn installed() -> Result<&'static AuditKey, AppError> {
    INSTALLED
        .get()
        .ok_or_else(|| AppError::internal("no audit key is installed in this process"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_are_refused_and_purposes_separate_macs() {
        assert!(AuditKey::new(b"too short").is_err());
        let key = AuditKey::new(&[7u8; 32]).unwrap();
        let a = key.mac("entry", |h| h.update(b"x"));
        assert_eq!(a.len(), 64);
        assert_ne!(a, key.mac("checkpoint", |h| h.update(b"x")));
        assert!(key.verify("entry", &a, |h| h.update(b"x")));
        assert!(!key.verify("entry", &a, |h| h.update(b"y")));
        let other = AuditKey::new(&[8u8; 32]).unwrap();
        assert_ne!(a, other.mac("entry", |h| h.update(b"x")));
        assert_eq!(format!("{key:?}"), "AuditKey(********)");
    }
}
