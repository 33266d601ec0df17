//! The directory of migration actors: organisations, their API keys and
//! webhook settings, and its Open Referral HSDS export and import.

pub mod api_keys;
pub mod hsds;
pub mod organizations;
pub mod read;
pub mod views;
