//! SPEC §4 "Consent withdrawal closes the door at once", the partner's view
//! of cancelled and declined referrals, `respond_by` as a date, and the
//! audit of every read of a person through referrals and the attention list.

use diesel::RunQueryDsl;
use diesel::prelude::*;
use migrant_desk::db::schema::webhook_outbox;
use migrant_desk::store;
use serde_json::{Value, json};

use crate::harness::TestApp;
use crate::on_both_backends;
use crate::referrals::Setup;

on_both_backends!(
    withdrawing_referral_consent_hides_the_person_blocks_the_partner_and_tells_its_webhook,
    a_cancelled_or_declined_referral_shows_the_partner_no_person,
    respond_by_takes_a_date_as_the_end_of_that_day_or_a_date_time,
    every_read_of_a_person_through_referrals_or_the_attention_list_is_audited,
);

/// The referral tests' set-up (a caseworker, a partner serving the office,
/// a consenting person with an open case), with a webhook on the partner so
/// that the events queued for it can be counted.
async fn setup(app: &TestApp) -> Setup {
    let s = crate::referrals::setup(app).await;
    let id = s.a.id.clone();
    app.db(move |c| {
        let mut row = store::organization::find(c, &id).unwrap().unwrap();
        row.webhook_url = Some("https://partner.example/hook".into());
        let v = row.version;
        store::organization::update(c, &row, v).unwrap();
    })
    .await;
    s
}

async fn refer(app: &TestApp, s: &Setup) -> String {
    let body = json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": "Residence application",
                      "urgency": "normal", "share": ["family_name", "phone", "birth_date", "nationality", "vulnerabilities"]});
    app.post(
        &format!("/api/v1/cases/{}/referrals", s.case),
        &s.team.caseworker.token,
        body,
    )
    .await
    .expect(201)
    .body["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn assert_no_person(r: &crate::harness::Reply) {
    assert_eq!(r.body["migrant"], Value::Null, "{}", r.raw);
    assert!(r.body.get("migrant").is_some(), "migrant: null is stated");
    for secret in [
        "Aminata",
        "Diallo",
        "1990-03-02",
        "600 000 001",
        "pregnant",
        "\"GN\"",
        "Residence application",
    ] {
        assert!(!r.raw.contains(secret), "{secret} still shown to the partner");
    }
}

async fn withdrawing_referral_consent_hides_the_person_blocks_the_partner_and_tells_its_webhook(
    app: TestApp,
) {
    let s = setup(&app).await;
    let pending = refer(&app, &s).await;
    let accepted = refer(&app, &s).await;
    let tok = &s.a.user.token;
    app.post(&format!("/api/v1/referrals/{accepted}/accept"), tok, json!({}))
        .await
        .expect(200);
    let r = app
        .get(&format!("/api/v1/referrals/{pending}"), tok)
        .await
        .expect(200);
    assert_eq!(r.body["migrant"]["family_name"], "Diallo");
    assert_eq!(r.body["consent_withdrawn"], false);

    app.post(
        &format!("/api/v1/migrants/{}/consents", s.migrant),
        &s.team.caseworker.token,
        json!({"purpose": "referral", "given": false, "note": "asked to stop sharing"}),
    )
    .await
    .expect(201);

    for id in [&pending, &accepted] {
        let r = app.get(&format!("/api/v1/referrals/{id}"), tok).await.expect(200);
        assert_no_person(&r);
        assert_eq!(r.body["consent_withdrawn"], true);
    }
    let r = app
        .post(&format!("/api/v1/referrals/{pending}/accept"), tok, json!({}))
        .await
        .problem(409);
    assert_eq!(r.body["type"], "urn:migrant-desk:problem:consent-withdrawn");
    app.post(
        &format!("/api/v1/referrals/{accepted}/services"),
        tok,
        json!({"service_type": "legal_aid", "status": "delivered", "date": "2026-01-05"}),
    )
    .await
    .problem(409);
    app.post(
        &format!("/api/v1/referrals/{accepted}/complete"),
        tok,
        json!({"outcome": "done"}),
    )
    .await
    .problem(409);
    // The partner may still decline; the office may still cancel.
    app.post(
        &format!("/api/v1/referrals/{pending}/decline"),
        tok,
        json!({"reason": "consent withdrawn"}),
    )
    .await
    .expect(200);
    // Each open referral's organisation was told, ids only.
    let events: Vec<(String, String)> = app
        .db(|c| {
            webhook_outbox::table
                .filter(webhook_outbox::event_type.eq("referral.consent_withdrawn"))
                .select((webhook_outbox::event_type, webhook_outbox::payload))
                .load(c)
                .unwrap()
        })
        .await;
    assert_eq!(events.len(), 2, "{events:?}");
    for (_, payload) in &events {
        assert!(!payload.contains("Aminata") && !payload.contains("Diallo"));
    }
    // The office still sees its referral and the person's id.
    let r = app
        .get(&format!("/api/v1/referrals/{accepted}"), &s.team.caseworker.token)
        .await
        .expect(200);
    assert_eq!(r.body["migrant_id"], s.migrant);
    assert_eq!(r.body["consent_withdrawn"], true);
}

async fn a_cancelled_or_declined_referral_shows_the_partner_no_person(app: TestApp) {
    let s = setup(&app).await;
    let cancelled = refer(&app, &s).await;
    let declined = refer(&app, &s).await;
    let tok = &s.a.user.token;
    app.post(
        &format!("/api/v1/referrals/{cancelled}/cancel"),
        &s.team.caseworker.token,
        json!({"reason": "sent by mistake"}),
    )
    .await
    .expect(200);
    app.post(
        &format!("/api/v1/referrals/{declined}/decline"),
        tok,
        json!({"reason": "no capacity"}),
    )
    .await
    .expect(200);
    for id in [&cancelled, &declined] {
        let r = app.get(&format!("/api/v1/referrals/{id}"), tok).await.expect(200);
        assert_no_person(&r);
        assert_eq!(r.body["consent_withdrawn"], false);
    }
}

async fn respond_by_takes_a_date_as_the_end_of_that_day_or_a_date_time(app: TestApp) {
    let s = setup(&app).await;
    let path = format!("/api/v1/cases/{}/referrals", s.case);
    let tok = &s.team.caseworker.token;
    let body = |respond_by: &str| {
        json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": "x",
               "urgency": "normal", "respond_by": respond_by})
    };
    // The harness's offices are in Morocco: the end of 5 December is 22:59:59 UTC.
    let r = app.post(&path, tok, body("2030-12-05")).await.expect(201);
    assert_eq!(r.body["respond_by"], "2030-12-05T22:59:59Z");
    let r = app
        .post(&path, tok, body("2030-12-05T17:00:00+01:00"))
        .await
        .expect(201);
    assert_eq!(r.body["respond_by"], "2030-12-05T16:00:00Z");
    for bad in ["05/12/2030", "2030-12-05T17:00", "soon"] {
        let r = app.post(&path, tok, body(bad)).await.problem(422);
        assert_eq!(r.error_fields(), ["respond_by"], "{bad}");
        let message = r.body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains("YYYY-MM-DD") && message.contains("RFC 3339"),
            "{message}"
        );
    }
    let r = app.post(&path, tok, body("2020-01-01")).await.problem(422);
    assert_eq!(r.body["errors"][0]["message"], "must be in the future");
}

async fn every_read_of_a_person_through_referrals_or_the_attention_list_is_audited(app: TestApp) {
    let s = setup(&app).await;
    let id = refer(&app, &s).await;
    let mut before = app.audit_count("read", Some(&s.migrant)).await;
    for (path, tok) in [
        (format!("/api/v1/referrals/{id}"), &s.a.user.token),
        ("/api/v1/referrals".to_string(), &s.a.user.token),
        ("/api/v1/referrals".to_string(), &s.team.caseworker.token),
        (
            format!("/api/v1/cases/{}/referrals", s.case),
            &s.team.caseworker.token,
        ),
    ] {
        app.get(&path, tok).await.expect(200);
        let after = app.audit_count("read", Some(&s.migrant)).await;
        assert_eq!(after, before + 1, "GET {path} recorded no read of the person");
        before = after;
    }
    // The person is on the attention list (pregnant, no service yet).
    let r = app
        .get("/api/v1/attention", &s.team.supervisor.token)
        .await
        .expect(200);
    assert!(r.raw.contains(&s.migrant), "{}", r.raw);
    assert_eq!(
        app.audit_count("read", Some(&s.migrant)).await,
        before + 1,
        "GET /attention recorded no read"
    );
}
