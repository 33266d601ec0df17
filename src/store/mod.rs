//! Database access, one module per aggregate. Functions take a `&mut DbConn`
//! so that they run alone or inside a caller's transaction; scope (office,
//! organisation) is part of each query, never a filter applied afterwards.

pub mod api_key;
pub mod audit;
pub mod case;
pub mod consent;
pub mod distribution;
pub mod follow_up;
pub mod household;
pub mod idempotency;
pub mod import;
pub mod login_throttle;
pub mod mfa;
pub mod migrant;
pub mod note;
pub mod office;
pub mod organization;
pub mod page;
pub mod personal_data;
pub mod referral;
pub mod report;
pub mod service;
pub mod session;
pub mod session_notice;
pub mod target_list;
pub mod user;
pub mod webhook;
