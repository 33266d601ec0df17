//! The one error type. Each variant chooses the HTTP status it is rendered
//! with (see `http::problem`); messages of 5xx variants never reach a client.

use serde::Serialize;

/// A field that failed validation, named as the client sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The field (a JSON pointer-like dotted path for nested fields).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl FieldError {
    /// Builds a field error.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Everything that can go wrong while serving a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: the body or query could not be read at all.
    #[error("{0}")]
    BadRequest(String),
    /// 401: no, invalid or expired credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: the caller's role lacks the function.
    #[error("{0}")]
    Forbidden(String),
    /// 404: absent, or outside the caller's scope.
    #[error("not found")]
    NotFound,
    /// 405: the path exists but not with that method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 409: invalid state transition or unique clash.
    #[error("{0}")]
    Conflict(String),
    /// 412: `If-Match` names a stale version.
    #[error("the record was changed since you read it")]
    PreconditionFailed,
    /// 413: body over the limit.
    #[error("request body larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// 415: the body is not JSON.
    #[error("request body must be application/json")]
    UnsupportedMediaType,
    /// 422: one or more invalid, unknown or read-only fields.
    #[error("invalid fields")]
    Unprocessable(Vec<FieldError>),
    /// 429: throttled; retry after that many seconds.
    #[error("too many attempts")]
    TooManyRequests {
        /// Seconds until the client may try again.
        retry_after: u64,
    },
    /// 503: the database is unreachable or the pool exhausted.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// 500: a fault; the detail goes to the log only.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// A 500 with a detail for the log.
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::Internal(detail.into())
    }

    /// A 422 on a single field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Unprocessable(vec![FieldError::new(field, message)])
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => Self::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                Self::Conflict("a record with the same unique value already exists".into())
            }
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
                Self::Unavailable(info.message().to_string())
            }
            Error::DatabaseError(_, ref info) if is_busy(info.message()) => {
                Self::Unavailable(info.message().to_string())
            }
            other => Self::Internal(other.to_string()),
        }
    }
}

fn is_busy(message: &str) -> bool {
    message.contains("database is locked") || message.contains("database is busy")
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Self::Unavailable(e.to_string())
    }
}
