//! The audit trail: who may read it, scope, filters, the hash chain and its
//! verification, append-only storage.

use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use migrant_desk::auth::Role;
use migrant_desk::db::DbConn;
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
);

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
    }
    // Each refusal is itself recorded.
    assert_eq!(app.audit_count("denied", None).await, 6);
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
            .batch_execute(&format!("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; {sql}"))
            .unwrap(),
        DbConn::Pg(_) => c.batch_execute(&format!("ALTER TABLE audit_log DISABLE TRIGGER USER; {sql}")).unwrap(),
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
