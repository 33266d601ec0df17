//! The chain: each entry's MAC covers the previous entry's MAC and every
//! recorded field, so altering, inserting or removing a row breaks the chain
//! from that row on. The MAC is HMAC-SHA256 under the audit key (`key`), so
//! someone who can write the database but does not hold the key cannot
//! recompute it. Entries written before the key existed keep their unkeyed
//! SHA-256 links (`legacy_hash`) and are sealed by the anchor (`anchor_mac`):
//! the keyed MAC of where keyed entries start and of the unkeyed head there.

use chrono::NaiveDateTime;
use sha2::digest::Update;
use sha2::{Digest, Sha256};

use super::key::AuditKey;

/// Purpose label of an entry's MAC.
const ENTRY: &str = "migrant-desk audit entry v1";
/// Purpose label of the anchor's MAC.
const ANCHOR: &str = "migrant-desk audit anchor v1";

/// `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields an entry's hash covers, in order.
#[derive(Debug, Clone, Copy)]
pub struct Link<'a> {
    /// Position in the chain, from 1, without gaps.
    pub seq: i64,
    /// Entry id.
    pub id: &'a str,
    /// When.
    pub at: NaiveDateTime,
    /// Who.
    pub actor_id: Option<&'a str>,
    /// Actor's role.
    pub role: Option<&'a str>,
    /// What.
    pub action: &'a str,
    /// Entity type.
    pub entity_type: Option<&'a str>,
    /// Entity id.
    pub entity_id: Option<&'a str>,
    /// Office.
    pub office_id: Option<&'a str>,
    /// Request id.
    pub request_id: Option<&'a str>,
}

/// Writes the previous MAC and the entry's fields. Fields are
/// length-prefixed so that no two different entries serialise alike.
fn feed(h: &mut impl Update, prev: &str, link: &Link<'_>) {
    let mut put = |s: Option<&str>| match s {
        Some(v) => {
            h.update(&(v.len() as u64).to_be_bytes());
            h.update(v.as_bytes());
        }
        None => h.update(&u64::MAX.to_be_bytes()),
    };
    let seq = link.seq.to_string();
    let at = link.at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    put(Some(prev));
    put(Some(&seq));
    put(Some(link.id));
    put(Some(&at));
    put(link.actor_id);
    put(link.role);
    put(Some(link.action));
    put(link.entity_type);
    put(link.entity_id);
    put(link.office_id);
    put(link.request_id);
}

/// The entry's MAC (hex): HMAC-SHA256 under the audit key of the previous
/// MAC and the entry's fields.
pub fn mac(key: &AuditKey, prev: &str, link: &Link<'_>) -> String {
    key.mac(ENTRY, |h| feed(h, prev, link))
}

/// The unkeyed SHA-256 link (hex) entries had before the audit key: checked
/// only for entries before the anchor.
pub fn legacy_hash(prev: &str, link: &Link<'_>) -> String {
    let mut h = Sha256::new();
    feed(&mut h, prev, link);
    hex::encode(h.finalize())
}

/// The anchor's MAC: keyed entries start at `keyed_from`, and the unkeyed
/// chain before it ends in `legacy_head` (GENESIS when there is none).
pub fn anchor_mac(key: &AuditKey, keyed_from: i64, legacy_head: &str) -> String {
    key.mac(ANCHOR, |h| {
        h.update(&keyed_from.to_be_bytes());
        h.update(legacy_head.as_bytes());
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(action: &str) -> Link<'_> {
        Link {
            seq: 1,
            id: "e1",
            at: chrono::DateTime::from_timestamp(1_700_000_000, 123_000)
                .unwrap()
                .naive_utc(),
            actor_id: Some("u1"),
            role: Some("admin"),
            action,
            entity_type: Some("office"),
            entity_id: Some("o1"),
            office_id: None,
            request_id: Some("r1"),
        }
    }

    fn key(b: u8) -> AuditKey {
        AuditKey::new(&[b; 32]).unwrap()
    }

    #[test]
    fn mac_depends_on_every_field_the_previous_mac_and_the_key() {
        let k = key(1);
        let base = mac(&k, GENESIS, &link("create"));
        assert_eq!(base, mac(&k, GENESIS, &link("create")));
        assert_ne!(base, mac(&k, GENESIS, &link("update")));
        assert_ne!(base, mac(&k, &base, &link("create")));
        assert_ne!(base, mac(&key(2), GENESIS, &link("create")));
        assert_ne!(base, legacy_hash(GENESIS, &link("create")));
        let mut moved = link("create");
        moved.office_id = Some("x");
        assert_ne!(base, mac(&k, GENESIS, &moved));
    }

    #[test]
    fn none_and_empty_differ() {
        let mut a = link("create");
        a.office_id = Some("");
        assert_ne!(mac(&key(1), GENESIS, &a), mac(&key(1), GENESIS, &link("create")));
        assert_ne!(legacy_hash(GENESIS, &a), legacy_hash(GENESIS, &link("create")));
    }

    #[test]
    fn the_anchor_covers_where_keyed_entries_start_and_the_unkeyed_head() {
        let k = key(1);
        let a = anchor_mac(&k, 5, "ab");
        assert_ne!(a, anchor_mac(&k, 6, "ab"));
        assert_ne!(a, anchor_mac(&k, 5, "ac"));
        assert_ne!(a, anchor_mac(&key(2), 5, "ab"));
    }
}
