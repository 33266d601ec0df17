//! The web frontend's frame (SPEC §7): sign-in and sign-out through forms,
//! the session cookie (pages only — the API takes only Bearer), CSRF, the
//! security headers, the role's home and the language switch.

use actix_web::http::Method;
use migrant_desk::auth::Role;
use serde_json::json;

use crate::harness::{Reply, TEST_PASSWORD, TestApp};
use crate::on_both_backends;

on_both_backends!(
    signed_out_visitors_get_the_sign_in_form_under_a_strict_policy,
    signing_in_opens_a_browser_session_that_the_api_does_not_accept,
    a_wrong_password_shows_the_form_again_and_opens_nothing,
    forged_or_cross_site_forms_are_refused,
    signing_out_revokes_the_session_and_clears_the_site,
    deactivating_an_account_ends_its_browser_sessions,
    https_is_believed_from_trusted_proxies_only_and_then_sent_hsts,
    deactivating_an_organisation_ends_its_partners_sessions_and_sign_ins,
    the_account_page_lists_open_logins_and_ends_them,
    the_language_switch_turns_the_pages_right_to_left,
    each_role_gets_its_own_home,
    api_answers_carry_the_data_policy,
    a_caseworker_registers_a_person_and_finds_them_again,
    a_likely_duplicate_is_shown_with_a_link_before_anything_is_saved,
    invalid_fields_are_shown_next_to_their_fields_and_nothing_is_saved,
    people_pages_answer_403_to_other_roles_and_404_across_offices,
    names_are_shown_as_text_and_run_nothing,
    a_person_page_shows_the_household_and_downloads_the_subject_access_export,
    a_case_page_shows_the_records_and_takes_notes_services_and_closure,
    case_pages_answer_403_to_other_roles_and_404_across_offices,
    a_partner_answers_serves_and_completes_a_referral_from_its_inbox,
    the_partner_page_shows_nobody_once_consent_is_withdrawn,
    referral_pages_answer_403_to_other_roles_and_404_to_other_partners,
    a_caseworker_refers_a_case_from_its_page_and_sees_a_consent_refusal_explained,
    the_supervisor_sees_the_attention_list_with_reasons,
    managers_see_protected_reports_as_charts_and_tables_with_csv,
    an_administrator_creates_and_deactivates_accounts_and_verifies_the_audit_trail,
    a_supervisor_assigns_transfers_merges_and_anonymises_from_the_pages,
    a_partner_creates_uses_and_revokes_an_api_key_from_its_page,
    a_partner_edits_its_profile_and_webhook_but_never_its_active_flag,
    an_administrator_adds_and_edits_directory_entries,
    an_administrator_adds_and_changes_offices_and_accounts,
    a_caseworker_opens_a_case_from_the_person_page,
    a_password_set_by_an_administrator_leads_to_the_change_form_first,
    a_supervisor_enrols_an_authenticator_app_and_signs_in_with_its_code,
    a_person_page_weighs_under_150_kb_on_a_cold_cache,
);

fn registration(csrf: &str, given: &str, family: &str, extra: &[(&str, &str)]) -> String {
    let mut fields: Vec<(&str, &str)> = vec![
        ("_csrf", csrf),
        ("given_name", given),
        ("family_name", family),
        ("sex", "female"),
        ("legal_status", "irregular"),
        ("consents", "registration"),
        ("consents", "referral"),
    ];
    fields.extend_from_slice(extra);
    encode(&fields)
}

/// Registers through the form; answers the new person's page path.
async fn register_page(app: &TestApp, session: &str, body: String) -> String {
    let r = app
        .form("/migrants/new", Some(session), &[], body)
        .await
        .expect(303);
    r.header("location").unwrap()
}

const FORM: &str = "application/x-www-form-urlencoded";

/// The value of a `Set-Cookie` named `name` in a reply.
fn set_cookie(r: &Reply, name: &str) -> Option<String> {
    r.headers
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

fn cookie_value(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .and_then(|kv| kv.split_once('='))
        .map(|(_, v)| v.to_string())
        .unwrap_or_default()
}

/// The CSRF token of the first form of a page.
pub fn token(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").expect("a form token") + "name=\"_csrf\" value=\"".len();
    html[at..].split('"').next().unwrap().to_string()
}

pub fn encode(fields: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(fields).unwrap()
}

impl TestApp {
    pub(crate) async fn page(&self, path: &str, cookie: Option<&str>) -> Reply {
        let headers: Vec<(&str, &str)> = cookie.map(|c| ("Cookie", c)).into_iter().collect();
        self.raw(Method::GET, path, None, &headers, None).await
    }

    pub(crate) async fn form(
        &self,
        path: &str,
        cookie: Option<&str>,
        extra: &[(&str, &str)],
        body: String,
    ) -> Reply {
        let mut headers: Vec<(&str, &str)> = vec![("Sec-Fetch-Site", "same-origin")];
        if let Some(c) = cookie {
            headers.push(("Cookie", c));
        }
        headers.extend_from_slice(extra);
        self.raw(Method::POST, path, None, &headers, Some((FORM, body)))
            .await
    }

    /// Signs `email` in through the form; answers the session cookie
    /// (`md_session=…`) and the home page.
    pub(crate) async fn sign_in(&self, email: &str) -> (String, Reply) {
        let form = self.page("/login", None).await.expect(200);
        let pre = format!("md_form={}", cookie_value(&set_cookie(&form, "md_form").unwrap()));
        let r = self
            .form(
                "/login",
                Some(&pre),
                &[],
                encode(&[
                    ("_csrf", &token(&form.raw)),
                    ("email", email),
                    ("password", TEST_PASSWORD),
                ]),
            )
            .await
            .expect(303);
        assert_eq!(r.header("location").as_deref(), Some("/"));
        let session = format!(
            "md_session={}",
            cookie_value(&set_cookie(&r, "md_session").unwrap())
        );
        let home = self.page("/", Some(&session)).await.expect(200);
        (session, home)
    }
}

async fn signed_out_visitors_get_the_sign_in_form_under_a_strict_policy(app: TestApp) {
    let r = app.page("/", None).await.expect(303);
    assert_eq!(r.header("location").as_deref(), Some("/login"));
    let r = app.page("/login", None).await.expect(200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert_eq!(
        r.header("content-security-policy").as_deref(),
        Some(migrant_desk::web::headers::PAGE_CSP)
    );
    assert_eq!(r.header("cache-control").as_deref(), Some("no-store"));
    assert_eq!(r.header("x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(r.header("referrer-policy").as_deref(), Some("no-referrer"));
    assert!(r.raw.contains("<html lang=\"fr\" dir=\"ltr\">"), "{}", r.raw);
    for field in ["name=\"email\"", "name=\"password\"", "name=\"_csrf\""] {
        assert!(r.raw.contains(field), "{field}");
    }
    let pre = set_cookie(&r, "md_form").unwrap();
    assert!(pre.contains("HttpOnly") && pre.contains("SameSite=Lax"), "{pre}");
    // The stylesheet is served under its hashed name, cached for a year.
    let css = r
        .raw
        .split("href=\"/assets/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let a = app.page(&format!("/assets/{css}"), None).await.expect(200);
    assert!(a.header("cache-control").unwrap().contains("immutable"));
    app.page("/assets/app.css", None).await.expect(404);
}

async fn signing_in_opens_a_browser_session_that_the_api_does_not_accept(app: TestApp) {
    let office = app.office("RBA").await;
    let cw = app.user(Role::Caseworker, Some(&office), None).await;
    let before = app.audit_count("login", Some(&cw.id)).await;
    let (session, home) = app.sign_in(&cw.email).await;
    assert!(home.raw.contains("Test caseworker"), "{}", home.raw);
    assert_eq!(app.audit_count("login", Some(&cw.id)).await, before + 1);
    // The cookie is HttpOnly, Lax, and not a JWT.
    let r = app.page("/login", Some(&session)).await.expect(303);
    assert_eq!(r.header("location").as_deref(), Some("/"));
    // The API takes only Bearer credentials; pages only the cookie.
    app.raw(Method::GET, "/api/v1/me", None, &[("Cookie", &session)], None)
        .await
        .problem(401);
    let r = app.get("/", &cw.token).await.expect(303);
    assert_eq!(r.header("location").as_deref(), Some("/login"));
}

async fn a_wrong_password_shows_the_form_again_and_opens_nothing(app: TestApp) {
    let office = app.office("RBA").await;
    let cw = app.user(Role::Caseworker, Some(&office), None).await;
    let form = app.page("/login", None).await.expect(200);
    let pre = format!("md_form={}", cookie_value(&set_cookie(&form, "md_form").unwrap()));
    let r = app
        .form(
            "/login",
            Some(&pre),
            &[],
            encode(&[
                ("_csrf", &token(&form.raw)),
                ("email", &cw.email),
                ("password", "not the password"),
            ]),
        )
        .await
        .expect(401);
    assert!(
        r.raw.contains("Adresse e-mail ou mot de passe incorrect."),
        "{}",
        r.raw
    );
    assert!(r.raw.contains(&cw.email), "the email is kept in the form");
    assert!(set_cookie(&r, "md_session").is_none());
    assert_eq!(app.audit_count("login_failed", Some(&cw.id)).await, 1);
}

async fn forged_or_cross_site_forms_are_refused(app: TestApp) {
    let office = app.office("RBA").await;
    let cw = app.user(Role::Caseworker, Some(&office), None).await;
    let form = app.page("/login", None).await.expect(200);
    let pre = format!("md_form={}", cookie_value(&set_cookie(&form, "md_form").unwrap()));
    let good = encode(&[
        ("_csrf", &token(&form.raw)),
        ("email", &cw.email),
        ("password", TEST_PASSWORD),
    ]);
    // From another site, by Fetch Metadata or by Origin.
    let headers = [("Sec-Fetch-Site", "cross-site"), ("Cookie", pre.as_str())];
    let r = app
        .raw(Method::POST, "/login", None, &headers, Some((FORM, good.clone())))
        .await
        .expect(403);
    assert!(set_cookie(&r, "md_session").is_none());
    let headers = [("Origin", "https://evil.example"), ("Cookie", pre.as_str())];
    app.raw(Method::POST, "/login", None, &headers, Some((FORM, good.clone())))
        .await
        .expect(403);
    // Without the token, with another browser's token, without the cookie.
    let no_token = encode(&[("email", &cw.email), ("password", TEST_PASSWORD)]);
    app.form("/login", Some(&pre), &[], no_token).await.expect(403);
    app.form("/login", Some("md_form=someone-else"), &[], good.clone())
        .await
        .expect(403);
    app.form("/login", None, &[], good).await.expect(403);
    // A signed-in session's token is bound to it.
    let (session, home) = app.sign_in(&cw.email).await;
    let other = app.user(Role::Caseworker, Some(&office), None).await;
    let (other_session, _) = app.sign_in(&other.email).await;
    app.form(
        "/logout",
        Some(&other_session),
        &[],
        encode(&[("_csrf", &token(&home.raw))]),
    )
    .await
    .expect(403);
    app.page("/", Some(&other_session)).await.expect(200);
    app.page("/", Some(&session)).await.expect(200);
}

async fn signing_out_revokes_the_session_and_clears_the_site(app: TestApp) {
    let office = app.office("RBA").await;
    let cw = app.user(Role::Caseworker, Some(&office), None).await;
    let (session, home) = app.sign_in(&cw.email).await;
    let r = app
        .form(
            "/logout",
            Some(&session),
            &[],
            encode(&[("_csrf", &token(&home.raw))]),
        )
        .await
        .expect(303);
    assert_eq!(r.header("location").as_deref(), Some("/login"));
    assert_eq!(
        r.header("clear-site-data").as_deref(),
        Some("\"cache\", \"cookies\", \"storage\"")
    );
    assert!(set_cookie(&r, "md_session").unwrap().contains("Max-Age=0"));
    // Back (or a replayed cookie) shows nothing.
    let r = app.page("/", Some(&session)).await.expect(303);
    assert_eq!(r.header("location").as_deref(), Some("/login"));
    assert_eq!(app.audit_count("logout", Some(&cw.id)).await, 1);
}

async fn deactivating_an_account_ends_its_browser_sessions(app: TestApp) {
    let office = app.office("RBA").await;
    let cw = app.user(Role::Caseworker, Some(&office), None).await;
    let admin = app.admin().await;
    let (session, _) = app.sign_in(&cw.email).await;
    app.patch(
        &format!("/api/v1/users/{}", cw.id),
        &admin.token,
        json!({"active": false}),
    )
    .await
    .expect(200);
    app.page("/", Some(&session)).await.expect(303);
}

async fn deactivating_an_organisation_ends_its_partners_sessions_and_sign_ins(app: TestApp) {
    let office = app.office("RBA").await;
    let org = app
        .partner_org("Association Tadamon", &[&office], &["legal_aid"])
        .await;
    let admin = app.admin().await;
    let (session, _) = app.sign_in(&org.user.email).await;
    app.get("/api/v1/referrals", &org.user.token).await.expect(200);
    app.patch(
        &format!("/api/v1/organizations/{}", org.id),
        &admin.token,
        json!({"active": false}),
    )
    .await
    .expect(200);
    // The browser session, the access token and the refresh token are over;
    // signing in again is refused like a deactivated account.
    app.page("/", Some(&session)).await.expect(303);
    app.get("/api/v1/referrals", &org.user.token).await.problem(401);
    app.call(
        Method::POST,
        "/api/v1/auth/refresh",
        None,
        Some(json!({"refresh_token": org.user.refresh_token})),
    )
    .await
    .problem(401);
    app.login(&org.user.email, TEST_PASSWORD).await.problem(401);
}

/// Issue 19: the account page lists the person's open logins (this
/// browser, another browser, the API) and ends any of them.
async fn the_account_page_lists_open_logins_and_ends_them(app: TestApp) {
    let office = app.office("RBA").await;
    let cw = app.user(Role::Caseworker, Some(&office), None).await;
    let (first, _) = app.sign_in(&cw.email).await;
    let (second, _) = app.sign_in(&cw.email).await;
    let page = app.page("/account/password", Some(&second)).await.expect(200);
    let ends: Vec<&str> = page
        .raw
        .split("action=\"/account/sessions/")
        .skip(1)
        .map(|rest| rest.split('/').next().unwrap())
        .collect();
    assert_eq!(ends.len(), 3, "two browsers and the API login");
    // End every other login from this page: the first browser is signed out.
    for id in &ends {
        let here = app.page("/account/password", Some(&second)).await.expect(200);
        if here.raw.contains(&format!("/account/sessions/{id}/end")) && !is_current(&here.raw, id) {
            let r = app
                .form(
                    &format!("/account/sessions/{id}/end"),
                    Some(&second),
                    &[],
                    encode(&[("_csrf", &token(&here.raw))]),
                )
                .await
                .expect(303);
            assert_eq!(r.header("location").as_deref(), Some("/account/password"));
        }
    }
    app.page("/", Some(&first)).await.expect(303);
    app.get("/api/v1/me", &cw.token).await.problem(401);
    app.page("/", Some(&second)).await.expect(200);
}

/// Whether the login `id` is marked as this one on the account page.
fn is_current(page: &str, id: &str) -> bool {
    let at = page.find(&format!("/account/sessions/{id}/end")).unwrap_or(0);
    let row_start = page[..at].rfind("<li>").unwrap_or(0);
    page[row_start..at].contains("<strong>")
}

/// Issue 19: `X-Forwarded-Proto` was believed from any peer and HSTS never
/// sent. Only a `trusted_proxies` peer may say the browser came over HTTPS;
/// then the answer carries `Strict-Transport-Security` and the session
/// cookie is `Secure` with the `__Host-` prefix.
async fn https_is_believed_from_trusted_proxies_only_and_then_sent_hsts(app: TestApp) {
    let forwarded = [("X-Forwarded-Proto", "https")];
    // The test servers trust this machine as a proxy; one that trusts none:
    let direct = app.another(|s| s.trusted_proxies = String::new()).await;
    let r = direct
        .raw(Method::GET, "/login", None, &forwarded, None)
        .await
        .expect(200);
    assert_eq!(
        r.header("strict-transport-security"),
        None,
        "an untrusted peer is not believed"
    );
    assert!(set_cookie(&r, "md_form").is_some_and(|c| !c.contains("Secure")));
    let behind = &app;
    let r = behind
        .raw(Method::GET, "/login", None, &forwarded, None)
        .await
        .expect(200);
    assert_eq!(
        r.header("strict-transport-security").as_deref(),
        Some("max-age=31536000; includeSubDomains")
    );
    assert!(set_cookie(&r, "md_form").is_some_and(|c| c.contains("Secure")));
    let api = behind
        .raw(Method::GET, "/health/live", None, &forwarded, None)
        .await
        .expect(200);
    assert!(api.header("strict-transport-security").is_some());
    let plain = behind
        .raw(Method::GET, "/login", None, &[], None)
        .await
        .expect(200);
    assert_eq!(plain.header("strict-transport-security"), None);
}

async fn the_language_switch_turns_the_pages_right_to_left(app: TestApp) {
    let office = app.office("RBA").await;
    let cw = app.user(Role::Caseworker, Some(&office), None).await;
    let (session, home) = app.sign_in(&cw.email).await;
    let r = app
        .form(
            "/language",
            Some(&session),
            &[],
            encode(&[("_csrf", &token(&home.raw)), ("lang", "ar")]),
        )
        .await
        .expect(303);
    let lang = format!("md_lang={}", cookie_value(&set_cookie(&r, "md_lang").unwrap()));
    // It goes back only to a path of this site (issue 19: an open redirect
    // through `/\host` and `/<TAB>/host`, and a 500 on CR/LF).
    for (back, to) in [
        ("/migrants?q=awa", "/migrants?q=awa"),
        ("/\\evil.example", "/"),
        ("/\t/evil.example", "/"),
        ("//evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/\r\nSet-Cookie: x=1", "/"),
    ] {
        let r = app
            .form(
                "/language",
                Some(&session),
                &[],
                encode(&[("_csrf", &token(&home.raw)), ("lang", "ar"), ("back", back)]),
            )
            .await
            .expect(303);
        assert_eq!(r.header("location").as_deref(), Some(to), "{back:?}");
    }
    let both = format!("{session}; {lang}");
    let r = app.page("/", Some(&both)).await.expect(200);
    assert!(r.raw.contains("<html lang=\"ar\" dir=\"rtl\">"), "{}", r.raw);
    assert!(r.raw.contains("تسجيل الخروج"));
    // The choice is kept on the account: another browser gets it too.
    let (_, elsewhere) = app.sign_in(&cw.email).await;
    assert!(elsewhere.raw.contains("<html lang=\"ar\" dir=\"rtl\">"));
    let me = app.get("/api/v1/me", &cw.token).await.expect(200);
    assert_eq!(me.body["language"], "ar");
    // The browser's own language is used when nothing was chosen.
    let headers = [("Accept-Language", "en-GB,en;q=0.9")];
    let r = app
        .raw(Method::GET, "/login", None, &headers, None)
        .await
        .expect(200);
    assert!(r.raw.contains("<html lang=\"en\" dir=\"ltr\">") && r.raw.contains("Sign in"));
}

async fn each_role_gets_its_own_home(app: TestApp) {
    let office = app.office("RBA").await;
    let org = app.partner_org("Association", &[&office], &["legal_aid"]).await;
    for (role, user) in app.one_of_each(&office).await {
        let email = if role == Role::Partner {
            org.user.email.clone()
        } else {
            user.email.clone()
        };
        let (_, home) = app.sign_in(&email).await;
        let expected = match role {
            Role::Caseworker | Role::Supervisor => "Mes suivis à faire",
            Role::Partner => "Orientations reçues",
            Role::Manager => "href=\"/reports\"",
            Role::Admin => "href=\"/admin\"",
        };
        assert!(home.raw.contains(expected), "{role:?}: {}", home.raw);
    }
}

async fn api_answers_carry_the_data_policy(app: TestApp) {
    let admin = app.admin().await;
    let r = app.get("/api/v1/me", &admin.token).await.expect(200);
    assert_eq!(
        r.header("content-security-policy").as_deref(),
        Some("default-src 'none'; frame-ancestors 'none'")
    );
    assert_eq!(r.header("x-content-type-options").as_deref(), Some("nosniff"));
    let r = app.get("/api/v1/nowhere", &admin.token).await.problem(404);
    assert_eq!(r.header("referrer-policy").as_deref(), Some("no-referrer"));
}

async fn a_caseworker_registers_a_person_and_finds_them_again(app: TestApp) {
    let team = app.team("RBA").await;
    let (session, _) = app.sign_in(&team.caseworker.email).await;
    let form = app.page("/migrants/new", Some(&session)).await.expect(200);
    for field in [
        "given_name",
        "family_name",
        "name_ar",
        "sex",
        "birth_date",
        "nationality",
        "legal_status",
        "phone",
    ] {
        assert!(form.raw.contains(&format!("name=\"{field}\"")), "{field}");
    }
    // Issue 20, point 7: countries and spoken languages are chosen by
    // their names (CLDR), and no sex is chosen for the user.
    assert!(
        form.raw.contains("<option value=\"SN\">Sénégal</option>"),
        "{}",
        form.raw
    );
    assert!(
        form.raw.contains("<option value=\"wo\">wolof</option>"),
        "{}",
        form.raw
    );
    assert!(!form.raw.contains("<input id=\"nationality\""), "no typed code");
    let sex = form
        .raw
        .split("id=\"sex\"")
        .nth(1)
        .unwrap()
        .split("</select>")
        .next()
        .unwrap();
    assert!(!sex.contains("selected"), "no sex chosen in advance: {sex}");
    let body = registration(
        &token(&form.raw),
        "Aminata",
        "Diallo",
        &[
            ("name_ar", "أميناتا"),
            ("birth_date", "1990-03-02"),
            ("nationality", "gn"),
            ("languages", "ff"),
            ("languages", "fr"),
            ("vulnerabilities", "pregnant"),
        ],
    );
    let path = register_page(&app, &session, body).await;
    assert!(path.starts_with("/migrants/"), "{path}");
    let id = path.trim_start_matches("/migrants/").to_string();
    let reads = app.audit_count("read", Some(&id)).await;
    let page = app.page(&path, Some(&session)).await.expect(200);
    assert!(page.raw.contains("<bdi>Aminata Diallo</bdi>"), "{}", page.raw);
    // The nationality and the languages by name, not code.
    assert!(
        page.raw.contains("<dd data-code=\"GN\">Guinée</dd>"),
        "{}",
        page.raw
    );
    assert!(
        page.raw.contains(">peul</span>") && page.raw.contains(">français</span>"),
        "{}",
        page.raw
    );
    // Dates as the language writes them.
    assert!(
        page.raw
            .contains("<time datetime=\"1990-03-02\">2 mars 1990</time>"),
        "{}",
        page.raw
    );
    assert!(
        page.raw.contains("Enceinte") || page.raw.contains("enceinte"),
        "vulnerability label"
    );
    assert_eq!(
        app.audit_count("read", Some(&id)).await,
        reads + 2,
        "the record and its consent history"
    );
    // The same record through the API.
    let api = app
        .get(
            &format!("/api/v1/{}", path.trim_start_matches('/')),
            &team.caseworker.token,
        )
        .await
        .expect(200);
    assert_eq!(api.body["nationality"], "GN");
    assert_eq!(api.body["vulnerabilities"], json!(["pregnant"]));
    // Search in Latin and Arabic script.
    for q in ["aminata", "DIALLO", "أميناتا"] {
        let r = app
            .page(&format!("/migrants?q={}", urlencoding(q)), Some(&session))
            .await
            .expect(200);
        assert!(r.raw.contains(&path), "{q}: {}", r.raw);
    }
}

fn urlencoding(s: &str) -> String {
    serde_urlencoded::to_string([("q", s)])
        .unwrap()
        .trim_start_matches("q=")
        .to_string()
}

async fn a_likely_duplicate_is_shown_with_a_link_before_anything_is_saved(app: TestApp) {
    let team = app.team("RBA").await;
    let (session, home) = app.sign_in(&team.caseworker.email).await;
    let csrf = token(&home.raw);
    let first = register_page(
        &app,
        &session,
        registration(&csrf, "Mamadou", "Traoré", &[("birth_year", "1994")]),
    )
    .await;
    let before: i64 = app.get("/api/v1/migrants", &team.caseworker.token).await.body["items"]
        .as_array()
        .unwrap()
        .len() as i64;
    let again = registration(&csrf, "MAMADOU", "TRAORE", &[("birth_year", "1994")]);
    let r = app
        .form("/migrants/new", Some(&session), &[], again.clone())
        .await
        .expect(200);
    assert!(r.raw.contains("id=\"duplicates\""), "{}", r.raw);
    assert!(
        r.raw.contains(&format!("href=\"{first}\"")),
        "links the likely match"
    );
    assert!(
        r.raw.contains("value=\"MAMADOU\""),
        "the form keeps what was typed"
    );
    let after: i64 = app.get("/api/v1/migrants", &team.caseworker.token).await.body["items"]
        .as_array()
        .unwrap()
        .len() as i64;
    assert_eq!(after, before, "nothing saved before the staff choose");
    let confirmed = format!("{again}&confirm=1");
    let second = register_page(&app, &session, confirmed).await;
    assert_ne!(second, first);
}

async fn invalid_fields_are_shown_next_to_their_fields_and_nothing_is_saved(app: TestApp) {
    let team = app.team("RBA").await;
    let (session, home) = app.sign_in(&team.caseworker.email).await;
    let body = registration(
        &token(&home.raw),
        " ",
        "Diallo",
        &[("birth_date", "2999-01-01"), ("nationality", "XX")],
    );
    let r = app
        .form("/migrants/new", Some(&session), &[], body)
        .await
        .expect(422);
    for field in ["given_name", "birth_date", "nationality"] {
        assert!(
            r.raw.contains(&format!("id=\"{field}-error\"")),
            "{field}: {}",
            r.raw
        );
    }
    assert!(r.raw.contains("value=\"Diallo\""));
    let list = app
        .get("/api/v1/migrants", &team.caseworker.token)
        .await
        .expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 0);
}

async fn people_pages_answer_403_to_other_roles_and_404_across_offices(app: TestApp) {
    let team = app.team("RBA").await;
    let id = app.migrant(&team.caseworker.token, "Awa", "Sow").await;
    let org = app
        .partner_org("Association", &[&team.office], &["legal_aid"])
        .await;
    for (role, user) in app.one_of_each(&team.office).await {
        let email = if role == Role::Partner {
            org.user.email.clone()
        } else {
            user.email.clone()
        };
        let (session, _) = app.sign_in(&email).await;
        let expected = if matches!(role, Role::Caseworker | Role::Supervisor) {
            200
        } else {
            403
        };
        for path in [
            "/migrants".to_string(),
            "/migrants/new".to_string(),
            format!("/migrants/{id}"),
            format!("/migrants/{id}/export"),
        ] {
            let r = app.page(&path, Some(&session)).await.expect(expected);
            if expected == 403 {
                assert!(r.header("content-type").unwrap().starts_with("text/html"));
                assert!(!r.raw.contains("Awa"), "{role:?} {path}");
            }
        }
    }
    let other = app.team("OUJ").await;
    let (session, _) = app.sign_in(&other.caseworker.email).await;
    for path in [format!("/migrants/{id}"), format!("/migrants/{id}/export")] {
        let r = app.page(&path, Some(&session)).await.expect(404);
        assert!(!r.raw.contains("Awa"), "{path}");
    }
    app.page("/migrants/new", None).await.expect(303);
    app.page(&format!("/migrants/{id}/export"), None)
        .await
        .expect(303);
}

async fn a_person_page_shows_the_household_and_downloads_the_subject_access_export(app: TestApp) {
    let t = app.team("RBA").await;
    let h = app
        .call(
            Method::POST,
            "/api/v1/households",
            Some(&t.caseworker.token),
            None,
        )
        .await
        .expect(201);
    let hid = h.body["id"].as_str().unwrap().to_string();
    let mut ids = Vec::new();
    for (name, rel) in [("Mamadou", "head"), ("Kadiatou", "spouse")] {
        let r = app
            .register(
                &t.caseworker.token,
                json!({"given_name": name, "family_name": "Bah", "sex": "unknown",
                       "household_id": hid, "relationship_to_head": rel}),
            )
            .await;
        ids.push(r["id"].as_str().unwrap().to_string());
    }
    let (session, _) = app.sign_in(&t.caseworker.email).await;
    let page = app
        .page(&format!("/migrants/{}", ids[0]), Some(&session))
        .await
        .expect(200);
    assert!(
        page.raw.contains(&format!(
            "<a href=\"/migrants/{}\"><bdi>Kadiatou Bah</bdi></a>",
            ids[1]
        )),
        "links the other member: {}",
        page.raw
    );
    assert!(
        page.raw.contains("Conjoint") || page.raw.contains("conjoint"),
        "relationship label"
    );
    assert!(
        page.raw
            .contains(&format!("href=\"/migrants/{}/export\"", ids[0]))
    );
    let exports = app.audit_count("export", Some(&ids[0])).await;
    let r = app
        .page(&format!("/migrants/{}/export", ids[0]), Some(&session))
        .await
        .expect(200);
    assert!(r.header("content-disposition").unwrap().starts_with("attachment"));
    assert_eq!(r.header("cache-control").as_deref(), Some("no-store"), "issue 19");
    assert_eq!(r.body["migrant"]["given_name"], "Mamadou");
    assert!(r.body["audit"].is_array() && r.body["cases"].is_array());
    assert_eq!(app.audit_count("export", Some(&ids[0])).await, exports + 1);
}

async fn names_are_shown_as_text_and_run_nothing(app: TestApp) {
    let team = app.team("RBA").await;
    let (session, home) = app.sign_in(&team.caseworker.email).await;
    let evil = "<img src=x onerror=alert(1)>";
    let path = register_page(
        &app,
        &session,
        registration(&token(&home.raw), evil, "Diallo", &[]),
    )
    .await;
    for page in [path.as_str(), "/migrants?q=diallo"] {
        let r = app.page(page, Some(&session)).await.expect(200);
        assert!(!r.raw.contains(evil), "{page}");
        assert!(
            r.raw.contains("&#60;img src=x onerror=alert(1)&#62;") || r.raw.contains("&lt;img"),
            "{page}: {}",
            r.raw
        );
    }
}

async fn a_case_page_shows_the_records_and_takes_notes_services_and_closure(app: TestApp) {
    let team = app.team("RBA").await;
    let migrant = app.migrant(&team.caseworker.token, "Fatou", "Ndiaye").await;
    let case = app.open_case(&team.caseworker.token, &migrant).await;
    let (id, number) = (
        case["id"].as_str().unwrap().to_string(),
        case["case_number"].as_str().unwrap().to_string(),
    );
    let (session, _) = app.sign_in(&team.caseworker.email).await;
    let path = format!("/cases/{id}");
    let page = app.page(&path, Some(&session)).await.expect(200);
    assert!(page.raw.contains(&number), "{}", page.raw);
    assert!(page.raw.contains(&format!("href=\"/migrants/{migrant}\"")));
    let csrf = token(&page.raw);
    let r = app
        .form(
            &format!("{path}/notes"),
            Some(&session),
            &[],
            encode(&[
                ("_csrf", &csrf),
                ("text", "Première visite, orientée vers le centre de santé"),
            ]),
        )
        .await
        .expect(303);
    assert_eq!(r.header("location").as_deref(), Some(path.as_str()));
    let today = chrono::Utc::now().date_naive().to_string();
    app.form(
        &format!("{path}/services"),
        Some(&session),
        &[],
        encode(&[
            ("_csrf", &csrf),
            ("service_type", "health"),
            ("status", "delivered"),
            ("date", &today),
            ("notes", ""),
        ]),
    )
    .await
    .expect(303);
    app.form(
        &format!("{path}/follow-ups"),
        Some(&session),
        &[],
        encode(&[
            ("_csrf", &csrf),
            ("due_on", "2030-01-15"),
            ("description", "Rappeler pour le rendez-vous"),
        ]),
    )
    .await
    .expect(303);
    let page = app.page(&path, Some(&session)).await.expect(200);
    for shown in [
        "Première visite",
        "Santé",
        "2030-01-15",
        "Rappeler pour le rendez-vous",
    ] {
        assert!(page.raw.contains(shown), "{shown}");
    }
    // The same records through the API.
    let notes = app
        .get(&format!("/api/v1/cases/{id}/notes"), &team.caseworker.token)
        .await
        .expect(200);
    assert_eq!(notes.body["items"].as_array().unwrap().len(), 1);
    // A bad date is said, and nothing is stored.
    let r = app
        .form(
            &format!("{path}/follow-ups"),
            Some(&session),
            &[],
            encode(&[("_csrf", &csrf), ("due_on", "15/01/2030"), ("description", "x")]),
        )
        .await
        .expect(422);
    // Next to its field, with what was typed kept.
    assert!(r.raw.contains("id=\"due_on-error\""), "{}", r.raw);
    assert!(r.raw.contains("value=\"15/01/2030\""));
    // The supervisor closes the case, and reopens it.
    let (sup, sup_home) = app.sign_in(&team.supervisor.email).await;
    let sup_csrf = token(&sup_home.raw);
    app.form(
        &format!("{path}/close"),
        Some(&sup),
        &[],
        encode(&[("_csrf", &sup_csrf), ("reason", "resolved")]),
    )
    .await
    .expect(303);
    let api = app
        .get(&format!("/api/v1/cases/{id}"), &team.caseworker.token)
        .await
        .expect(200);
    assert_eq!(api.body["status"], "closed");
    app.form(
        &format!("{path}/close"),
        Some(&sup),
        &[],
        encode(&[("_csrf", &sup_csrf), ("reason", "resolved")]),
    )
    .await
    .expect(409);
    app.form(
        &format!("{path}/reopen"),
        Some(&sup),
        &[],
        encode(&[("_csrf", &sup_csrf)]),
    )
    .await
    .expect(303);
    // A forged form changes nothing.
    app.form(
        &format!("{path}/notes"),
        Some(&session),
        &[],
        encode(&[("_csrf", &sup_csrf), ("text", "forged")]),
    )
    .await
    .expect(403);
}

async fn case_pages_answer_403_to_other_roles_and_404_across_offices(app: TestApp) {
    let team = app.team("RBA").await;
    let migrant = app.migrant(&team.caseworker.token, "Fatou", "Ndiaye").await;
    let id = app.open_case(&team.caseworker.token, &migrant).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let org = app
        .partner_org("Association", &[&team.office], &["legal_aid"])
        .await;
    for (role, user) in app.one_of_each(&team.office).await {
        let email = if role == Role::Partner {
            org.user.email.clone()
        } else {
            user.email.clone()
        };
        let (session, _) = app.sign_in(&email).await;
        let expected = if matches!(role, Role::Caseworker | Role::Supervisor) {
            200
        } else {
            403
        };
        app.page(&format!("/cases/{id}"), Some(&session))
            .await
            .expect(expected);
    }
    let other = app.team("OUJ").await;
    let (session, home) = app.sign_in(&other.caseworker.email).await;
    app.page(&format!("/cases/{id}"), Some(&session))
        .await
        .expect(404);
    app.form(
        &format!("/cases/{id}/notes"),
        Some(&session),
        &[],
        encode(&[("_csrf", &token(&home.raw)), ("text", "x")]),
    )
    .await
    .expect(404);
}

/// A referral of a consenting person (family name shared) to a partner.
async fn referred(app: &TestApp) -> (crate::referrals::Setup, String) {
    let s = crate::referrals::setup(app).await;
    let body = json!({"organization_id": s.a.id, "service_type": "legal_aid", "reason": "Residence application",
                      "urgency": "normal", "share": ["family_name"]});
    let r = app
        .post(
            &format!("/api/v1/cases/{}/referrals", s.case),
            &s.team.caseworker.token,
            body,
        )
        .await
        .expect(201);
    let id = r.body["id"].as_str().unwrap().to_string();
    (s, id)
}

async fn a_partner_answers_serves_and_completes_a_referral_from_its_inbox(app: TestApp) {
    let (s, id) = referred(&app).await;
    let (session, home) = app.sign_in(&s.a.user.email).await;
    assert!(
        home.raw.contains(&format!("/referrals/{id}")),
        "the home lists the new referral"
    );
    let inbox = app.page("/referrals", Some(&session)).await.expect(200);
    assert!(inbox.raw.contains(&format!("/referrals/{id}")));
    let path = format!("/referrals/{id}");
    let page = app.page(&path, Some(&session)).await.expect(200);
    assert!(page.raw.contains("<bdi>Aminata Diallo</bdi>"), "{}", page.raw);
    for secret in ["irregular", "GN999", "Takaddoum", "600 000 001", "1990-03-02"] {
        assert!(!page.raw.contains(secret), "{secret} shown to the partner");
    }
    let csrf = token(&page.raw);
    app.form(
        &format!("{path}/accept"),
        Some(&session),
        &[],
        encode(&[("_csrf", &csrf)]),
    )
    .await
    .expect(303);
    let today = chrono::Utc::now().date_naive().to_string();
    app.form(
        &format!("{path}/services"),
        Some(&session),
        &[],
        encode(&[
            ("_csrf", &csrf),
            ("service_type", "legal_aid"),
            ("status", "delivered"),
            ("date", &today),
            ("notes", ""),
        ]),
    )
    .await
    .expect(303);
    app.form(
        &format!("{path}/complete"),
        Some(&session),
        &[],
        encode(&[("_csrf", &csrf), ("text", "Dossier déposé")]),
    )
    .await
    .expect(303);
    let api = app
        .get(&format!("/api/v1/referrals/{id}"), &s.team.caseworker.token)
        .await
        .expect(200);
    assert_eq!(api.body["status"], "completed");
    let services = app
        .get(
            &format!("/api/v1/cases/{}/services", s.case),
            &s.team.caseworker.token,
        )
        .await
        .expect(200);
    assert_eq!(services.body["items"][0]["provider"], s.a.id.as_str());
    // A second completion is refused and said on the page.
    let r = app
        .form(
            &format!("{path}/complete"),
            Some(&session),
            &[],
            encode(&[("_csrf", &csrf), ("text", "again")]),
        )
        .await
        .expect(409);
    assert!(r.raw.contains("id=\"referral-error\""));
}

async fn the_partner_page_shows_nobody_once_consent_is_withdrawn(app: TestApp) {
    let (s, id) = referred(&app).await;
    app.post(
        &format!("/api/v1/migrants/{}/consents", s.migrant),
        &s.team.caseworker.token,
        json!({"purpose": "referral", "given": false}),
    )
    .await
    .expect(201);
    let (session, _) = app.sign_in(&s.a.user.email).await;
    let page = app
        .page(&format!("/referrals/{id}"), Some(&session))
        .await
        .expect(200);
    assert!(
        !page.raw.contains("Aminata") && !page.raw.contains("Diallo"),
        "{}",
        page.raw
    );
    assert!(page.raw.contains("retiré son consentement"));
    let r = app
        .form(
            &format!("/referrals/{id}/accept"),
            Some(&session),
            &[],
            encode(&[("_csrf", &token(&page.raw))]),
        )
        .await
        .expect(409);
    assert!(!r.raw.contains("Aminata"));
}

async fn referral_pages_answer_403_to_other_roles_and_404_to_other_partners(app: TestApp) {
    let (s, id) = referred(&app).await;
    for (role, user) in app.one_of_each(&s.team.office).await {
        let (session, home) = app.sign_in(&user.email).await;
        let (list, page) = match role {
            Role::Caseworker | Role::Supervisor => (200, 200),
            // Another organisation's partner: its inbox, not this referral.
            Role::Partner => (200, 404),
            Role::Manager | Role::Admin => (403, 403),
        };
        app.page("/referrals", Some(&session)).await.expect(list);
        let r = app
            .page(&format!("/referrals/{id}"), Some(&session))
            .await
            .expect(page);
        assert!(page == 200 || !r.raw.contains("Aminata"));
        if role == Role::Caseworker {
            // The office cannot act in the partner's place.
            app.form(
                &format!("/referrals/{id}/accept"),
                Some(&session),
                &[],
                encode(&[("_csrf", &token(&home.raw))]),
            )
            .await
            .expect(403);
        }
    }
    // The office cancels.
    let (session, home) = app.sign_in(&s.team.caseworker.email).await;
    app.form(
        &format!("/referrals/{id}/cancel"),
        Some(&session),
        &[],
        encode(&[("_csrf", &token(&home.raw)), ("text", "sent by mistake")]),
    )
    .await
    .expect(303);
    let api = app
        .get(&format!("/api/v1/referrals/{id}"), &s.team.caseworker.token)
        .await
        .expect(200);
    assert_eq!(api.body["status"], "cancelled");
}

async fn a_caseworker_refers_a_case_from_its_page_and_sees_a_consent_refusal_explained(app: TestApp) {
    let s = crate::referrals::setup(&app).await;
    let (session, _) = app.sign_in(&s.team.caseworker.email).await;
    let path = format!("/cases/{}", s.case);
    let page = app.page(&path, Some(&session)).await.expect(200);
    assert!(
        page.raw.contains(&format!("value=\"{}/legal_aid\"", s.a.id)),
        "the partner is offered with its services: {}",
        page.raw
    );
    let form = |csrf: &str| {
        encode(&[
            ("_csrf", csrf),
            ("organization_id", &s.a.id),
            ("service_type", "legal_aid"),
            ("urgency", "urgent"),
            ("reason", "Needs help with her residence application"),
            ("respond_by", ""),
            ("share", "family_name"),
            ("share", "nationality"),
        ])
    };
    let r = app
        .form(
            &format!("{path}/referrals"),
            Some(&session),
            &[],
            form(&token(&page.raw)),
        )
        .await
        .expect(303);
    let at = r.header("location").unwrap();
    assert!(at.starts_with("/referrals/"), "{at}");
    let id = at.trim_start_matches("/referrals/");
    let api = app
        .get(&format!("/api/v1/referrals/{id}"), &s.team.caseworker.token)
        .await
        .expect(200);
    assert_eq!(api.body["share"], json!(["family_name", "nationality"]));
    assert_eq!(api.body["urgency"], "urgent");
    // Without the referral consent, the page says why and nothing is created.
    app.post(
        &format!("/api/v1/migrants/{}/consents", s.migrant),
        &s.team.caseworker.token,
        json!({"purpose": "referral", "given": false}),
    )
    .await
    .expect(201);
    let r = app
        .form(
            &format!("{path}/referrals"),
            Some(&session),
            &[],
            form(&token(&page.raw)),
        )
        .await
        .expect(422);
    assert!(r.raw.contains("consent"), "{}", r.raw);
    let list = app
        .get(
            &format!("/api/v1/cases/{}/referrals", s.case),
            &s.team.caseworker.token,
        )
        .await
        .expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
}

async fn the_supervisor_sees_the_attention_list_with_reasons(app: TestApp) {
    // A pregnant woman with an open case and no service yet is listed.
    let s = crate::referrals::setup(&app).await;
    let (session, _) = app.sign_in(&s.team.supervisor.email).await;
    let page = app.page("/attention", Some(&session)).await.expect(200);
    assert!(
        page.raw.contains(&format!("/migrants/{}", s.migrant)),
        "{}",
        page.raw
    );
    assert!(
        page.raw.contains("Personne vulnérable sans service récent"),
        "the reason is given, in the page's language"
    );
    let (manager, _) = app
        .sign_in(&app.user(Role::Manager, Some(&s.team.office), None).await.email)
        .await;
    app.page("/attention", Some(&manager)).await.expect(403);
}

async fn managers_see_protected_reports_as_charts_and_tables_with_csv(app: TestApp) {
    let team = app.team("RBA").await;
    for (g, f) in [("Awa", "Sow"), ("Mariama", "Bah"), ("Fatou", "Fall")] {
        app.migrant(&team.caseworker.token, g, f).await;
    }
    app.move_to_last_month().await;
    let manager = app.user(Role::Manager, None, None).await;
    let (session, _) = app.sign_in(&manager.email).await;
    let page = app.page("/reports", Some(&session)).await.expect(200);
    assert!(page.raw.contains("role=\"img\""), "an SVG chart: {}", page.raw);
    assert!(page.raw.contains("<title id=\"chart-0-0-title\">"));
    assert!(page.raw.contains("Tout le réseau"));
    assert!(
        page.raw.contains("mois entiers et terminés"),
        "the protection is explained"
    );
    // Three women registered: published as 0 or k, never 3.
    let sex = page.raw.split("Personnes enregistrées, par sexe").nth(1).unwrap();
    let female = sex
        .split("Femme")
        .nth(1)
        .unwrap_or_else(|| sex.split("Féminin").nth(1).unwrap());
    let cell = female.split("<td>").nth(1).unwrap().split('<').next().unwrap();
    assert!(cell == "0" || cell == "5", "{cell} in {sex}");
    // A network manager chooses an office or the whole network.
    assert!(page.raw.contains("<select id=\"office_id\" name=\"office_id\">"));
    let one = app
        .page(&format!("/reports?office_id={}", team.office), Some(&session))
        .await
        .expect(200);
    assert!(
        !one.raw.contains("<h2 dir=\"auto\">Tout le réseau</h2>"),
        "only the office"
    );
    app.page("/reports?office_id=", Some(&session)).await.expect(200);
    assert!(
        !page.raw.contains("Awa") && !page.raw.contains("Sow"),
        "no name in reports"
    );
    let csv = app.page("/reports/summary.csv", Some(&session)).await.expect(200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    // The pages' CSV has a label column in the reader's language beside
    // the stable key (issue 20, point 6).
    assert!(
        csv.raw.starts_with("scope,dimension,key,label,count"),
        "{}",
        csv.raw
    );
    assert!(
        csv.raw.contains("migrants_registered.by_sex,female,Femme,")
            && csv.raw.contains("cases,open_at_end,Ouverts en fin de période,"),
        "{}",
        csv.raw
    );
    // Arabic: the chart grows from the right.
    let r = app
        .form(
            "/language",
            Some(&session),
            &[],
            encode(&[("_csrf", &token(&page.raw)), ("lang", "ar")]),
        )
        .await
        .expect(303);
    let lang = format!("md_lang={}", cookie_value(&set_cookie(&r, "md_lang").unwrap()));
    let ar = app
        .page("/reports", Some(&format!("{session}; {lang}")))
        .await
        .expect(200);
    assert!(ar.raw.contains("dir=\"rtl\"") && ar.raw.contains("direction=\"rtl\""));
    assert!(ar.raw.contains("أشهرًا كاملة انتهت"));
    // Office staff other than supervisors, partners and admins: 403.
    let (cw, _) = app.sign_in(&team.caseworker.email).await;
    app.page("/reports", Some(&cw)).await.expect(403);
    let (sup, _) = app.sign_in(&team.supervisor.email).await;
    app.page("/reports", Some(&sup)).await.expect(200);
}

async fn an_administrator_creates_and_deactivates_accounts_and_verifies_the_audit_trail(app: TestApp) {
    let office = app.office("RBA").await;
    let admin = app.admin().await;
    let (session, _) = app.sign_in(&admin.email).await;
    let page = app.page("/admin", Some(&session)).await.expect(200);
    assert!(page.raw.contains("RBA"));
    let csrf = token(&page.raw);
    let body = encode(&[
        ("_csrf", &csrf),
        ("email", "new.caseworker@test.example"),
        ("full_name", "Nouvelle Assistante"),
        ("role", "caseworker"),
        ("office_id", &office),
        ("organization_id", ""),
        ("password", "a long enough passphrase 2026"),
    ]);
    app.form("/admin/users", Some(&session), &[], body)
        .await
        .expect(303);
    let users = app
        .get("/api/v1/users?role=caseworker", &admin.token)
        .await
        .expect(200);
    let created = users.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "new.caseworker@test.example")
        .unwrap()
        .clone();
    assert_eq!(created["office_id"], office.as_str());
    // A weak password is refused with the reason, nothing created.
    let weak = encode(&[
        ("_csrf", &csrf),
        ("email", "weak@test.example"),
        ("full_name", "Weak"),
        ("role", "caseworker"),
        ("office_id", &office),
        ("organization_id", ""),
        ("password", "short"),
    ]);
    let r = app
        .form("/admin/users", Some(&session), &[], weak)
        .await
        .expect(422);
    assert!(r.raw.contains("id=\"admin-error\"") && r.raw.contains("password"));
    // Deactivation.
    let id = created["id"].as_str().unwrap();
    app.form(
        &format!("/admin/users/{id}/deactivate"),
        Some(&session),
        &[],
        encode(&[("_csrf", &csrf)]),
    )
    .await
    .expect(303);
    let u = app
        .get(&format!("/api/v1/users/{id}"), &admin.token)
        .await
        .expect(200);
    assert_eq!(u.body["active"], false);
    // The audit trail and its verification.
    let audit = app.page("/admin/audit", Some(&session)).await.expect(200);
    assert!(audit.raw.contains("id=\"audit-verify\""));
    assert!(
        audit.raw.contains("La chaîne d'audit est intacte")
            || audit.raw.contains("La chaîne d&#39;audit est intacte"),
        "{}",
        audit.raw
    );
    // Other roles: 403.
    let cw = app.user(Role::Caseworker, Some(&office), None).await;
    let (cw_session, cw_home) = app.sign_in(&cw.email).await;
    app.page("/admin", Some(&cw_session)).await.expect(403);
    app.page("/admin/audit", Some(&cw_session)).await.expect(403);
    app.form(
        &format!("/admin/users/{id}/deactivate"),
        Some(&cw_session),
        &[],
        encode(&[("_csrf", &token(&cw_home.raw))]),
    )
    .await
    .expect(403);
}

async fn a_supervisor_assigns_transfers_merges_and_anonymises_from_the_pages(app: TestApp) {
    let team = app.team("RBA").await;
    let ouj = app.office("OUJ").await;
    let body = json!({"given_name": "Mamadou", "family_name": "Traoré", "sex": "male", "birth_year": 1994,
                      "consents": [{"purpose": "registration", "given": true}]});
    let kept = app.register(&team.caseworker.token, body.clone()).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut again = body.clone();
    again["given_name"] = json!("MAMADOU");
    again["district"] = json!("Takaddoum");
    again["legal_status"] = json!("asylum_seeker");
    let duplicate = app.register(&team.caseworker.token, again).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let case = app.open_case(&team.caseworker.token, &kept).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (sup, home) = app.sign_in(&team.supervisor.email).await;
    let csrf = token(&home.raw);
    // Assign.
    let page = app.page(&format!("/cases/{case}"), Some(&sup)).await.expect(200);
    assert!(page.raw.contains(&format!("value=\"{}\"", team.caseworker.id)));
    app.form(
        &format!("/cases/{case}/assign"),
        Some(&sup),
        &[],
        encode(&[("_csrf", &csrf), ("user_id", &team.caseworker.id)]),
    )
    .await
    .expect(303);
    let api = app
        .get(&format!("/api/v1/cases/{case}"), &team.supervisor.token)
        .await
        .expect(200);
    assert_eq!(api.body["assigned_to"], team.caseworker.id.as_str());
    // A caseworker cannot assign.
    let (cw, cw_home) = app.sign_in(&team.caseworker.email).await;
    app.form(
        &format!("/cases/{case}/assign"),
        Some(&cw),
        &[],
        encode(&[("_csrf", &token(&cw_home.raw)), ("user_id", &team.caseworker.id)]),
    )
    .await
    .expect(403);
    // Merge: the person page offers the look-alike.
    let page = app
        .page(&format!("/migrants/{kept}"), Some(&sup))
        .await
        .expect(200);
    assert!(
        page.raw.contains(&format!("value=\"{duplicate}\"")),
        "{}",
        page.raw
    );
    // Merge: first the two records side by side, nothing merged yet.
    let merge = encode(&[("_csrf", &csrf), ("duplicate_id", &duplicate)]);
    let compare = app
        .form(&format!("/migrants/{kept}/merge"), Some(&sup), &[], merge)
        .await
        .expect(200);
    assert!(compare.raw.contains("Mamadou") && compare.raw.contains("MAMADOU"));
    assert!(compare.raw.contains("Takaddoum"), "{}", compare.raw);
    assert!(compare.raw.contains("name=\"confirmed\" value=\"yes\""));
    let d = app
        .get(&format!("/api/v1/migrants/{duplicate}"), &team.supervisor.token)
        .await
        .expect(200);
    assert_eq!(d.body["state"], "active", "nothing before the confirmation");
    let merged = app
        .form(
            &format!("/migrants/{kept}/merge"),
            Some(&sup),
            &[],
            encode(&[
                ("_csrf", &csrf),
                ("duplicate_id", &duplicate),
                ("confirmed", "yes"),
            ]),
        )
        .await
        .expect(303);
    assert!(set_cookie(&merged, "md_notice").is_some());
    let with_notice = format!("{sup}; md_notice=1");
    let shown = app
        .page(&format!("/migrants/{kept}"), Some(&with_notice))
        .await
        .expect(200);
    assert!(shown.raw.contains("class=\"notice\"") && shown.raw.contains("Fiches fusionnées"));
    let again = app
        .page(&format!("/migrants/{kept}"), Some(&with_notice))
        .await
        .expect(200);
    assert!(!again.raw.contains("class=\"notice\""), "shown once");
    let d = app
        .get(&format!("/api/v1/migrants/{duplicate}"), &team.supervisor.token)
        .await
        .expect(200);
    assert_eq!(d.body["state"], "merged");
    let k = app
        .get(&format!("/api/v1/migrants/{kept}"), &team.supervisor.token)
        .await
        .expect(200);
    assert_eq!(
        k.body["district"], "Takaddoum",
        "what the retired record knew is kept"
    );
    assert_eq!(k.body["legal_status"], "asylum_seeker");
    let retired = app
        .page(&format!("/migrants/{duplicate}"), Some(&sup))
        .await
        .expect(200);
    assert!(
        retired.raw.contains(&format!("href=\"/migrants/{kept}\"")),
        "points to the survivor"
    );
    // Transfer: first what moves and to whom; then the case leaves the office.
    let transfer = encode(&[("_csrf", &csrf), ("office_id", &ouj)]);
    let what = app
        .form(&format!("/cases/{case}/transfer"), Some(&sup), &[], transfer)
        .await
        .expect(200);
    assert!(
        what.raw.contains("OUJ") && what.raw.contains("Mamadou Traoré"),
        "{}",
        what.raw
    );
    app.page(&format!("/cases/{case}"), Some(&sup)).await.expect(200);
    let moved = app
        .form(
            &format!("/cases/{case}/transfer"),
            Some(&sup),
            &[],
            encode(&[("_csrf", &csrf), ("office_id", &ouj), ("confirmed", "yes")]),
        )
        .await
        .expect(303);
    assert_eq!(moved.header("location").as_deref(), Some("/"));
    let home = app.page("/", Some(&with_notice)).await.expect(200);
    assert!(
        home.raw.contains("Transfert fait") && home.raw.contains("OUJ"),
        "{}",
        home.raw
    );
    app.page(&format!("/cases/{case}"), Some(&sup)).await.expect(404);
    // Anonymise another person: only once her family name is typed.
    let other = app.migrant(&team.caseworker.token, "Awa", "Sow").await;
    let ask = app
        .form(
            &format!("/migrants/{other}/anonymise"),
            Some(&sup),
            &[],
            encode(&[("_csrf", &csrf)]),
        )
        .await
        .expect(200);
    assert!(ask.raw.contains("id=\"typed\""), "{}", ask.raw);
    let wrong = app
        .form(
            &format!("/migrants/{other}/anonymise"),
            Some(&sup),
            &[],
            encode(&[("_csrf", &csrf), ("confirmed", "yes"), ("typed", "Diop")]),
        )
        .await
        .expect(422);
    assert!(wrong.raw.contains("aria-invalid=\"true\""));
    let a = app
        .get(&format!("/api/v1/migrants/{other}"), &team.supervisor.token)
        .await
        .expect(200);
    assert_eq!(
        a.body["state"], "active",
        "nothing erased on a wrong confirmation"
    );
    app.form(
        &format!("/migrants/{other}/anonymise"),
        Some(&sup),
        &[],
        encode(&[("_csrf", &csrf), ("confirmed", "yes"), ("typed", "sow")]),
    )
    .await
    .expect(303);
    let a = app
        .get(&format!("/api/v1/migrants/{other}"), &team.supervisor.token)
        .await
        .expect(200);
    assert_eq!(a.body["state"], "anonymised");
}

async fn a_partner_creates_uses_and_revokes_an_api_key_from_its_page(app: TestApp) {
    let office = app.office("RBA").await;
    let org = app
        .partner_org("Clinique Juridique Hijra", &[&office], &["legal_aid"])
        .await;
    let (session, home) = app.sign_in(&org.user.email).await;
    let page = app.page("/organization", Some(&session)).await.expect(200);
    assert!(page.raw.contains("Clinique Juridique Hijra"));
    let r = app
        .form(
            "/organization/api-keys",
            Some(&session),
            &[],
            encode(&[("_csrf", &token(&home.raw)), ("name", "Our case system")]),
        )
        .await
        .expect(200);
    let key = r
        .raw
        .split("id=\"new-key\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert!(key.starts_with("mdk_"), "{key}");
    app.get("/api/v1/referrals", &key).await.expect(200);
    // Shown once: the page does not show it again.
    let page = app.page("/organization", Some(&session)).await.expect(200);
    assert!(!page.raw.contains(&key));
    let keys = app
        .get(
            &format!("/api/v1/organizations/{}/api-keys", org.id),
            &org.user.token,
        )
        .await
        .expect(200);
    let key_id = keys.body["items"][0]["id"].as_str().unwrap().to_string();
    app.form(
        &format!("/organization/api-keys/{key_id}/revoke"),
        Some(&session),
        &[],
        encode(&[("_csrf", &token(&home.raw))]),
    )
    .await
    .expect(303);
    app.get("/api/v1/referrals", &key).await.problem(401);
    // Office staff have no organisation page.
    let cw = app.user(Role::Caseworker, Some(&office), None).await;
    let (cw_session, _) = app.sign_in(&cw.email).await;
    app.page("/organization", Some(&cw_session)).await.expect(403);
}

/// The value a page's form shows for input `name`.
fn input_value(html: &str, name: &str) -> String {
    let at = html.find(&format!("name=\"{name}\"")).expect("the input");
    let rest = &html[at..];
    let v = rest.find("value=\"").expect("a value") + "value=\"".len();
    rest[v..].split('"').next().unwrap().to_string()
}

async fn a_partner_edits_its_profile_and_webhook_but_never_its_active_flag(app: TestApp) {
    let office = app.office("RBA").await;
    let org = app.partner_org("Caritas Rabat", &[&office], &["health"]).await;
    let (session, home) = app.sign_in(&org.user.email).await;
    let csrf = token(&home.raw);
    let page = app.page("/organization", Some(&session)).await.expect(200);
    assert!(page.raw.contains("name=\"description\""));
    assert!(
        !page.raw.contains("name=\"active\""),
        "no active flag for partners"
    );
    let version = input_value(&page.raw, "version");
    let profile = |extra: &[(&str, &str)]| {
        let mut f: Vec<(&str, &str)> = vec![
            ("_csrf", &csrf),
            ("version", &version),
            ("name", "Caritas Rabat"),
            ("kind", "ngo"),
            ("description", "Soins et orientation"),
            ("services", "health"),
            ("services", "psychosocial"),
            ("offices_served", &office),
            ("languages", "fr"),
            ("languages", "ar"),
            ("contact_email", "contact@caritas.example"),
            ("webhook_url", "https://caritas.example/hooks"),
        ];
        f.extend_from_slice(extra);
        encode(&f)
    };
    // A read-only field in the body is refused and changes nothing.
    let r = app
        .form("/organization", Some(&session), &[], profile(&[("active", "on")]))
        .await
        .expect(422);
    assert!(
        r.raw.contains("id=\"organization-error\"")
            && r.raw
                .contains("active Ce champ n&#39;appartient pas à ce formulaire"),
        "{}",
        r.raw
    );
    // Field errors are shown next to their fields.
    let bad = profile(&[("website", "ftp://nope")]);
    let r = app
        .form("/organization", Some(&session), &[], bad)
        .await
        .expect(422);
    assert!(r.raw.contains("id=\"website-error\""), "{}", r.raw);
    assert!(
        r.raw.contains("value=\"contact@caritas.example\""),
        "keeps what was typed"
    );
    let api = app
        .get(&format!("/api/v1/organizations/{}", org.id), &org.user.token)
        .await
        .expect(200);
    assert_eq!(api.body["version"].to_string(), version, "nothing saved");
    // A valid profile is saved; unticking "has capacity" pauses referrals.
    app.form("/organization", Some(&session), &[], profile(&[]))
        .await
        .expect(303);
    let api = app
        .get(&format!("/api/v1/organizations/{}", org.id), &org.user.token)
        .await
        .expect(200);
    assert_eq!(api.body["description"], "Soins et orientation");
    assert_eq!(api.body["services"], json!(["health", "psychosocial"]));
    assert_eq!(api.body["languages"], json!(["fr", "ar"]));
    assert_eq!(api.body["has_capacity"], false);
    assert_eq!(api.body["active"], true);
    assert_eq!(api.body["webhook_url"], "https://caritas.example/hooks");
    // The form read before that save is stale now.
    app.form("/organization", Some(&session), &[], profile(&[]))
        .await
        .expect(412);
    // A new signing secret is shown once.
    let r = app
        .form(
            "/organization/webhook-secret",
            Some(&session),
            &[],
            encode(&[("_csrf", &csrf)]),
        )
        .await
        .expect(200);
    let secret = r
        .raw
        .split("id=\"new-key\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(secret.len(), 64, "{secret}");
    let again = app.page("/organization", Some(&session)).await.expect(200);
    assert!(!again.raw.contains(&secret));
    // Office staff and managers have no organisation to edit.
    let cw = app.user(Role::Caseworker, Some(&office), None).await;
    let (cw_session, cw_home) = app.sign_in(&cw.email).await;
    app.form(
        "/organization",
        Some(&cw_session),
        &[],
        encode(&[("_csrf", &token(&cw_home.raw)), ("name", "x")]),
    )
    .await
    .expect(403);
    app.form(
        "/organization/webhook-secret",
        Some(&cw_session),
        &[],
        encode(&[("_csrf", &token(&cw_home.raw))]),
    )
    .await
    .expect(403);
}

async fn an_administrator_adds_and_edits_directory_entries(app: TestApp) {
    let office = app.office("RBA").await;
    let admin = app.user(Role::Admin, None, None).await;
    let (session, home) = app.sign_in(&admin.email).await;
    let csrf = token(&home.raw);
    let form = app
        .page("/admin/organizations/new", Some(&session))
        .await
        .expect(200);
    assert!(form.raw.contains("name=\"active\""));
    let entry = |name: &str, extra: &[(&str, &str)]| {
        let mut f: Vec<(&str, &str)> = vec![
            ("_csrf", &csrf),
            ("name", name),
            ("kind", "association"),
            ("services", "legal_aid"),
            ("offices_served", &office),
            ("has_capacity", "on"),
            ("active", "on"),
        ];
        f.extend_from_slice(extra);
        encode(&f)
    };
    let r = app
        .form(
            "/admin/organizations",
            Some(&session),
            &[],
            entry(" ", &[("services", "astrology")]),
        )
        .await
        .expect(422);
    assert!(
        r.raw.contains("id=\"name-error\"") && r.raw.contains("id=\"services-error\""),
        "{}",
        r.raw
    );
    let r = app
        .form(
            "/admin/organizations",
            Some(&session),
            &[],
            entry("Droits Pour Tous", &[]),
        )
        .await
        .expect(303);
    let path = r.header("location").unwrap();
    let id = path.trim_start_matches("/admin/organizations/").to_string();
    let found = app
        .get(&format!("/api/v1/organizations/{id}"), &admin.token)
        .await
        .expect(200);
    assert_eq!(found.body["name"], "Droits Pour Tous");
    assert_eq!(found.body["offices_served"], json!([office]));
    let edit = app.page(&path, Some(&session)).await.expect(200);
    let version = input_value(&edit.raw, "version");
    // Deactivated: unticked `active`.
    let body = encode(&[
        ("_csrf", &csrf),
        ("version", &version),
        ("name", "Droits Pour Tous"),
        ("kind", "association"),
        ("services", "legal_aid"),
    ]);
    app.form(&path, Some(&session), &[], body).await.expect(303);
    let found = app
        .get(&format!("/api/v1/organizations/{id}"), &admin.token)
        .await
        .expect(200);
    assert_eq!(found.body["active"], false);
    assert_eq!(found.body["offices_served"], json!([]));
    assert!(app.audit_count("update", Some(&id)).await >= 1);
    // Other roles: 403 on every directory page; an unknown entry: 404.
    for (role, user) in app.one_of_each(&office).await {
        if role == Role::Admin {
            continue;
        }
        let (s, h) = app.sign_in(&user.email).await;
        app.page("/admin/organizations/new", Some(&s)).await.expect(403);
        app.page(&path, Some(&s)).await.expect(403);
        app.form(
            &path,
            Some(&s),
            &[],
            encode(&[("_csrf", &token(&h.raw)), ("name", "x")]),
        )
        .await
        .expect(403);
    }
    app.page(
        &format!("/admin/organizations/{}", uuid::Uuid::now_v7()),
        Some(&session),
    )
    .await
    .expect(404);
}

async fn an_administrator_adds_and_changes_offices_and_accounts(app: TestApp) {
    let team = app.team("RBA").await;
    let admin = app.user(Role::Admin, None, None).await;
    let (session, home) = app.sign_in(&admin.email).await;
    let csrf = token(&home.raw);
    app.page("/admin/offices/new", Some(&session)).await.expect(200);
    let office = |code: &str, country: &str| {
        encode(&[
            ("_csrf", &csrf),
            ("code", code),
            ("name", "Bureau de Kaolack"),
            ("city", "Kaolack"),
            ("country", country),
        ])
    };
    let r = app
        .form("/admin/offices", Some(&session), &[], office("K", "Senegal"))
        .await
        .expect(422);
    assert!(
        r.raw.contains("id=\"code-error\"") && r.raw.contains("id=\"country-error\""),
        "{}",
        r.raw
    );
    app.form("/admin/offices", Some(&session), &[], office("KLK", "SN"))
        .await
        .expect(303);
    let r = app
        .form("/admin/offices", Some(&session), &[], office("KLK", "SN"))
        .await
        .expect(409);
    assert!(r.raw.contains("id=\"office-error\""));
    let list = app.get("/api/v1/offices", &admin.token).await.expect(200);
    let klk = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == "KLK")
        .expect("the new office")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let edit = app
        .page(&format!("/admin/offices/{klk}"), Some(&session))
        .await
        .expect(200);
    let version = input_value(&edit.raw, "version");
    let renamed = encode(&[
        ("_csrf", &csrf),
        ("version", &version),
        ("code", "KLK"),
        ("name", "Bureau des migrations de Kaolack"),
        ("city", "Kaolack"),
        ("country", "SN"),
    ]);
    app.form(
        &format!("/admin/offices/{klk}"),
        Some(&session),
        &[],
        renamed.clone(),
    )
    .await
    .expect(303);
    app.form(&format!("/admin/offices/{klk}"), Some(&session), &[], renamed)
        .await
        .expect(412);
    let o = app
        .get(&format!("/api/v1/offices/{klk}"), &admin.token)
        .await
        .expect(200);
    assert_eq!(o.body["name"], "Bureau des migrations de Kaolack");
    // An account moves to the new office as a supervisor; its logins end.
    let cw = &team.caseworker;
    let edit = app
        .page(&format!("/admin/users/{}", cw.id), Some(&session))
        .await
        .expect(200);
    let version = input_value(&edit.raw, "version");
    let account = |role: &str, password: &str| {
        encode(&[
            ("_csrf", &csrf),
            ("version", &version),
            ("email", &cw.email),
            ("full_name", "Awa Ndiaye"),
            ("role", role),
            ("office_id", &klk),
            ("organization_id", ""),
            ("active", "on"),
            ("password", password),
        ])
    };
    let r = app
        .form(
            &format!("/admin/users/{}", cw.id),
            Some(&session),
            &[],
            account("supervisor", "short"),
        )
        .await
        .expect(422);
    assert!(r.raw.contains("id=\"password-error\""), "{}", r.raw);
    assert!(
        !r.raw.contains("value=\"short\""),
        "a password is never sent back"
    );
    app.form(
        &format!("/admin/users/{}", cw.id),
        Some(&session),
        &[],
        account("supervisor", ""),
    )
    .await
    .expect(303);
    let u = app
        .get(&format!("/api/v1/users/{}", cw.id), &admin.token)
        .await
        .expect(200);
    assert_eq!(u.body["role"], "supervisor");
    assert_eq!(u.body["office_id"], klk);
    app.get("/api/v1/migrants", &cw.token).await.problem(401);
    // Other roles: 403 on every account and office page.
    let manager = app.user(Role::Manager, Some(&team.office), None).await;
    for user in [&team.supervisor, &manager] {
        let (s, h) = app.sign_in(&user.email).await;
        for path in [
            "/admin/offices/new".to_string(),
            format!("/admin/offices/{klk}"),
            format!("/admin/users/{}", cw.id),
        ] {
            app.page(&path, Some(&s)).await.expect(403);
            let post = path.replace("/new", "");
            app.form(&post, Some(&s), &[], encode(&[("_csrf", &token(&h.raw))]))
                .await
                .expect(403);
        }
    }
    app.page(&format!("/admin/users/{}", uuid::Uuid::now_v7()), Some(&session))
        .await
        .expect(404);
    app.page(
        &format!("/admin/offices/{}", uuid::Uuid::now_v7()),
        Some(&session),
    )
    .await
    .expect(404);
}

async fn a_caseworker_opens_a_case_from_the_person_page(app: TestApp) {
    let team = app.team("RBA").await;
    let id = app.migrant(&team.caseworker.token, "Ousmane", "Sy").await;
    let (session, home) = app.sign_in(&team.caseworker.email).await;
    let csrf = token(&home.raw);
    let page = app
        .page(&format!("/migrants/{id}"), Some(&session))
        .await
        .expect(200);
    assert!(page.raw.contains(&format!("action=\"/migrants/{id}/cases\"")));
    let body = encode(&[
        ("_csrf", &csrf),
        ("summary", "Accès aux soins"),
        ("priority", "high"),
    ]);
    let r = app
        .form(
            &format!("/migrants/{id}/cases"),
            Some(&session),
            &[],
            body.clone(),
        )
        .await
        .expect(303);
    let case_path = r.header("location").unwrap();
    let case = app.page(&case_path, Some(&session)).await.expect(200);
    assert!(case.raw.contains("Accès aux soins"), "{}", case.raw);
    let api = app
        .get(
            &format!("/api/v1/{}", case_path.trim_start_matches('/')),
            &team.caseworker.token,
        )
        .await
        .expect(200);
    assert_eq!(api.body["priority"], "high");
    assert_eq!(api.body["assigned_to"], team.caseworker.id);
    // A wrong priority is explained on the person's page; nothing opens.
    let bad = encode(&[("_csrf", &csrf), ("priority", "whenever")]);
    let r = app
        .form(&format!("/migrants/{id}/cases"), Some(&session), &[], bad)
        .await
        .expect(422);
    assert!(r.raw.contains("id=\"person-error\""), "{}", r.raw);
    // Another office: 404; a manager: 403.
    let other = app.team("OUJ").await;
    let (s2, h2) = app.sign_in(&other.caseworker.email).await;
    app.form(
        &format!("/migrants/{id}/cases"),
        Some(&s2),
        &[],
        encode(&[("_csrf", &token(&h2.raw))]),
    )
    .await
    .expect(404);
    let manager = app.user(Role::Manager, Some(&team.office), None).await;
    let (s3, h3) = app.sign_in(&manager.email).await;
    app.form(
        &format!("/migrants/{id}/cases"),
        Some(&s3),
        &[],
        encode(&[("_csrf", &token(&h3.raw))]),
    )
    .await
    .expect(403);
    let cases = app
        .get(&format!("/api/v1/cases?migrant_id={id}"), &team.caseworker.token)
        .await
        .expect(200);
    assert_eq!(cases.body["items"].as_array().unwrap().len(), 1);
}

/// A cold cache fetches the page and every asset it links: together under
/// 150 KB (offices work over mobile data); assets are cached for a year.
async fn a_person_page_weighs_under_150_kb_on_a_cold_cache(app: TestApp) {
    let team = app.team("RBA").await;
    let id = app.migrant(&team.caseworker.token, "Mariama", "Bâ").await;
    let (session, _) = app.sign_in(&team.caseworker.email).await;
    let page = app
        .page(&format!("/migrants/{id}"), Some(&session))
        .await
        .expect(200);
    let mut total = page.raw.len();
    let mut assets = 0;
    for part in page.raw.split("\"/assets/").skip(1) {
        let name = part.split('"').next().unwrap();
        let r = app.page(&format!("/assets/{name}"), None).await.expect(200);
        assert!(
            r.header("cache-control").unwrap().contains("immutable"),
            "{name} is cached for good"
        );
        total += r.raw.len();
        assets += 1;
    }
    assert!(assets >= 2, "the stylesheet and the icon");
    assert!(total < 150 * 1024, "{total} bytes");
    eprintln!("person page on a cold cache: {total} bytes ({assets} assets)");
}

async fn a_password_set_by_an_administrator_leads_to_the_change_form_first(app: TestApp) {
    let admin = app.admin().await;
    let office = app.office("RBA").await;
    app.post(
        "/api/v1/users",
        &admin.token,
        json!({"email": "temp.worker@rabat.example", "full_name": "Temp Worker", "role": "caseworker",
               "office_id": office, "password": TEST_PASSWORD}),
    )
    .await
    .expect(201);
    let form = app.page("/login", None).await.expect(200);
    let pre = format!("md_form={}", cookie_value(&set_cookie(&form, "md_form").unwrap()));
    let r = app
        .form(
            "/login",
            Some(&pre),
            &[],
            encode(&[
                ("_csrf", &token(&form.raw)),
                ("email", "temp.worker@rabat.example"),
                ("password", TEST_PASSWORD),
            ]),
        )
        .await
        .expect(303);
    let session = format!(
        "md_session={}",
        cookie_value(&set_cookie(&r, "md_session").unwrap())
    );
    // Every page leads to the change form until the password is changed.
    for path in ["/", "/migrants", "/migrants/new", "/attention"] {
        let r = app.page(path, Some(&session)).await.expect(303);
        assert_eq!(
            r.header("location").as_deref(),
            Some("/account/password"),
            "{path}"
        );
    }
    let page = app.page("/account/password", Some(&session)).await.expect(200);
    assert!(page.raw.contains("id=\"password-required\""), "{}", page.raw);
    // A weak new password is refused beside its field.
    let r = app
        .form(
            "/account/password",
            Some(&session),
            &[],
            encode(&[
                ("_csrf", &token(&page.raw)),
                ("current_password", TEST_PASSWORD),
                ("new_password", "Welcome2026!"),
            ]),
        )
        .await
        .expect(422);
    assert!(r.raw.contains("id=\"new_password-error\""), "{}", r.raw);
    let r = app
        .form(
            "/account/password",
            Some(&session),
            &[],
            encode(&[
                ("_csrf", &token(&page.raw)),
                ("current_password", TEST_PASSWORD),
                ("new_password", "my own 61 quiet lanterns"),
            ]),
        )
        .await
        .expect(303);
    assert_eq!(r.header("location").as_deref(), Some("/login"));
    // Every login ended, this one included; the new password works.
    app.page("/", Some(&session)).await.expect(303);
    let r = app
        .login("temp.worker@rabat.example", "my own 61 quiet lanterns")
        .await
        .expect(200);
    assert_eq!(r.body["password_change_required"], false);
}

async fn a_supervisor_enrols_an_authenticator_app_and_signs_in_with_its_code(app: TestApp) {
    use migrant_desk::auth::totp;
    let team = app.team("RBA").await;
    let (session, home) = app.sign_in(&team.supervisor.email).await;
    assert!(home.raw.contains("href=\"/account/mfa\""));
    let page = app.page("/account/mfa", Some(&session)).await.expect(200);
    let r = app
        .form(
            "/account/mfa",
            Some(&session),
            &[],
            encode(&[("_csrf", &token(&page.raw))]),
        )
        .await
        .expect(200);
    assert!(
        r.raw.contains("id=\"mfa-qr\" src=\"data:image/svg+xml;base64,"),
        "{}",
        r.raw
    );
    let secret = r
        .raw
        .split("id=\"mfa-secret\" dir=\"ltr\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    let secret = totp::unbase32(secret).unwrap();
    let code = totp::code_at(&secret, chrono::Utc::now().timestamp());
    let done = app
        .form(
            "/account/mfa/confirm",
            Some(&session),
            &[],
            encode(&[("_csrf", &token(&r.raw)), ("code", &code)]),
        )
        .await
        .expect(200);
    assert_eq!(
        done.raw.matches("<li><code>").count(),
        10,
        "ten recovery codes shown once"
    );
    let recovery = done
        .raw
        .split("<li><code>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    // Signing in now takes a second step; a recovery code completes it.
    let form = app.page("/login", None).await.expect(200);
    let pre = format!("md_form={}", cookie_value(&set_cookie(&form, "md_form").unwrap()));
    let step = app
        .form(
            "/login",
            Some(&pre),
            &[],
            encode(&[
                ("_csrf", &token(&form.raw)),
                ("email", &team.supervisor.email),
                ("password", TEST_PASSWORD),
            ]),
        )
        .await
        .expect(200);
    assert!(
        set_cookie(&step, "md_session").is_none(),
        "no session before the code"
    );
    let ticket = step
        .raw
        .split("name=\"mfa_ticket\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let wrong = app
        .form(
            "/login/mfa",
            Some(&pre),
            &[],
            encode(&[
                ("_csrf", &token(&step.raw)),
                ("mfa_ticket", &ticket),
                ("code", "000000"),
            ]),
        )
        .await
        .expect(401);
    assert!(wrong.raw.contains("id=\"login-error\""));
    let r = app
        .form(
            "/login/mfa",
            Some(&pre),
            &[],
            encode(&[
                ("_csrf", &token(&step.raw)),
                ("mfa_ticket", &ticket),
                ("code", &recovery),
            ]),
        )
        .await
        .expect(303);
    let session = format!(
        "md_session={}",
        cookie_value(&set_cookie(&r, "md_session").unwrap())
    );
    app.page("/attention", Some(&session)).await.expect(200);
}
