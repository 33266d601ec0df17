//! `/audit` and `/audit/verify`: administrators see the whole trail,
//! supervisors their office's entries.

use super::routes::{Endpoint, endpoint};
use actix_web::{HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::caller::AuditReader;
use super::query::Query;
use crate::audit::EntityType;
use crate::audit::view::AuditEntryView;
use crate::auth::Role;
use crate::error::AppError;
use crate::listing::{ListResponse, list_response, page_request};
use crate::state::AppState;
use crate::store;
use crate::store::audit::AuditFilter;

/// Filters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    /// Singular resource name, e.g. `user`.
    pub entity_type: Option<EntityType>,
    /// Record id.
    pub entity_id: Option<String>,
    /// Actor id.
    pub actor_id: Option<Uuid>,
    /// From (inclusive): RFC 3339 timestamp or date.
    pub from: Option<String>,
    /// To (exclusive): RFC 3339 timestamp or date.
    pub to: Option<String>,
    /// Page size (default 50, at most 200).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The result of checking the hash chain.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VerifyView {
    /// True when every entry is intact and none is missing.
    pub ok: bool,
    /// Entries checked before the first break (all of them when ok).
    pub checked: i64,
    /// The first broken entry, when not ok.
    pub first_broken: Option<BrokenEntry>,
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

fn parse_instant(field: &str, value: &str) -> Result<chrono::NaiveDateTime, AppError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Ok(t.with_timezone(&Utc).naive_utc());
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .ok_or_else(|| AppError::field(field, "must be an RFC 3339 timestamp or a YYYY-MM-DD date"))
}

/// Read the audit trail, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", security(("bearer" = [])),
    params(AuditParams),
    responses(
        (status = 200, body = ListResponse<AuditEntryView>),
        (status = 403, description = "Neither administrator nor supervisor", body = super::problem::Problem),
        (status = 422, body = super::problem::Problem),
    ))]
pub async fn list(
    state: web::Data<AppState>,
    caller: AuditReader,
    Query(p): Query<AuditParams>,
) -> Result<HttpResponse, AppError> {
    let page = page_request(p.limit, p.cursor.as_deref())?;
    let filter = AuditFilter {
        entity_type: p.entity_type.map(|e| e.as_str().to_string()),
        entity_id: p.entity_id,
        actor_id: p.actor_id.map(|a| a.to_string()),
        from: p.from.as_deref().map(|v| parse_instant("from", v)).transpose()?,
        to: p.to.as_deref().map(|v| parse_instant("to", v)).transpose()?,
        office_id: match caller.role {
            Role::Admin => None,
            _ => Some(caller.office_id.clone().ok_or(AppError::NotFound)?),
        },
    };
    let rows = state
        .db
        .run(move |c| store::audit::list(c, &filter, &page))
        .await?;
    Ok(HttpResponse::Ok().json(list_response(rows, AuditEntryView::from_row)?))
}

/// Recompute the hash chain and report the first entry altered or removed
/// behind the application's back.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit", security(("bearer" = [])),
    responses((status = 200, body = VerifyView), (status = 403, body = super::problem::Problem)))]
pub async fn verify(state: web::Data<AppState>, _caller: AuditReader) -> Result<HttpResponse, AppError> {
    let v = state.db.run(store::audit::verify).await?;
    Ok(HttpResponse::Ok().json(VerifyView {
        ok: v.first_broken.is_none(),
        checked: v.checked,
        first_broken: v
            .first_broken
            .map(|(seq, id, reason)| BrokenEntry { seq, id, reason }),
    }))
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_list, _, _>(list),
        endpoint::<__path_verify, _, _>(verify),
    ]
}
