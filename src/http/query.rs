//! A strict query-string extractor: unknown parameters and values of the
//! wrong type answer 422 naming the parameter.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use super::json_body::describe;
use crate::error::{AppError, FieldError};

/// Query parameters deserialised strictly into `T`.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Query<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let gate = super::caller::take_gate(req);
        let parsed = parse(req.query_string()).map(Query);
        Box::pin(async move {
            // Validation answers only once the caller is known to be allowed.
            super::caller::wait_for_auth(gate).await;
            parsed
        })
    }
}

/// Parses a query string strictly.
pub fn parse<T: DeserializeOwned>(qs: &str) -> Result<T, AppError> {
    let known = serde_aux::serde_introspection::serde_introspect::<T>();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(qs)
        .map_err(|_| AppError::BadRequest("the query string could not be read".into()))?;
    let mut errors: Vec<FieldError> = Vec::new();
    for (k, _) in &pairs {
        if !known.contains(&k.as_str()) {
            errors.push(FieldError::new(k, "is not a known parameter"));
        } else if pairs.iter().filter(|(other, _)| other == k).count() > 1
            && !errors.iter().any(|e| &e.field == k)
        {
            errors.push(FieldError::new(k, "is given more than once"));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(qs.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        AppError::Unprocessable(vec![describe(&path, &e.into_inner().to_string())])
    })
}
