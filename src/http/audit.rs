//! `/audit`, `/audit/verify` and `/audit/checkpoint`: administrators see the whole trail,
//! supervisors their office's entries.

use super::routes::{Endpoint, endpoint};
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;

use super::caller::AuditReader;
use super::query::Query;
use crate::audit::checkpoint::Checkpoint;
use crate::audit::read::{self, AuditQuery};
use crate::audit::view::{AuditEntryView, VerifyView};
use crate::audit::{Action, EntityType};
use crate::error::AppError;
use crate::listing::{ListResponse, page_request};
use crate::state::AppState;

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
    /// Action, e.g. `read`, `login_failed`.
    pub action: Option<Action>,
    /// From (inclusive): RFC 3339 timestamp or date.
    pub from: Option<String>,
    /// To (exclusive): RFC 3339 timestamp or date.
    pub to: Option<String>,
    /// Page size (default 50, at most 200).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
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
    let query = AuditQuery {
        entity_type: p.entity_type,
        entity_id: p.entity_id,
        actor_id: p.actor_id,
        action: p.action,
        from: p.from,
        to: p.to,
    };
    Ok(HttpResponse::Ok().json(read::entries(&state, &caller, query, page).await?))
}

/// A checkpoint an auditor kept, to check the trail against.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct VerifyParams {
    /// `seq` of a checkpoint from `GET /audit/checkpoint` (with `mac`).
    pub seq: Option<i64>,
    /// `mac` of that checkpoint (with `seq`).
    pub mac: Option<String>,
}

/// Recompute the keyed chain and report the first entry altered, removed or
/// re-chained behind the application's back; entries cut off the end are
/// found against this instance's newest checkpoint and the one given.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit", security(("bearer" = [])),
    params(VerifyParams),
    responses((status = 200, body = VerifyView), (status = 403, body = super::problem::Problem),
        (status = 422, body = super::problem::Problem)))]
pub async fn verify(
    state: web::Data<AppState>,
    caller: AuditReader,
    params: Query<VerifyParams>,
) -> Result<HttpResponse, AppError> {
    let p = params.0;
    let given = match (p.seq, p.mac) {
        (None, None) => None,
        (Some(seq), Some(mac)) if seq >= 0 => Some((seq, mac)),
        (Some(_), Some(_)) => return Err(AppError::field("seq", "must not be negative")),
        (Some(_), None) => return Err(AppError::field("mac", "is required with seq")),
        (None, Some(_)) => return Err(AppError::field("seq", "is required with mac")),
    };
    Ok(HttpResponse::Ok().json(read::verify(&state, &caller, given).await?))
}

/// The head of the trail now, signed with the audit key, for an auditor to
/// keep outside the service (also kept in this instance's checkpoint log).
#[utoipa::path(get, path = "/api/v1/audit/checkpoint", tag = "audit", security(("bearer" = [])),
    responses((status = 200, body = Checkpoint), (status = 403, body = super::problem::Problem)))]
pub async fn checkpoint(state: web::Data<AppState>, caller: AuditReader) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(read::checkpoint(&state, &caller).await?))
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_list, _, _>(list),
        endpoint::<__path_verify, _, _>(verify),
        endpoint::<__path_checkpoint, _, _>(checkpoint),
    ]
}
