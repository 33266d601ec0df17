//! What every page shares: the frame (language, direction, form token, the
//! visitor's name and menu), form bodies with their CSRF check, and errors
//! rendered as pages — a signed-out visitor is sent to the sign-in form.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError, web};
use askama::Template;
use serde::de::DeserializeOwned;

use super::csrf;
use super::i18n::{Lang, Tr};
use crate::auth::Role;
use crate::error::AppError;

/// A menu entry.
#[derive(Debug, Clone)]
pub struct Nav {
    /// Where it leads.
    pub href: &'static str,
    /// Its label.
    pub label: String,
}

/// The signed-in visitor as the frame shows them.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// Full name.
    pub name: String,
    /// The role's label.
    pub role: String,
    /// The menu of the role.
    pub nav: Vec<Nav>,
}

impl Viewer {
    /// The visitor and the menu their role may use.
    pub fn new(name: String, role: Role, t: Tr) -> Self {
        let item = |href, key: &str| Nav {
            href,
            label: t.get(key),
        };
        let mut nav = vec![item("/", "nav-home")];
        match role {
            Role::Caseworker => nav.extend([
                item("/migrants", "nav-people"),
                item("/follow-ups", "nav-follow-ups"),
                item("/referrals", "nav-referrals"),
                item("/target-lists", "nav-target-lists"),
                item("/imports", "nav-imports"),
            ]),
            Role::Supervisor => nav.extend([
                item("/migrants", "nav-people"),
                item("/attention", "nav-attention"),
                item("/referrals", "nav-referrals"),
                item("/target-lists", "nav-target-lists"),
                item("/imports", "nav-imports"),
                item("/reports", "nav-reports"),
            ]),
            Role::Partner => nav.extend([
                item("/referrals", "nav-referrals"),
                item("/organization", "nav-organization"),
            ]),
            Role::Manager => nav.push(item("/reports", "nav-reports")),
            Role::Admin => nav.push(item("/admin", "nav-admin")),
        }
        Self {
            name,
            role: t.get(&format!("role-{}", role.as_str())),
            nav,
        }
    }
}

/// The frame of a page.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// Messages in the page's language.
    pub t: Tr,
    /// The token every form of the page carries.
    pub csrf: String,
    /// The stylesheet's (hashed) URL.
    pub css: String,
    /// The icon's hashed URL (so browsers ask for no `/favicon.ico`).
    pub icon: String,
    /// Who is signed in (none on the sign-in page).
    pub viewer: Option<Viewer>,
    /// The languages the switch offers: (code, label).
    pub languages: Vec<(&'static str, String)>,
    /// Numbers and dates for the language and the office's country.
    pub fmt: super::locale::Formats,
    /// The result of the previous action (`web::notice`), translated.
    pub notice: Option<String>,
}

impl Chrome {
    /// A frame.
    pub fn new(t: Tr, csrf: String, viewer: Option<Viewer>) -> Self {
        Self {
            t,
            csrf,
            css: super::assets::url("app.css"),
            icon: super::assets::url("icon.svg"),
            viewer,
            languages: Lang::ALL
                .into_iter()
                .map(|l| (l.code(), t.get(&format!("language-{}", l.code()))))
                .collect(),
            fmt: super::locale::Formats::new(t.lang, None),
            notice: None,
        }
    }

    /// `lang` of `<html>`.
    /// The label of a code of the `/reference` list named `list`, in the
    /// page's language (the code itself when unknown).
    pub fn code(&self, list: &str, code: impl std::fmt::Display) -> String {
        let code = code.to_string();
        crate::domain::reference::ALL
            .iter()
            .find(|l| l.name == list)
            .map_or_else(|| code.clone(), |l| super::labels::label(l, &code, self.t.lang))
    }

    /// A country's name in the page's language (CLDR).
    pub fn country(&self, code: impl std::fmt::Display) -> String {
        super::display_names::country(&code.to_string(), self.t.lang)
    }

    /// A language's name in the page's language (CLDR).
    pub fn language(&self, code: impl std::fmt::Display) -> String {
        super::display_names::language(&code.to_string(), self.t.lang)
    }

    /// Every country as (code, name), sorted by name, for a `<select>`.
    pub fn countries(&self) -> &'static [(&'static str, String)] {
        super::display_names::countries(self.t.lang)
    }

    /// Every language offered as (code, name), sorted by name.
    pub fn spoken_languages(&self) -> &'static [(String, String)] {
        super::display_names::languages(self.t.lang)
    }

    pub fn lang(&self) -> &'static str {
        self.t.lang.code()
    }

    /// `dir` of `<html>`.
    pub fn dir(&self) -> &'static str {
        self.t.lang.dir()
    }
}

/// Renders a template as a page that no cache keeps.
pub fn render(status: StatusCode, page: &impl Template) -> HttpResponse {
    match page.render() {
        Ok(html) => HttpResponse::build(status)
            .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(html),
        Err(e) => {
            tracing::error!(error = %e, "a template failed to render");
            HttpResponse::InternalServerError()
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .finish()
        }
    }
}

/// A 303 to `to` (after a POST, or to the sign-in form).
pub fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    chrome: Chrome,
    message: &'a str,
}

/// An error answered with a page.
#[derive(Debug)]
pub enum PageError {
    /// Not signed in (or the session ended): to the sign-in form.
    SignIn,
    /// The form does not come from this site or its token is wrong (403).
    BadForm(Tr),
    /// The password was set by an administrator: to the change form.
    ChangePassword,
    /// The role must have a second factor: to the enrolment page.
    EnrolMfa,
    /// A service's error, in the visitor's language.
    App(AppError, Tr),
}

impl PageError {
    /// A service's error for a visitor reading `t`'s language.
    pub fn app(e: AppError, t: Tr) -> Self {
        match e {
            AppError::Unauthorized(_) => PageError::SignIn,
            e => PageError::App(e, t),
        }
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageError::SignIn => f.write_str("not signed in"),
            PageError::ChangePassword => f.write_str("the password must be changed first"),
            PageError::EnrolMfa => f.write_str("a second factor must be enrolled first"),
            PageError::BadForm(_) => f.write_str("cross-site or stale form"),
            PageError::App(e, _) => write!(f, "{e}"),
        }
    }
}

/// An error for a request no handler took or whose path or query could not
/// be read: problem JSON under `/api`, an HTML page in the visitor's
/// language everywhere else (a browser never gets JSON from a page path).
pub fn unrouted(req: &actix_web::HttpRequest, e: AppError) -> actix_web::Error {
    if req.path() == "/api" || req.path().starts_with("/api/") {
        e.into()
    } else {
        PageError::App(
            e,
            Tr {
                lang: super::session::language(req),
            },
        )
        .into()
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::SignIn | PageError::ChangePassword | PageError::EnrolMfa => StatusCode::SEE_OTHER,
            PageError::BadForm(_) => StatusCode::FORBIDDEN,
            PageError::App(e, _) => e.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (t, key) = match self {
            PageError::SignIn => return see_other("/login"),
            PageError::ChangePassword => return see_other(super::account::PASSWORD_PAGE),
            PageError::EnrolMfa => return see_other(super::account::MFA_PAGE),
            PageError::BadForm(t) => (*t, "error-invalid-form"),
            PageError::App(e, t) => {
                if matches!(e, AppError::Internal { .. } | AppError::Unavailable { .. }) {
                    tracing::error!(error = %e.chain(), "page failed");
                }
                let key = match e {
                    AppError::Forbidden(_)
                    | AppError::PasswordChangeRequired
                    | AppError::MfaEnrolmentRequired => "error-forbidden",
                    AppError::NotFound => "error-not-found",
                    AppError::Unavailable { .. } => "error-unavailable",
                    _ => "error-internal",
                };
                (*t, key)
            }
        };
        let message = t.get(key);
        render(
            self.status_code(),
            &ErrorPage {
                chrome: Chrome::new(t, String::new(), None),
                message: &message,
            },
        )
    }
}

/// A form body (`application/x-www-form-urlencoded`) from this origin, with
/// its CSRF token set apart; the handler checks the token against the
/// session (`Form::check`) before acting.
pub struct Form<T> {
    /// The fields (the token removed).
    pub fields: T,
    token: String,
}

impl<T> Form<T> {
    /// Verifies the form's token for `binding` (the session id, or the
    /// pre-session cookie on the sign-in form).
    pub fn check(&self, key: &[u8], binding: &str, t: Tr) -> Result<(), PageError> {
        if csrf::verify(key, binding, &self.token) {
            Ok(())
        } else {
            Err(PageError::BadForm(t))
        }
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let t = Tr {
            lang: super::session::language(req),
        };
        let same_origin = csrf::same_origin(req);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !same_origin {
                return Err(PageError::BadForm(t));
            }
            let bytes = body
                .await
                .map_err(|_| PageError::App(AppError::BadRequest("unreadable form".into()), t))?;
            let mut pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
                .map_err(|_| PageError::App(AppError::BadRequest("unreadable form".into()), t))?;
            let token = pairs
                .iter()
                .position(|(k, _)| k == csrf::FIELD)
                .map(|i| pairs.remove(i).1)
                .ok_or(PageError::BadForm(t))?;
            let rest = serde_urlencoded::to_string(&pairs)
                .map_err(|_| PageError::App(AppError::BadRequest("unreadable form".into()), t))?;
            let fields = serde_urlencoded::from_str(&rest)
                .map_err(|e| PageError::App(AppError::field("form", e.to_string()), t))?;
            Ok(Form { fields, token })
        })
    }
}

/// A refusal a page shows to the visitor beside the form (its status and
/// what to say), or the error to answer as an error page.
pub fn refusal(e: AppError) -> Result<(StatusCode, String), AppError> {
    match e {
        AppError::Unprocessable(errors) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            errors
                .iter()
                .map(|f| format!("{} {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; "),
        )),
        e @ (AppError::Conflict(_)
        | AppError::AlreadyExists(_)
        | AppError::ConsentWithdrawn
        | AppError::ChangedMeanwhile(_)) => Ok((StatusCode::CONFLICT, e.to_string())),
        e @ AppError::PreconditionFailed => Ok((StatusCode::PRECONDITION_FAILED, e.to_string())),
        e => Err(e),
    }
}
