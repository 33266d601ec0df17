//! The audit trail table: append (inside a write transaction that holds the
//! chain head), the anchor, filtered listing, and chain verification.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::page::{Page, PageRequest};
use crate::audit::AuditEvent;
use crate::audit::chain::{self, GENESIS, Link};
use crate::audit::checkpoint::Checkpoint;
use crate::audit::key::{self, AuditKey, Keyring};
use crate::db::schema::{audit_anchors, audit_head, audit_log};
use crate::db::{DbConn, new_id, now};
use crate::error::AppError;

/// A stored audit entry.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    /// Position in the chain.
    pub seq: i64,
    /// Id.
    pub id: String,
    /// When.
    pub at: NaiveDateTime,
    /// Who.
    pub actor_id: Option<String>,
    /// Actor's role.
    pub role: Option<String>,
    /// What.
    pub action: String,
    /// Entity type.
    pub entity_type: Option<String>,
    /// Entity id.
    pub entity_id: Option<String>,
    /// Office.
    pub office_id: Option<String>,
    /// Request id.
    pub request_id: Option<String>,
    /// Hash of the previous entry.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

impl AuditRow {
    /// The fields its MAC covers.
    pub fn link(&self) -> Link<'_> {
        Link {
            seq: self.seq,
            id: &self.id,
            at: self.at,
            actor_id: self.actor_id.as_deref(),
            role: self.role.as_deref(),
            action: &self.action,
            entity_type: self.entity_type.as_deref(),
            entity_id: self.entity_id.as_deref(),
            office_id: self.office_id.as_deref(),
            request_id: self.request_id.as_deref(),
        }
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
    let head = head(conn)?;
    match latest_anchor(conn)? {
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
        row.hash = chain::mac(key, &prev, &row.link());
        prev = row.hash.clone();
        rows.push(row);
    }
    // Multi-row inserts are backend-specific in diesel; chunks stay under
    // SQLite's bound-parameter limit.
    for chunk in rows.chunks(64) {
        match conn {
            DbConn::Sqlite(c) => diesel::insert_into(audit_log::table).values(chunk).execute(c)?,
            DbConn::Pg(c) => diesel::insert_into(audit_log::table).values(chunk).execute(c)?,
        };
    }
    diesel::update(audit_head::table.find(1))
        .set((audit_head::seq.eq(seq), audit_head::hash.eq(&prev)))
        .execute(conn)?;
    Ok(())
}

/// The head row: the newest entry's position and MAC.
#[derive(Debug, Clone, Queryable)]
pub struct Head {
    /// Entries in the trail.
    pub seq: i64,
    /// MAC (or, before the first anchor, hash) of the newest entry.
    pub hash: String,
}

/// Reads the head.
pub fn head(conn: &mut DbConn) -> Result<Head, AppError> {
    Ok(audit_head::table
        .find(1)
        .select((audit_head::seq, audit_head::hash))
        .first(conn)?)
}

/// Where a segment of entries MACed under one key starts.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Insertable)]
#[diesel(table_name = audit_anchors)]
pub struct Anchor {
    /// The segment's first entry.
    pub keyed_from: i64,
    /// The id of the segment's key (`AuditKey::id`).
    pub key_id: String,
    /// The key's MAC of `keyed_from` and the head just before it.
    pub anchor_mac: String,
}

/// Every anchor, oldest first.
pub fn anchors(conn: &mut DbConn) -> Result<Vec<Anchor>, AppError> {
    Ok(audit_anchors::table
        .order(audit_anchors::keyed_from.asc())
        .load(conn)?)
}

fn latest_anchor(conn: &mut DbConn) -> Result<Option<Anchor>, AppError> {
    Ok(audit_anchors::table
        .order(audit_anchors::keyed_from.desc())
        .first(conn)
        .optional()?)
}

fn add_anchor(conn: &mut DbConn, key: &AuditKey, keyed_from: i64, head_before: &str) -> Result<(), AppError> {
    let anchor = Anchor {
        keyed_from,
        key_id: key.id(),
        anchor_mac: chain::anchor_mac(key, keyed_from, head_before),
    };
    match conn {
        DbConn::Sqlite(c) => diesel::insert_into(audit_anchors::table)
            .values(&anchor)
            .execute(c)?,
        DbConn::Pg(c) => diesel::insert_into(audit_anchors::table)
            .values(&anchor)
            .execute(c)?,
    };
    Ok(())
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
    let all = anchors(conn)?;
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
    let h = head(conn)?;
    add_anchor(conn, key, h.seq + 1, &h.hash)?;
    Ok(match latest {
        None => Anchoring::Anchored { unkeyed: h.seq },
        Some(_) => Anchoring::Rotated { entries: h.seq },
    })
}

/// Filters for reading the trail.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Entity type code.
    pub entity_type: Option<String>,
    /// Entity id.
    pub entity_id: Option<String>,
    /// Actor id.
    pub actor_id: Option<String>,
    /// From (inclusive).
    pub from: Option<NaiveDateTime>,
    /// To (exclusive).
    pub to: Option<NaiveDateTime>,
    /// Only entries of this office (a supervisor's scope).
    pub office_id: Option<String>,
}

/// Lists entries, newest first.
pub fn list(conn: &mut DbConn, f: &AuditFilter, page: &PageRequest) -> Result<Page<AuditRow>, AppError> {
    let mut q = audit_log::table
        .order(audit_log::seq.desc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(after) = &page.after {
        let seq: i64 = after
            .parse()
            .map_err(|_| AppError::field("cursor", "is not a valid cursor"))?;
        q = q.filter(audit_log::seq.lt(seq));
    }
    if let Some(v) = &f.entity_type {
        q = q.filter(audit_log::entity_type.eq(v.clone()));
    }
    if let Some(v) = &f.entity_id {
        q = q.filter(audit_log::entity_id.eq(v.clone()));
    }
    if let Some(v) = &f.actor_id {
        q = q.filter(audit_log::actor_id.eq(v.clone()));
    }
    if let Some(v) = f.from {
        q = q.filter(audit_log::at.ge(v));
    }
    if let Some(v) = f.to {
        q = q.filter(audit_log::at.lt(v));
    }
    if let Some(v) = &f.office_id {
        q = q.filter(audit_log::office_id.eq(v.clone()));
    }
    let rows: Vec<AuditRow> = q.load(conn)?;
    Ok(Page::from_rows(rows, page.limit, |r| r.seq.to_string()))
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
    let h = head(conn)?;
    let all = anchors(conn)?;
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
            let row: AuditRow = audit_log::table.filter(audit_log::seq.eq(e.seq)).first(conn)?;
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
        let rows: Vec<AuditRow> = audit_log::table
            .filter(audit_log::seq.ge(expected_seq))
            .order(audit_log::seq.asc())
            .limit(CHUNK)
            .load(conn)?;
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
                None => chain::legacy_hash(&prev, &row.link()),
                Some(k) => chain::mac(k, &prev, &row.link()),
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
    let h = head(conn)?;
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

/// Every entry about any of `entity_ids`, oldest first (subject-access export).
pub fn about_entities(conn: &mut DbConn, entity_ids: &[String]) -> Result<Vec<AuditRow>, AppError> {
    let mut rows: Vec<AuditRow> = Vec::new();
    for chunk in entity_ids.chunks(500) {
        let mut part: Vec<AuditRow> = audit_log::table
            .filter(audit_log::entity_id.eq_any(chunk.to_vec()))
            .order(audit_log::seq.asc())
            .load(conn)?;
        rows.append(&mut part);
    }
    rows.sort_by_key(|r| r.seq);
    Ok(rows)
}

/// Accounts now bound to an office that an administrator created or
/// changed, or that someone signed in to with a password an administrator
/// set, since `since`: (user id, latest such event).
pub fn admin_changes_to_office_accounts(
    conn: &mut DbConn,
    office_id: &str,
    since: chrono::NaiveDateTime,
) -> Result<Vec<(String, chrono::NaiveDateTime)>, AppError> {
    use crate::db::schema::users;
    let ids: Vec<String> = users::table
        .filter(users::office_id.eq(office_id))
        .select(users::id)
        .load(conn)?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Option<String>, chrono::NaiveDateTime)> = audit_log::table
        .filter(audit_log::entity_type.eq("user"))
        .filter(audit_log::entity_id.eq_any(ids.iter().map(|i| Some(i.clone())).collect::<Vec<_>>()))
        .filter(
            audit_log::action
                .eq_any(["create", "update"])
                .and(audit_log::role.eq("admin"))
                .or(audit_log::action.eq("login_temporary_password")),
        )
        .filter(audit_log::at.ge(since))
        .select((audit_log::entity_id, audit_log::at))
        .load(conn)?;
    let mut latest: std::collections::BTreeMap<String, chrono::NaiveDateTime> = Default::default();
    for (id, at) in rows {
        if let Some(id) = id {
            let e = latest.entry(id).or_insert(at);
            if at > *e {
                *e = at;
            }
        }
    }
    Ok(latest.into_iter().collect())
}

/// The latest entries about a user's account (sign-ins, failed sign-ins,
/// refusals, changes) and, for a partner, the creation of its
/// organisation's API keys: newest first.
pub fn security_events(
    conn: &mut DbConn,
    user_id: &str,
    organization_id: Option<&str>,
    limit: i64,
) -> Result<Vec<AuditRow>, AppError> {
    let about_me = audit_log::entity_type
        .eq("user")
        .and(audit_log::entity_id.eq(user_id.to_string()))
        .and(audit_log::action.eq_any([
            "login",
            "login_temporary_password",
            "login_failed",
            "logout",
            "denied",
            "create",
            "update",
        ]));
    let mut q = audit_log::table.into_boxed();
    q = match organization_id {
        Some(org) => q.filter(
            about_me.or(audit_log::entity_type
                .eq("organization")
                .and(audit_log::entity_id.eq(org.to_string()))
                .and(audit_log::action.eq("create"))),
        ),
        None => q.filter(about_me),
    };
    Ok(q.order(audit_log::seq.desc()).limit(limit).load(conn)?)
}
