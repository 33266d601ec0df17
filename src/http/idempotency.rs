//! `Idempotency-Key` on the POSTs that create or change one resource: the
//! outcome of a user's key (status and resource id) is stored in the same
//! transaction as what it created; a retry with the same key re-reads that
//! resource and creates nothing. Failed requests are not stored, so they can
//! be retried. These writes go through the group-commit writer
//! (`db::group_commit`): each is answered once its batch is committed.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

use super::json_body::BodyDigest;
use super::precondition::etag;
use crate::auth::Caller;
use crate::db::DbConn;
use crate::error::AppError;
use crate::idempotency::Outcome;
use crate::state::AppState;
use uuid::Uuid;

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
/// its response) at most once per user and `Idempotency-Key`; a retry is
/// answered by `replay`, which reads the resource (its id given) as the
/// caller may see it now, through the same read a GET uses (and audits).
pub async fn once<F, R>(
    state: &AppState,
    caller: &Caller,
    req: &HttpRequest,
    f: F,
    replay: R,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut DbConn) -> Result<(u16, serde_json::Value), AppError> + Send + 'static,
    R: AsyncFnOnce(Uuid) -> Result<serde_json::Value, AppError>,
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
    let outcome = state
        .writes
        .run(move |c| crate::idempotency::once_per_key(c, &user, &key, &fingerprint, f))
        .await?;
    match outcome {
        Outcome::Fresh(status, body) => Ok(respond(status, body, false)),
        Outcome::Replay(status, id) => {
            let id = crate::db::parse_id(&id)?;
            Ok(respond(status, replay(id).await?, true))
        }
    }
}

/// Serialises what a replay read.
pub fn json<T: serde::Serialize>(view: &T) -> Result<serde_json::Value, AppError> {
    serde_json::to_value(view).map_err(|e| AppError::internal(e.to_string()))
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
