//! `/cases`: numbering, lifecycle, assignment, transfer, scope.

use actix_web::http::Method;
use migrant_desk::auth::Role;
use serde_json::json;

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(
    cases_are_numbered_per_office_and_year_even_when_opened_concurrently,
    a_case_is_assigned_closed_and_reopened_by_the_right_people,
    a_transfer_moves_the_case_and_its_migrant_and_the_old_office_loses_access,
    a_transfer_moves_referrals_follow_ups_notes_and_attention_with_the_case,
    only_office_staff_of_the_case_office_reach_cases,
    case_lists_filter_by_status_assignee_priority_and_overdue_follow_ups,
    invalid_case_input_is_named_and_changes_nothing,
);

async fn cases_are_numbered_per_office_and_year_even_when_opened_concurrently(app: TestApp) {
    let t = app.team("RBA").await;
    let other = app.team("OUJ").await;
    let m = app.migrant(&t.caseworker.token, "Awa", "Ba").await;
    let opens: Vec<_> = (0..8)
        .map(|_| app.post("/api/v1/cases", &t.caseworker.token, json!({"migrant_id": m})))
        .collect();
    let results = futures_util::future::join_all(opens).await;
    let mut numbers: Vec<String> = results
        .iter()
        .map(|r| r.body["case_number"].as_str().expect("case_number").to_string())
        .collect();
    numbers.sort();
    let year = chrono::Utc::now().format("%Y").to_string();
    let expected: Vec<String> = (1..=8).map(|n| format!("RBA-{year}-{n:06}")).collect();
    assert_eq!(numbers, expected);
    let om = app.migrant(&other.caseworker.token, "Fatou", "Sarr").await;
    let c = app.open_case(&other.caseworker.token, &om).await;
    assert_eq!(c["case_number"], format!("OUJ-{year}-000001"));
    assert_eq!(c["status"], "open");
    assert_eq!(c["priority"], "normal");
    assert_eq!(
        c["assigned_to"], other.caseworker.id,
        "a caseworker's new case is theirs"
    );
}

async fn a_case_is_assigned_closed_and_reopened_by_the_right_people(app: TestApp) {
    let t = app.team("RBA").await;
    let colleague = app.user(Role::Caseworker, Some(&t.office), None).await;
    let m = app.migrant(&t.caseworker.token, "Awa", "Ba").await;
    let case = app.open_case(&t.supervisor.token, &m).await;
    let id = case["id"].as_str().unwrap();
    assert!(case["assigned_to"].is_null());
    // Only supervisors assign; only to staff of the office.
    app.post(
        &format!("/api/v1/cases/{id}/assign"),
        &t.caseworker.token,
        json!({"user_id": t.caseworker.id}),
    )
    .await
    .problem(403);
    let outsider = app.team("OUJ").await;
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/assign"),
            &t.supervisor.token,
            json!({"user_id": outsider.caseworker.id}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["user_id"]);
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/assign"),
            &t.supervisor.token,
            json!({"user_id": t.caseworker.id}),
        )
        .await
        .expect(200);
    assert_eq!(r.body["assigned_to"], t.caseworker.id);
    // A caseworker closes only their own cases.
    app.post(
        &format!("/api/v1/cases/{id}/close"),
        &colleague.token,
        json!({"reason": "resolved"}),
    )
    .await
    .problem(403);
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/close"),
            &t.caseworker.token,
            json!({"reason": "not_a_reason"}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["reason"]);
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/close"),
            &t.caseworker.token,
            json!({"reason": "resolved"}),
        )
        .await
        .expect(200);
    assert_eq!(
        (r.body["status"].as_str(), r.body["closure_reason"].as_str()),
        (Some("closed"), Some("resolved"))
    );
    assert!(r.body["closed_at"].is_string());
    app.post(
        &format!("/api/v1/cases/{id}/close"),
        &t.caseworker.token,
        json!({"reason": "resolved"}),
    )
    .await
    .problem(409);
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/cases/{id}/reopen"),
            Some(&t.supervisor.token),
            None,
        )
        .await
        .expect(200);
    assert_eq!(r.body["status"], "open");
    assert!(r.body["closed_at"].is_null());
    app.call(
        Method::POST,
        &format!("/api/v1/cases/{id}/reopen"),
        Some(&t.supervisor.token),
        None,
    )
    .await
    .problem(409);
    let r = app
        .patch(
            &format!("/api/v1/cases/{id}"),
            &t.caseworker.token,
            json!({"priority": "urgent", "summary": "Pregnant, no shelter"}),
        )
        .await
        .expect(200);
    assert_eq!(r.body["priority"], "urgent");
    assert_eq!(app.audit_count("update", Some(id)).await, 4);
}

async fn a_transfer_moves_the_case_and_its_migrant_and_the_old_office_loses_access(app: TestApp) {
    let rba = app.team("RBA").await;
    let ouj = app.team("OUJ").await;
    let m = app.migrant(&rba.caseworker.token, "Awa", "Ba").await;
    let case = app.open_case(&rba.caseworker.token, &m).await;
    let id = case["id"].as_str().unwrap();
    app.post(
        &format!("/api/v1/cases/{id}/transfer"),
        &rba.caseworker.token,
        json!({"office_id": ouj.office}),
    )
    .await
    .problem(403);
    app.post(
        &format!("/api/v1/cases/{id}/transfer"),
        &rba.supervisor.token,
        json!({"office_id": rba.office}),
    )
    .await
    .problem(409);
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/transfer"),
            &rba.supervisor.token,
            json!({"office_id": uuid::Uuid::now_v7()}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["office_id"]);
    let r = app
        .post(
            &format!("/api/v1/cases/{id}/transfer"),
            &rba.supervisor.token,
            json!({"office_id": ouj.office}),
        )
        .await
        .expect(200);
    assert_eq!(r.body["office_id"], ouj.office);
    assert!(r.body["assigned_to"].is_null());
    app.get(&format!("/api/v1/cases/{id}"), &rba.caseworker.token)
        .await
        .problem(404);
    app.get(&format!("/api/v1/migrants/{m}"), &rba.caseworker.token)
        .await
        .problem(404);
    let moved = app
        .get(&format!("/api/v1/migrants/{m}"), &ouj.caseworker.token)
        .await
        .expect(200);
    assert_eq!(moved.body["office_id"], ouj.office);
    app.get(&format!("/api/v1/cases/{id}"), &ouj.caseworker.token)
        .await
        .expect(200);
    // Both supervisors see the transfer in their office's trail.
    for sup in [&rba.supervisor, &ouj.supervisor] {
        let trail = app
            .get(&format!("/api/v1/audit?entity_id={id}"), &sup.token)
            .await
            .expect(200);
        assert!(
            trail.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["action"] == "transfer")
        );
    }
}

async fn a_transfer_moves_referrals_follow_ups_notes_and_attention_with_the_case(app: TestApp) {
    let rba = app.team("RBA").await;
    let ouj = app.team("OUJ").await;
    let org = app
        .partner_org("Association Accueil", &[&rba.office, &ouj.office], &["legal_aid"])
        .await;
    let body = json!({"given_name": "Awa", "family_name": "Ba", "sex": "female",
        "consents": [{"purpose": "registration", "given": true}, {"purpose": "referral", "given": true}]});
    let m = app.register(&rba.caseworker.token, body).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let case = app.open_case(&rba.caseworker.token, &m).await;
    let id = case["id"].as_str().unwrap();
    let referral = app
        .post(
            &format!("/api/v1/cases/{id}/referrals"),
            &rba.caseworker.token,
            json!({"organization_id": org.id, "service_type": "legal_aid", "reason": "Residence papers", "urgency": "normal"}),
        )
        .await
        .expect(201)
        .body;
    let rid = referral["id"].as_str().unwrap();
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Duration::days(2)).to_string();
    app.post(
        &format!("/api/v1/cases/{id}/follow-ups"),
        &rba.caseworker.token,
        json!({"due_on": yesterday, "description": "Call back about the appointment"}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/cases/{id}/notes"),
        &rba.caseworker.token,
        json!({"text": "Came with her sister"}),
    )
    .await
    .expect(201);
    let listed = |r: &crate::harness::Reply, key: &str, value: &str| {
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i[key] == value)
    };
    let before = app
        .get("/api/v1/attention", &rba.supervisor.token)
        .await
        .expect(200);
    assert!(
        listed(&before, "case_id", id),
        "the overdue follow-up is on RBA's list"
    );

    app.post(
        &format!("/api/v1/cases/{id}/transfer"),
        &rba.supervisor.token,
        json!({"office_id": ouj.office}),
    )
    .await
    .expect(200);

    // The referral moved with its case: the old office neither lists, reads
    // nor cancels it; the new one does; the partner can still act on it.
    let old = app
        .get("/api/v1/referrals", &rba.caseworker.token)
        .await
        .expect(200);
    assert!(!listed(&old, "id", rid));
    app.get(&format!("/api/v1/referrals/{rid}"), &rba.caseworker.token)
        .await
        .problem(404);
    app.post(
        &format!("/api/v1/referrals/{rid}/cancel"),
        &rba.supervisor.token,
        json!({"reason": "moved"}),
    )
    .await
    .problem(404);
    let new = app
        .get("/api/v1/referrals", &ouj.caseworker.token)
        .await
        .expect(200);
    assert!(listed(&new, "id", rid));
    let r = app
        .get(&format!("/api/v1/referrals/{rid}"), &ouj.caseworker.token)
        .await
        .expect(200);
    assert_eq!(r.body["office_id"], ouj.office);
    app.post(
        &format!("/api/v1/referrals/{rid}/accept"),
        &org.user.token,
        json!({}),
    )
    .await
    .expect(200);

    // Follow-ups and notes follow the case; so does the attention item.
    let f = app
        .get(&format!("/api/v1/cases/{id}/follow-ups"), &ouj.caseworker.token)
        .await
        .expect(200);
    assert_eq!(f.body["items"].as_array().unwrap().len(), 1);
    let n = app
        .get(&format!("/api/v1/cases/{id}/notes"), &ouj.caseworker.token)
        .await
        .expect(200);
    assert_eq!(n.body["items"][0]["text"], "Came with her sister");
    app.get(&format!("/api/v1/cases/{id}/notes"), &rba.caseworker.token)
        .await
        .problem(404);
    let old = app
        .get("/api/v1/attention", &rba.supervisor.token)
        .await
        .expect(200);
    assert!(
        !listed(&old, "migrant_id", &m),
        "nothing about her is left in RBA"
    );
    let new = app
        .get("/api/v1/attention", &ouj.supervisor.token)
        .await
        .expect(200);
    assert!(listed(&new, "case_id", id));
}

async fn only_office_staff_of_the_case_office_reach_cases(app: TestApp) {
    let t = app.team("RBA").await;
    let other = app.team("OUJ").await;
    let m = app.migrant(&t.caseworker.token, "Awa", "Ba").await;
    let case = app.open_case(&t.caseworker.token, &m).await;
    let id = case["id"].as_str().unwrap();
    let actions = [
        (Method::GET, format!("/api/v1/cases/{id}"), None),
        (
            Method::PATCH,
            format!("/api/v1/cases/{id}"),
            Some(json!({"priority": "high"})),
        ),
        (
            Method::POST,
            format!("/api/v1/cases/{id}/close"),
            Some(json!({"reason": "resolved"})),
        ),
        (Method::POST, format!("/api/v1/cases/{id}/reopen"), None),
        (Method::GET, format!("/api/v1/cases/{id}/services"), None),
        (Method::GET, format!("/api/v1/cases/{id}/notes"), None),
        (Method::GET, format!("/api/v1/cases/{id}/follow-ups"), None),
        (
            Method::POST,
            format!("/api/v1/cases/{id}/notes"),
            Some(json!({"text": "x"})),
        ),
    ];
    for (m, p, b) in &actions {
        app.call(m.clone(), p, Some(&other.supervisor.token), b.clone())
            .await
            .problem(404);
    }
    app.post(
        &format!("/api/v1/cases/{id}/assign"),
        &other.supervisor.token,
        json!({"user_id": other.caseworker.id}),
    )
    .await
    .problem(404);
    app.post("/api/v1/cases", &other.caseworker.token, json!({"migrant_id": m}))
        .await
        .problem(422);
    for (role, user) in app.one_of_each(&t.office).await {
        if matches!(role, Role::Supervisor | Role::Caseworker) {
            continue;
        }
        app.get("/api/v1/cases", &user.token).await.problem(403);
        app.post("/api/v1/cases", &user.token, json!({"migrant_id": m}))
            .await
            .problem(403);
        for (m, p, b) in &actions {
            app.call(m.clone(), p, Some(&user.token), b.clone())
                .await
                .problem(403);
        }
    }
    let r = app
        .get(&format!("/api/v1/cases/{id}"), &t.caseworker.token)
        .await
        .expect(200);
    assert_eq!(
        (r.body["status"].as_str(), r.body["priority"].as_str()),
        (Some("open"), Some("normal"))
    );
}

async fn case_lists_filter_by_status_assignee_priority_and_overdue_follow_ups(app: TestApp) {
    let t = app.team("RBA").await;
    let m = app.migrant(&t.caseworker.token, "Awa", "Ba").await;
    let mine = app.open_case(&t.caseworker.token, &m).await;
    let theirs = app
        .post(
            "/api/v1/cases",
            &t.supervisor.token,
            json!({"migrant_id": m, "priority": "urgent"}),
        )
        .await
        .expect(201)
        .body;
    let closed = app.open_case(&t.caseworker.token, &m).await;
    app.post(
        &format!("/api/v1/cases/{}/close", closed["id"].as_str().unwrap()),
        &t.caseworker.token,
        json!({"reason": "moved_away"}),
    )
    .await
    .expect(200);
    app.post(
        &format!("/api/v1/cases/{}/follow-ups", mine["id"].as_str().unwrap()),
        &t.caseworker.token,
        json!({"due_on": "2020-01-01", "description": "Call back"}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/cases/{}/follow-ups", theirs["id"].as_str().unwrap()),
        &t.caseworker.token,
        json!({"due_on": "2099-01-01", "description": "Later"}),
    )
    .await
    .expect(201);
    let ids = |q: &str| {
        let q = q.to_string();
        let tok = t.caseworker.token.clone();
        let app = &app;
        async move {
            let r = app.get(&format!("/api/v1/cases?{q}"), &tok).await.expect(200);
            r.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    let id = |v: &serde_json::Value| v["id"].as_str().unwrap().to_string();
    assert_eq!(ids("status=closed").await, [id(&closed)]);
    assert_eq!(ids("assigned_to=me&status=open").await, [id(&mine)]);
    assert_eq!(ids("priority=urgent").await, [id(&theirs)]);
    assert_eq!(ids("overdue=true").await, [id(&mine)]);
    assert_eq!(ids(&format!("migrant_id={m}")).await.len(), 3);
    let r = app
        .get("/api/v1/cases?status=pending", &t.caseworker.token)
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["status"]);
    let r = app
        .get("/api/v1/cases?assigned_to=someone", &t.caseworker.token)
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["assigned_to"]);
}

async fn invalid_case_input_is_named_and_changes_nothing(app: TestApp) {
    let t = app.team("RBA").await;
    let m = app.migrant(&t.caseworker.token, "Awa", "Ba").await;
    for (body, field) in [
        (json!({"migrant_id": m, "priority": "asap"}), "priority"),
        (json!({"migrant_id": uuid::Uuid::now_v7()}), "migrant_id"),
        (json!({"migrant_id": m, "case_number": "RBA-1"}), "case_number"),
        (json!({"migrant_id": m, "status": "closed"}), "status"),
        (json!({}), "migrant_id"),
    ] {
        let r = app
            .post("/api/v1/cases", &t.caseworker.token, body.clone())
            .await
            .problem(422);
        assert_eq!(r.error_fields(), [field], "{body}");
    }
    // A caseworker cannot open a case assigned to someone else.
    app.post(
        "/api/v1/cases",
        &t.caseworker.token,
        json!({"migrant_id": m, "assigned_to": t.supervisor.id}),
    )
    .await
    .problem(403);
    let list = app.get("/api/v1/cases", &t.caseworker.token).await.expect(200);
    assert!(list.body["items"].as_array().unwrap().is_empty());
    let case = app.open_case(&t.caseworker.token, &m).await;
    let id = case["id"].as_str().unwrap();
    app.patch(
        &format!("/api/v1/cases/{id}"),
        &t.caseworker.token,
        json!({"priority": "asap"}),
    )
    .await
    .problem(422);
    app.patch(
        &format!("/api/v1/cases/{id}"),
        &t.caseworker.token,
        json!({"status": "closed"}),
    )
    .await
    .problem(422);
    app.raw(
        Method::PATCH,
        &format!("/api/v1/cases/{id}"),
        Some(&t.caseworker.token),
        &[("If-Match", "\"7\"")],
        Some(("application/json", json!({"priority": "low"}).to_string())),
    )
    .await
    .problem(412);
    let r = app
        .get(&format!("/api/v1/cases/{id}"), &t.caseworker.token)
        .await
        .expect(200);
    assert_eq!(
        (r.body["priority"].as_str(), r.body["version"].as_i64()),
        (Some("normal"), Some(1))
    );
}
