//! Case files: what office staff do with migrants, cases, services, notes
//! and follow-ups. Each operation is one transaction with its audit entries;
//! every query is scoped to the caller's office.

pub mod attention;
pub mod case_records;
pub mod cases;
pub mod migrants;
pub mod read;
pub mod rekey;
pub mod retention;
pub mod views;

use crate::error::AppError;

/// Parses a JSON list stored as text.
pub fn json_list<T: serde::de::DeserializeOwned>(text: &str) -> Result<Vec<T>, AppError> {
    serde_json::from_str(text).map_err(|e| AppError::internal(format!("malformed stored list: {e}")))
}

/// Serialises a list for storage.
pub fn to_json<T: serde::Serialize>(items: &[T]) -> Result<String, AppError> {
    serde_json::to_string(items).map_err(|e| AppError::internal(e.to_string()))
}
