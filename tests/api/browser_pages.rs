//! Every page type in a real browser, as issue 20 asks them to be checked:
//! axe-core (WCAG 2 A/AA, 2.1 AA, 2.2 AA and best practice) finds nothing,
//! in French and Arabic, on a desktop and on a 390 px phone; nothing
//! overflows the phone's width; no code from `/reference` is shown as text;
//! every chart label lies inside its drawing and stays legible on the
//! phone; and the print views fit one A4 page (Chromium's print-to-PDF).
//!
//! axe-core is not vendored: `.ci/run` fetches the pinned release with
//! `npm pack axe-core@4.14.1` into `target/axe/` (or `AXE_CORE_JS` names
//! the file). Without it the axe part is skipped loudly, except in CI.

use serde_json::{Value, json};
use thirtyfour::prelude::*;

use crate::browser::{browser, choose, click, set_value, sign_in, sign_out, wait};
use crate::harness::TestApp;
use crate::referrals::setup;

const AXE_VERSION: &str = "4.14.1";

/// axe-core's source, when fetched.
fn axe_source() -> Option<String> {
    let path = std::env::var("AXE_CORE_JS")
        .unwrap_or_else(|_| format!("{}/target/axe/package/axe.min.js", env!("CARGO_MANIFEST_DIR")));
    match std::fs::read_to_string(&path) {
        Ok(s) if s.contains(AXE_VERSION) => Some(s),
        _ => {
            let required = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
            assert!(
                !required,
                "axe-core {AXE_VERSION} is required in CI at {path} (.ci/run fetches it)"
            );
            eprintln!(
                "*** axe-core {AXE_VERSION} not found at {path}: the accessibility checks are SKIPPED \
                 (cd target/axe && npm pack axe-core@{AXE_VERSION} && tar xzf axe-core-{AXE_VERSION}.tgz) ***"
            );
            None
        }
    }
}

/// Emulates a viewport of `width` CSS pixels (a phone is mobile: its
/// meta viewport applies).
async fn viewport(d: &WebDriver, width: u32) {
    d.cdp()
        .send_raw(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": if width < 600 { 844 } else { 900 },
               "deviceScaleFactor": 1, "mobile": width < 600}),
        )
        .await
        .unwrap();
}

/// axe-core's violations on the current page, as readable lines.
async fn axe(d: &WebDriver, source: &str) -> Vec<String> {
    d.execute(source, vec![]).await.unwrap();
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
            resultTypes: ['violations', 'incomplete'],
        }).then(r => done({
            passes: r.passes.length,
            violations: r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')),
            chart_contrast: r.incomplete.filter(v => v.id === 'color-contrast')
                .flatMap(v => v.nodes).map(n => n.target.join(' '))
                .filter(t => t.includes('text') && t.includes('svg')),
        })).catch(e => done({violations: ['axe failed: ' + e], chart_contrast: []}));
    "#;
    let r = d.execute_async(script, vec![]).await.unwrap().json().clone();
    assert!(
        r["passes"].as_i64().unwrap_or(0) > 10 || !r["violations"].as_array().unwrap().is_empty(),
        "axe-core ran no rule: {r}"
    );
    let mut out: Vec<String> = r["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    out.extend(
        r["chart_contrast"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| format!("incomplete colour contrast on chart text: {t}")),
    );
    out
}

/// What the page's visible text shows of the code lists' codes (a code is
/// never what a person reads in French or Arabic). A code that is also a
/// word of the language's labels ("psychosocial", "association") is not
/// counted.
async fn codes_shown(d: &WebDriver, lang: &str) -> Vec<String> {
    let label_words: std::collections::HashSet<String> = migrant_desk::domain::reference::ALL
        .iter()
        .flat_map(|l| l.codes.iter())
        .flat_map(|c| {
            let label = if lang == "ar" { c.ar } else { c.fr };
            label
                .split(|ch: char| !ch.is_alphanumeric())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .collect();
    let text = d
        .execute("return document.querySelector('main').innerText;", vec![])
        .await
        .unwrap()
        .json()
        .as_str()
        .unwrap_or_default()
        .to_string();
    let words: std::collections::HashSet<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut shown = Vec::new();
    for list in migrant_desk::domain::reference::ALL {
        for code in list.codes {
            if words.contains(code.code) && !label_words.contains(code.code) {
                shown.push(format!("{}:{}", list.name, code.code));
            }
        }
    }
    shown
}

/// Whether anything is wider than the viewport (a table or a header that
/// would need sideways scrolling or be clipped).
async fn overflow(d: &WebDriver) -> Option<String> {
    let r = d
        .execute(
            "const w = document.documentElement.clientWidth; \
             const wide = [...document.querySelectorAll('body *')].filter(e => { \
               const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > w + 1 || r.left < -1); }) \
               .filter(e => !e.closest('.skip')).slice(0, 3).map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')); \
             return {scroll: document.documentElement.scrollWidth, width: w, wide};",
            vec![],
        )
        .await
        .unwrap()
        .json()
        .clone();
    let (scroll, width) = (r["scroll"].as_i64().unwrap(), r["width"].as_i64().unwrap());
    let wide = r["wide"].as_array().unwrap();
    (scroll > width || !wide.is_empty()).then(|| format!("{scroll} px wide in {width}: {wide:?}"))
}

/// Every chart text's box against its drawing's, and its rendered size.
async fn chart_problems(d: &WebDriver, phone: bool) -> Vec<String> {
    let r = d
        .execute(
            "return [...document.querySelectorAll('svg[role=img]')].flatMap(svg => { \
               const vb = svg.viewBox.baseVal; const scale = svg.getBoundingClientRect().width / vb.width; \
               return [...svg.querySelectorAll('text')].map(t => { const b = t.getBBox(); \
                 return {text: t.textContent, x: b.x, right: b.x + b.width, y: b.y, bottom: b.y + b.height, \
                         width: vb.width, height: vb.height, \
                         px: parseFloat(getComputedStyle(t).fontSize) * scale}; }); });",
            vec![],
        )
        .await
        .unwrap()
        .json()
        .clone();
    let texts = r.as_array().unwrap();
    let mut out = Vec::new();
    if texts.is_empty() {
        out.push("no chart text".to_string());
    }
    for t in texts {
        let f = |k: &str| t[k].as_f64().unwrap();
        if f("x") < -0.5 || f("right") > f("width") + 0.5 || f("y") < -0.5 || f("bottom") > f("height") + 0.5
        {
            out.push(format!("outside its drawing: {t}"));
        }
        if phone && f("px") < 11.0 {
            out.push(format!("{:.1} px on the phone: {}", f("px"), t["text"]));
        }
    }
    out
}

/// Issue 20, "How it is checked": every page type, in French and Arabic,
/// on a desktop and on a 390 px phone — axe-core finds nothing, nothing
/// overflows, no code is shown, every chart label is inside its drawing
/// and legible. All problems are gathered and reported together.
pub async fn every_page_passes_axe_in_french_and_arabic_on_a_desktop_and_a_phone(app: TestApp) {
    let axe_js = axe_source();
    let s = setup(&app).await;
    let referral = app
        .post(
            &format!("/api/v1/cases/{}/referrals", s.case),
            &s.team.caseworker.token,
            json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": "Titre de séjour",
                   "urgency": "urgent", "share": ["phone", "nationality"]}),
        )
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(
        &format!("/api/v1/referrals/{referral}/accept"),
        &s.a.user.token,
        json!({}),
    )
    .await
    .expect(200);
    app.post(
        &format!("/api/v1/cases/{}/follow-ups", s.case),
        &s.team.caseworker.token,
        json!({"due_on": "2026-01-05", "description": "Rappeler pour le rendez-vous"}),
    )
    .await
    .expect(201);
    let target = app
        .post(
            "/api/v1/target-lists",
            &s.team.caseworker.token,
            json!({"name": "Femmes enceintes", "definition": {"match": "all", "criteria": [
                {"field": "vulnerability", "value": "pregnant"},
                {"field": "service", "service_type": "health", "since": "2026-11-01", "received": false}]}}),
        )
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let import = app
        .upload(
            "/api/v1/imports?file_name=registre-demo.csv",
            &s.team.supervisor.token,
            "text/csv",
            include_bytes!("../../demo/registre-demo.csv").to_vec(),
        )
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(
        &format!("/api/v1/imports/{import}/dry-run"),
        &s.team.supervisor.token,
        json!({}),
    )
    .await
    .expect(200);
    let manager = app.user(migrant_desk::auth::Role::Manager, None, None).await;
    let admin = app.admin().await;
    let people: Vec<(String, Vec<String>)> = vec![
        (
            s.team.caseworker.email.clone(),
            vec![
                "/".into(),
                "/migrants?q=diallo".into(),
                "/migrants/new".into(),
                format!("/migrants/{}", s.migrant),
                format!("/cases/{}", s.case),
                format!("/cases/{}/print", s.case),
                "/referrals".into(),
                format!("/referrals/{referral}"),
                format!("/referrals/{referral}/slip"),
                "/follow-ups".into(),
                "/target-lists?vulnerability=pregnant&service_type=health&service_since=2026-11-01".into(),
                format!("/target-lists/{target}"),
                format!("/migrants/{}/subject-access", s.migrant),
                "/account/password".into(),
                "/cases/not-a-case".into(),
            ],
        ),
        (
            s.team.supervisor.email.clone(),
            vec![
                "/attention".into(),
                "/admin/audit".into(),
                "/imports".into(),
                format!("/imports/{import}"),
            ],
        ),
        (
            s.a.user.email.clone(),
            vec![
                "/referrals".into(),
                format!("/referrals/{referral}"),
                "/organization".into(),
            ],
        ),
        (
            manager.email.clone(),
            vec!["/reports?from=2026-01-01&to=2026-06-30".into()],
        ),
        (
            admin.email.clone(),
            vec![
                "/admin".into(),
                "/admin/audit".into(),
                "/admin/offices/new".into(),
                "/admin/organizations/new".into(),
            ],
        ),
    ];
    let mut problems: Vec<String> = Vec::new();
    let mut checked = 0;
    for lang in ["fr", "ar"] {
        let (_driver, d) = browser(true, lang).await;
        for width in [1280, 390] {
            viewport(&d, width).await;
            let phone = width < 600;
            d.goto(app.srv.url("/login")).await.unwrap();
            wait(&d, &format!("html[lang={lang}]")).await;
            if let Some(js) = &axe_js {
                for v in axe(&d, js).await {
                    problems.push(format!("{lang} {width}px /login: {v}"));
                }
            }
            for (email, paths) in &people {
                sign_in(&d, &app, email).await;
                for path in paths {
                    d.goto(app.srv.url(path)).await.unwrap();
                    wait(&d, "main").await;
                    let at = format!("{lang} {width}px {path}");
                    let html_lang = d.find(By::Tag("html")).await.unwrap().attr("lang").await.unwrap();
                    if html_lang.as_deref() != Some(lang) {
                        problems.push(format!("{at}: lang {html_lang:?}"));
                    }
                    if let Some(js) = &axe_js {
                        for v in axe(&d, js).await {
                            problems.push(format!("{at}: {v}"));
                        }
                    }
                    if phone && let Some(o) = overflow(&d).await {
                        problems.push(format!("{at}: overflows: {o}"));
                    }
                    for c in codes_shown(&d, lang).await {
                        problems.push(format!("{at}: shows the code {c}"));
                    }
                    if path.starts_with("/reports") {
                        for c in chart_problems(&d, phone).await {
                            problems.push(format!("{at}: chart: {c}"));
                        }
                    }
                    checked += 1;
                }
                d.goto(app.srv.url("/")).await.unwrap();
                sign_out(&d).await;
            }
        }
        d.quit().await.unwrap();
    }
    assert!(checked >= 80, "{checked} pages checked");
    assert!(
        problems.is_empty(),
        "{} problems on {checked} pages:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The number of pages of a PDF Chromium printed.
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    let by_count = text
        .split("/Count ")
        .skip(1)
        .filter_map(|rest| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|n| n.parse::<usize>().ok())
        })
        .max()
        .unwrap_or(0);
    pages.max(by_count)
}

/// Issue 20, point 13: a busy case's summary and a referral slip print on
/// one A4 page in French, Arabic and English (Chromium's print to PDF), and
/// the printed case shows the person's name, not empty forms.
pub async fn a_case_summary_and_a_referral_slip_print_on_one_a4_page(app: TestApp) {
    let s = setup(&app).await;
    let cw = &s.team.caseworker.token;
    for i in 0..12 {
        app.post(
            &format!("/api/v1/cases/{}/services", s.case),
            cw,
            json!({"service_type": "health", "status": "delivered", "date": format!("2026-10-{:02}", i + 1),
                   "notes": "Consultation et suivi de grossesse au centre de santé du quartier"}),
        )
        .await
        .expect(201);
        app.post(
            &format!("/api/v1/cases/{}/notes", s.case),
            cw,
            json!({"text": "Entretien long ".repeat(40)}),
        )
        .await
        .expect(201);
    }
    let mut referral = Value::Null;
    for _ in 0..6 {
        referral = app
            .post(
                &format!("/api/v1/cases/{}/referrals", s.case),
                cw,
                json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": "Titre de séjour",
                       "urgency": "normal", "share": ["phone"]}),
            )
            .await
            .expect(201)
            .body;
    }
    for i in 0..8 {
        app.post(
            &format!("/api/v1/cases/{}/follow-ups", s.case),
            cw,
            json!({"due_on": format!("2027-01-{:02}", i + 1), "description": "Appeler l'association pour le rendez-vous"}),
        )
        .await
        .expect(201);
    }
    let referral = referral["id"].as_str().unwrap().to_string();
    // A distribution sheet of 20 people (a page holds about 25 lines).
    for i in 0..20 {
        app.register(
            cw,
            json!({"given_name": format!("Fatoumata {i}"), "family_name": "Diallo-Traoré", "sex": "female",
                   "vulnerabilities": ["lactating"], "consents": [{"purpose": "registration", "given": true}]}),
        )
        .await;
    }
    let list = app
        .post(
            "/api/v1/target-lists",
            cw,
            json!({"name": "Femmes allaitantes — distribution de kits d'hygiène", "definition": {"match": "all",
                   "criteria": [{"field": "vulnerability", "value": "lactating"}]}}),
        )
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let a4 = thirtyfour::common::print::PrintParameters {
        page: thirtyfour::common::print::PrintPage {
            width: 21.0,
            height: 29.7,
        },
        ..Default::default()
    };
    for lang in ["fr", "ar", "en"] {
        let (_driver, d) = browser(true, lang).await;
        sign_in(&d, &app, &s.team.caseworker.email).await;
        for path in [
            format!("/cases/{}/print", s.case),
            format!("/referrals/{referral}/slip"),
            format!("/target-lists/{list}/sheet"),
        ] {
            d.goto(app.srv.url(&path)).await.unwrap();
            wait(&d, "main article").await;
            let pdf = d.print_page(a4.clone()).await.unwrap();
            assert_eq!(pdf_pages(&pdf), 1, "{lang} {path}: one A4 page");
        }
        // The case page itself, printed, shows the person and no form.
        d.goto(app.srv.url(&format!("/cases/{}", s.case))).await.unwrap();
        wait(&d, "main form").await;
        d.cdp()
            .send_raw("Emulation.setEmulatedMedia", json!({"media": "print"}))
            .await
            .unwrap();
        let printed = d
            .execute(
                "return {forms: [...document.querySelectorAll('form')].filter(f => f.offsetParent !== null).length, \
                         name: document.querySelector('main .who').offsetParent !== null};",
                vec![],
            )
            .await
            .unwrap()
            .json()
            .clone();
        assert_eq!(
            printed,
            json!({"forms": 0, "name": true}),
            "{lang}: the printed case page"
        );
        d.cdp()
            .send_raw("Emulation.setEmulatedMedia", json!({"media": ""}))
            .await
            .unwrap();
        sign_out(&d).await;
        d.quit().await.unwrap();
    }
}

/// Whether the one-time result message is shown and has the focus.
async fn notice_has_focus(d: &WebDriver) -> bool {
    d.execute(
        "const n = document.querySelector('.notice'); return !!n && document.activeElement === n;",
        vec![],
    )
    .await
    .unwrap()
    .json()
    .as_bool()
    .unwrap_or(false)
}

/// Issue 20, points 1, 2, 3, 4, 5 and 12 in the browser, in French and
/// Arabic, on a desktop and on a 390 px phone: the attention list names the
/// person; a refused note keeps what was typed with the message next to
/// the field in the page's language; a saved note shows a result message
/// that takes the focus; a follow-up marked done leaves the attention list;
/// a consent is withdrawn from the person's page after a confirmation that
/// names the referral it closes; a transfer asks first and says what was
/// done.
pub async fn a_case_is_worked_in_french_and_arabic_on_a_desktop_and_a_phone(app: TestApp) {
    let runs = [
        ("fr", 1280, "RBA"),
        ("ar", 390, "OUJ"),
        ("fr", 390, "DKR"),
        ("ar", 1280, "KLK"),
    ];
    let elsewhere = app.office("ZIG").await;
    for (lang, width, code) in runs {
        let at = format!("{lang} {width}px");
        let team = app.team(code).await;
        let org = app
            .partner_org(&format!("Association {code}"), &[&team.office], &["legal_aid"])
            .await;
        let given = format!("Mariama{code}");
        let person = app
            .register(
                &team.caseworker.token,
                json!({"given_name": given, "family_name": "Sarr", "sex": "female",
                       "consents": [{"purpose": "registration", "given": true},
                                    {"purpose": "referral", "given": true}]}),
            )
            .await["id"]
            .as_str()
            .unwrap()
            .to_string();
        let case = app.open_case(&team.caseworker.token, &person).await["id"]
            .as_str()
            .unwrap()
            .to_string();
        app.post(
            &format!("/api/v1/cases/{case}/follow-ups"),
            &team.caseworker.token,
            json!({"due_on": "2026-01-05", "description": "Rappeler"}),
        )
        .await
        .expect(201);
        app.post(
            &format!("/api/v1/cases/{case}/referrals"),
            &team.caseworker.token,
            json!({"organization_id": org.id, "service_type": "legal_aid", "reason": "Titre de séjour",
                   "urgency": "normal"}),
        )
        .await
        .expect(201);
        let (_driver, d) = browser(true, lang).await;
        viewport(&d, width).await;
        sign_in(&d, &app, &team.supervisor.email).await;
        // Point 1: the attention list names the person and the reason.
        d.goto(app.srv.url("/attention")).await.unwrap();
        wait(&d, "main").await;
        let row = |d: &WebDriver| {
            let given = given.clone();
            let d = d.clone();
            async move {
                d.execute(
                    "return [...document.querySelectorAll('main li')].filter(li => li.innerText.includes(arguments[0])).map(li => li.querySelector('.reason').dataset.kind);",
                    vec![json!(given)],
                )
                .await
                .unwrap()
                .json()
                .clone()
            }
        };
        let kinds = row(&d).await;
        assert!(
            kinds.as_array().unwrap().contains(&json!("overdue_follow_up")),
            "{at}: the attention list names {given}: {kinds}"
        );
        // Point 3: a refused note keeps the text, the message next to it.
        d.goto(app.srv.url(&format!("/cases/{case}"))).await.unwrap();
        wait(&d, "form[action$='/notes']").await;
        set_value(&d, "text", &"x".repeat(10_001)).await;
        click(&d, "form[action$='/notes'] button[type=submit]").await;
        wait(&d, "#text[aria-invalid=true]").await;
        let refused = d
            .execute(
                "const t = document.getElementById('text'); const e = document.getElementById(t.getAttribute('aria-describedby')); \
                 return {kept: t.value.length, message: e ? e.innerText : '', lang: document.documentElement.lang};",
                vec![],
            )
            .await
            .unwrap()
            .json()
            .clone();
        assert_eq!(refused["kept"], 10_001, "{at}: {refused}");
        let message = refused["message"].as_str().unwrap();
        assert!(
            !message.is_empty() && !message.contains("must be"),
            "{at}: {refused}"
        );
        assert_eq!(refused["lang"], lang);
        // Point 12: a saved note says so, and the message has the focus.
        set_value(&d, "text", "Entretien d'accueil").await;
        click(&d, "form[action$='/notes'] button[type=submit]").await;
        wait(&d, ".notice").await;
        assert!(
            notice_has_focus(&d).await,
            "{at}: the result message has the focus"
        );
        // Point 5: the follow-up done leaves the attention list.
        click(&d, "form[action$='/done'] button").await;
        wait(&d, ".notice").await;
        d.goto(app.srv.url("/attention")).await.unwrap();
        wait(&d, "main").await;
        let kinds = row(&d).await;
        assert!(
            !kinds.as_array().unwrap().contains(&json!("overdue_follow_up")),
            "{at}: done, no longer overdue: {kinds}"
        );
        // Point 4: the referral consent is withdrawn from the person's page,
        // after a confirmation that names what it closes.
        d.goto(app.srv.url(&format!("/migrants/{person}"))).await.unwrap();
        wait(&d, "#consent-referral").await;
        click(&d, "#consent-referral button[value=no]").await;
        wait(&d, "form input[name=confirmed]").await;
        let confirm = d.find(By::Tag("main")).await.unwrap().text().await.unwrap();
        assert!(
            confirm.contains(&format!("Association {code}")),
            "{at}: {confirm}"
        );
        click(&d, "main form button[type=submit]").await;
        wait(&d, "#consent-referral .consent-state[data-state=withdrawn]").await;
        assert!(notice_has_focus(&d).await, "{at}: the withdrawal is confirmed");
        // Point 2: a transfer asks first, then says what was done.
        d.goto(app.srv.url(&format!("/cases/{case}"))).await.unwrap();
        wait(&d, "form[action$='/transfer']").await;
        choose(&d, &format!("#office_id option[value='{elsewhere}']")).await;
        click(&d, "form[action$='/transfer'] button").await;
        wait(&d, "form input[name=confirmed]").await;
        let confirm = d.find(By::Tag("main")).await.unwrap().text().await.unwrap();
        assert!(
            confirm.contains(&given) && confirm.contains("Office ZIG"),
            "{at}: {confirm}"
        );
        let still = app
            .get(&format!("/api/v1/cases/{case}"), &team.caseworker.token)
            .await;
        assert_eq!(still.status, 200, "{at}: nothing moved before the confirmation");
        click(&d, "main form button[type=submit]").await;
        wait(&d, ".notice").await;
        assert!(notice_has_focus(&d).await, "{at}: the transfer is reported");
        app.get(&format!("/api/v1/cases/{case}"), &team.caseworker.token)
            .await
            .problem(404);
        if width < 600 {
            assert!(overflow(&d).await.is_none(), "{at}: {:?}", overflow(&d).await);
        }
        d.quit().await.unwrap();
    }
}

/// Issue 21, part 1 in the browser, in French and Arabic: a supervisor
/// builds the list of pregnant women without a health service this month,
/// counts it, saves it, opens it and sees who it finds; once the person is
/// served, the list no longer finds her.
pub async fn a_supervisor_builds_a_target_list_in_french_and_arabic(app: TestApp) {
    for (lang, code, width) in [("fr", "RBA", 1280), ("ar", "OUJ", 390)] {
        let at = format!("{lang} {width}px");
        let team = app.team(code).await;
        // Three pregnant women with an open case and no health service:
        // the attention list shows them; one more person is not pregnant.
        let mut women = Vec::new();
        for given in ["Khadija", "Awa", "Mariam"] {
            let given = format!("{given}{code}");
            let id = app
                .register(
                    &team.caseworker.token,
                    json!({"given_name": given, "family_name": "Sy", "sex": "female", "vulnerabilities": ["pregnant"],
                           "consents": [{"purpose": "registration", "given": true}]}),
                )
                .await["id"]
                .as_str()
                .unwrap()
                .to_string();
            app.open_case(&team.caseworker.token, &id).await;
            women.push((given, id));
        }
        app.register(
            &team.caseworker.token,
            json!({"given_name": "Other", "family_name": "Person", "sex": "female",
                   "consents": [{"purpose": "registration", "given": true}]}),
        )
        .await;
        let (_driver, d) = browser(true, lang).await;
        viewport(&d, width).await;
        sign_in(&d, &app, &team.supervisor.email).await;
        let attention = page_text(&d, &app, "/attention").await;
        for (given, _) in &women {
            assert!(attention.contains(given.as_str()), "{at}: {attention}");
        }
        click(&d, "nav a[href='/target-lists']").await;
        wait(&d, "#target-builder").await;
        choose(&d, "#vulnerability option[value=pregnant]").await;
        choose(&d, "#service_received option[value=no]").await;
        choose(&d, "#service_type option[value=health]").await;
        set_value(&d, "service_since", "2026-11-01").await;
        click(&d, "#target-builder button[formmethod=get]").await;
        wait(&d, "#target-count").await;
        let counted = d
            .find(By::Id("target-count"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(counted.contains('3') || counted.contains('٣'), "{at}: {counted}");
        set_value(&d, "name", "Enceintes sans soins").await;
        click(&d, "#target-builder button.primary").await;
        wait(&d, "#target-members").await;
        assert!(notice_has_focus(&d).await, "{at}: the list is saved");
        let members = d
            .find(By::Id("target-members"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        for (given, _) in &women {
            assert!(members.contains(given.as_str()), "{at}: {members}");
        }
        assert!(!members.contains("Other"), "{at}: {members}");
        // A health distribution to the list, with two exceptions: Awa was
        // absent, Mariam refused. Only Khadija is served.
        choose(&d, "#distribution-form #service_type option[value=health]").await;
        choose(&d, &format!("#exception-{} option[value=absent]", women[1].1)).await;
        choose(&d, &format!("#exception-{} option[value=refused]", women[2].1)).await;
        click(&d, "#distribution-form button.primary").await;
        wait(&d, "#target-list-count").await;
        assert!(notice_has_focus(&d).await, "{at}: the distribution is recorded");
        let members = d
            .find(By::Id("target-members"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!members.contains(women[0].0.as_str()), "{at}: served: {members}");
        assert!(
            members.contains(women[1].0.as_str()) && members.contains(women[2].0.as_str()),
            "{at}: the exceptions stay on the list: {members}"
        );
        let attention = page_text(&d, &app, "/attention").await;
        assert!(!attention.contains(women[0].0.as_str()), "{at}: {attention}");
        assert!(
            attention.contains(women[1].0.as_str()) && attention.contains(women[2].0.as_str()),
            "{at}: {attention}"
        );
        // The served person's case shows the distribution's service.
        let services = app
            .get(
                &format!("/api/v1/cases?migrant_id={}", women[0].1),
                &team.caseworker.token,
            )
            .await
            .expect(200)
            .body;
        let case = services["items"][0]["id"].as_str().unwrap().to_string();
        let recorded = app
            .get(&format!("/api/v1/cases/{case}/services"), &team.caseworker.token)
            .await
            .expect(200)
            .body;
        assert!(recorded.to_string().contains("\"health\""), "{at}: {recorded}");
        if width < 600 {
            assert!(overflow(&d).await.is_none(), "{at}: {:?}", overflow(&d).await);
        }
        d.quit().await.unwrap();
    }
}

/// The text of a page's main region.
async fn page_text(d: &WebDriver, app: &TestApp, path: &str) -> String {
    d.goto(app.srv.url(path)).await.unwrap();
    d.find(By::Tag("main")).await.unwrap().text().await.unwrap()
}

/// Issue 21, part 3 in the browser, in French and Arabic: a supervisor
/// imports the demo spreadsheet — the columns are recognised, the check
/// lists the rows to correct, the good rows come in row by row — then
/// sends the corrected rows through the upload form and imports them.
pub async fn the_demo_spreadsheet_is_imported_in_french_and_arabic(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    for (lang, code, width) in [("fr", "RBA", 1280), ("ar", "OUJ", 390)] {
        let at = format!("{lang} {width}px");
        let team = app.team(code).await;
        let (_driver, d) = browser(true, lang).await;
        viewport(&d, width).await;
        sign_in(&d, &app, &team.supervisor.email).await;
        click(&d, "nav a[href='/imports']").await;
        wait(&d, "#import-demo").await;
        click(&d, "#import-demo button").await;
        wait(&d, "#import-mapping").await;
        assert!(notice_has_focus(&d).await, "{at}: the file is read");
        let family = d
            .find(By::Css("#map-family_name option:checked"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(family, "Nom", "{at}: the usual column names are recognised");
        click(&d, "#import-mapping button.primary").await;
        wait(&d, "#import-problems").await;
        assert!(notice_has_focus(&d).await, "{at}: the check is done");
        let problems = d
            .find(By::Id("import-problems"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(problems.contains("Date de naissance"), "{at}: {problems}");
        if width < 600 {
            assert!(overflow(&d).await.is_none(), "{at}: {:?}", overflow(&d).await);
        }
        click(&d, "#import-run input[value=row_by_row]").await;
        click(&d, "#import-run button.primary").await;
        wait(&d, "#import-figures").await;
        assert!(notice_has_focus(&d).await, "{at}: the import is done");
        let imported = d
            .find(By::Id("import-figures"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            imported.contains("289"),
            "{at}: 291 good rows less 2 duplicates: {imported}"
        );
        // The corrected rows, through the upload form.
        let fixed = dir.path().join(format!("corrections-{lang}.csv"));
        std::fs::write(
            &fixed,
            "Nom;Prénom;Sexe;Date de naissance\nCamara;Fatou;F;28/02/1991\nبن علي;فاطمة;أنثى;01/01/1990\n",
        )
        .unwrap();
        click(&d, "nav a[href='/imports']").await;
        wait(&d, "#import-upload").await;
        d.find(By::Id("file"))
            .await
            .unwrap()
            .send_keys(fixed.to_string_lossy())
            .await
            .unwrap();
        click(&d, "#import-upload button.primary").await;
        wait(&d, "#import-mapping").await;
        click(&d, "#import-mapping button.primary").await;
        wait(&d, "#import-run").await;
        click(&d, "#import-run input[value=all_or_nothing]").await;
        click(&d, "#import-run button.primary").await;
        wait(&d, "#import-figures").await;
        let done = d
            .find(By::Id("import-figures"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(done.contains('2') || done.contains("شخصان"), "{at}: {done}");
        let found = app
            .get("/api/v1/migrants?q=Camara", &team.supervisor.token)
            .await
            .expect(200)
            .body;
        assert!(
            found["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["birth_date"] == "1991-02-28"),
            "{at}: {found}"
        );
        d.quit().await.unwrap();
    }
}
