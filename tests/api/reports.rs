//! Reports, the attention list and retention: aggregates never expose a
//! person; the right people see them; forgotten people are listed; expired
//! records are anonymised once, even by two instances at once.

use diesel::RunQueryDsl;
use migrant_desk::auth::Role;
use serde_json::{Value, json};

use crate::harness::{OfficeTeam, TestApp};
use crate::on_both_backends;

on_both_backends!(
    managers_and_supervisors_get_reports_of_their_scope_and_others_are_refused,
    no_report_output_shows_a_person_or_a_small_or_derivable_count,
    each_office_part_of_the_network_is_that_office_summary_and_transfers_leave_a_frozen_month_alone,
    the_attention_list_names_who_risks_being_forgotten_and_why,
    retention_anonymises_expired_records_once_even_from_two_instances,
);

async fn seed(app: &TestApp, t: &OfficeTeam, names: &[(&str, &str, &str)]) -> Vec<String> {
    let mut ids = Vec::new();
    for (given, family, sex) in names {
        let body = json!({"given_name": given, "family_name": family, "sex": sex, "nationality": "SN",
                          "birth_year": 1990, "legal_status": "irregular", "vulnerabilities": ["pregnant"],
                          "consents": [{"purpose": "referral", "given": true}]});
        ids.push(
            app.register(&t.caseworker.token, body).await["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    ids
}

async fn managers_and_supervisors_get_reports_of_their_scope_and_others_are_refused(app: TestApp) {
    let rba = app.team("RBA").await;
    let ouj = app.team("OUJ").await;
    let manager = app.user(Role::Manager, Some(&rba.office), None).await;
    let network = app.user(Role::Manager, None, None).await;
    seed(&app, &rba, &[("Awa", "Ba", "female")]).await;
    for (who, path) in [
        (&manager, "/api/v1/reports/summary"),
        (&rba.supervisor, "/api/v1/reports/summary"),
        (&manager, "/api/v1/reports/monthly"),
        (&manager, "/api/v1/reports/summary.csv"),
        (&rba.supervisor, "/api/v1/reports/monthly.csv"),
    ] {
        app.get(path, &who.token).await.expect(200);
    }
    let r = app
        .get("/api/v1/reports/summary", &manager.token)
        .await
        .expect(200);
    assert_eq!(r.body["office_id"], rba.office);
    assert_eq!(r.body["k"], 5);
    app.get(
        &format!("/api/v1/reports/summary?office_id={}", ouj.office),
        &manager.token,
    )
    .await
    .problem(404);
    app.get(
        &format!("/api/v1/reports/summary?office_id={}", ouj.office),
        &rba.supervisor.token,
    )
    .await
    .problem(404);
    let r = app
        .get("/api/v1/reports/summary", &network.token)
        .await
        .expect(200);
    assert!(r.body["network"].is_object());
    assert_eq!(r.body["offices"].as_array().unwrap().len(), 2);
    let r = app
        .get(
            &format!("/api/v1/reports/summary?office_id={}", ouj.office),
            &network.token,
        )
        .await
        .expect(200);
    assert_eq!(r.body["office_code"], "OUJ");
    let partner = app.partner_org("Org", &[&rba.office], &["health"]).await;
    for who in [&rba.caseworker, &partner.user, &app.admin().await] {
        for path in [
            "/api/v1/reports/summary",
            "/api/v1/reports/summary.csv",
            "/api/v1/reports/monthly",
            "/api/v1/reports/monthly.csv",
        ] {
            app.get(path, &who.token).await.problem(403);
        }
    }
    let r = app
        .get(
            "/api/v1/reports/summary?from=2026-05-01&to=2026-01-01",
            &manager.token,
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["to"]);
    app.get("/api/v1/reports/summary?from=yesterday", &manager.token)
        .await
        .problem(422);
}

fn leaves(v: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| leaves(x, format!("{path}.{k}"), out)),
        other => out.push((path, other.clone())),
    }
}

/// No published count is from 1 to k−1, and where a total is published,
/// total minus the published cells is not either.
pub fn check_protected(v: &Value, k: i64) {
    let mut all = Vec::new();
    leaves(v, String::new(), &mut all);
    for (path, value) in &all {
        if let Some(n) = value.as_i64() {
            if path.ends_with(".k") || path.ends_with(".max_noise") {
                continue;
            }
            assert!(!(1..k).contains(&n), "{path} = {n} is a small count");
        }
    }
    fn walk(v: &Value, k: i64) {
        if let Value::Object(m) = v {
            if let Some(total) = m.get("total").and_then(Value::as_i64) {
                let published: i64 = m
                    .iter()
                    .filter(|(key, _)| *key != "total")
                    .filter_map(|(_, x)| x.as_i64())
                    .sum();
                let derived = total - published;
                assert!(!(1..k).contains(&derived), "total - published = {derived} in {v}");
            }
            m.values().for_each(|x| walk(x, k));
        }
    }
    walk(v, k);
}

/// A published count against the truth: 0 stays 0, 1…k−1 shows as 0 or k,
/// larger counts move by at most 2 and never below k.
pub fn near(published: &Value, truth: i64, k: i64) {
    let p = published
        .as_i64()
        .unwrap_or_else(|| panic!("{published} is not a count"));
    match truth {
        0 => assert_eq!(p, 0),
        t if t < k => assert!(p == 0 || p == k, "{t} published as {p}"),
        t => assert!((p - t).abs() <= 2 && p >= k, "{t} published as {p}"),
    }
}

async fn no_report_output_shows_a_person_or_a_small_or_derivable_count(app: TestApp) {
    let t = app.team("RBA").await;
    let manager = app.user(Role::Manager, Some(&t.office), None).await;
    let mut people = vec![("Aminata", "Diallo", "female"); 7];
    people.extend([
        ("Moussa", "Traoré", "male"),
        ("Ousmane", "Sow", "male"),
        ("Kim", "Lee", "unknown"),
    ]);
    let ids = seed(&app, &t, &people).await;
    let org = app
        .partner_org("Clinique Juridique", &[&t.office], &["legal_aid"])
        .await;
    for id in ids.iter().take(6) {
        let case = app.open_case(&t.caseworker.token, id).await;
        let cid = case["id"].as_str().unwrap();
        app.post(
            &format!("/api/v1/cases/{cid}/services"),
            &t.caseworker.token,
            json!({"service_type": "health", "status": "delivered", "date": chrono::Utc::now().date_naive()}),
        )
        .await
        .expect(201);
        app.post(&format!("/api/v1/cases/{cid}/referrals"), &t.caseworker.token, json!({"organization_id": org.id, "service_type": "legal_aid", "reason": "x", "urgency": "normal"})).await.expect(201);
    }
    let month = app.move_to_last_month().await;
    let r = app
        .get("/api/v1/reports/summary", &manager.token)
        .await
        .expect(200);
    assert!(r.body["months"].as_array().unwrap().contains(&json!(month)));
    assert_eq!(r.body["protection"]["method"], "cell_key_perturbation");
    let m = &r.body["migrants_registered"];
    near(&m["by_sex"]["female"], 7, 5);
    near(&m["by_sex"]["male"], 2, 5);
    near(&m["by_sex"]["unknown"], 1, 5);
    near(&m["by_nationality"]["SN"], 10, 5);
    near(&m["by_vulnerability"]["pregnant"], 10, 5);
    near(&r.body["cases"]["opened"], 6, 5);
    near(&r.body["services_delivered"]["by_type"]["health"], 6, 5);
    near(&r.body["services_delivered"]["by_provider"]["office"], 6, 5);
    near(&r.body["referrals"]["by_status"]["pending"], 6, 5);
    near(
        &r.body["referrals"]["by_organization"]["Clinique Juridique"],
        6,
        5,
    );
    assert_eq!(r.body["methods"]["migrants_registered.by_sex.male"], "perturbed");
    assert_eq!(
        r.body["methods"]["migrants_registered.by_sex.total"],
        "sum_of_cells"
    );
    assert!(
        r.body["partners_median_response_hours"].is_null(),
        "nobody answered yet"
    );
    assert_eq!(r.body["methods"]["partners_median_response_hours"], "suppressed");
    assert_eq!(r.body["suppressed"], json!(["partners_median_response_hours"]));
    check_protected(&r.body, 5);
    // The same records always give the same figures.
    let again = app
        .get("/api/v1/reports/summary", &manager.token)
        .await
        .expect(200);
    assert_eq!(again.body, r.body);
    for leak in ["Aminata", "Diallo", "Traoré", "Lee"]
        .iter()
        .map(|s| s.to_string())
        .chain(ids.iter().cloned())
    {
        assert!(!r.raw.contains(&leak), "{leak} in a report");
    }
    let csv = app
        .get("/api/v1/reports/summary.csv", &manager.token)
        .await
        .expect(200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(
        csv.header("content-disposition")
            .unwrap()
            .contains("summary-RBA-")
    );
    let mut lines = csv.raw.lines();
    assert_eq!(lines.next(), Some("dimension,key,count"));
    for line in lines {
        let count = line.rsplit(',').next().unwrap();
        if let Ok(n) = count.parse::<f64>() {
            assert!(!(1.0..5.0).contains(&n), "small count in CSV: {line}");
        }
        for leak in ["Aminata", "Diallo"] {
            assert!(!line.contains(leak));
        }
    }
    let female = r.body["migrants_registered"]["by_sex"]["female"]
        .as_i64()
        .unwrap();
    assert!(
        csv.raw
            .contains(&format!("migrants_registered.by_sex,female,{female}\n"))
    );
    let monthly = app
        .get("/api/v1/reports/monthly", &manager.token)
        .await
        .expect(200);
    near(&monthly.body["migrants_registered"][&month], 10, 5);
    check_protected(&monthly.body, 5);
    let registered = monthly.body["migrants_registered"][&month].as_i64().unwrap();
    let mcsv = app
        .get("/api/v1/reports/monthly.csv", &manager.token)
        .await
        .expect(200);
    assert!(
        mcsv.raw
            .contains(&format!("migrants_registered,{month},{registered}"))
    );
    // A network manager sees the same protection per office.
    let network = app.user(Role::Manager, None, None).await;
    let n = app
        .get("/api/v1/reports/summary", &network.token)
        .await
        .expect(200);
    check_protected(&n.body, 5);
}

async fn each_office_part_of_the_network_is_that_office_summary_and_transfers_leave_a_frozen_month_alone(
    app: TestApp,
) {
    let rba = app.team("RBA").await;
    let ouj = app.team("OUJ").await;
    let network = app.user(Role::Manager, None, None).await;
    let rba_manager = app.user(Role::Manager, Some(&rba.office), None).await;
    let rba_ids = seed(
        &app,
        &rba,
        &[
            ("Awa", "Ba", "female"),
            ("Fatou", "Diop", "female"),
            ("Mariam", "Sarr", "female"),
            ("Aicha", "Ndiaye", "female"),
            ("Khady", "Fall", "female"),
            ("Binta", "Sow", "female"),
        ],
    )
    .await;
    let ouj_ids = seed(
        &app,
        &ouj,
        &[
            ("Amina", "Benali", "female"),
            ("Salma", "Haddad", "female"),
            ("Nadia", "Alaoui", "female"),
            ("Leila", "Tazi", "female"),
            ("Samira", "Idrissi", "female"),
            ("Hind", "Berrada", "female"),
            ("Zineb", "Fassi", "female"),
        ],
    )
    .await;
    for (t, ids) in [(&rba, &rba_ids), (&ouj, &ouj_ids)] {
        for id in ids.iter().take(5) {
            let case = app.open_case(&t.caseworker.token, id).await;
            let cid = case["id"].as_str().unwrap();
            app.post(
                &format!("/api/v1/cases/{cid}/services"),
                &t.caseworker.token,
                json!({"service_type": "health", "status": "delivered", "date": chrono::Utc::now().date_naive()}),
            )
            .await
            .expect(201);
        }
    }
    let moved = app.open_case(&rba.caseworker.token, &rba_ids[5]).await;
    let mid = moved["id"].as_str().unwrap().to_string();
    for _ in 0..2 {
        app.post(
            &format!("/api/v1/cases/{mid}/services"),
            &rba.caseworker.token,
            json!({"service_type": "health", "status": "delivered", "date": chrono::Utc::now().date_naive()}),
        )
        .await
        .expect(201);
    }
    app.move_to_last_month().await;
    let n = app
        .get("/api/v1/reports/summary", &network.token)
        .await
        .expect(200);
    let whole = &n.body["network"];
    let part = |body: &Value, code: &str| {
        body["offices"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["office_code"] == code)
            .unwrap()
            .clone()
    };
    let (rba_part, ouj_part) = (part(&n.body, "RBA"), part(&n.body, "OUJ"));
    near(&rba_part["migrants_registered"]["by_sex"]["female"], 6, 5);
    near(&ouj_part["migrants_registered"]["by_sex"]["female"], 7, 5);
    near(&ouj_part["services_delivered"]["by_provider"]["office"], 5, 5);
    near(&rba_part["services_delivered"]["by_provider"]["office"], 7, 5);
    // The network's figures are the sums of the offices' published cells
    // (docs/privacy.md, rule 4): nothing is published about the network
    // that the offices' cells do not already say.
    for path in [
        &["migrants_registered", "by_sex", "female"][..],
        &["cases", "opened"],
        &["services_delivered", "by_type", "health"],
    ] {
        let at = |v: &Value| path.iter().fold(v, |v, k| &v[*k]).as_i64().unwrap();
        assert_eq!(at(whole), at(&rba_part) + at(&ouj_part), "{path:?}");
    }
    // The network's part for an office is exactly what that office's manager sees.
    let own = app
        .get("/api/v1/reports/summary", &rba_manager.token)
        .await
        .expect(200);
    for key in [
        "migrants_registered",
        "cases",
        "services_delivered",
        "referrals",
        "suppressed",
        "methods",
        "partners_median_response_hours",
    ] {
        assert_eq!(rba_part[key], own.body[key], "{key}");
    }
    // A case transferred after its month was reported leaves that month's
    // figures as they were published: the month is frozen.
    app.post(
        &format!("/api/v1/cases/{mid}/transfer"),
        &rba.supervisor.token,
        json!({"office_id": ouj.office}),
    )
    .await
    .expect(200);
    let after = app
        .get("/api/v1/reports/summary", &network.token)
        .await
        .expect(200);
    assert_eq!(after.body, n.body);
}

async fn the_attention_list_names_who_risks_being_forgotten_and_why(app: TestApp) {
    let t = app.team("RBA").await;
    let today = chrono::Utc::now().date_naive();
    let pregnant = app.register(&t.caseworker.token, json!({"given_name": "Awa", "family_name": "Ba", "sex": "female",
        "vulnerabilities": ["pregnant"], "documents": [{"type": "residence_card", "number": "RC12345", "expires_on": today + chrono::Duration::days(20)}]})).await;
    let pid = pregnant["id"].as_str().unwrap().to_string();
    let case = app.open_case(&t.caseworker.token, &pid).await;
    let cid = case["id"].as_str().unwrap().to_string();
    app.post(
        &format!("/api/v1/cases/{cid}/follow-ups"),
        &t.caseworker.token,
        json!({"due_on": "2020-01-01", "description": "Call"}),
    )
    .await
    .expect(201);
    let quiet = app.migrant(&t.caseworker.token, "Moussa", "Sow").await;
    let quiet_case = app.open_case(&t.caseworker.token, &quiet).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let qc = quiet_case.clone();
    app.db(move |c| {
        diesel::sql_query(format!(
            "UPDATE cases SET updated_at = '2020-01-01 00:00:00' WHERE id = '{qc}'"
        ))
        .execute(c)
        .unwrap();
    })
    .await;
    let r = app
        .get("/api/v1/attention", &t.supervisor.token)
        .await
        .expect(200);
    let items = r.body["items"].as_array().unwrap();
    let kinds = |m: &str| -> Vec<String> {
        items
            .iter()
            .filter(|i| i["migrant_id"] == m)
            .map(|i| i["kind"].as_str().unwrap().to_string())
            .collect()
    };
    let mut p = kinds(&pid);
    p.sort();
    assert_eq!(
        p,
        [
            "document_expiring",
            "overdue_follow_up",
            "vulnerable_without_service"
        ]
    );
    assert_eq!(kinds(&quiet), ["inactive_case"]);
    assert!(
        items
            .iter()
            .all(|i| i["reason"].as_str().is_some_and(|s| !s.is_empty()))
    );
    // A delivered service takes the person off the "without service" list.
    app.post(
        &format!("/api/v1/cases/{cid}/services"),
        &t.caseworker.token,
        json!({"service_type": "maternal_health", "status": "delivered", "date": today}),
    )
    .await
    .expect(201);
    let r = app
        .get("/api/v1/attention", &t.supervisor.token)
        .await
        .expect(200);
    assert!(
        !r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "vulnerable_without_service")
    );
    let other = app.team("OUJ").await;
    let r = app
        .get("/api/v1/attention", &other.supervisor.token)
        .await
        .expect(200);
    assert!(r.body["items"].as_array().unwrap().is_empty());
    let manager = app.user(Role::Manager, Some(&t.office), None).await;
    app.get("/api/v1/attention", &manager.token).await.problem(403);
}

async fn retention_anonymises_expired_records_once_even_from_two_instances(app: TestApp) {
    let t = app.team("RBA").await;
    let mut expired = Vec::new();
    for name in ["Awa", "Fatou", "Mariam"] {
        let id = app.migrant(&t.caseworker.token, name, "Ba").await;
        let case = app.open_case(&t.caseworker.token, &id).await["id"]
            .as_str()
            .unwrap()
            .to_string();
        app.post(
            &format!("/api/v1/cases/{case}/close"),
            &t.caseworker.token,
            json!({"reason": "resolved"}),
        )
        .await
        .expect(200);
        expired.push(id);
    }
    let recent = app.migrant(&t.caseworker.token, "Oumou", "Sy").await;
    let rc = app.open_case(&t.caseworker.token, &recent).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(
        &format!("/api/v1/cases/{rc}/close"),
        &t.caseworker.token,
        json!({"reason": "resolved"}),
    )
    .await
    .expect(200);
    let open = app.migrant(&t.caseworker.token, "Kadi", "Sy").await;
    app.open_case(&t.caseworker.token, &open).await;
    let ids = expired.clone();
    app.db(move |c| {
        for id in ids {
            diesel::sql_query(format!(
                "UPDATE cases SET closed_at = '2019-01-01 00:00:00' WHERE migrant_id = '{id}'"
            ))
            .execute(c)
            .unwrap();
        }
    })
    .await;
    let due = app
        .db(|c| migrant_desk::casefile::retention::due(c, migrant_desk::db::now(), 1825).unwrap())
        .await;
    let mut due_ids: Vec<String> = due.into_iter().map(|(id, _)| id).collect();
    due_ids.sort();
    let mut want = expired.clone();
    want.sort();
    assert_eq!(due_ids, want);
    // Two instances run the job at the same moment.
    let (a, b) = futures_util::future::join(
        app.db(|c| migrant_desk::casefile::retention::run(c, migrant_desk::db::now(), 1825).unwrap()),
        app.db(|c| migrant_desk::casefile::retention::run(c, migrant_desk::db::now(), 1825).unwrap()),
    )
    .await;
    assert_eq!(a + b, 3);
    for id in &expired {
        assert_eq!(app.audit_count("anonymise", Some(id)).await, 1);
        let r = app
            .get(&format!("/api/v1/migrants/{id}"), &t.caseworker.token)
            .await
            .expect(200);
        assert_eq!(r.body["state"], "anonymised");
    }
    for id in [&recent, &open] {
        let r = app
            .get(&format!("/api/v1/migrants/{id}"), &t.caseworker.token)
            .await
            .expect(200);
        assert_eq!(r.body["state"], "active");
    }
    let again = app
        .db(|c| migrant_desk::casefile::retention::run(c, migrant_desk::db::now(), 1825).unwrap())
        .await;
    assert_eq!(again, 0);
}
