//! The pages in a real browser: Debian's Chromium, headless, driven through
//! chromedriver. Required in CI (`CI=true`); elsewhere reported as ignored
//! when chromedriver is not installed. One browser per test.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::json;
use thirtyfour::prelude::*;

use crate::harness::{Backend, TEST_PASSWORD, TestApp};

const DRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

pub(crate) struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub(crate) async fn browser(javascript: bool, lang: &str) -> (Driver, WebDriver) {
    let port = free_port();
    let child = Command::new(DRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child);
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary(CHROMIUM).unwrap();
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        &format!("--lang={lang}"),
    ] {
        caps.add_arg(arg).unwrap();
    }
    caps.set_browser_log_level(thirtyfour::LoggingPrefsLogLevel::All)
        .unwrap();
    // `--lang` does not reach headless Chromium's Accept-Language: the
    // preference does.
    let mut prefs = json!({"intl.accept_languages": lang});
    if !javascript {
        prefs["profile.managed_default_content_settings.javascript"] = json!(2);
    }
    caps.add_experimental_option("prefs", prefs).unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let mut last = None;
    for _ in 0..50 {
        match WebDriver::new(&url, caps.clone()).await {
            Ok(d) => return (driver, d),
            Err(e) => {
                last = Some(e);
                actix_web::rt::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    panic!("no WebDriver session: {last:?}");
}

pub(crate) async fn sign_in(d: &WebDriver, app: &TestApp, email: &str) {
    sign_in_with(d, app, email, TEST_PASSWORD).await;
}

pub(crate) async fn sign_in_with(d: &WebDriver, app: &TestApp, email: &str, password: &str) {
    d.goto(app.srv.url("/login")).await.unwrap();
    d.find(By::Id("email"))
        .await
        .unwrap()
        .send_keys(email)
        .await
        .unwrap();
    d.find(By::Id("password"))
        .await
        .unwrap()
        .send_keys(password)
        .await
        .unwrap();
    d.find(By::Css("form[action='/login'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    d.query(By::Css("form[action='/logout']")).first().await.unwrap();
}

/// A caseworker signs in, registers a person and lands on the person's
/// page with JavaScript switched off: every page works without scripts.
async fn a_caseworker_registers_a_person_with_javascript_off(app: TestApp) {
    let team = app.team("RBA").await;
    let (_driver, d) = browser(false, "fr").await;
    // (With scripts off, chromedriver's text-based locators and `text()`
    // do not work: CSS selectors and the page source do.)
    sign_in(&d, &app, &team.caseworker.email).await;
    d.find(By::Css("nav a[href='/migrants']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    d.find(By::Css("a[href='/migrants/new']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    d.find(By::Id("given_name"))
        .await
        .unwrap()
        .send_keys("Aïssatou")
        .await
        .unwrap();
    d.find(By::Id("family_name"))
        .await
        .unwrap()
        .send_keys("Barry")
        .await
        .unwrap();
    d.find(By::Id("birth_year"))
        .await
        .unwrap()
        .send_keys("1991")
        .await
        .unwrap();
    d.find(By::Css("#sex option[value=female]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    d.find(By::Css("form[action='/migrants/new'] button.primary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // WebDriver does not wait for the navigation a click starts: wait for
    // the person's page.
    d.query(By::Css("h1 bdi")).first().await.unwrap();
    let url = d.current_url().await.unwrap();
    assert!(
        url.path().starts_with("/migrants/") && url.path() != "/migrants/new",
        "{url}"
    );
    let source = d.source().await.unwrap();
    assert!(source.contains("<bdi>Aïssatou Barry</bdi>"), "{source}");
    // A name that looks like markup is shown as text and runs nothing.
    d.goto(app.srv.url("/migrants/new")).await.unwrap();
    d.find(By::Id("given_name"))
        .await
        .unwrap()
        .send_keys("<img src=x onerror=alert(1)>")
        .await
        .unwrap();
    d.find(By::Id("family_name"))
        .await
        .unwrap()
        .send_keys("Test")
        .await
        .unwrap();
    d.find(By::Css("#sex option[value=male]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    d.find(By::Css("form[action='/migrants/new'] button.primary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    d.query(By::Css("h1 bdi")).first().await.unwrap();
    let source = d.source().await.unwrap();
    assert!(source.contains("&lt;img src=x onerror=alert(1)&gt;"), "{source}");
    assert!(d.find_all(By::Css("h1 img")).await.unwrap().is_empty());
    // Signing out, then going back, shows nothing of the person.
    d.find(By::Css("form[action='/logout'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    d.query(By::Css("form[action='/login']")).first().await.unwrap();
    d.back().await.unwrap();
    d.refresh().await.unwrap();
    let source = d.source().await.unwrap();
    assert!(!source.contains("Aïssatou"), "{source}");
    assert!(source.contains("action=\"/login\""), "back at the sign-in form");
    d.quit().await.unwrap();
}

/// The Arabic pages are right to left, with JavaScript on, and the page
/// policy blocks nothing the pages need (no inline script, no style).
async fn the_arabic_pages_are_right_to_left(app: TestApp) {
    let team = app.team("RBA").await;
    app.migrant(&team.caseworker.token, "Youssef", "Benali").await;
    let (_driver, d) = browser(true, "ar").await;
    sign_in(&d, &app, &team.supervisor.email).await;
    // Choosing the language posts a form and reloads the page: wait for the
    // old page to go, or the next navigation races the redirect.
    let before = d.find(By::Tag("body")).await.unwrap();
    d.find(By::Css("button[name=lang][value=ar]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    before.wait_until().stale().await.unwrap();
    d.query(By::Css("html[dir=rtl]")).first().await.unwrap();
    d.goto(app.srv.url("/migrants?q=youssef")).await.unwrap();
    d.query(By::Css("a[href^='/migrants/']")).first().await.unwrap();
    let dir = d.find(By::Tag("html")).await.unwrap().attr("dir").await.unwrap();
    assert_eq!(dir.as_deref(), Some("rtl"));
    let computed = d
        .execute("return getComputedStyle(document.body).direction;", vec![])
        .await
        .unwrap()
        .json()
        .clone();
    assert_eq!(computed, json!("rtl"));
    // The stylesheet loaded under the policy (its rules apply).
    let display = d
        .execute(
            "return getComputedStyle(document.querySelector('.top')).display;",
            vec![],
        )
        .await
        .unwrap()
        .json()
        .clone();
    assert_eq!(display, json!("flex"));
    let text = d.find(By::Tag("body")).await.unwrap().text().await.unwrap();
    assert!(
        text.contains("Youssef Benali") && text.contains("الأشخاص"),
        "{text}"
    );
    d.quit().await.unwrap();
}

/// Clicks, then waits (up to 10 s) for the page the click loads, so that
/// what follows never looks at the page being left (under load, a busy
/// machine can take a while to answer a form).
pub(crate) async fn click(d: &WebDriver, css: &str) {
    let element = d
        .query(By::Css(css))
        .first()
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    d.execute("window.__mdLeaving = true;", vec![]).await.unwrap();
    element.click().await.unwrap();
    for _ in 0..100 {
        let left = d
            .execute(
                "return window.__mdLeaving !== true && document.readyState === 'complete';",
                vec![],
            )
            .await
            .ok()
            .and_then(|r| r.json().as_bool())
            .unwrap_or(false);
        if left {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Ticks a box or picks an option (no page load follows).
pub(crate) async fn choose(d: &WebDriver, css: &str) {
    d.query(By::Css(css))
        .first()
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
}

pub(crate) async fn fill(d: &WebDriver, css: &str, text: &str) {
    let field = d
        .query(By::Css(css))
        .first()
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    field
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
}

/// Sets a field's value directly (date inputs take typed text in the
/// browser's locale format).
pub(crate) async fn set_value(d: &WebDriver, id: &str, value: &str) {
    d.execute(
        "document.getElementById(arguments[0]).value = arguments[1];",
        vec![json!(id), json!(value)],
    )
    .await
    .unwrap();
}

/// Waits for the page a click opened: an element it must have.
pub(crate) async fn wait(d: &WebDriver, css: &str) {
    if d.query(By::Css(css)).first().await.is_err() {
        let url = d.current_url().await.unwrap();
        let main = d.find(By::Tag("main")).await.unwrap().text().await.unwrap();
        panic!("{url}: no {css} on the page: {main}");
    }
}

/// What every page must hold to: nothing in the console (no script error,
/// no Content-Security-Policy violation, no failed load) and no request
/// to another origin.
pub(crate) async fn clean(d: &WebDriver, origin: &str) {
    let log = d.browser_log().await.unwrap();
    let url = d.current_url().await.unwrap();
    // (Chromium notes the sign-out's Clear-Site-Data at INFO level.)
    let problems: Vec<_> = log
        .iter()
        .filter(|e| e.level != "INFO" || e.message.contains("Content Security Policy"))
        .collect();
    assert!(problems.is_empty(), "{url}: console: {problems:?}");
    let requests = d
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)",
            vec![],
        )
        .await
        .unwrap()
        .json()
        .clone();
    for r in requests.as_array().unwrap() {
        let r = r.as_str().unwrap();
        assert!(r.starts_with(origin), "{url}: a request left the origin: {r}");
    }
}

pub(crate) async fn sign_out(d: &WebDriver) {
    click(d, "form[action='/logout'] button").await;
    wait(d, "form[action='/login']").await;
}

/// The registered total of the manager's report page.
async fn registered_total(d: &WebDriver) -> String {
    let source = d.source().await.unwrap();
    let table = source
        .split("Personnes enregistrées, par sexe")
        .nth(1)
        .expect("the registrations table");
    table
        .split("Total</th><td>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the total")
        .to_string()
}

/// One working day in the browser with JavaScript on: the caseworker
/// registers a person (and is warned of the duplicate), opens a case and
/// refers it; the supervisor sees the person on the attention list; the
/// partner accepts, records a service and completes; the manager's report
/// does not move until the month ends. Every page: no console error, no CSP violation, no
/// request leaving the origin.
async fn each_role_does_its_day_in_the_browser(app: TestApp) {
    let team = app.team("RBA").await;
    let org = app
        .partner_org("Association Droit et Justice", &[&team.office], &["legal_aid"])
        .await;
    let manager = app
        .user(migrant_desk::auth::Role::Manager, Some(&team.office), None)
        .await;
    for i in 0..6 {
        app.migrant(&team.caseworker.token, "Seed", &format!("Person{i}"))
            .await;
    }
    let origin = app.srv.url("/").trim_end_matches('/').to_string();
    let (_driver, d) = browser(true, "fr").await;

    // The manager's figures before the day.
    sign_in(&d, &app, &manager.email).await;
    clean(&d, &origin).await;
    d.goto(app.srv.url("/reports")).await.unwrap();
    wait(&d, "svg[role=img]").await;
    clean(&d, &origin).await;
    let before = registered_total(&d).await;
    sign_out(&d).await;

    // The caseworker registers Fatou, then tries again: the duplicate
    // warning links the first record, and nothing is saved twice.
    sign_in(&d, &app, &team.caseworker.email).await;
    clean(&d, &origin).await;
    click(&d, "nav a[href='/migrants']").await;
    wait(&d, "a[href='/migrants/new']").await;
    clean(&d, &origin).await;
    for attempt in 0..2 {
        d.goto(app.srv.url("/migrants/new")).await.unwrap();
        fill(&d, "#given_name", "Fatou").await;
        fill(&d, "#family_name", "Ndiaye").await;
        fill(&d, "#birth_year", "1993").await;
        choose(&d, "#sex option[value=female]").await;
        choose(&d, "#nationality option[value=SN]").await;
        choose(&d, "input[name=consents][value=referral]").await;
        choose(&d, "input[name=vulnerabilities][value=pregnant]").await;
        clean(&d, &origin).await;
        click(&d, "form[action='/migrants/new'] button.primary").await;
        if attempt == 0 {
            wait(&d, "form#open-case").await;
        } else {
            wait(&d, "#duplicates a[href^='/migrants/']").await;
        }
        clean(&d, &origin).await;
    }
    click(&d, "#duplicates a[href^='/migrants/']").await;
    wait(&d, "form#open-case").await;
    let person = d.current_url().await.unwrap().path().to_string();
    fill(&d, "#summary", "Accès à un avocat").await;
    click(&d, "form#open-case button.primary").await;
    wait(&d, "form[action$='/referrals']").await;
    clean(&d, &origin).await;
    let case = d.current_url().await.unwrap().path().to_string();
    assert!(case.starts_with("/cases/"), "{case}");
    choose(&d, "#referral-offer option[value$='/legal_aid']").await;
    fill(&d, "#referral-reason", "Besoin d'un accompagnement juridique").await;
    click(&d, "form[action$='/referrals'] button[type=submit]").await;
    wait(&d, "#referral-status").await;
    clean(&d, &origin).await;
    let referral = d.current_url().await.unwrap().path().to_string();
    assert!(referral.starts_with("/referrals/"), "{referral}");
    sign_out(&d).await;

    // The supervisor sees the pregnant woman without a service.
    sign_in(&d, &app, &team.supervisor.email).await;
    click(&d, "nav a[href='/attention']").await;
    wait(&d, &format!("a[href='{person}']")).await;
    clean(&d, &origin).await;
    let text = d.find(By::Tag("main")).await.unwrap().text().await.unwrap();
    assert!(text.contains("Personne vulnérable sans service récent"), "{text}");
    sign_out(&d).await;

    // The partner accepts, records a service and completes.
    sign_in(&d, &app, &org.user.email).await;
    click(&d, "nav a[href='/referrals']").await;
    wait(&d, &format!("a[href='{referral}']")).await;
    clean(&d, &origin).await;
    click(&d, &format!("a[href='{referral}']")).await;
    wait(&d, "form[action$='/accept'] button").await;
    clean(&d, &origin).await;
    click(&d, "form[action$='/accept'] button").await;
    wait(&d, "form[action$='/services']").await;
    clean(&d, &origin).await;
    choose(&d, "#service_type option[value=legal_aid]").await;
    set_value(&d, "date", &chrono::Utc::now().date_naive().to_string()).await;
    fill(&d, "#notes", "Première consultation").await;
    click(&d, "form[action$='/services'] button[type=submit]").await;
    wait(&d, "#complete-text").await;
    clean(&d, &origin).await;
    fill(&d, "#complete-text", "Dossier déposé au tribunal").await;
    click(&d, "form[action$='/complete'] button[type=submit]").await;
    wait(&d, "#referral-status").await;
    let status = d
        .find(By::Id("referral-status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(status, "Terminée");
    clean(&d, &origin).await;
    sign_out(&d).await;

    // The manager's report covers months that have ended: the day's
    // registration shows from the 1st of next month, not before
    // (docs/privacy.md).
    sign_in(&d, &app, &manager.email).await;
    d.goto(app.srv.url("/reports")).await.unwrap();
    wait(&d, "svg[role=img]").await;
    clean(&d, &origin).await;
    let after = registered_total(&d).await;
    assert_eq!(after, before, "the open month is not published");
    // Only one Fatou Ndiaye was registered.
    let list = app
        .get("/api/v1/migrants?q=ndiaye", &team.caseworker.token)
        .await
        .expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    d.quit().await.unwrap();
}

/// Serves one page on another site (`localhost`, a free port) from a
/// thread; answers its port.
fn another_site(html: String) -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let reply = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{html}",
                html.len()
            );
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    port
}

/// A form posted from another site is refused (403), whatever it carries.
/// A supervisor enrols an authenticator app from the account page (the QR
/// code shows under the page policy), signs out, and signs in again with a
/// password and then a code computed as the app would (RFC 6238).
async fn a_supervisor_enrols_an_app_and_signs_in_with_its_code(app: TestApp) {
    use migrant_desk::auth::totp;
    let team = app.team("RBA").await;
    let origin = app.srv.url("/").trim_end_matches('/').to_string();
    let (_driver, d) = browser(true, "en").await;
    sign_in(&d, &app, &team.supervisor.email).await;
    click(&d, "a[href='/account/mfa']").await;
    click(&d, "form[action='/account/mfa'] button[type=submit]").await;
    wait(&d, "#mfa-qr").await;
    let drawn = d
        .execute(
            "const i = document.getElementById('mfa-qr'); return i.complete && i.naturalWidth > 0;",
            vec![],
        )
        .await
        .unwrap()
        .json()
        .as_bool();
    assert_eq!(drawn, Some(true), "the QR code is drawn");
    clean(&d, &origin).await;
    let secret = d.find(By::Id("mfa-secret")).await.unwrap().text().await.unwrap();
    let secret = totp::unbase32(&secret).unwrap();
    fill(
        &d,
        "#code",
        &totp::code_at(&secret, chrono::Utc::now().timestamp()),
    )
    .await;
    click(&d, "form[action='/account/mfa/confirm'] button[type=submit]").await;
    wait(&d, "#recovery-codes").await;
    sign_out(&d).await;
    // Password first, then the code.
    d.goto(app.srv.url("/login")).await.unwrap();
    fill(&d, "#email", &team.supervisor.email).await;
    fill(&d, "#password", TEST_PASSWORD).await;
    click(&d, "form[action='/login'] button[type=submit]").await;
    wait(&d, "form[action='/login/mfa']").await;
    // The enrolment used this step's code: the next step's is accepted
    // (the app's clock may run 30 s ahead).
    fill(
        &d,
        "#code",
        &totp::code_at(&secret, chrono::Utc::now().timestamp() + 30),
    )
    .await;
    click(&d, "form[action='/login/mfa'] button[type=submit]").await;
    wait(&d, "form[action='/logout']").await;
    clean(&d, &origin).await;
    d.quit().await.unwrap();
}

/// Swagger UI, served from the binary, renders every operation under its
/// Content-Security-Policy: no violation, nothing fetched from elsewhere.
async fn the_api_documentation_works_under_its_policy(app: TestApp) {
    let origin = app.srv.url("/").trim_end_matches('/').to_string();
    let (_driver, d) = browser(true, "en").await;
    d.goto(app.srv.url("/api/docs/")).await.unwrap();
    let mut rendered = 0;
    for _ in 0..100 {
        rendered = d
            .find_all(By::Css(".opblock"))
            .await
            .map(|v| v.len())
            .unwrap_or(0);
        if rendered > 20 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(rendered > 20, "Swagger UI rendered {rendered} operations");
    clean(&d, &origin).await;
    d.quit().await.unwrap();
}

async fn a_cross_site_post_is_refused(app: TestApp) {
    let team = app.team("RBA").await;
    let (_driver, d) = browser(true, "fr").await;
    sign_in(&d, &app, &team.caseworker.email).await;
    // The attacker is given the session's real form token (as if it had
    // leaked), so that only the origin check (Sec-Fetch-Site / Origin)
    // stands between the other site and the registration (issue 19: a form
    // without a token was refused by the token alone).
    d.goto(&app.srv.url("/migrants/new")).await.unwrap();
    let csrf = d
        .find(By::Css("input[name=_csrf]"))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    let target = app.srv.url("/migrants/new");
    let page = format!(
        "<!doctype html><form id=f method=post action='{target}'><input name=_csrf value='{csrf}'>\
         <input name=given_name value=Evil><input name=family_name value=Site><input name=sex value=female>\
         <input name=legal_status value=irregular><input name=consents value=registration></form>\
         <script>document.getElementById('f').submit()</script>"
    );
    // Another site: `localhost` is not `127.0.0.1`.
    let other = another_site(page);
    d.goto(&format!("http://localhost:{other}/")).await.unwrap();
    wait(&d, "main").await;
    let source = d.source().await.unwrap();
    assert!(
        source.contains("formulaire") || source.contains("403"),
        "the refusal page: {source}"
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
    // The same form with the same token, sent from our own page, does
    // register: the refusal above was the origin check's.
    let ours = format!(
        "<input name=_csrf value='{csrf}'><input name=given_name value=Awa><input name=family_name value=Ba>\
         <input name=sex value=female><input name=legal_status value=irregular><input name=consents value=registration>"
    );
    d.goto(&app.srv.url("/migrants/new")).await.unwrap();
    d.execute(
        &format!(
            "const f = document.createElement('form'); f.method = 'post'; f.action = '/migrants/new'; \
             f.innerHTML = {ours:?}; document.body.appendChild(f); f.submit();"
        ),
        vec![],
    )
    .await
    .unwrap();
    // The submission lands on another page: wait for the record, not for the page.
    let mut registered = 0;
    for _ in 0..100 {
        let list = app
            .get("/api/v1/migrants", &team.caseworker.token)
            .await
            .expect(200);
        registered = list.body["items"].as_array().unwrap().len();
        if registered > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(registered, 1, "registered from our own origin");
    d.quit().await.unwrap();
}

/// Not a test: with `MD_SCREENSHOTS=DIR` set, takes the README's
/// screenshots of the demo data in French and Arabic (see
/// docs/screenshots/README.md).
async fn screenshots_of_the_demo(app: TestApp, dir: String) {
    let db = app.state.db.clone();
    tokio::task::spawn_blocking(move || migrant_desk::demo::load(&db))
        .await
        .unwrap()
        .unwrap();
    let (_driver, d) = browser(true, "fr").await;
    d.set_window_rect(0, 0, 1280, 900).await.unwrap();
    let list = app
        .get(
            "/api/v1/migrants?limit=1",
            app.login("caseworker.rba@demo.migrant-desk.org", "demo-caseworker-pass")
                .await
                .expect(200)
                .body["access_token"]
                .as_str()
                .unwrap(),
        )
        .await
        .expect(200);
    let person = list.body["items"][0]["id"].as_str().unwrap().to_string();
    for lang in ["fr", "ar"] {
        let shots: [(&str, &str, &str, Vec<String>); 4] = [
            (
                "caseworker.rba@demo.migrant-desk.org",
                "demo-caseworker-pass",
                "caseworker",
                vec!["/".into(), format!("/migrants/{person}"), "/migrants/new".into()],
            ),
            (
                "supervisor.rba@demo.migrant-desk.org",
                "demo-supervisor-pass",
                "supervisor",
                vec!["/attention".into()],
            ),
            (
                "partner@demo.migrant-desk.org",
                "demo-partner-pass",
                "partner",
                vec!["/referrals".into()],
            ),
            (
                "manager@demo.migrant-desk.org",
                "demo-manager-pass",
                "manager",
                vec!["/reports".into()],
            ),
        ];
        for (email, password, role, paths) in shots {
            sign_in_with(&d, &app, email, password).await;
            click(&d, &format!("button[name=lang][value={lang}]")).await;
            wait(&d, &format!("html[lang={lang}]")).await;
            for (i, path) in paths.iter().enumerate() {
                d.goto(app.srv.url(path)).await.unwrap();
                wait(&d, "main").await;
                let file = format!("{dir}/{lang}-{role}-{i}.png");
                d.screenshot(std::path::Path::new(&file)).await.unwrap();
                eprintln!("wrote {file}");
            }
            sign_out(&d).await;
        }
    }
    d.quit().await.unwrap();
}

/// The browser tests, ignored (or failing in CI) without chromedriver.
pub fn trials() -> Vec<libtest_mimic::Trial> {
    type Body = fn(TestApp) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;
    let present = std::path::Path::new(DRIVER).exists() && std::path::Path::new(CHROMIUM).exists();
    let required = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    let tests: [(&str, Body); 11] = [
        ("the_demo_spreadsheet_is_imported_in_french_and_arabic", |app| {
            Box::pin(crate::browser_pages::the_demo_spreadsheet_is_imported_in_french_and_arabic(app))
        }),
        ("a_supervisor_builds_a_target_list_in_french_and_arabic", |app| {
            Box::pin(crate::browser_pages::a_supervisor_builds_a_target_list_in_french_and_arabic(app))
        }),
        (
            "a_case_is_worked_in_french_and_arabic_on_a_desktop_and_a_phone",
            |app| {
                Box::pin(
                    crate::browser_pages::a_case_is_worked_in_french_and_arabic_on_a_desktop_and_a_phone(app),
                )
            },
        ),
        (
            "every_page_passes_axe_in_french_and_arabic_on_a_desktop_and_a_phone",
            |app| {
                Box::pin(
                    crate::browser_pages::every_page_passes_axe_in_french_and_arabic_on_a_desktop_and_a_phone(
                        app,
                    ),
                )
            },
        ),
        ("a_case_summary_and_a_referral_slip_print_on_one_a4_page", |app| {
            Box::pin(crate::browser_pages::a_case_summary_and_a_referral_slip_print_on_one_a4_page(app))
        }),
        ("a_supervisor_enrols_an_app_and_signs_in_with_its_code", |app| {
            Box::pin(a_supervisor_enrols_an_app_and_signs_in_with_its_code(app))
        }),
        ("the_api_documentation_works_under_its_policy", |app| {
            Box::pin(the_api_documentation_works_under_its_policy(app))
        }),
        ("each_role_does_its_day_in_the_browser", |app| {
            Box::pin(each_role_does_its_day_in_the_browser(app))
        }),
        ("a_cross_site_post_is_refused", |app| {
            Box::pin(a_cross_site_post_is_refused(app))
        }),
        ("a_caseworker_registers_a_person_with_javascript_off", |app| {
            Box::pin(a_caseworker_registers_a_person_with_javascript_off(app))
        }),
        ("the_arabic_pages_are_right_to_left", |app| {
            Box::pin(the_arabic_pages_are_right_to_left(app))
        }),
    ];
    let mut trials: Vec<libtest_mimic::Trial> = Vec::new();
    if let Ok(dir) = std::env::var("MD_SCREENSHOTS") {
        trials.push(libtest_mimic::Trial::test(
            "browser::screenshots_of_the_demo",
            move || {
                actix_web::rt::System::new().block_on(async move {
                    let app = TestApp::start(Backend::Sqlite).await.expect("sqlite always runs");
                    screenshots_of_the_demo(app, dir).await;
                });
                Ok(())
            },
        ));
    }
    trials.extend(tests.into_iter().map(|(name, body)| {
        let trial = libtest_mimic::Trial::test(format!("browser::{name}"), move || {
            if !present {
                return Err("chromium and chromedriver are required (CI=true) but not installed".into());
            }
            actix_web::rt::System::new().block_on(async move {
                let app = TestApp::start(Backend::Sqlite).await.expect("sqlite always runs");
                body(app).await;
            });
            Ok(())
        });
        if !present && !required {
            eprintln!("*** chromedriver not found at {DRIVER}: the browser tests are IGNORED ***");
            trial.with_ignored_flag(true)
        } else {
            trial
        }
    }));
    trials
}
