//! Issue 21, part 2: distributions — one service to many people at once,
//! from a target list or a selection, with exceptions; one service per
//! person in one transaction, each audited; idempotent on retry; a second
//! delivery in the same month flagged before saving; office scope; bad
//! input changes nothing.

use actix_web::http::Method;
use serde_json::{Value, json};

use crate::harness::TestApp;
use crate::on_both_backends;
use crate::pages::{encode, token};

on_both_backends!(
    a_distribution_to_a_list_serves_each_person_once_with_exceptions,
    a_distribution_keeps_to_the_office_and_bad_input_changes_nothing,
    a_distribution_is_recorded_from_a_list_page_with_exceptions_and_a_repeat_confirmed,
    the_distribution_sheet_shows_only_what_recognises_a_person,
    reports_count_the_services_given_in_distributions_by_type,
    a_ticked_sheet_is_entered_back_in_one_screen,
    a_distribution_per_household_serves_each_household_once_through_its_head,
);

async fn person(app: &TestApp, token: &str, given: &str) -> String {
    app.register(
        token,
        json!({"given_name": given, "family_name": "Test", "sex": "female", "vulnerabilities": ["pregnant"],
               "consents": [{"purpose": "registration", "given": true}]}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn food_services(app: &TestApp, token: &str, migrant: &str) -> usize {
    let cases = app
        .get(&format!("/api/v1/cases?migrant_id={migrant}"), token)
        .await
        .expect(200);
    let mut n = 0;
    for c in cases.body["items"].as_array().unwrap() {
        let s = app
            .get(
                &format!("/api/v1/cases/{}/services", c["id"].as_str().unwrap()),
                token,
            )
            .await
            .expect(200);
        n += s.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["service_type"] == "food" && x["status"] == "delivered")
            .count();
    }
    n
}

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

async fn distribute(app: &TestApp, token: &str, key: &str, body: Value) -> crate::harness::Reply {
    app.raw(
        Method::POST,
        "/api/v1/distributions",
        Some(token),
        &[("Idempotency-Key", key)],
        Some(("application/json", body.to_string())),
    )
    .await
}

async fn a_distribution_to_a_list_serves_each_person_once_with_exceptions(app: TestApp) {
    let team = app.team("RBA").await;
    let cw = &team.caseworker.token;
    let a = person(&app, cw, "Awa").await;
    let b = person(&app, cw, "Binta").await;
    let c = person(&app, cw, "Coumba").await;
    let d = person(&app, cw, "Dieynaba").await;
    app.open_case(cw, &a).await;
    let list = app.pregnant_list(cw, "Enceintes").await;
    let body = json!({"service_type": "food", "date": today(), "place": "École Takaddoum", "quantity": 1,
                      "target_list_id": list,
                      "exceptions": [{"migrant_id": b, "reason": "absent"}, {"migrant_id": c, "reason": "refused"}]});
    let preview = app
        .post("/api/v1/distributions/preview", cw, body.clone())
        .await
        .expect(200);
    assert_eq!(
        preview.body,
        json!({"served": 2, "excepted": 2, "already_served": []})
    );
    let creates = app.audit_count("create", None).await;
    let r = distribute(&app, cw, "food-1", body.clone()).await.expect(201);
    assert_eq!(r.body["served"], 2);
    assert_eq!(r.body["exceptions"][0]["reason"], "absent");
    let id = r.body["id"].as_str().unwrap().to_string();
    for (m, n) in [(&a, 1), (&b, 0), (&c, 0), (&d, 1)] {
        assert_eq!(food_services(&app, cw, m).await, n, "{m}");
    }
    // Two services, a case opened for Dieynaba, the distribution: audited.
    assert_eq!(app.audit_count("create", None).await, creates + 4);
    assert_eq!(app.audit_count("create", Some(&id)).await, 1);
    // The same request again (a retry): the same distribution, nothing new.
    let again = distribute(&app, cw, "food-1", body.clone()).await.expect(201);
    assert_eq!(again.body["id"], r.body["id"]);
    assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(food_services(&app, cw, &a).await, 1);
    // A second distribution of food this month: flagged before saving.
    let preview = app
        .post("/api/v1/distributions/preview", cw, body.clone())
        .await
        .expect(200);
    let mut flagged: Vec<String> = preview.body["already_served"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    flagged.sort();
    let mut expected = vec![a.clone(), d.clone()];
    expected.sort();
    assert_eq!(flagged, expected);
    let refused = distribute(&app, cw, "food-2", body.clone()).await.problem(409);
    assert!(refused.body["detail"].as_str().unwrap().contains("allow_repeat"));
    assert_eq!(food_services(&app, cw, &a).await, 1, "nothing saved");
    let mut meant = body.clone();
    meant["allow_repeat"] = json!(true);
    distribute(&app, cw, "food-3", meant).await.expect(201);
    assert_eq!(food_services(&app, cw, &a).await, 2);
    let all = app.get("/api/v1/distributions", cw).await.expect(200);
    assert_eq!(all.body["items"].as_array().unwrap().len(), 2);
}

async fn a_distribution_keeps_to_the_office_and_bad_input_changes_nothing(app: TestApp) {
    let team = app.team("RBA").await;
    let other = app.team("OUJ").await;
    let cw = &team.caseworker.token;
    let a = person(&app, cw, "Awa").await;
    let theirs = person(&app, &other.caseworker.token, "Fatim").await;
    let their_list = app
        .post(
            "/api/v1/target-lists",
            &other.caseworker.token,
            json!({"name": "x", "definition": {"match": "all", "criteria": [{"field": "vulnerability", "value": "pregnant"}]}}),
        )
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let bad = [
        (
            json!({"service_type": "food", "date": today(), "target_list_id": their_list}),
            "target_list_id",
        ),
        (
            json!({"service_type": "food", "date": today(), "migrant_ids": [theirs]}),
            "migrant_ids[0]",
        ),
        (
            json!({"service_type": "food", "date": today(), "migrant_ids": [a], "exceptions": [{"migrant_id": theirs, "reason": "absent"}]}),
            "exceptions[0].migrant_id",
        ),
        (
            json!({"service_type": "food", "date": "2999-01-01", "migrant_ids": [a]}),
            "date",
        ),
        (
            json!({"service_type": "gold", "date": today(), "migrant_ids": [a]}),
            "service_type",
        ),
        (json!({"service_type": "food", "date": today()}), "target_list_id"),
    ];
    for (i, (body, field)) in bad.into_iter().enumerate() {
        let r = distribute(&app, cw, &format!("bad-{i}"), body).await.problem(422);
        assert_eq!(r.body["errors"][0]["field"], field, "{}", r.raw);
    }
    let unknown = distribute(
        &app,
        cw,
        "bad-unknown",
        json!({"service_type": "food", "date": today(), "migrant_ids": [a], "office_id": other.office}),
    )
    .await;
    assert!(unknown.status.is_client_error());
    assert_eq!(food_services(&app, cw, &a).await, 0, "nothing saved");
    assert_eq!(
        app.get("/api/v1/distributions", cw).await.expect(200).body["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // A selection of the office's people works; the other office sees
    // nothing of it; other roles are refused.
    let r = distribute(
        &app,
        cw,
        "ok",
        json!({"service_type": "food", "date": today(), "migrant_ids": [a]}),
    )
    .await
    .expect(201);
    let id = r.body["id"].as_str().unwrap();
    app.get(&format!("/api/v1/distributions/{id}"), &other.caseworker.token)
        .await
        .problem(404);
    let org = app.partner_org("Clinique", &[&team.office], &["food"]).await;
    let manager = app
        .user(migrant_desk::auth::Role::Manager, Some(&team.office), None)
        .await;
    for token in [&org.user.token, &manager.token] {
        app.post(
            "/api/v1/distributions",
            token,
            json!({"service_type": "food", "date": today(), "migrant_ids": [a]}),
        )
        .await
        .problem(403);
        app.get("/api/v1/distributions", token).await.problem(403);
    }
}

/// The same from the list's page: exceptions chosen per person, a second
/// delivery this month asks first (nothing recorded before), then counts.
async fn a_distribution_is_recorded_from_a_list_page_with_exceptions_and_a_repeat_confirmed(app: TestApp) {
    let team = app.team("RBA").await;
    let cw = &team.caseworker.token;
    let a = person(&app, cw, "Awa").await;
    let b = person(&app, cw, "Binta").await;
    let list = app.pregnant_list(cw, "Enceintes").await;
    let (sup, _) = app.sign_in(&team.supervisor.email).await;
    let page = app
        .page(&format!("/target-lists/{list}"), Some(&sup))
        .await
        .expect(200)
        .raw;
    assert!(page.contains("id=\"distribution-form\""));
    let csrf = token(&page);
    let today = today();
    let absent = format!("exception_{b}");
    let form = encode(&[
        ("_csrf", &csrf),
        ("service_type", "food"),
        ("date", &today),
        ("place", "École Takaddoum"),
        ("quantity", "1"),
        (&absent, "absent"),
        (&format!("exception_{a}"), ""),
    ]);
    let path = format!("/target-lists/{list}/distribute");
    app.form(&path, Some(&sup), &[], form.clone()).await.expect(303);
    assert_eq!(food_services(&app, cw, &a).await, 1);
    assert_eq!(food_services(&app, cw, &b).await, 0, "absent");
    // Again this month: a confirmation first, nothing recorded yet.
    let ask = app
        .form(&path, Some(&sup), &[], form.clone())
        .await
        .expect(200)
        .raw;
    assert!(ask.contains("name=\"confirmed\" value=\"yes\""), "{ask}");
    assert!(ask.contains("déjà reçu"), "{ask}");
    assert_eq!(food_services(&app, cw, &a).await, 1);
    let confirmed = encode(&[
        ("_csrf", &csrf),
        ("service_type", "food"),
        ("date", &today),
        ("place", "École Takaddoum"),
        ("quantity", "1"),
        ("exceptions", &format!("{b}:absent")),
        ("confirmed", "yes"),
    ]);
    app.form(&path, Some(&sup), &[], confirmed).await.expect(303);
    assert_eq!(food_services(&app, cw, &a).await, 2);
    assert_eq!(food_services(&app, cw, &b).await, 0, "still absent");
    // Other office 404, manager 403.
    let other = app.team("OUJ").await;
    let (elsewhere, _) = app.sign_in(&other.supervisor.email).await;
    let their_csrf = token(&app.page("/target-lists", Some(&elsewhere)).await.expect(200).raw);
    let theirs = encode(&[("_csrf", &their_csrf), ("service_type", "food"), ("date", &today)]);
    app.form(&path, Some(&elsewhere), &[], theirs).await.expect(404);
    let manager = app
        .user(migrant_desk::auth::Role::Manager, Some(&team.office), None)
        .await;
    let (m, _) = app.sign_in(&manager.email).await;
    let mine = token(&app.page("/", Some(&m)).await.expect(200).raw);
    app.form(
        &path,
        Some(&m),
        &[],
        encode(&[("_csrf", &mine), ("service_type", "food"), ("date", &today)]),
    )
    .await
    .expect(403);
}

/// The printable distribution sheet: name, household size and reference
/// only — no phone, nationality or birth year — with a column to sign;
/// each person on it an audited read; other office 404, manager 403.
async fn the_distribution_sheet_shows_only_what_recognises_a_person(app: TestApp) {
    let team = app.team("RBA").await;
    let cw = &team.caseworker.token;
    let a = app
        .register(
            cw,
            json!({"given_name": "Awa", "family_name": "Ndiaye", "sex": "female", "vulnerabilities": ["pregnant"],
                   "phone": "+221 77 000 00 01", "nationality": "SN", "birth_year": 1991,
                   "consents": [{"purpose": "registration", "given": true}]}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let list = app.pregnant_list(cw, "Enceintes").await;
    let (session, _) = app.sign_in(&team.caseworker.email).await;
    let reads = app.audit_count("read", Some(&a)).await;
    let sheet = app
        .page(&format!("/target-lists/{list}/sheet"), Some(&session))
        .await
        .expect(200)
        .raw;
    assert!(
        sheet.contains("<bdi>Awa Ndiaye</bdi>") && sheet.contains("class=\"sign\""),
        "{sheet}"
    );
    let tail = a.replace('-', "").to_uppercase();
    let reference = format!("{}-{}", &tail[24..28], &tail[28..32]);
    assert!(sheet.contains(&reference), "{sheet}");
    for private in ["77 000 00 01", "Sénégal", "1991"] {
        assert!(!sheet.contains(private), "only what recognises her: {private}");
    }
    assert_eq!(app.audit_count("read", Some(&a)).await, reads + 1);
    let other = app.team("OUJ").await;
    let (elsewhere, _) = app.sign_in(&other.caseworker.email).await;
    app.page(&format!("/target-lists/{list}/sheet"), Some(&elsewhere))
        .await
        .expect(404);
    let manager = app
        .user(migrant_desk::auth::Role::Manager, Some(&team.office), None)
        .await;
    let (m, _) = app.sign_in(&manager.email).await;
    app.page(&format!("/target-lists/{list}/sheet"), Some(&m))
        .await
        .expect(403);
}

async fn reports_count_the_services_given_in_distributions_by_type(app: TestApp) {
    let team = app.team("RBA").await;
    let cw = &team.caseworker.token;
    let mut people = Vec::new();
    for g in [
        "Awa", "Binta", "Coumba", "Dieynaba", "Fanta", "Gnima", "Hawa", "Ina",
    ] {
        people.push(person(&app, cw, g).await);
    }
    distribute(
        &app,
        cw,
        "report-food",
        json!({"service_type": "food", "date": today(), "migrant_ids": people}),
    )
    .await
    .expect(201);
    let month = app.move_to_last_month().await;
    let manager = app
        .user(migrant_desk::auth::Role::Manager, Some(&team.office), None)
        .await;
    let from = format!("{month}-01");
    let r = app
        .get(
            &format!("/api/v1/reports/summary?from={from}&to={from}"),
            &manager.token,
        )
        .await
        .expect(200)
        .body;
    // A manager of one office reads that office's figures; the distributed
    // food is the delivered food (the same services, the same cells).
    let by_type = &r["services_distributed"]["by_type"];
    assert!(by_type["food"].is_number(), "{r}");
    assert_eq!(by_type["total"], by_type["food"], "food is the only type: {r}");
    assert_eq!(by_type["food"], r["services_delivered"]["by_type"]["food"], "{r}");
    let monthly = app
        .get(
            &format!("/api/v1/reports/monthly?from={from}&to={from}"),
            &manager.token,
        )
        .await
        .expect(200)
        .body;
    assert!(monthly.to_string().contains("services_distributed"), "{monthly}");
    let (session, _) = app.sign_in(&manager.email).await;
    let page = app
        .page(&format!("/reports?from={from}&to={from}"), Some(&session))
        .await
        .expect(200)
        .raw;
    assert!(page.contains("Services donnés lors de distributions, par type"));
}

async fn a_ticked_sheet_is_entered_back_in_one_screen(app: TestApp) {
    let team = app.team("RBA").await;
    let cw = &team.caseworker.token;
    let a = person(&app, cw, "Awa").await;
    let b = person(&app, cw, "Binta").await;
    let c = person(&app, cw, "Coumba").await;
    let list = app.pregnant_list(cw, "Enceintes").await;
    let (session, _) = app.sign_in(&team.caseworker.email).await;
    let sheet = app
        .page(&format!("/target-lists/{list}/sheet"), Some(&session))
        .await
        .expect(200)
        .raw;
    assert!(
        sheet.contains("id=\"sheet-entry\""),
        "the entry form is on the sheet's page"
    );
    for m in [&a, &b, &c] {
        assert!(sheet.contains(&format!("name=\"served_{m}\" value=\"1\" checked")));
    }
    // Binta's box was left empty on paper.
    let (sa, sb, sc) = (format!("sheet_{a}"), format!("sheet_{b}"), format!("sheet_{c}"));
    let (ta, tc) = (format!("served_{a}"), format!("served_{c}"));
    let form = encode(&[
        ("_csrf", &token(&sheet)),
        ("service_type", "food"),
        ("date", &today()),
        ("place", "Marché central"),
        (&sa, "1"),
        (&ta, "1"),
        (&sb, "1"),
        (&sc, "1"),
        (&tc, "1"),
    ]);
    app.form(
        &format!("/target-lists/{list}/distribute"),
        Some(&session),
        &[],
        form,
    )
    .await
    .expect(303);
    assert_eq!(food_services(&app, cw, &a).await, 1);
    assert_eq!(food_services(&app, cw, &b).await, 0, "not ticked: absent");
    assert_eq!(food_services(&app, cw, &c).await, 1);
    let all = app.get("/api/v1/distributions", cw).await.expect(200).body;
    let d = &all["items"][0];
    assert_eq!(d["served"], 2);
    assert_eq!(d["exceptions"], json!([{"migrant_id": b, "reason": "absent"}]));
}

async fn a_distribution_per_household_serves_each_household_once_through_its_head(app: TestApp) {
    let team = app.team("RBA").await;
    let cw = &team.caseworker.token;
    let head = person(&app, cw, "Awa").await;
    let child = person(&app, cw, "Binta").await;
    let single = person(&app, cw, "Coumba").await;
    let household = app
        .post("/api/v1/households", cw, json!({}))
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    for (m, role) in [(&child, "child"), (&head, "head")] {
        app.join_household(cw, m, &household, role).await;
    }
    let body = json!({"service_type": "food", "date": today(), "migrant_ids": [child, head, single], "per_household": true});
    let preview = app
        .post("/api/v1/distributions/preview", cw, body.clone())
        .await
        .expect(200)
        .body;
    assert_eq!(preview["served"], 2, "{preview}");
    let d = distribute(&app, cw, "per-household", body).await.expect(201).body;
    assert_eq!(d["served"], 2);
    assert_eq!(
        food_services(&app, cw, &head).await,
        1,
        "the head receives for the household"
    );
    assert_eq!(food_services(&app, cw, &child).await, 0);
    assert_eq!(
        food_services(&app, cw, &single).await,
        1,
        "no household: served alone"
    );
}
