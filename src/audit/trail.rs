//! The trail as a chain: appending entries under the installed key, the
//! anchors that seal each key's segment, and the walk that verifies it all.
//! The rows themselves are stored and loaded by `store::audit`.

use super::AuditEvent;
use super::chain::{self, GENESIS, Link};
use super::checkpoint::Checkpoint;
use super::key::{self, AuditKey, Keyring};
use crate::db::{DbConn, new_id, now};
use crate::error::AppError;
use crate::store;
use crate::store::audit::{Anchor, AuditRow};

/// The fields an entry's MAC covers.
pub fn link(row: &AuditRow) -> Link<'_> {
    Link {
        seq: row.seq,
        id: &row.id,
        at: row.at,
        actor_id: row.actor_id.as_deref(),
        role: row.role.as_deref(),
        action: &row.action,
        entity_type: row.entity_type.as_deref(),
        entity_id: row.entity_id.as_deref(),
        office_id: row.office_id.as_deref(),
        request_id: row.request_id.as_deref(),
    }
}

/// Appends entries to the chain. Must run inside `db::write_tx`, which holds
/// the head row locked until commit.
pub fn append(conn: &mut DbConn, events: &[AuditEvent]) -> Result<(), AppError> {
    if events.is_empty() {
        return Ok(());
    }
    let keys = key::installed()?;
    let key = keys.current();
    let head = store::audit::head(conn)?;
    match store::audit::latest_anchor(conn)? {
        Some(anchor) if anchor.key_id == key.id() => {}
        Some(_) => {
            // Another instance rotated the key (or this one runs with an old
            // key): entries MACed under two keys in one segment would break
            // the chain.
            return Err(AppError::unavailable(
                "the audit trail is kept under another audit key than this instance's; \
                 restart it with the current key",
            ));
        }
        None if head.seq > 0 => {
            // Start-up anchors an older trail before anything is appended:
            // an unanchored trail with entries was reset behind our back.
            return Err(AppError::internal(
                "the audit trail is not anchored under the audit key; restart the service",
            ));
        }
        // The first entry of a new trail anchors it.
        None => add_anchor(conn, key, 1, GENESIS)?,
    }
    let (mut seq, mut prev) = (head.seq, head.hash);
    let at = now();
    let mut rows = Vec::with_capacity(events.len());
    for e in events {
        seq += 1;
        let mut row = AuditRow {
            seq,
            id: new_id(),
            at,
            actor_id: e.actor_id.clone(),
            role: e.role.map(|r| r.as_str().to_string()),
            action: e.action.as_str().to_string(),
            entity_type: e.entity_type.map(|t| t.as_str().to_string()),
            entity_id: e.entity_id.clone(),
            office_id: e.office_id.clone(),
            request_id: e.request_id.clone(),
            prev_hash: prev.clone(),
            hash: String::new(),
        };
        row.hash = chain::mac(key, &prev, &link(&row));
        prev = row.hash.clone();
        rows.push(row);
    }
    store::audit::insert_entries(conn, &rows)
}

fn add_anchor(conn: &mut DbConn, key: &AuditKey, keyed_from: i64, head_before: &str) -> Result<(), AppError> {
    let anchor = Anchor {
        keyed_from,
        key_id: key.id(),
        anchor_mac: chain::anchor_mac(key, keyed_from, head_before),
    };
    store::audit::insert_anchor(conn, &anchor)
}

/// What anchoring did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchoring {
    /// The trail is kept under the current key already.
    Current,
    /// An unkeyed trail (entries 1…n of an older version) was checked and
    /// sealed; keyed entries start at n + 1.
    Anchored {
        /// Entries sealed.
        unkeyed: i64,
    },
    /// The trail was checked under the earlier keys and a new segment under
    /// the current key starts after its `entries`.
    Rotated {
        /// Entries under earlier keys.
        entries: i64,
    },
    /// The trail's current segment is under a key this keyring lacks.
    UnknownKey(String),
    /// The trail is broken: it is not sealed again (that would bless the damage).
    Broken(Verification),
}

/// Seals the trail under the current key when it is not: an older unkeyed
/// trail (upgrade), or a trail under an earlier key (rotation), each checked
/// first. Runs in `db::write_tx`.
pub fn anchor(conn: &mut DbConn, keys: &Keyring) -> Result<Anchoring, AppError> {
    let key = keys.current();
    let all = store::audit::anchors(conn)?;
    let latest = all.last().cloned();
    if latest.as_ref().is_some_and(|a| a.key_id == key.id()) {
        return Ok(Anchoring::Current);
    }
    if let Some(a) = &latest
        && keys.by_id(&a.key_id).is_none()
    {
        return Ok(Anchoring::UnknownKey(a.key_id.clone()));
    }
    let v = walk(conn, keys, &all)?;
    if v.first_broken.is_some() {
        return Ok(Anchoring::Broken(v));
    }
    let h = store::audit::head(conn)?;
    add_anchor(conn, key, h.seq + 1, &h.hash)?;
    Ok(match latest {
        None => Anchoring::Anchored { unkeyed: h.seq },
        Some(_) => Anchoring::Rotated { entries: h.seq },
    })
}

/// Outcome of a chain verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Entries checked.
    pub checked: i64,
    /// The first entry where the chain breaks: (seq, id or None when the row
    /// is missing, what is wrong).
    pub first_broken: Option<(i64, Option<String>, String)>,
}

/// An entry the trail must still hold, as a checkpoint saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// Position (0: the empty trail).
    pub seq: i64,
    /// Its MAC then.
    pub mac: String,
    /// Where the expectation comes from, for the report ("the checkpoint of …").
    pub source: String,
}

impl From<&Checkpoint> for Expected {
    fn from(cp: &Checkpoint) -> Self {
        Self {
            seq: cp.seq,
            mac: cp.mac.clone(),
            source: format!(
                "the checkpoint of {}",
                cp.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ),
        }
    }
}

/// Recomputes the whole chain in `seq` order under the installed key, then
/// checks that the trail still holds each expected entry (checkpoints), so
/// that cutting off the newest entries is detected too.
pub fn verify(conn: &mut DbConn, expected: &[Expected]) -> Result<Verification, AppError> {
    let keys = key::installed()?;
    let h = store::audit::head(conn)?;
    let all = store::audit::anchors(conn)?;
    if all.is_empty() {
        if h.seq == 0 && expected.iter().all(|e| e.seq == 0) {
            return Ok(Verification {
                checked: 0,
                first_broken: None,
            });
        }
        return Ok(broken(
            0,
            1,
            None,
            "the trail is not anchored under the audit key",
        ));
    }
    let v = walk(conn, keys, &all)?;
    if v.first_broken.is_some() {
        return Ok(v);
    }
    for e in expected {
        if e.seq > v.checked {
            return Ok(broken(
                v.checked,
                v.checked + 1,
                None,
                &format!(
                    "entries missing at the end of the trail: {} saw {} entries",
                    e.source, e.seq
                ),
            ));
        }
        let (id, mac) = if e.seq == 0 {
            (None, GENESIS.to_string())
        } else {
            let row = store::audit::at_seq(conn, e.seq)?;
            (Some(row.id), row.hash)
        };
        if !key::same_mac(&mac, &e.mac) {
            return Ok(broken(
                v.checked,
                e.seq,
                id.as_deref(),
                &format!("differs from {}", e.source),
            ));
        }
    }
    Ok(v)
}

/// Walks the chain from the first entry. Entries before the first anchor
/// are checked with their unkeyed links; each anchor's MAC under its key
/// against the head just before it; the entries of each segment with their
/// MACs under the segment's key. With no anchors (an older trail being
/// sealed) only the unkeyed links are checked.
fn walk(conn: &mut DbConn, keys: &Keyring, anchors: &[Anchor]) -> Result<Verification, AppError> {
    const CHUNK: i64 = 5000;
    // The key of each segment, or where the keyring lacks one.
    let mut segments: Vec<(&Anchor, &AuditKey)> = Vec::with_capacity(anchors.len());
    for a in anchors {
        if a.keyed_from < 1 || segments.last().is_some_and(|(p, _)| p.keyed_from >= a.keyed_from) {
            return Ok(broken(0, a.keyed_from.max(1), None, ANCHOR_BROKEN));
        }
        match keys.by_id(&a.key_id) {
            Some(k) => segments.push((a, k)),
            None => {
                return Ok(broken(
                    0,
                    a.keyed_from,
                    None,
                    &format!(
                        "entries from {} are under an audit key this instance lacks (key id {}): \
                         set it in audit_previous_keys",
                        a.keyed_from, a.key_id
                    ),
                ));
            }
        }
    }
    let anchor_holds = |(a, k): &(&Anchor, &AuditKey), prev: &str| {
        key::same_mac(&chain::anchor_mac(k, a.keyed_from, prev), &a.anchor_mac)
    };
    let mut next_anchor = 0usize;
    let mut current: Option<&AuditKey> = None;
    let mut prev = GENESIS.to_string();
    let mut expected_seq = 1i64;
    let mut checked = 0i64;
    loop {
        let rows = store::audit::entries_from(conn, expected_seq, CHUNK)?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            if row.seq != expected_seq {
                return Ok(broken(checked, expected_seq, None, "entry missing"));
            }
            if let Some(segment) = segments.get(next_anchor)
                && segment.0.keyed_from == row.seq
            {
                if !anchor_holds(segment, &prev) {
                    return Ok(broken(checked, row.seq, Some(&row.id), ANCHOR_BROKEN));
                }
                current = Some(segment.1);
                next_anchor += 1;
            }
            if row.prev_hash != prev {
                return Ok(broken(
                    checked,
                    row.seq,
                    Some(&row.id),
                    "previous hash does not match",
                ));
            }
            let expected = match current {
                None => chain::legacy_hash(&prev, &link(row)),
                Some(k) => chain::mac(k, &prev, &link(row)),
            };
            if expected != row.hash {
                return Ok(broken(checked, row.seq, Some(&row.id), "entry was altered"));
            }
            prev = row.hash.clone();
            expected_seq += 1;
            checked += 1;
        }
    }
    // An anchor with no entry after it yet sits right after the last one.
    for segment in &segments[next_anchor..] {
        if segment.0.keyed_from != checked + 1 || !anchor_holds(segment, &prev) {
            return Ok(broken(checked, checked + 1, None, ANCHOR_BROKEN));
        }
    }
    let h = store::audit::head(conn)?;
    if h.seq != checked || h.hash != prev {
        return Ok(broken(
            checked,
            checked + 1,
            None,
            "entries missing at the end of the trail",
        ));
    }
    Ok(Verification {
        checked,
        first_broken: None,
    })
}

const ANCHOR_BROKEN: &str = "the entries before the audit key were altered, or the anchor was moved";

fn broken(checked: i64, seq: i64, id: Option<&str>, why: &str) -> Verification {
    Verification {
        checked,
        first_broken: Some((seq, id.map(str::to_string), why.to_string())),
    }
}
