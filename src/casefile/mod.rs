//! Case files: what office staff do with migrants, cases, services, notes
//! and follow-ups. Each operation is one transaction with its audit entries;
//! every query is scoped to the caller's office.

pub mod attention;
pub mod case_records;
pub mod cases;
pub mod distributions;
pub mod imports;
pub mod migrants;
pub mod read;
pub mod registration;
pub mod rekey;
pub mod retention;
pub mod target_lists;
pub mod views;
mod write_batch;

pub(crate) use write_batch::WriteBatch;
