//! `/offices`: administrators write, every signed-in role reads.

use migrant_desk::auth::Role;
use serde_json::json;

use crate::harness::TestApp;
use crate::on_both_backends;

on_both_backends!(
    admin_creates_an_office_with_location_etag_and_audit,
    only_admins_create_or_change_offices,
    every_role_reads_offices_and_unknown_ids_are_404,
    invalid_office_fields_are_named_and_nothing_is_stored,
    duplicate_office_code_is_a_conflict,
    stale_if_match_is_refused_and_changes_nothing,
    office_list_pages_with_a_cursor,
    an_office_keeps_its_own_time_zone_or_its_country_s,
);

async fn admin_creates_an_office_with_location_etag_and_audit(app: TestApp) {
    let admin = app.admin().await;
    let r = app
        .post(
            "/api/v1/offices",
            &admin.token,
            json!({"code": "dkr", "name": "Bureau de Dakar", "city": "Dakar", "country": "sn"}),
        )
        .await
        .expect(201);
    let id = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(r.body["code"], "DKR");
    assert_eq!(r.body["country"], "SN");
    assert_eq!(r.body["version"], 1);
    assert_eq!(r.header("etag").as_deref(), Some("\"1\""));
    assert_eq!(r.header("location"), Some(format!("/api/v1/offices/{id}")));
    assert!(uuid::Uuid::parse_str(&id).unwrap().get_version_num() == 7);
    let got = app
        .get(&format!("/api/v1/offices/{id}"), &admin.token)
        .await
        .expect(200);
    assert_eq!(got.body, r.body);
    let r = app
        .patch(
            &format!("/api/v1/offices/{id}"),
            &admin.token,
            json!({"name": "Bureau des migrants de Dakar"}),
        )
        .await
        .expect(200);
    assert_eq!(r.body["version"], 2);
    assert_eq!(r.body["code"], "DKR");
    assert_eq!(r.header("etag").as_deref(), Some("\"2\""));
    assert_eq!(app.audit_count("create", Some(&id)).await, 1);
    assert_eq!(app.audit_count("update", Some(&id)).await, 1);
}

async fn only_admins_create_or_change_offices(app: TestApp) {
    let office = app.office("RBA").await;
    for (role, user) in app.one_of_each(&office).await {
        if role == Role::Admin {
            continue;
        }
        app.post(
            "/api/v1/offices",
            &user.token,
            json!({"code": "KLK", "name": "Kaolack", "city": "Kaolack", "country": "SN"}),
        )
        .await
        .problem(403);
        app.patch(
            &format!("/api/v1/offices/{office}"),
            &user.token,
            json!({"name": "Renamed"}),
        )
        .await
        .problem(403);
    }
    let admin = app.admin().await;
    let list = app.get("/api/v1/offices", &admin.token).await.expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(list.body["items"][0]["name"], "Office RBA");
    assert_eq!(app.audit_count("denied", None).await, 8);
}

async fn every_role_reads_offices_and_unknown_ids_are_404(app: TestApp) {
    let office = app.office("RBA").await;
    for (_, user) in app.one_of_each(&office).await {
        app.get("/api/v1/offices", &user.token).await.expect(200);
        app.get(&format!("/api/v1/offices/{office}"), &user.token)
            .await
            .expect(200);
    }
    let admin = app.admin().await;
    app.get(&format!("/api/v1/offices/{}", uuid::Uuid::now_v7()), &admin.token)
        .await
        .problem(404);
    app.get("/api/v1/offices/not-a-uuid", &admin.token)
        .await
        .problem(404);
    app.patch(
        &format!("/api/v1/offices/{}", uuid::Uuid::now_v7()),
        &admin.token,
        json!({"name": "x"}),
    )
    .await
    .problem(404);
}

async fn invalid_office_fields_are_named_and_nothing_is_stored(app: TestApp) {
    let admin = app.admin().await;
    let r = app
        .post(
            "/api/v1/offices",
            &admin.token,
            json!({"code": "R1", "name": "  ", "city": "Rabat", "country": "Morocco"}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["code", "name", "country"]);
    let r = app
        .post("/api/v1/offices", &admin.token, json!({"code": "RBA", "name": "n", "city": "c", "country": "MA", "id": "x", "version": 3, "colour": "red"}))
        .await
        .problem(422);
    let mut fields = r.error_fields();
    fields.sort();
    assert_eq!(fields, ["colour", "id", "version"]);
    let r = app
        .post(
            "/api/v1/offices",
            &admin.token,
            json!({"code": "RBA", "name": "n", "city": "c"}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["country"]);
    let r = app
        .post(
            "/api/v1/offices",
            &admin.token,
            json!({"code": 5, "name": "n", "city": "c", "country": "MA"}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["code"]);
    let list = app.get("/api/v1/offices", &admin.token).await.expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 0);
    // A PATCH that names a read-only field changes nothing.
    let id = app.office("OUJ").await;
    app.patch(
        &format!("/api/v1/offices/{id}"),
        &admin.token,
        json!({"name": "New", "created_at": "2020-01-01T00:00:00Z"}),
    )
    .await
    .problem(422);
    let r = app
        .patch(
            &format!("/api/v1/offices/{id}"),
            &admin.token,
            json!({"country": "XX"}),
        )
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["country"]);
    let got = app
        .get(&format!("/api/v1/offices/{id}"), &admin.token)
        .await
        .expect(200);
    assert_eq!(
        (got.body["name"].as_str(), got.body["version"].as_i64()),
        (Some("Office OUJ"), Some(1))
    );
}

async fn duplicate_office_code_is_a_conflict(app: TestApp) {
    let admin = app.admin().await;
    app.office("RBA").await;
    let ouj = app.office("OUJ").await;
    app.post(
        "/api/v1/offices",
        &admin.token,
        json!({"code": "rba", "name": "Other", "city": "Rabat", "country": "MA"}),
    )
    .await
    .problem(409);
    app.patch(
        &format!("/api/v1/offices/{ouj}"),
        &admin.token,
        json!({"code": "RBA"}),
    )
    .await
    .problem(409);
}

async fn stale_if_match_is_refused_and_changes_nothing(app: TestApp) {
    let admin = app.admin().await;
    let id = app.office("RBA").await;
    let path = format!("/api/v1/offices/{id}");
    let first = app.get(&path, &admin.token).await.expect(200);
    let etag = first.header("etag").unwrap();
    let body = json!({"name": "First writer"}).to_string();
    let ok = app
        .raw(
            actix_web::http::Method::PATCH,
            &path,
            Some(&admin.token),
            &[("If-Match", &etag)],
            Some(("application/json", body)),
        )
        .await
        .expect(200);
    assert_eq!(ok.body["version"], 2);
    // A second writer still holding version 1 is refused.
    let body = json!({"name": "Second writer"}).to_string();
    app.raw(
        actix_web::http::Method::PATCH,
        &path,
        Some(&admin.token),
        &[("If-Match", &etag)],
        Some(("application/json", body)),
    )
    .await
    .problem(412);
    let now = app.get(&path, &admin.token).await.expect(200);
    assert_eq!(now.body["name"], "First writer");
    assert_eq!(now.body["version"], 2);
}

async fn office_list_pages_with_a_cursor(app: TestApp) {
    let admin = app.admin().await;
    for code in ["AAA", "BBB", "CCC", "DDD", "EEE"] {
        app.office(code).await;
    }
    let p1 = app.get("/api/v1/offices?limit=2", &admin.token).await.expect(200);
    assert_eq!(p1.body["items"].as_array().unwrap().len(), 2);
    let c1 = p1.body["next_cursor"].as_str().unwrap().to_string();
    // An office created between pages appears after, never shifting the pages.
    app.office("FFF").await;
    let p2 = app
        .get(&format!("/api/v1/offices?limit=2&cursor={c1}"), &admin.token)
        .await
        .expect(200);
    let c2 = p2.body["next_cursor"].as_str().unwrap().to_string();
    let p3 = app
        .get(&format!("/api/v1/offices?limit=2&cursor={c2}"), &admin.token)
        .await
        .expect(200);
    assert!(p3.body["next_cursor"].is_null());
    let codes: Vec<String> = [&p1, &p2, &p3]
        .iter()
        .flat_map(|p| {
            p.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["code"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(codes, ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"]);
    let r = app
        .get("/api/v1/offices?limit=0", &admin.token)
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["limit"]);
    app.get("/api/v1/offices?limit=201", &admin.token)
        .await
        .problem(422);
    let r = app
        .get("/api/v1/offices?limit=abc", &admin.token)
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["limit"]);
    let r = app
        .get("/api/v1/offices?sort=name", &admin.token)
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["sort"]);
    app.get("/api/v1/offices?cursor=%%%", &admin.token).await;
    let r = app
        .get("/api/v1/offices?cursor=bm90LWEtY3Vyc29y!", &admin.token)
        .await
        .problem(422);
    assert_eq!(r.error_fields(), ["cursor"]);
}

/// Issue 20, point 10: an office's time zone is a setting of its own,
/// defaulting to its country's; a name that is not an IANA zone is refused
/// and changes nothing.
async fn an_office_keeps_its_own_time_zone_or_its_country_s(app: TestApp) {
    let admin = app.admin().await;
    let r = app
        .post(
            "/api/v1/offices",
            &admin.token,
            json!({"code": "KLK", "name": "Bureau de Kaolack", "city": "Kaolack", "country": "SN"}),
        )
        .await
        .expect(201);
    assert_eq!(r.body["time_zone"], "Africa/Dakar");
    assert_eq!(r.body["time_zone_from_country"], true);
    let id = r.body["id"].as_str().unwrap().to_string();
    let bad = app
        .patch(
            &format!("/api/v1/offices/{id}"),
            &admin.token,
            json!({"time_zone": "Mars/Olympus"}),
        )
        .await
        .problem(422);
    assert_eq!(bad.body["errors"][0]["field"], "time_zone");
    let r = app
        .patch(
            &format!("/api/v1/offices/{id}"),
            &admin.token,
            json!({"time_zone": "Africa/Abidjan"}),
        )
        .await
        .expect(200);
    assert_eq!(r.body["time_zone"], "Africa/Abidjan");
    assert_eq!(r.body["time_zone_from_country"], false);
    assert_eq!(r.body["version"], 2, "the refused change changed nothing");
    // Empty: back to the country's.
    let r = app
        .patch(
            &format!("/api/v1/offices/{id}"),
            &admin.token,
            json!({"time_zone": ""}),
        )
        .await
        .expect(200);
    assert_eq!(r.body["time_zone"], "Africa/Dakar");
    assert_eq!(r.body["time_zone_from_country"], true);
}
