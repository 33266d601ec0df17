//! `/login` and `/logout`: signing in runs the same rules as the API's
//! login (throttling, argon2id, audit) and opens a row of the same sessions
//! table; signing out revokes it and tells the browser to forget the site.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::csrf;
use super::i18n::Tr;
use super::page::{Chrome, Form, PageError, render, see_other};
use super::session::{self, FORM_COOKIE, Signed};
use crate::auth::login::WebSignIn;
use crate::error::AppError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    email: String,
    error: Option<String>,
}

/// The sign-in form's fields.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    /// Email.
    pub email: String,
    /// Password.
    pub password: String,
}

/// A form with no field but its token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

fn page(
    req: &HttpRequest,
    state: &AppState,
    status: StatusCode,
    email: String,
    error: Option<String>,
) -> Result<HttpResponse, PageError> {
    let t = Tr {
        lang: session::language(req),
    };
    let existing = req.cookie(FORM_COOKIE).map(|c| c.value().to_string());
    let binding = match &existing {
        Some(b) if b.len() == 64 => b.clone(),
        _ => crate::auth::token::random_hex(32).map_err(|e| PageError::app(e, t))?,
    };
    let chrome = Chrome::new(t, csrf::token(&state.form_key, &binding), None);
    let mut res = render(status, &LoginPage { chrome, email, error });
    if existing.as_deref() != Some(binding.as_str()) {
        res.add_cookie(&session::form_cookie(req, binding))
            .map_err(|e| PageError::app(AppError::internal(e.to_string()), t))?;
    }
    Ok(res)
}

/// `GET /login`: the sign-in form (a signed-in visitor goes home).
pub async fn form(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    if let Some(token) = session::token(&req)
        && crate::auth::authenticate::web_session(&state, &token, None)
            .await
            .ok()
            .flatten()
            .is_some()
    {
        return Ok(see_other("/"));
    }
    page(&req, &state, StatusCode::OK, String::new(), None)
}

/// The visitor's language, once a signed-out form (sign-in, second step)
/// has passed its check against the pre-session cookie.
fn checked_before_session<T>(req: &HttpRequest, state: &AppState, form: &Form<T>) -> Result<Tr, PageError> {
    let t = Tr {
        lang: session::language(req),
    };
    let binding = req
        .cookie(FORM_COOKIE)
        .map(|c| c.value().to_string())
        .ok_or(PageError::BadForm(t))?;
    form.check(&state.form_key, &binding, t)?;
    Ok(t)
}

/// "Too many attempts, try again in N minutes."
fn throttled(t: Tr, retry_after: u64) -> String {
    t.count("login-throttled", "minutes", retry_after.div_ceil(60) as i64)
}

fn with_retry_after(mut res: HttpResponse, retry_after: u64) -> HttpResponse {
    if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

/// `POST /login`: signs in and goes home, or shows the form again with why.
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: Form<Credentials>,
) -> Result<HttpResponse, PageError> {
    let t = checked_before_session(&req, &state, &form)?;
    let Credentials { email, password } = form.fields;
    let request_id = crate::http::caller::request_id(&req);
    let client = crate::auth::login::Client {
        address: crate::http::client_address::of(&req, &state.proxies),
        still_there: crate::http::peer::still_there(&req),
        device: session::device(&req),
    };
    // The right password: this browser is remembered for the account.
    let remembered = |res: Result<HttpResponse, PageError>| {
        res.map(|mut r| {
            if let Some(c) = session::device_cookie(&req, &state.form_key, &email) {
                let _ = r.add_cookie(&c);
            }
            r
        })
    };
    match crate::auth::login::web_login(&state, &email, password, &client, request_id).await {
        Ok(WebSignIn::Session(token)) => remembered(signed_in(&req, token, t)),
        Ok(WebSignIn::SecondFactor(ticket)) => {
            remembered(second_step_page(&req, &state, StatusCode::OK, ticket, None))
        }
        Err(AppError::Unauthorized(_)) => page(
            &req,
            &state,
            StatusCode::UNAUTHORIZED,
            email,
            Some(t.get("login-invalid")),
        ),
        Err(AppError::TooManyRequests { retry_after }) => {
            let res = page(
                &req,
                &state,
                StatusCode::TOO_MANY_REQUESTS,
                email,
                Some(throttled(t, retry_after)),
            )?;
            Ok(with_retry_after(res, retry_after))
        }
        Err(e) => Err(PageError::app(e, t)),
    }
}

fn signed_in(req: &HttpRequest, token: String, t: Tr) -> Result<HttpResponse, PageError> {
    let mut res = see_other("/");
    res.add_cookie(&session::session_cookie(req, token))
        .map_err(|e| PageError::app(AppError::internal(e.to_string()), t))?;
    Ok(res)
}

#[derive(Template)]
#[template(path = "login_mfa.html")]
struct SecondStepPage {
    chrome: Chrome,
    ticket: String,
    error: Option<String>,
}

/// The second step's form, bound (like the sign-in form) to the
/// pre-session cookie.
fn second_step_page(
    req: &HttpRequest,
    state: &AppState,
    status: StatusCode,
    ticket: String,
    error: Option<String>,
) -> Result<HttpResponse, PageError> {
    let t = Tr {
        lang: session::language(req),
    };
    let binding = req
        .cookie(FORM_COOKIE)
        .map(|c| c.value().to_string())
        .ok_or(PageError::BadForm(t))?;
    let chrome = Chrome::new(t, csrf::token(&state.form_key, &binding), None);
    Ok(render(
        status,
        &SecondStepPage {
            chrome,
            ticket,
            error,
        },
    ))
}

/// The second step's fields.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecondStep {
    /// The ticket from the first step.
    pub mfa_ticket: String,
    /// The app's code or a recovery code.
    pub code: String,
}

/// `POST /login/mfa`: the code from the authenticator app (or a recovery
/// code) completes the sign-in.
pub async fn submit_second_step(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: Form<SecondStep>,
) -> Result<HttpResponse, PageError> {
    let t = checked_before_session(&req, &state, &form)?;
    let SecondStep { mfa_ticket, code } = form.fields;
    let address = crate::http::client_address::of(&req, &state.proxies);
    let request_id = crate::http::caller::request_id(&req);
    match crate::auth::login::web_complete_mfa(&state, &mfa_ticket, &code, address, request_id).await {
        Ok(token) => signed_in(&req, token, t),
        Err(AppError::Unauthorized(_)) => second_step_page(
            &req,
            &state,
            StatusCode::UNAUTHORIZED,
            mfa_ticket,
            Some(t.get("login-mfa-invalid")),
        ),
        Err(AppError::TooManyRequests { retry_after }) => {
            let res = second_step_page(
                &req,
                &state,
                StatusCode::TOO_MANY_REQUESTS,
                mfa_ticket,
                Some(throttled(t, retry_after)),
            )?;
            Ok(with_retry_after(res, retry_after))
        }
        Err(e) => Err(PageError::app(e, t)),
    }
}

/// `POST /logout`: revokes the session, forgets the cookie and the site's
/// cached pages, and shows the sign-in form.
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    signed: Signed,
    form: Form<Empty>,
) -> Result<HttpResponse, PageError> {
    form.check(&state.form_key, &signed.caller.session_id, signed.chrome.t)?;
    crate::auth::login::web_logout(&state, &signed.caller)
        .await
        .map_err(signed.fail())?;
    let mut res = see_other("/login");
    for c in session::cleared_cookies(&req) {
        res.add_cookie(&c)
            .map_err(|e| PageError::app(AppError::internal(e.to_string()), signed.chrome.t))?;
    }
    res.headers_mut().insert(
        header::HeaderName::from_static("clear-site-data"),
        HeaderValue::from_static("\"cache\", \"cookies\", \"storage\""),
    );
    Ok(res)
}

/// The language switch's fields.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageChoice {
    /// `fr`, `ar` or `en`.
    pub lang: String,
    /// The page to go back to (a path of this site).
    pub back: Option<String>,
}

/// `POST /language`: keeps the chosen language on this browser and goes
/// back to the page.
pub async fn language(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: Form<LanguageChoice>,
) -> Result<HttpResponse, PageError> {
    let t = Tr {
        lang: session::language(&req),
    };
    let caller = match session::token(&req) {
        Some(token) => crate::auth::authenticate::web_session(&state, &token, None)
            .await
            .map_err(|e| PageError::app(e, t))?,
        None => None,
    };
    let binding = caller
        .as_ref()
        .map(|c| c.session_id.clone())
        .or_else(|| req.cookie(FORM_COOKIE).map(|c| c.value().to_string()))
        .ok_or(PageError::BadForm(t))?;
    form.check(&state.form_key, &binding, t)?;
    let lang = super::i18n::Lang::parse(&form.fields.lang)
        .ok_or_else(|| PageError::app(AppError::field("lang", "must be fr, ar or en"), t))?;
    // Kept on the account (every browser of the user), and on this browser.
    if let Some(caller) = &caller {
        crate::admin::read::choose_language(&state, caller, lang.code())
            .await
            .map_err(|e| PageError::app(e, t))?;
    }
    let back = form
        .fields
        .back
        .as_deref()
        .and_then(super::return_path::same_origin)
        .unwrap_or_else(|| "/".into());
    let mut res = see_other(&back);
    res.add_cookie(&session::lang_cookie(&req, lang))
        .map_err(|e| PageError::app(AppError::internal(e.to_string()), t))?;
    Ok(res)
}
