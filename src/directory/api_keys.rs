//! API keys: a partner organisation's own systems call the API with a key
//! as Bearer credential, with the scope of the organisation's partner users.
//! Shown once, stored as SHA-256, listed with their last use.

use crate::audit::{Action, EntityType};
use crate::auth::capability::DirectoryEditor;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::error::AppError;
use crate::store;
use crate::store::api_key::ApiKeyRow;

pub use crate::auth::token::{API_KEY_PREFIX as PREFIX, hash_api_key as hash};

/// Creates a key; returns the row and the key itself (shown once).
pub fn create(
    c: &mut DbConn,
    caller: &DirectoryEditor,
    organization_id: &str,
    name: &str,
    expires_at: Option<chrono::NaiveDateTime>,
) -> Result<(ApiKeyRow, String), AppError> {
    caller.person_only()?;
    let name = name.trim();
    if expires_at.is_some_and(|t| t <= now()) {
        return Err(AppError::field("expires_at", "must be in the future"));
    }
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::field("name", "must be 1 to 100 characters"));
    }
    write_tx(c, |c| {
        super::organizations::load_editable(c, caller, organization_id)?;
        let key = crate::auth::token::new_api_key()?;
        let row = ApiKeyRow {
            id: new_id(),
            organization_id: organization_id.to_string(),
            name: name.to_string(),
            prefix: key.chars().take(PREFIX.len() + 6).collect(),
            key_hash: hash(&key),
            created_by: Some(caller.user_id.clone()),
            created_at: now(),
            last_used_at: None,
            revoked_at: None,
            expires_at,
        };
        store::api_key::insert(c, &row)?;
        crate::audit::trail::append(
            c,
            &[caller.event(Action::Create, EntityType::Organization, organization_id)],
        )?;
        Ok((row, key))
    })
}

/// Keys of an organisation.
pub fn list(
    c: &mut DbConn,
    caller: &DirectoryEditor,
    organization_id: &str,
) -> Result<Vec<ApiKeyRow>, AppError> {
    caller.person_only()?;
    super::organizations::load_editable(c, caller, organization_id)?;
    store::api_key::of_organization(c, organization_id)
}

/// Revokes a key at once.
pub fn revoke(
    c: &mut DbConn,
    caller: &DirectoryEditor,
    organization_id: &str,
    key_id: &str,
) -> Result<ApiKeyRow, AppError> {
    caller.person_only()?;
    write_tx(c, |c| {
        super::organizations::load_editable(c, caller, organization_id)?;
        store::api_key::find_in_organization(c, key_id, organization_id)?.ok_or(AppError::NotFound)?;
        store::api_key::revoke(c, key_id, now())?;
        crate::audit::trail::append(
            c,
            &[caller.event(Action::Update, EntityType::Organization, organization_id)],
        )?;
        store::api_key::find_in_organization(c, key_id, organization_id)?.ok_or(AppError::NotFound)
    })
}
