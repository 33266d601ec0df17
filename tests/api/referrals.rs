//! Referrals between the office and partner associations: creation checks,
//! the partner view field by field, the status machine, partner-recorded
//! services, overdue referrals, API keys, and the role × object matrix.

use actix_web::http::Method;
use diesel::RunQueryDsl;
use migrant_desk::auth::Role;
use serde_json::{Value, json};

use crate::harness::{OfficeTeam, PartnerOrg, TestApp};
use crate::on_both_backends;

on_both_backends!(
    a_referral_needs_consent_an_active_organisation_that_offers_the_service_and_serves_the_office,
    the_partner_sees_only_the_minimal_view_and_what_the_referral_shares,
    the_status_machine_allows_only_the_documented_transitions_by_the_right_party,
    concurrent_transitions_have_exactly_one_winner,
    partner_b_never_sees_or_changes_what_is_addressed_to_partner_a,
    overdue_referrals_are_listed_and_counted_per_organisation,
    api_keys_act_for_the_organisation_until_revoked,
);

pub struct Setup {
    pub team: OfficeTeam,
    pub a: PartnerOrg,
    pub migrant: String,
    pub case: String,
}

pub async fn setup(app: &TestApp) -> Setup {
    let team = app.team("RBA").await;
    let a = app
        .partner_org(
            "Clinique Juridique Hijra",
            &[&team.office],
            &["legal_aid", "documentation"],
        )
        .await;
    let body = json!({
        "given_name": "Aminata", "family_name": "Diallo", "sex": "female", "birth_date": "1990-03-02",
        "nationality": "GN", "languages": ["fr", "ff"], "phone": "+212 600 000 001", "district": "Takaddoum",
        "legal_status": "irregular", "vulnerabilities": ["pregnant"],
        "documents": [{"type": "passport", "number": "GN999"}],
        "consents": [{"purpose": "registration", "given": true}, {"purpose": "referral", "given": true},
                     {"purpose": "share_contact", "given": true}]
    });
    let migrant = app.register(&team.caseworker.token, body).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let case = app.open_case(&team.caseworker.token, &migrant).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    Setup {
        team,
        a,
        migrant,
        case,
    }
}

fn referral(org: &str) -> Value {
    json!({"organization_id": org, "service_type": "legal_aid", "reason": "Needs help with her residence application", "urgency": "normal"})
}

async fn refer(app: &TestApp, s: &Setup, body: Value) -> Value {
    app.post(
        &format!("/api/v1/cases/{}/referrals", s.case),
        &s.team.caseworker.token,
        body,
    )
    .await
    .expect(201)
    .body
}

async fn a_referral_needs_consent_an_active_organisation_that_offers_the_service_and_serves_the_office(
    app: TestApp,
) {
    let s = setup(&app).await;
    let path = format!("/api/v1/cases/{}/referrals", s.case);
    let tok = &s.team.caseworker.token;
    let r = refer(&app, &s, referral(&s.a.id)).await;
    assert_eq!(r["status"], "pending");
    assert_eq!(r["case_id"], s.case);
    let created = chrono::DateTime::parse_from_rfc3339(r["created_at"].as_str().unwrap()).unwrap();
    let respond_by = chrono::DateTime::parse_from_rfc3339(r["respond_by"].as_str().unwrap()).unwrap();
    assert_eq!((respond_by - created).num_hours(), 14 * 24);
    assert_eq!(r["history"][0]["status"], "pending");
    assert_eq!(r["history"][0]["by"], s.team.caseworker.id);
    let mut emergency = referral(&s.a.id);
    emergency["urgency"] = json!("emergency");
    let e = refer(&app, &s, emergency).await;
    let d = chrono::DateTime::parse_from_rfc3339(e["respond_by"].as_str().unwrap()).unwrap()
        - chrono::DateTime::parse_from_rfc3339(e["created_at"].as_str().unwrap()).unwrap();
    assert_eq!(d.num_hours(), 24);
    let other_office = app.office("OUJ").await;
    let elsewhere = app
        .partner_org("Espace Emploi Oujda", &[&other_office], &["legal_aid"])
        .await;
    let inactive = app
        .partner_org("Closed Association", &[&s.team.office], &["legal_aid"])
        .await;
    let admin = app.admin().await;
    app.patch(
        &format!("/api/v1/organizations/{}", inactive.id),
        &admin.token,
        json!({"active": false}),
    )
    .await
    .expect(200);
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"organization_id": s.a.id, "service_type": "employment", "reason": "x", "urgency": "normal"}),
            "service_type",
        ),
        (referral(&elsewhere.id), "organization_id"),
        (referral(&inactive.id), "organization_id"),
        (referral(&uuid::Uuid::now_v7().to_string()), "organization_id"),
        (
            json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": "x", "urgency": "whenever"}),
            "urgency",
        ),
        (
            json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": " ", "urgency": "normal"}),
            "reason",
        ),
        (
            json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": "x", "urgency": "normal", "share": ["legal_status"]}),
            "share[0]",
        ),
        (
            json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": "x", "urgency": "normal", "respond_by": "2020-01-01T00:00:00Z"}),
            "respond_by",
        ),
        (
            json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": "x", "urgency": "normal", "status": "accepted"}),
            "status",
        ),
    ];
    for (body, field) in cases {
        let r = app.post(&path, tok, body.clone()).await.problem(422);
        assert!(
            r.error_fields().contains(&field.to_string()),
            "{body}: {:?}",
            r.error_fields()
        );
    }
    // Withdrawn consent blocks new referrals; phone needs share_contact.
    app.post(
        &format!("/api/v1/migrants/{}/consents", s.migrant),
        tok,
        json!({"purpose": "share_contact", "given": false}),
    )
    .await
    .expect(201);
    let mut with_phone = referral(&s.a.id);
    with_phone["share"] = json!(["phone"]);
    let r = app.post(&path, tok, with_phone).await.problem(422);
    assert_eq!(r.error_fields(), ["share"]);
    app.post(
        &format!("/api/v1/migrants/{}/consents", s.migrant),
        tok,
        json!({"purpose": "referral", "given": false}),
    )
    .await
    .expect(201);
    let r = app.post(&path, tok, referral(&s.a.id)).await.problem(422);
    assert_eq!(r.error_fields(), ["consent"]);
    let list = app.get(&path, tok).await.expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 2);
    // A closed case takes no referral.
    app.post(
        &format!("/api/v1/migrants/{}/consents", s.migrant),
        tok,
        json!({"purpose": "referral", "given": true}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/cases/{}/close", s.case),
        tok,
        json!({"reason": "resolved"}),
    )
    .await
    .expect(200);
    app.post(&path, tok, referral(&s.a.id)).await.problem(409);
}

async fn the_partner_sees_only_the_minimal_view_and_what_the_referral_shares(app: TestApp) {
    let s = setup(&app).await;
    let minimal = refer(&app, &s, referral(&s.a.id)).await;
    let mut full = referral(&s.a.id);
    full["share"] = json!([
        "family_name",
        "phone",
        "birth_date",
        "nationality",
        "vulnerabilities"
    ]);
    let shared = refer(&app, &s, full).await;
    let get = |id: &Value| {
        let path = format!("/api/v1/referrals/{}", id.as_str().unwrap());
        let tok = s.a.user.token.clone();
        let app = &app;
        async move { app.get(&path, &tok).await.expect(200) }
    };
    let r = get(&minimal["id"]).await;
    let m = r.body["migrant"].as_object().unwrap();
    let mut keys: Vec<&str> = m.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["age", "given_name", "languages", "sex"]);
    assert_eq!(m["given_name"], "Aminata");
    assert!(m["age"].as_i64().unwrap() >= 35);
    for hidden in ["case_id", "migrant_id"] {
        assert!(r.body.get(hidden).is_none(), "{hidden} shown to a partner");
    }
    for secret in [
        "Diallo",
        "irregular",
        "GN999",
        "Takaddoum",
        "600 000 001",
        "pregnant",
        "1990-03-02",
    ] {
        assert!(!r.raw.contains(secret), "{secret} shown to a partner");
    }
    let r = get(&shared["id"]).await;
    let m = &r.body["migrant"];
    assert_eq!(m["family_name"], "Diallo");
    assert_eq!(m["phone"], "+212 600 000 001");
    assert_eq!(m["birth_date"], "1990-03-02");
    assert_eq!(m["nationality"], "GN");
    assert_eq!(m["vulnerabilities"], json!(["pregnant"]));
    assert!(!r.raw.contains("irregular") && !r.raw.contains("GN999") && !r.raw.contains("Takaddoum"));
    // Withdrawing share_contact hides the phone on the next read.
    app.post(
        &format!("/api/v1/migrants/{}/consents", s.migrant),
        &s.team.caseworker.token,
        json!({"purpose": "share_contact", "given": false}),
    )
    .await
    .expect(201);
    let r = get(&shared["id"]).await;
    assert!(r.body["migrant"].get("phone").is_none());
    assert_eq!(r.body["migrant"]["family_name"], "Diallo");
    // The office sees ids, not the partner view.
    let o = app
        .get(
            &format!("/api/v1/referrals/{}", shared["id"].as_str().unwrap()),
            &s.team.caseworker.token,
        )
        .await
        .expect(200);
    assert_eq!(o.body["migrant_id"], s.migrant);
    assert!(o.body.get("migrant").is_none());
}

async fn the_status_machine_allows_only_the_documented_transitions_by_the_right_party(app: TestApp) {
    let s = setup(&app).await;
    let r = refer(&app, &s, referral(&s.a.id)).await;
    let id = r["id"].as_str().unwrap();
    let p = |action: &str| format!("/api/v1/referrals/{id}/{action}");
    let partner = &s.a.user.token;
    let office = &s.team.caseworker.token;
    // The office cannot act in the partner's place, nor the partner in the office's.
    app.call(Method::POST, &p("accept"), Some(office), None)
        .await
        .problem(403);
    app.post(&p("complete"), office, json!({"outcome": "done"}))
        .await
        .problem(403);
    app.post(&p("cancel"), partner, json!({"reason": "no"}))
        .await
        .problem(403);
    app.post(
        &p("services"),
        partner,
        json!({"service_type": "legal_aid", "status": "delivered", "date": "2026-01-02"}),
    )
    .await
    .problem(409);
    app.post(&p("complete"), partner, json!({"outcome": "done"}))
        .await
        .problem(409);
    let a = app
        .call(Method::POST, &p("accept"), Some(partner), None)
        .await
        .expect(200);
    assert_eq!(a.body["status"], "accepted");
    app.call(Method::POST, &p("accept"), Some(partner), None)
        .await
        .problem(409);
    app.post(&p("decline"), partner, json!({"reason": "full"}))
        .await
        .problem(409);
    let svc = app
        .post(&p("services"), partner, json!({"service_type": "legal_aid", "status": "delivered", "date": "2026-01-02", "notes": "Residence file submitted"}))
        .await
        .expect(201);
    assert_eq!(svc.body["provider"], s.a.id);
    let services = app
        .get(&format!("/api/v1/cases/{}/services", s.case), office)
        .await
        .expect(200);
    assert!(
        services.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["provider"] == s.a.id)
    );
    let r = app.post(&p("complete"), partner, json!({})).await.problem(422);
    assert_eq!(r.error_fields(), ["outcome"]);
    let done = app
        .post(
            &p("complete"),
            partner,
            json!({"outcome": "Residence card obtained"}),
        )
        .await
        .expect(200);
    let history = done.body["history"].as_array().unwrap();
    let statuses: Vec<&str> = history.iter().map(|h| h["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["pending", "accepted", "completed"]);
    assert_eq!(history[2]["outcome"], "Residence card obtained");
    assert_eq!(history[1]["by"], s.a.user.id);
    app.post(&p("cancel"), office, json!({"reason": "x"}))
        .await
        .problem(409);
    // Decline and cancel need a reason; cancel works from pending.
    let r2 = refer(&app, &s, referral(&s.a.id)).await;
    let id2 = r2["id"].as_str().unwrap();
    let r = app
        .post(&format!("/api/v1/referrals/{id2}/decline"), partner, json!({}))
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["reason"]);
    let d = app
        .post(
            &format!("/api/v1/referrals/{id2}/decline"),
            partner,
            json!({"reason": "No capacity this month"}),
        )
        .await
        .expect(200);
    assert_eq!(d.body["history"][1]["reason"], "No capacity this month");
    let r3 = refer(&app, &s, referral(&s.a.id)).await;
    let id3 = r3["id"].as_str().unwrap();
    app.post(&format!("/api/v1/referrals/{id3}/cancel"), office, json!({}))
        .await
        .problem(422);
    app.post(
        &format!("/api/v1/referrals/{id3}/cancel"),
        office,
        json!({"reason": "Moved to Oujda"}),
    )
    .await
    .expect(200);
    app.call(
        Method::POST,
        &format!("/api/v1/referrals/{id3}/accept"),
        Some(partner),
        None,
    )
    .await
    .problem(409);
    assert_eq!(app.audit_count("transition", Some(id)).await, 2);
}

async fn concurrent_transitions_have_exactly_one_winner(app: TestApp) {
    let s = setup(&app).await;
    let r = refer(&app, &s, referral(&s.a.id)).await;
    let id = r["id"].as_str().unwrap();
    let mut tries = Vec::new();
    for i in 0..6 {
        let (path, body) = if i % 2 == 0 {
            (format!("/api/v1/referrals/{id}/accept"), None)
        } else {
            (
                format!("/api/v1/referrals/{id}/decline"),
                Some(json!({"reason": "busy"})),
            )
        };
        tries.push(async move { (path, body) });
    }
    let calls: Vec<_> = futures_util::future::join_all(tries)
        .await
        .into_iter()
        .map(|(path, body)| {
            let tok = s.a.user.token.clone();
            let app = &app;
            async move { app.call(Method::POST, &path, Some(&tok), body).await }
        })
        .collect();
    let results = futures_util::future::join_all(calls).await;
    let won = results.iter().filter(|r| r.status.as_u16() == 200).count();
    assert_eq!(
        won,
        1,
        "{:?}",
        results.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert!(
        results
            .iter()
            .filter(|r| r.status.as_u16() != 200)
            .all(|r| r.status.as_u16() == 409)
    );
    let final_state = app
        .get(&format!("/api/v1/referrals/{id}"), &s.team.caseworker.token)
        .await
        .expect(200);
    assert_eq!(final_state.body["history"].as_array().unwrap().len(), 2);
}

async fn partner_b_never_sees_or_changes_what_is_addressed_to_partner_a(app: TestApp) {
    let s = setup(&app).await;
    let b = app
        .partner_org("Conseil des Migrants", &[&s.team.office], &["legal_aid"])
        .await;
    let r = refer(&app, &s, referral(&s.a.id)).await;
    let id = r["id"].as_str().unwrap();
    let inbox_b = app.get("/api/v1/referrals", &b.user.token).await.expect(200);
    assert!(inbox_b.body["items"].as_array().unwrap().is_empty());
    let inbox_a = app.get("/api/v1/referrals", &s.a.user.token).await.expect(200);
    assert_eq!(inbox_a.body["items"][0]["id"], id);
    app.get(&format!("/api/v1/referrals/{id}"), &b.user.token)
        .await
        .problem(404);
    app.call(
        Method::POST,
        &format!("/api/v1/referrals/{id}/accept"),
        Some(&b.user.token),
        None,
    )
    .await
    .problem(404);
    app.post(
        &format!("/api/v1/referrals/{id}/decline"),
        &b.user.token,
        json!({"reason": "x"}),
    )
    .await
    .problem(404);
    app.post(
        &format!("/api/v1/referrals/{id}/complete"),
        &b.user.token,
        json!({"outcome": "x"}),
    )
    .await
    .problem(404);
    app.post(
        &format!("/api/v1/referrals/{id}/services"),
        &b.user.token,
        json!({"service_type": "legal_aid", "status": "planned", "date": "2030-01-01"}),
    )
    .await
    .problem(404);
    // Partners never reach case files, reports or the audit trail.
    for path in [
        format!("/api/v1/cases/{}", s.case),
        format!("/api/v1/migrants/{}", s.migrant),
        format!("/api/v1/cases/{}/notes", s.case),
        format!("/api/v1/cases/{}/referrals", s.case),
        "/api/v1/cases".to_string(),
        "/api/v1/migrants".to_string(),
        "/api/v1/audit".to_string(),
        "/api/v1/follow-ups".to_string(),
        "/api/v1/referrals/overdue-by-organization".to_string(),
    ] {
        app.get(&path, &s.a.user.token).await.problem(403);
    }
    // Another office's staff see nothing of it either; admins and managers have no referrals.
    let other = app.team("OUJ").await;
    app.get(&format!("/api/v1/referrals/{id}"), &other.caseworker.token)
        .await
        .problem(404);
    app.post(
        &format!("/api/v1/referrals/{id}/cancel"),
        &other.caseworker.token,
        json!({"reason": "x"}),
    )
    .await
    .problem(404);
    for (role, user) in app.one_of_each(&s.team.office).await {
        if matches!(role, Role::Admin | Role::Manager) {
            app.get("/api/v1/referrals", &user.token).await.problem(403);
            app.get(&format!("/api/v1/referrals/{id}"), &user.token)
                .await
                .problem(403);
        }
    }
    let still = app
        .get(&format!("/api/v1/referrals/{id}"), &s.team.caseworker.token)
        .await
        .expect(200);
    assert_eq!(still.body["status"], "pending");
}

async fn overdue_referrals_are_listed_and_counted_per_organisation(app: TestApp) {
    let s = setup(&app).await;
    let late = refer(&app, &s, referral(&s.a.id)).await;
    let on_time = refer(&app, &s, referral(&s.a.id)).await;
    let accepted_long_ago = refer(&app, &s, referral(&s.a.id)).await;
    app.call(
        Method::POST,
        &format!(
            "/api/v1/referrals/{}/accept",
            accepted_long_ago["id"].as_str().unwrap()
        ),
        Some(&s.a.user.token),
        None,
    )
    .await
    .expect(200);
    let (late_id, old_id) = (
        late["id"].as_str().unwrap().to_string(),
        accepted_long_ago["id"].as_str().unwrap().to_string(),
    );
    app.db(move |c| {
        diesel::sql_query(format!(
            "UPDATE referrals SET respond_by = '2020-01-01 00:00:00' WHERE id = '{late_id}'"
        ))
        .execute(c)
        .unwrap();
        diesel::sql_query(format!(
            "UPDATE referrals SET accepted_at = '2020-01-01 00:00:00' WHERE id = '{old_id}'"
        ))
        .execute(c)
        .unwrap();
    })
    .await;
    let r = app
        .get("/api/v1/referrals?overdue=true", &s.team.caseworker.token)
        .await
        .expect(200);
    let mut ids: Vec<&str> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    ids.sort();
    let mut want = vec![
        late["id"].as_str().unwrap(),
        accepted_long_ago["id"].as_str().unwrap(),
    ];
    want.sort();
    assert_eq!(ids, want);
    assert!(
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["overdue"] == true)
    );
    let one = app
        .get(
            &format!("/api/v1/referrals/{}", on_time["id"].as_str().unwrap()),
            &s.team.caseworker.token,
        )
        .await
        .expect(200);
    assert_eq!(one.body["overdue"], false);
    let counts = app
        .get(
            "/api/v1/referrals/overdue-by-organization",
            &s.team.supervisor.token,
        )
        .await
        .expect(200);
    assert_eq!(counts.body["items"][0]["organization_id"], s.a.id);
    assert_eq!(counts.body["items"][0]["overdue"], 2);
    app.get(
        "/api/v1/referrals/overdue-by-organization",
        &s.team.caseworker.token,
    )
    .await
    .problem(403);
    let partner_view = app
        .get("/api/v1/referrals?overdue=true", &s.a.user.token)
        .await
        .expect(200);
    assert_eq!(partner_view.body["items"].as_array().unwrap().len(), 2);
    app.get("/api/v1/referrals?status=lost", &s.team.caseworker.token)
        .await
        .problem(422);
}

async fn api_keys_act_for_the_organisation_until_revoked(app: TestApp) {
    let s = setup(&app).await;
    let b = app
        .partner_org("Conseil des Migrants", &[&s.team.office], &["legal_aid"])
        .await;
    refer(&app, &s, referral(&s.a.id)).await;
    let path = format!("/api/v1/organizations/{}/api-keys", s.a.id);
    let k = app
        .post(&path, &s.a.user.token, json!({"name": "Case system"}))
        .await
        .expect(201);
    let key = k.body["key"].as_str().unwrap().to_string();
    assert!(key.starts_with("mdk_") && key.starts_with(k.body["prefix"].as_str().unwrap()));
    let inbox = app.get("/api/v1/referrals", &key).await.expect(200);
    assert_eq!(inbox.body["items"].as_array().unwrap().len(), 1);
    let id = inbox.body["items"][0]["id"].as_str().unwrap();
    app.call(
        Method::POST,
        &format!("/api/v1/referrals/{id}/accept"),
        Some(&key),
        None,
    )
    .await
    .expect(200);
    app.get("/api/v1/migrants", &key).await.problem(403);
    let keys = app.get(&path, &s.a.user.token).await.expect(200);
    assert!(keys.body["items"][0].get("key").is_none());
    assert!(keys.body["items"][0]["last_used_at"].is_string());
    assert!(!keys.raw.contains(&key));
    // Only the organisation or an administrator manages its keys.
    app.post(&path, &b.user.token, json!({"name": "x"}))
        .await
        .problem(404);
    app.get(&path, &b.user.token).await.problem(404);
    app.post(&path, &s.team.supervisor.token, json!({"name": "x"}))
        .await
        .problem(403);
    let admin = app.admin().await;
    app.post(&path, &admin.token, json!({"name": "Set up by the city"}))
        .await
        .expect(201);
    let kid = k.body["id"].as_str().unwrap();
    app.call(
        Method::POST,
        &format!("{path}/{kid}/revoke"),
        Some(&b.user.token),
        None,
    )
    .await
    .problem(404);
    let revoked = app
        .call(
            Method::POST,
            &format!("{path}/{kid}/revoke"),
            Some(&s.a.user.token),
            None,
        )
        .await
        .expect(200);
    assert!(revoked.body["revoked_at"].is_string());
    app.get("/api/v1/referrals", &key).await.problem(401);
    app.get("/api/v1/referrals", "mdk_not-a-key").await.problem(401);
}
