//! Issue 20, point 1: every row of the pages' lists that is about a person
//! says who — the person's name (as the viewer may see it) and the case
//! number — in the home's lists, the attention list, the referral lists and
//! the partner's inbox, and on the case page.

use serde_json::json;

use crate::harness::TestApp;
use crate::on_both_backends;
use crate::referrals::setup;

on_both_backends!(
    every_list_row_about_a_person_names_them,
    paths_outside_the_api_answer_html_in_the_visitors_language,
    the_organisation_page_has_one_element_per_id,
    closing_a_case_with_open_referrals_asks_first_and_shows_the_reason,
    consent_is_recorded_renewed_and_withdrawn_from_the_person_page,
    a_refused_case_form_keeps_what_was_typed_with_the_message_next_to_its_field,
    codes_are_shown_as_labels_on_the_audit_admin_referral_and_case_pages,
    the_referral_list_pages_through_every_referral_newest_first
);

async fn every_list_row_about_a_person_names_them(app: TestApp) {
    let s = setup(&app).await;
    let number = app
        .get(&format!("/api/v1/cases/{}", s.case), &s.team.caseworker.token)
        .await
        .expect(200)
        .body["case_number"]
        .as_str()
        .unwrap()
        .to_string();
    let today = chrono::Utc::now().date_naive().to_string();
    app.post(
        &format!("/api/v1/cases/{}/follow-ups", s.case),
        &s.team.caseworker.token,
        json!({"due_on": today, "description": "Rappeler pour le rendez-vous"}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/cases/{}/referrals", s.case),
        &s.team.caseworker.token,
        json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": "Titre de séjour",
               "urgency": "normal", "share": ["family_name"]}),
    )
    .await
    .expect(201);
    let name = "Aminata Diallo";

    // The caseworker: home (follow-ups due, open cases), referrals, case page.
    let (cw, home) = app.sign_in(&s.team.caseworker.email).await;
    let follow_ups = section(&home.raw, "id=\"follow-ups\"");
    assert!(
        follow_ups.contains(name) && follow_ups.contains(&number),
        "{follow_ups}"
    );
    let cases = home.raw.split("id=\"follow-ups\"").nth(1).unwrap();
    assert_eq!(cases.matches(name).count(), 2, "follow-up and open case: {cases}");
    let referrals = app.page("/referrals", Some(&cw)).await.expect(200);
    assert!(
        referrals.raw.contains(name) && referrals.raw.contains(&number),
        "{}",
        referrals.raw
    );
    let case = app
        .page(&format!("/cases/{}", s.case), Some(&cw))
        .await
        .expect(200);
    assert!(
        case.raw.contains(&format!("<bdi class=\"who\">{name}</bdi>")),
        "the person link names her: {}",
        case.raw
    );

    // The supervisor's attention list names her (a pregnant woman with no
    // service yet), with the reason in French.
    let (sup, _) = app.sign_in(&s.team.supervisor.email).await;
    let attention = app.page("/attention", Some(&sup)).await.expect(200);
    assert!(
        attention
            .raw
            .contains(&format!("<bdi class=\"who\">{name}</bdi>")),
        "{}",
        attention.raw
    );
    assert!(!attention.raw.contains("No activity") && !attention.raw.contains("not done"));

    // The partner sees the names the referral shares, in its inbox and list.
    let (partner, inbox) = app.sign_in(&s.a.user.email).await;
    assert!(inbox.raw.contains(name), "{}", inbox.raw);
    let list = app.page("/referrals", Some(&partner)).await.expect(200);
    assert!(list.raw.contains(name), "{}", list.raw);
    assert!(!list.raw.contains(&number), "partners see no case number");
}

/// The part of a page from the element marked `marker` to the next section.
fn section<'a>(html: &'a str, marker: &str) -> &'a str {
    let from = html.split(marker).nth(1).unwrap_or_default();
    from.split("</section>").next().unwrap_or_default()
}

/// Issue 20, point 14: a browser never gets JSON from a page path — an
/// unknown path, a malformed id or query answer an HTML page with its
/// language; under `/api` the answer stays problem JSON.
async fn paths_outside_the_api_answer_html_in_the_visitors_language(app: TestApp) {
    let team = app.team("RBA").await;
    let (cw, _) = app.sign_in(&team.caseworker.email).await;
    for path in [
        "/cases/not-a-uuid",
        "/nothing-here",
        "/migrants/123/export",
        "/follow-ups?show=nope",
    ] {
        let r = app.page(path, Some(&cw)).await;
        assert!(
            r.header("content-type")
                .unwrap_or_default()
                .starts_with("text/html"),
            "{path}: {:?} {}",
            r.header("content-type"),
            r.raw
        );
        assert!(r.raw.contains("<html lang=\"fr\""), "{path}: {}", r.raw);
        assert!(r.raw.contains("<title>"), "{path}");
    }
    assert_eq!(app.page("/nothing-here", Some(&cw)).await.status.as_u16(), 404);
    let api = app
        .get("/api/v1/nothing-here", &team.caseworker.token)
        .await
        .expect(404);
    assert!(
        api.header("content-type")
            .unwrap()
            .starts_with("application/problem+json")
    );
    let api = app
        .get("/api/v1/cases/not-a-uuid", &team.caseworker.token)
        .await
        .expect(404);
    assert!(
        api.header("content-type")
            .unwrap()
            .starts_with("application/problem+json")
    );
}

/// Issue 20, point 15: every `id` of the organisation page is unique, so
/// each label names its own field.
async fn the_organisation_page_has_one_element_per_id(app: TestApp) {
    let team = app.team("RBA").await;
    let org = app
        .partner_org("Caritas Rabat", &[&team.office], &["health"])
        .await;
    let (p, _) = app.sign_in(&org.user.email).await;
    let page = app.page("/organization", Some(&p)).await.expect(200);
    let mut ids: Vec<&str> = page
        .raw
        .split(" id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all, "duplicate ids in {}", page.raw);
}

/// Issue 20, point 2: a case with an open referral is closed only after
/// the page said which referrals stay open; the reason shows afterwards.
async fn closing_a_case_with_open_referrals_asks_first_and_shows_the_reason(app: TestApp) {
    let s = setup(&app).await;
    app.post(
        &format!("/api/v1/cases/{}/referrals", s.case),
        &s.team.caseworker.token,
        json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": "Titre de séjour", "urgency": "normal"}),
    )
    .await
    .expect(201);
    let (cw, home) = app.sign_in(&s.team.caseworker.email).await;
    let csrf = crate::pages::token(&home.raw);
    let path = format!("/cases/{}/close", s.case);
    let ask = app
        .form(
            &path,
            Some(&cw),
            &[],
            crate::pages::encode(&[("_csrf", &csrf), ("reason", "resolved")]),
        )
        .await
        .expect(200);
    assert!(
        ask.raw
            .contains("Une orientation de ce dossier est encore ouverte"),
        "{}",
        ask.raw
    );
    let case = app
        .get(&format!("/api/v1/cases/{}", s.case), &s.team.caseworker.token)
        .await
        .expect(200);
    assert_eq!(case.body["status"], "open", "nothing before the confirmation");
    app.form(
        &path,
        Some(&cw),
        &[],
        crate::pages::encode(&[("_csrf", &csrf), ("reason", "resolved"), ("confirmed", "yes")]),
    )
    .await
    .expect(303);
    let page = app
        .page(&format!("/cases/{}", s.case), Some(&cw))
        .await
        .expect(200);
    let shown = page
        .raw
        .split("id=\"closure-reason-shown\">")
        .nth(1)
        .unwrap_or_default();
    assert!(
        !shown.is_empty() && !shown.starts_with("resolved"),
        "a label: {}",
        page.raw
    );
}

/// Issue 20, point 4: the person's page records, renews and withdraws each
/// consent purpose with its statement, through the API's service; a
/// withdrawal of the referral consent first says which referrals it closes.
async fn consent_is_recorded_renewed_and_withdrawn_from_the_person_page(app: TestApp) {
    let s = setup(&app).await;
    app.post(
        &format!("/api/v1/cases/{}/referrals", s.case),
        &s.team.caseworker.token,
        json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": "Titre de séjour", "urgency": "normal"}),
    )
    .await
    .expect(201);
    let (cw, home) = app.sign_in(&s.team.caseworker.email).await;
    let csrf = crate::pages::token(&home.raw);
    let person = format!("/migrants/{}", s.migrant);
    let page = app.page(&person, Some(&cw)).await.expect(200);
    assert!(
        page.raw.contains("accepte d&#39;être orientée") || page.raw.contains("accepte d'être orientée"),
        "the statement is shown"
    );
    assert!(page.raw.contains("id=\"consent-referral\""));
    let path = format!("{person}/consents");
    // Withdrawing the referral consent: first the referrals it closes.
    let ask = app
        .form(
            &path,
            Some(&cw),
            &[],
            crate::pages::encode(&[
                ("_csrf", &csrf),
                ("purpose", "referral"),
                ("given", "no"),
                ("note", "Au guichet"),
            ]),
        )
        .await
        .expect(200);
    assert!(ask.raw.contains("Cette orientation se ferme"), "{}", ask.raw);
    let consents = format!("/api/v1/migrants/{}/consents", s.migrant);
    let latest = async |app: &TestApp| {
        app.get(&consents, &s.team.caseworker.token)
            .await
            .expect(200)
            .body
    };
    let before = latest(&app).await;
    app.form(
        &path,
        Some(&cw),
        &[],
        crate::pages::encode(&[
            ("_csrf", &csrf),
            ("purpose", "referral"),
            ("given", "no"),
            ("note", "Au guichet"),
            ("confirmed", "yes"),
        ]),
    )
    .await
    .expect(303);
    let after = latest(&app).await;
    assert_ne!(before, after);
    let page = app.page(&person, Some(&cw)).await.expect(200);
    let referral = page.raw.split("id=\"consent-referral\"").nth(1).unwrap();
    assert!(referral.contains("data-state=\"withdrawn\""), "{referral}");
    // Renewed: given again, without a confirmation.
    app.form(
        &path,
        Some(&cw),
        &[],
        crate::pages::encode(&[("_csrf", &csrf), ("purpose", "referral"), ("given", "yes")]),
    )
    .await
    .expect(303);
    let page = app.page(&person, Some(&cw)).await.expect(200);
    let referral = page.raw.split("id=\"consent-referral\"").nth(1).unwrap();
    assert!(referral.contains("data-state=\"given\""), "{referral}");
    // A bad purpose is refused and records nothing.
    let n = latest(&app).await;
    let bad = app
        .form(
            &path,
            Some(&cw),
            &[],
            crate::pages::encode(&[("_csrf", &csrf), ("purpose", "marketing"), ("given", "yes")]),
        )
        .await;
    assert_eq!(bad.status.as_u16(), 422, "{}", bad.raw);
    assert_eq!(latest(&app).await, n);
    // Other roles: 403; another office: 404.
    let (sup_other, other_home) = {
        let other = app.team("OUJ").await;
        app.sign_in(&other.caseworker.email).await
    };
    app.form(
        &path,
        Some(&sup_other),
        &[],
        crate::pages::encode(&[
            ("_csrf", &crate::pages::token(&other_home.raw)),
            ("purpose", "referral"),
            ("given", "yes"),
        ]),
    )
    .await
    .expect(404);
    let (partner, partner_home) = app.sign_in(&s.a.user.email).await;
    app.form(
        &path,
        Some(&partner),
        &[],
        crate::pages::encode(&[
            ("_csrf", &crate::pages::token(&partner_home.raw)),
            ("purpose", "referral"),
            ("given", "yes"),
        ]),
    )
    .await
    .expect(403);
}

/// Issue 20, point 3: a refused note or referral comes back with what was
/// typed, the message next to its field (aria-invalid, aria-describedby),
/// in the page's language — not a top-of-page sentence in English.
async fn a_refused_case_form_keeps_what_was_typed_with_the_message_next_to_its_field(app: TestApp) {
    let s = setup(&app).await;
    let (cw, home) = app.sign_in(&s.team.caseworker.email).await;
    let csrf = crate::pages::token(&home.raw);
    let long = "é".repeat(10_001);
    let r = app
        .form(
            &format!("/cases/{}/notes", s.case),
            Some(&cw),
            &[],
            crate::pages::encode(&[("_csrf", &csrf), ("text", &long)]),
        )
        .await
        .expect(422);
    assert!(r.raw.contains(&long), "the note is kept");
    assert!(r.raw.contains("aria-describedby=\"text-error\""), "{}", r.raw);
    assert!(r.raw.contains("Entre 1 et 10000 caractères"), "{}", r.raw);
    assert!(!r.raw.contains("must be 1 to"), "no English");
    let reason = "Accompagnement pour la demande de titre de séjour";
    // The form offers each association's own services only.
    let page = app
        .page(&format!("/cases/{}", s.case), Some(&cw))
        .await
        .expect(200)
        .raw;
    assert!(
        page.contains(&format!("value=\"{}/legal_aid\"", s.a.id)),
        "{page}"
    );
    assert!(!page.contains(&format!("value=\"{}/health\"", s.a.id)), "{page}");
    let offer = format!("{}/health", s.a.id);
    let r = app
        .form(
            &format!("/cases/{}/referrals", s.case),
            Some(&cw),
            &[],
            crate::pages::encode(&[
                ("_csrf", &csrf),
                ("offer", &offer),
                ("urgency", "normal"),
                ("reason", reason),
            ]),
        )
        .await
        .expect(422);
    assert!(r.raw.contains(reason), "the reason is kept");
    assert!(
        r.raw.contains("Cette association n&#39;offre pas ce service")
            || r.raw.contains("Cette association n'offre pas ce service"),
        "{}",
        r.raw
    );
    assert!(r.raw.contains("referral-offer-error\""), "{}", r.raw);
    assert!(
        r.raw.contains(&format!("value=\"{offer}\"")) || r.raw.contains("selected"),
        "the choice is kept"
    );
    let notes = app
        .get(
            &format!("/api/v1/cases/{}/notes", s.case),
            &s.team.caseworker.token,
        )
        .await
        .expect(200);
    assert_eq!(
        notes.body["items"].as_array().map_or(0, Vec::len),
        0,
        "nothing saved"
    );
}

/// Issue 20, point 6 (in part): audit actions, objects and roles, account
/// roles, a referral's urgency and service dates are labels and dates in
/// the page's language, not codes.
async fn codes_are_shown_as_labels_on_the_audit_admin_referral_and_case_pages(app: TestApp) {
    let s = setup(&app).await;
    let r = app
        .post(
            &format!("/api/v1/cases/{}/referrals", s.case),
            &s.team.caseworker.token,
            json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": "Titre de séjour", "urgency": "urgent"}),
        )
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let admin = app.admin().await;
    let (a, _) = app.sign_in(&admin.email).await;
    let audit = app.page("/admin/audit", Some(&a)).await.expect(200);
    assert!(audit.raw.contains(">connexion</td>"), "{}", audit.raw);
    assert!(!audit.raw.contains(">login</td>") && !audit.raw.contains(">create</td>"));
    let accounts = app.page("/admin", Some(&a)).await.expect(200);
    assert!(accounts.raw.contains("travailleur social"), "{}", accounts.raw);
    assert!(!accounts.raw.contains(" · caseworker"));
    let (cw, _) = app.sign_in(&s.team.caseworker.email).await;
    let page = app.page(&format!("/referrals/{r}"), Some(&cw)).await.expect(200);
    assert!(!page.raw.contains("<dd>urgent</dd>"), "{}", page.raw);
}

/// Issue 20, point 11 (referrals): the list pages through every referral,
/// newest first, with how many there are — not the first 200, oldest first.
async fn the_referral_list_pages_through_every_referral_newest_first(app: TestApp) {
    let s = setup(&app).await;
    let mut ids = Vec::new();
    for i in 0..201 {
        let r = app
            .post(
                &format!("/api/v1/cases/{}/referrals", s.case),
                &s.team.caseworker.token,
                json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": format!("Demande {i}"), "urgency": "normal"}),
            )
            .await
            .expect(201);
        ids.push(r.body["id"].as_str().unwrap().to_string());
    }
    let (cw, _) = app.sign_in(&s.team.caseworker.email).await;
    let mut page = app.page("/referrals", Some(&cw)).await.expect(200);
    assert!(page.raw.contains("201 éléments"), "{}", page.raw);
    assert!(
        page.raw.contains(&format!("/referrals/{}", ids[200])),
        "the newest first"
    );
    let mut pages = 1;
    while !page.raw.contains(&format!("/referrals/{}\"", ids[0])) {
        let next = page
            .raw
            .split("href=\"/referrals?status=")
            .filter_map(|rest| rest.split('"').next())
            .find(|href| href.contains("cursor="))
            .expect("a next page")
            .replace("&amp;", "&");
        page = app
            .page(&format!("/referrals?status={next}"), Some(&cw))
            .await
            .expect(200);
        pages += 1;
        assert!(pages <= 5, "201 rows in pages of 50");
    }
    assert_eq!(pages, 5);
    // The partner pages through the same referrals.
    let (p, _) = app.sign_in(&s.a.user.email).await;
    let inbox = app.page("/referrals?status=all", Some(&p)).await.expect(200);
    assert!(inbox.raw.contains("201 éléments"), "{}", inbox.raw);
}
