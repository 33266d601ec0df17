//! Authentication and authorisation building blocks that know nothing of
//! HTTP: roles, password hashing and policy, access and refresh tokens.

pub mod authenticate;
pub mod caller;
pub mod capability;
pub mod device;
pub mod hashing_threads;
pub mod login;
pub mod mfa;
pub mod notice;
pub mod open_logins;
pub mod password;
pub mod role;
pub mod security_events;
pub mod throttle;
pub mod token;
pub mod totp;

pub use caller::Caller;
pub use role::Role;
