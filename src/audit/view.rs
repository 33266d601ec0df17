//! The audit trail as its readers see it: ids and actions, never field values.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::db::{parse_id, utc};
use crate::error::AppError;
use crate::store::audit::AuditRow;

/// One audit entry: ids and actions, never field values.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditEntryView {
    /// Entry id.
    pub id: Uuid,
    /// Position in the hash chain.
    pub seq: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (null for an unauthenticated attempt).
    pub actor_id: Option<Uuid>,
    /// The actor's role at the time.
    pub role: Option<String>,
    /// What: create, read, update, export, anonymise, merge, transfer, transition, login, login_temporary_password, login_failed, logout, denied.
    pub action: String,
    /// Singular resource name (migrant, case, user, office …).
    pub entity_type: Option<String>,
    /// The record.
    pub entity_id: Option<String>,
    /// The office the record belongs to.
    pub office_id: Option<Uuid>,
    /// The HTTP request (`X-Request-Id`).
    pub request_id: Option<String>,
    /// This entry's chain hash (SHA-256, hex).
    pub hash: String,
}

impl AuditEntryView {
    pub fn from_row(r: AuditRow) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&r.id)?,
            seq: r.seq,
            at: utc(r.at),
            actor_id: r.actor_id.as_deref().map(parse_id).transpose()?,
            role: r.role,
            action: r.action,
            entity_type: r.entity_type,
            entity_id: r.entity_id.filter(|e| !e.is_empty()),
            office_id: r.office_id.as_deref().map(parse_id).transpose()?,
            request_id: r.request_id,
            hash: r.hash,
        })
    }
}

/// The result of checking the chain.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VerifyView {
    /// True when every entry is intact and none is missing.
    pub ok: bool,
    /// Entries checked before the first break (all of them when ok).
    pub checked: i64,
    /// The first broken entry, when not ok.
    pub first_broken: Option<BrokenEntry>,
    /// This instance's newest checkpoint, which the trail was checked
    /// against (null before the first).
    pub checkpoint: Option<CheckpointSeen>,
}

/// The checkpoint a verification was checked against.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CheckpointSeen {
    /// The head's position then.
    pub seq: i64,
    /// When it was taken.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Where the chain breaks.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BrokenEntry {
    /// Chain position.
    pub seq: i64,
    /// Entry id (null when the entry is missing).
    pub id: Option<String>,
    /// What is wrong.
    pub reason: String,
}
