//! The signed-in user's own account: `/account/password` (a user whose
//! password was set by an administrator is sent here before any other page,
//! SPEC §5; the change runs `auth::login::change_password`, the same policy,
//! throttled current-password check and audit as `POST /api/v1/me/password`,
//! and ends every login, this one included) and `/account/mfa` (enrolling an
//! authenticator app through `auth::mfa`, as `/api/v1/me/mfa…` do; a user
//! whose role must have one is sent here first).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::page::{Chrome, Form, PageError, render, see_other};
use super::session::{self, Signed};
use crate::error::AppError;
use crate::state::AppState;

/// The password page's path.
pub const PASSWORD_PAGE: &str = "/account/password";
/// The second-factor page's path.
pub const MFA_PAGE: &str = "/account/mfa";

#[derive(Template)]
#[template(path = "password_change.html")]
struct PasswordPage {
    chrome: Chrome,
    required: bool,
    current_error: Option<String>,
    new_error: Option<String>,
    events: Vec<crate::auth::security_events::SecurityEvent>,
    logins: Vec<crate::auth::open_logins::OpenLogin>,
}

async fn my_logins(
    state: &AppState,
    signed: &Signed,
) -> Result<Vec<crate::auth::open_logins::OpenLogin>, PageError> {
    crate::auth::open_logins::mine(state, &signed.caller)
        .await
        .map_err(signed.fail())
}

async fn my_events(
    state: &AppState,
    signed: &Signed,
) -> Result<Vec<crate::auth::security_events::SecurityEvent>, PageError> {
    crate::auth::security_events::mine(state, &signed.caller)
        .await
        .map_err(signed.fail())
}

/// The form's fields.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordFields {
    /// The password now.
    pub current_password: String,
    /// The new one.
    pub new_password: String,
}

/// `GET /account/password`: the form, and the account's recent security
/// events (the same as `GET /api/v1/me/security-events`).
pub async fn password_form(state: web::Data<AppState>, signed: Signed) -> Result<HttpResponse, PageError> {
    let required = signed.caller.must_change_password;
    let events = my_events(&state, &signed).await?;
    let logins = my_logins(&state, &signed).await?;
    Ok(render(
        StatusCode::OK,
        &PasswordPage {
            chrome: signed.chrome,
            required,
            current_error: None,
            new_error: None,
            events,
            logins,
        },
    ))
}

/// `POST /account/sessions/{id}/end`: ends one of the user's logins (the
/// same as `POST /api/v1/me/sessions/{id}/end`); ending this one signs out.
pub async fn end_login(
    req: HttpRequest,
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<String>,
    form: Form<super::login::Empty>,
) -> Result<HttpResponse, PageError> {
    form.check(&state.form_key, &signed.caller.session_id, signed.chrome.t)?;
    let id = id.into_inner();
    crate::auth::open_logins::end(&state, &signed.caller, &id)
        .await
        .map_err(signed.fail())?;
    if id != signed.caller.session_id {
        return Ok(see_other(PASSWORD_PAGE));
    }
    let mut res = see_other("/login");
    for c in session::cleared_cookies(&req) {
        res.add_cookie(&c)
            .map_err(|e| PageError::app(AppError::internal(e.to_string()), signed.chrome.t))?;
    }
    Ok(res)
}

/// `POST /account/password`: changes it and signs out everywhere, or shows
/// the form again with why.
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    signed: Signed,
    form: Form<PasswordFields>,
) -> Result<HttpResponse, PageError> {
    form.check(&state.form_key, &signed.caller.session_id, signed.chrome.t)?;
    let PasswordFields {
        current_password,
        new_password,
    } = form.fields;
    let address = crate::http::client_address::of(&req, &state.proxies);
    let result =
        crate::auth::login::change_password(&state, &signed.caller, current_password, new_password, address)
            .await;
    match result {
        Ok(()) => {
            let mut res = see_other("/login");
            for c in session::cleared_cookies(&req) {
                res.add_cookie(&c)
                    .map_err(|e| PageError::app(AppError::internal(e.to_string()), signed.chrome.t))?;
            }
            Ok(res)
        }
        Err(AppError::Unprocessable(errors)) => {
            let of = |field: &str| {
                errors
                    .iter()
                    .find(|e| e.field == field)
                    .map(|e| e.message.clone())
            };
            let required = signed.caller.must_change_password;
            let events = my_events(&state, &signed).await?;
            let logins = my_logins(&state, &signed).await?;
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &PasswordPage {
                    current_error: of("current_password"),
                    new_error: of("new_password"),
                    required,
                    chrome: signed.chrome,
                    events,
                    logins,
                },
            ))
        }
        Err(e) => Err(PageError::app(e, signed.chrome.t)),
    }
}

/// An enrolment as the page shows it.
struct ShownEnrolment {
    secret: String,
    qr_data_uri: String,
}

#[derive(Template)]
#[template(path = "account_mfa.html")]
struct MfaPage {
    chrome: Chrome,
    required: bool,
    enabled: bool,
    codes_left: i64,
    enrolment: Option<ShownEnrolment>,
    recovery_codes: Option<Vec<String>>,
    error: Option<String>,
}

async fn mfa_render(
    state: &AppState,
    signed: Signed,
    status: StatusCode,
    enrolment: Option<ShownEnrolment>,
    recovery_codes: Option<Vec<String>>,
    error: Option<String>,
) -> Result<HttpResponse, PageError> {
    let now = crate::auth::mfa::status(state, &signed.caller)
        .await
        .map_err(signed.fail())?;
    Ok(render(
        status,
        &MfaPage {
            chrome: signed.chrome,
            required: now.required,
            enabled: now.enabled,
            codes_left: now.recovery_codes_left,
            enrolment,
            recovery_codes,
            error,
        },
    ))
}

/// `GET /account/mfa`: whether a second factor is enrolled, and the way to
/// enrol one.
pub async fn mfa_page(state: web::Data<AppState>, signed: Signed) -> Result<HttpResponse, PageError> {
    mfa_render(&state, signed, StatusCode::OK, None, None, None).await
}

/// `POST /account/mfa`: a new secret as a QR code, to confirm with a code.
pub async fn mfa_begin(
    state: web::Data<AppState>,
    signed: Signed,
    form: Form<super::login::Empty>,
) -> Result<HttpResponse, PageError> {
    use base64::Engine as _;
    form.check(&state.form_key, &signed.caller.session_id, signed.chrome.t)?;
    let e = crate::auth::mfa::begin_enrolment(&state, &signed.caller)
        .await
        .map_err(signed.fail())?;
    let shown = ShownEnrolment {
        qr_data_uri: format!(
            "data:image/svg+xml;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(e.qr_svg.as_bytes())
        ),
        secret: e.secret,
    };
    mfa_render(&state, signed, StatusCode::OK, Some(shown), None, None).await
}

/// The confirmation's field.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeField {
    /// The code the app shows.
    pub code: String,
}

/// `POST /account/mfa/confirm`: the app's first code turns the second
/// factor on; the recovery codes are shown this once.
pub async fn mfa_confirm(
    req: HttpRequest,
    state: web::Data<AppState>,
    signed: Signed,
    form: Form<CodeField>,
) -> Result<HttpResponse, PageError> {
    form.check(&state.form_key, &signed.caller.session_id, signed.chrome.t)?;
    let address = crate::http::client_address::of(&req, &state.proxies);
    match crate::auth::mfa::confirm_enrolment(&state, &signed.caller, &form.fields.code, address).await {
        Ok(done) => {
            mfa_render(
                &state,
                signed,
                StatusCode::OK,
                None,
                Some(done.recovery_codes),
                None,
            )
            .await
        }
        Err(AppError::Unprocessable(errors)) => {
            let message = errors.first().map(|e| e.message.clone());
            mfa_render(
                &state,
                signed,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                None,
                message,
            )
            .await
        }
        Err(e) => Err(PageError::app(e, signed.chrome.t)),
    }
}
