//! Roles (SPEC §3). Every user has exactly one.

use serde::{Deserialize, Serialize};

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Accounts, offices, the partner directory, the audit trail; never case files.
    Admin,
    /// Office staff who assign, transfer and close cases; reads the office's audit trail.
    Supervisor,
    /// Office staff who register migrants and follow cases.
    Caseworker,
    /// City manager: aggregate reports only.
    Manager,
    /// A partner association's user: referrals addressed to its organisation.
    Partner,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Supervisor,
        Role::Caseworker,
        Role::Manager,
        Role::Partner,
    ];

    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::Caseworker => "caseworker",
            Role::Manager => "manager",
            Role::Partner => "partner",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == code)
    }

    /// Office roles are bound to exactly one office.
    pub fn requires_office(self) -> bool {
        matches!(self, Role::Supervisor | Role::Caseworker)
    }

    /// May this role be bound to an office at all (managers optionally)?
    pub fn allows_office(self) -> bool {
        matches!(self, Role::Supervisor | Role::Caseworker | Role::Manager)
    }

    /// Partner users are bound to exactly one organisation.
    pub fn requires_organization(self) -> bool {
        matches!(self, Role::Partner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
