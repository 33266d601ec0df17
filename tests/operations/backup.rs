//! Backups: `backup --to FILE` while registrations go on, `restore` into an
//! empty data directory (only with the audit key in place), the restored
//! database passing `integrity_check` and `audit-verify`; `audit-verify`
//! against a checkpoint an auditor kept, and failing on a tampered trail.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::demo::{Staff, call, person};
use crate::process::{command, start};

fn run(dir: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = command(dir).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn private_dir(path: &std::path::Path) {
    std::fs::create_dir_all(path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
}

pub fn a_backup_taken_while_writing_restores_into_an_empty_directory_and_verifies() {
    let live = tempfile::tempdir().unwrap();
    let (server, _, port) = start(live.path(), &["--demo"]);
    let staff = Staff::sign_in(port);
    let writing = Arc::new(AtomicBool::new(true));
    let writer = {
        let (token, writing) = (staff.caseworker.clone(), writing.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while writing.load(Ordering::SeqCst) {
                let r = call(port, "POST", "/api/v1/migrants", &token, Some(person(n))).unwrap();
                assert_eq!(r.status, 201, "{}", r.body);
                n += 1;
            }
            n
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(300));
    let file = live.path().join("backup.sqlite");
    let file_arg = file.display().to_string();
    let (ok, out, err) = run(live.path(), &["backup", "--to", &file_arg]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("integrity checked"), "{out}");
    std::thread::sleep(std::time::Duration::from_millis(200));
    writing.store(false, Ordering::SeqCst);
    let written = writer.join().unwrap();
    assert!(written > 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "a backup holds personal data");
    }
    // A backup never overwrites a file.
    let (ok, _, err) = run(live.path(), &["backup", "--to", &file_arg]);
    assert!(!ok && err.contains("exists already"), "{err}");
    // An auditor's checkpoint from the live service.
    let cp = call(port, "GET", "/api/v1/audit/checkpoint", &staff.admin, None).unwrap();
    assert_eq!(cp.status, 200, "{}", cp.body);
    drop(server);

    // Without the audit key the restore does not start (a trail it could not
    // check): nothing is written.
    let keyless = tempfile::tempdir().unwrap();
    let (ok, _, err) = run(keyless.path(), &["restore", "--from", &file_arg]);
    assert!(!ok && err.contains("AUDIT_KEY"), "{err}");
    assert!(!keyless.path().join("data/migrant-desk.sqlite").exists());

    // The operator puts the key (kept apart from backups) in place first.
    let fresh = tempfile::tempdir().unwrap();
    private_dir(&fresh.path().join("data"));
    std::fs::copy(
        live.path().join("data/audit_key"),
        fresh.path().join("data/audit_key"),
    )
    .unwrap();
    let (ok, out, err) = run(fresh.path(), &["restore", "--from", &file_arg]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("restored") && out.contains("\"ok\": true"), "{out}");
    let (ok, _, err) = run(fresh.path(), &["restore", "--from", &file_arg]);
    assert!(!ok && err.contains("holds a database already"), "{err}");
    let (ok, out, err) = run(fresh.path(), &["audit-verify"]);
    assert!(ok, "{out}{err}");

    // The restored copy is the live trail up to the backup: the auditor's
    // later checkpoint names entries it does not have.
    let kept = fresh.path().join("checkpoint.json");
    std::fs::write(&kept, &cp.body).unwrap();
    let kept_arg = kept.display().to_string();
    let (ok, out, _) = run(fresh.path(), &["audit-verify", "--checkpoint", &kept_arg]);
    assert!(!ok && out.contains("missing at the end"), "{out}");
    // Against the live database it holds; a forged checkpoint is refused.
    let (ok, out, err) = run(live.path(), &["audit-verify", "--checkpoint", &kept_arg]);
    assert!(ok, "{out}{err}");
    let mut forged = cp.json();
    forged["seq"] = serde_json::json!(1);
    std::fs::write(&kept, forged.to_string()).unwrap();
    let (ok, _, err) = run(live.path(), &["audit-verify", "--checkpoint", &kept_arg]);
    assert!(!ok && err.contains("not signed with this audit key"), "{err}");

    // The restored service runs, with the registrations of the backup.
    let (server, _, port) = start(fresh.path(), &[]);
    let staff = Staff::sign_in(port);
    let r = call(
        port,
        "GET",
        "/api/v1/migrants?q=Diallo&limit=200",
        &staff.caseworker,
        None,
    )
    .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(!r.json()["items"].as_array().unwrap().is_empty());
    drop(server);

    // Someone edits the restored trail: audit-verify names the entry, exits 1.
    let mut c = SqliteConnection::establish(
        &fresh
            .path()
            .join("data/migrant-desk.sqlite")
            .display()
            .to_string(),
    )
    .unwrap();
    c.batch_execute("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = 'read' WHERE seq = 3;")
        .unwrap();
    let (ok, out, _) = run(fresh.path(), &["audit-verify"]);
    assert!(!ok, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["first_broken"]["seq"], 3, "{out}");
}
