//! Liveness, readiness and Prometheus metrics.

use super::routes::{Endpoint, endpoint};
use actix_web::{HttpResponse, web};
use diesel::connection::SimpleConnection;
use serde::Serialize;

use crate::error::AppError;
use crate::state::AppState;

/// Health status.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(get, path = "/health/live", tag = "operations",
    responses((status = 200, body = Health)))]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database is reachable.
#[utoipa::path(get, path = "/health/ready", tag = "operations",
    responses((status = 200, body = Health), (status = 503, body = super::problem::Problem)))]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    state
        .db
        .run(|c| {
            c.batch_execute("SELECT 1").map_err(|e| AppError::Unavailable {
                context: "readiness check".into(),
                source: Some(Box::new(e)),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(Health { status: "ok" }))
}

/// Prometheus text format. With `metrics_token` set, for a request that
/// carries it as a Bearer token; without, for clients on this machine
/// only (the TCP peer is a loopback address). Anyone else gets 404.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses(
        (status = 200, content_type = "text/plain; version=0.0.4", body = String),
        (status = 404, description = "Not from this machine, and no valid metrics token", body = super::problem::Problem),
    ))]
pub async fn metrics(
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
) -> Result<HttpResponse, AppError> {
    let allowed = match state.settings.metrics_token.as_deref() {
        Some(token) => req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| constant_time_eq(given.trim().as_bytes(), token.as_bytes())),
        None => req.peer_addr().is_some_and(|p| p.ip().is_loopback()),
    };
    if !allowed {
        return Err(AppError::NotFound);
    }
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(crate::metrics::render(state.db.pool_state())))
}

/// Compares without stopping at the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_live, _, _>(live),
        endpoint::<__path_ready, _, _>(ready),
        endpoint::<__path_metrics, _, _>(metrics),
    ]
}
