//! Webhooks: events queued in the outbox are delivered, signed, to a local
//! receiver that fails the first attempts — each one arrives exactly once
//! verified, also when queued before the worker (re)starts.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{App, HttpRequest, HttpResponse, web};
use migrant_desk::webhook::delivery::{DeliveryOptions, start};
use migrant_desk::webhook::signature;
use serde_json::{Value, json};

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(
    events_survive_failures_and_restarts_and_arrive_once_signed,
    webhooks_reach_public_https_addresses_only,
);

#[derive(Default)]
struct Receiver {
    secret: String,
    calls: usize,
    fail_first: usize,
    accepted: HashMap<String, Value>,
    bad_signatures: usize,
}

async fn receive(req: HttpRequest, body: web::Bytes, state: web::Data<Arc<Mutex<Receiver>>>) -> HttpResponse {
    let mut r = state.lock().unwrap();
    r.calls += 1;
    if r.calls <= r.fail_first {
        return HttpResponse::InternalServerError().finish();
    }
    let header = |n: &str| {
        req.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let ts: i64 = header("x-migrantdesk-timestamp").parse().unwrap_or(0);
    let body = String::from_utf8_lossy(&body).to_string();
    if header("x-migrantdesk-signature") != signature(&r.secret, ts, &body) {
        r.bad_signatures += 1;
        return HttpResponse::Unauthorized().finish();
    }
    let event: Value = serde_json::from_str(&body).unwrap();
    let id = event["id"].as_str().unwrap().to_string();
    r.accepted.insert(id, event);
    HttpResponse::NoContent().finish()
}

async fn events_survive_failures_and_restarts_and_arrive_once_signed(app: TestApp) {
    let receiver = Arc::new(Mutex::new(Receiver {
        fail_first: 3,
        ..Default::default()
    }));
    let data = receiver.clone();
    let srv = actix_test::start(move || {
        App::new()
            .app_data(web::Data::new(data.clone()))
            .route("/hook", web::post().to(receive))
    });
    let team = app.team("RBA").await;
    let org = app
        .partner_org("Association", &[&team.office], &["legal_aid"])
        .await;
    let url = srv.url("/hook");
    app.patch(
        &format!("/api/v1/organizations/{}", org.id),
        &org.user.token,
        json!({"webhook_url": url}),
    )
    .await
    .expect(200);
    let secret = app
        .call(
            actix_web::http::Method::POST,
            &format!("/api/v1/organizations/{}/webhook-secret", org.id),
            Some(&org.user.token),
            None,
        )
        .await
        .expect(200)
        .body["secret"]
        .as_str()
        .unwrap()
        .to_string();
    receiver.lock().unwrap().secret = secret;
    // Events are queued while no worker runs (as after a crash or a restart).
    let m = app
        .register(
            &team.caseworker.token,
            json!({"given_name": "Awa", "family_name": "Ba", "sex": "female",
        "consents": [{"purpose": "referral", "given": true}]}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let case = app.open_case(&team.caseworker.token, &m).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .post(&format!("/api/v1/cases/{case}/referrals"), &team.caseworker.token,
              json!({"organization_id": org.id, "service_type": "legal_aid", "reason": "Residence file", "urgency": "urgent"}))
        .await
        .expect(201);
    let rid = r.body["id"].as_str().unwrap().to_string();
    app.call(
        actix_web::http::Method::POST,
        &format!("/api/v1/referrals/{rid}/accept"),
        Some(&org.user.token),
        None,
    )
    .await
    .expect(200);
    let pending = app
        .get(
            &format!("/api/v1/organizations/{}/webhook-deliveries", org.id),
            &org.user.token,
        )
        .await
        .expect(200);
    assert_eq!(pending.body["items"].as_array().unwrap().len(), 2);
    assert!(
        pending.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["state"] == "pending")
    );
    // The worker starts (the process came back) and delivers through the failures.
    let options = DeliveryOptions {
        poll: Duration::from_millis(20),
        retry_base: chrono::Duration::milliseconds(20),
        max_attempts: 10,
        timeout: Duration::from_secs(5),
        allow_private: true,
    };
    let _first = start(app.state.db.clone(), options.clone()).unwrap();
    // A second worker, as a second instance would run, must not cause double delivery.
    let _second = start(app.state.db.clone(), options).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let d = app
            .get(
                &format!("/api/v1/organizations/{}/webhook-deliveries", org.id),
                &org.user.token,
            )
            .await
            .expect(200);
        if d.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["state"] == "delivered")
        {
            break;
        }
        assert!(Instant::now() < deadline, "not delivered: {}", d.raw);
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    let r = receiver.lock().unwrap();
    assert_eq!(r.bad_signatures, 0);
    assert_eq!(r.accepted.len(), 2, "each event arrives once");
    assert_eq!(
        r.calls,
        3 + 2,
        "three failed attempts, then one delivery per event"
    );
    let mut types: Vec<&str> = r.accepted.values().map(|e| e["type"].as_str().unwrap()).collect();
    types.sort();
    assert_eq!(types, ["referral.created", "referral.status_changed"]);
    for e in r.accepted.values() {
        assert_eq!(e["data"]["referral_id"], rid);
        let text = e.to_string();
        assert!(
            !text.contains("Awa") && !text.contains("Residence"),
            "personal data in a webhook: {text}"
        );
    }
}

async fn webhooks_reach_public_https_addresses_only(app: TestApp) {
    let app = app
        .another(|s| {
            s.webhook_allow_private = false;
            s.trusted_proxies = "127.0.0.1, ::1".into();
        })
        .await;
    let team = app.team("RBA").await;
    let org = app
        .partner_org("Association SSRF", &[&team.office], &["legal_aid"])
        .await;
    let path = format!("/api/v1/organizations/{}", org.id);
    // Found from the outside (issue 14): each was accepted before.
    for url in [
        "http://localhost:x@127.0.0.2/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://192.168.1.10/hook",
        "https://[::1]/hook",
        "https://0x7f000001/hook",
        "https://100.64.0.1/hook",
        "https://localhost/hook",
    ] {
        let r = app
            .patch(&path, &org.user.token, json!({"webhook_url": url}))
            .await
            .problem(422);
        assert_eq!(r.error_fields(), ["webhook_url"], "{url}");
    }
    app.patch(
        &path,
        &org.user.token,
        json!({"webhook_url": "https://hooks.partner.example/in"}),
    )
    .await
    .expect(200);
    // A URL stored before the rules were this strict is refused at delivery,
    // before any connection; the partner reads why, and nothing more.
    let receiver = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    receiver.set_nonblocking(true).unwrap();
    let inside = format!("https://127.0.0.1:{}/hook", receiver.local_addr().unwrap().port());
    let id = org.id.clone();
    app.db(move |c| {
        diesel::RunQueryDsl::execute(
            diesel::sql_query(format!(
                "UPDATE organizations SET webhook_url = '{inside}', webhook_secret = 'secret' WHERE id = '{id}'"
            )),
            c,
        )
        .unwrap();
    })
    .await;
    let m = app.migrant(&team.caseworker.token, "Awa", "Ba").await;
    app.post(
        &format!("/api/v1/migrants/{m}/consents"),
        &team.caseworker.token,
        json!({"purpose": "referral", "given": true}),
    )
    .await
    .expect(201);
    let case = app.open_case(&team.caseworker.token, &m).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(&format!("/api/v1/cases/{case}/referrals"), &team.caseworker.token,
             json!({"organization_id": org.id, "service_type": "legal_aid", "reason": "Residence file", "urgency": "urgent"}))
        .await
        .expect(201);
    let worker = start(
        app.state.db.clone(),
        DeliveryOptions {
            poll: Duration::from_millis(20),
            retry_base: chrono::Duration::seconds(60),
            max_attempts: 3,
            timeout: Duration::from_secs(5),
            allow_private: false,
        },
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let error = loop {
        let d = app
            .get(&format!("{path}/webhook-deliveries"), &org.user.token)
            .await
            .expect(200);
        if let Some(e) = d.body["items"][0]["last_error"].as_str() {
            break e.to_string();
        }
        assert!(Instant::now() < deadline, "no delivery attempt: {}", d.raw);
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    drop(worker);
    assert_eq!(error, "the webhook URL must be a public address");
    assert!(
        receiver.accept().is_err(),
        "nothing connected to the inside address"
    );
}
