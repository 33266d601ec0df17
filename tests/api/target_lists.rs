//! Issue 21, part 1: target lists — criteria that find an office's people,
//! counted as they change, saved (audited), re-run as records change,
//! members read as audited reads of each person; office scope, consent,
//! and the role × object matrix.

use actix_web::http::Method;
use serde_json::{Value, json};

use crate::harness::TestApp;
use crate::on_both_backends;
use crate::pages::{encode, token};

on_both_backends!(
    a_list_finds_pregnant_women_without_a_health_service_and_follows_the_records,
    criteria_combine_with_any_and_each_kind_finds_its_people,
    target_lists_keep_to_the_office_its_staff_and_their_versions,
    a_supervisor_builds_counts_saves_and_opens_a_list_from_the_pages,
);

async fn person(app: &TestApp, token: &str, given: &str, extra: Value) -> String {
    let mut body = json!({"given_name": given, "family_name": "Test", "sex": "female",
                          "consents": [{"purpose": "registration", "given": true}]});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    app.register(token, body).await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn case_of(app: &TestApp, token: &str, migrant: &str) -> String {
    app.open_case(token, migrant).await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn service(app: &TestApp, token: &str, case: &str, kind: &str, date: &str) {
    app.post(
        &format!("/api/v1/cases/{case}/services"),
        token,
        json!({"service_type": kind, "status": "delivered", "date": date}),
    )
    .await
    .expect(201);
}

async fn count(app: &TestApp, token: &str, combine: &str, criteria: Value) -> i64 {
    app.post(
        "/api/v1/target-lists/count",
        token,
        json!({"match": combine, "criteria": criteria}),
    )
    .await
    .expect(200)
    .body["count"]
        .as_i64()
        .unwrap()
}

fn pregnant_without_health() -> Value {
    json!({"match": "all", "criteria": [
        {"field": "vulnerability", "value": "pregnant"},
        {"field": "service", "service_type": "health", "since": "2026-11-01", "received": false},
    ]})
}

async fn ids_of(app: &TestApp, token: &str, list: &str) -> Vec<String> {
    let mut ids: Vec<String> = app
        .get(&format!("/api/v1/target-lists/{list}/members"), token)
        .await
        .expect(200)
        .body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

/// The example: the pregnant women of the office with no health
/// service this month. Those served before the period count, those served
/// in it do not; a person who withdrew data-registration consent and a
/// person of another office are never found. Saving is audited, reading
/// members is an audited read of each; the list follows the records.
async fn a_list_finds_pregnant_women_without_a_health_service_and_follows_the_records(app: TestApp) {
    let team = app.team("RBA").await;
    let other = app.team("OUJ").await;
    let cw = &team.caseworker.token;
    let pregnant = json!({"vulnerabilities": ["pregnant"]});
    let a = person(&app, cw, "Awa", pregnant.clone()).await;
    let b = person(&app, cw, "Binta", pregnant.clone()).await;
    let c = person(&app, cw, "Coumba", pregnant.clone()).await;
    let _d = person(&app, cw, "Dieynaba", json!({})).await;
    let e = person(&app, cw, "Eva", pregnant.clone()).await;
    let _f = person(&app, &other.caseworker.token, "Fatim", pregnant.clone()).await;
    let case_b = case_of(&app, cw, &b).await;
    service(&app, cw, &case_b, "health", "2026-11-20").await;
    let case_c = case_of(&app, cw, &c).await;
    service(&app, cw, &case_c, "health", "2026-10-01").await;
    service(&app, cw, &case_c, "food", "2026-11-25").await;
    app.post(
        &format!("/api/v1/migrants/{e}/consents"),
        cw,
        json!({"purpose": "registration", "given": false}),
    )
    .await
    .expect(201);
    let counted = app
        .post("/api/v1/target-lists/count", cw, pregnant_without_health())
        .await
        .expect(200);
    assert_eq!(counted.body["count"], 2, "Awa and Coumba");
    let served = count(
        &app,
        cw,
        "all",
        json!([
            {"field": "vulnerability", "value": "pregnant"},
            {"field": "service", "service_type": "health", "since": "2026-11-01", "received": true},
        ]),
    )
    .await;
    assert_eq!(served, 1, "Binta alone received one in the period");
    let saved = app
        .post(
            "/api/v1/target-lists",
            &team.supervisor.token,
            json!({"name": "Femmes enceintes sans soins", "definition": pregnant_without_health()}),
        )
        .await
        .expect(201);
    let id = saved.body["id"].as_str().unwrap().to_string();
    assert_eq!(saved.body["count"], 2);
    assert_eq!(
        saved.header("location"),
        Some(format!("/api/v1/target-lists/{id}"))
    );
    assert_eq!(
        app.audit_count("create", Some(&id)).await,
        1,
        "the definition is audited"
    );
    let mut expected = vec![a.clone(), c.clone()];
    expected.sort();
    let reads_a = app.audit_count("read", Some(&a)).await;
    assert_eq!(ids_of(&app, cw, &id).await, expected);
    assert_eq!(
        app.audit_count("read", Some(&a)).await,
        reads_a + 1,
        "a member read is audited"
    );
    // The records change, the list follows.
    let case_a = case_of(&app, cw, &a).await;
    service(&app, cw, &case_a, "health", "2026-12-01").await;
    assert_eq!(ids_of(&app, cw, &id).await, vec![c.clone()]);
    let got = app
        .get(&format!("/api/v1/target-lists/{id}"), cw)
        .await
        .expect(200);
    assert_eq!(got.body["count"], 1);
    assert_eq!(got.body["definition"], pregnant_without_health());
    let all = app.get("/api/v1/target-lists", cw).await.expect(200);
    assert_eq!(all.body["items"].as_array().unwrap().len(), 1);
    // Another office's people are never in it, nor is its list visible there.
    let theirs = app
        .get("/api/v1/target-lists", &other.caseworker.token)
        .await
        .expect(200);
    assert_eq!(theirs.body["items"].as_array().unwrap().len(), 0);
}

/// Each kind of criterion finds its people; `any` joins them.
async fn criteria_combine_with_any_and_each_kind_finds_its_people(app: TestApp) {
    let team = app.team("RBA").await;
    let cw = &team.caseworker.token;
    let head = person(
        &app,
        cw,
        "Head",
        json!({"nationality": "SN", "district": "Takaddoum", "birth_year": 1980, "legal_status": "irregular"}),
    )
    .await;
    let child = person(&app, cw, "Child", json!({"birth_year": 2023, "sex": "male"})).await;
    let household = app
        .post("/api/v1/households", cw, json!({}))
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    for (m, role) in [(&head, "head"), (&child, "child")] {
        app.join_household(cw, m, &household, role).await;
    }
    let quiet = person(&app, cw, "Quiet", json!({"birth_year": 1950})).await;
    let busy = person(&app, cw, "Busy", json!({})).await;
    let busy_case = case_of(&app, cw, &busy).await;
    app.post(
        &format!("/api/v1/cases/{busy_case}/notes"),
        cw,
        json!({"text": "Appel"}),
    )
    .await
    .expect(201);
    assert_eq!(
        count(&app, cw, "all", json!([{"field": "nationality", "value": "sn"}])).await,
        1
    );
    assert_eq!(
        count(
            &app,
            cw,
            "all",
            json!([{"field": "district", "value": "takaddoum"}])
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            cw,
            "all",
            json!([{"field": "legal_status", "value": "irregular"}])
        )
        .await,
        1
    );
    assert_eq!(
        count(&app, cw, "all", json!([{"field": "household", "value": "head"}])).await,
        1
    );
    assert_eq!(
        count(
            &app,
            cw,
            "all",
            json!([{"field": "household", "value": "with_children"}])
        )
        .await,
        2
    );
    assert_eq!(
        count(&app, cw, "all", json!([{"field": "age_band", "value": "0-4"}])).await,
        1
    );
    assert_eq!(
        count(&app, cw, "all", json!([{"field": "age_band", "value": "60+"}])).await,
        1
    );
    assert_eq!(
        count(&app, cw, "all", json!([{"field": "sex", "value": "male"}])).await,
        1
    );
    assert_eq!(
        count(&app, cw, "all", json!([{"field": "open_case", "value": true}])).await,
        1
    );
    assert_eq!(
        count(
            &app,
            cw,
            "all",
            json!([{"field": "no_contact_for_days", "value": 30}])
        )
        .await,
        3,
        "all but Busy"
    );
    assert_eq!(
        count(
            &app,
            cw,
            "any",
            json!([{"field": "age_band", "value": "60+"}, {"field": "nationality", "value": "SN"}])
        )
        .await,
        2
    );
    assert_eq!(
        count(
            &app,
            cw,
            "all",
            json!([{"field": "age_band", "value": "60+"}, {"field": "nationality", "value": "SN"}])
        )
        .await,
        0
    );
    let _ = quiet;
    // A referral criterion.
    let org = app.partner_org("Clinique", &[&team.office], &["legal_aid"]).await;
    app.post(
        &format!("/api/v1/migrants/{busy}/consents"),
        cw,
        json!({"purpose": "referral", "given": true}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/cases/{busy_case}/referrals"),
        cw,
        json!({"organization_id": org.id, "service_type": "legal_aid", "reason": "x", "urgency": "normal"}),
    )
    .await
    .expect(201);
    assert_eq!(
        count(
            &app,
            cw,
            "all",
            json!([{"field": "referral", "status": "pending"}])
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            cw,
            "all",
            json!([{"field": "referral", "status": "overdue"}])
        )
        .await,
        0
    );
}

/// Scope, roles, validation and versions: the office's caseworkers and
/// supervisors only (403 for others), another office's list is 404, a
/// faulty criterion or an unknown field is refused and saves nothing, a
/// stale version is 412, a deleted list is gone.
async fn target_lists_keep_to_the_office_its_staff_and_their_versions(app: TestApp) {
    let team = app.team("RBA").await;
    let other = app.team("OUJ").await;
    let cw = &team.caseworker.token;
    let created = app
        .post(
            "/api/v1/target-lists",
            cw,
            json!({"name": "Enceintes", "definition": pregnant_without_health()}),
        )
        .await
        .expect(201);
    let id = created.body["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/target-lists/{id}");
    for elsewhere in [&other.caseworker.token, &other.supervisor.token] {
        app.get(&path, elsewhere).await.problem(404);
        app.get(&format!("{path}/members"), elsewhere).await.problem(404);
        app.patch(&path, elsewhere, json!({"name": "x"}))
            .await
            .problem(404);
        app.call(Method::DELETE, &path, Some(elsewhere), None)
            .await
            .problem(404);
    }
    let org = app.partner_org("Clinique", &[&team.office], &["legal_aid"]).await;
    let manager = app
        .user(migrant_desk::auth::Role::Manager, Some(&team.office), None)
        .await;
    let admin = app.admin().await;
    for token in [&org.user.token, &manager.token, &admin.token] {
        app.get(&path, token).await.problem(403);
        app.get("/api/v1/target-lists", token).await.problem(403);
        app.post("/api/v1/target-lists/count", token, pregnant_without_health())
            .await
            .problem(403);
    }
    // Faulty criteria, unknown fields: refused, nothing saved.
    let bad = app
        .post(
            "/api/v1/target-lists",
            cw,
            json!({"name": "x", "definition": {"match": "all", "criteria": [{"field": "vulnerability", "value": "rich"}]}}),
        )
        .await
        .problem(422);
    assert_eq!(bad.body["errors"][0]["field"], "criteria[0].value");
    let unknown = app
        .post(
            "/api/v1/target-lists",
            cw,
            json!({"name": "x", "office_id": other.office, "definition": pregnant_without_health()}),
        )
        .await;
    assert!(unknown.status.is_client_error(), "{}", unknown.raw);
    app.post(
        "/api/v1/target-lists/count",
        cw,
        json!({"match": "all", "criteria": [{"field": "income", "value": 1}]}),
    )
    .await;
    let lists = app.get("/api/v1/target-lists", cw).await.expect(200);
    assert_eq!(
        lists.body["items"].as_array().unwrap().len(),
        1,
        "nothing more saved"
    );
    // Versions.
    let renamed = app
        .raw(
            Method::PATCH,
            &path,
            Some(cw),
            &[("If-Match", "\"1\"")],
            Some((
                "application/json",
                json!({"name": "Enceintes (Rabat)"}).to_string(),
            )),
        )
        .await
        .expect(200);
    assert_eq!(renamed.body["version"], 2);
    app.raw(
        Method::PATCH,
        &path,
        Some(cw),
        &[("If-Match", "\"1\"")],
        Some(("application/json", json!({"name": "stale"}).to_string())),
    )
    .await
    .problem(412);
    assert_eq!(app.audit_count("update", Some(&id)).await, 1);
    app.call(Method::DELETE, &path, Some(&team.supervisor.token), None)
        .await
        .expect(204);
    app.get(&path, cw).await.problem(404);
}

/// The same from the pages: the builder counts as criteria are chosen,
/// saves the list, and the list's page says its criteria in words and
/// names the people it finds; other roles 403, another office 404, a
/// faulty choice 422 with the form kept.
async fn a_supervisor_builds_counts_saves_and_opens_a_list_from_the_pages(app: TestApp) {
    let team = app.team("RBA").await;
    let cw = &team.caseworker.token;
    let awa = person(&app, cw, "Awa", json!({"vulnerabilities": ["pregnant"]})).await;
    person(&app, cw, "Binta", json!({})).await;
    let (sup, _) = app.sign_in(&team.supervisor.email).await;
    let builder = app.page("/target-lists", Some(&sup)).await.expect(200).raw;
    assert!(builder.contains("id=\"target-builder\""));
    let criteria = [
        ("combine", "all"),
        ("vulnerability", "pregnant"),
        ("service_received", "no"),
        ("service_type", "health"),
        ("service_since", "2026-11-01"),
    ];
    let counted = app
        .page(&format!("/target-lists?{}", encode(&criteria)), Some(&sup))
        .await
        .expect(200)
        .raw;
    assert!(
        counted.contains("id=\"target-count\" role=\"status\"><strong>1 personne"),
        "{counted}"
    );
    assert!(
        counted.contains("<option value=\"pregnant\" selected>"),
        "the choices are kept"
    );
    let mut body: Vec<(&str, &str)> = criteria.to_vec();
    let csrf = token(&builder);
    body.push(("_csrf", &csrf));
    body.push(("name", "Enceintes sans soins"));
    let saved = app
        .form("/target-lists", Some(&sup), &[], encode(&body))
        .await
        .expect(303);
    let path = saved.header("location").unwrap();
    assert!(path.starts_with("/target-lists/"), "{path}");
    let page = app.page(&path, Some(&sup)).await.expect(200).raw;
    assert!(page.contains("<bdi>Enceintes sans soins</bdi>"));
    assert!(
        page.contains("N&#39;a pas reçu le service Santé depuis le 1 nov. 2026")
            || page.contains("N'a pas reçu le service Santé depuis le 1 nov. 2026"),
        "{page}"
    );
    assert!(
        page.contains(&format!("href=\"/migrants/{awa}\"")) && !page.contains("Binta"),
        "{page}"
    );
    // A faulty choice comes back with the form as it was.
    let bad = app
        .page("/target-lists?vulnerability=rich&district=Takaddoum", Some(&sup))
        .await
        .expect(422)
        .raw;
    assert!(
        bad.contains("id=\"target-error\"") && bad.contains("value=\"Takaddoum\""),
        "{bad}"
    );
    // Roles and offices.
    let other = app.team("OUJ").await;
    let (elsewhere, _) = app.sign_in(&other.supervisor.email).await;
    app.page(&path, Some(&elsewhere)).await.expect(404);
    let manager = app
        .user(migrant_desk::auth::Role::Manager, Some(&team.office), None)
        .await;
    let (m, _) = app.sign_in(&manager.email).await;
    app.page("/target-lists", Some(&m)).await.expect(403);
    app.page(&path, Some(&m)).await.expect(403);
    // Delete.
    app.form(
        &format!("{path}/delete"),
        Some(&sup),
        &[],
        encode(&[("_csrf", &csrf)]),
    )
    .await
    .expect(303);
    app.page(&path, Some(&sup)).await.expect(404);
}
