//! The authenticated caller of a request.

use crate::audit::{Action, AuditEvent, EntityType};
use crate::auth::Role;

/// The `session_id` prefix of a caller authenticated by an API key.
pub const API_KEY_SESSION: &str = "api-key:";

/// An authenticated caller, as the database knows them now (role, office and
/// organisation are read per request, never trusted from the token).
#[derive(Debug, Clone)]
pub struct Caller {
    /// User id.
    pub user_id: String,
    /// Current role.
    pub role: Role,
    /// Office (office roles; managers optionally).
    pub office_id: Option<String>,
    /// Organisation (partners).
    pub organization_id: Option<String>,
    /// The login this request belongs to.
    pub session_id: String,
    /// The request's id, for audit entries.
    pub request_id: Option<String>,
    /// The password was set by an administrator and must be changed before
    /// anything else is allowed (SPEC §5).
    pub must_change_password: bool,
    /// The caller's role must have a second factor and they have none yet
    /// (`require_mfa`): only enrolling is allowed.
    pub must_enrol_mfa: bool,
}

impl Caller {
    /// Whether the caller is a partner organisation's API key (not a
    /// person): it may act for the organisation's partner functions only.
    pub fn is_api_key(&self) -> bool {
        self.session_id.starts_with(API_KEY_SESSION)
    }

    /// Refuses (403) what an API key may not do: manage API keys or the
    /// webhook secret (SPEC §5).
    pub fn person_only(&self) -> Result<(), crate::error::AppError> {
        if self.is_api_key() {
            return Err(crate::error::AppError::Forbidden(
                "an API key cannot do this; a person of the organisation must".into(),
            ));
        }
        Ok(())
    }

    /// An audit event by this caller.
    pub fn event(&self, action: Action, entity: EntityType, entity_id: impl Into<String>) -> AuditEvent {
        AuditEvent::new(action, entity, entity_id)
            .by(self.user_id.clone(), self.role)
            .in_request(self.request_id.clone())
    }
}
