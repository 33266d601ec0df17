//! Authentication as an extractor. A handler states the roles it serves in
//! its signature (`Admin`, `AuditReader`, …): a request from any other role
//! is refused with 403 (and audited as `denied`) before the handler runs.

use std::cell::RefCell;
use std::future::Future;
use std::marker::PhantomData;
use std::ops::Deref;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use tokio::sync::oneshot;

use super::request_context::RequestId;
use crate::audit::{Action, AuditEvent, EntityType};
use crate::auth::{Caller, Role};
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

/// A set of roles allowed to call a handler.
pub trait RoleSet {
    /// The roles.
    const ROLES: &'static [Role];
}

/// A caller whose role is in `R`.
#[derive(Debug, Clone)]
pub struct Authorized<R: RoleSet> {
    caller: Caller,
    _roles: PhantomData<R>,
}

impl<R: RoleSet> Authorized<R> {
    /// The caller, for passing into blocking work.
    pub fn into_inner(self) -> Caller {
        self.caller
    }
}

impl<R: RoleSet> Deref for Authorized<R> {
    type Target = Caller;
    fn deref(&self) -> &Caller {
        &self.caller
    }
}

impl<R: RoleSet + 'static> FromRequest for Authorized<R> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let gate = install_gate(req);
        let caller = resolve_caller(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let entity = EntityType::from_path(req.path());
        Box::pin(async move {
            let _gate = gate;
            let caller = caller.await?;
            if R::ROLES.contains(&caller.role) {
                return Ok(Authorized {
                    caller,
                    _roles: PhantomData,
                });
            }
            if let Some(state) = state {
                let mut event = AuditEvent::new(Action::Denied, EntityType::User, caller.user_id.clone())
                    .by(caller.user_id.clone(), caller.role)
                    .in_office(caller.office_id.clone())
                    .in_request(caller.request_id.clone());
                event.entity_type = entity;
                event.entity_id = None;
                state.audit.record(event).await?;
            }
            Err(AppError::Forbidden(format!(
                "the {} role cannot use this function",
                caller.role.as_str()
            )))
        })
    }
}

macro_rules! role_set {
    ($(#[$doc:meta])* $set:ident, $alias:ident, [$($role:ident),+]) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $set;
        impl RoleSet for $set {
            const ROLES: &'static [Role] = &[$(Role::$role),+];
        }
        $(#[$doc])*
        pub type $alias = Authorized<$set>;
    };
}

role_set!(
    /// Administrators only.
    AdminRoles, Admin, [Admin]
);
role_set!(
    /// Administrators and supervisors (the audit trail).
    AuditRoles, AuditReader, [Admin, Supervisor]
);
role_set!(
    /// Administrators and supervisors (confirming office accounts).
    AccountConfirmerRoles, AccountConfirmer, [Admin, Supervisor]
);
role_set!(
    /// Office staff: supervisors and caseworkers (case files).
    OfficeRoles, OfficeStaff, [Supervisor, Caseworker]
);
role_set!(
    /// Supervisors only.
    SupervisorRoles, Supervisor, [Supervisor]
);
role_set!(
    /// Partner association users.
    PartnerRoles, Partner, [Partner]
);
role_set!(
    /// Administrators and partners (directory entries, API keys, webhooks).
    DirectoryEditorRoles, DirectoryEditor, [Admin, Partner]
);
role_set!(
    /// Office staff and partners (referrals).
    ReferralRoles, ReferralReader, [Supervisor, Caseworker, Partner]
);
role_set!(
    /// Managers and supervisors (reports).
    ReportRoles, ReportReader, [Manager, Supervisor]
);
