//! Staff multi-factor authentication (issue 13): TOTP enrolment, the second
//! step of a sign-in with real RFC 6238 codes and a step of clock skew,
//! single-use codes and recovery codes, throttling, and `require_mfa`.

use actix_web::http::Method;
use migrant_desk::auth::totp;
use serde_json::json;

use crate::harness::{TestApp, TestUser};
use crate::on_both_backends;

on_both_backends!(
    an_enrolled_user_signs_in_with_a_code_from_the_app_with_a_step_of_skew,
    a_recovery_code_signs_in_once,
    wrong_codes_are_throttled_and_tickets_are_single_use_and_bound,
    require_mfa_holds_a_role_to_enrolling_first,
);

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Enrols `user`'s authenticator app; answers the secret and the recovery codes.
async fn enrol(app: &TestApp, user: &TestUser) -> (Vec<u8>, Vec<String>) {
    let e = app
        .call(Method::POST, "/api/v1/me/mfa/totp", Some(&user.token), None)
        .await
        .expect(200);
    let secret = totp::unbase32(e.body["secret"].as_str().unwrap()).unwrap();
    assert!(
        e.body["otpauth_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    assert!(e.body["qr_svg"].as_str().unwrap().contains("<svg"));
    // A wrong code does not turn it on.
    app.post(
        "/api/v1/me/mfa/totp/confirm",
        &user.token,
        json!({"code": "000000"}),
    )
    .await
    .problem(422);
    let done = app
        .post(
            "/api/v1/me/mfa/totp/confirm",
            &user.token,
            json!({"code": totp::code_at(&secret, now())}),
        )
        .await
        .expect(200);
    let codes: Vec<String> = done.body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10);
    (secret, codes)
}

async fn ticket(app: &TestApp, user: &TestUser) -> String {
    let r = app.login(&user.email, &user.password).await.expect(200);
    assert_eq!(r.body["mfa_required"], true, "{}", r.raw);
    assert!(
        r.body.get("access_token").is_none(),
        "no token before the second factor"
    );
    r.body["mfa_ticket"].as_str().unwrap().to_string()
}

async fn second(app: &TestApp, ticket: &str, code: &str) -> crate::harness::Reply {
    app.call(
        Method::POST,
        "/api/v1/auth/mfa",
        None,
        Some(json!({"mfa_ticket": ticket, "code": code})),
    )
    .await
}

async fn an_enrolled_user_signs_in_with_a_code_from_the_app_with_a_step_of_skew(app: TestApp) {
    let team = app.team("RBA").await;
    let user = &team.supervisor;
    let (secret, _) = enrol(&app, user).await;
    let status = app.get("/api/v1/me/mfa", &user.token).await.expect(200);
    assert_eq!(
        (
            status.body["enabled"].clone(),
            status.body["recovery_codes_left"].clone()
        ),
        (json!(true), json!(10))
    );
    // A second enrolment is refused while one is on.
    app.call(Method::POST, "/api/v1/me/mfa/totp", Some(&user.token), None)
        .await
        .problem(409);
    // As if the enrolment was minutes ago (its code's step is used up).
    app.db(|c| {
        diesel::RunQueryDsl::execute(
            diesel::sql_query("UPDATE user_mfa SET last_step = last_step - 10"),
            c,
        )
        .unwrap();
    })
    .await;
    // The phone's clock is 30 s behind.
    let t = ticket(&app, user).await;
    let r = second(&app, &t, &totp::code_at(&secret, now() - 30))
        .await
        .expect(200);
    let token = r.body["access_token"].as_str().unwrap().to_string();
    app.get("/api/v1/migrants", &token).await.expect(200);
    // 30 s ahead: accepted too; the same code again is not (good once).
    let ahead = totp::code_at(&secret, now() + 30);
    let t = ticket(&app, user).await;
    second(&app, &t, &ahead).await.expect(200);
    let t = ticket(&app, user).await;
    second(&app, &t, &ahead).await.problem(401);
    // Two steps off: refused.
    second(&app, &t, &totp::code_at(&secret, now() - 90))
        .await
        .problem(401);
}

async fn a_recovery_code_signs_in_once(app: TestApp) {
    let team = app.team("RBA").await;
    let user = &team.caseworker;
    let (_, codes) = enrol(&app, user).await;
    let t = ticket(&app, user).await;
    // Typed in lower case with spaces: still read.
    let typed = codes[3].to_lowercase().replace('-', " ");
    let r = second(&app, &t, &typed).await.expect(200);
    let token = r.body["access_token"].as_str().unwrap().to_string();
    let status = app.get("/api/v1/me/mfa", &token).await.expect(200);
    assert_eq!(status.body["recovery_codes_left"], 9);
    let t = ticket(&app, user).await;
    second(&app, &t, &codes[3]).await.problem(401);
    second(&app, &t, &codes[4]).await.expect(200);
}

async fn wrong_codes_are_throttled_and_tickets_are_single_use_and_bound(app: TestApp) {
    let team = app.team("RBA").await;
    let user = &team.supervisor;
    let (secret, _) = enrol(&app, user).await;
    let t = ticket(&app, user).await;
    second(&app, "not a ticket", &totp::code_at(&secret, now()))
        .await
        .problem(401);
    for wrong in ["111111", "222222", "333333", "444444", "555555"] {
        second(&app, &t, wrong).await.problem(401);
    }
    let r = second(&app, &t, &totp::code_at(&secret, now()))
        .await
        .problem(429);
    assert!(r.header("retry-after").is_some());
    // A partner's API key has no second factor to manage.
    let org = app.partner_org("MFA Partner", &[], &["legal_aid"]).await;
    let key = org.api_key(&app).await;
    app.call(Method::POST, "/api/v1/me/mfa/totp", Some(&key), None)
        .await
        .problem(403);
    app.get("/api/v1/me/mfa", &key).await.problem(403);
    app.get("/api/v1/me/security-events", &key).await.problem(403);
    // Unknown fields are refused and change nothing.
    let other = &team.caseworker;
    app.call(Method::POST, "/api/v1/me/mfa/totp", Some(&other.token), None)
        .await
        .expect(200);
    let r = app
        .post(
            "/api/v1/me/mfa/totp/confirm",
            &other.token,
            json!({"code": "123456", "enabled": true}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["enabled"]);
    assert_eq!(
        app.get("/api/v1/me/mfa", &other.token).await.expect(200).body["enabled"],
        false
    );
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/mfa",
            None,
            Some(json!({"mfa_ticket": t, "code": "123456", "remember": true})),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["remember"]);
}

async fn require_mfa_holds_a_role_to_enrolling_first(app: TestApp) {
    let app = app
        .another(|s| {
            s.require_mfa = "supervisor, admin".into();
            s.trusted_proxies = "127.0.0.1, ::1".into();
        })
        .await;
    let team = app.team("RBA").await;
    let r = app
        .login(&team.supervisor.email, &team.supervisor.password)
        .await
        .expect(200);
    assert_eq!(r.body["mfa_enrolment_required"], true);
    let token = r.body["access_token"].as_str().unwrap().to_string();
    let refused = app.get("/api/v1/migrants", &token).await.problem(403);
    assert_eq!(
        refused.body["type"],
        "urn:migrant-desk:problem:mfa-enrolment-required"
    );
    assert_eq!(
        app.get("/api/v1/me/mfa", &token).await.expect(200).body["required"],
        true
    );
    // A caseworker's role is not listed.
    let r = app
        .login(&team.caseworker.email, &team.caseworker.password)
        .await
        .expect(200);
    assert_eq!(r.body["mfa_enrolment_required"], false);
    // Once enrolled, the same login works.
    let user = TestUser {
        token: token.clone(),
        ..team.supervisor.clone()
    };
    enrol(&app, &user).await;
    app.get("/api/v1/migrants", &token).await.expect(200);
}
