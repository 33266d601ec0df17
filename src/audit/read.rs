//! Reading the audit trail (API and web pages): administrators see every
//! entry, supervisors their office's; `verify` recomputes the chain.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use uuid::Uuid;

use super::EntityType;
use super::view::{AuditEntryView, BrokenEntry, VerifyView};
use crate::auth::{Caller, Role};
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
    caller: &Caller,
    q: AuditQuery,
    page: PageRequest,
) -> Result<ListResponse<AuditEntryView>, AppError> {
    let filter = AuditFilter {
        entity_type: q.entity_type.map(|e| e.as_str().to_string()),
        entity_id: q.entity_id,
        actor_id: q.actor_id.map(|a| a.to_string()),
        from: q.from.as_deref().map(|v| parse_instant("from", v)).transpose()?,
        to: q.to.as_deref().map(|v| parse_instant("to", v)).transpose()?,
        office_id: match caller.role {
            Role::Admin => None,
            Role::Supervisor => Some(caller.office()?.to_string()),
            _ => {
                return Err(AppError::Forbidden(
                    "this role cannot read the audit trail".into(),
                ));
            }
        },
    };
    let rows = app.db.run(move |c| store::audit::list(c, &filter, &page)).await?;
    list_response(rows, AuditEntryView::from_row)
}

/// Recomputes the chain; names the first entry altered or removed.
pub async fn verify(app: &AppState) -> Result<VerifyView, AppError> {
    let v = app.db.run(store::audit::verify).await?;
    Ok(VerifyView {
        ok: v.first_broken.is_none(),
        checked: v.checked,
        first_broken: v
            .first_broken
            .map(|(seq, id, reason)| BrokenEntry { seq, id, reason }),
    })
}
