//! A strict JSON body extractor: 415 unless the body is JSON, 413 over 1 MiB,
//! 400 when it cannot be parsed, 422 naming every unknown or read-only field
//! and any field of the wrong type. Nothing is ever silently ignored.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::error::{AppError, FieldError};

/// Largest accepted body.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Fields the server sets; a client sending one is told it is read-only.
const READ_ONLY: &[&str] = &[
    "id",
    "created_at",
    "updated_at",
    "version",
    "last_login_at",
    "case_number",
    "opened_at",
    "closed_at",
    "history",
    "possible_duplicates",
    "password_hash",
];

/// SHA-256 of the request body, kept for `Idempotency-Key` fingerprints.
#[derive(Debug, Clone)]
pub struct BodyDigest(pub String);

/// A request body deserialised strictly into `T`.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .is_some_and(|m| {
                m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
            });
        let declared_len = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        let req = req.clone();
        let gate = super::caller::take_gate(&req);
        Box::pin(async move {
            let body = read(&mut payload, declared_len).await;
            // Validation answers only once the caller is known to be allowed.
            super::caller::wait_for_auth(gate).await;
            let body = body?;
            if !is_json {
                return Err(AppError::UnsupportedMediaType);
            }
            let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&body));
            actix_web::HttpMessage::extensions_mut(&req).insert(BodyDigest(digest));
            parse(&body).map(JsonBody)
        })
    }
}

async fn read(payload: &mut Payload, declared_len: Option<usize>) -> Result<Vec<u8>, AppError> {
    if declared_len.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(AppError::PayloadTooLarge(MAX_BODY_BYTES));
    }
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest("the request body could not be read".into()))?;
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(AppError::PayloadTooLarge(MAX_BODY_BYTES));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Parses a body strictly (see the module doc).
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| AppError::BadRequest(format!("the request body is not valid JSON: {e}")))?;
    let known = serde_aux::serde_introspection::serde_introspect::<T>();
    let serde_json::Value::Object(map) = &value else {
        // Only list bodies (types that declare no fields) take a non-object.
        if known.is_empty() && value.is_array() {
            return serde_path_to_error::deserialize(value).map_err(|e| {
                let path = e.path().to_string();
                AppError::Unprocessable(vec![describe(&path, &e.into_inner().to_string())])
            });
        }
        return Err(AppError::field("body", "must be a JSON object"));
    };
    let errors: Vec<FieldError> = map
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .map(|k| {
            if READ_ONLY.contains(&k.as_str()) {
                FieldError::new(k, "is read-only")
            } else {
                FieldError::new(k, "is not a known field")
            }
        })
        .collect();
    if !errors.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        AppError::Unprocessable(vec![describe(&path, &inner)])
    })
}

/// Turns a serde error at `path` into a field error.
pub fn describe(path: &str, message: &str) -> FieldError {
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let field = if path == "." || path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        };
        return FieldError::new(field, "is required");
    }
    let field = if path == "." || path.is_empty() {
        "body".to_string()
    } else {
        path.to_string()
    };
    // serde's messages name types and expected values, never data.
    let message = message.split(" at line ").next().unwrap_or(message).to_string();
    FieldError::new(field, message)
}

/// For PATCH bodies: tells an absent field (`None`) from an explicit `null`
/// (`Some(None)`). Use with `#[serde(default, deserialize_with = "nullable")]`.
pub fn nullable<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    serde::Deserialize::deserialize(de).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Input {
        name: String,
        count: Option<i64>,
    }

    #[test]
    fn names_unknown_and_read_only_fields() {
        let err = parse::<Input>(br#"{"name":"a","id":"x","colour":1}"#).unwrap_err();
        let AppError::Unprocessable(fields) = err else {
            panic!()
        };
        let mut got: Vec<_> = fields
            .iter()
            .map(|f| (f.field.as_str(), f.message.as_str()))
            .collect();
        got.sort();
        assert_eq!(got, [("colour", "is not a known field"), ("id", "is read-only")]);
    }

    #[test]
    fn names_missing_and_mistyped_fields() {
        let AppError::Unprocessable(f) = parse::<Input>(br#"{"count":1}"#).unwrap_err() else {
            panic!()
        };
        assert_eq!(
            (f[0].field.as_str(), f[0].message.as_str()),
            ("name", "is required")
        );
        let AppError::Unprocessable(f) = parse::<Input>(br#"{"name":"a","count":"x"}"#).unwrap_err() else {
            panic!()
        };
        assert_eq!(f[0].field, "count");
    }

    #[test]
    fn unreadable_json_is_a_bad_request() {
        assert!(matches!(parse::<Input>(b"{nope"), Err(AppError::BadRequest(_))));
        assert!(matches!(parse::<Input>(b"[1]"), Err(AppError::Unprocessable(_))));
    }
}
