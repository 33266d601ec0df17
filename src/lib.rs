//! migrant-desk: case management for municipal migration offices.
//!
//! Layout: `http` (routes, extractors, problem responses: parse, call,
//! render) → the services `casefile`, `referral`, `directory`, `report`,
//! `admin`, `auth` (each read and write takes the `Caller`, checks scope,
//! audits and returns a typed view) → `domain` (plain rules) and `store`
//! (diesel, one module per aggregate) → `db` (both backends). The audit
//! trail (`audit`) is written inside the same transactions.

pub mod admin;
pub mod app;
pub mod audit;
pub mod auth;
pub mod casefile;
pub mod change;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod directory;
pub mod domain;
pub mod error;
pub mod http;
pub mod idempotency;
pub mod import;
pub mod listing;
pub mod metrics;
pub mod proxies;
pub mod referral;
pub mod report;
pub mod server;
pub mod state;
pub mod store;
pub mod subject_access;
pub mod web;
pub mod webhook;
pub mod workbook;
