//! Backups of the embedded database: an online copy taken while the service
//! keeps writing (`VACUUM INTO` reads one consistent snapshot), checked and
//! made durable before it is given its name; and the restore of such a copy
//! into an empty data directory. PostgreSQL deployments use `pg_dump` and
//! `pg_restore` (docs/operations.md).

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::sqlite::SqliteConnection;

use super::{Backend, DatabaseUrl, Db, make_private};

/// Why a backup or restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The deployment runs on PostgreSQL.
    #[error(
        "this deployment runs on PostgreSQL: back it up with pg_dump and restore it with pg_restore \
         (docs/operations.md)"
    )]
    Postgres,
    /// The backup file exists already.
    #[error("{0} exists already: a backup never overwrites a file")]
    Exists(String),
    /// The target of a restore holds a database already.
    #[error("{0} holds a database already: restore into an empty data directory")]
    NotEmpty(String),
    /// The copy is not a sound migrant-desk database.
    #[error("{path} is not a sound migrant-desk database: {why}")]
    Unsound {
        /// The file.
        path: String,
        /// What the check found.
        why: String,
    },
    /// A file operation failed.
    #[error("cannot {action} {path}: {source}")]
    File {
        /// What was being done.
        action: &'static str,
        /// The path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// SQLite refused.
    #[error("{0}")]
    Sqlite(String),
}

fn file(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> BackupError {
    let path = path.display().to_string();
    move |source| BackupError::File { action, path, source }
}

/// Copies the live database to `to` (a new file, mode 0600) while writes go
/// on, checks the copy, and returns its size in bytes.
pub fn backup(db: &Db, database_url: &str, to: &Path) -> Result<u64, BackupError> {
    if db.backend() == Backend::Postgres {
        return Err(BackupError::Postgres);
    }
    if to.exists() {
        return Err(BackupError::Exists(to.display().to_string()));
    }
    let url = DatabaseUrl::parse(database_url).map_err(|e| BackupError::Sqlite(e.to_string()))?;
    let partial = partial_name(to);
    // VACUUM INTO writes into an empty file: create it private first.
    create_private(&partial)?;
    let copied = (|| {
        let mut conn =
            SqliteConnection::establish(&url.target).map_err(|e| BackupError::Sqlite(e.to_string()))?;
        conn.batch_execute("PRAGMA busy_timeout = 10000;")
            .map_err(|e| BackupError::Sqlite(e.to_string()))?;
        diesel::sql_query("VACUUM INTO ?")
            .bind::<Text, _>(partial.display().to_string())
            .execute(&mut conn)
            .map_err(|e| BackupError::Sqlite(e.to_string()))?;
        check(&partial)?;
        durable_rename(&partial, to)
    })();
    if copied.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    copied?;
    Ok(std::fs::metadata(to).map_err(file("read", to))?.len())
}

/// Puts the backup `from` in place as the database of `database_url`, which
/// must not hold one yet; the copy is checked before it gets its name.
pub fn restore(from: &Path, database_url: &str) -> Result<PathBuf, BackupError> {
    let url = DatabaseUrl::parse(database_url).map_err(|e| BackupError::Sqlite(e.to_string()))?;
    if url.backend == Backend::Postgres {
        return Err(BackupError::Postgres);
    }
    let target = PathBuf::from(&url.target);
    if target.metadata().is_ok_and(|m| m.len() > 0) {
        return Err(BackupError::NotEmpty(target.display().to_string()));
    }
    check(from)?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        std::fs::create_dir_all(dir).map_err(file("create", dir))?;
        make_private(dir, 0o700).map_err(file("protect", dir))?;
    }
    let partial = partial_name(&target);
    create_private(&partial)?;
    let copied = std::fs::copy(from, &partial)
        .map_err(file("copy into", &partial))
        .and_then(|_| check(&partial))
        .and_then(|()| durable_rename(&partial, &target));
    if copied.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    copied?;
    Ok(target)
}

/// `PRAGMA integrity_check` passes and the file has the trail's head.
fn check(path: &Path) -> Result<(), BackupError> {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = Text)]
        integrity_check: String,
    }
    let unsound = |why: String| BackupError::Unsound {
        path: path.display().to_string(),
        why,
    };
    if !path.exists() {
        return Err(unsound("no such file".into()));
    }
    let mut conn = SqliteConnection::establish(&format!("file:{}?mode=ro", path.display()))
        .map_err(|e| unsound(e.to_string()))?;
    let lines: Vec<Line> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut conn)
        .map_err(|e| unsound(e.to_string()))?;
    let report: Vec<String> = lines.into_iter().map(|l| l.integrity_check).collect();
    if report != ["ok"] {
        return Err(unsound(format!("integrity_check: {}", report.join("; "))));
    }
    diesel::sql_query("SELECT seq FROM audit_head WHERE id = 1")
        .execute(&mut conn)
        .map_err(|_| unsound("it has no audit trail".into()))?;
    Ok(())
}

fn partial_name(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

fn create_private(path: &Path) -> Result<(), BackupError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(|_| ()).map_err(file("create", path))
}

/// Flushes `from` to disk, renames it to `to` and flushes the folder, so the
/// name never points at a copy only partly written.
fn durable_rename(from: &Path, to: &Path) -> Result<(), BackupError> {
    std::fs::File::open(from)
        .and_then(|f| f.sync_all())
        .map_err(file("flush", from))?;
    std::fs::rename(from, to).map_err(file("rename", from))?;
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)
            .and_then(|f| f.sync_all())
            .map_err(file("flush", dir))?;
    }
    Ok(())
}
