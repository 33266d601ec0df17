//! The service as real processes under the operator's worst days: killed in
//! the middle of writes, backed up while it writes, its audit key rotated,
//! and two instances on one PostgreSQL database.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../support/process.rs"]
mod process;

mod backup;
mod crash;
mod demo;
mod key_rotation;
mod scale_out;
