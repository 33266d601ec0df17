//! Administration: offices and user accounts. Each operation is one
//! transaction that also writes its audit entry.

pub mod offices;
pub mod read;
pub mod users;
pub mod views;
