//! Anonymisation and retention leave nothing behind: after a person's whole
//! history (registration retried with an `Idempotency-Key`, a merged
//! duplicate, a household, consents with notes, a case with services, notes
//! and follow-ups, referrals declined and completed with reasons and
//! outcomes) is anonymised — by a supervisor or by the retention job —
//! every text column of every table is searched for their name, phone and
//! document number. The registry the erasure reads is
//! `domain::personal_data`.

use actix_web::http::Method;
use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Text};
use migrant_desk::db::DbConn;
use serde_json::{Value, json};

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(
    an_anonymised_person_is_found_in_no_text_column_of_any_table,
    retention_leaves_no_trace_of_the_person_or_of_records_merged_into_theirs,
    a_retried_post_replays_by_reading_again_and_stores_no_body_or_secret,
);

/// What identifies the person, as written in many places.
const NEEDLES: &[&str] = &["Konat", "611 223 344", "611223344", "MK778899", "Mariama"];

#[derive(diesel::QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

#[derive(diesel::QueryableByName)]
struct Hits {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Every (table, column) holding text, on either backend.
fn text_columns(c: &mut DbConn) -> Vec<(String, String)> {
    let cols: Vec<Column> = match c {
        DbConn::Sqlite(_) => diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m \
             JOIN pragma_table_info(m.name) p WHERE m.type = 'table' \
             AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__diesel%' \
             AND (p.type LIKE '%TEXT%' OR p.type LIKE '%CHAR%' OR p.type = '')",
        )
        .load(c)
        .expect("sqlite columns"),
        DbConn::Pg(_) => diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name \
             FROM information_schema.columns WHERE table_schema = current_schema() \
             AND data_type IN ('text', 'character varying', 'json', 'jsonb') \
             AND table_name NOT LIKE '__diesel%'",
        )
        .load(c)
        .expect("pg columns"),
    };
    assert!(
        cols.len() > 50,
        "the search covers the schema: {} columns",
        cols.len()
    );
    cols.into_iter().map(|c| (c.table_name, c.column_name)).collect()
}

/// Where each needle still appears: `table.column: needle`.
async fn traces(app: &TestApp, extra: Vec<String>) -> Vec<String> {
    app.db(move |c| {
        let mut found = Vec::new();
        for (table, column) in text_columns(c) {
            for needle in NEEDLES.iter().map(|s| s.to_string()).chain(extra.iter().cloned()) {
                let sql = format!(
                    "SELECT COUNT(*) AS n FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE '%{needle}%'"
                );
                let hits: Hits = diesel::sql_query(sql).get_result(c).expect("search");
                if hits.n > 0 {
                    found.push(format!("{table}.{column}: {needle}"));
                }
            }
        }
        found
    })
    .await
}

struct History {
    kept: String,
    dup_case: String,
    duplicate: String,
    case: String,
    referral: String,
    supervisor: String,
    partner: String,
}

/// Builds a person's whole history through the API.
async fn history(app: &TestApp) -> History {
    let t = app.team("RBA").await;
    let org = app
        .partner_org("Association Solidarité", &[&t.office], &["legal_aid", "health"])
        .await;
    let household = app
        .post("/api/v1/households", &t.caseworker.token, json!({}))
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let person = json!({
        "given_name": "Mariama", "family_name": "Konaté", "sex": "female", "birth_date": "1994-05-06",
        "nationality": "ML", "phone": "+212 611 223 344", "district": "Hay Mohammadi",
        "household_id": household, "relationship_to_head": "head",
        "documents": [{"type": "passport", "number": "MK778899"}],
        "consents": [{"purpose": "registration", "given": true, "note": "Mariama Konaté signed the form"},
                     {"purpose": "referral", "given": true}, {"purpose": "share_contact", "given": true}]
    });
    let first = app
        .raw(
            Method::POST,
            "/api/v1/migrants",
            Some(&t.caseworker.token),
            &[("Idempotency-Key", "register-1")],
            Some(("application/json", person.to_string())),
        )
        .await
        .expect(201);
    let kept = first.body["id"].as_str().unwrap().to_string();
    // A second record of the same person, merged into the first: its
    // possible duplicates name her too.
    let dup = app
        .register(
            &t.caseworker.token,
            json!({"given_name": "Mariama", "family_name": "Konate", "sex": "female",
                   "phone": "+212611223344", "documents": [{"type": "passport", "number": "MK778899"}],
                   "consents": [{"purpose": "registration", "given": true}]}),
        )
        .await;
    let duplicate = dup["id"].as_str().unwrap().to_string();
    let dup_case = app.open_case(&t.caseworker.token, &duplicate).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(
        &format!("/api/v1/cases/{dup_case}/notes"),
        &t.caseworker.token,
        json!({"text": "Konaté came twice under another spelling"}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/migrants/{kept}/merge"),
        &t.supervisor.token,
        json!({"duplicate_id": duplicate}),
    )
    .await
    .expect(200);

    let case = app
        .post(
            "/api/v1/cases",
            &t.caseworker.token,
            json!({"migrant_id": kept, "summary": "Mariama Konaté, pregnant, phone 611 223 344"}),
        )
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let on_case = |what: &str| format!("/api/v1/cases/{case}/{what}");
    app.post(
        &on_case("services"),
        &t.caseworker.token,
        json!({"service_type": "health", "status": "delivered", "date": "2026-01-05",
               "notes": "Mariama seen at the clinic, passport MK778899"}),
    )
    .await
    .expect(201);
    app.post(
        &on_case("notes"),
        &t.caseworker.token,
        json!({"text": "Mme Konaté lives with her cousin"}),
    )
    .await
    .expect(201);
    app.post(
        &on_case("follow-ups"),
        &t.caseworker.token,
        json!({"due_on": "2030-01-01", "description": "Call Mariama on 611 223 344"}),
    )
    .await
    .expect(201);
    let referrals = on_case("referrals");
    let refer = |service: &str| {
        app.post(
            &referrals,
            &t.caseworker.token,
            json!({"organization_id": org.id, "service_type": service, "urgency": "normal",
                   "reason": "Mariama Konaté needs help (passport MK778899)", "share": ["family_name", "phone"]}),
        )
    };
    let declined = refer("health").await.expect(201).body["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(
        &format!("/api/v1/referrals/{declined}/decline"),
        &org.user.token,
        json!({"reason": "We already follow Mariama Konaté"}),
    )
    .await
    .expect(200);
    let referral = refer("legal_aid").await.expect(201).body["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(
        &format!("/api/v1/referrals/{referral}/accept"),
        &org.user.token,
        json!({}),
    )
    .await
    .expect(200);
    app.post(
        &format!("/api/v1/referrals/{referral}/complete"),
        &org.user.token,
        json!({"outcome": "Mariama Konaté got her receipt"}),
    )
    .await
    .expect(200);
    History {
        kept,
        dup_case,
        duplicate,
        case,
        referral,
        supervisor: t.supervisor.token.clone(),
        partner: org.user.token.clone(),
    }
}

/// What the history wrote in each column of the registry (a text the
/// subject-access export must show before the erasure).
const WRITTEN: &[(&str, &str, &str)] = &[
    ("migrants", "given_name", "Mariama"),
    ("migrants", "family_name", "Konaté"),
    ("migrants", "phone", "+212 611 223 344"),
    ("migrants", "district", "Hay Mohammadi"),
    ("migrants", "documents", "MK778899"),
    ("consents", "note", "Mariama Konaté signed the form"),
    ("cases", "summary", "Mariama Konaté, pregnant, phone 611 223 344"),
    ("notes", "text", "Mme Konaté lives with her cousin"),
    (
        "services",
        "notes",
        "Mariama seen at the clinic, passport MK778899",
    ),
    ("follow_ups", "description", "Call Mariama on 611 223 344"),
    (
        "referrals",
        "reason",
        "Mariama Konaté needs help (passport MK778899)",
    ),
    ("referral_events", "reason", "We already follow Mariama Konaté"),
    ("referral_events", "outcome", "Mariama Konaté got her receipt"),
];

async fn an_anonymised_person_is_found_in_no_text_column_of_any_table(app: TestApp) {
    let h = history(&app).await;
    // Before the erasure: every column where the search finds her is in the
    // registry (a new column holding personal data must be listed there),
    // and the subject-access export shows what each registry column holds.
    let found = traces(&app, vec![]).await;
    assert!(
        !found.is_empty(),
        "the search finds the person before the erasure"
    );
    let registry = migrant_desk::domain::personal_data::PERSONAL_COLUMNS;
    for hit in &found {
        let (column, _) = hit.split_once(": ").unwrap();
        let listed = registry
            .iter()
            .any(|c| format!("{}.{}", c.table, c.column) == column)
            || migrant_desk::domain::personal_data::DERIVED_COLUMNS
                .iter()
                .any(|(t, c, _)| format!("{t}.{c}") == column);
        assert!(
            listed,
            "{column} holds her data but is not in domain::personal_data"
        );
    }
    let export = app
        .get(&format!("/api/v1/migrants/{}/export", h.kept), &h.supervisor)
        .await
        .expect(200);
    let export = serde_json::to_string(&export.body).unwrap();
    for (table, column, text) in WRITTEN {
        assert!(
            registry.iter().any(|c| c.table == *table && c.column == *column),
            "{table}.{column}"
        );
        assert!(export.contains(text), "the export shows {table}.{column}: {text}");
    }
    app.raw(
        Method::POST,
        &format!("/api/v1/migrants/{}/anonymise", h.kept),
        Some(&h.supervisor),
        &[("Idempotency-Key", "anonymise-1")],
        None,
    )
    .await
    .expect(200);
    assert_eq!(traces(&app, vec![]).await, Vec::<String>::new());
    // What the partner reads of the referral holds nothing about her either.
    let r = app
        .get(&format!("/api/v1/referrals/{}", h.referral), &h.partner)
        .await
        .expect(200);
    for needle in NEEDLES {
        assert!(!r.raw.contains(needle), "{needle} in {}", r.raw);
    }
    let dup = app
        .get(&format!("/api/v1/migrants/{}", h.duplicate), &h.supervisor)
        .await
        .expect(200);
    assert_eq!(dup.body["state"], "merged");
    assert_eq!(dup.body["given_name"], "");
}

async fn retention_leaves_no_trace_of_the_person_or_of_records_merged_into_theirs(app: TestApp) {
    let h = history(&app).await;
    for case in [&h.case, &h.dup_case] {
        app.post(
            &format!("/api/v1/cases/{case}/close"),
            &h.supervisor,
            json!({"reason": "resolved"}),
        )
        .await
        .expect(200);
    }
    let later = migrant_desk::db::now() + chrono::Duration::days(400);
    let n = app
        .db(move |c| migrant_desk::casefile::retention::run(c, later, 365).expect("retention"))
        .await;
    assert_eq!(n, 1, "the person is due; the merged record goes with her");
    assert_eq!(traces(&app, vec![]).await, Vec::<String>::new());
    let _ = h.kept;
}

async fn a_retried_post_replays_by_reading_again_and_stores_no_body_or_secret(app: TestApp) {
    let t = app.team("RBA").await;
    let org = app.partner_org("Caritas", &[&t.office], &["legal_aid"]).await;
    let path = format!("/api/v1/organizations/{}/api-keys", org.id);
    let send = || {
        app.raw(
            Method::POST,
            &path,
            Some(&org.user.token),
            &[("Idempotency-Key", "key-1")],
            Some(("application/json", json!({"name": "Case system"}).to_string())),
        )
    };
    let first = send().await.expect(201);
    let key = first.body["key"].as_str().unwrap().to_string();
    let again = send().await.expect(201);
    assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(again.body["id"], first.body["id"]);
    assert!(
        again.body.get("key").is_none(),
        "the secret was shown once: {}",
        again.raw
    );
    assert_eq!(
        traces(&app, vec![key.clone()]).await,
        Vec::<String>::new(),
        "the key is stored hashed only"
    );

    // A registration replayed after an anonymisation shows the anonymised record.
    let body = json!({"given_name": "Mariama", "family_name": "Konaté", "sex": "female",
                      "consents": [{"purpose": "registration", "given": true}]})
    .to_string();
    let register = || {
        app.raw(
            Method::POST,
            "/api/v1/migrants",
            Some(&t.caseworker.token),
            &[("Idempotency-Key", "reg-1")],
            Some(("application/json", body.clone())),
        )
    };
    let first = register().await.expect(201);
    let id = first.body["id"].as_str().unwrap().to_string();
    app.post(
        &format!("/api/v1/migrants/{id}/anonymise"),
        &t.supervisor.token,
        json!({}),
    )
    .await
    .expect(200);
    let replay = register().await.expect(201);
    assert_eq!(replay.body["id"], Value::String(id));
    assert_eq!(replay.body["state"], "anonymised");
    assert!(!replay.raw.contains("Konat"), "{}", replay.raw);

    // Outcomes are forgotten after the replay window.
    let tomorrow = migrant_desk::db::now() + chrono::Duration::hours(25);
    let purged = app
        .db(move |c| migrant_desk::idempotency::purge(c, tomorrow).expect("purge"))
        .await;
    assert_eq!(purged, 2);
}
