//! Sign-in, tokens, refresh rotation, logout, throttling, password change.

use actix_web::http::Method;
use migrant_desk::auth::Role;
use serde_json::json;

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(
    login_returns_a_token_pair_and_me_describes_the_caller,
    wrong_password_unknown_email_and_inactive_account_answer_alike,
    five_failures_lock_the_account_for_the_window,
    refresh_rotates_and_a_reused_refresh_token_revokes_the_login,
    logout_ends_access_and_refresh_tokens,
    password_change_checks_current_and_policy_and_ends_every_login,
    tampered_or_missing_tokens_are_rejected,
    login_body_must_be_well_formed,
);

async fn login_returns_a_token_pair_and_me_describes_the_caller(app: TestApp) {
    let office = app.office("RBA").await;
    let u = app.user(Role::Caseworker, Some(&office), None).await;
    let r = app.login(&u.email.to_uppercase(), &u.password).await.expect(200);
    assert_eq!(r.body["token_type"], "Bearer");
    assert_eq!(r.body["expires_in"], 900);
    assert!(r.body["refresh_token"].as_str().unwrap().len() >= 40);
    let me = app.get("/api/v1/me", &u.token).await.expect(200);
    assert_eq!(me.body["id"], u.id);
    assert_eq!(me.body["email"], u.email);
    assert_eq!(me.body["role"], "caseworker");
    assert_eq!(me.body["office_id"], office);
    assert!(me.body["organization_id"].is_null());
    assert_eq!(me.header("cache-control").as_deref(), Some("no-store"));
    assert!(app.audit_count("login", Some(&u.id)).await >= 2);
}

async fn wrong_password_unknown_email_and_inactive_account_answer_alike(app: TestApp) {
    let admin = app.admin().await;
    let wrong = app
        .login(&admin.email, "not the right password")
        .await
        .problem(401);
    let unknown = app
        .login("nobody@test.example", "not the right password")
        .await
        .problem(401);
    assert_eq!(wrong.body, unknown.body);
    // A deactivated account with the right password gets the same answer.
    let office = app.office("OUJ").await;
    let cw = app.user(Role::Caseworker, Some(&office), None).await;
    app.patch(
        &format!("/api/v1/users/{}", cw.id),
        &admin.token,
        json!({"active": false}),
    )
    .await
    .expect(200);
    let inactive = app.login(&cw.email, &cw.password).await.problem(401);
    assert_eq!(inactive.body, wrong.body);
    assert_eq!(app.audit_count("login_failed", Some(&admin.id)).await, 1);
    assert_eq!(app.audit_count("login_failed", None).await, 3);
}

async fn five_failures_lock_the_account_for_the_window(app: TestApp) {
    let admin = app.admin().await;
    for _ in 0..5 {
        app.login(&admin.email, "wrong password again").await.problem(401);
    }
    // Locked: even the right password is refused, with Retry-After.
    let r = app.login(&admin.email, &admin.password).await.problem(429);
    let retry: i64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((800..=900).contains(&retry), "retry-after {retry}");
    // Unknown emails are throttled the same way (no account enumeration).
    for _ in 0..5 {
        app.login("ghost@test.example", "wrong password again")
            .await
            .problem(401);
    }
    app.login("ghost@test.example", "wrong password again")
        .await
        .problem(429);
    // Another account is unaffected.
    let other = app.admin().await;
    app.login(&other.email, &other.password).await.expect(200);
}

async fn refresh_rotates_and_a_reused_refresh_token_revokes_the_login(app: TestApp) {
    let admin = app.admin().await;
    let first = app
        .call(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": admin.refresh_token})),
        )
        .await
        .expect(200);
    let second_refresh = first.body["refresh_token"].as_str().unwrap().to_string();
    let new_access = first.body["access_token"].as_str().unwrap().to_string();
    assert_ne!(second_refresh, admin.refresh_token);
    app.get("/api/v1/me", &new_access).await.expect(200);
    // Presenting the spent token again revokes every token of that login.
    app.call(
        Method::POST,
        "/api/v1/auth/refresh",
        None,
        Some(json!({"refresh_token": admin.refresh_token})),
    )
    .await
    .problem(401);
    app.get("/api/v1/me", &new_access).await.problem(401);
    app.get("/api/v1/me", &admin.token).await.problem(401);
    app.call(
        Method::POST,
        "/api/v1/auth/refresh",
        None,
        Some(json!({"refresh_token": second_refresh})),
    )
    .await
    .problem(401);
    // A fresh login still works.
    app.login(&admin.email, &admin.password).await.expect(200);
    app.call(
        Method::POST,
        "/api/v1/auth/refresh",
        None,
        Some(json!({"refresh_token": "made-up"})),
    )
    .await
    .problem(401);
}

async fn logout_ends_access_and_refresh_tokens(app: TestApp) {
    let admin = app.admin().await;
    let other_login = app.login(&admin.email, &admin.password).await.expect(200);
    let other_token = other_login.body["access_token"].as_str().unwrap().to_string();
    app.call(
        Method::POST,
        "/api/v1/auth/logout",
        None,
        Some(json!({"refresh_token": admin.refresh_token})),
    )
    .await
    .expect(204);
    app.get("/api/v1/me", &admin.token).await.problem(401);
    app.call(
        Method::POST,
        "/api/v1/auth/refresh",
        None,
        Some(json!({"refresh_token": admin.refresh_token})),
    )
    .await
    .problem(401);
    // Only that login ended.
    app.get("/api/v1/me", &other_token).await.expect(200);
    assert_eq!(app.audit_count("logout", Some(&admin.id)).await, 1);
    // Logging out twice, or with an unknown token, answers the same.
    app.call(
        Method::POST,
        "/api/v1/auth/logout",
        None,
        Some(json!({"refresh_token": admin.refresh_token})),
    )
    .await
    .expect(204);
}

async fn password_change_checks_current_and_policy_and_ends_every_login(app: TestApp) {
    let admin = app.admin().await;
    let r = app
        .post(
            "/api/v1/me/password",
            &admin.token,
            json!({"current_password": "wrong one here", "new_password": "a brand new passphrase"}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["current_password"]);
    let r = app
        .post(
            "/api/v1/me/password",
            &admin.token,
            json!({"current_password": admin.password, "new_password": "password1234"}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["new_password"]);
    let r = app
        .post(
            "/api/v1/me/password",
            &admin.token,
            json!({"current_password": admin.password, "new_password": "short"}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["new_password"]);
    // Nothing changed so far.
    app.get("/api/v1/me", &admin.token).await.expect(200);
    app.post(
        "/api/v1/me/password",
        &admin.token,
        json!({"current_password": admin.password, "new_password": "a brand new passphrase"}),
    )
    .await
    .expect(204);
    app.get("/api/v1/me", &admin.token).await.problem(401);
    app.login(&admin.email, &admin.password).await.problem(401);
    let r = app
        .login(&admin.email, "a brand new passphrase")
        .await
        .expect(200);
    assert!(r.body["access_token"].is_string());
}

async fn tampered_or_missing_tokens_are_rejected(app: TestApp) {
    let admin = app.admin().await;
    let r = app.call(Method::GET, "/api/v1/me", None, None).await.problem(401);
    assert_eq!(r.header("www-authenticate").as_deref(), Some("Bearer"));
    let mut parts: Vec<String> = admin.token.split('.').map(str::to_string).collect();
    parts[2] = parts[2].chars().rev().collect();
    app.get("/api/v1/me", &parts.join(".")).await.problem(401);
    // alg "none" with the same claims.
    let forged = format!(
        "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{}.",
        admin.token.split('.').nth(1).unwrap()
    );
    app.get("/api/v1/me", &forged).await.problem(401);
    // A token signed with another key.
    let other =
        migrant_desk::auth::token::TokenService::new(&[9u8; 32], "migrant-desk", "migrant-desk-api", 900)
            .unwrap();
    let t = other.issue(&admin.id, "any").unwrap();
    app.get("/api/v1/me", &t).await.problem(401);
    // An expired token signed with the right key.
    let past = migrant_desk::auth::token::TokenService::new(
        b"test-secret-test-secret-test-secret-0123",
        "migrant-desk",
        "migrant-desk-api",
        -3600,
    );
    assert!(past.is_ok());
    let expired = past.unwrap().issue(&admin.id, "any").unwrap();
    app.get("/api/v1/me", &expired).await.problem(401);
}

async fn login_body_must_be_well_formed(app: TestApp) {
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "a@b.example", "password": "x", "remember": true})),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["remember"]);
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "a@b.example"})),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["password"]);
}
