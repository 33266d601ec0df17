//! Authentication as an extractor. A handler states the roles it serves in
//! its signature (`Administrator`, `AuditReader`, …: `auth::capability`): a request from any other role
//! is refused with 403 (and audited as `denied`) before the handler runs.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use tokio::sync::oneshot;

use super::request_context::RequestId;
use crate::audit::EntityType;
use crate::auth::Caller;
use crate::auth::capability::admit;
pub use crate::auth::capability::{
    AccountOverseer, Administrator, AuditReader, DirectoryEditor, OfficeStaff, Overseer, Partner,
    ReferralParty, ReportReader, Supervisor,
};
use crate::error::AppError;
use crate::state::AppState;

/// The request's id, if the middleware set one.
pub fn request_id(req: &HttpRequest) -> Option<String> {
    req.extensions().get::<RequestId>().map(|r| r.0.clone())
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

/// Holds back body and query validation until the caller is authenticated
/// and authorised, so that a request from an unknown or unauthorised caller
/// learns nothing from validation errors (401/403 always come first).
pub struct AuthGate(RefCell<Option<oneshot::Receiver<()>>>);

fn install_gate(req: &HttpRequest) -> oneshot::Sender<()> {
    let (tx, rx) = oneshot::channel();
    req.extensions_mut().insert(AuthGate(RefCell::new(Some(rx))));
    tx
}

/// Waits, if the handler authenticates its caller, until that is done.
pub async fn wait_for_auth(gate: Option<oneshot::Receiver<()>>) {
    if let Some(rx) = gate {
        let _ = rx.await;
    }
}

/// Takes the request's gate (body and query extractors call this).
pub fn take_gate(req: &HttpRequest) -> Option<oneshot::Receiver<()>> {
    req.extensions()
        .get::<AuthGate>()
        .and_then(|g| g.0.borrow_mut().take())
}

impl FromRequest for Caller {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let gate = install_gate(req);
        let resolve = resolve_caller(req);
        Box::pin(async move {
            let caller = resolve.await;
            drop(gate);
            caller
        })
    }
}

/// The one call allowed while a password set by an administrator has not
/// been changed (SPEC §5).
pub const PASSWORD_CHANGE: (&str, &str) = ("POST", "/api/v1/me/password");

/// The calls allowed while a required second factor is not enrolled.
pub const MFA_ENROLMENT: [(&str, &str); 4] = [
    PASSWORD_CHANGE,
    ("GET", "/api/v1/me/mfa"),
    ("POST", "/api/v1/me/mfa/totp"),
    ("POST", "/api/v1/me/mfa/totp/confirm"),
];

fn resolve_caller(req: &HttpRequest) -> Pin<Box<dyn Future<Output = Result<Caller, AppError>>>> {
    {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        let request_id = request_id(req);
        let call = (req.method().as_str(), req.path());
        let changing_password = call == PASSWORD_CHANGE;
        let enrolling = MFA_ENROLMENT.contains(&call);
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
            let token =
                token.ok_or_else(|| AppError::Unauthorized("a Bearer access token is required".into()))?;
            let caller = crate::auth::authenticate::bearer(&state, &token, request_id).await?;
            if caller.must_change_password && !changing_password {
                return Err(AppError::PasswordChangeRequired);
            }
            if caller.must_enrol_mfa && !enrolling {
                return Err(AppError::MfaEnrolmentRequired);
            }
            Ok(caller)
        })
    }
}

/// Capabilities as extractors: the request's caller, admitted by
/// `auth::capability::admit` (403 and one `denied` entry otherwise).
macro_rules! capability_extractor {
    ($($capability:ident),+) => {$(
        impl FromRequest for $capability {
            type Error = AppError;
            type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

            fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
                let gate = install_gate(req);
                let caller = resolve_caller(req);
                let state = req.app_data::<web::Data<AppState>>().cloned();
                let about = EntityType::from_path(req.path());
                Box::pin(async move {
                    let _gate = gate;
                    let caller = caller.await?;
                    let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
                    admit(&state, caller, about).await
                })
            }
        }
    )+};
}

capability_extractor!(
    OfficeStaff,
    Supervisor,
    Partner,
    ReferralParty,
    DirectoryEditor,
    Administrator,
    Overseer,
    ReportReader
);
