//! The authenticated caller of a request.

use crate::audit::{Action, AuditEvent, EntityType};
use crate::auth::Role;

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
}

impl Caller {
    /// The office an office-staff caller works in (404 for anyone else, so
    /// nothing is revealed).
    pub fn office(&self) -> Result<&str, crate::error::AppError> {
        self.office_id.as_deref().ok_or(crate::error::AppError::NotFound)
    }

    /// An audit event by this caller.
    pub fn event(&self, action: Action, entity: EntityType, entity_id: impl Into<String>) -> AuditEvent {
        AuditEvent::new(action, entity, entity_id)
            .by(self.user_id.clone(), self.role)
            .in_request(self.request_id.clone())
    }
}
