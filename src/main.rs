//! The `migrant-desk` binary.

use std::io::Read;
use std::process::ExitCode;

use clap::Parser;
use migrant_desk::cli::{Cli, Command};
use migrant_desk::config::{Overrides, Settings};
use migrant_desk::server::{self, StartupError};
use tracing_subscriber::EnvFilter;

fn init_logging(settings: &Settings) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&settings.log_level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if settings.log_format == "text" {
        builder.init();
    } else {
        builder.json().flatten_event(true).init();
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let overrides = Overrides {
        config_file: cli.config.clone(),
        database_url: cli.database.clone(),
        bind: cli.bind.clone(),
    };
    let settings = match Settings::load(&overrides) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("migrant-desk: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(&settings);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => actix_web::rt::System::new().block_on(server::serve(settings, cli.demo)),
        Command::Migrate => server::open_database(&settings)
            .and_then(|db| server::migrate(&db))
            .map(|applied| {
                if applied.is_empty() {
                    println!("database is up to date");
                }
                for m in applied {
                    println!("applied {m}");
                }
            }),
        Command::CreateAdmin {
            email,
            name,
            password_stdin: _,
        } => create_admin(&settings, &email, &name),
        Command::CheckConfig => check_config(&settings),
        Command::ConfirmUser { email } => confirm_user(&settings, &email),
        Command::Retention { dry_run } => retention(&settings, dry_run),
        Command::Backup { to } => backup(&settings, &to),
        Command::Restore { from } => match restore(&settings, &from) {
            Ok(true) => return ExitCode::SUCCESS,
            Ok(false) => return ExitCode::FAILURE,
            Err(e) => Err(e),
        },
        Command::AuditVerify { checkpoint } => match audit_verify(&settings, checkpoint.as_deref()) {
            Ok(true) => return ExitCode::SUCCESS,
            Ok(false) => return ExitCode::FAILURE,
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("migrant-desk: {e}");
            ExitCode::FAILURE
        }
    }
}

fn create_admin(settings: &Settings, email: &str, name: &str) -> Result<(), StartupError> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|source| StartupError::File {
            action: "read the password from",
            path: "standard input".into(),
            source,
        })?;
    let password = input.lines().next().unwrap_or("").to_string();
    let db = server::open_for_command(settings)?;
    let user = server::create_admin(&db, email, name, &password).map_err(|e| match e {
        migrant_desk::error::AppError::Unprocessable(fields) => StartupError::Key(
            fields
                .iter()
                .map(|f| format!("{} {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        source => StartupError::Service {
            context: "creating the administrator",
            source,
        },
    })?;
    println!("administrator {} created (id {})", user.email, user.id);
    Ok(())
}

fn check_config(settings: &Settings) -> Result<(), StartupError> {
    for line in settings.masked_lines() {
        println!("{line}");
    }
    let url = migrant_desk::db::DatabaseUrl::parse(&settings.database_url)?;
    if url.backend == migrant_desk::db::Backend::Postgres && settings.jwt_secret.is_none() {
        return Err(StartupError::Key(
            "jwt_secret is required with PostgreSQL (MIGRANT_DESK_JWT_SECRET)".into(),
        ));
    }
    if url.backend == migrant_desk::db::Backend::Postgres && settings.audit_key.is_none() {
        return Err(StartupError::Key(
            "audit_key is required with PostgreSQL (MIGRANT_DESK_AUDIT_KEY)".into(),
        ));
    }
    for warning in settings.warnings() {
        eprintln!("warning: {warning}");
    }
    println!("configuration OK");
    Ok(())
}

fn confirm_user(settings: &Settings, email: &str) -> Result<(), StartupError> {
    let db = server::open_for_command(settings)?;
    let failed = |source| StartupError::Service {
        context: "account confirmation",
        source,
    };
    let mut conn = db.get().map_err(failed)?;
    let user = migrant_desk::admin::users::confirm_by_operator(&mut conn, email).map_err(failed)?;
    println!("confirmed: {} ({})", user.email, user.role);
    Ok(())
}

fn backup(settings: &Settings, to: &std::path::Path) -> Result<(), StartupError> {
    let db = server::open_database(settings)?;
    let bytes = migrant_desk::db::backup::backup(&db, &settings.database_url, to).map_err(backup_failed)?;
    println!(
        "backup written to {} ({bytes} bytes, integrity checked)",
        to.display()
    );
    Ok(())
}

fn backup_failed(e: migrant_desk::db::backup::BackupError) -> StartupError {
    StartupError::Service {
        context: "backup",
        source: migrant_desk::error::AppError::internal(e.to_string()),
    }
}

/// Restores, then verifies the restored trail; true when it verifies.
fn restore(settings: &Settings, from: &std::path::Path) -> Result<bool, StartupError> {
    let url = migrant_desk::db::DatabaseUrl::parse(&settings.database_url)?;
    // The key first: a trail restored without it could not be checked.
    let _keys = server::audit_keys(settings, url.backend, false)?;
    let target = migrant_desk::db::backup::restore(from, &settings.database_url).map_err(backup_failed)?;
    println!(
        "restored {} into {} (integrity checked)",
        from.display(),
        target.display()
    );
    audit_verify(settings, None)
}

/// Verifies the trail; true when intact.
fn audit_verify(settings: &Settings, checkpoint: Option<&std::path::Path>) -> Result<bool, StartupError> {
    use migrant_desk::audit::checkpoint::{Checkpoint, CheckpointLog};
    let backend = migrant_desk::db::DatabaseUrl::parse(&settings.database_url)?.backend;
    let keys = server::audit_keys(settings, backend, false)?;
    let db = server::open_database(settings)?;
    server::migrate(&db)?;
    let failed = |source| StartupError::Service {
        context: "audit verification",
        source,
    };
    migrant_desk::audit::key::install(keys.clone()).map_err(failed)?;
    let given = match checkpoint {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| StartupError::File {
                action: "read",
                path: path.display().to_string(),
                source,
            })?;
            let cp: Checkpoint = serde_json::from_str(text.trim())
                .map_err(|e| StartupError::Key(format!("{} is not a checkpoint: {e}", path.display())))?;
            if !keys.all().any(|k| cp.is_signed_by(k)) {
                return Err(StartupError::Key(format!(
                    "{} was not signed with this audit key (altered, or another deployment's)",
                    path.display()
                )));
            }
            Some((cp.seq, cp.mac))
        }
    };
    let mut conn = db.get().map_err(failed)?;
    let log = CheckpointLog::in_dir(&settings.data_dir);
    let view = migrant_desk::audit::read::verify_against(&mut conn, &log, given).map_err(failed)?;
    println!("{}", serde_json::to_string_pretty(&view).unwrap_or_default());
    Ok(view.ok)
}

fn retention(settings: &Settings, dry_run: bool) -> Result<(), StartupError> {
    use migrant_desk::casefile::retention;
    let db = server::open_for_command(settings)?;
    let failed = |source| StartupError::Service {
        context: "retention",
        source,
    };
    let mut conn = db.get().map_err(failed)?;
    let now = migrant_desk::db::now();
    if settings.retention_days <= 0 {
        println!("retention is disabled (retention_days = 0)");
        return Ok(());
    }
    if dry_run {
        let due = retention::due(&mut conn, now, settings.retention_days).map_err(failed)?;
        for (id, office) in &due {
            println!("would anonymise migrant {id} (office {office})");
        }
        println!(
            "{} migrant(s) due for anonymisation (retention {} days)",
            due.len(),
            settings.retention_days
        );
        return Ok(());
    }
    let n = retention::run(&mut conn, now, settings.retention_days).map_err(failed)?;
    println!("{n} migrant(s) anonymised");
    Ok(())
}
