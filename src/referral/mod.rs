//! Referrals: how a case reaches a partner association, and what the
//! partner may see and do.

pub mod distribution;
pub mod partner_view;
pub mod read;
pub mod view;
pub mod workflow;
