//! Browser sessions: the cookie that holds the opaque login token, the
//! language, and the `Signed` extractor that turns a cookie into the same
//! `Caller` the API's Bearer tokens give (pages accept only the cookie).

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};

use super::csrf;
use super::i18n::{Lang, Tr};
use super::page::{Chrome, PageError, Viewer};
use crate::auth::Caller;
use crate::auth::capability::{Capability, admit};
use crate::state::AppState;

/// The session cookie over plain HTTP (local use).
pub const COOKIE: &str = "md_session";
/// The session cookie over HTTPS (`Secure`, host-only, path `/`).
pub const SECURE_COOKIE: &str = "__Host-md_session";
/// A random value that binds the sign-in form's token before any session.
pub const FORM_COOKIE: &str = "md_form";
/// The language chosen on this browser.
pub const LANG_COOKIE: &str = "md_lang";

/// Whether the browser reached us over HTTPS (TLS here, or a trusted
/// proxy that says so; `http::client_address::https`).
pub fn is_https(req: &HttpRequest) -> bool {
    match req.app_data::<actix_web::web::Data<crate::state::AppState>>() {
        Some(state) => crate::http::client_address::https(req, &state.proxies),
        None => req.app_config().secure(),
    }
}

fn cookie_named(req: &HttpRequest, name: &'static str, value: String) -> Cookie<'static> {
    let mut c = Cookie::new(name, value);
    c.set_path("/");
    c.set_http_only(true);
    c.set_same_site(SameSite::Lax);
    c.set_secure(is_https(req));
    c
}

/// The session cookie for a new login (a browser-session cookie: no expiry).
pub fn session_cookie(req: &HttpRequest, token: String) -> Cookie<'static> {
    let name = if is_https(req) { SECURE_COOKIE } else { COOKIE };
    cookie_named(req, name, token)
}

/// Cookies that remove the session cookie.
pub fn cleared_cookies(req: &HttpRequest) -> Vec<Cookie<'static>> {
    [COOKIE, SECURE_COOKIE]
        .into_iter()
        .map(|name| {
            let mut c = cookie_named(req, name, String::new());
            c.make_removal();
            c
        })
        .collect()
}

/// The pre-session form cookie (set with the sign-in form).
pub fn form_cookie(req: &HttpRequest, value: String) -> Cookie<'static> {
    cookie_named(req, FORM_COOKIE, value)
}

/// The language cookie.
pub fn lang_cookie(req: &HttpRequest, lang: Lang) -> Cookie<'static> {
    let mut c = cookie_named(req, LANG_COOKIE, lang.code().to_string());
    c.set_max_age(actix_web::cookie::time::Duration::days(365));
    c
}

/// A device cookie (`auth::device`) for the account `email` signed in to
/// with the right password, kept a year.
pub fn device_cookie(req: &HttpRequest, key: &[u8], email: &str) -> Option<Cookie<'static>> {
    let value = crate::auth::device::issue(key, email).ok()?;
    let mut c = cookie_named(req, crate::auth::device::COOKIE, value);
    c.set_same_site(SameSite::Strict);
    c.set_max_age(actix_web::cookie::time::Duration::days(crate::auth::device::DAYS));
    Some(c)
}

/// The device cookie the client sent, if any.
pub fn device(req: &HttpRequest) -> Option<String> {
    req.cookie(crate::auth::device::COOKIE)
        .map(|c| c.value().to_string())
}

/// The session token the browser sent, if any.
pub fn token(req: &HttpRequest) -> Option<String> {
    [SECURE_COOKIE, COOKIE]
        .into_iter()
        .find_map(|n| req.cookie(n).map(|c| c.value().to_string()))
        .filter(|t| !t.is_empty())
}

/// The language of the pages for this request before the account is known:
/// the cookie, else the browser's `Accept-Language`, else French (a
/// signed-in visitor's account choice then wins, see `Signed`).
pub fn language(req: &HttpRequest) -> Lang {
    req.cookie(LANG_COOKIE)
        .and_then(|c| Lang::parse(c.value()))
        .or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or(Lang::Fr)
}

/// A signed-in visitor of the pages.
pub struct Signed {
    /// Who, with the scope every service checks.
    pub caller: Caller,
    /// The page frame: language, form token, name and menu.
    pub chrome: Chrome,
}

impl Signed {
    /// Renders an error of a service call in the visitor's language.
    pub fn fail(&self) -> impl Fn(crate::error::AppError) -> PageError + '_ {
        move |e| PageError::app(e, self.chrome.t)
    }

    /// The capability `C` (`auth::capability`), or 403 recorded as
    /// `denied` like the API's.
    pub async fn grant<C: Capability>(&self, state: &AppState) -> Result<C, PageError> {
        admit(state, self.caller.clone(), Some(crate::audit::EntityType::User))
            .await
            .map_err(self.fail())
    }

    /// A state change: the capability `C` (else 403) and the form must
    /// carry this session's token (else 403).
    pub async fn allow<C: Capability, T>(
        &self,
        state: &AppState,
        form: &super::page::Form<T>,
    ) -> Result<C, PageError> {
        let granted = self.grant(state).await?;
        form.check(&state.form_key, &self.caller.session_id, self.chrome.t)?;
        Ok(granted)
    }

    /// A state change whose token came in a body that is not a form (a
    /// file upload's multipart body): the capability `C` and the token.
    pub async fn allow_token<C: Capability>(&self, state: &AppState, token: &str) -> Result<C, PageError> {
        let granted = self.grant(state).await?;
        if csrf::verify(&state.form_key, &self.caller.session_id, token) {
            Ok(granted)
        } else {
            Err(PageError::BadForm(self.chrome.t))
        }
    }
}

impl FromRequest for Signed {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = token(req);
        let request_id = crate::http::caller::request_id(req);
        let lang = language(req);
        // A form from another site is refused before anything else (even
        // when the browser, by SameSite, did not send the session).
        let cross_site = req.method() != actix_web::http::Method::GET && !csrf::same_origin(req);
        // Pages a user whose password was set by an administrator may see.
        let before_change = [super::account::PASSWORD_PAGE, "/logout", "/language"].contains(&req.path());
        let before_enrolment =
            before_change || [super::account::MFA_PAGE, "/account/mfa/confirm"].contains(&req.path());
        let notice_waiting =
            req.method() == actix_web::http::Method::GET && req.cookie(super::notice::COOKIE).is_some();
        Box::pin(async move {
            let t = Tr { lang };
            if cross_site {
                return Err(PageError::BadForm(t));
            }
            let state =
                state.ok_or_else(|| PageError::app(crate::error::AppError::internal("state missing"), t))?;
            let Some(token) = token else {
                return Err(PageError::SignIn);
            };
            let caller = crate::auth::authenticate::web_session(&state, &token, request_id)
                .await
                .map_err(|e| PageError::app(e, t))?
                .ok_or(PageError::SignIn)?;
            if caller.must_change_password && !before_change {
                return Err(PageError::ChangePassword);
            }
            if caller.must_enrol_mfa && !before_enrolment {
                return Err(PageError::EnrolMfa);
            }
            let me = crate::admin::read::me(&state, &caller)
                .await
                .map_err(|e| PageError::app(e, t))?;
            // The language kept on the account wins over the browser's.
            let t = me
                .language
                .as_deref()
                .and_then(Lang::parse)
                .map_or(t, |lang| Tr { lang });
            let csrf = csrf::token(&state.form_key, &caller.session_id);
            let office = match me.office_id {
                Some(office) => Some(
                    crate::admin::read::office(&state, office)
                        .await
                        .map_err(|e| PageError::app(e, t))?,
                ),
                None => None,
            };
            let mut chrome = Chrome::new(t, csrf, Some(Viewer::new(me.full_name, caller.role, t)));
            chrome.fmt = super::locale::Formats::new(t.lang, office.as_ref().map(|o| o.country.as_str()));
            if let Some(zone) = office.and_then(|o| o.time_zone.parse().ok()) {
                chrome.fmt = chrome.fmt.in_zone(zone);
            }
            if notice_waiting {
                chrome.notice = crate::auth::notice::take(&state, &caller)
                    .await
                    .map_err(|e| PageError::app(e, t))?
                    .map(|(key, arg)| match arg {
                        Some(a) => t.with(&key, "arg", &a),
                        None => t.get(&key),
                    });
            }
            Ok(Signed { caller, chrome })
        })
    }
}
