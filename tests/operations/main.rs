//! The service as real processes under the operator's worst days: killed in
//! the middle of writes, backed up while it writes, and two instances on one
//! PostgreSQL database.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../support/process.rs"]
mod process;

mod backup;
mod crash;
mod demo;
mod scale_out;
