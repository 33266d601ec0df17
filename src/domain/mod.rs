//! Domain rules in plain Rust: no HTTP, no SQL.

pub mod country;
pub mod name;
pub mod office;
pub mod user;
