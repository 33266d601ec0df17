//! `Idempotency-Key` on POST: the first response to a user's key is stored
//! in the same transaction as what it created; a retry with the same key
//! gets that response again and creates nothing. Failed requests are not
//! stored, so they can be retried. Every creation goes through the
//! group-commit writer (`db::group_commit`): it is answered once its batch
//! is committed.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

use super::json_body::BodyDigest;
use super::precondition::etag;
use crate::auth::Caller;
use crate::db::DbConn;
use crate::error::AppError;
use crate::state::AppState;

/// The header.
pub const HEADER: &str = "Idempotency-Key";

fn key_of(req: &HttpRequest) -> Result<Option<String>, AppError> {
    let Some(v) = req.headers().get(HEADER) else {
        return Ok(None);
    };
    let key = v
        .to_str()
        .map_err(|_| AppError::field(HEADER, "must be visible ASCII"))?
        .trim()
        .to_string();
    if key.is_empty() || key.len() > 200 {
        return Err(AppError::field(HEADER, "must be 1 to 200 characters"));
    }
    Ok(Some(key))
}

fn respond(status: u16, body: serde_json::Value, replayed: bool) -> HttpResponse {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut res = HttpResponse::build(status);
    if let Some(v) = body.get("version").and_then(serde_json::Value::as_i64) {
        res.insert_header((header::ETAG, etag(v as i32)));
    }
    if replayed {
        res.insert_header(("Idempotent-Replayed", "true"));
    }
    res.json(body)
}

/// Runs a creating operation `f` (which returns the status and JSON body of
/// its response) at most once per user and `Idempotency-Key`.
pub async fn once<F>(
    state: &AppState,
    caller: &Caller,
    req: &HttpRequest,
    f: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut DbConn) -> Result<(u16, serde_json::Value), AppError> + Send + 'static,
{
    let Some(key) = key_of(req)? else {
        let (status, body) = state.writes.run(f).await?;
        return Ok(respond(status, body, false));
    };
    let digest = req
        .extensions()
        .get::<BodyDigest>()
        .map(|d| d.0.clone())
        .unwrap_or_default();
    let fingerprint = hex::encode(Sha256::digest(format!(
        "{} {} {digest}",
        req.method(),
        req.path()
    )));
    let user = caller.user_id.clone();
    let (status, body, replayed) = state
        .writes
        .run(move |c| crate::idempotency::once_per_key(c, &user, &key, &fingerprint, f))
        .await?;
    Ok(respond(status, body, replayed))
}

/// Serialises a view for `once`.
pub fn created<T: serde::Serialize>(view: &T) -> Result<(u16, serde_json::Value), AppError> {
    Ok((
        201,
        serde_json::to_value(view).map_err(|e| AppError::internal(e.to_string()))?,
    ))
}

/// Serialises a view for `once` with 200.
pub fn done<T: serde::Serialize>(view: &T) -> Result<(u16, serde_json::Value), AppError> {
    Ok((
        200,
        serde_json::to_value(view).map_err(|e| AppError::internal(e.to_string()))?,
    ))
}
