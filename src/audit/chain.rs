//! The hash chain: each entry's hash covers the previous entry's hash and
//! every recorded field, so altering, inserting or removing a row breaks the
//! chain from that row on.

use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

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

/// SHA-256 (hex) of the previous hash and the entry's fields. Fields are
/// length-prefixed so that no two different entries serialise alike.
pub fn hash(prev_hash: &str, link: &Link<'_>) -> String {
    let mut h = Sha256::new();
    let mut put = |s: Option<&str>| match s {
        Some(v) => {
            h.update((v.len() as u64).to_be_bytes());
            h.update(v.as_bytes());
        }
        None => h.update(u64::MAX.to_be_bytes()),
    };
    let seq = link.seq.to_string();
    let at = link.at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    put(Some(prev_hash));
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
    hex::encode(h.finalize())
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

    #[test]
    fn hash_depends_on_every_field_and_the_previous_hash() {
        let base = hash(GENESIS, &link("create"));
        assert_eq!(base, hash(GENESIS, &link("create")));
        assert_ne!(base, hash(GENESIS, &link("update")));
        assert_ne!(base, hash(&base, &link("create")));
        let mut moved = link("create");
        moved.office_id = Some("x");
        assert_ne!(base, hash(GENESIS, &moved));
    }

    #[test]
    fn none_and_empty_differ() {
        let mut a = link("create");
        a.office_id = Some("");
        assert_ne!(hash(GENESIS, &a), hash(GENESIS, &link("create")));
    }
}
