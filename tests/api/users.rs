//! `/users`: administrators manage accounts; changes that matter end the
//! user's logins at once.

use migrant_desk::auth::Role;
use serde_json::json;

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(
    admin_creates_accounts_of_each_role_with_their_binding,
    role_bindings_and_password_policy_are_enforced,
    only_admins_manage_accounts,
    deactivation_role_change_and_password_reset_end_logins_at_once,
    the_last_active_admin_cannot_be_removed,
    user_list_filters_and_never_shows_password_hashes,
);

async fn admin_creates_accounts_of_each_role_with_their_binding(app: TestApp) {
    let admin = app.admin().await;
    let office = app.office("RBA").await;
    let org = app.organization("Clinique Juridique").await;
    let cases = [
        ("supervisor", json!(office), json!(null)),
        ("caseworker", json!(office), json!(null)),
        ("manager", json!(office), json!(null)),
        ("manager", json!(null), json!(null)),
        ("partner", json!(null), json!(org)),
        ("admin", json!(null), json!(null)),
    ];
    for (i, (role, office_id, org_id)) in cases.into_iter().enumerate() {
        let email = format!("Person{i}@Example.org");
        let r = app
            .post(
                "/api/v1/users",
                &admin.token,
                json!({"email": email, "full_name": " محمد بن علي ", "role": role, "office_id": office_id,
                       "organization_id": org_id, "password": "a sturdy passphrase"}),
            )
            .await
            .expect(201);
        assert_eq!(r.body["email"], format!("person{i}@example.org"));
        assert_eq!(r.body["full_name"], "محمد بن علي");
        assert_eq!(r.body["role"], role);
        assert_eq!(r.body["office_id"], office_id);
        assert_eq!(r.body["organization_id"], org_id);
        assert_eq!(r.body["active"], true);
        assert!(r.body.get("password").is_none() && r.body.get("password_hash").is_none());
        let id = r.body["id"].as_str().unwrap().to_string();
        assert_eq!(app.audit_count("create", Some(&id)).await, 1);
        // The new account can sign in.
        app.login(&format!("person{i}@example.org"), "a sturdy passphrase")
            .await
            .expect(200);
    }
}

async fn role_bindings_and_password_policy_are_enforced(app: TestApp) {
    let admin = app.admin().await;
    let office = app.office("RBA").await;
    let org = app.organization("Org").await;
    let base = |role: &str, office_id: serde_json::Value, org_id: serde_json::Value, pw: &str| {
        json!({"email": "new@example.org", "full_name": "New Person", "role": role,
               "office_id": office_id, "organization_id": org_id, "password": pw})
    };
    let cases = [
        (
            base("caseworker", json!(null), json!(null), "a sturdy passphrase"),
            vec!["office_id"],
        ),
        (
            base("partner", json!(office), json!(null), "a sturdy passphrase"),
            vec!["office_id", "organization_id"],
        ),
        (
            base("admin", json!(null), json!(org), "a sturdy passphrase"),
            vec!["organization_id"],
        ),
        (
            base("caseworker", json!(office), json!(null), "password1234"),
            vec!["password"],
        ),
        (
            base("caseworker", json!(office), json!(null), "short"),
            vec!["password"],
        ),
        (
            base(
                "caseworker",
                json!(uuid::Uuid::now_v7()),
                json!(null),
                "a sturdy passphrase",
            ),
            vec!["office_id"],
        ),
        (
            base(
                "partner",
                json!(null),
                json!(uuid::Uuid::now_v7()),
                "a sturdy passphrase",
            ),
            vec!["organization_id"],
        ),
        (
            base("root", json!(null), json!(null), "a sturdy passphrase"),
            vec!["role"],
        ),
        (
            base(
                "caseworker",
                json!("not-a-uuid"),
                json!(null),
                "a sturdy passphrase",
            ),
            vec!["office_id"],
        ),
    ];
    for (body, fields) in cases {
        let r = app
            .post("/api/v1/users", &admin.token, body.clone())
            .await
            .problem(422);
        assert_eq!(r.error_fields(), fields, "{body}");
    }
    let mut bad_email = base("caseworker", json!(office), json!(null), "a sturdy passphrase");
    bad_email["email"] = json!("not-an-email");
    let r = app
        .post("/api/v1/users", &admin.token, bad_email)
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["email"]);
    // Nothing was created.
    let list = app.get("/api/v1/users", &admin.token).await.expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    // Duplicate email.
    app.post(
        "/api/v1/users",
        &admin.token,
        base("caseworker", json!(office), json!(null), "a sturdy passphrase"),
    )
    .await
    .expect(201);
    let mut dup = base("supervisor", json!(office), json!(null), "a sturdy passphrase");
    dup["email"] = json!("NEW@example.org");
    app.post("/api/v1/users", &admin.token, dup).await.problem(409);
}

async fn only_admins_manage_accounts(app: TestApp) {
    let office = app.office("RBA").await;
    let everyone = app.one_of_each(&office).await;
    let target = everyone[2].1.id.clone();
    for (role, user) in &everyone {
        if *role == Role::Admin {
            app.get("/api/v1/users", &user.token).await.expect(200);
            app.get(&format!("/api/v1/users/{target}"), &user.token)
                .await
                .expect(200);
            continue;
        }
        app.get("/api/v1/users", &user.token).await.problem(403);
        app.get(&format!("/api/v1/users/{target}"), &user.token)
            .await
            .problem(403);
        app.patch(
            &format!("/api/v1/users/{target}"),
            &user.token,
            json!({"role": "admin"}),
        )
        .await
        .problem(403);
        app.post(
            "/api/v1/users",
            &user.token,
            json!({"email": "x@example.org", "full_name": "X", "role": "admin", "password": "a sturdy passphrase"}),
        )
        .await
        .problem(403);
    }
    let admin = &everyone[0].1;
    app.get(&format!("/api/v1/users/{}", uuid::Uuid::now_v7()), &admin.token)
        .await
        .problem(404);
    app.patch(
        &format!("/api/v1/users/{}", uuid::Uuid::now_v7()),
        &admin.token,
        json!({"active": false}),
    )
    .await
    .problem(404);
    // The caseworker is still a caseworker.
    let r = app
        .get(&format!("/api/v1/users/{target}"), &admin.token)
        .await
        .expect(200);
    assert_eq!(r.body["role"], "caseworker");
}

async fn deactivation_role_change_and_password_reset_end_logins_at_once(app: TestApp) {
    let admin = app.admin().await;
    let office = app.office("RBA").await;
    let other_office = app.office("OUJ").await;
    let changes = [
        json!({"active": false}),
        json!({"role": "supervisor"}),
        json!({"password": "a reset passphrase"}),
        json!({"office_id": other_office}),
    ];
    for change in changes {
        let u = app.user(Role::Caseworker, Some(&office), None).await;
        app.get("/api/v1/me", &u.token).await.expect(200);
        app.patch(&format!("/api/v1/users/{}", u.id), &admin.token, change.clone())
            .await
            .expect(200);
        app.get("/api/v1/me", &u.token).await.problem(401);
        app.call(
            actix_web::http::Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": u.refresh_token})),
        )
        .await
        .problem(401);
    }
    // A change of name only does not end the login.
    let u = app.user(Role::Caseworker, Some(&office), None).await;
    app.patch(
        &format!("/api/v1/users/{}", u.id),
        &admin.token,
        json!({"full_name": "Aïcha Benali"}),
    )
    .await
    .expect(200);
    let me = app.get("/api/v1/me", &u.token).await.expect(200);
    assert_eq!(me.body["full_name"], "Aïcha Benali");
    // Binding rules hold on PATCH too, and nothing changes on refusal.
    let r = app
        .patch(
            &format!("/api/v1/users/{}", u.id),
            &admin.token,
            json!({"office_id": null}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["office_id"]);
    let r = app
        .patch(
            &format!("/api/v1/users/{}", u.id),
            &admin.token,
            json!({"role": "partner", "version": 9}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["version"]);
    app.get("/api/v1/me", &u.token).await.expect(200);
}

async fn the_last_active_admin_cannot_be_removed(app: TestApp) {
    let admin = app.admin().await;
    app.patch(
        &format!("/api/v1/users/{}", admin.id),
        &admin.token,
        json!({"active": false}),
    )
    .await
    .problem(409);
    let office = app.office("RBA").await;
    app.patch(
        &format!("/api/v1/users/{}", admin.id),
        &admin.token,
        json!({"role": "supervisor", "office_id": office}),
    )
    .await
    .problem(409);
    app.get("/api/v1/me", &admin.token).await.expect(200);
    let second = app.admin().await;
    app.patch(
        &format!("/api/v1/users/{}", admin.id),
        &second.token,
        json!({"active": false}),
    )
    .await
    .expect(200);
}

async fn user_list_filters_and_never_shows_password_hashes(app: TestApp) {
    let admin = app.admin().await;
    let rba = app.office("RBA").await;
    let ouj = app.office("OUJ").await;
    app.user(Role::Caseworker, Some(&rba), None).await;
    app.user(Role::Caseworker, Some(&ouj), None).await;
    app.user(Role::Supervisor, Some(&rba), None).await;
    let r = app
        .get(&format!("/api/v1/users?office_id={rba}"), &admin.token)
        .await
        .expect(200);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 2);
    let r = app
        .get("/api/v1/users?role=caseworker", &admin.token)
        .await
        .expect(200);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 2);
    let r = app
        .get("/api/v1/users?role=caseworker&active=false", &admin.token)
        .await
        .expect(200);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 0);
    let r = app
        .get("/api/v1/users?role=wizard", &admin.token)
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["role"]);
    let all = app.get("/api/v1/users?limit=200", &admin.token).await.expect(200);
    assert!(!all.raw.contains("argon2"));
    assert!(!all.raw.contains("password"));
}
