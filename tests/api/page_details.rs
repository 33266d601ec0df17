//! Issue 20, points 6, 7, 10 and 13: what the pages say around a record —
//! countries and languages by name (CLDR), no sex chosen for the user, the
//! referral's association, referring office, what was shared and what the
//! association recorded, times in the office's zone, the print views of a
//! case and of a referral slip, and reports in words (months, offices).

use serde_json::json;

use crate::harness::TestApp;
use crate::on_both_backends;
use crate::pages::{encode, token};
use crate::referrals::setup;

on_both_backends!(
    referral_pages_name_the_association_the_office_what_is_shared_and_what_was_recorded,
    a_case_summary_and_a_referral_slip_print_for_the_right_people_only,
    registration_never_chooses_a_sex_for_the_user,
    offices_and_organisations_choose_countries_and_languages_by_name,
    reports_speak_in_months_and_office_names,
    the_audit_trail_pages_through_every_entry_filtered_with_actors_by_name,
    people_search_filters_like_the_api_and_pages_with_a_count,
    a_consent_says_who_recorded_it,
);

async fn refer(app: &TestApp, s: &crate::referrals::Setup, share: &[&str]) -> String {
    app.post(
        &format!("/api/v1/cases/{}/referrals", s.case),
        &s.team.caseworker.token,
        json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": "Titre de séjour",
               "urgency": "normal", "share": share}),
    )
    .await
    .expect(201)
    .body["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Point 10: the caseworker's page names the association and what was
/// shared; the partner's names the referring office and its contact, lists
/// what the association recorded, and both show the same times, labelled
/// with the office's zone.
async fn referral_pages_name_the_association_the_office_what_is_shared_and_what_was_recorded(app: TestApp) {
    let s = setup(&app).await;
    let id = refer(&app, &s, &["phone"]).await;
    app.post(
        &format!("/api/v1/referrals/{id}/accept"),
        &s.a.user.token,
        json!({}),
    )
    .await
    .expect(200);
    app.post(
        &format!("/api/v1/referrals/{id}/services"),
        &s.a.user.token,
        json!({"service_type": "legal_aid", "status": "delivered", "date": "2026-11-20",
               "notes": "Dossier déposé"}),
    )
    .await
    .expect(201);
    let (cw, _) = app.sign_in(&s.team.caseworker.email).await;
    let office_view = app
        .page(&format!("/referrals/{id}"), Some(&cw))
        .await
        .expect(200)
        .raw;
    assert!(
        office_view.contains("<bdi>Clinique Juridique Hijra</bdi>"),
        "{office_view}"
    );
    let shared = office_view.split("id=\"referral-shared\">").nth(1).unwrap();
    let shared = shared.split("</dd>").next().unwrap();
    assert!(
        shared.contains("Prénom") && shared.contains("Téléphone"),
        "{shared}"
    );
    assert!(
        !shared.contains("Date de naissance"),
        "only what was shared: {shared}"
    );
    assert!(office_view.contains("Africa/Casablanca"), "the zone is named");
    let (partner, _) = app.sign_in(&s.a.user.email).await;
    let partner_view = app
        .page(&format!("/referrals/{id}"), Some(&partner))
        .await
        .expect(200)
        .raw;
    // The full name under "Nom", not under "Prénom(s)".
    assert!(
        partner_view.contains("<dt>Nom</dt><dd><bdi>Aminata"),
        "{partner_view}"
    );
    assert!(
        partner_view.contains("<bdi>Office RBA (Rabat)</bdi>"),
        "{partner_view}"
    );
    assert!(
        partner_view.contains("<bdi>Test caseworker</bdi>"),
        "{partner_view}"
    );
    assert!(partner_view.contains(&format!("mailto:{}", s.team.caseworker.email)));
    let services = partner_view.split("id=\"referral-services\"").nth(1).unwrap();
    assert!(
        services.contains("20 nov. 2026") && services.contains("Dossier déposé"),
        "{services}"
    );
    // The same moment reads the same to both sides (the office's zone, not
    // the partner's UTC).
    let created = |page: &str| {
        page.split("<dt>Créée le</dt><dd>")
            .nth(1)
            .and_then(|r| r.split("</dd>").next())
            .unwrap()
            .to_string()
    };
    assert_eq!(created(&office_view), created(&partner_view));
    assert!(partner_view.contains("Africa/Casablanca"));
    // The office's own zone, set on its page, is the one both sides see.
    let admin = app.admin().await;
    let (a, _) = app.sign_in(&admin.email).await;
    let form = app
        .page(&format!("/admin/offices/{}", s.team.office), Some(&a))
        .await
        .expect(200)
        .raw;
    assert!(form.contains("<option value=\"Africa/Dakar\">Africa/Dakar</option>"));
    let version = form
        .split("name=\"version\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    app.form(
        &format!("/admin/offices/{}", s.team.office),
        Some(&a),
        &[],
        encode(&[
            ("_csrf", &token(&form)),
            ("version", &version),
            ("code", "RBA"),
            ("name", "Office RBA"),
            ("city", "Rabat"),
            ("country", "MA"),
            ("time_zone", "Africa/Dakar"),
        ]),
    )
    .await
    .expect(303);
    let partner_view = app
        .page(&format!("/referrals/{id}"), Some(&partner))
        .await
        .expect(200)
        .raw;
    let office_view = app
        .page(&format!("/referrals/{id}"), Some(&cw))
        .await
        .expect(200)
        .raw;
    assert!(partner_view.contains("Africa/Dakar") && office_view.contains("Africa/Dakar"));
    assert_eq!(created(&office_view), created(&partner_view));
    // The office's staff does not see the partner's contact line (that is
    // the partner's view of the office).
    assert!(!office_view.contains("mailto:"));
}

/// Point 13: the case summary and the referral slip are their own pages,
/// for the same people as the case and the referral (403 for a wrong role,
/// 404 out of scope); the slip says nothing about the person.
async fn a_case_summary_and_a_referral_slip_print_for_the_right_people_only(app: TestApp) {
    let s = setup(&app).await;
    let id = refer(&app, &s, &["phone", "nationality"]).await;
    let number = app
        .get(&format!("/api/v1/cases/{}", s.case), &s.team.caseworker.token)
        .await
        .expect(200)
        .body["case_number"]
        .as_str()
        .unwrap()
        .to_string();
    let (cw, _) = app.sign_in(&s.team.caseworker.email).await;
    let case = app
        .page(&format!("/cases/{}", s.case), Some(&cw))
        .await
        .expect(200)
        .raw;
    assert!(case.contains(&format!("href=\"/cases/{}/print\"", s.case)));
    let print = app
        .page(&format!("/cases/{}/print", s.case), Some(&cw))
        .await
        .expect(200)
        .raw;
    assert!(
        print.contains("<bdi>Aminata Diallo</bdi>") && print.contains(&number),
        "{print}"
    );
    assert!(print.contains("Orientations") && print.contains("Services"));
    let slip = app
        .page(&format!("/referrals/{id}/slip"), Some(&cw))
        .await
        .expect(200)
        .raw;
    assert!(
        slip.contains("Fiche d&#39;orientation") || slip.contains("Fiche d'orientation"),
        "{slip}"
    );
    assert!(slip.contains("<bdi>Clinique Juridique Hijra</bdi>"));
    let reference = slip
        .split("id=\"slip-reference\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    assert_eq!(reference.len(), 9, "{reference}");
    for private in ["Aminata", "Diallo", "600 000 001", "Guinée", "1990"] {
        assert!(
            !slip.contains(private),
            "the slip names nothing of the person: {private}"
        );
    }
    // The association finds the same reference on its page.
    let (partner, _) = app.sign_in(&s.a.user.email).await;
    let theirs = app
        .page(&format!("/referrals/{id}"), Some(&partner))
        .await
        .expect(200)
        .raw;
    assert!(theirs.contains(reference));
    app.page(&format!("/referrals/{id}/slip"), Some(&partner))
        .await
        .expect(200);
    app.page(&format!("/cases/{}/print", s.case), Some(&partner))
        .await
        .expect(403);
    // Another office: 404; a manager: 403.
    let other = app.team("OUJ").await;
    let (elsewhere, _) = app.sign_in(&other.caseworker.email).await;
    app.page(&format!("/cases/{}/print", s.case), Some(&elsewhere))
        .await
        .expect(404);
    app.page(&format!("/referrals/{id}/slip"), Some(&elsewhere))
        .await
        .expect(404);
    let manager = app
        .user(migrant_desk::auth::Role::Manager, Some(&s.team.office), None)
        .await;
    let (m, _) = app.sign_in(&manager.email).await;
    app.page(&format!("/cases/{}/print", s.case), Some(&m))
        .await
        .expect(403);
    app.page(&format!("/referrals/{id}/slip"), Some(&m))
        .await
        .expect(403);
}

/// Point 7: the sex is the user's choice, never a default — a form sent
/// without one comes back with the message next to the field and nothing
/// is registered.
async fn registration_never_chooses_a_sex_for_the_user(app: TestApp) {
    let team = app.team("RBA").await;
    let (session, _) = app.sign_in(&team.caseworker.email).await;
    let form = app.page("/migrants/new", Some(&session)).await.expect(200).raw;
    assert!(
        form.contains("<select id=\"sex\" name=\"sex\" required"),
        "{form}"
    );
    let body = encode(&[
        ("_csrf", &token(&form)),
        ("given_name", "Mariam"),
        ("family_name", "Traoré"),
        ("nationality", "ML"),
        ("legal_status", "unknown"),
        ("consents", "registration"),
    ]);
    let r = app
        .form("/migrants/new", Some(&session), &[], body)
        .await
        .expect(422);
    assert!(r.raw.contains("id=\"sex-error\""), "{}", r.raw);
    assert!(
        r.raw.contains("<option value=\"ML\" selected>Mali</option>"),
        "the country is kept"
    );
    let list = app
        .get("/api/v1/migrants", &team.caseworker.token)
        .await
        .expect(200);
    assert_eq!(
        list.body["items"].as_array().unwrap().len(),
        0,
        "nothing registered"
    );
}

/// Point 7: an office's country and an organisation's languages are chosen
/// by name, and the lists show names.
async fn offices_and_organisations_choose_countries_and_languages_by_name(app: TestApp) {
    let team = app.team("RBA").await;
    let admin = app.admin().await;
    let (a, _) = app.sign_in(&admin.email).await;
    let new_office = app.page("/admin/offices/new", Some(&a)).await.expect(200).raw;
    assert!(new_office.contains("<select id=\"country\" name=\"country\" required"));
    assert!(
        new_office.contains("<option value=\"MA\">Maroc</option>"),
        "{new_office}"
    );
    let overview = app.page("/admin", Some(&a)).await.expect(200).raw;
    assert!(
        overview.contains("<span data-code=\"MA\">Maroc</span>"),
        "{overview}"
    );
    let org = app.partner_org("Caritas", &[&team.office], &["health"]).await;
    let (p, _) = app.sign_in(&org.user.email).await;
    let profile = app.page("/organization", Some(&p)).await.expect(200).raw;
    assert!(profile.contains("<select id=\"languages\" name=\"languages\" multiple"));
    assert!(
        profile.contains("<option value=\"ff\">peul</option>"),
        "{profile}"
    );
}

/// Point 6: months and offices are written for people, in the page and in
/// the CSV's label column.
async fn reports_speak_in_months_and_office_names(app: TestApp) {
    let team = app.team("RBA").await;
    let manager = app.user(migrant_desk::auth::Role::Manager, None, None).await;
    let (m, _) = app.sign_in(&manager.email).await;
    let page = app
        .page("/reports?from=2026-01-01&to=2026-03-31", Some(&m))
        .await
        .expect(200)
        .raw;
    assert!(
        page.contains("janv. 2026") && page.contains("mars 2026"),
        "{page}"
    );
    assert!(!page.contains(">2026-01<"), "no month code");
    assert!(page.contains("RBA — Office RBA"), "the office by name: {page}");
    let csv = app
        .page("/reports/monthly.csv?from=2026-01-01&to=2026-03-31", Some(&m))
        .await
        .expect(200)
        .raw;
    assert!(csv.contains(",2026-02,févr. 2026,"), "{csv}");
    let _ = team;
}

/// Point 11 (audit): the trail pages through every entry with their count,
/// filters by actor (chosen by name), action, object and date, names the
/// actors; supervisors see their office's entries, caseworkers nothing.
async fn the_audit_trail_pages_through_every_entry_filtered_with_actors_by_name(app: TestApp) {
    let s = setup(&app).await;
    for _ in 0..60 {
        app.get(
            &format!("/api/v1/migrants/{}", s.migrant),
            &s.team.caseworker.token,
        )
        .await
        .expect(200);
    }
    let admin = app.admin().await;
    let (a, _) = app.sign_in(&admin.email).await;
    let first = app.page("/admin/audit", Some(&a)).await.expect(200).raw;
    assert!(
        first.contains("<bdi>Test caseworker</bdi>"),
        "actors by name: {first}"
    );
    let total: i64 = first
        .split("id=\"audit-count\">")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.replace('\u{202f}', "").parse().ok())
        .unwrap();
    assert!(total > 60, "{total}");
    // Paging reaches the oldest entry (seq 1), 50 rows a page.
    let mut page = first.clone();
    let mut pages = 1;
    while let Some(next) = page
        .split("id=\"audit-next\"")
        .next()
        .and_then(|before| before.rsplit("href=\"").next())
        .filter(|_| page.contains("id=\"audit-next\""))
        .map(|href| {
            href.split('"')
                .next()
                .unwrap()
                .replace("&amp;", "&")
                .replace("&#38;", "&")
        })
    {
        page = app.page(&next, Some(&a)).await.expect(200).raw;
        pages += 1;
        assert!(pages < 20);
    }
    assert_eq!(pages as i64, (total + 49) / 50, "every entry, 50 a page");
    assert!(
        page.contains("<td data-label=\"#\"><bdi>1</bdi></td>"),
        "the oldest: {page}"
    );
    // Filters: the caseworker's reads of that person only.
    let cw_id = s.team.caseworker.id.clone();
    let filtered = app
        .page(
            &format!(
                "/admin/audit?actor_id={cw_id}&action=read&entity_type=migrant&entity_id={}",
                s.migrant
            ),
            Some(&a),
        )
        .await
        .expect(200)
        .raw;
    assert!(filtered.contains(&format!(
        "<option value=\"{cw_id}\" selected>Test caseworker</option>"
    )));
    let rows = filtered.matches("<tr><td").count();
    assert!(rows >= 50, "{rows}");
    assert!(!filtered.contains("data-code=\"login\""), "only reads");
    let logins = app
        .page("/admin/audit?action=login", Some(&a))
        .await
        .expect(200)
        .raw;
    assert!(logins.contains("data-code=\"login\"") && !logins.contains("data-code=\"read\""));
    // A date filter before everything: nothing.
    let none = app
        .page("/admin/audit?to=2000-01-01", Some(&a))
        .await
        .expect(200)
        .raw;
    assert!(none.contains("id=\"audit-count\">0 élément"), "{none}");
    // A code that is not an action: 422, said in words.
    let bad = app
        .page("/admin/audit?action=steal", Some(&a))
        .await
        .expect(422)
        .raw;
    assert!(bad.contains("id=\"audit-error\""), "{bad}");
    // A supervisor sees the office's trail; a caseworker and a partner do not.
    let (sup, _) = app.sign_in(&s.team.supervisor.email).await;
    let theirs = app.page("/admin/audit", Some(&sup)).await.expect(200).raw;
    assert!(theirs.contains("<bdi>Test caseworker</bdi>"));
    let (cw, _) = app.sign_in(&s.team.caseworker.email).await;
    app.page("/admin/audit", Some(&cw)).await.expect(403);
    let (p, _) = app.sign_in(&s.a.user.email).await;
    app.page("/admin/audit", Some(&p)).await.expect(403);
}

/// Point 11 (people): the search has the API's filters, a count, and pages
/// forward and back to the first page.
async fn people_search_filters_like_the_api_and_pages_with_a_count(app: TestApp) {
    let team = app.team("RBA").await;
    let cw = &team.caseworker.token;
    for i in 0..55 {
        let body = json!({"given_name": "Awa", "family_name": format!("Ndiaye{i}"), "sex": "female",
                          "nationality": if i % 5 == 0 { "SN" } else { "ML" },
                          "vulnerabilities": if i % 11 == 0 { json!(["pregnant"]) } else { json!([]) },
                          "consents": [{"purpose": "registration", "given": true}]});
        app.register(cw, body).await;
    }
    let (session, _) = app.sign_in(&team.caseworker.email).await;
    let all = app.page("/migrants?q=awa", Some(&session)).await.expect(200).raw;
    assert!(all.contains("id=\"people-count\">55 éléments"), "{all}");
    assert_eq!(all.matches("<li><a href=\"/migrants/").count(), 50);
    let next = all
        .split("id=\"people-next\"")
        .next()
        .and_then(|b| b.rsplit("href=\"").next())
        .map(|h| {
            h.split('"')
                .next()
                .unwrap()
                .replace("&amp;", "&")
                .replace("&#38;", "&")
        })
        .unwrap();
    assert!(next.contains("q=awa") && next.contains("cursor="), "{next}");
    let second = app.page(&next, Some(&session)).await.expect(200).raw;
    assert_eq!(second.matches("<li><a href=\"/migrants/").count(), 5);
    assert!(second.contains("id=\"people-first\""), "a way back");
    assert!(!second.contains("id=\"people-next\""));
    let senegal = app
        .page("/migrants?q=awa&nationality=SN", Some(&session))
        .await
        .expect(200)
        .raw;
    assert!(senegal.contains("id=\"people-count\">11 éléments"), "{senegal}");
    assert!(senegal.contains("<option value=\"SN\" selected>Sénégal</option>"));
    let pregnant = app
        .page("/migrants?vulnerability=pregnant&open_case=no", Some(&session))
        .await
        .expect(200)
        .raw;
    assert!(pregnant.contains("id=\"people-count\">5 éléments"), "{pregnant}");
    // A code that is not in the list: 422, said next to the search.
    let bad = app
        .page("/migrants?vulnerability=rich", Some(&session))
        .await
        .expect(422)
        .raw;
    assert!(bad.contains("id=\"people-error\""), "{bad}");
    // Other roles: 403.
    let manager = app
        .user(migrant_desk::auth::Role::Manager, Some(&team.office), None)
        .await;
    let (m, _) = app.sign_in(&manager.email).await;
    app.page("/migrants?q=awa", Some(&m)).await.expect(403);
}

/// Point 4 (the rest): each consent says who recorded it, by name.
async fn a_consent_says_who_recorded_it(app: TestApp) {
    let s = setup(&app).await;
    let (cw, _) = app.sign_in(&s.team.caseworker.email).await;
    let page = app
        .page(&format!("/migrants/{}", s.migrant), Some(&cw))
        .await
        .expect(200)
        .raw;
    let referral = page
        .split("id=\"consent-referral\"")
        .nth(1)
        .unwrap()
        .split("</li>")
        .next()
        .unwrap();
    assert!(
        referral.contains("enregistré par <bdi class=\"consent-by\">Test caseworker</bdi>"),
        "{referral}"
    );
}
