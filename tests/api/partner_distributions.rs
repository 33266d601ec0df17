//! Issue 21, part 2: a partner association records its own distribution
//! against the referrals it holds — with its API key or from its pages —
//! one delivered service per person on their case, flagged when repeated
//! in the month, never on a referral it does not hold or has not accepted.

use actix_web::http::Method;
use serde_json::{Value, json};

use crate::harness::{OfficeTeam, PartnerOrg, TestApp};
use crate::on_both_backends;
use crate::pages::{encode, token};

on_both_backends!(
    a_partner_records_a_distribution_with_its_api_key_and_from_its_pages,
    a_partner_distribution_keeps_to_its_accepted_referrals,
);

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

/// A person with a case referred to `org` for food; accepted when `accept`.
async fn referred(
    app: &TestApp,
    team: &OfficeTeam,
    org: &PartnerOrg,
    given: &str,
    accept: bool,
) -> (String, String) {
    let cw = &team.caseworker.token;
    let person = app
        .register(
            cw,
            json!({"given_name": given, "family_name": "Sow", "sex": "female",
                   "consents": [{"purpose": "registration", "given": true}, {"purpose": "referral", "given": true}]}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let case = app.open_case(cw, &person).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .post(
            &format!("/api/v1/cases/{case}/referrals"),
            cw,
            json!({"organization_id": org.id, "service_type": "food", "reason": "Colis alimentaire", "urgency": "normal"}),
        )
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    if accept {
        app.call(
            Method::POST,
            &format!("/api/v1/referrals/{r}/accept"),
            Some(&org.user.token),
            None,
        )
        .await
        .expect(200);
    }
    (r, case)
}

async fn food_on(app: &TestApp, team: &OfficeTeam, case: &str) -> Vec<Value> {
    app.get(&format!("/api/v1/cases/{case}/services"), &team.caseworker.token)
        .await
        .expect(200)
        .body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["service_type"] == "food" && s["status"] == "delivered")
        .cloned()
        .collect()
}

async fn a_partner_records_a_distribution_with_its_api_key_and_from_its_pages(app: TestApp) {
    let team = app.team("RBA").await;
    let org = app
        .partner_org("Banque alimentaire", &[&team.office], &["food"])
        .await;
    let (r1, c1) = referred(&app, &team, &org, "Awa", true).await;
    let (r2, c2) = referred(&app, &team, &org, "Binta", true).await;
    let (r3, c3) = referred(&app, &team, &org, "Coumba", true).await;
    let key = org.api_key(&app).await;
    let body = json!({"service_type": "food", "date": today(), "place": "Local de l'association", "quantity": 1,
                      "referral_ids": [r1, r2]});
    let done = app
        .post("/api/v1/referrals/distributions", &key, body.clone())
        .await
        .expect(201)
        .body;
    assert_eq!(done["served"], 2);
    assert_eq!(
        done["distribution_ids"].as_array().unwrap().len(),
        1,
        "one office"
    );
    let s = food_on(&app, &team, &c1).await;
    assert_eq!(s.len(), 1);
    assert_eq!(
        s[0]["provider"],
        org.id.as_str(),
        "the association is the provider"
    );
    assert_eq!(food_on(&app, &team, &c2).await.len(), 1);
    assert!(food_on(&app, &team, &c3).await.is_empty());
    // The office sees it among its distributions.
    let all = app
        .get("/api/v1/distributions", &team.caseworker.token)
        .await
        .expect(200)
        .body;
    assert_eq!(all["items"][0]["provider"], org.id.as_str());
    assert_eq!(all["items"][0]["served"], 2);
    // A blind retry records nothing twice.
    app.post("/api/v1/referrals/distributions", &key, body.clone())
        .await
        .expect(409);
    assert_eq!(food_on(&app, &team, &c1).await.len(), 1);

    // From the pages: the accepted referrals, ticked.
    let (session, _) = app.sign_in(&org.user.email).await;
    let page = app
        .page("/referrals?status=accepted", Some(&session))
        .await
        .expect(200)
        .raw;
    assert!(page.contains("id=\"partner-distribution\""));
    let form = encode(&[
        ("_csrf", &token(&page)),
        ("service_type", "food"),
        ("date", &today()),
        ("place", "Marché"),
        ("referral", &r3),
    ]);
    let r = app
        .form("/referrals/distribution", Some(&session), &[], form)
        .await
        .expect(303);
    assert_eq!(
        r.header("location").as_deref(),
        Some("/referrals?status=accepted")
    );
    assert_eq!(food_on(&app, &team, &c3).await.len(), 1);
    // A repeat from the page says why and records nothing.
    let page = app
        .page("/referrals?status=accepted", Some(&session))
        .await
        .expect(200)
        .raw;
    let form = encode(&[
        ("_csrf", &token(&page)),
        ("service_type", "food"),
        ("date", &today()),
        ("referral", &r3),
    ]);
    let again = app
        .form("/referrals/distribution", Some(&session), &[], form)
        .await
        .expect(409);
    assert!(again.raw.contains("id=\"partner-distribution-error\""));
    assert_eq!(food_on(&app, &team, &c3).await.len(), 1);
}

async fn a_partner_distribution_keeps_to_its_accepted_referrals(app: TestApp) {
    let team = app.team("RBA").await;
    let org = app
        .partner_org("Banque alimentaire", &[&team.office], &["food"])
        .await;
    let other = app
        .partner_org("Autre association", &[&team.office], &["food"])
        .await;
    let (accepted, case) = referred(&app, &team, &org, "Awa", true).await;
    let (pending, _) = referred(&app, &team, &org, "Binta", false).await;
    let (theirs, _) = referred(&app, &team, &other, "Coumba", true).await;
    let p = &org.user.token;
    let post = |ids: Vec<&str>| json!({"service_type": "food", "date": today(), "referral_ids": ids});
    let r = app
        .post(
            "/api/v1/referrals/distributions",
            p,
            post(vec![&accepted, &pending]),
        )
        .await
        .expect(422);
    assert_eq!(r.body["errors"].as_array().unwrap().len(), 1, "{}", r.body);
    app.post("/api/v1/referrals/distributions", p, post(vec![&theirs]))
        .await
        .expect(422);
    assert!(
        food_on(&app, &team, &case).await.is_empty(),
        "a refused distribution records nothing"
    );
    for bad in [
        json!({"service_type": "food", "date": "2999-01-01", "referral_ids": [accepted]}),
        json!({"service_type": "caviar", "date": today(), "referral_ids": [accepted]}),
        json!({"service_type": "food", "date": today(), "referral_ids": []}),
        json!({"service_type": "food", "date": today(), "referral_ids": [accepted], "provider": "office"}),
    ] {
        app.post("/api/v1/referrals/distributions", p, bad)
            .await
            .expect(422);
    }
    for token in [&team.caseworker.token, &team.supervisor.token] {
        app.post("/api/v1/referrals/distributions", token, post(vec![&accepted]))
            .await
            .expect(403);
    }
    assert!(food_on(&app, &team, &case).await.is_empty());
    app.post("/api/v1/referrals/distributions", p, post(vec![&accepted]))
        .await
        .expect(201);
    assert_eq!(food_on(&app, &team, &case).await.len(), 1);
}
