//! API integration tests: every test runs on SQLite and on PostgreSQL,
//! through the real HTTP stack.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod harness;

mod audit;
mod auth;
mod case_records;
mod cases;
mod consent_withdrawal;
mod directory;
mod duplicates;
mod errors;
mod migrants;
mod migrations;
mod offices;
mod operations;
mod referrals;
mod reports;
mod users;
mod webhooks;
