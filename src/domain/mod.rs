//! Domain rules in plain Rust: no HTTP, no SQL.

pub mod country;
pub mod disclosure;
pub mod migrant;
pub mod name;
pub mod name_key;
pub mod office;
pub mod organization;
pub mod outbound;
pub mod personal_data;
pub mod reference;
pub mod referral;
pub mod target;
pub mod user;
