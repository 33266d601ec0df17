//! The audit trail: who may read it, scope, filters, the hash chain and its
//! verification, append-only storage.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use migrant_desk::audit::chain::{self, GENESIS, Link};
use migrant_desk::audit::key::AuditKey;
use migrant_desk::auth::Role;
use migrant_desk::db::DbConn;
use migrant_desk::db::schema::{audit_head, audit_log};
use migrant_desk::store::audit::{Anchor, AuditRow};
use serde_json::json;

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(
    admins_read_everything_and_supervisors_only_their_office,
    other_roles_cannot_read_or_verify_the_trail,
    audit_filters_select_entries_and_bad_filters_are_named,
    verify_detects_an_altered_or_removed_entry,
    the_audit_table_refuses_updates_and_deletes,
    concurrent_logins_keep_one_unbroken_chain,
    an_insider_without_the_key_cannot_rechain_the_trail,
    cutting_off_the_newest_entries_is_found_against_a_checkpoint,
    an_older_unkeyed_trail_is_checked_and_sealed_at_start_up,
    a_polled_checkpoint_is_written_once_per_head_and_never_refused,
);

/// Issue 19: every `GET /audit/checkpoint` appended a line (an auditor's
/// poll grew the log without bound), and concurrent calls answered 503.
async fn a_polled_checkpoint_is_written_once_per_head_and_never_refused(app: TestApp) {
    let admin = app.admin().await;
    let t = app.team("RBA").await;
    let log = std::path::Path::new(&app.state.settings.data_dir).join("audit-checkpoints.jsonl");
    let lines = || std::fs::read_to_string(&log).unwrap_or_default().lines().count();
    let first = app
        .get("/api/v1/audit/checkpoint", &admin.token)
        .await
        .expect(200);
    let before = lines();
    let polls: Vec<_> = (0..24)
        .map(|i| {
            let token = if i % 2 == 0 {
                &admin.token
            } else {
                &t.supervisor.token
            };
            app.get("/api/v1/audit/checkpoint", token)
        })
        .collect();
    for r in futures_util::future::join_all(polls).await {
        let r = r.expect(200);
        assert_eq!(
            (&r.body["seq"], &r.body["mac"]),
            (&first.body["seq"], &first.body["mac"])
        );
    }
    assert_eq!(lines(), before, "the same head is not written again");
    // Once the trail grows, the next checkpoint is a new line.
    app.migrant(&t.caseworker.token, "Awa", "Ba").await;
    let next = app
        .get("/api/v1/audit/checkpoint", &admin.token)
        .await
        .expect(200);
    assert!(next.body["seq"].as_i64() > first.body["seq"].as_i64());
    assert_eq!(lines(), before + 1);
}

async fn admins_read_everything_and_supervisors_only_their_office(app: TestApp) {
    let admin = app.admin().await;
    let rba = app.office("RBA").await;
    let ouj = app.office("OUJ").await;
    let sup = app.user(Role::Supervisor, Some(&rba), None).await;
    let new_user = |email: &str, office: &str| json!({"email": email, "full_name": "N", "role": "caseworker", "office_id": office, "password": "a sturdy passphrase"});
    let in_rba = app
        .post("/api/v1/users", &admin.token, new_user("a@example.org", &rba))
        .await
        .expect(201);
    let in_ouj = app
        .post("/api/v1/users", &admin.token, new_user("b@example.org", &ouj))
        .await
        .expect(201);
    let all = app.get("/api/v1/audit?limit=200", &admin.token).await.expect(200);
    let items = all.body["items"].as_array().unwrap();
    assert!(items.iter().any(|e| e["entity_id"] == in_ouj.body["id"]));
    assert!(items.iter().any(|e| e["action"] == "login"));
    // Newest first, contiguous chain positions.
    let seqs: Vec<i64> = items.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] == w[1] + 1));
    // Entries hold ids and actions, never field values.
    assert!(!all.raw.contains("a@example.org"));
    let mine = app.get("/api/v1/audit?limit=200", &sup.token).await.expect(200);
    let mine = mine.body["items"].as_array().unwrap();
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|e| e["office_id"] == rba));
    assert!(mine.iter().any(|e| e["entity_id"] == in_rba.body["id"]));
    let other = app
        .get(
            &format!("/api/v1/audit?entity_id={}", in_ouj.body["id"].as_str().unwrap()),
            &sup.token,
        )
        .await
        .expect(200);
    assert_eq!(other.body["items"].as_array().unwrap().len(), 0);
    app.get("/api/v1/audit/verify", &sup.token).await.expect(200);
}

async fn other_roles_cannot_read_or_verify_the_trail(app: TestApp) {
    let office = app.office("RBA").await;
    for (role, user) in app.one_of_each(&office).await {
        let expected = if matches!(role, Role::Admin | Role::Supervisor) {
            200
        } else {
            403
        };
        let r = app.get("/api/v1/audit", &user.token).await;
        assert_eq!(r.status.as_u16(), expected, "{role:?}");
        let r = app.get("/api/v1/audit/verify", &user.token).await;
        assert_eq!(r.status.as_u16(), expected, "{role:?}");
        let r = app.get("/api/v1/audit/checkpoint", &user.token).await;
        assert_eq!(r.status.as_u16(), expected, "{role:?}");
    }
    // Each refusal is itself recorded.
    assert_eq!(app.audit_count("denied", None).await, 9);
}

async fn audit_filters_select_entries_and_bad_filters_are_named(app: TestApp) {
    let admin = app.admin().await;
    let office = app.office("RBA").await;
    let cw = app.user(Role::Caseworker, Some(&office), None).await;
    let r = app
        .get(
            &format!("/api/v1/audit?actor_id={}&entity_type=user", cw.id),
            &admin.token,
        )
        .await
        .expect(200);
    let items = r.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["action"], "login");
    assert_eq!(items[0]["role"], "caseworker");
    assert_eq!(items[0]["office_id"], office);
    assert!(items[0]["request_id"].is_string());
    let r = app
        .get("/api/v1/audit?from=2999-01-01", &admin.token)
        .await
        .expect(200);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 0);
    let r = app
        .get("/api/v1/audit?to=2999-01-01T00:00:00Z&limit=1", &admin.token)
        .await
        .expect(200);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1);
    let next = r.body["next_cursor"].as_str().unwrap();
    let r2 = app
        .get(&format!("/api/v1/audit?limit=1&cursor={next}"), &admin.token)
        .await
        .expect(200);
    assert!(r2.body["items"][0]["seq"].as_i64() < r.body["items"][0]["seq"].as_i64());
    for (query, field) in [
        ("entity_type=spaceship", "entity_type"),
        ("from=yesterday", "from"),
        ("actor_id=42", "actor_id"),
        ("who=me", "who"),
    ] {
        let r = app
            .get(&format!("/api/v1/audit?{query}"), &admin.token)
            .await
            .problem(422);
        assert_eq!(r.error_fields(), [field], "{query}");
    }
}

fn tamper(c: &mut DbConn, sql: &str) {
    match c {
        DbConn::Sqlite(_) => c
            .batch_execute(&format!(
                "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; \
                 DROP TRIGGER IF EXISTS audit_anchors_no_update; DROP TRIGGER IF EXISTS audit_anchors_no_delete; {sql}"
            ))
            .unwrap(),
        DbConn::Pg(_) => c
            .batch_execute(&format!(
                "ALTER TABLE audit_log DISABLE TRIGGER USER; ALTER TABLE audit_anchors DISABLE TRIGGER USER; {sql}"
            ))
            .unwrap(),
    }
}

async fn verify_detects_an_altered_or_removed_entry(app: TestApp) {
    let admin = app.admin().await;
    for code in ["AAA", "BBB", "CCC"] {
        app.post(
            "/api/v1/offices",
            &admin.token,
            json!({"code": code, "name": "n", "city": "c", "country": "MA"}),
        )
        .await
        .expect(201);
    }
    let r = app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], true);
    let checked = r.body["checked"].as_i64().unwrap();
    assert!(checked >= 4);
    assert!(r.body["first_broken"].is_null());
    // Someone with database access rewrites history behind the application's back.
    app.db(|c| tamper(c, "UPDATE audit_log SET action = 'read' WHERE seq = 2"))
        .await;
    let r = app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], false);
    assert_eq!(r.body["first_broken"]["seq"], 2);
    assert_eq!(r.body["checked"], 1);
    assert!(r.body["first_broken"]["id"].is_string());
    // Removing an entry is detected too.
    app.db(|c| tamper(c, "DELETE FROM audit_log WHERE seq = 2")).await;
    let r = app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], false);
    assert_eq!(r.body["first_broken"]["seq"], 2);
    assert!(r.body["first_broken"]["id"].is_null());
}

async fn the_audit_table_refuses_updates_and_deletes(app: TestApp) {
    let _admin = app.admin().await;
    let (update, delete) = app
        .db(|c| {
            let u = diesel::sql_query("UPDATE audit_log SET action = 'read'").execute(c);
            let d = diesel::sql_query("DELETE FROM audit_log").execute(c);
            (u.is_err(), d.is_err())
        })
        .await;
    assert!(update && delete, "audit_log accepted an UPDATE or DELETE");
}

async fn concurrent_logins_keep_one_unbroken_chain(app: TestApp) {
    let admin = app.admin().await;
    let before = app
        .get("/api/v1/audit/verify", &admin.token)
        .await
        .expect(200)
        .body["checked"]
        .as_i64()
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..24 {
        let pw = if i % 2 == 0 {
            admin.password.as_str()
        } else {
            "wrong password"
        };
        tasks.push(app.login(&admin.email, pw));
    }
    // Each attempt records exactly one entry: login, login_failed, or denied
    // once the failures lock the account.
    let results = futures_util::future::join_all(tasks).await;
    assert!(
        results
            .iter()
            .all(|r| [200, 401, 429].contains(&r.status.as_u16()))
    );
    let r = app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], true, "{}", r.raw);
    assert_eq!(r.body["checked"].as_i64().unwrap(), before + 24);
}

fn insert(c: &mut DbConn, row: &AuditRow) {
    match c {
        DbConn::Sqlite(s) => diesel::insert_into(audit_log::table).values(row).execute(s),
        DbConn::Pg(p) => diesel::insert_into(audit_log::table).values(row).execute(p),
    }
    .unwrap();
}

/// What is done to the anchors while re-chaining.
#[derive(Debug, Clone, Copy)]
enum Anchors {
    /// Left as they are.
    Keep,
    /// Moved past the end: the whole trail claimed older than the key.
    MovePast,
    /// Removed: the trail claimed never anchored.
    Remove,
}

/// What someone with write access to the database but without the audit key
/// can do: keep the entries `keep` selects, renumber them, recompute every
/// link with `link_of`, rewrite the head, and move or remove the anchors.
fn rechain(
    c: &mut DbConn,
    keep: impl Fn(&AuditRow) -> bool,
    link_of: impl Fn(&str, &Link<'_>) -> String,
    anchors: Anchors,
) -> usize {
    let rows: Vec<AuditRow> = audit_log::table.order(audit_log::seq.asc()).load(c).unwrap();
    let mut prev = GENESIS.to_string();
    let mut kept = Vec::new();
    for mut r in rows.into_iter().filter(|r| keep(r)) {
        r.seq = kept.len() as i64 + 1;
        r.prev_hash = prev.clone();
        r.hash = link_of(&prev, &migrant_desk::audit::trail::link(&r));
        prev = r.hash.clone();
        kept.push(r);
    }
    tamper(c, "DELETE FROM audit_log");
    for r in &kept {
        insert(c, r);
    }
    diesel::update(audit_head::table.find(1))
        .set((audit_head::seq.eq(kept.len() as i64), audit_head::hash.eq(&prev)))
        .execute(c)
        .unwrap();
    match anchors {
        Anchors::Keep => {}
        Anchors::MovePast => tamper(
            c,
            &format!("UPDATE audit_anchors SET keyed_from = {}", kept.len() + 1),
        ),
        Anchors::Remove => tamper(c, "DELETE FROM audit_anchors"),
    }
    kept.len()
}

fn anchors_of(c: &mut DbConn) -> Vec<Anchor> {
    migrant_desk::store::audit::anchors(c).unwrap()
}

async fn an_insider_without_the_key_cannot_rechain_the_trail(app: TestApp) {
    let admin = app.admin().await;
    let office = app.office("RBA").await;
    let sup = app.user(Role::Supervisor, Some(&office), None).await;
    app.get("/api/v1/audit", &sup.token).await.expect(200);
    app.post(
        "/api/v1/offices",
        &admin.token,
        json!({"code": "OUJ", "name": "n", "city": "c", "country": "MA"}),
    )
    .await
    .expect(201);
    let r = app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], true, "{}", r.raw);
    let total = r.body["checked"].as_i64().unwrap();
    let sup_id = sup.id.clone();
    let not_sup = move |r: &AuditRow| r.actor_id.as_deref() != Some(sup_id.as_str());

    // The attack: drop one user's entries, renumber, recompute the
    // unkeyed SHA-256 chain, rewrite the head, keep the anchor as it was.
    let sup_gone = not_sup.clone();
    let kept = app
        .db(move |c| rechain(c, sup_gone, chain::legacy_hash, Anchors::Keep))
        .await;
    assert!((kept as i64) < total, "the supervisor's entries were dropped");
    let r = app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], false, "{}", r.raw);
    assert_eq!(r.body["first_broken"]["seq"], 1, "{}", r.raw);

    // The same with a key of the attacker's own.
    let guess = AuditKey::new(b"not-the-deployment-s-audit-key-at-all").unwrap();
    let sup_gone = not_sup.clone();
    app.db(move |c| rechain(c, sup_gone, |p, l| chain::mac(&guess, p, l), Anchors::Keep))
        .await;
    let r = app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], false, "{}", r.raw);
    assert_eq!(r.body["first_broken"]["seq"], 1);

    // Declaring the whole trail older than the key (unkeyed links, the
    // anchor moved past the end) does not help: the anchor is keyed.
    let sup_gone = not_sup.clone();
    app.db(move |c| rechain(c, sup_gone, chain::legacy_hash, Anchors::MovePast))
        .await;
    let r = app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], false, "{}", r.raw);
    assert!(
        r.body["first_broken"]["reason"]
            .as_str()
            .unwrap()
            .contains("anchor"),
        "{}",
        r.raw
    );

    // Nor does removing the anchor.
    app.db(move |c| rechain(c, not_sup, chain::legacy_hash, Anchors::Remove))
        .await;
    let r = app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], false, "{}", r.raw);
    assert!(
        r.body["first_broken"]["reason"]
            .as_str()
            .unwrap()
            .contains("not anchored"),
        "{}",
        r.raw
    );
}

async fn cutting_off_the_newest_entries_is_found_against_a_checkpoint(app: TestApp) {
    let admin = app.admin().await;
    let sup = app
        .user(Role::Supervisor, Some(&app.office("RBA").await), None)
        .await;
    let cp = app.get("/api/v1/audit/checkpoint", &sup.token).await.expect(200);
    let seq = cp.body["seq"].as_i64().unwrap();
    let mac = cp.body["mac"].as_str().unwrap().to_string();
    assert!(seq >= 2 && mac.len() == 64, "{}", cp.raw);
    assert_eq!(cp.body["signature"].as_str().unwrap().len(), 64);
    assert!(cp.body["at"].is_string());
    // The service checks against the checkpoint it kept, and one given back.
    let r = app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], true, "{}", r.raw);
    assert_eq!(r.body["checkpoint"]["seq"], seq);
    let given = format!("/api/v1/audit/verify?seq={seq}&mac={mac}");
    app.get(&given, &admin.token).await.expect(200);
    assert_eq!(app.get(&given, &admin.token).await.body["ok"], true);
    // A checkpoint that does not match is reported, as are half-given ones.
    let wrong = format!("/api/v1/audit/verify?seq={seq}&mac={}", "0".repeat(64));
    let r = app.get(&wrong, &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], false);
    assert_eq!(r.body["first_broken"]["seq"], seq);
    app.get(&format!("/api/v1/audit/verify?seq={seq}"), &admin.token)
        .await
        .problem(422);
    app.get("/api/v1/audit/verify?mac=ab", &admin.token)
        .await
        .problem(422);

    // Someone with database access cuts off the checkpointed entry and
    // everything after it, and points the head at the entry before: the
    // chain itself is intact, but the checkpoint no longer is.
    app.db(move |c| {
        let (prev_seq, prev_hash): (i64, String) = audit_log::table
            .filter(audit_log::seq.eq(seq - 1))
            .select((audit_log::seq, audit_log::hash))
            .first(c)
            .unwrap();
        tamper(c, &format!("DELETE FROM audit_log WHERE seq >= {seq}"));
        diesel::update(audit_head::table.find(1))
            .set((audit_head::seq.eq(prev_seq), audit_head::hash.eq(prev_hash)))
            .execute(c)
            .unwrap();
    })
    .await;
    let r = app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], false, "{}", r.raw);
    assert_eq!(r.body["first_broken"]["seq"], seq);
    assert!(
        r.body["first_broken"]["reason"]
            .as_str()
            .unwrap()
            .contains("missing at the end"),
        "{}",
        r.raw
    );
}

async fn an_older_unkeyed_trail_is_checked_and_sealed_at_start_up(app: TestApp) {
    let admin = app.admin().await;
    for code in ["AAA", "BBB"] {
        app.post(
            "/api/v1/offices",
            &admin.token,
            json!({"code": code, "name": "n", "city": "c", "country": "MA"}),
        )
        .await
        .expect(201);
    }
    // The trail as a version without the audit key left it.
    let n = app
        .db(|c| rechain(c, |_| true, chain::legacy_hash, Anchors::Remove))
        .await as i64;
    let r = app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], false, "not anchored yet: {}", r.raw);
    // The upgraded service starts on it: it checks and seals it.
    let settings = (*app.state.settings).clone();
    let start = move || migrant_desk::server::prepare(settings.clone()).map(|_| ());
    let again = start.clone();
    tokio::task::spawn_blocking(start)
        .await
        .unwrap()
        .expect("start-up anchors the trail");
    let r = app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], true, "{}", r.raw);
    assert_eq!(r.body["checked"], n);
    let anchors = app.db(anchors_of).await;
    assert_eq!(anchors.len(), 1);
    assert_eq!(anchors[0].keyed_from, n + 1);
    // New entries are keyed and follow on.
    app.post(
        "/api/v1/offices",
        &admin.token,
        json!({"code": "CCC", "name": "n", "city": "c", "country": "MA"}),
    )
    .await
    .expect(201);
    let r = app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], true, "{}", r.raw);

    // The unkeyed part cannot be rewritten consistently after the anchor.
    app.db(move |c| {
        let rows: Vec<AuditRow> = audit_log::table.order(audit_log::seq.asc()).load(c).unwrap();
        let keyed: Vec<AuditRow> = rows.iter().filter(|r| r.seq > n).cloned().collect();
        // Alter entry 2 and recompute the unkeyed links up to the anchor.
        let mut prev = GENESIS.to_string();
        tamper(c, "DELETE FROM audit_log");
        for mut r in rows.into_iter().filter(|r| r.seq <= n) {
            if r.seq == 2 {
                r.action = "read".into();
            }
            r.prev_hash = prev.clone();
            r.hash = chain::legacy_hash(&prev, &migrant_desk::audit::trail::link(&r));
            prev = r.hash.clone();
            insert(c, &r);
        }
        for mut r in keyed {
            if r.seq == n + 1 {
                r.prev_hash = prev.clone();
            }
            insert(c, &r);
        }
    })
    .await;
    let r = app.get("/api/v1/audit/verify", &admin.token).await.expect(200);
    assert_eq!(r.body["ok"], false, "{}", r.raw);
    assert_eq!(r.body["first_broken"]["seq"], n + 1, "{}", r.raw);

    // Once this instance has checkpointed the keyed trail, a trail whose
    // anchor was removed is not sealed again: start-up refuses.
    app.get("/api/v1/audit/checkpoint", &admin.token)
        .await
        .expect(200);
    app.db(|c| rechain(c, |_| true, chain::legacy_hash, Anchors::Remove))
        .await;
    let refused = tokio::task::spawn_blocking(again).await.unwrap();
    let message = refused.expect_err("start-up refuses").to_string();
    assert!(message.contains("no longer anchored"), "{message}");
}
