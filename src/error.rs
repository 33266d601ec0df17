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

/// A cause kept for the log (never sent to a client).
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong while serving a request. Each variant is one
/// kind of error with a stable code (`AppError::code`, the end of the problem
/// `type`) and the HTTP status it is rendered with (see `http::problem`);
/// messages and causes of 5xx variants never reach a client.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400 `unreadable-body`: the body or query could not be read at all.
    #[error("{0}")]
    BadRequest(String),
    /// 401 `unauthenticated`: no, invalid or expired credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// 403 `forbidden`: the caller's role lacks the function.
    #[error("{0}")]
    Forbidden(String),
    /// 404 `not-found`: absent, or outside the caller's scope.
    #[error("not found")]
    NotFound,
    /// 405 `method-not-allowed`: the path exists but not with that method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 409 `invalid-state`: not allowed in the record's current state
    /// (a referral transition, a closed case, a merged record …).
    #[error("{0}")]
    Conflict(String),
    /// 409 `already-exists`: a unique value is already taken.
    #[error("{0}")]
    AlreadyExists(String),
    /// 409 `changed-meanwhile`: a concurrent change won; read again.
    #[error("{0}")]
    ChangedMeanwhile(String),
    /// 409 `consent-withdrawn`: the person withdrew consent to the referral.
    #[error("the person has withdrawn consent to this referral")]
    ConsentWithdrawn,
    /// 412 `stale-version`: `If-Match` names a stale version.
    #[error("the record was changed since you read it")]
    PreconditionFailed,
    /// 413 `payload-too-large`: body over the limit.
    #[error("request body larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// 408 `request-timeout`: the body did not arrive in time.
    #[error("the request body did not arrive within {0} seconds")]
    RequestTimeout(u64),
    /// 415 `unsupported-media-type`: the body is not JSON.
    #[error("request body must be application/json")]
    UnsupportedMediaType,
    /// 422 `validation-failed`: invalid, unknown or read-only fields.
    #[error("invalid fields")]
    Unprocessable(Vec<FieldError>),
    /// 403 `password-change-required`: the caller's password was set by an
    /// administrator; only changing it is allowed.
    #[error("the password set by an administrator must be changed first (POST /api/v1/me/password)")]
    PasswordChangeRequired,
    /// 403 `mfa-enrolment-required`: the caller's role must have a second
    /// factor; only enrolling it is allowed.
    #[error(
        "this role must have a second factor: enrol an authenticator app first (POST /api/v1/me/mfa/totp)"
    )]
    MfaEnrolmentRequired,
    /// 429 `throttled`: retry after that many seconds.
    #[error("too many attempts")]
    TooManyRequests {
        /// Seconds until the client may try again.
        retry_after: u64,
    },
    /// 503 `unavailable`: the database is unreachable, busy or the pool exhausted.
    #[error("service unavailable: {context}")]
    Unavailable {
        /// What was being done.
        context: String,
        /// The underlying error, for the log.
        #[source]
        source: Option<Cause>,
    },
    /// 500 `internal-error`: a fault; the context and cause go to the log only.
    #[error("internal error: {context}")]
    Internal {
        /// What was being done.
        context: String,
        /// The underlying error, for the log.
        #[source]
        source: Option<Cause>,
    },
}

impl AppError {
    /// A 500 with a context for the log.
    pub fn internal(context: impl Into<String>) -> Self {
        Self::Internal {
            context: context.into(),
            source: None,
        }
    }

    /// A 500 keeping its cause for the log.
    pub fn internal_from(context: impl Into<String>, cause: impl Into<Cause>) -> Self {
        Self::Internal {
            context: context.into(),
            source: Some(cause.into()),
        }
    }

    /// A 503 with a context for the log.
    pub fn unavailable(context: impl Into<String>) -> Self {
        Self::Unavailable {
            context: context.into(),
            source: None,
        }
    }

    /// A 422 on a single field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Unprocessable(vec![FieldError::new(field, message)])
    }

    /// The stable code of this kind of error (the end of the problem `type`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "unreadable-body",
            Self::Unauthorized(_) => "unauthenticated",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound => "not-found",
            Self::MethodNotAllowed => "method-not-allowed",
            Self::Conflict(_) => "invalid-state",
            Self::AlreadyExists(_) => "already-exists",
            Self::ChangedMeanwhile(_) => "changed-meanwhile",
            Self::ConsentWithdrawn => "consent-withdrawn",
            Self::PreconditionFailed => "stale-version",
            Self::PayloadTooLarge(_) => "payload-too-large",
            Self::RequestTimeout(_) => "request-timeout",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::Unprocessable(_) => "validation-failed",
            Self::TooManyRequests { .. } => "throttled",
            Self::PasswordChangeRequired => "password-change-required",
            Self::MfaEnrolmentRequired => "mfa-enrolment-required",
            Self::Unavailable { .. } => "unavailable",
            Self::Internal { .. } => "internal-error",
        }
    }

    /// The error and every cause below it, for the log.
    pub fn chain(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(c) = cause {
            text.push_str(": ");
            text.push_str(&c.to_string());
            cause = c.source();
        }
        text
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => Self::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                Self::AlreadyExists("a record with the same unique value already exists".into())
            }
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => Self::Unavailable {
                context: "database connection closed".into(),
                source: Some(Box::new(e)),
            },
            Error::DatabaseError(_, ref info) if is_busy(info.message()) => Self::Unavailable {
                context: "database busy".into(),
                source: Some(Box::new(e)),
            },
            other => Self::internal_from("database query failed", other),
        }
    }
}

fn is_busy(message: &str) -> bool {
    message.contains("database is locked") || message.contains("database is busy")
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Self::Unavailable {
            context: "no database connection available".into(),
            source: Some(Box::new(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_keep_their_cause_for_the_log() {
        let e = AppError::from(diesel::result::Error::RollbackTransaction);
        assert_eq!(e.code(), "internal-error");
        assert!(e.chain().contains("database query failed: "), "{}", e.chain());
        assert!(std::error::Error::source(&e).is_some());
    }

    #[test]
    fn conflicts_of_different_kinds_have_different_codes() {
        let codes = [
            AppError::Conflict("x".into()).code(),
            AppError::AlreadyExists("x".into()).code(),
            AppError::ChangedMeanwhile("x".into()).code(),
            AppError::ConsentWithdrawn.code(),
        ];
        let mut unique = codes.to_vec();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), codes.len());
    }
}
