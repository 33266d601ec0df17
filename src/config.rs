//! Typed configuration. Sources, later ones winning:
//! built-in defaults < `config/default.toml` < `config/local.toml` < `--config FILE`
//! < `DATABASE_URL` < `MIGRANT_DESK_*` environment variables < command-line flags.

use serde::{Deserialize, Serialize};

/// Every setting of the service. Each key is documented in README.md and in
/// `config/default.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// `sqlite://PATH` or `postgres://…`.
    pub database_url: String,
    /// Address the HTTP server listens on.
    pub bind: String,
    /// Folder for the SQLite default database and the generated JWT key.
    pub data_dir: String,
    /// HS256 signing key (at least 32 bytes). Required with PostgreSQL.
    pub jwt_secret: Option<String>,
    /// HMAC-SHA256 key of the audit chain (at least 32 bytes), kept outside
    /// the database. Required with PostgreSQL; with SQLite and none set, one
    /// is generated once into `data_dir/audit_key` (mode 0600).
    pub audit_key: Option<String>,
    /// Earlier audit keys, comma-separated: kept after a rotation to verify
    /// the entries they MACed (docs/operations.md, "Keys").
    pub audit_previous_keys: String,
    /// Seconds between signed checkpoints of the audit chain's head, written
    /// to `data_dir/audit-checkpoints.jsonl` and the log.
    pub audit_checkpoint_seconds: u64,
    /// `iss` claim of access tokens.
    pub jwt_issuer: String,
    /// `aud` claim of access tokens.
    pub jwt_audience: String,
    /// Access token lifetime in seconds.
    pub access_token_seconds: i64,
    /// Absolute lifetime of a login (its refresh tokens) in hours.
    pub session_hours: i64,
    /// Failed sign-ins for one account from one client address within the
    /// window before that address is refused for that account.
    pub login_max_failures: i64,
    /// Length of the failure window and of the block, in minutes.
    pub login_lockout_minutes: i64,
    /// Failed sign-ins from one client address over all accounts within the
    /// window before that address is refused (password spraying).
    pub login_address_max_failures: i64,
    /// Failed sign-ins for one account from anywhere within a day before
    /// every address is refused for the rest of the day.
    pub login_account_daily_max_failures: i64,
    /// Proxies whose `X-Forwarded-For` is believed, comma-separated
    /// addresses or CIDR blocks (empty: the TCP peer is the client).
    pub trusted_proxies: String,
    /// Password checks waiting for a hashing thread before sign-ins answer
    /// 503 with `Retry-After`.
    pub password_hash_queue: usize,
    /// The Bearer token `/metrics` asks for (at least 32 bytes); without
    /// one, `/metrics` answers clients on this machine only.
    pub metrics_token: Option<String>,
    /// Lets webhooks reach private and loopback addresses over plain http
    /// (tests and development only; SPEC §5).
    pub webhook_allow_private: bool,
    /// Four eyes: an office account created or re-bound by an administrator
    /// cannot sign in until a supervisor of that office (or another
    /// administrator) confirms it.
    pub account_confirmation: bool,
    /// Roles that must have a second factor (TOTP), comma-separated, e.g.
    /// `admin, supervisor` (empty: none must).
    pub require_mfa: String,
    /// Maximum database connections per instance.
    pub db_pool_size: u32,
    /// Seconds a request waits for a database connection before 503.
    pub db_acquire_timeout_seconds: u64,
    /// SQLite `synchronous` pragma: `FULL` (default, survives power loss) or `NORMAL`.
    pub sqlite_synchronous: String,
    /// Concurrent argon2 computations per instance (0 = half the CPUs, at least one).
    pub password_hash_concurrency: usize,
    /// HTTP worker threads (0 = number of CPUs).
    pub http_workers: usize,
    /// Seconds to finish in-flight requests on shutdown.
    pub shutdown_timeout_seconds: u64,
    /// Seconds a client has to send a whole request body; a slower one is
    /// answered 408 and its connection closed (slow-body attacks).
    pub body_read_seconds: u64,
    /// Open connections the instance accepts at once (0 = 80 % of the file
    /// descriptors it may open, after raising the soft limit to the hard
    /// one); further clients wait in the listen queue.
    pub max_connections: usize,
    /// Days an accepted referral may stay uncompleted before it is overdue.
    pub referral_completion_days: i64,
    /// Smallest count published in reports (k; never below 3).
    pub report_min_cell: i64,
    /// Days without activity after which an open case is on the attention list.
    pub attention_inactive_days: i64,
    /// Days without a delivered service after which a vulnerable person is on the attention list.
    pub attention_service_days: i64,
    /// Days after the last case closed before a migrant is anonymised (0 = never).
    pub retention_days: i64,
    /// Minutes between retention runs of the service.
    pub retention_interval_minutes: u64,
    /// Milliseconds between looks for due webhook events.
    pub webhook_poll_ms: u64,
    /// First webhook retry delay in milliseconds (doubled each attempt, at most an hour).
    pub webhook_retry_base_ms: i64,
    /// Delivery attempts before a webhook event is given up.
    pub webhook_max_attempts: i32,
    /// `json` or `text` logs.
    pub log_format: String,
    /// tracing filter, e.g. `info` or `migrant_desk=debug,info`.
    pub log_level: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: "sqlite://data/migrant-desk.sqlite".into(),
            bind: "127.0.0.1:8080".into(),
            data_dir: "data".into(),
            jwt_secret: None,
            audit_key: None,
            audit_previous_keys: String::new(),
            audit_checkpoint_seconds: 60,
            jwt_issuer: "migrant-desk".into(),
            jwt_audience: "migrant-desk-api".into(),
            access_token_seconds: 900,
            session_hours: 12,
            login_max_failures: 5,
            login_lockout_minutes: 15,
            login_address_max_failures: 20,
            login_account_daily_max_failures: 100,
            trusted_proxies: String::new(),
            password_hash_queue: 32,
            require_mfa: String::new(),
            account_confirmation: false,
            webhook_allow_private: false,
            metrics_token: None,
            db_pool_size: 16,
            db_acquire_timeout_seconds: 5,
            sqlite_synchronous: "FULL".into(),
            password_hash_concurrency: 0,
            http_workers: 0,
            shutdown_timeout_seconds: 30,
            body_read_seconds: 15,
            max_connections: 0,
            referral_completion_days: 30,
            report_min_cell: 5,
            attention_inactive_days: 30,
            attention_service_days: 30,
            retention_days: 1825,
            retention_interval_minutes: 60,
            webhook_poll_ms: 1000,
            webhook_retry_base_ms: 5000,
            webhook_max_attempts: 12,
            log_format: "json".into(),
            log_level: "info".into(),
        }
    }
}

/// A configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A source could not be read or a value has the wrong type.
    #[error("invalid configuration: {0}")]
    Source(#[from] config::ConfigError),
    /// A value is out of its range.
    #[error("{key} {reason}")]
    Invalid {
        /// The setting.
        key: &'static str,
        /// What it must be.
        reason: &'static str,
    },
    /// The database URL is not usable.
    #[error(transparent)]
    DatabaseUrl(#[from] crate::db::DbError),
}

fn invalid(key: &'static str, reason: &'static str) -> ConfigError {
    ConfigError::Invalid { key, reason }
}

/// Values given on the command line; they win over every other source.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--config FILE`
    pub config_file: Option<String>,
    /// `--database URL`
    pub database_url: Option<String>,
    /// `--bind ADDR`
    pub bind: Option<String>,
}

impl Settings {
    /// Loads settings from every source in precedence order.
    pub fn load(overrides: &Overrides) -> Result<Self, ConfigError> {
        let defaults = config::Config::try_from(&Settings::default())?;
        let mut builder = config::Config::builder()
            .add_source(defaults)
            .add_source(config::File::with_name("config/default").required(false))
            .add_source(config::File::with_name("config/local").required(false));
        if let Some(file) = &overrides.config_file {
            builder = builder.add_source(config::File::with_name(file).required(true));
        }
        if let Ok(url) = std::env::var("DATABASE_URL") {
            builder = builder.set_override("database_url", url)?;
        }
        builder = builder.add_source(
            config::Environment::with_prefix("MIGRANT_DESK")
                .prefix_separator("_")
                .try_parsing(true),
        );
        if let Some(url) = &overrides.database_url {
            builder = builder.set_override("database_url", url.clone())?;
        }
        if let Some(bind) = &overrides.bind {
            builder = builder.set_override("bind", bind.clone())?;
        }
        let settings: Settings = builder.build().and_then(|c| c.try_deserialize())?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks values that serde cannot.
    pub fn validate(&self) -> Result<(), ConfigError> {
        crate::db::DatabaseUrl::parse(&self.database_url)?;
        if let Some(secret) = &self.jwt_secret
            && secret.len() < 32
        {
            return Err(invalid("jwt_secret", "must be at least 32 bytes"));
        }
        if self.audit_key.as_ref().is_some_and(|k| k.len() < 32) {
            return Err(invalid("audit_key", "must be at least 32 bytes"));
        }
        if self
            .audit_previous_keys
            .split(',')
            .map(str::trim)
            .any(|k| !k.is_empty() && k.len() < 32)
        {
            return Err(invalid(
                "audit_previous_keys",
                "each key must be at least 32 bytes",
            ));
        }
        if self.audit_checkpoint_seconds == 0 {
            return Err(invalid("audit_checkpoint_seconds", "must be at least 1"));
        }
        if !matches!(self.sqlite_synchronous.as_str(), "FULL" | "NORMAL" | "EXTRA") {
            return Err(invalid("sqlite_synchronous", "must be FULL, NORMAL or EXTRA"));
        }
        if !(60..=3600).contains(&self.access_token_seconds) {
            return Err(invalid("access_token_seconds", "must be between 60 and 3600"));
        }
        if self.login_max_failures < 1
            || self.login_lockout_minutes < 1
            || self.login_address_max_failures < 1
            || self.login_account_daily_max_failures < 1
        {
            return Err(invalid(
                "login_max_failures, login_lockout_minutes, login_address_max_failures and login_account_daily_max_failures",
                "must be positive",
            ));
        }
        if crate::proxies::TrustedProxies::parse(&self.trusted_proxies).is_err() {
            return Err(invalid(
                "trusted_proxies",
                "must list IP addresses or CIDR blocks, separated by commas",
            ));
        }
        if self
            .require_mfa
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .any(|r| crate::auth::Role::parse(r).is_none())
        {
            return Err(invalid(
                "require_mfa",
                "must list roles (admin, supervisor, caseworker, manager, partner), separated by commas",
            ));
        }
        if self.metrics_token.as_ref().is_some_and(|t| t.len() < 32) {
            return Err(invalid("metrics_token", "must be at least 32 bytes"));
        }
        if self.password_hash_queue == 0 {
            return Err(invalid("password_hash_queue", "must be at least 1"));
        }
        if self.report_min_cell < crate::domain::disclosure::MIN_K {
            return Err(invalid("report_min_cell", "must be at least 3"));
        }
        if self.db_pool_size == 0 {
            return Err(invalid("db_pool_size", "must be at least 1"));
        }
        Ok(())
    }

    /// Settings that work but are unwise in production (`check-config`
    /// prints them).
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !crate::auth::mfa::required_for(&self.require_mfa, crate::auth::Role::Admin) {
            out.push(
                "require_mfa does not include admin: administrators can sign in with a password alone \
                 (docs/operations.md recommends require_mfa = \"admin, supervisor\")"
                    .to_string(),
            );
        }
        out
    }

    /// The effective settings as TOML-like lines with secrets masked
    /// (`check-config`).
    pub fn masked_lines(&self) -> Vec<String> {
        let mut shown = self.clone();
        shown.jwt_secret = shown.jwt_secret.as_ref().map(|_| "********".to_string());
        shown.audit_key = shown.audit_key.as_ref().map(|_| "********".to_string());
        if !shown.audit_previous_keys.is_empty() {
            shown.audit_previous_keys = "********".into();
        }
        shown.metrics_token = shown.metrics_token.as_ref().map(|_| "********".to_string());
        shown.database_url = mask_url_password(&shown.database_url);
        let value = serde_json::to_value(&shown).unwrap_or_default();
        let mut lines = Vec::new();
        if let serde_json::Value::Object(map) = value {
            for (k, v) in map {
                lines.push(format!("{k} = {v}"));
            }
        }
        lines
    }
}

/// Replaces the password of a `scheme://user:password@host` URL with `********`.
pub fn mask_url_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let Some(at) = rest.find('@') else {
        return url.to_string();
    };
    let userinfo = &rest[..at];
    match userinfo.find(':') {
        Some(colon) => format!(
            "{}://{}:********{}",
            &url[..scheme_end],
            &userinfo[..colon],
            &rest[at..]
        ),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_password_in_database_url() {
        assert_eq!(
            mask_url_password("postgres://md:s3cret@db:5432/md"),
            "postgres://md:********@db:5432/md"
        );
        assert_eq!(mask_url_password("postgres://md@db/md"), "postgres://md@db/md");
        assert_eq!(
            mask_url_password("sqlite://data/x.sqlite"),
            "sqlite://data/x.sqlite"
        );
    }

    #[test]
    fn rejects_short_jwt_secret() {
        let s = Settings {
            jwt_secret: Some("short".into()),
            ..Settings::default()
        };
        assert!(s.validate().is_err());
    }
}
