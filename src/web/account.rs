//! `/account/password`: the signed-in user changes their own password. A
//! user whose password was set by an administrator is sent here before any
//! other page (SPEC §5). The change runs `auth::login::change_password` —
//! the same policy, throttled current-password check and audit as
//! `POST /api/v1/me/password` — and ends every login, this one included.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::page::{Chrome, Form, PageError, render, see_other};
use super::session::{self, Signed};
use crate::error::AppError;
use crate::state::AppState;

/// The page's path.
pub const PASSWORD_PAGE: &str = "/account/password";

#[derive(Template)]
#[template(path = "password_change.html")]
struct PasswordPage {
    chrome: Chrome,
    required: bool,
    current_error: Option<String>,
    new_error: Option<String>,
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

/// `GET /account/password`.
pub async fn password_form(signed: Signed) -> Result<HttpResponse, PageError> {
    let required = signed.caller.must_change_password;
    Ok(render(
        StatusCode::OK,
        &PasswordPage {
            chrome: signed.chrome,
            required,
            current_error: None,
            new_error: None,
        },
    ))
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
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &PasswordPage {
                    current_error: of("current_password"),
                    new_error: of("new_password"),
                    required,
                    chrome: signed.chrome,
                },
            ))
        }
        Err(e) => Err(PageError::app(e, signed.chrome.t)),
    }
}
