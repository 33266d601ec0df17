//! Start-up: open and migrate the database, resolve the signing key, create
//! the first administrator or the demo data, and serve until a signal.

use std::io::Write;

use crate::audit::checkpoint::CheckpointLog;
use crate::audit::key::{AuditKey, Keyring};
use crate::audit::{Action, AuditEvent, AuditWriter, EntityType};
use crate::auth::Role;
use crate::auth::password::{PasswordService, check_policy, hash_blocking};
use crate::auth::token::{TokenService, random_hex};
use crate::config::Settings;
use crate::db::{Backend, Db, PoolOptions, new_id, now, write_tx};
use crate::domain::name::{clean_email, clean_name};
use crate::error::AppError;
use crate::state::AppState;
use crate::store;
use crate::store::user::UserRow;

/// Why the service (or a command) could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The configuration.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The database.
    #[error(transparent)]
    Database(#[from] crate::db::DbError),
    /// The signing key is missing or unusable.
    #[error("{0}")]
    Key(String),
    /// The signing key could not be turned into a token key.
    #[error("the JWT key is unusable: {0}")]
    Token(#[source] jsonwebtoken::errors::Error),
    /// A file or folder of the data directory.
    #[error("cannot {action} {path}: {source}")]
    File {
        /// create, read or write.
        action: &'static str,
        /// The path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A background thread could not start.
    #[error("cannot start the {what}: {source}")]
    Thread {
        /// Which.
        what: &'static str,
        /// Why.
        source: std::io::Error,
    },
    /// The audit trail could not be sealed under the audit key.
    #[error(transparent)]
    AuditSeal(#[from] crate::audit::seal::SealError),
    /// The HTTP listener.
    #[error("cannot listen on {bind}: {source}")]
    Listen {
        /// The address.
        bind: String,
        /// Why.
        source: std::io::Error,
    },
    /// A service step (first administrator, demo data, re-keying).
    #[error("{context}: {source}")]
    Service {
        /// What was being done.
        context: &'static str,
        /// Why.
        source: AppError,
    },
}

fn file_error(action: &'static str, path: &std::path::Path) -> impl FnOnce(std::io::Error) -> StartupError {
    let path = path.display().to_string();
    move |source| StartupError::File { action, path, source }
}

fn service(context: &'static str) -> impl FnOnce(AppError) -> StartupError {
    move |source| StartupError::Service { context, source }
}

/// Opens the database with the configured pool settings.
pub fn open_database(settings: &Settings) -> Result<Db, StartupError> {
    Db::connect(
        &settings.database_url,
        &PoolOptions {
            max_size: settings.db_pool_size,
            acquire_timeout: std::time::Duration::from_secs(settings.db_acquire_timeout_seconds),
            sqlite_synchronous: settings.sqlite_synchronous.clone(),
        },
    )
    .map_err(StartupError::from)
}

/// The JWT signing key: configured, or (SQLite only) generated once and kept
/// in the data directory with mode 0600.
pub fn jwt_secret(settings: &Settings, backend: Backend) -> Result<Vec<u8>, StartupError> {
    secret(
        settings,
        backend,
        &Secret {
            configured: settings.jwt_secret.as_deref(),
            file: "jwt_secret",
            variable: "MIGRANT_DESK_JWT_SECRET (or jwt_secret in config)",
            generate: true,
        },
    )
}

/// The audit keys: the current one, configured or (SQLite only) generated
/// once and kept in the data directory with mode 0600, and the earlier ones
/// of `audit_previous_keys`. `generate` is false for commands that only
/// check an existing trail (a new key could not check it).
pub fn audit_keys(settings: &Settings, backend: Backend, generate: bool) -> Result<Keyring, StartupError> {
    let bytes = secret(
        settings,
        backend,
        &Secret {
            configured: settings.audit_key.as_deref(),
            file: "audit_key",
            variable: "MIGRANT_DESK_AUDIT_KEY (or audit_key in config)",
            generate,
        },
    )?;
    let current = AuditKey::new(&bytes).map_err(service("the audit key"))?;
    let previous = settings
        .audit_previous_keys
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| AuditKey::new(k.as_bytes()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(service("audit_previous_keys"))?;
    Ok(Keyring::new(current, previous))
}

/// Where a secret comes from.
struct Secret<'a> {
    configured: Option<&'a str>,
    /// File name in the data directory.
    file: &'static str,
    /// How to configure it (for messages).
    variable: &'static str,
    /// Whether a missing file is created with a new key.
    generate: bool,
}

fn secret(settings: &Settings, backend: Backend, s: &Secret<'_>) -> Result<Vec<u8>, StartupError> {
    if let Some(configured) = s.configured {
        return Ok(configured.as_bytes().to_vec());
    }
    if backend == Backend::Postgres {
        return Err(StartupError::Key(format!(
            "{} is required with PostgreSQL: instances sharing a database must share the key",
            s.variable
        )));
    }
    let dir = std::path::Path::new(&settings.data_dir);
    let path = dir.join(s.file);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let key = existing.trim().to_string();
        if key.len() >= 32 {
            // A key file left readable by others (older versions) is tightened.
            crate::db::make_private(&path, 0o600).map_err(file_error("protect", &path))?;
            return Ok(key.into_bytes());
        }
        return Err(StartupError::Key(format!(
            "{} holds a key shorter than 32 bytes",
            path.display()
        )));
    }
    if !s.generate {
        return Err(StartupError::Key(format!(
            "no key: set {} or run from the data directory that holds {}",
            s.variable,
            path.display()
        )));
    }
    if !dir.exists() {
        std::fs::create_dir_all(dir).map_err(file_error("create", dir))?;
        crate::db::make_private(dir, 0o700).map_err(file_error("protect", dir))?;
    }
    let key = random_hex(32).map_err(service("generating a key"))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path).map_err(file_error("create", &path))?;
    file.write_all(key.as_bytes())
        .and_then(|_| file.sync_all())
        .map_err(file_error("write", &path))?;
    Ok(key.into_bytes())
}

/// Applies pending schema migrations, then brings data that SQL cannot
/// migrate up to date (duplicate keys); returns what was done.
pub fn migrate(db: &Db) -> Result<Vec<String>, StartupError> {
    let mut applied = db.migrate()?;
    let rekeyed = crate::casefile::rekey::run(db).map_err(service("re-keying duplicates failed"))?;
    if rekeyed > 0 {
        applied.push(format!(
            "duplicate-key scheme {} ({rekeyed} records re-keyed)",
            crate::casefile::rekey::KEY_SCHEME
        ));
    }
    Ok(applied)
}

/// Opens and migrates the database for a command that writes audited
/// changes (`create-admin`, `confirm-user`, `retention`): the audit key is
/// installed and the trail anchored as the service would.
pub fn open_for_command(settings: &Settings) -> Result<Db, StartupError> {
    let backend = crate::db::DatabaseUrl::parse(&settings.database_url)?.backend;
    let keys = audit_keys(settings, backend, true)?;
    let db = open_database(settings)?;
    migrate(&db)?;
    crate::audit::key::install(keys.clone()).map_err(service("the audit key"))?;
    crate::audit::seal::anchor_at_startup(&db, &keys, &CheckpointLog::in_dir(&settings.data_dir))?;
    Ok(db)
}

/// Opens and migrates the database and builds the shared state.
pub fn prepare(settings: Settings) -> Result<AppState, StartupError> {
    // The keys first: a start that cannot run changes nothing.
    let backend = crate::db::DatabaseUrl::parse(&settings.database_url)?.backend;
    let secret = jwt_secret(&settings, backend)?;
    let audit_keys = audit_keys(&settings, backend, true)?;
    let db = open_database(&settings)?;
    let applied = migrate(&db)?;
    if !applied.is_empty() {
        tracing::info!(migrations = ?applied, "database migrated");
    }
    crate::audit::key::install(audit_keys.clone()).map_err(service("the audit key"))?;
    let checkpoints = CheckpointLog::in_dir(&settings.data_dir);
    crate::audit::seal::anchor_at_startup(&db, &audit_keys, &checkpoints)?;
    let tokens = TokenService::new(
        &secret,
        &settings.jwt_issuer,
        &settings.jwt_audience,
        settings.access_token_seconds,
    )?;
    let proxies = crate::proxies::TrustedProxies::parse(&settings.trusted_proxies)
        .map_err(|e| AppError::internal(format!("trusted_proxies: {e}")))
        .map_err(service("client address rules"))?;
    let passwords = PasswordService::new(settings.password_hash_concurrency, settings.password_hash_queue)
        .map_err(service("password hashing threads"))?;
    let audit = AuditWriter::start(db.clone()).map_err(service("audit writer"))?;
    let writes =
        crate::db::group_commit::GroupCommit::start(db.clone()).map_err(service("group-commit writer"))?;
    Ok(AppState {
        db,
        settings: std::sync::Arc::new(settings),
        tokens,
        passwords,
        audit,
        writes,
        form_key: std::sync::Arc::new(crate::web::csrf::derive_key(&secret)),
        checkpoints: std::sync::Arc::new(checkpoints),
        proxies: std::sync::Arc::new(proxies),
    })
}

/// Creates an administrator account (first start, `create-admin`, demo).
pub fn create_admin(db: &Db, email: &str, name: &str, password: &str) -> Result<UserRow, AppError> {
    let mut errors = Vec::new();
    let email = clean_email("email", email, &mut errors);
    let name = clean_name("name", name, &mut errors);
    if let Err(m) = check_policy(password, &[&email, &name]) {
        errors.push(crate::error::FieldError::new("password", m));
    }
    if !errors.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    let hash = hash_blocking(password)?;
    let mut conn = db.get()?;
    write_tx(&mut conn, |c| {
        if store::user::find_by_email(c, &email)?.is_some() {
            return Err(AppError::AlreadyExists(format!(
                "an account with email {email} already exists"
            )));
        }
        let at = now();
        let row = UserRow {
            id: new_id(),
            email,
            full_name: name,
            role: Role::Admin.as_str().into(),
            office_id: None,
            organization_id: None,
            active: true,
            password_hash: hash,
            last_login_at: None,
            created_at: at,
            updated_at: at,
            version: 1,
            language: None,
            password_change_required: false,
            awaiting_confirmation_by: None,
        };
        store::user::insert(c, &row)?;
        crate::audit::trail::append(
            c,
            &[AuditEvent::new(Action::Create, EntityType::User, row.id.clone())],
        )?;
        Ok(row)
    })
}

/// On an empty database, creates the first administrator and prints its
/// one-time password (the only time it is shown).
pub fn ensure_first_admin(db: &Db) -> Result<(), StartupError> {
    let mut conn = db.get().map_err(service("first administrator"))?;
    if store::user::any(&mut conn).map_err(service("first administrator"))? {
        return Ok(());
    }
    let email = "admin@migrant-desk.local";
    let password = random_hex(12).map_err(service("first administrator"))?;
    match create_admin(db, email, "Administrator", &password) {
        Ok(_) => {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(
                out,
                "\n================================================================\n\
                 First start: an administrator account was created.\n\
                 \x20 email:    {email}\n\
                 \x20 password: {password}\n\
                 This password is shown only once. Sign in and change it\n\
                 (POST /api/v1/me/password).\n\
                 ================================================================\n"
            );
            let _ = out.flush();
            Ok(())
        }
        // Another instance sharing the database created it first.
        Err(AppError::AlreadyExists(_)) => Ok(()),
        Err(e) => Err(service("first administrator")(e)),
    }
}

/// Serves HTTP until SIGINT/SIGTERM, then drains in-flight requests.
pub async fn serve(settings: Settings, demo: bool) -> Result<(), StartupError> {
    let bind = settings.bind.clone();
    let workers = settings.http_workers;
    let shutdown = settings.shutdown_timeout_seconds;
    let pool_size = settings.db_pool_size;
    let max_connections = settings.max_connections;
    let state = prepare(settings)?;
    if demo {
        crate::demo::load(&state.db).map_err(service("demo data"))?;
    } else {
        ensure_first_admin(&state.db)?;
    }
    crate::webhook::delivery::start(state.db.clone(), delivery_options(&state.settings))
        .map_err(|source| StartupError::Thread {
            what: "webhook worker",
            source,
        })?
        .detach();
    start_retention(&state);
    crate::audit::seal::start_writer(
        state.db.clone(),
        crate::audit::key::installed()
            .map_err(service("the audit key"))?
            .current()
            .clone(),
        (*state.checkpoints).clone(),
        std::time::Duration::from_secs(state.settings.audit_checkpoint_seconds),
    )
    .map_err(|source| StartupError::Thread {
        what: "audit checkpoint writer",
        source,
    })?;
    tracing::info!(bind = %bind, backend = ?state.db.backend(), "migrant-desk listening");
    let factory_state = state.clone();
    let mut server = actix_web::HttpServer::new(move || crate::app::build(factory_state.clone()))
        .on_connect(crate::http::peer::remember)
        .shutdown_timeout(shutdown)
        .bind(&bind)
        .map_err(|source| StartupError::Listen {
            bind: bind.clone(),
            source,
        })?;
    let workers = if workers > 0 {
        workers
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    // Blocking work is database work (and bounded argon2): threads beyond
    // the pool's connections would only wait for one, and every extra
    // thread costs wake-ups and memory (docs/performance.md).
    // Connections are capped below the descriptors the process may open,
    // so a flood of idle or slow clients waits in the listen queue instead
    // of leaving no descriptor for the database, the logs and health checks.
    let connections = match max_connections {
        0 => (raise_descriptor_limit() as usize).saturating_mul(8) / 10,
        n => n,
    }
    .max(workers);
    tracing::info!(max_connections = connections, "connection cap");
    server = server
        .workers(workers)
        .max_connections(connections.div_ceil(workers))
        .worker_max_blocking_threads((pool_size as usize).div_ceil(workers).max(2));
    server
        .run()
        .await
        .map_err(|source| StartupError::Listen { bind, source })
}

/// Raises the soft limit of open files to the hard one; answers the soft
/// limit in force (1024 when it cannot be read).
fn raise_descriptor_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit = raised;
            }
        }
    }
    limit.rlim_cur
}

/// Webhook worker settings from the configuration.
pub fn delivery_options(s: &Settings) -> crate::webhook::delivery::DeliveryOptions {
    crate::webhook::delivery::DeliveryOptions {
        poll: std::time::Duration::from_millis(s.webhook_poll_ms.max(10)),
        retry_base: chrono::Duration::milliseconds(s.webhook_retry_base_ms.max(10)),
        max_attempts: s.webhook_max_attempts.max(1),
        timeout: std::time::Duration::from_secs(10),
        allow_private: s.webhook_allow_private,
    }
}

/// Runs the retention job every `retention_interval_minutes` on a thread of
/// its own (several instances may run it at once; see `casefile::retention`),
/// and with it forgets the `Idempotency-Key` outcomes past their window.
fn start_retention(state: &AppState) {
    let days = state.settings.retention_days;
    let interval = std::time::Duration::from_secs(state.settings.retention_interval_minutes.max(1) * 60);
    let db = state.db.clone();
    let spawned = std::thread::Builder::new()
        .name("retention".into())
        .spawn(move || {
            loop {
                let at = crate::db::now();
                match db
                    .get()
                    .and_then(|mut c| crate::casefile::retention::run(&mut c, at, days))
                {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(anonymised = n, "retention job"),
                    Err(e) => tracing::warn!(error = %e, "retention job failed"),
                }
                match db.get().and_then(|mut c| crate::idempotency::purge(&mut c, at)) {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(forgotten = n, "idempotency keys past their window"),
                    Err(e) => tracing::warn!(error = %e, "idempotency purge failed"),
                }
                let day_ago = at - chrono::Duration::days(1);
                if let Err(e) = db
                    .get()
                    .and_then(|mut c| crate::auth::notice::purge(&mut c, day_ago))
                {
                    tracing::warn!(error = %e, "purge of unread notices failed");
                }
                std::thread::sleep(interval);
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "cannot start the retention job");
    }
}
