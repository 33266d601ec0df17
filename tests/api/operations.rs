//! Health, metrics, request ids, the OpenAPI document and its offline page.

use actix_web::http::Method;

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(
    health_metrics_and_request_ids,
    openapi_document_describes_every_route_and_docs_work_offline,
    metrics_need_the_token_when_one_is_set,
);

async fn metrics_need_the_token_when_one_is_set(app: TestApp) {
    let token = "a-metrics-token-of-more-than-32-bytes";
    let app = app
        .another(|s| {
            s.metrics_token = Some(token.into());
            s.trusted_proxies = "127.0.0.1, ::1".into();
        })
        .await;
    app.call(Method::GET, "/metrics", None, None).await.problem(404);
    app.call(
        Method::GET,
        "/metrics",
        Some("a-wrong-token-of-more-than-32-bytes"),
        None,
    )
    .await
    .problem(404);
    let r = app
        .call(Method::GET, "/metrics", Some(token), None)
        .await
        .expect(200);
    assert!(r.raw.contains("http_requests_total"));
    // The API documentation and JSON answers carry their policies.
    let docs = app.call(Method::GET, "/api/docs/", None, None).await.expect(200);
    assert_eq!(
        docs.header("content-security-policy").as_deref(),
        Some(migrant_desk::web::headers::DOCS_CSP)
    );
    assert_eq!(docs.header("x-frame-options").as_deref(), Some("DENY"));
}

async fn health_metrics_and_request_ids(app: TestApp) {
    for path in [
        "/health/live",
        "/health/ready",
        "/api/v1/health/live",
        "/api/v1/health/ready",
    ] {
        let r = app.call(Method::GET, path, None, None).await.expect(200);
        assert_eq!(r.body["status"], "ok");
        assert!(
            r.header("x-request-id")
                .is_some_and(|id| uuid::Uuid::parse_str(&id).is_ok())
        );
    }
    app.call(Method::GET, "/api/v1/me", None, None).await.problem(401);
    let t = app.team("RBA").await;
    app.migrant(&t.caseworker.token, "Awa", "Ba").await;
    let r = app.call(Method::GET, "/metrics", None, None).await.expect(200);
    assert!(r.header("content-type").unwrap().starts_with("text/plain"));
    assert!(r.raw.contains("http_requests_total{"), "{}", r.raw);
    assert!(r.raw.contains("route=\"/api/v1/me\""));
    assert!(r.raw.contains("db_pool_connections"));
    assert!(r.raw.contains("write_batch_changes_count"), "{}", r.raw);
}

async fn openapi_document_describes_every_route_and_docs_work_offline(app: TestApp) {
    let r = app
        .call(Method::GET, "/api/openapi.json", None, None)
        .await
        .expect(200);
    let paths = r.body["paths"].as_object().unwrap();
    for p in [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/me/password",
        "/api/v1/offices",
        "/api/v1/offices/{id}",
        "/api/v1/users",
        "/api/v1/users/{id}",
        "/api/v1/audit",
        "/api/v1/audit/verify",
        "/health/live",
        "/health/ready",
        "/metrics",
    ] {
        assert!(paths.contains_key(p), "{p} missing from the OpenAPI document");
    }
    assert!(r.body["components"]["securitySchemes"]["bearer"].is_object());
    let page = app.call(Method::GET, "/api/docs/", None, None).await.expect(200);
    assert!(page.raw.to_lowercase().contains("swagger"));
    // Every script and stylesheet comes from this server.
    for needle in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
        assert!(!page.raw.contains(needle), "the docs page loads {needle}…");
    }
}
