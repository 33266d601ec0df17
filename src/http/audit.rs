//! `/audit` and `/audit/verify`: administrators see the whole trail,
//! supervisors their office's entries.

use super::routes::{Endpoint, endpoint};
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;

use super::caller::AuditReader;
use super::query::Query;
use crate::audit::EntityType;
use crate::audit::read::{self, AuditQuery};
use crate::audit::view::{AuditEntryView, VerifyView};
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
        from: p.from,
        to: p.to,
    };
    Ok(HttpResponse::Ok().json(read::entries(&state, &caller, query, page).await?))
}

/// Recompute the hash chain and report the first entry altered or removed
/// behind the application's back.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit", security(("bearer" = [])),
    responses((status = 200, body = VerifyView), (status = 403, body = super::problem::Problem)))]
pub async fn verify(state: web::Data<AppState>, _caller: AuditReader) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(read::verify(&state).await?))
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_list, _, _>(list),
        endpoint::<__path_verify, _, _>(verify),
    ]
}
