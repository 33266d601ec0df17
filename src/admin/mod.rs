//! Administration: offices and user accounts. Each operation is one
//! transaction that also writes its audit entry.

pub mod offices;
pub mod users;

use crate::error::AppError;

/// Checks an `If-Match` version against the stored one.
pub fn check_version(if_match: Option<i32>, stored: i32) -> Result<(), AppError> {
    match if_match {
        Some(v) if v != stored => Err(AppError::PreconditionFailed),
        _ => Ok(()),
    }
}
