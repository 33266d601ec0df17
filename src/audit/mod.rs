//! The audit trail: what is recorded (this module), how entries are chained
//! (`chain`) under the audit key (`key`), how the head is kept outside the
//! database (`checkpoint`), and how standalone entries are group-committed
//! (`writer`).
//! Entries hold ids and actions, never field values.

pub mod chain;
pub mod checkpoint;
pub mod key;
pub mod read;
pub mod seal;
pub mod trail;
pub mod view;
pub mod writer;

use serde::{Deserialize, Serialize};

use crate::auth::Role;

pub use writer::AuditWriter;

/// What was done (SPEC §4 Audit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A record was created.
    Create,
    /// Personal data was read.
    Read,
    /// A record was changed.
    Update,
    /// A subject-access export.
    Export,
    /// A migrant was anonymised.
    Anonymise,
    /// Two records were merged.
    Merge,
    /// A case moved to another office.
    Transfer,
    /// A referral changed state.
    Transition,
    /// Successful login.
    Login,
    /// Successful login with a password an administrator set (temporary):
    /// whoever knows it — the administrator too — holds this login.
    LoginTemporaryPassword,
    /// Failed login.
    LoginFailed,
    /// Logout.
    Logout,
    /// A request was refused (role lacks the function, throttled, token reuse).
    Denied,
}

impl Action {
    /// Every action, in the order the audit page's filter offers them.
    pub const ALL: [Action; 13] = [
        Action::Read,
        Action::Create,
        Action::Update,
        Action::Transition,
        Action::Export,
        Action::Merge,
        Action::Transfer,
        Action::Anonymise,
        Action::Login,
        Action::LoginTemporaryPassword,
        Action::LoginFailed,
        Action::Logout,
        Action::Denied,
    ];

    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Read => "read",
            Action::Update => "update",
            Action::Export => "export",
            Action::Anonymise => "anonymise",
            Action::Merge => "merge",
            Action::Transfer => "transfer",
            Action::Transition => "transition",
            Action::Login => "login",
            Action::LoginTemporaryPassword => "login_temporary_password",
            Action::LoginFailed => "login_failed",
            Action::Logout => "logout",
            Action::Denied => "denied",
        }
    }
}

/// The kind of record an entry is about: the singular resource name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    /// A migrant.
    Migrant,
    /// A case.
    Case,
    /// A support service.
    Service,
    /// A case note.
    Note,
    /// A follow-up.
    FollowUp,
    /// A referral.
    Referral,
    /// A partner organisation.
    Organization,
    /// A user account.
    User,
    /// An office.
    Office,
    /// A consent entry.
    Consent,
    /// The audit trail itself.
    Audit,
    /// Reports.
    Report,
    /// A saved target list (its definition; its people are read as migrants).
    TargetList,
    /// A distribution (its services are audited one by one).
    Distribution,
    /// An import of a spreadsheet (the people it creates are audited one by one).
    Import,
}

impl EntityType {
    /// Every entity type.
    pub const ALL: [EntityType; 15] = [
        EntityType::Migrant,
        EntityType::Case,
        EntityType::Service,
        EntityType::Note,
        EntityType::FollowUp,
        EntityType::Referral,
        EntityType::Organization,
        EntityType::User,
        EntityType::Office,
        EntityType::Consent,
        EntityType::Audit,
        EntityType::Report,
        EntityType::TargetList,
        EntityType::Distribution,
        EntityType::Import,
    ];

    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Migrant => "migrant",
            EntityType::Case => "case",
            EntityType::Service => "service",
            EntityType::Note => "note",
            EntityType::FollowUp => "follow_up",
            EntityType::Referral => "referral",
            EntityType::Organization => "organization",
            EntityType::User => "user",
            EntityType::Office => "office",
            EntityType::Consent => "consent",
            EntityType::Audit => "audit",
            EntityType::Report => "report",
            EntityType::TargetList => "target_list",
            EntityType::Distribution => "distribution",
            EntityType::Import => "import",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == code)
    }

    /// The entity a URL path is about (`/api/v1/offices/…` → office).
    pub fn from_path(path: &str) -> Option<Self> {
        let segment = path.trim_start_matches("/api/v1/").split('/').next()?;
        Some(match segment {
            "migrants" => EntityType::Migrant,
            "cases" => EntityType::Case,
            "services" => EntityType::Service,
            "follow-ups" => EntityType::FollowUp,
            "referrals" => EntityType::Referral,
            "organizations" => EntityType::Organization,
            "users" | "me" => EntityType::User,
            "offices" => EntityType::Office,
            "audit" => EntityType::Audit,
            "reports" => EntityType::Report,
            "target-lists" => EntityType::TargetList,
            "distributions" => EntityType::Distribution,
            "imports" => EntityType::Import,
            _ => return None,
        })
    }
}

/// One thing to record.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    /// Who (None for an unknown caller, e.g. a failed login for an unknown email).
    pub actor_id: Option<String>,
    /// The actor's role at the time.
    pub role: Option<Role>,
    /// What.
    pub action: Action,
    /// On what kind of record.
    pub entity_type: Option<EntityType>,
    /// On which record.
    pub entity_id: Option<String>,
    /// The office the record belongs to (scopes a supervisor's view of the trail).
    pub office_id: Option<String>,
    /// The HTTP request it happened in.
    pub request_id: Option<String>,
}

impl AuditEvent {
    /// An event about one record.
    pub fn new(action: Action, entity_type: EntityType, entity_id: impl Into<String>) -> Self {
        Self::about(action, entity_type, Some(entity_id.into()))
    }

    /// An event about a kind of record, naming the record when it is known
    /// (a failed login for an unknown email names no user).
    pub fn about(action: Action, entity_type: EntityType, entity_id: Option<String>) -> Self {
        Self {
            actor_id: None,
            role: None,
            action,
            entity_type: Some(entity_type),
            entity_id,
            office_id: None,
            request_id: None,
        }
    }

    /// Sets the actor.
    pub fn by(mut self, actor_id: impl Into<String>, role: Role) -> Self {
        self.actor_id = Some(actor_id.into());
        self.role = Some(role);
        self
    }

    /// Sets the office.
    pub fn in_office(mut self, office_id: Option<String>) -> Self {
        self.office_id = office_id;
        self
    }

    /// Sets the request id.
    pub fn in_request(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }
}
