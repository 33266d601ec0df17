//! `/reference`: every code list with labels in French, Arabic and English.

use super::routes::{Endpoint, endpoint};
use actix_web::HttpResponse;

use crate::auth::Caller;
use crate::domain::reference::{ALL, CodeList};

/// Every code list (any signed-in role).
#[utoipa::path(get, path = "/api/v1/reference", tag = "reference", security(("bearer" = [])),
    responses((status = 200, description = "Code lists by name", body = std::collections::BTreeMap<String, CodeList>), (status = 401, body = super::problem::Problem)))]
pub async fn reference(_caller: Caller) -> HttpResponse {
    let lists: serde_json::Map<String, serde_json::Value> = ALL
        .iter()
        .map(|l| (l.name.to_string(), serde_json::to_value(l).unwrap_or_default()))
        .collect();
    HttpResponse::Ok().json(lists)
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![endpoint::<__path_reference, _, _>(reference)]
}
