//! Every error is an RFC 9457 problem document, framework rejections included.

use actix_web::http::Method;

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(
    unknown_routes_and_wrong_methods_are_problems,
    bodies_that_are_not_json_or_too_large_are_refused,
    unreadable_json_is_a_bad_request_and_changes_nothing,
    authentication_and_role_are_checked_before_the_body,
    bidirectional_controls_are_refused_in_names,
);

/// Issue 19: U+202E and the other bidi controls were accepted in names and
/// organisation or office names, and reversed the text after them on pages.
async fn bidirectional_controls_are_refused_in_names(app: TestApp) {
    let t = app.team("RBA").await;
    let admin = app.admin().await;
    for name in ["Awa\u{202E}ab", "\u{2067}Ba\u{2069}", "Di\u{200F}op"] {
        let r = app
            .post(
                "/api/v1/migrants",
                &t.caseworker.token,
                serde_json::json!({"given_name": name, "family_name": "Ba", "sex": "female"}),
            )
            .await
            .problem(422);
        assert_eq!(r.error_fields(), ["given_name"]);
        let r = app
            .post(
                "/api/v1/organizations",
                &admin.token,
                serde_json::json!({"name": name, "kind": "ngo", "services": ["health"],
                                   "offices_served": [t.office], "languages": ["fr"]}),
            )
            .await
            .problem(422);
        assert_eq!(r.error_fields(), ["name"]);
        let r = app
            .post(
                "/api/v1/offices",
                &admin.token,
                serde_json::json!({"code": "KLK", "name": name, "city": "Kaolack", "country": "SN"}),
            )
            .await
            .problem(422);
        assert_eq!(r.error_fields(), ["name"]);
    }
    let list = app.get("/api/v1/migrants", &t.caseworker.token).await.expect(200);
    assert_eq!(
        list.body["items"].as_array().unwrap().len(),
        0,
        "nothing was saved"
    );
}

async fn unknown_routes_and_wrong_methods_are_problems(app: TestApp) {
    let admin = app.admin().await;
    app.get("/api/v1/nothing-here", &admin.token).await.problem(404);
    // Outside /api a browser gets an HTML page (issue 20, point 14).
    let page = app.call(Method::GET, "/definitely/not/here", None, None).await;
    assert_eq!(page.status.as_u16(), 404);
    assert!(page.header("content-type").unwrap().starts_with("text/html"));
    let r = app
        .call(Method::DELETE, "/api/v1/offices", Some(&admin.token), None)
        .await
        .problem(405);
    assert!(r.header("allow").is_some());
    app.call(Method::PUT, "/api/v1/me", Some(&admin.token), None)
        .await
        .problem(405);
}

async fn bodies_that_are_not_json_or_too_large_are_refused(app: TestApp) {
    let admin = app.admin().await;
    let body = r#"{"code":"RBA","name":"n","city":"c","country":"MA"}"#.to_string();
    app.raw(
        Method::POST,
        "/api/v1/offices",
        Some(&admin.token),
        &[],
        Some(("text/plain", body.clone())),
    )
    .await
    .problem(415);
    app.raw(Method::POST, "/api/v1/offices", Some(&admin.token), &[], None)
        .await
        .problem(415);
    let huge = format!(
        r#"{{"code":"RBA","name":"{}","city":"c","country":"MA"}}"#,
        "x".repeat(1024 * 1024 + 10)
    );
    app.raw(
        Method::POST,
        "/api/v1/offices",
        Some(&admin.token),
        &[],
        Some(("application/json", huge)),
    )
    .await
    .problem(413);
    // application/*+json is JSON too.
    app.raw(
        Method::POST,
        "/api/v1/offices",
        Some(&admin.token),
        &[],
        Some(("application/merge-patch+json; charset=utf-8", body)),
    )
    .await
    .expect(201);
}

async fn unreadable_json_is_a_bad_request_and_changes_nothing(app: TestApp) {
    let admin = app.admin().await;
    for bad in [r#"{"code":"RBA","#, "", "nul", r#"{"code":"RBA"}}"#] {
        let r = app
            .raw(
                Method::POST,
                "/api/v1/offices",
                Some(&admin.token),
                &[],
                Some(("application/json", bad.to_string())),
            )
            .await
            .problem(400);
        // Never a stack trace, SQL or internal path.
        for leak in ["panicked", "SELECT", "INSERT", "/src/", "diesel"] {
            assert!(!r.raw.contains(leak), "{leak} in {}", r.raw);
        }
    }
    let r = app
        .raw(
            Method::POST,
            "/api/v1/offices",
            Some(&admin.token),
            &[],
            Some(("application/json", "[1,2]".into())),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["body"]);
    let list = app.get("/api/v1/offices", &admin.token).await.expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 0);
}

async fn authentication_and_role_are_checked_before_the_body(app: TestApp) {
    let office = app.office("RBA").await;
    let cw = app
        .user(migrant_desk::auth::Role::Caseworker, Some(&office), None)
        .await;
    let bad = Some(("application/json", r#"{"nope": 1}"#.to_string()));
    app.raw(Method::POST, "/api/v1/offices", None, &[], bad.clone())
        .await
        .problem(401);
    app.raw(Method::POST, "/api/v1/offices", Some(&cw.token), &[], bad.clone())
        .await
        .problem(403);
    app.raw(
        Method::POST,
        "/api/v1/offices",
        Some(&cw.token),
        &[],
        Some(("text/plain", "x".into())),
    )
    .await
    .problem(403);
    app.raw(Method::GET, "/api/v1/users?bogus=1", Some(&cw.token), &[], None)
        .await
        .problem(403);
    app.raw(Method::GET, "/api/v1/migrants?bogus=1", None, &[], None)
        .await
        .problem(401);
}
