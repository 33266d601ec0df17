//! What a caller may do, as types (issue 19, point 6).
//!
//! A service that only some roles may use takes one of these instead of a
//! bare [`Caller`]: `OfficeStaff` for case files, `Supervisor` for what
//! changes an office's organisation of work, `Partner` for a referral's
//! answer, `ReportReader`, `AuditReader`, `Administrator`. Each is built
//! only here, by [`Capability::grant`], from a caller whose role allows it;
//! the fields are private, so no other module can make one. A page or an
//! endpoint that forgets its guard therefore cannot compile a call to the
//! service, rather than serving a wrong role at run time.
//!
//! The HTTP extractors and the web guard are thin adapters over
//! [`admit`], which records the refused call as `denied` in one place.
//!
//! A bare caller — a manager's, say — cannot be handed to a case-file
//! service:
//!
//! ```compile_fail,E0308
//! use migrant_desk::{auth::Caller, casefile::read, state::AppState};
//! async fn leak(app: &AppState, manager: &Caller, id: uuid::Uuid) {
//!     let _ = read::migrant(app, manager, id).await;
//! }
//! ```
//!
//! nor can a caseworker's capability to a supervisor's act:
//!
//! ```compile_fail,E0308
//! use migrant_desk::{auth::capability::OfficeStaff, casefile::cases, db::DbConn};
//! fn move_away(c: &mut DbConn, caseworker: &OfficeStaff, case: &str, office: &str) {
//!     let _ = cases::transfer(c, caseworker, case, office);
//! }
//! ```
//!
//! and no module but this one can make a capability:
//!
//! ```compile_fail,E0451
//! use migrant_desk::auth::{Caller, capability::OfficeStaff};
//! fn forge(caller: Caller) -> OfficeStaff {
//!     OfficeStaff { caller, office_id: "any".into() }
//! }
//! ```
//!
//! Only a granted capability opens the service:
//!
//! ```no_run
//! use migrant_desk::auth::{Caller, capability::{Capability, OfficeStaff}};
//! use migrant_desk::{casefile::read, state::AppState};
//! async fn open(app: &AppState, caller: Caller, id: uuid::Uuid) {
//!     if let Some(staff) = OfficeStaff::grant(&caller) {
//!         let _ = read::migrant(app, &staff, id).await;
//!     }
//! }
//! ```

use std::ops::Deref;

use super::{Caller, Role};
use crate::audit::{Action, AuditEvent, EntityType};
use crate::error::AppError;
use crate::state::AppState;

/// A proof that the caller's role may use a family of services.
pub trait Capability: Sized {
    /// Who may hold it, for the refusal's message.
    const HOLDERS: &'static str;

    /// The capability, when the caller's role grants it.
    fn grant(caller: &Caller) -> Option<Self>;
}

/// The capability `C` for `caller`, or 403 with one `denied` audit entry
/// about `about` (the kind of thing the refused call was for).
pub async fn admit<C: Capability>(
    state: &AppState,
    caller: Caller,
    about: Option<EntityType>,
) -> Result<C, AppError> {
    if let Some(granted) = C::grant(&caller) {
        return Ok(granted);
    }
    let mut event = AuditEvent::new(Action::Denied, EntityType::User, caller.user_id.clone())
        .by(caller.user_id.clone(), caller.role)
        .in_office(caller.office_id.clone())
        .in_request(caller.request_id.clone());
    event.entity_type = about;
    event.entity_id = None;
    state.audit.record(event).await?;
    Err(AppError::Forbidden(format!(
        "{}; a {} may not",
        C::HOLDERS,
        caller.role.as_str()
    )))
}

/// A caseworker or supervisor of one office: the office's case files.
#[derive(Debug, Clone)]
pub struct OfficeStaff {
    caller: Caller,
    office_id: String,
}

impl OfficeStaff {
    /// The office whose case files these are.
    pub fn office(&self) -> &str {
        &self.office_id
    }

    /// The supervisor's capability, when this member of staff is one.
    pub fn supervisor(&self) -> Option<Supervisor> {
        (self.caller.role == Role::Supervisor).then(|| Supervisor(self.clone()))
    }
}

impl AsRef<OfficeStaff> for OfficeStaff {
    fn as_ref(&self) -> &OfficeStaff {
        self
    }
}

impl Capability for OfficeStaff {
    const HOLDERS: &'static str = "case files are for their office's caseworkers and supervisors";

    fn grant(caller: &Caller) -> Option<Self> {
        match (caller.role, &caller.office_id) {
            (Role::Caseworker | Role::Supervisor, Some(office_id)) => Some(Self {
                caller: caller.clone(),
                office_id: office_id.clone(),
            }),
            _ => None,
        }
    }
}

impl Deref for OfficeStaff {
    type Target = Caller;
    fn deref(&self) -> &Caller {
        &self.caller
    }
}

/// An office's supervisor: assigns, transfers, merges and anonymises; also
/// everything office staff do (it dereferences to [`OfficeStaff`]).
#[derive(Debug, Clone)]
pub struct Supervisor(OfficeStaff);

impl Capability for Supervisor {
    const HOLDERS: &'static str = "only a supervisor may do this";

    fn grant(caller: &Caller) -> Option<Self> {
        if caller.role != Role::Supervisor {
            return None;
        }
        OfficeStaff::grant(caller).map(Supervisor)
    }
}

impl AsRef<OfficeStaff> for Supervisor {
    fn as_ref(&self) -> &OfficeStaff {
        &self.0
    }
}

impl From<Supervisor> for Overseer {
    fn from(s: Supervisor) -> Self {
        Self::Supervisor(s)
    }
}

impl From<Administrator> for DirectoryEditor {
    fn from(a: Administrator) -> Self {
        Self::Administrator(a)
    }
}

impl From<Partner> for DirectoryEditor {
    fn from(p: Partner) -> Self {
        Self::Partner(p)
    }
}

impl From<Administrator> for Overseer {
    fn from(a: Administrator) -> Self {
        Self::Administrator(a)
    }
}

impl Deref for Supervisor {
    type Target = OfficeStaff;
    fn deref(&self) -> &OfficeStaff {
        &self.0
    }
}

/// A partner organisation's user or API key: the referrals addressed to it.
#[derive(Debug, Clone)]
pub struct Partner {
    caller: Caller,
    organization_id: String,
}

impl Partner {
    /// The organisation it acts for.
    pub fn organization(&self) -> &str {
        &self.organization_id
    }
}

impl Capability for Partner {
    const HOLDERS: &'static str = "only a partner organisation may do this";

    fn grant(caller: &Caller) -> Option<Self> {
        match (caller.role, &caller.organization_id) {
            (Role::Partner, Some(organization_id)) => Some(Self {
                caller: caller.clone(),
                organization_id: organization_id.clone(),
            }),
            _ => None,
        }
    }
}

impl Deref for Partner {
    type Target = Caller;
    fn deref(&self) -> &Caller {
        &self.caller
    }
}

/// Either side of a referral: the referring office or the addressed
/// organisation (each sees its own referrals).
#[derive(Debug, Clone)]
pub enum ReferralParty {
    /// The referring office's staff.
    Office(OfficeStaff),
    /// The addressed organisation.
    Partner(Partner),
}

impl Capability for ReferralParty {
    const HOLDERS: &'static str = "referrals are for office staff and partner organisations";

    fn grant(caller: &Caller) -> Option<Self> {
        match caller.role {
            Role::Partner => Partner::grant(caller).map(Self::Partner),
            _ => OfficeStaff::grant(caller).map(Self::Office),
        }
    }
}

impl Deref for ReferralParty {
    type Target = Caller;
    fn deref(&self) -> &Caller {
        match self {
            Self::Office(s) => s,
            Self::Partner(p) => p,
        }
    }
}

impl From<OfficeStaff> for ReferralParty {
    fn from(staff: OfficeStaff) -> Self {
        Self::Office(staff)
    }
}

impl From<Partner> for ReferralParty {
    fn from(partner: Partner) -> Self {
        Self::Partner(partner)
    }
}

/// Who edits a directory entry: an administrator (any) or a partner (its
/// own organisation's, which the service checks).
#[derive(Debug, Clone)]
pub enum DirectoryEditor {
    /// An administrator.
    Administrator(Administrator),
    /// A partner organisation.
    Partner(Partner),
}

impl Capability for DirectoryEditor {
    const HOLDERS: &'static str = "the directory is edited by administrators and partner organisations";

    fn grant(caller: &Caller) -> Option<Self> {
        match caller.role {
            Role::Partner => Partner::grant(caller).map(Self::Partner),
            _ => Administrator::grant(caller).map(Self::Administrator),
        }
    }
}

impl Deref for DirectoryEditor {
    type Target = Caller;
    fn deref(&self) -> &Caller {
        match self {
            Self::Administrator(a) => a,
            Self::Partner(p) => p,
        }
    }
}

/// Who oversees an office's work: an administrator (every office) or a
/// supervisor (their own office). Reads the audit trail and the accounts.
#[derive(Debug, Clone)]
pub enum Overseer {
    /// An administrator.
    Administrator(Administrator),
    /// A supervisor.
    Supervisor(Supervisor),
}

/// Who reads the audit trail.
pub type AuditReader = Overseer;
/// Who reads (and confirms) accounts.
pub type AccountOverseer = Overseer;

impl Overseer {
    /// The office the overseer is limited to; `None` for every office.
    pub fn office(&self) -> Option<&str> {
        match self {
            Self::Administrator(_) => None,
            Self::Supervisor(s) => Some(s.office()),
        }
    }
}

impl Capability for Overseer {
    const HOLDERS: &'static str = "this is for administrators and supervisors";

    fn grant(caller: &Caller) -> Option<Self> {
        match caller.role {
            Role::Supervisor => Supervisor::grant(caller).map(Self::Supervisor),
            _ => Administrator::grant(caller).map(Self::Administrator),
        }
    }
}

impl Deref for Overseer {
    type Target = Caller;
    fn deref(&self) -> &Caller {
        match self {
            Self::Administrator(a) => a,
            Self::Supervisor(s) => s,
        }
    }
}

/// Capabilities that are a set of roles and nothing more.
macro_rules! role_capability {
    ($(#[$doc:meta])* $name:ident, $holders:literal, [$($role:ident),+]) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(Caller);

        impl Capability for $name {
            const HOLDERS: &'static str = $holders;

            fn grant(caller: &Caller) -> Option<Self> {
                matches!(caller.role, $(Role::$role)|+).then(|| Self(caller.clone()))
            }
        }

        impl Deref for $name {
            type Target = Caller;
            fn deref(&self) -> &Caller {
                &self.0
            }
        }
    };
}

role_capability!(
    /// An administrator: accounts, offices, the directory; never case files.
    Administrator,
    "only an administrator may do this",
    [Admin]
);
role_capability!(
    /// Who pulls reports: managers and supervisors.
    ReportReader,
    "reports are for managers and supervisors",
    [Manager, Supervisor]
);

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(role: Role, office: Option<&str>, organization: Option<&str>) -> Caller {
        Caller {
            user_id: "u".into(),
            role,
            office_id: office.map(str::to_string),
            organization_id: organization.map(str::to_string),
            session_id: "s".into(),
            request_id: None,
            must_change_password: false,
            must_enrol_mfa: false,
        }
    }

    fn granted<C: Capability>(role: Role, office: Option<&str>, organization: Option<&str>) -> bool {
        C::grant(&caller(role, office, organization)).is_some()
    }

    type Expectation = (&'static str, fn(Role) -> bool, &'static [Role]);

    /// Each capability is granted to exactly its roles, whatever the
    /// caller is bound to (a manager bound to an office gets no case files).
    #[test]
    fn each_capability_is_granted_to_exactly_its_roles() {
        let office = Some("o");
        let org = Some("g");
        let table: [Expectation; 8] = [
            (
                "OfficeStaff",
                |r| granted::<OfficeStaff>(r, Some("o"), None),
                &[Role::Caseworker, Role::Supervisor],
            ),
            (
                "Supervisor",
                |r| granted::<Supervisor>(r, Some("o"), None),
                &[Role::Supervisor],
            ),
            (
                "Partner",
                |r| granted::<Partner>(r, None, Some("g")),
                &[Role::Partner],
            ),
            (
                "ReportReader",
                |r| granted::<ReportReader>(r, Some("o"), None),
                &[Role::Manager, Role::Supervisor],
            ),
            (
                "Overseer",
                |r| granted::<Overseer>(r, Some("o"), None),
                &[Role::Admin, Role::Supervisor],
            ),
            (
                "Administrator",
                |r| granted::<Administrator>(r, Some("o"), None),
                &[Role::Admin],
            ),
            (
                "ReferralParty",
                |r| granted::<ReferralParty>(r, Some("o"), Some("g")),
                &[Role::Caseworker, Role::Supervisor, Role::Partner],
            ),
            (
                "DirectoryEditor",
                |r| granted::<DirectoryEditor>(r, None, Some("g")),
                &[Role::Admin, Role::Partner],
            ),
        ];
        for (name, grants, roles) in table {
            for role in Role::ALL {
                assert_eq!(grants(role), roles.contains(&role), "{name} for {role:?}");
            }
        }
        // Bound to nothing, office staff and partners get nothing.
        assert!(!granted::<OfficeStaff>(Role::Caseworker, None, org));
        assert!(!granted::<Partner>(Role::Partner, office, None));
    }
}
