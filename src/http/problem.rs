//! RFC 9457 problem responses: the rendering of `AppError`, and a safety net
//! that turns any other error response (unknown route, wrong method, a
//! framework-level rejection) into problem JSON too.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::error::{AppError, FieldError};

/// Media type of problem responses.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// Stable machine-readable problem type, e.g. `urn:migrant-desk:problem:not-found`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short human-readable summary of the problem type.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// Explanation of this occurrence.
    pub detail: String,
    /// For 422: each invalid, unknown or read-only field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
}

/// The title of a status, and the problem code a framework-level error of
/// that status (one that is not an `AppError`) is given.
fn status_code_and_title(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => ("unreadable-body", "Bad request"),
        401 => ("unauthenticated", "Authentication required"),
        403 => ("forbidden", "Forbidden"),
        404 => ("not-found", "Not found"),
        405 => ("method-not-allowed", "Method not allowed"),
        408 => ("request-timeout", "Request timeout"),
        409 => ("invalid-state", "Conflict"),
        412 => ("stale-version", "Precondition failed"),
        413 => ("payload-too-large", "Payload too large"),
        415 => ("unsupported-media-type", "Unsupported media type"),
        422 => ("validation-failed", "Invalid request"),
        429 => ("throttled", "Too many requests"),
        503 => ("unavailable", "Service unavailable"),
        s if s >= 500 => ("internal-error", "Internal server error"),
        _ => ("client-error", "Request rejected"),
    }
}

/// The problem `type` of a code.
pub fn problem_type(code: &str) -> String {
    format!("urn:migrant-desk:problem:{code}")
}

/// Builds a problem document for a status (framework-level errors).
pub fn problem(status: StatusCode, detail: impl Into<String>, errors: Option<Vec<FieldError>>) -> Problem {
    let (code, _) = status_code_and_title(status);
    coded_problem(code, status, detail, errors)
}

/// Builds a problem document of a kind.
pub fn coded_problem(
    code: &str,
    status: StatusCode,
    detail: impl Into<String>,
    errors: Option<Vec<FieldError>>,
) -> Problem {
    let (_, title) = status_code_and_title(status);
    Problem {
        kind: problem_type(code),
        title: title.to_string(),
        status: status.as_u16(),
        detail: detail.into(),
        errors,
    }
}

/// Renders a problem as a response.
pub fn problem_response(status: StatusCode, body: &Problem) -> HttpResponse {
    let json = serde_json::to_string(body).unwrap_or_else(|_| "{}".to_string());
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, PROBLEM_JSON))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(json)
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) | AppError::PasswordChangeRequired | AppError::MfaEnrolmentRequired => {
                StatusCode::FORBIDDEN
            }
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Conflict(_)
            | AppError::AlreadyExists(_)
            | AppError::ChangedMeanwhile(_)
            | AppError::ConsentWithdrawn => StatusCode::CONFLICT,
            AppError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let code = self.code();
        let body = match self {
            AppError::Internal { .. } => {
                tracing::error!(error = %self.chain(), "internal error");
                coded_problem(code, status, "The server could not complete the request.", None)
            }
            AppError::Unavailable { .. } => {
                tracing::warn!(error = %self.chain(), "service unavailable");
                coded_problem(
                    code,
                    status,
                    "The service is temporarily unavailable; try again shortly.",
                    None,
                )
            }
            AppError::Unprocessable(errors) => {
                let names: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
                coded_problem(
                    code,
                    status,
                    format!("Invalid fields: {}", names.join(", ")),
                    Some(errors.clone()),
                )
            }
            AppError::NotFound => {
                coded_problem(code, status, "No such resource, or it is not yours to see.", None)
            }
            other => coded_problem(code, status, other.to_string(), None),
        };
        let mut res = problem_response(status, &body);
        match self {
            AppError::TooManyRequests { retry_after } => {
                if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
                    res.headers_mut().insert(header::RETRY_AFTER, v);
                }
            }
            AppError::Unauthorized(_) => {
                res.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            AppError::Unavailable { .. } => {
                res.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            _ => {}
        }
        res
    }
}

/// `ErrorHandlers` fallback: any error response that is not already problem
/// JSON (or a page) gets a problem body for its status (its detail never leaks).
pub fn ensure_problem<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    // Problem documents, and the error pages of the web frontend, are
    // already what the client should get.
    let rendered = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON) || v.starts_with("text/html"));
    if rendered {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let detail = match status.as_u16() {
        404 => "No such resource, or it is not yours to see.",
        405 => "This resource does not support that method.",
        413 => "The request body is larger than 1 MiB.",
        s if s >= 500 => "The server could not complete the request.",
        _ => "The request was rejected.",
    };
    let keep: Vec<(header::HeaderName, HeaderValue)> = res
        .headers()
        .iter()
        .filter(|(k, _)| {
            [header::ALLOW, header::RETRY_AFTER, header::WWW_AUTHENTICATE].contains(k)
                || k.as_str() == "x-request-id"
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let (req, _) = res.into_parts();
    let mut new = problem_response(status, &problem(status, detail, None));
    for (k, v) in keep {
        new.headers_mut().insert(k, v);
    }
    let res: ServiceResponse<EitherBody<B, BoxBody>> = ServiceResponse::new(req, new).map_into_right_body();
    Ok(ErrorHandlerResponse::Response(res))
}
