//! Accounts: which role is bound to what (SPEC §3).

use crate::auth::Role;
use crate::error::FieldError;

/// Checks a role's binding: office roles need an office, partners an
/// organisation, managers may have an office (none = the whole network),
/// administrators have neither.
pub fn check_binding(role: Role, office_id: Option<&str>, organization_id: Option<&str>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if role.requires_office() && office_id.is_none() {
        errors.push(FieldError::new(
            "office_id",
            format!("is required for role {}", role.as_str()),
        ));
    }
    if !role.allows_office() && office_id.is_some() {
        errors.push(FieldError::new(
            "office_id",
            format!("must be empty for role {}", role.as_str()),
        ));
    }
    if role.requires_organization() && organization_id.is_none() {
        errors.push(FieldError::new("organization_id", "is required for role partner"));
    }
    if !role.requires_organization() && organization_id.is_some() {
        errors.push(FieldError::new(
            "organization_id",
            format!("must be empty for role {}", role.as_str()),
        ));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_follow_the_role() {
        assert!(check_binding(Role::Caseworker, Some("o"), None).is_empty());
        assert!(check_binding(Role::Manager, None, None).is_empty());
        assert!(check_binding(Role::Manager, Some("o"), None).is_empty());
        assert!(check_binding(Role::Partner, None, Some("org")).is_empty());
        assert!(check_binding(Role::Admin, None, None).is_empty());
        assert_eq!(check_binding(Role::Supervisor, None, None)[0].field, "office_id");
        assert_eq!(check_binding(Role::Partner, Some("o"), None).len(), 2);
        assert_eq!(
            check_binding(Role::Admin, None, Some("org"))[0].field,
            "organization_id"
        );
    }
}
