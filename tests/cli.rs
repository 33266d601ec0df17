//! The binary as an operator uses it: first start, subcommands, configuration
//! precedence, secrets handling.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/process.rs"]
mod process;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use process::{admin_token, command, http, http_auth, start};

#[test]
fn first_start_creates_an_admin_shown_once_and_keeps_a_private_key() {
    let dir = tempfile::tempdir().unwrap();
    let (server, lines, port) = start(dir.path(), &[]);
    let password = lines
        .iter()
        .find_map(|l| l.trim().strip_prefix("password:").map(|p| p.trim().to_string()))
        .expect("one-time password printed");
    assert!(lines.iter().any(|l| l.contains("admin@migrant-desk.local")));
    let (status, _) = http(
        port,
        "POST",
        "/api/v1/auth/login",
        Some(&format!(
            r#"{{"email":"admin@migrant-desk.local","password":"{password}"}}"#
        )),
    );
    assert_eq!(status, 200);
    assert!(dir.path().join("data/migrant-desk.sqlite").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("data/jwt_secret"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        // The database, its WAL and their folder are the service's alone.
        let mode_of = |p: &str| {
            std::fs::metadata(dir.path().join(p))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode_of("data"), 0o700);
        assert_eq!(mode_of("data/audit_key"), 0o600);
        // The first checkpoint of the audit chain is written at start-up.
        let deadline = Instant::now() + Duration::from_secs(10);
        while !dir.path().join("data/audit-checkpoints.jsonl").exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(mode_of("data/audit-checkpoints.jsonl"), 0o600);
        assert_eq!(mode_of("data/migrant-desk.sqlite"), 0o600);
        assert_eq!(mode_of("data/migrant-desk.sqlite-wal"), 0o600);
    }
    drop(server);
    // A second start shows no password and keeps the key: the old login works.
    let (_server, lines, port) = start(dir.path(), &[]);
    assert!(!lines.iter().any(|l| l.contains("password:")));
    let (status, _) = http(
        port,
        "POST",
        "/api/v1/auth/login",
        Some(&format!(
            r#"{{"email":"admin@migrant-desk.local","password":"{password}"}}"#
        )),
    );
    assert_eq!(status, 200);
}

#[test]
fn demo_flag_loads_documented_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, lines, port) = start(dir.path(), &["--demo"]);
    assert!(lines.iter().any(|l| l.contains("Demo data loaded")));
    for u in migrant_desk::demo::DEMO_USERS {
        let (status, _) = http(
            port,
            "POST",
            "/api/v1/auth/login",
            Some(&format!(
                r#"{{"email":"{}","password":"{}"}}"#,
                u.email, u.password
            )),
        );
        assert_eq!(status, 200, "{}", u.email);
    }
    let (_, body) = http(
        port,
        "POST",
        "/api/v1/auth/login",
        Some(r#"{"email":"caseworker.rba@demo.migrant-desk.org","password":"demo-caseworker-pass"}"#),
    );
    let token = serde_json::from_str::<serde_json::Value>(&body).unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, body) = http_auth(port, "GET", "/api/v1/migrants?limit=200", &token, None);
    assert_eq!(status, 200);
    let items = serde_json::from_str::<serde_json::Value>(&body).unwrap()["items"]
        .as_array()
        .unwrap()
        .len();
    assert!(items >= 150, "{items} demo migrants in Rabat");
    let (status, body) = http_auth(port, "GET", "/api/v1/cases?status=open", &token, None);
    assert_eq!(status, 200);
    assert!(body.contains("RBA-"));
}

#[test]
fn create_admin_reads_the_password_from_stdin_and_enforces_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let run = |password: &str, email: &str| {
        let mut child = command(dir.path())
            .args([
                "create-admin",
                "--email",
                email,
                "--name",
                "Nadia Tazi",
                "--password-stdin",
            ])
            .args(["--database", "sqlite://data/admin.sqlite"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{password}\n").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let weak = run("password1234", "nadia@example.org");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password"));
    let ok = run("a sturdy passphrase", "nadia@example.org");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let again = run("a sturdy passphrase", "nadia@example.org");
    assert!(!again.status.success());
}

#[test]
fn check_config_masks_secrets_and_follows_the_documented_precedence() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    std::fs::write(
        dir.path().join("config/default.toml"),
        "bind = \"0.0.0.0:9000\"\nlog_level = \"debug\"\n",
    )
    .unwrap();
    let out = command(dir.path())
        .arg("check-config")
        .env(
            "MIGRANT_DESK_JWT_SECRET",
            "an-operator-secret-of-more-than-32-bytes",
        )
        .env("MIGRANT_DESK_AUDIT_KEY", "an-audit-key-of-more-than-32-bytes-too")
        .env("DATABASE_URL", "postgres://md:hunter2hunter2@db.internal/md")
        .env("MIGRANT_DESK_LOG_LEVEL", "warn")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        !text.contains("hunter2") && !text.contains("an-operator-secret") && !text.contains("an-audit-key"),
        "{text}"
    );
    assert!(text.contains("postgres://md:********@db.internal/md"));
    assert!(
        text.contains("bind = \"0.0.0.0:9000\""),
        "file beats defaults: {text}"
    );
    assert!(
        text.contains("log_level = \"warn\""),
        "environment beats file: {text}"
    );
    // --database beats DATABASE_URL; PostgreSQL without a key is refused.
    let out = command(dir.path())
        .args([
            "check-config",
            "--database",
            "sqlite://x.sqlite",
            "--bind",
            "127.0.0.1:1234",
        ])
        .env("DATABASE_URL", "postgres://md@db/md")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("database_url = \"sqlite://x.sqlite\"") && text.contains("127.0.0.1:1234"),
        "{text}"
    );
    let out = command(dir.path())
        .args(["check-config", "--database", "postgres://md@db/md"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let out = command(dir.path())
        .args(["check-config", "--database", "mysql://x"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn serve_on_postgres_without_a_key_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    // Refused before the database is touched; stderr names what is missing.
    let refusal = |env: &[(&str, &str)]| {
        let out = command(dir.path())
            .args([
                "serve",
                "--database",
                "postgres://postgres@127.0.0.1:5432/postgres",
                "--bind",
                "127.0.0.1:0",
            ])
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert!(!out.status.success());
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    assert!(refusal(&[]).contains("JWT_SECRET"));
    // Nor without the audit key: instances must share it, and a generated
    // one would sit in one instance's folder only.
    let stderr = refusal(&[(
        "MIGRANT_DESK_JWT_SECRET",
        "an-operator-secret-of-more-than-32-bytes",
    )]);
    assert!(stderr.contains("AUDIT_KEY"), "{stderr}");
}

#[test]
fn migrate_applies_the_embedded_migrations_once() {
    let dir = tempfile::tempdir().unwrap();
    let run = || {
        command(dir.path())
            .args(["migrate", "--database", "sqlite://m.sqlite"])
            .output()
            .unwrap()
    };
    let first = run();
    assert!(first.status.success());
    assert!(String::from_utf8_lossy(&first.stdout).contains("applied"));
    let second = run();
    assert!(String::from_utf8_lossy(&second.stdout).contains("up to date"));
}

#[test]
fn an_acknowledged_write_survives_a_killed_process() {
    let dir = tempfile::tempdir().unwrap();
    let (server, lines, port) = start(dir.path(), &[]);
    let password = lines
        .iter()
        .find_map(|l| l.trim().strip_prefix("password:").map(|p| p.trim().to_string()))
        .unwrap();
    let token = admin_token(port, &password);
    let (status, body) = http_auth(
        port,
        "POST",
        "/api/v1/offices",
        &token,
        Some(r#"{"code":"KLK","name":"Bureau de Kaolack","city":"Kaolack","country":"SN"}"#),
    );
    assert_eq!(status, 201, "{body}");
    let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // SIGKILL right after the acknowledgement: no shutdown, no flush.
    drop(server);
    let (_server, _, port) = start(dir.path(), &[]);
    let token = admin_token(port, &password);
    let (status, body) = http_auth(port, "GET", &format!("/api/v1/offices/{id}"), &token, None);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Bureau de Kaolack"));
    let (_, verify) = http_auth(port, "GET", "/api/v1/audit/verify", &token, None);
    assert!(verify.contains("\"ok\":true"), "{verify}");
}

#[cfg(unix)]
#[test]
fn sigterm_shuts_down_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, _, port) = start(dir.path(), &[]);
    let status = Command::new("kill")
        .args(["-TERM", &server.0.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(exit) = server.0.try_wait().unwrap() {
            assert!(exit.success(), "exit status {exit:?}");
            break;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn retention_dry_run_lists_nothing_on_a_fresh_database_and_can_be_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let out = command(dir.path())
        .args(["retention", "--dry-run", "--database", "sqlite://r.sqlite"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 migrant(s) due"));
    let out = command(dir.path())
        .args(["retention", "--database", "sqlite://r.sqlite"])
        .env("MIGRANT_DESK_RETENTION_DAYS", "0")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("disabled"));
}

/// A sign-in whose client hangs up while it waits for a password check
/// costs no argon2 run (actix-web does not drop the handler, so the
/// hashing thread asks the socket first). Counted in /metrics.
#[test]
fn an_abandoned_sign_in_costs_no_password_check() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, lines, port) = start(dir.path(), &[]);
    let password = lines
        .iter()
        .find_map(|l| l.trim().strip_prefix("password:").map(|p| p.trim().to_string()))
        .expect("one-time password printed");
    let checks = |outcome: &str| -> u64 {
        let (_, body) = http(port, "GET", "/metrics", None);
        body.lines()
            .find(|l| l.starts_with(&format!("password_checks_total{{outcome=\"{outcome}\"}}")))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    // Fifteen sign-ins sent at once, each client gone right after sending.
    for i in 0..15 {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        let body = format!(r#"{{"email":"nobody{i}@example.org","password":"a guess that takes a hash"}}"#);
        write!(
            s,
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        drop(s);
    }
    // Wait until every one of them was taken off the queue.
    let deadline = Instant::now() + Duration::from_secs(20);
    while checks("run") + checks("abandoned") < 15 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let (run, abandoned) = (checks("run"), checks("abandoned"));
    assert_eq!(run + abandoned, 15, "run {run}, abandoned {abandoned}");
    assert!(
        abandoned >= 10,
        "only {abandoned} of 15 abandoned sign-ins were skipped"
    );
    // A real sign-in is not kept waiting.
    let started = Instant::now();
    let (status, _) = http(
        port,
        "POST",
        "/api/v1/auth/login",
        Some(&format!(
            r#"{{"email":"admin@migrant-desk.local","password":"{password}"}}"#
        )),
    );
    assert_eq!(status, 200);
    assert_eq!(checks("run"), run + 1);
    eprintln!("sign-in after the abandoned ones: {:?}", started.elapsed());
}

#[test]
fn check_config_warns_when_administrators_need_no_second_factor() {
    let dir = tempfile::tempdir().unwrap();
    let out = command(dir.path()).arg("check-config").output().unwrap();
    assert!(out.status.success());
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(
        warnings.contains("require_mfa does not include admin"),
        "{warnings}"
    );
    let out = command(dir.path())
        .arg("check-config")
        .env("MIGRANT_DESK_REQUIRE_MFA", "admin, supervisor")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("require_mfa"));
    let out = command(dir.path())
        .arg("check-config")
        .env("MIGRANT_DESK_REQUIRE_MFA", "admin, janitor")
        .output()
        .unwrap();
    assert!(!out.status.success(), "an unknown role is refused");
}

/// Issue 19: the service started on a trail altered while it was stopped,
/// without a word, and signed a new checkpoint over the broken head. It now
/// refuses to start and names the entry.
#[test]
fn the_service_refuses_to_start_on_a_trail_altered_while_it_was_stopped() {
    use diesel::Connection;
    use diesel::connection::SimpleConnection;
    let dir = tempfile::tempdir().unwrap();
    let (server, lines, port) = start(dir.path(), &[]);
    let password = lines
        .iter()
        .find_map(|l| l.trim().strip_prefix("password:").map(|p| p.trim().to_string()))
        .unwrap();
    let token = admin_token(port, &password);
    for code in ["KLK", "DKR"] {
        let body = format!(r#"{{"code":"{code}","name":"Bureau","city":"Ville","country":"SN"}}"#);
        let (status, body) = http_auth(port, "POST", "/api/v1/offices", &token, Some(&body));
        assert_eq!(status, 201, "{body}");
    }
    drop(server);
    // Someone with the database file rewrites one entry behind the service's back.
    let db = dir.path().join("data/migrant-desk.sqlite");
    let mut c = diesel::SqliteConnection::establish(db.to_str().unwrap()).unwrap();
    c.batch_execute(
        "DROP TRIGGER IF EXISTS audit_log_no_update; \
         UPDATE audit_log SET action = 'read' WHERE seq = 2",
    )
    .unwrap();
    drop(c);
    let log = dir.path().join("data/audit-checkpoints.jsonl");
    let checkpoints = std::fs::read_to_string(&log).unwrap_or_default();
    let mut child = command(dir.path())
        .args(["--bind", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the service started on an altered trail");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(!status.success());
    assert!(stderr.contains("broken at entry 2"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&log).unwrap_or_default(),
        checkpoints,
        "no checkpoint is signed over the broken head"
    );
}

/// Issue 19: connections each trickling one byte of a large body were never
/// cut off, until the process ran out of descriptors and `/health/live`
/// stopped answering. A body now has `body_read_seconds` to arrive (then
/// 408 and the connection is closed), and connections are capped below the
/// descriptor limit, so health checks keep answering through the flood.
#[test]
fn slow_request_bodies_are_cut_off_and_health_keeps_answering() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let (_server, _, port) = process::start_with(
        dir.path(),
        &[],
        &[
            ("MIGRANT_DESK_BODY_READ_SECONDS", "2"),
            ("MIGRANT_DESK_MAX_CONNECTIONS", "64"),
        ],
    );
    let started = Instant::now();
    let mut slow = Vec::new();
    for _ in 0..300 {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(
            b"POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
              Content-Length: 100000\r\n\r\n{",
        )
        .unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        slow.push(s);
    }
    // Health answers while 300 slow bodies are pending (those past the cap
    // wait in the listen queue and are cut off in turn).
    let (status, _) = http(port, "GET", "/health/live", None);
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    // The first slow client was answered 408 and its connection closed.
    let mut answer = String::new();
    slow[0].read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request-timeout"), "{answer}");
    // And every slow connection is closed in the end.
    for s in slow.iter_mut().skip(1).step_by(37) {
        let mut rest = Vec::new();
        let _ = s.read_to_end(&mut rest);
    }
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}
