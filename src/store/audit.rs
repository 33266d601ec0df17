//! The audit trail's tables: entries, head and anchors, and the filtered
//! reads. What the chain means — MACs, anchors, the walk that verifies it —
//! is `audit::trail`'s; this module only stores and loads rows.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::page::{Page, PageRequest};
use crate::db::DbConn;
use crate::db::schema::{audit_anchors, audit_head, audit_log};
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

/// The newest anchor.
pub fn latest_anchor(conn: &mut DbConn) -> Result<Option<Anchor>, AppError> {
    Ok(audit_anchors::table
        .order(audit_anchors::keyed_from.desc())
        .first(conn)
        .optional()?)
}

/// Inserts an anchor (inside the write transaction that holds the head).
pub fn insert_anchor(conn: &mut DbConn, anchor: &Anchor) -> Result<(), AppError> {
    match conn {
        DbConn::Sqlite(c) => diesel::insert_into(audit_anchors::table)
            .values(anchor)
            .execute(c)?,
        DbConn::Pg(c) => diesel::insert_into(audit_anchors::table)
            .values(anchor)
            .execute(c)?,
    };
    Ok(())
}

/// Inserts entries and moves the head to the last of them (inside the
/// write transaction that holds the head row locked).
pub fn insert_entries(conn: &mut DbConn, rows: &[AuditRow]) -> Result<(), AppError> {
    let Some(last) = rows.last() else {
        return Ok(());
    };
    // Multi-row inserts are backend-specific in diesel; chunks stay under
    // SQLite's bound-parameter limit.
    for chunk in rows.chunks(64) {
        match conn {
            DbConn::Sqlite(c) => diesel::insert_into(audit_log::table).values(chunk).execute(c)?,
            DbConn::Pg(c) => diesel::insert_into(audit_log::table).values(chunk).execute(c)?,
        };
    }
    diesel::update(audit_head::table.find(1))
        .set((audit_head::seq.eq(last.seq), audit_head::hash.eq(&last.hash)))
        .execute(conn)?;
    Ok(())
}

/// Up to `limit` entries from position `from` on, in order.
pub fn entries_from(conn: &mut DbConn, from: i64, limit: i64) -> Result<Vec<AuditRow>, AppError> {
    Ok(audit_log::table
        .filter(audit_log::seq.ge(from))
        .order(audit_log::seq.asc())
        .limit(limit)
        .load(conn)?)
}

/// The entry at position `seq`.
pub fn at_seq(conn: &mut DbConn, seq: i64) -> Result<AuditRow, AppError> {
    Ok(audit_log::table.filter(audit_log::seq.eq(seq)).first(conn)?)
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
    /// Action code.
    pub action: Option<String>,
    /// From (inclusive).
    pub from: Option<NaiveDateTime>,
    /// To (exclusive).
    pub to: Option<NaiveDateTime>,
    /// Only entries of this office (a supervisor's scope).
    pub office_id: Option<String>,
}

/// A boxed query over the trail narrowed by a filter (the list and the
/// count share it).
macro_rules! filtered {
    ($q:expr, $f:expr) => {{
        let f: &AuditFilter = $f;
        let mut q = $q;
        if let Some(v) = &f.entity_type {
            q = q.filter(audit_log::entity_type.eq(v.clone()));
        }
        if let Some(v) = &f.entity_id {
            q = q.filter(audit_log::entity_id.eq(v.clone()));
        }
        if let Some(v) = &f.actor_id {
            q = q.filter(audit_log::actor_id.eq(v.clone()));
        }
        if let Some(v) = &f.action {
            q = q.filter(audit_log::action.eq(v.clone()));
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
        q
    }};
}

/// Lists entries, newest first.
pub fn list(conn: &mut DbConn, f: &AuditFilter, page: &PageRequest) -> Result<Page<AuditRow>, AppError> {
    let mut q = filtered!(
        audit_log::table
            .order(audit_log::seq.desc())
            .limit(page.limit + 1)
            .into_boxed(),
        f
    );
    if let Some(after) = &page.after {
        let seq: i64 = after
            .parse()
            .map_err(|_| AppError::field("cursor", "is not a valid cursor"))?;
        q = q.filter(audit_log::seq.lt(seq));
    }
    let rows: Vec<AuditRow> = q.load(conn)?;
    Ok(Page::from_rows(rows, page.limit, |r| r.seq.to_string()))
}

/// How many entries the filter selects.
pub fn count(conn: &mut DbConn, f: &AuditFilter) -> Result<i64, AppError> {
    Ok(filtered!(audit_log::table.count().into_boxed(), f).get_result(conn)?)
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
