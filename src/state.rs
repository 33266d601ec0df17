//! What every request handler shares: the database, settings, token and
//! password services and the audit writer. Nothing here is state that
//! matters beyond this process: sessions, lockouts and the audit chain live
//! in the database, so several instances can share one PostgreSQL.

use std::sync::Arc;

use crate::audit::AuditWriter;
use crate::auth::password::PasswordService;
use crate::auth::token::TokenService;
use crate::config::Settings;
use crate::db::Db;
use crate::db::group_commit::GroupCommit;

/// Shared application state.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Effective settings.
    pub settings: Arc<Settings>,
    /// Access tokens.
    pub tokens: TokenService,
    /// Password hashing.
    pub passwords: PasswordService,
    /// Group-committed audit entries.
    pub audit: AuditWriter,
    /// Group-committed changes (creations through `http::idempotency::once`).
    pub writes: GroupCommit,
    /// The key the pages' form tokens are signed with (derived from the
    /// signing key, so shared by every instance).
    pub form_key: Arc<Vec<u8>>,
    /// This instance's audit checkpoint log (`data_dir/audit-checkpoints.jsonl`).
    pub checkpoints: Arc<crate::audit::checkpoint::CheckpointLog>,
    /// Proxies whose `X-Forwarded-For` is believed (`trusted_proxies`).
    pub proxies: Arc<crate::proxies::TrustedProxies>,
}
