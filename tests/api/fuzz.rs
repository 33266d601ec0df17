//! Hostile bodies: property-based requests to every POST, PATCH and PUT of
//! the OpenAPI document (those that take no body get one too), with generated
//! JSON built from the endpoint's own field names, unknown and read-only
//! ones, wrong types, deep nesting, and bytes that are not JSON, sent with a
//! token of each role in turn on real objects. Whatever comes in: never a
//! 5xx, every refusal an RFC 9457 problem, and a refused request changes
//! nothing (records, versions, and the audit trail but for the refusals it
//! records). `FUZZ_CASES` sets the bodies per endpoint (6 by default; a long
//! run is in docs/operations.md); the seed is fixed unless `FUZZ_RANDOM` is
//! set, and a failure prints the request to commit as a regression case.

use std::collections::BTreeMap;

use actix_web::http::Method;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use migrant_desk::auth::Role;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Value, json};

use crate::harness::{TestApp, TestUser};
use crate::on_both_backends;

on_both_backends!(no_body_makes_the_service_fail_or_change_anything_it_refuses);

/// An endpoint that takes a body.
#[derive(Debug, Clone)]
struct Target {
    method: Method,
    path: String,
    fields: Vec<String>,
}

/// Every POST, PATCH and PUT, and its body's field names (none for those
/// that take no body).
fn targets() -> Vec<Target> {
    let doc = serde_json::to_value(migrant_desk::http::openapi::document()).unwrap();
    let schemas = &doc["components"]["schemas"];
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (verb, method) in [
            ("post", Method::POST),
            ("patch", Method::PATCH),
            ("put", Method::PUT),
        ] {
            let Some(op) = item.get(verb) else { continue };
            // Endpoints without a body get bodies too.
            let schema = &op["requestBody"]["content"]["application/json"]["schema"];
            let resolved = match schema["$ref"].as_str() {
                Some(r) => &schemas[r.rsplit('/').next().unwrap()],
                None => schema,
            };
            let fields = resolved["properties"]
                .as_object()
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default();
            out.push(Target {
                method: method.clone(),
                path: path.clone(),
                fields,
            });
        }
    }
    out
}

/// Values a field may get: each JSON type, and strings that mean something
/// to some field somewhere.
fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e12f64..1e12).prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::String),
        prop::sample::select(vec![
            "",
            " ",
            "2026-01-01",
            "2026-13-45",
            "1900-01-01",
            "9999-12-31T23:59:59Z",
            "legal_aid",
            "health",
            "pending",
            "accepted",
            "urgent",
            "emergency",
            "female",
            "MA",
            "SN",
            "ar",
            "fr",
            "admin",
            "supervisor",
            "partner",
            "registration",
            "referral",
            "share_contact",
            "office",
            "https://169.254.169.254/",
            "http://localhost/",
            "00000000-0000-0000-0000-000000000000",
            "=HYPERLINK(\"x\")",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\u{0}",
            "محمد",
        ])
        .prop_map(|s| Value::String(s.to_string())),
        "x{1000,3000}".prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A body for an endpoint with these fields: mostly an object of its own
/// fields (some with values of the right shape by chance), often with
/// unknown or server-set ones, sometimes not an object or not JSON at all.
fn body(fields: Vec<String>) -> impl Strategy<Value = String> {
    let mut names = fields;
    names.extend(["id", "version", "created_at", "office_id", "status", "zzz"].map(String::from));
    let object = prop::collection::btree_map(prop::sample::select(names), value(), 0..8)
        .prop_map(|m: BTreeMap<String, Value>| Value::Object(m.into_iter().collect()).to_string());
    prop_oneof![
        6 => object,
        1 => value().prop_map(|v| v.to_string()),
        1 => ".{0,60}",
    ]
}

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Rows and summed versions of every table a request may write, and the
/// audit trail's length.
async fn state(app: &TestApp) -> (Vec<(String, i64, i64)>, i64) {
    app.db(|c| {
        let mut tables = Vec::new();
        for t in [
            "migrants",
            "cases",
            "services",
            "notes",
            "follow_ups",
            "referrals",
            "consents",
            "organizations",
            "users",
            "offices",
            "api_keys",
            "households",
        ] {
            let count = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {t}"))
                .get_result::<N>(c)
                .unwrap()
                .n;
            let versions = diesel::sql_query(format!(
                "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) AS n FROM {t}"
            ))
            .get_result::<N>(c)
            .map(|r| r.n)
            .unwrap_or(0);
            tables.push((t.to_string(), count, versions));
        }
        let audit = diesel::sql_query("SELECT seq AS n FROM audit_head WHERE id = 1")
            .get_result::<N>(c)
            .unwrap()
            .n;
        (tables, audit)
    })
    .await
}

/// Real objects for the path parameters, and a user per role.
struct World {
    ids: BTreeMap<&'static str, String>,
    users: Vec<(Role, TestUser)>,
}

async fn world(app: &TestApp) -> World {
    let team = app.team("RBA").await;
    let org = app
        .partner_org("Fuzz Partner", &[&team.office], &["legal_aid"])
        .await;
    let m = app
        .register(
            &team.caseworker.token,
            json!({"given_name": "Awa", "family_name": "Ndiaye", "sex": "female",
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
    let referral = app
        .post(
            &format!("/api/v1/cases/{case}/referrals"),
            &team.caseworker.token,
            json!({"organization_id": org.id, "service_type": "legal_aid",
                   "reason": "Residence papers", "urgency": "normal"}),
        )
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let service = app
        .post(
            &format!("/api/v1/cases/{case}/services"),
            &team.caseworker.token,
            json!({"service_type": "health", "status": "planned", "date": "2026-01-10", "provider": "office"}),
        )
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let follow_up = app
        .post(
            &format!("/api/v1/cases/{case}/follow-ups"),
            &team.caseworker.token,
            json!({"due_on": "2027-01-10", "description": "Call back"}),
        )
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let target = app.user(Role::Caseworker, Some(&team.office), None).await;
    let mut users = vec![
        (Role::Caseworker, team.caseworker),
        (Role::Supervisor, team.supervisor),
    ];
    users.push((Role::Admin, app.admin().await));
    users.push((
        Role::Manager,
        app.user(Role::Manager, Some(&team.office), None).await,
    ));
    users.push((Role::Partner, org.user));
    let ids = BTreeMap::from([
        ("migrants", m),
        ("cases", case),
        ("referrals", referral),
        ("services", service),
        ("follow-ups", follow_up),
        ("organizations", org.id),
        ("users", target.id),
        ("offices", team.office),
    ]);
    World { ids, users }
}

/// The path with each `{param}` replaced by the object of the collection
/// before it (a random id where there is none).
fn concrete(path: &str, w: &World) -> String {
    let mut out = Vec::new();
    let mut previous = "";
    for segment in path.split('/') {
        if segment.starts_with('{') {
            let id = w
                .ids
                .get(previous)
                .cloned()
                .unwrap_or_else(migrant_desk::db::new_id);
            out.push(id);
        } else {
            out.push(segment.to_string());
            previous = segment;
        }
    }
    out.join("/")
}

async fn no_body_makes_the_service_fail_or_change_anything_it_refuses(app: TestApp) {
    let cases: u32 = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6);
    let config = Config {
        cases,
        ..Config::default()
    };
    let mut runner = if std::env::var("FUZZ_RANDOM").is_ok() {
        TestRunner::new(config)
    } else {
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    };
    let w = world(&app).await;
    let targets = targets();
    assert!(targets.len() >= 40, "{} endpoints", targets.len());
    let mut sent = 0;
    for target in &targets {
        let path = concrete(&target.path, &w);
        let strategy = body(target.fields.clone());
        for i in 0..cases {
            let text = strategy.new_tree(&mut runner).unwrap().current();
            let (role, user) = &w.users[(i as usize + sent) % w.users.len()];
            let before = state(&app).await;
            let r = app
                .raw(
                    target.method.clone(),
                    &path,
                    Some(&user.token),
                    &[],
                    Some(("application/json", text.clone())),
                )
                .await;
            sent += 1;
            let status = r.status.as_u16();
            let case = format!(
                "{} {path} as {role:?} with {text:?} -> {status} {}",
                target.method, r.raw
            );
            assert!(status < 500, "a server error: {case}");
            if status < 400 {
                continue;
            }
            assert!(
                r.header("content-type")
                    .is_some_and(|t| t.starts_with("application/problem+json")),
                "not a problem: {case}"
            );
            assert_eq!(r.body["status"], status, "{case}");
            assert!(
                r.body["title"].is_string() && r.body["type"].is_string(),
                "{case}"
            );
            let after = state(&app).await;
            assert_eq!(before.0, after.0, "a refused request changed records: {case}");
            if ![401, 403, 429].contains(&status) {
                assert_eq!(
                    before.1, after.1,
                    "a refused request wrote to the audit trail: {case}"
                );
            }
        }
    }
    eprintln!("{sent} generated bodies to {} endpoints", targets.len());
}
