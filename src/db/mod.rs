//! The database: one connection type over SQLite and PostgreSQL, a bounded
//! pool, embedded migrations, and the transaction helper every audited write
//! goes through.

pub mod backup;
pub mod codes;
pub mod group_commit;
pub mod json;
pub mod schema;

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::r2d2;
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::error::AppError;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to whichever backend the deployment uses.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// Embedded SQLite (the single-server default).
    Sqlite(SqliteConnection),
    /// PostgreSQL (several stateless instances may share it).
    Pg(PgConnection),
}

/// Which backend a database URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `sqlite://PATH`
    Sqlite,
    /// `postgres://…` or `postgresql://…`
    Postgres,
}

/// What can go wrong opening, migrating or reaching the database at start-up
/// or from a command (requests see `AppError` instead).
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL names no supported database.
    #[error("{0}")]
    Url(&'static str),
    /// The SQLite file's folder could not be created.
    #[error("cannot create {path}: {source}")]
    Directory {
        /// The folder.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The first connection failed.
    #[error("cannot open the database: {0}")]
    Open(#[source] ConnectionError),
    /// SQLite refused write-ahead logging.
    #[error("cannot switch the database to WAL: {0}")]
    Wal(#[source] diesel::result::Error),
    /// The pool could not be built or lend a connection.
    #[error("cannot open the database: {0}")]
    Pool(#[source] r2d2::PoolError),
    /// A migration failed (or could not be reverted).
    #[error("migration failed: {0}")]
    Migration(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A parsed `--database` URL.
#[derive(Debug, Clone)]
pub struct DatabaseUrl {
    /// The backend.
    pub backend: Backend,
    /// What the backend's `establish` takes: a file path for SQLite, the URL for PostgreSQL.
    pub target: String,
}

impl DatabaseUrl {
    /// Parses `sqlite://PATH` (also `sqlite:PATH`) or `postgres://…`.
    pub fn parse(url: &str) -> Result<Self, DbError> {
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err(DbError::Url(
                    "sqlite URL needs a path, e.g. sqlite://data/migrant-desk.sqlite",
                ));
            }
            return Ok(Self {
                backend: Backend::Sqlite,
                target: path.to_string(),
            });
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self {
                backend: Backend::Postgres,
                target: url.to_string(),
            });
        }
        Err(DbError::Url(
            "database URL must start with sqlite:// or postgres://",
        ))
    }
}

/// Opens connections for the pool, choosing the backend from the URL scheme
/// (so a PostgreSQL error is reported as such) and setting SQLite pragmas.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: DatabaseUrl,
    sqlite_synchronous: String,
}

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = DbConn;
    type Error = ConnectionError;

    fn connect(&self) -> Result<DbConn, ConnectionError> {
        match self.url.backend {
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(&self.url.target)?;
                conn.batch_execute(&format!(
                    // WAL is set once per database file in `Db::connect` (it
                    // persists); these are per connection.
                    // mmap: reads come straight from the OS page cache instead of
                    // each connection's own copy, which SQLite discards whenever
                    // another connection has committed (the audit trail commits
                    // every few milliseconds under load).
                    "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = {}; \
                     PRAGMA mmap_size = 1073741824;",
                    self.sqlite_synchronous
                ))
                .map_err(ConnectionError::CouldntSetupConfiguration)?;
                Ok(DbConn::Sqlite(conn))
            }
            Backend::Postgres => PgConnection::establish(&self.url.target).map(DbConn::Pg),
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), ConnectionError> {
        conn.batch_execute("SELECT 1")
            .map_err(ConnectionError::CouldntSetupConfiguration)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

/// The pool type.
pub type Pool = r2d2::Pool<ConnectionManager>;

/// Pool settings.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// Maximum connections.
    pub max_size: u32,
    /// How long a request waits for a connection before answering 503.
    pub acquire_timeout: Duration,
    /// SQLite `synchronous` pragma (`FULL` or `NORMAL`).
    pub sqlite_synchronous: String,
}

/// Handle on the database shared by the whole process.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    backend: Backend,
}

impl Db {
    /// Opens the pool (creating the SQLite file's folder if needed).
    pub fn connect(url: &str, options: &PoolOptions) -> Result<Self, DbError> {
        let url = DatabaseUrl::parse(url)?;
        if url.backend == Backend::Sqlite
            && let Some(dir) = std::path::Path::new(&url.target).parent()
            && !dir.as_os_str().is_empty()
            && !dir.exists()
        {
            std::fs::create_dir_all(dir).map_err(|source| DbError::Directory {
                path: dir.display().to_string(),
                source,
            })?;
            // A folder made for the database is the service's alone.
            make_private(dir, 0o700).map_err(|source| DbError::Directory {
                path: dir.display().to_string(),
                source,
            })?;
        }
        if url.backend == Backend::Sqlite && !url.target.starts_with(':') && !url.target.starts_with("file:")
        {
            // SQLite gives the WAL and shared-memory files the database
            // file's mode: create it private, and make an older one so.
            let path = std::path::Path::new(&url.target);
            let created = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .and_then(|_| make_private(path, 0o600));
            created.map_err(|source| DbError::Directory {
                path: path.display().to_string(),
                source,
            })?;
            for suffix in ["-wal", "-shm"] {
                let side = std::path::PathBuf::from(format!("{}{suffix}", url.target));
                if side.exists() {
                    make_private(&side, 0o600).map_err(|source| DbError::Directory {
                        path: side.display().to_string(),
                        source,
                    })?;
                }
            }
        }
        if url.backend == Backend::Sqlite {
            let mut conn = SqliteConnection::establish(&url.target).map_err(DbError::Open)?;
            conn.batch_execute("PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL;")
                .map_err(DbError::Wal)?;
        }
        let backend = url.backend;
        let manager = ConnectionManager {
            url,
            sqlite_synchronous: options.sqlite_synchronous.clone(),
        };
        let pool = r2d2::Pool::builder()
            .max_size(options.max_size)
            // A PostgreSQL connection can die with its server and is pinged
            // before use; an SQLite connection is a file handle that cannot.
            .test_on_check_out(backend == Backend::Postgres)
            .connection_timeout(options.acquire_timeout)
            .build(manager)
            .map_err(DbError::Pool)?;
        Ok(Self { pool, backend })
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A connection for synchronous work (start-up, CLI commands, tests).
    pub fn get(&self) -> Result<r2d2::PooledConnection<ConnectionManager>, AppError> {
        Ok(self.pool.get()?)
    }

    /// Runs blocking database work off the async workers. A pool that stays
    /// exhausted past the acquire timeout answers 503 instead of queueing.
    pub async fn run<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await
        .map_err(|e| AppError::internal(format!("database task failed: {e}")))?
    }

    /// Pool statistics for `/metrics`: (connections, idle).
    pub fn pool_state(&self) -> (u32, u32) {
        let s = self.pool.state();
        (s.connections, s.idle_connections)
    }

    /// Applies pending migrations; returns their names.
    pub fn migrate(&self) -> Result<Vec<String>, DbError> {
        let mut conn = self.pool.get().map_err(DbError::Pool)?;
        run_migrations(&mut conn)
    }
}

/// Restricts a file or folder to the service's user (unix modes).
/// Sets a file's or folder's mode (Unix): keys, the database and their folder
/// are the service's alone.
pub fn make_private(path: &std::path::Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

/// Applies the embedded migrations of the connection's backend.
pub fn run_migrations(conn: &mut DbConn) -> Result<Vec<String>, DbError> {
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        DbConn::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(DbError::Migration)?;
    Ok(applied.iter().map(|m| m.to_string()).collect())
}

/// Runs `f` in a write transaction that first takes the audit chain's head
/// lock, so that the change and its audit entries commit together, appends to
/// the chain are serialised across instances, and SQLite never has to upgrade
/// a read transaction to a write one (which could fail with `SQLITE_BUSY`).
pub fn write_tx<T, F>(conn: &mut DbConn, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut DbConn) -> Result<T, AppError>,
{
    conn.transaction(|c| {
        diesel::update(schema::audit_head::table.find(1))
            .set(schema::audit_head::seq.eq(schema::audit_head::seq))
            .execute(c)?;
        f(c)
    })
}

/// Makes PostgreSQL plan each statement for its own values until the
/// transaction ends (SQLite: nothing to do). A pooled connection keeps
/// the generic plan of a prepared statement made when a table was small —
/// a sequential scan — until the table is analysed, which cannot happen
/// to rows a transaction is still writing: a bulk write that grows a
/// table and reads it back would scan it whole for every row.
pub fn plan_each_statement(conn: &mut DbConn) -> Result<(), AppError> {
    if let DbConn::Pg(c) = conn {
        diesel::sql_query("SET LOCAL plan_cache_mode = force_custom_plan").execute(c)?;
    }
    Ok(())
}

/// A raw statement written with PostgreSQL's `$n` placeholders, in the
/// connection's dialect (SQLite's numbered `?n`).
pub fn numbered(conn: &DbConn, sql: &str) -> String {
    match conn {
        DbConn::Sqlite(_) => sql.replace('$', "?"),
        DbConn::Pg(_) => sql.to_string(),
    }
}

/// Current time truncated to microseconds (what both backends store).
pub fn now() -> chrono::NaiveDateTime {
    truncate_micros(chrono::Utc::now().naive_utc())
}

/// Truncates a timestamp to microseconds.
pub fn truncate_micros(t: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let nanos = t.nanosecond();
    t.with_nanosecond(nanos - nanos % 1000).unwrap_or(t)
}

/// Parses an id read back from the database (a malformed one is a fault).
pub fn parse_id(id: &str) -> Result<uuid::Uuid, AppError> {
    uuid::Uuid::parse_str(id).map_err(|_| AppError::internal("malformed stored id"))
}

/// A stored UTC timestamp as an RFC 3339 one.
pub fn utc(t: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_naive_utc_and_offset(t, chrono::Utc)
}

/// A new UUID v7 as stored in the database.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Reverts every migration of the connection's backend (used by the
/// migration tests; never by the service).
pub fn revert_all_migrations(conn: &mut DbConn) -> Result<usize, DbError> {
    let reverted = match conn {
        DbConn::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS),
        DbConn::Pg(c) => c.revert_all_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(DbError::Migration)?;
    Ok(reverted.len())
}
