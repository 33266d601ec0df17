//! Services, notes and follow-ups on a case; the to-do list; reference data.

use actix_web::http::Method;
use migrant_desk::auth::Role;
use serde_json::json;

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(
    services_are_recorded_checked_and_changed_with_if_match,
    notes_and_follow_ups_build_a_caseworkers_to_do_list,
    reference_lists_every_code_in_three_languages_for_every_role,
);

async fn services_are_recorded_checked_and_changed_with_if_match(app: TestApp) {
    let t = app.team("RBA").await;
    let org = app.organization("Clinique Juridique").await;
    let m = app.migrant(&t.caseworker.token, "Awa", "Ba").await;
    let case = app.open_case(&t.caseworker.token, &m).await;
    let path = format!("/api/v1/cases/{}/services", case["id"].as_str().unwrap());
    let s = app.post(&path, &t.caseworker.token, json!({"service_type": "maternal_health", "status": "delivered", "date": "2026-02-01", "notes": "First prenatal visit"})).await.expect(201);
    assert_eq!(s.body["provider"], "office");
    assert_eq!(s.body["recorded_by"], t.caseworker.id);
    app.post(
        &path,
        &t.caseworker.token,
        json!({"service_type": "legal_aid", "status": "planned", "date": "2099-01-01", "provider": org}),
    )
    .await
    .expect(201);
    for (body, field) in [
        (
            json!({"service_type": "massage", "status": "planned", "date": "2026-01-01"}),
            "service_type",
        ),
        (
            json!({"service_type": "health", "status": "done", "date": "2026-01-01"}),
            "status",
        ),
        (
            json!({"service_type": "health", "status": "delivered", "date": "2099-01-01"}),
            "date",
        ),
        (
            json!({"service_type": "health", "status": "planned", "date": "2026-01-01", "provider": uuid::Uuid::now_v7().to_string()}),
            "provider",
        ),
        (
            json!({"service_type": "health", "status": "planned", "date": "tomorrow"}),
            "date",
        ),
        (json!({"service_type": "health", "status": "planned"}), "date"),
    ] {
        let r = app
            .post(&path, &t.caseworker.token, body.clone())
            .await
            .problem(422);
        assert_eq!(r.error_fields(), [field], "{body}");
    }
    let list = app.get(&path, &t.supervisor.token).await.expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 2);
    let sid = s.body["id"].as_str().unwrap();
    let spath = format!("/api/v1/services/{sid}");
    let r = app
        .raw(
            Method::PATCH,
            &spath,
            Some(&t.caseworker.token),
            &[("If-Match", "\"1\"")],
            Some((
                "application/json",
                json!({"status": "cancelled", "notes": null}).to_string(),
            )),
        )
        .await
        .expect(200);
    assert_eq!(
        (r.body["status"].as_str(), r.body["version"].as_i64()),
        (Some("cancelled"), Some(2))
    );
    assert!(r.body["notes"].is_null());
    app.raw(
        Method::PATCH,
        &spath,
        Some(&t.caseworker.token),
        &[("If-Match", "\"1\"")],
        Some(("application/json", json!({"status": "planned"}).to_string())),
    )
    .await
    .problem(412);
    let other = app.team("OUJ").await;
    app.patch(&spath, &other.caseworker.token, json!({"status": "planned"}))
        .await
        .problem(404);
    app.post(
        &path,
        &other.caseworker.token,
        json!({"service_type": "health", "status": "planned", "date": "2026-01-01"}),
    )
    .await
    .problem(404);
    for (role, user) in app.one_of_each(&t.office).await {
        if matches!(role, Role::Admin | Role::Manager | Role::Partner) {
            app.patch(&spath, &user.token, json!({"status": "planned"}))
                .await
                .problem(403);
            app.post(
                &path,
                &user.token,
                json!({"service_type": "health", "status": "planned", "date": "2026-01-01"}),
            )
            .await
            .problem(403);
        }
    }
    assert_eq!(app.audit_count("update", Some(sid)).await, 1);
    assert_eq!(app.audit_count("read", Some(sid)).await, 1);
}

async fn notes_and_follow_ups_build_a_caseworkers_to_do_list(app: TestApp) {
    let t = app.team("RBA").await;
    let colleague = app.user(Role::Caseworker, Some(&t.office), None).await;
    let m = app.migrant(&t.caseworker.token, "Awa", "Ba").await;
    let mine = app.open_case(&t.caseworker.token, &m).await;
    let theirs = app.open_case(&colleague.token, &m).await;
    let mine_id = mine["id"].as_str().unwrap();
    let n = app
        .post(
            &format!("/api/v1/cases/{mine_id}/notes"),
            &t.caseworker.token,
            json!({"text": "  Needs an interpreter (Wolof).  "}),
        )
        .await
        .expect(201);
    assert_eq!(n.body["text"], "Needs an interpreter (Wolof).");
    assert_eq!(n.body["author_id"], t.caseworker.id);
    app.post(
        &format!("/api/v1/cases/{mine_id}/notes"),
        &t.caseworker.token,
        json!({"text": "   "}),
    )
    .await
    .problem(422);
    let notes = app
        .get(&format!("/api/v1/cases/{mine_id}/notes"), &t.supervisor.token)
        .await
        .expect(200);
    assert_eq!(notes.body["items"].as_array().unwrap().len(), 1);
    let overdue = app
        .post(
            &format!("/api/v1/cases/{mine_id}/follow-ups"),
            &t.caseworker.token,
            json!({"due_on": "2020-05-01", "description": "Call the clinic"}),
        )
        .await
        .expect(201);
    app.post(
        &format!("/api/v1/cases/{mine_id}/follow-ups"),
        &t.caseworker.token,
        json!({"due_on": "2099-05-01", "description": "Check documents"}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/cases/{}/follow-ups", theirs["id"].as_str().unwrap()),
        &colleague.token,
        json!({"due_on": "2020-06-01", "description": "Visit"}),
    )
    .await
    .expect(201);
    let r = app
        .post(
            &format!("/api/v1/cases/{mine_id}/follow-ups"),
            &t.caseworker.token,
            json!({"due_on": "someday", "description": "x"}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["due_on"]);
    let todo = |q: &'static str, tok: String| {
        let app = &app;
        async move {
            let r = app
                .get(&format!("/api/v1/follow-ups?{q}"), &tok)
                .await
                .expect(200);
            r.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["description"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        todo("assigned_to=me", t.caseworker.token.clone()).await,
        ["Call the clinic", "Check documents"]
    );
    assert_eq!(
        todo("assigned_to=me&due_before=2030-01-01", t.caseworker.token.clone()).await,
        ["Call the clinic"]
    );
    assert_eq!(
        todo("due_before=2030-01-01", t.supervisor.token.clone()).await,
        ["Call the clinic", "Visit"]
    );
    let fid = overdue.body["id"].as_str().unwrap();
    let done = app
        .call(
            Method::POST,
            &format!("/api/v1/follow-ups/{fid}/done"),
            Some(&t.caseworker.token),
            None,
        )
        .await
        .expect(200);
    assert_eq!(done.body["done_by"], t.caseworker.id);
    app.call(
        Method::POST,
        &format!("/api/v1/follow-ups/{fid}/done"),
        Some(&t.caseworker.token),
        None,
    )
    .await
    .problem(409);
    assert_eq!(
        todo("assigned_to=me", t.caseworker.token.clone()).await,
        ["Check documents"]
    );
    let other = app.team("OUJ").await;
    app.call(
        Method::POST,
        &format!("/api/v1/follow-ups/{fid}/done"),
        Some(&other.caseworker.token),
        None,
    )
    .await
    .problem(404);
    assert!(todo("", other.caseworker.token.clone()).await.is_empty());
    let admin = app.admin().await;
    app.get("/api/v1/follow-ups", &admin.token).await.problem(403);
    app.get("/api/v1/follow-ups?due_before=soon", &t.caseworker.token)
        .await
        .problem(422);
}

async fn reference_lists_every_code_in_three_languages_for_every_role(app: TestApp) {
    let office = app.office("RBA").await;
    for (_, user) in app.one_of_each(&office).await {
        let r = app.get("/api/v1/reference", &user.token).await.expect(200);
        for list in [
            "sex",
            "service_type",
            "vulnerability",
            "legal_status",
            "document_type",
            "organization_kind",
            "case_priority",
            "closure_reason",
            "referral_urgency",
            "referral_status",
            "consent_purpose",
            "age_band",
        ] {
            let codes = r.body[list]["codes"]
                .as_array()
                .unwrap_or_else(|| panic!("{list} missing"));
            assert!(
                codes
                    .iter()
                    .all(|c| c["fr"].is_string() && c["ar"].is_string() && c["en"].is_string()),
                "{list}"
            );
        }
        let pregnant = r.body["vulnerability"]["codes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == "pregnant")
            .unwrap();
        assert_eq!(pregnant["standard"], "unhcr:PG");
    }
    app.call(Method::GET, "/api/v1/reference", None, None)
        .await
        .problem(401);
}
