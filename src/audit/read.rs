//! Reading the audit trail (API and web pages): administrators see every
//! entry, supervisors their office's; `verify` recomputes the chain.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use uuid::Uuid;

use super::EntityType;
use super::checkpoint::{Checkpoint, CheckpointError, CheckpointLog};
use super::key;
use super::trail::Expected;
use super::view::{AuditEntryView, BrokenEntry, CheckpointSeen, VerifyView};
use crate::auth::capability::AuditReader;
use crate::db::DbConn;
use crate::error::AppError;
use crate::listing::{ListResponse, list_response};
use crate::state::AppState;
use crate::store;
use crate::store::audit::AuditFilter;
use crate::store::page::PageRequest;

/// What a reader narrows the trail to (`from`/`to`: RFC 3339 or a date).
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Singular resource name.
    pub entity_type: Option<EntityType>,
    /// Record id.
    pub entity_id: Option<String>,
    /// Actor id.
    pub actor_id: Option<Uuid>,
    /// Action.
    pub action: Option<super::Action>,
    /// From (inclusive).
    pub from: Option<String>,
    /// To (exclusive).
    pub to: Option<String>,
}

fn parse_instant(field: &str, value: &str) -> Result<NaiveDateTime, AppError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Ok(t.with_timezone(&Utc).naive_utc());
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .ok_or_else(|| AppError::field(field, "must be an RFC 3339 timestamp or a YYYY-MM-DD date"))
}

/// The trail, newest first, within the caller's scope.
pub async fn entries(
    app: &AppState,
    caller: &AuditReader,
    q: AuditQuery,
    page: PageRequest,
) -> Result<ListResponse<AuditEntryView>, AppError> {
    let filter = filter_of(caller, q)?;
    let rows = app.db.run(move |c| store::audit::list(c, &filter, &page)).await?;
    list_response(rows, AuditEntryView::from_row)
}

fn filter_of(caller: &AuditReader, q: AuditQuery) -> Result<AuditFilter, AppError> {
    Ok(AuditFilter {
        entity_type: q.entity_type.map(|e| e.as_str().to_string()),
        entity_id: q.entity_id,
        actor_id: q.actor_id.map(|a| a.to_string()),
        action: q.action.map(|a| a.as_str().to_string()),
        from: q.from.as_deref().map(|v| parse_instant("from", v)).transpose()?,
        to: q.to.as_deref().map(|v| parse_instant("to", v)).transpose()?,
        office_id: caller.office().map(str::to_string),
    })
}

/// How many entries of the caller's scope the query selects.
pub async fn count(app: &AppState, caller: &AuditReader, q: AuditQuery) -> Result<i64, AppError> {
    let filter = filter_of(caller, q)?;
    app.db.run(move |c| store::audit::count(c, &filter)).await
}

/// Recomputes the chain; names the first entry altered or removed. The
/// trail must also still hold the head of this instance's newest checkpoint
/// and, when an auditor gives one (`given`: seq and MAC), that one.
pub async fn verify(
    app: &AppState,
    _caller: &AuditReader,
    given: Option<(i64, String)>,
) -> Result<VerifyView, AppError> {
    let log = app.checkpoints.clone();
    app.db.run(move |c| verify_against(c, &log, given)).await
}

/// `verify` on a connection (also `migrant-desk audit-verify`).
pub fn verify_against(
    c: &mut DbConn,
    log: &CheckpointLog,
    given: Option<(i64, String)>,
) -> Result<VerifyView, AppError> {
    let keys = key::installed()?;
    let mut expected = Vec::new();
    let mut checkpoint = None;
    match log.latest(keys) {
        Ok(Some(cp)) => {
            expected.push(Expected::from(&cp));
            checkpoint = Some(CheckpointSeen {
                seq: cp.seq,
                at: cp.at,
            });
        }
        Ok(None) => {}
        Err(CheckpointError::Forged { .. }) => {
            return Ok(VerifyView {
                ok: false,
                checked: 0,
                first_broken: Some(BrokenEntry {
                    seq: 0,
                    id: None,
                    reason: "the newest checkpoint of this instance is damaged or was not signed \
                             with the audit key"
                        .into(),
                }),
                checkpoint: None,
            });
        }
        Err(e) => return Err(AppError::internal(e.to_string())),
    }
    if let Some((seq, mac)) = given {
        expected.push(Expected {
            seq,
            mac,
            source: "the checkpoint given".into(),
        });
    }
    let v = super::trail::verify(c, &expected)?;
    Ok(VerifyView {
        ok: v.first_broken.is_none(),
        checked: v.checked,
        first_broken: v
            .first_broken
            .map(|(seq, id, reason)| BrokenEntry { seq, id, reason }),
        checkpoint,
    })
}

/// A signed checkpoint of the trail's head now, also kept in this
/// instance's checkpoint log: an auditor keeps it and later checks, with
/// `verify`, that the trail still holds that entry unchanged.
pub async fn checkpoint(app: &AppState, _caller: &AuditReader) -> Result<Checkpoint, AppError> {
    let log = app.checkpoints.clone();
    app.db
        .run(move |c| super::seal::take(c, key::installed()?.current(), &log))
        .await
}
