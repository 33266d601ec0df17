//! Optimistic concurrency over HTTP: `ETag` carries a record's version, and
//! `If-Match` on a change must name the current one (412 otherwise).

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use crate::error::AppError;

/// The `ETag` value for a version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// A JSON response carrying the record's version as `ETag`.
pub fn versioned(status: StatusCode, view: &impl Serialize, version: i32) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::ETAG, etag(version)))
        .json(view)
}

/// The version named by `If-Match` (None when absent or `*`).
pub fn if_match(req: &HttpRequest) -> Result<Option<i32>, AppError> {
    let Some(value) = req.headers().get(header::IF_MATCH) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| AppError::PreconditionFailed)?.trim();
    if value == "*" {
        return Ok(None);
    }
    value
        .trim_start_matches("W/")
        .trim_matches('"')
        .parse::<i32>()
        .map(Some)
        .map_err(|_| AppError::PreconditionFailed)
}
