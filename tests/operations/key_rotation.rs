//! Rotating the audit key: the new key goes in `audit_key`, the old one in
//! `audit_previous_keys`; the service checks the trail under the old key and
//! starts a new segment under the new one. Both segments verify; without the
//! old key, or with the new key missing, nothing runs on a guess; and
//! whoever obtains the old key still cannot rewrite the old segment.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use migrant_desk::audit::chain;
use migrant_desk::audit::key::AuditKey;
use migrant_desk::db::schema::{audit_anchors, audit_log};
use migrant_desk::store::audit::AuditRow;

use crate::demo::{Staff, call, register};
use crate::process::{command, start_with};

const OLD: &str = "the-old-audit-key-the-old-audit-key-0001";
const NEW: &str = "the-new-audit-key-the-new-audit-key-0002";

/// Runs `audit-verify`: (exit 0, standard output, both outputs).
fn audit_verify(dir: &std::path::Path, env: &[(&str, &str)]) -> (bool, String, String) {
    let out = command(dir)
        .arg("audit-verify")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let both = format!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    (out.status.success(), stdout, both)
}

pub fn the_audit_key_is_rotated_and_both_segments_verify() {
    let dir = tempfile::tempdir().unwrap();
    let old = [("MIGRANT_DESK_AUDIT_KEY", OLD)];
    let rotated = [
        ("MIGRANT_DESK_AUDIT_KEY", NEW),
        ("MIGRANT_DESK_AUDIT_PREVIOUS_KEYS", OLD),
    ];
    let sign_in_and_register = |port: u16, n: usize| {
        let staff = Staff::sign_in(port);
        register(port, &staff.caseworker, n);
        staff
    };
    let (server, _, port) = start_with(dir.path(), &["--demo"], &old);
    sign_in_and_register(port, 1);
    drop(server);

    // The new key alone cannot start: the trail so far is under the old one.
    let out = command(dir.path())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("MIGRANT_DESK_AUDIT_KEY", NEW)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("audit_previous_keys"),
        "{err}"
    );

    // The rotation: the new key, the old one kept.
    let (server, _, port) = start_with(dir.path(), &[], &rotated);
    let staff = sign_in_and_register(port, 2);
    let v = call(port, "GET", "/api/v1/audit/verify", &staff.admin, None).unwrap();
    assert_eq!(v.json()["ok"], true, "{}", v.body);
    drop(server);
    let db = dir.path().join("data/migrant-desk.sqlite").display().to_string();
    let mut c = SqliteConnection::establish(&db).unwrap();
    let anchors: Vec<(i64, String)> = audit_anchors::table
        .order(audit_anchors::keyed_from.asc())
        .select((audit_anchors::keyed_from, audit_anchors::key_id))
        .load(&mut c)
        .unwrap();
    assert_eq!(anchors.len(), 2, "a second segment starts at the rotation");
    let new_from = anchors[1].0;
    assert_eq!(anchors[1].1, AuditKey::new(NEW.as_bytes()).unwrap().id());

    let (ok, _, out) = audit_verify(dir.path(), &rotated);
    assert!(ok, "{out}");
    // Without the old key the old segment cannot be checked: said, not guessed.
    let (ok, _, out) = audit_verify(dir.path(), &[("MIGRANT_DESK_AUDIT_KEY", NEW)]);
    assert!(!ok && out.contains("audit_previous_keys"), "{out}");
    // An instance left on the old key does not start on the rotated trail.
    let out = command(dir.path())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .envs(old)
        .output()
        .unwrap();
    assert!(!out.status.success(), "an instance on the old key started");

    // Someone who obtained the old key rewrites the old segment consistently
    // under it: the new segment's anchor, under the new key, gives it away.
    let key = AuditKey::new(OLD.as_bytes()).unwrap();
    let rows: Vec<AuditRow> = audit_log::table
        .filter(audit_log::seq.ge(anchors[0].0))
        .filter(audit_log::seq.lt(new_from))
        .order(audit_log::seq.asc())
        .load(&mut c)
        .unwrap();
    c.batch_execute("DROP TRIGGER audit_log_no_update").unwrap();
    let mut prev = rows[0].prev_hash.clone();
    for mut r in rows {
        if r.seq == anchors[0].0 + 1 {
            r.action = "read".into();
        }
        let mac = chain::mac(&key, &prev, &migrant_desk::audit::trail::link(&r));
        diesel::update(audit_log::table.filter(audit_log::seq.eq(r.seq)))
            .set((
                audit_log::action.eq(&r.action),
                audit_log::prev_hash.eq(&prev),
                audit_log::hash.eq(&mac),
            ))
            .execute(&mut c)
            .unwrap();
        prev = mac;
    }
    diesel::update(audit_log::table.filter(audit_log::seq.eq(new_from)))
        .set(audit_log::prev_hash.eq(&prev))
        .execute(&mut c)
        .unwrap();
    let (ok, stdout, out) = audit_verify(dir.path(), &rotated);
    assert!(!ok, "{out}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["first_broken"]["seq"], new_from, "{out}");
}
