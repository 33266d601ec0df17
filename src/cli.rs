//! Command-line interface.

use clap::{Parser, Subcommand};

/// migrant-desk: case management for municipal migration offices.
#[derive(Debug, Parser)]
#[command(name = "migrant-desk", version, about)]
pub struct Cli {
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB.
    #[arg(long, global = true, value_name = "URL")]
    pub database: Option<String>,
    /// Address to listen on, e.g. 127.0.0.1:8080.
    #[arg(long, global = true, value_name = "ADDR")]
    pub bind: Option<String>,
    /// An extra TOML configuration file (wins over config/*.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<String>,
    /// Load the demo data set (offices, partners, one account per role) on start.
    #[arg(long, global = true)]
    pub demo: bool,
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database and serve the API and web frontend (default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an administrator account; the password is read from standard input.
    CreateAdmin {
        /// Email (login) of the new administrator.
        #[arg(long)]
        email: String,
        /// Full name.
        #[arg(long)]
        name: String,
        /// Read the password from standard input (required: never on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Print the effective configuration (secrets masked) and exit.
    CheckConfig,
    /// Confirm an office account waiting for it (`account_confirmation`),
    /// e.g. an office's first supervisor.
    ConfirmUser {
        /// Email (login) of the account.
        #[arg(long)]
        email: String,
    },
    /// Check the audit trail offline under the audit key: every entry's MAC,
    /// the anchor, and this data directory's newest checkpoint (and a
    /// checkpoint an auditor kept, with --checkpoint). Prints the result as
    /// JSON; exits 0 when intact, 1 when broken.
    AuditVerify {
        /// A checkpoint saved from `GET /api/v1/audit/checkpoint` (JSON file);
        /// its signature is checked too.
        #[arg(long)]
        checkpoint: Option<std::path::PathBuf>,
    },
    /// Copy the SQLite database to a new file while the service keeps
    /// running and writing (PostgreSQL: pg_dump, see docs/operations.md).
    Backup {
        /// The backup file to create (never overwritten).
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Restore a backup into an empty data directory, then check it
    /// (integrity and the audit trail under the audit key, which must be in
    /// place first). Exits 1 when the restored trail does not verify.
    Restore {
        /// A file made by `backup`.
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Anonymise migrants whose cases all closed more than `retention_days` ago.
    Retention {
        /// Only list who would be anonymised (ids and offices, no names).
        #[arg(long)]
        dry_run: bool,
    },
}
