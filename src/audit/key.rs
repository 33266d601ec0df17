//! The audit key: the HMAC-SHA256 key the chain is computed under. It lives
//! with the process (configuration, environment or a 0600 file beside the
//! database), never in the database, so someone who can write the database
//! but does not hold the key cannot re-chain the trail.
//!
//! The key can be rotated: the current key MACs new entries, earlier keys
//! (`audit_previous_keys`) are kept to verify the entries they MACed. Each
//! key is named by an id derived from it (`AuditKey::id`) that reveals
//! nothing of it.
//!
//! One process serves one deployment, so the keyring is installed once for
//! the process at start-up (`install`) and every append and verification uses
//! it; installing a different one later is refused rather than mixing chains.

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

    /// The key's public name: the first 16 hex digits of its MAC of a fixed
    /// label (stored beside the entries it MACs; reveals nothing of the key).
    pub fn id(&self) -> String {
        self.mac("migrant-desk audit key id v1", |_| {})[..16].to_string()
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

/// The current key and the earlier ones still needed to verify old entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyring {
    current: AuditKey,
    previous: Vec<AuditKey>,
}

impl Keyring {
    /// A keyring (the current key first).
    pub fn new(current: AuditKey, previous: Vec<AuditKey>) -> Self {
        Self { current, previous }
    }

    /// The key new entries are MACed under.
    pub fn current(&self) -> &AuditKey {
        &self.current
    }

    /// The key named `id`, current or earlier.
    pub fn by_id(&self, id: &str) -> Option<&AuditKey> {
        std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|k| k.id() == id)
    }

    /// Every key, the current one first.
    pub fn all(&self) -> impl Iterator<Item = &AuditKey> {
        std::iter::once(&self.current).chain(&self.previous)
    }
}

static INSTALLED: OnceLock<Keyring> = OnceLock::new();

/// Makes `keys` the process's audit keyring. Installing the same keyring
/// again is a no-op; a different one is refused.
pub fn install(keys: Keyring) -> Result<(), AppError> {
    let current = INSTALLED.get_or_init(|| keys.clone());
    if *current != keys {
        return Err(AppError::internal(
            "this process already computes the audit chain under other keys",
        ));
    }
    Ok(())
}

/// The process's audit keyring.
pub fn installed() -> Result<&'static Keyring, AppError> {
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
        assert_eq!(key.id().len(), 16);
        assert_ne!(key.id(), other.id());
        let ring = Keyring::new(other.clone(), vec![key.clone()]);
        assert_eq!(ring.by_id(&key.id()), Some(&key));
        assert_eq!(ring.current(), &other);
        assert!(ring.by_id("0000000000000000").is_none());
    }
}
