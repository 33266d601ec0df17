//! `/migrants`: registration, reading, changing, search, consent,
//! households, export, anonymisation, merge; scope and audit.

use actix_web::http::Method;
use migrant_desk::auth::Role;
use serde_json::json;

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(
    caseworker_registers_reads_and_changes_a_migrant_with_every_step_audited,
    only_office_staff_of_the_migrants_office_reach_the_record,
    invalid_registrations_name_each_field_and_store_nothing,
    search_matches_names_across_scripts_accents_case_and_transliterations,
    consent_history_is_kept_and_the_latest_statement_counts,
    households_list_their_members,
    export_holds_everything_about_the_person,
    anonymisation_erases_identity_keeps_counts_and_is_irreversible,
    a_supervisor_merges_a_duplicate_into_the_kept_record,
    a_stale_if_match_never_overwrites_a_newer_version,
    concurrent_retries_with_one_idempotency_key_create_one_record,
    concurrent_registrations_commit_together_and_a_refused_one_stores_nothing,
);

fn full() -> serde_json::Value {
    json!({
        "given_name": "  Aminata ", "family_name": "Diallo", "name_ar": "أميناتا ديالو", "sex": "female",
        "birth_date": "1994-03-02", "nationality": "gn", "languages": ["fr", "ff"], "phone": "+212 6 12 34 56 78",
        "district": "Takaddoum", "legal_status": "irregular", "vulnerabilities": ["pregnant", "no_documents"],
        "arrival_date": "2025-06-01",
        "documents": [{"type": "passport", "number": "GN123456", "issuer": "Guinée", "issued_on": "2020-01-10", "expires_on": "2030-01-09"}],
        "consents": [{"purpose": "registration", "given": true, "note": "oral, in Pular"}, {"purpose": "referral", "given": true}]
    })
}

async fn caseworker_registers_reads_and_changes_a_migrant_with_every_step_audited(app: TestApp) {
    let t = app.team("RBA").await;
    let body = app.register(&t.caseworker.token, full()).await;
    let id = body["id"].as_str().unwrap().to_string();
    assert_eq!(body["given_name"], "Aminata");
    assert_eq!(body["office_id"], t.office);
    assert_eq!(body["nationality"], "GN");
    assert_eq!(body["birth_year"], 1994);
    assert_eq!(body["vulnerabilities"], json!(["no_documents", "pregnant"]));
    assert_eq!(body["documents"][0]["type"], "passport");
    assert_eq!(body["consents"].as_array().unwrap().len(), 2);
    assert_eq!(body["possible_duplicates"], json!([]));
    assert_eq!(body["version"], 1);
    let path = format!("/api/v1/migrants/{id}");
    let got = app.get(&path, &t.supervisor.token).await.expect(200);
    assert_eq!(got.header("etag").as_deref(), Some("\"1\""));
    assert_eq!(got.header("cache-control").as_deref(), Some("no-store"));
    assert_eq!(got.body["phone"], "+212 6 12 34 56 78");
    let r = app
        .raw(
            Method::PATCH,
            &path,
            Some(&t.caseworker.token),
            &[("If-Match", "\"1\"")],
            Some((
                "application/json",
                json!({"phone": null, "legal_status": "asylum_seeker"}).to_string(),
            )),
        )
        .await
        .expect(200);
    assert_eq!(r.body["version"], 2);
    assert!(r.body["phone"].is_null());
    assert_eq!(r.body["legal_status"], "asylum_seeker");
    assert_eq!(r.body["given_name"], "Aminata");
    assert_eq!(app.audit_count("create", Some(&id)).await, 1);
    assert_eq!(app.audit_count("update", Some(&id)).await, 1);
    assert_eq!(app.audit_count("read", Some(&id)).await, 1);
    // Listing is a read of each listed person too.
    let before = app.audit_count("read", Some(&id)).await;
    app.get("/api/v1/migrants", &t.caseworker.token).await.expect(200);
    assert_eq!(app.audit_count("read", Some(&id)).await, before + 1);
}

async fn only_office_staff_of_the_migrants_office_reach_the_record(app: TestApp) {
    let t = app.team("RBA").await;
    let other = app.team("OUJ").await;
    let id = app.migrant(&t.caseworker.token, "Fatou", "Sarr").await;
    let paths = [
        (Method::GET, format!("/api/v1/migrants/{id}")),
        (Method::PATCH, format!("/api/v1/migrants/{id}")),
        (Method::GET, format!("/api/v1/migrants/{id}/export")),
        (Method::GET, format!("/api/v1/migrants/{id}/consents")),
        (Method::POST, format!("/api/v1/migrants/{id}/consents")),
        (Method::POST, format!("/api/v1/migrants/{id}/anonymise")),
    ];
    let body = |m: &Method| (m != Method::GET).then(|| json!({"purpose": "referral", "given": true}));
    let patch_body = json!({"district": "Hay Riad"});
    // Another office's staff: the record does not exist for them.
    for (m, p) in &paths {
        let b = if *m == Method::PATCH {
            Some(patch_body.clone())
        } else {
            body(m)
        };
        let b = if p.ends_with("anonymise") { None } else { b };
        let who = if p.ends_with("anonymise") {
            &other.supervisor
        } else {
            &other.caseworker
        };
        app.call(m.clone(), p, Some(&who.token), b).await.problem(404);
    }
    app.get("/api/v1/migrants", &other.caseworker.token)
        .await
        .expect(200)
        .body["items"]
        .as_array()
        .unwrap()
        .is_empty()
        .then_some(())
        .unwrap();
    // Administrators, managers and partners never read case files.
    for (role, user) in app.one_of_each(&t.office).await {
        if matches!(role, Role::Supervisor | Role::Caseworker) {
            continue;
        }
        app.get("/api/v1/migrants", &user.token).await.problem(403);
        app.post(
            "/api/v1/migrants",
            &user.token,
            json!({"given_name": "A", "family_name": "B", "sex": "male"}),
        )
        .await
        .problem(403);
        for (m, p) in &paths {
            app.call(m.clone(), p, Some(&user.token), Some(patch_body.clone()))
                .await
                .problem(403);
        }
    }
    // Caseworkers cannot anonymise or merge.
    app.call(
        Method::POST,
        &format!("/api/v1/migrants/{id}/anonymise"),
        Some(&t.caseworker.token),
        None,
    )
    .await
    .problem(403);
    app.post(
        &format!("/api/v1/migrants/{id}/merge"),
        &t.caseworker.token,
        json!({"duplicate_id": id}),
    )
    .await
    .problem(403);
    let r = app
        .get(&format!("/api/v1/migrants/{id}"), &t.caseworker.token)
        .await
        .expect(200);
    assert_eq!(r.body["district"], serde_json::Value::Null);
    assert_eq!(r.body["state"], "active");
}

async fn invalid_registrations_name_each_field_and_store_nothing(app: TestApp) {
    let t = app.team("RBA").await;
    let bad = json!({
        "given_name": " ", "family_name": "x".repeat(201), "name_ar": "Latin", "sex": "other",
        "birth_date": "2999-01-01", "nationality": "ZZ", "legal_status": "tourist",
        "vulnerabilities": ["pregnant", "sad"], "arrival_date": "1850-01-01",
        "documents": [{"type": "visa", "number": "1"}], "consents": [{"purpose": "marketing", "given": true}]
    });
    let r = app
        .post("/api/v1/migrants", &t.caseworker.token, bad)
        .await
        .problem(422);
    let fields = r.error_fields();
    for f in [
        "given_name",
        "family_name",
        "name_ar",
        "sex",
        "birth_date",
        "nationality",
        "legal_status",
        "vulnerabilities[1]",
        "arrival_date",
        "documents[0].type",
        "consents[0].purpose",
    ] {
        assert!(fields.contains(&f.to_string()), "{f} not in {fields:?}");
    }
    for (body, field) in [
        (
            json!({"given_name": "A", "family_name": "B", "sex": "male", "office_id": t.office}),
            "office_id",
        ),
        (
            json!({"given_name": "A", "family_name": "B", "sex": "male", "id": "x"}),
            "id",
        ),
        (
            json!({"given_name": "A", "family_name": "B", "sex": "male", "version": 2}),
            "version",
        ),
        (
            json!({"given_name": "A", "family_name": "B", "sex": "male", "religion": "x"}),
            "religion",
        ),
        (json!({"given_name": "A", "family_name": "B"}), "sex"),
        (
            json!({"given_name": "A", "family_name": "B", "sex": "male", "birth_date": "02/03/1994"}),
            "birth_date",
        ),
        (
            json!({"given_name": "A", "family_name": "B", "sex": "male", "birth_year": 1990, "birth_date": "1994-01-01"}),
            "birth_year",
        ),
        (
            json!({"given_name": "A", "family_name": "B", "sex": "male", "household_id": uuid::Uuid::now_v7()}),
            "household_id",
        ),
    ] {
        let r = app
            .post("/api/v1/migrants", &t.caseworker.token, body.clone())
            .await
            .problem(422);
        assert_eq!(r.error_fields(), [field], "{body}");
    }
    let list = app.get("/api/v1/migrants", &t.caseworker.token).await.expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 0);
    // A bad PATCH changes nothing.
    let id = app.migrant(&t.caseworker.token, "Awa", "Ba").await;
    let r = app
        .patch(
            &format!("/api/v1/migrants/{id}"),
            &t.caseworker.token,
            json!({"district": "Agdal", "sex": "x"}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["sex"]);
    let r = app
        .patch(
            &format!("/api/v1/migrants/{id}"),
            &t.caseworker.token,
            json!({"created_at": "2020-01-01T00:00:00Z"}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["created_at"]);
    let got = app
        .get(&format!("/api/v1/migrants/{id}"), &t.caseworker.token)
        .await
        .expect(200);
    assert!(got.body["district"].is_null());
    assert_eq!(got.body["version"], 1);
}

async fn search_matches_names_across_scripts_accents_case_and_transliterations(app: TestApp) {
    let t = app.team("RBA").await;
    let tok = &t.caseworker.token;
    let beatrice = app.register(tok, json!({"given_name": "Béatrice", "family_name": "N'Diaye", "sex": "female", "nationality": "SN", "vulnerabilities": ["pregnant"]})).await;
    let mohammed = app.register(tok, json!({"given_name": "Mohammed", "family_name": "Benali", "name_ar": "محمد بنعلي", "sex": "male", "nationality": "MA"})).await;
    let aminata = app
        .register(
            tok,
            json!({"given_name": "AMINATA", "family_name": "Diallo", "sex": "female", "nationality": "GN"}),
        )
        .await;
    app.open_case(tok, aminata["id"].as_str().unwrap()).await;
    let ids = |r: &crate::harness::Reply| -> Vec<String> {
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    for (q, expected) in [
        ("beatrice", vec![&beatrice]),
        ("BÉATRICE", vec![&beatrice]),
        ("ndiaye", vec![&beatrice]),
        ("muhammad", vec![&mohammed]),
        ("Mohamed", vec![&mohammed]),
        ("محمد", vec![&mohammed]),
        ("ben ali", vec![&mohammed]),
        ("aminata", vec![&aminata]),
        ("amin", vec![&aminata]),
        ("dial", vec![&aminata]),
        ("aminata diallo", vec![&aminata]),
        ("nobody", vec![]),
    ] {
        let r = app
            .get(&format!("/api/v1/migrants?q={}", urlencode(q)), tok)
            .await
            .expect(200);
        let want: Vec<String> = expected
            .iter()
            .map(|b| b["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids(&r), want, "q={q}");
    }
    let r = app.get("/api/v1/migrants?nationality=sn", tok).await.expect(200);
    assert_eq!(ids(&r), [beatrice["id"].as_str().unwrap()]);
    let r = app
        .get("/api/v1/migrants?vulnerability=pregnant", tok)
        .await
        .expect(200);
    assert_eq!(ids(&r), [beatrice["id"].as_str().unwrap()]);
    let r = app
        .get("/api/v1/migrants?has_open_case=true", tok)
        .await
        .expect(200);
    assert_eq!(ids(&r), [aminata["id"].as_str().unwrap()]);
    let r = app
        .get("/api/v1/migrants?has_open_case=false&limit=1", tok)
        .await
        .expect(200);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1);
    let next = r.body["next_cursor"].as_str().unwrap();
    let r2 = app
        .get(
            &format!("/api/v1/migrants?has_open_case=false&limit=1&cursor={next}"),
            tok,
        )
        .await
        .expect(200);
    assert_eq!(r2.body["items"].as_array().unwrap().len(), 1);
    assert!(r2.body["next_cursor"].is_null());
    let r = app
        .get("/api/v1/migrants?vulnerability=sad", tok)
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["vulnerability"]);
    // Another office's search finds none of them.
    let other = app.team("OUJ").await;
    let r = app
        .get("/api/v1/migrants?q=beatrice", &other.caseworker.token)
        .await
        .expect(200);
    assert!(ids(&r).is_empty());
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn consent_history_is_kept_and_the_latest_statement_counts(app: TestApp) {
    let t = app.team("RBA").await;
    let id = app.migrant(&t.caseworker.token, "Awa", "Ba").await;
    let path = format!("/api/v1/migrants/{id}/consents");
    app.post(
        &path,
        &t.caseworker.token,
        json!({"purpose": "referral", "given": true, "note": "signed form"}),
    )
    .await
    .expect(201);
    let w = app
        .post(
            &path,
            &t.caseworker.token,
            json!({"purpose": "referral", "given": false}),
        )
        .await
        .expect(201);
    assert_eq!(w.body["given"], false);
    app.post(
        &path,
        &t.caseworker.token,
        json!({"purpose": "spam", "given": true}),
    )
    .await
    .problem(422);
    app.post(&path, &t.caseworker.token, json!({"purpose": "referral"}))
        .await
        .problem(422);
    let history = app.get(&path, &t.caseworker.token).await.expect(200);
    let items = history.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[1]["note"], "signed form");
    assert_eq!(items[1]["recorded_by"], t.caseworker.id);
    let m = app
        .get(&format!("/api/v1/migrants/{id}"), &t.caseworker.token)
        .await
        .expect(200);
    let latest = m.body["consents"].as_array().unwrap();
    let referral = latest.iter().find(|c| c["purpose"] == "referral").unwrap();
    assert_eq!(referral["given"], false);
    assert_eq!(latest.len(), 2);
}

async fn households_list_their_members(app: TestApp) {
    let t = app.team("RBA").await;
    let h = app
        .call(
            Method::POST,
            "/api/v1/households",
            Some(&t.caseworker.token),
            None,
        )
        .await
        .expect(201);
    let hid = h.body["id"].as_str().unwrap().to_string();
    for (name, rel) in [("Mamadou", "head"), ("Kadiatou", "spouse"), ("Ibrahima", "child")] {
        app.register(
            &t.caseworker.token,
            json!({"given_name": name, "family_name": "Bah", "sex": "unknown",
                                                "household_id": hid, "relationship_to_head": rel}),
        )
        .await;
    }
    let r = app
        .get(&format!("/api/v1/households/{hid}"), &t.caseworker.token)
        .await
        .expect(200);
    let members = r.body["members"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    assert_eq!(members[1]["relationship_to_head"], "spouse");
    let other = app.team("OUJ").await;
    app.get(&format!("/api/v1/households/{hid}"), &other.caseworker.token)
        .await
        .problem(404);
    let r = app
        .post(
            "/api/v1/migrants",
            &other.caseworker.token,
            json!({"given_name": "X", "family_name": "Y", "sex": "male", "household_id": hid}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["household_id"]);
    let r = app
        .post("/api/v1/migrants", &t.caseworker.token, json!({"given_name": "X", "family_name": "Y", "sex": "male", "relationship_to_head": "cousin", "household_id": hid}))
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["relationship_to_head"]);
}

async fn export_holds_everything_about_the_person(app: TestApp) {
    let t = app.team("RBA").await;
    let id = app.register(&t.caseworker.token, full()).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let case = app.open_case(&t.caseworker.token, &id).await;
    let cid = case["id"].as_str().unwrap();
    app.post(
        &format!("/api/v1/cases/{cid}/services"),
        &t.caseworker.token,
        json!({"service_type": "health", "status": "delivered", "date": "2026-01-05"}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/cases/{cid}/notes"),
        &t.caseworker.token,
        json!({"text": "Seen at the prenatal clinic."}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/cases/{cid}/follow-ups"),
        &t.caseworker.token,
        json!({"due_on": "2030-01-01", "description": "Check the appointment"}),
    )
    .await
    .expect(201);
    let r = app
        .get(&format!("/api/v1/migrants/{id}/export"), &t.caseworker.token)
        .await
        .expect(200);
    assert!(r.header("content-disposition").unwrap().contains("attachment"));
    assert_eq!(r.body["migrant"]["id"], id);
    assert_eq!(r.body["consent_history"].as_array().unwrap().len(), 2);
    let c = &r.body["cases"][0];
    assert_eq!(c["case"]["id"], cid);
    assert_eq!(c["services"].as_array().unwrap().len(), 1);
    assert_eq!(c["notes"][0]["text"], "Seen at the prenatal clinic.");
    assert_eq!(c["follow_ups"].as_array().unwrap().len(), 1);
    assert_eq!(r.body["referrals"], json!([]));
    let audit = r.body["audit"].as_array().unwrap();
    for entity in ["migrant", "consent", "case", "service", "note", "follow_up"] {
        assert!(
            audit.iter().any(|e| e["entity_type"] == entity),
            "no audit entry about a {entity}"
        );
    }
    assert_eq!(app.audit_count("export", Some(&id)).await, 1);
}

async fn anonymisation_erases_identity_keeps_counts_and_is_irreversible(app: TestApp) {
    let t = app.team("RBA").await;
    let id = app.register(&t.caseworker.token, full()).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let case = app.open_case(&t.caseworker.token, &id).await;
    let cid = case["id"].as_str().unwrap();
    app.post(
        &format!("/api/v1/cases/{cid}/notes"),
        &t.caseworker.token,
        json!({"text": "Aminata lives with her cousin in Takaddoum."}),
    )
    .await
    .expect(201);
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/migrants/{id}/anonymise"),
            Some(&t.supervisor.token),
            None,
        )
        .await
        .expect(200);
    assert_eq!(r.body["state"], "anonymised");
    for erased in ["name_ar", "birth_date", "phone", "district", "household_id"] {
        assert!(r.body[erased].is_null(), "{erased} kept");
    }
    assert_eq!(r.body["given_name"], "");
    assert_eq!(r.body["documents"], json!([]));
    // What reports count is kept.
    assert_eq!(r.body["sex"], "female");
    assert_eq!(r.body["birth_year"], 1994);
    assert_eq!(r.body["nationality"], "GN");
    assert_eq!(r.body["vulnerabilities"], json!(["no_documents", "pregnant"]));
    let export = app
        .get(&format!("/api/v1/migrants/{id}/export"), &t.supervisor.token)
        .await
        .expect(200);
    assert!(
        !export.raw.contains("Aminata")
            && !export.raw.contains("Takaddoum")
            && !export.raw.contains("GN123456")
    );
    app.call(
        Method::POST,
        &format!("/api/v1/migrants/{id}/anonymise"),
        Some(&t.supervisor.token),
        None,
    )
    .await
    .problem(409);
    app.patch(
        &format!("/api/v1/migrants/{id}"),
        &t.caseworker.token,
        json!({"given_name": "Aminata"}),
    )
    .await
    .problem(409);
    let search = app
        .get("/api/v1/migrants?q=aminata", &t.caseworker.token)
        .await
        .expect(200);
    assert!(search.body["items"].as_array().unwrap().is_empty());
    assert_eq!(app.audit_count("anonymise", Some(&id)).await, 1);
}

async fn a_supervisor_merges_a_duplicate_into_the_kept_record(app: TestApp) {
    let t = app.team("RBA").await;
    let keep = app.migrant(&t.caseworker.token, "Mohammed", "Benali").await;
    let dup_body = app
        .register(
            &t.caseworker.token,
            json!({"given_name": "Muhammad", "family_name": "Ben Ali", "sex": "male"}),
        )
        .await;
    let dup = dup_body["id"].as_str().unwrap().to_string();
    assert_eq!(dup_body["possible_duplicates"][0]["id"], keep);
    let case = app.open_case(&t.caseworker.token, &dup).await;
    app.post(
        &format!("/api/v1/migrants/{dup}/consents"),
        &t.caseworker.token,
        json!({"purpose": "referral", "given": true}),
    )
    .await
    .expect(201);
    let r = app
        .post(
            &format!("/api/v1/migrants/{keep}/merge"),
            &t.supervisor.token,
            json!({"duplicate_id": dup}),
        )
        .await
        .expect(200);
    assert_eq!(r.body["id"], keep);
    assert!(
        r.body["consents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["purpose"] == "referral")
    );
    let moved = app
        .get(
            &format!("/api/v1/cases/{}", case["id"].as_str().unwrap()),
            &t.caseworker.token,
        )
        .await
        .expect(200);
    assert_eq!(moved.body["migrant_id"], keep);
    let retired = app
        .get(&format!("/api/v1/migrants/{dup}"), &t.caseworker.token)
        .await
        .expect(200);
    assert_eq!(retired.body["state"], "merged");
    assert_eq!(retired.body["merged_into"], keep);
    app.post(
        &format!("/api/v1/migrants/{keep}/merge"),
        &t.supervisor.token,
        json!({"duplicate_id": dup}),
    )
    .await
    .problem(409);
    app.post(
        &format!("/api/v1/migrants/{keep}/merge"),
        &t.supervisor.token,
        json!({"duplicate_id": keep}),
    )
    .await
    .problem(422);
    assert_eq!(app.audit_count("merge", Some(&dup)).await, 1);
    // The retired record no longer appears as a duplicate candidate or in lists.
    let again = app
        .register(
            &t.caseworker.token,
            json!({"given_name": "Mohamed", "family_name": "Benali", "sex": "male"}),
        )
        .await;
    let dups: Vec<&str> = again["possible_duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(dups, [keep.as_str()]);
}

async fn a_stale_if_match_never_overwrites_a_newer_version(app: TestApp) {
    let t = app.team("RBA").await;
    let id = app.migrant(&t.caseworker.token, "Awa", "Ba").await;
    let path = format!("/api/v1/migrants/{id}");
    let edits: Vec<_> = ["Agdal", "Hay Riad", "Yacoub El Mansour", "Souissi"]
        .iter()
        .map(|d| {
            app.raw(
                Method::PATCH,
                &path,
                Some(&t.caseworker.token),
                &[("If-Match", "\"1\"")],
                Some(("application/json", json!({"district": d}).to_string())),
            )
        })
        .collect();
    let results = futures_util::future::join_all(edits).await;
    let ok: Vec<_> = results.iter().filter(|r| r.status.as_u16() == 200).collect();
    assert_eq!(ok.len(), 1, "exactly one writer wins");
    assert!(
        results
            .iter()
            .filter(|r| r.status.as_u16() != 200)
            .all(|r| r.status.as_u16() == 412)
    );
    let now = app.get(&path, &t.caseworker.token).await.expect(200);
    assert_eq!(now.body["version"], 2);
    assert_eq!(now.body["district"], ok[0].body["district"]);
}

async fn concurrent_retries_with_one_idempotency_key_create_one_record(app: TestApp) {
    let t = app.team("RBA").await;
    let body = json!({"given_name": "Oumou", "family_name": "Sangaré", "sex": "female"}).to_string();
    let tries: Vec<_> = (0..6)
        .map(|_| {
            app.raw(
                Method::POST,
                "/api/v1/migrants",
                Some(&t.caseworker.token),
                &[("Idempotency-Key", "reg-42")],
                Some(("application/json", body.clone())),
            )
        })
        .collect();
    let results = futures_util::future::join_all(tries).await;
    assert!(
        results.iter().all(|r| r.status.as_u16() == 201),
        "{:?}",
        results.iter().map(|r| &r.raw).collect::<Vec<_>>()
    );
    let first = &results[0].body["id"];
    assert!(results.iter().all(|r| &r.body["id"] == first));
    assert_eq!(
        results
            .iter()
            .filter(|r| r.header("idempotent-replayed").is_some())
            .count(),
        5
    );
    let list = app.get("/api/v1/migrants", &t.caseworker.token).await.expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    // The same key with another body is refused; another user's key is theirs alone.
    let other = json!({"given_name": "Other", "family_name": "Person", "sex": "male"}).to_string();
    app.raw(
        Method::POST,
        "/api/v1/migrants",
        Some(&t.caseworker.token),
        &[("Idempotency-Key", "reg-42")],
        Some(("application/json", other.clone())),
    )
    .await
    .problem(422);
    app.raw(
        Method::POST,
        "/api/v1/migrants",
        Some(&t.supervisor.token),
        &[("Idempotency-Key", "reg-42")],
        Some(("application/json", other)),
    )
    .await
    .expect(201);
}

async fn concurrent_registrations_commit_together_and_a_refused_one_stores_nothing(app: TestApp) {
    let t = app.team("RBA").await;
    let no_household = uuid::Uuid::now_v7().to_string();
    let body = |given: &str, family: &str, refused: bool| {
        let mut b = json!({"given_name": given, "family_name": family, "sex": "female"});
        if refused {
            // Passes input validation; refused inside the write.
            b["household_id"] = json!(no_household);
        }
        b
    };
    let token = &t.caseworker.token;
    let (a, b, c, d, e, f) = tokio::join!(
        app.post("/api/v1/migrants", token, body("Awa", "Ba", false)),
        app.post("/api/v1/migrants", token, body("Fatou", "Diop", true)),
        app.post("/api/v1/migrants", token, body("Mariam", "Sarr", false)),
        app.post("/api/v1/migrants", token, body("Aicha", "Ndiaye", false)),
        app.post("/api/v1/migrants", token, body("Khady", "Fall", true)),
        app.post("/api/v1/migrants", token, body("Binta", "Sow", false)),
    );
    let mut created = Vec::new();
    for reply in [a, c, d, f] {
        created.push(reply.expect(201).body["id"].as_str().unwrap().to_string());
    }
    for reply in [b, e] {
        assert_eq!(reply.problem(422).error_fields(), ["household_id"]);
    }
    let list = app.get("/api/v1/migrants?limit=100", token).await.expect(200);
    let mut listed: Vec<String> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect();
    listed.sort();
    created.sort();
    assert_eq!(listed, created, "every acknowledged registration, and only those");
    let verify = app
        .get("/api/v1/audit/verify", &t.supervisor.token)
        .await
        .expect(200);
    assert_eq!(verify.body["ok"], true, "{}", verify.body);
}
