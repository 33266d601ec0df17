//! The directory of migration actors: who writes what, filters, HSDS export
//! and import.

use migrant_desk::auth::Role;
use serde_json::{Value, json};

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(
    admins_manage_the_directory_and_partners_edit_only_their_own_profile,
    every_role_searches_the_directory,
    the_hsds_export_has_valid_organizations_and_services_and_imports_back,
    an_organisation_needs_no_description_and_the_hsds_export_writes_one,
    an_api_key_cannot_rewrite_its_organisation_and_names_are_unique,
);

/// Issue 19: an API key does referral work only — it cannot change its
/// organisation's profile (webhook, name, services, offices, contact) — and
/// two entries of the directory never share a name.
async fn an_api_key_cannot_rewrite_its_organisation_and_names_are_unique(app: TestApp) {
    let office = app.office("RBA").await;
    let admin = app.admin().await;
    let org = app
        .partner_org("Association Tadamon", &[&office], &["legal_aid"])
        .await;
    let other = app.partner_org("Caritas Rabat", &[&office], &["health"]).await;
    let key = org.api_key(&app).await;
    let path = format!("/api/v1/organizations/{}", org.id);
    for change in [
        json!({"webhook_url": "https://attacker.example/hook"}),
        json!({"name": "Renamed by a key"}),
        json!({"services": ["legal_aid", "health"]}),
        json!({"contact_email": "x@attacker.example"}),
    ] {
        app.patch(&path, &key, change).await.problem(403);
    }
    let now = app.get(&path, &org.user.token).await.expect(200);
    assert_eq!(now.body["name"], "Association Tadamon");
    assert!(now.body["webhook_url"].is_null());
    // The person of the organisation still edits its profile.
    app.patch(
        &path,
        &org.user.token,
        json!({"contact_phone": "+212 537 11 22 33"}),
    )
    .await
    .expect(200);
    // Names are unique, trimmed and case-folded, on create and on change.
    app.patch(&path, &org.user.token, json!({"name": " caritas RABAT "}))
        .await
        .problem(409);
    app.patch(
        &format!("/api/v1/organizations/{}", other.id),
        &admin.token,
        json!({"name": "Association Tadamon"}),
    )
    .await
    .problem(409);
    app.post(
        "/api/v1/organizations",
        &admin.token,
        json!({"name": "Association Tadamon", "kind": "association", "services": ["legal_aid"],
               "offices_served": [office], "languages": ["fr"]}),
    )
    .await
    .problem(409);
}

/// SPEC §4: `description` is optional; HSDS requires one, so the export
/// writes it from the kind and the services' labels.
async fn an_organisation_needs_no_description_and_the_hsds_export_writes_one(app: TestApp) {
    let admin = app.admin().await;
    let office = app.office("RBA").await;
    let r = app
        .post(
            "/api/v1/organizations",
            &admin.token,
            json!({"name": "Caritas Rabat", "acronym": "CR", "kind": "ngo", "services": ["legal_aid", "health"],
                   "offices_served": [office], "languages": ["fr"], "contact_email": "contact@caritas.example",
                   "contact_phone": "+212 537 00 00 01", "address": "Rabat", "active": true}),
        )
        .await
        .expect(201);
    let id = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(r.body["description"], Value::Null, "{}", r.raw);
    let r = app
        .get("/api/v1/organizations/hsds", &admin.token)
        .await
        .expect(200);
    let org = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id.as_str())
        .unwrap()
        .clone();
    let description = org["description"].as_str().unwrap();
    assert!(
        description.starts_with("NGO: ")
            && description.contains("Legal aid")
            && description.contains("Health care"),
        "{description}"
    );
}

fn entry(office: &str) -> Value {
    json!({"name": "Association Santé et Solidarité", "acronym": "ASS", "kind": "association",
           "description": "Accompagnement médico-social", "services": ["health", "psychosocial"],
           "offices_served": [office], "languages": ["fr", "ar", "wo"], "contact_email": "Contact@ASS.example",
           "contact_phone": "+212 537 00 00 00", "website": "https://ass.example"})
}

async fn admins_manage_the_directory_and_partners_edit_only_their_own_profile(app: TestApp) {
    let admin = app.admin().await;
    let office = app.office("RBA").await;
    let r = app
        .post("/api/v1/organizations", &admin.token, entry(&office))
        .await
        .expect(201);
    let id = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(r.body["contact_email"], "contact@ass.example");
    assert_eq!(r.body["services"], json!(["health", "psychosocial"]));
    assert_eq!(r.body["has_capacity"], true);
    for (body, field) in [
        (json!({"name": "X", "kind": "club", "description": "d"}), "kind"),
        (
            json!({"name": "X", "kind": "ngo", "description": "d".repeat(2001)}),
            "description",
        ),
        (
            json!({"name": "X", "kind": "ngo", "description": "d", "services": ["yoga"]}),
            "services[0]",
        ),
        (
            json!({"name": "X", "kind": "ngo", "description": "d", "offices_served": [uuid::Uuid::now_v7()]}),
            "offices_served[0]",
        ),
        (
            json!({"name": "X", "kind": "ngo", "description": "d", "webhook_url": "ftp://partner.example/hook"}),
            "webhook_url",
        ),
        (
            json!({"name": "X", "kind": "ngo", "description": "d", "webhook_secret": "s"}),
            "webhook_secret",
        ),
    ] {
        let r = app
            .post("/api/v1/organizations", &admin.token, body.clone())
            .await
            .problem(422);
        assert_eq!(r.error_fields(), [field], "{body}");
    }
    let partner = app.user(Role::Partner, None, Some(&id)).await;
    let r = app
        .patch(
            &format!("/api/v1/organizations/{id}"),
            &partner.token,
            json!({"has_capacity": false, "description": "Pas de nouvelles demandes ce mois-ci"}),
        )
        .await
        .expect(200);
    assert_eq!(r.body["has_capacity"], false);
    app.patch(
        &format!("/api/v1/organizations/{id}"),
        &partner.token,
        json!({"active": false}),
    )
    .await
    .problem(403);
    let other = app.organization("Other").await;
    app.patch(
        &format!("/api/v1/organizations/{other}"),
        &partner.token,
        json!({"description": "hijacked"}),
    )
    .await
    .problem(404);
    app.post("/api/v1/organizations", &partner.token, entry(&office))
        .await
        .problem(403);
    for (role, user) in app.one_of_each(&office).await {
        if matches!(role, Role::Supervisor | Role::Caseworker | Role::Manager) {
            app.patch(
                &format!("/api/v1/organizations/{id}"),
                &user.token,
                json!({"description": "x"}),
            )
            .await
            .problem(403);
            app.post("/api/v1/organizations", &user.token, entry(&office))
                .await
                .problem(403);
        }
    }
    let r = app
        .patch(
            &format!("/api/v1/organizations/{id}"),
            &admin.token,
            json!({"active": false}),
        )
        .await
        .expect(200);
    assert_eq!(
        (r.body["active"].as_bool(), r.body["version"].as_i64()),
        (Some(false), Some(3))
    );
    assert_eq!(app.audit_count("update", Some(&id)).await, 2);
    // Its partner users are refused from then on (issue 19).
    app.get(&format!("/api/v1/organizations/{other}"), &partner.token)
        .await
        .problem(401);
    let r = app
        .get(&format!("/api/v1/organizations/{other}"), &admin.token)
        .await
        .expect(200);
    assert_eq!(r.body["name"], "Other");
}

async fn every_role_searches_the_directory(app: TestApp) {
    let admin = app.admin().await;
    let rba = app.office("RBA").await;
    let ouj = app.office("OUJ").await;
    app.post("/api/v1/organizations", &admin.token, entry(&rba))
        .await
        .expect(201);
    app.post("/api/v1/organizations", &admin.token, json!({"name": "Clinique Juridique Hijra", "kind": "legal_service",
        "description": "Aide juridique", "services": ["legal_aid"], "offices_served": [ouj], "languages": ["fr", "en"]})).await.expect(201);
    for (_, user) in app.one_of_each(&rba).await {
        let names = |r: &crate::harness::Reply| -> Vec<String> {
            r.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["name"].as_str().unwrap().to_string())
                .collect()
        };
        let all = app.get("/api/v1/organizations", &user.token).await.expect(200);
        assert!(names(&all).len() >= 2);
        assert!(!all.raw.contains("webhook_secret"));
        let r = app
            .get("/api/v1/organizations?service=legal_aid", &user.token)
            .await
            .expect(200);
        assert_eq!(names(&r), ["Clinique Juridique Hijra"]);
        let r = app
            .get(&format!("/api/v1/organizations?office_id={rba}"), &user.token)
            .await
            .expect(200);
        assert_eq!(names(&r), ["Association Santé et Solidarité"]);
        let r = app
            .get("/api/v1/organizations?language=wo", &user.token)
            .await
            .expect(200);
        assert_eq!(names(&r), ["Association Santé et Solidarité"]);
        let r = app
            .get("/api/v1/organizations?q=hijra", &user.token)
            .await
            .expect(200);
        assert_eq!(names(&r), ["Clinique Juridique Hijra"]);
    }
    app.get("/api/v1/organizations?service=yoga", &admin.token)
        .await
        .problem(422);
}

async fn the_hsds_export_has_valid_organizations_and_services_and_imports_back(app: TestApp) {
    let admin = app.admin().await;
    let office = app.office("RBA").await;
    let created = app
        .post("/api/v1/organizations", &admin.token, entry(&office))
        .await
        .expect(201);
    let export = app
        .get("/api/v1/organizations/hsds", &admin.token)
        .await
        .expect(200);
    let orgs = export.body.as_array().unwrap();
    assert_eq!(orgs.len(), 1);
    for org in orgs {
        // HSDS 3.0 organization: id (uuid), name, description required.
        assert!(uuid::Uuid::parse_str(org["id"].as_str().unwrap()).is_ok());
        assert!(org["name"].is_string() && org["description"].is_string());
        assert_eq!(org["alternate_name"], "ASS");
        assert_eq!(org["phones"][0]["number"], "+212 537 00 00 00");
        assert!(uuid::Uuid::parse_str(org["phones"][0]["id"].as_str().unwrap()).is_ok());
        let services = org["services"].as_array().unwrap();
        assert_eq!(services.len(), 2);
        for s in services {
            assert!(uuid::Uuid::parse_str(s["id"].as_str().unwrap()).is_ok());
            assert!(s["name"].is_string());
            assert!(
                ["active", "inactive", "defunct", "temporarily closed"]
                    .contains(&s["status"].as_str().unwrap())
            );
            assert_eq!(s["organization_id"], org["id"]);
            assert!(
                s["languages"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|l| l["id"].is_string() && l["code"].is_string())
            );
        }
    }
    // Import: update the existing one, create a new one.
    let mut updated = orgs[0].clone();
    updated["description"] = json!("Nouvelle description");
    let new_id = uuid::Uuid::now_v7().to_string();
    let new = json!({"id": new_id, "name": "Caritas Rabat", "description": "Accueil des migrants",
                     "services": [{"id": uuid::Uuid::now_v7(), "name": "Shelter", "status": "active"},
                                  {"id": uuid::Uuid::now_v7(), "name": "x", "alternate_name": "food", "status": "active",
                                   "languages": [{"id": uuid::Uuid::now_v7(), "code": "fr"}]}]});
    let r = app
        .call(
            actix_web::http::Method::POST,
            "/api/v1/organizations/hsds",
            Some(&admin.token),
            Some(json!([updated, new])),
        )
        .await
        .expect(200);
    assert_eq!(
        (r.body["created"].as_i64(), r.body["updated"].as_i64()),
        (Some(1), Some(1))
    );
    let got = app
        .get(
            &format!("/api/v1/organizations/{}", created.body["id"].as_str().unwrap()),
            &admin.token,
        )
        .await
        .expect(200);
    assert_eq!(got.body["description"], "Nouvelle description");
    assert_eq!(
        got.body["offices_served"],
        json!([office]),
        "what HSDS does not carry is kept"
    );
    let caritas = app
        .get(&format!("/api/v1/organizations/{new_id}"), &admin.token)
        .await
        .expect(200);
    assert_eq!(caritas.body["services"], json!(["food", "shelter"]));
    // A bad item rejects the whole import.
    let bad = json!([{"id": uuid::Uuid::now_v7(), "name": "Ghost", "description": "d"},
                     {"id": "not-a-uuid", "name": "X", "description": "d"},
                     {"id": uuid::Uuid::now_v7(), "name": "Y", "description": "d", "services": [{"id": "a", "name": "Yoga", "status": "active"}]}]);
    let r = app
        .call(
            actix_web::http::Method::POST,
            "/api/v1/organizations/hsds",
            Some(&admin.token),
            Some(bad),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["[1].id", "[2].services[0].alternate_name"]);
    let all = app.get("/api/v1/organizations", &admin.token).await.expect(200);
    assert_eq!(all.body["items"].as_array().unwrap().len(), 2);
    let cw = app.user(Role::Caseworker, Some(&office), None).await;
    app.call(
        actix_web::http::Method::POST,
        "/api/v1/organizations/hsds",
        Some(&cw.token),
        Some(json!([])),
    )
    .await
    .problem(403);
    app.get("/api/v1/organizations/hsds", &cw.token).await.expect(200);
}
