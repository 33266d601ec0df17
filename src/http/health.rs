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

/// Prometheus text format.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, content_type = "text/plain; version=0.0.4", body = String)))]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(crate::metrics::render(state.db.pool_state()))
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_live, _, _>(live),
        endpoint::<__path_ready, _, _>(ready),
        endpoint::<__path_metrics, _, _>(metrics),
    ]
}
