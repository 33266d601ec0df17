//! Each user's own recent security events (SPEC §5, issue 13): sign-ins,
//! failed and refused sign-ins, sign-outs, changes to the account (by the
//! user or by an administrator: password, role, office, activation, second
//! factor) and, for a partner, new API keys of the organisation — read
//! from the audit trail, so nothing is recorded twice.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Caller;
use crate::db::utc;
use crate::error::AppError;
use crate::state::AppState;
use crate::store;

/// How many events are shown.
pub const SHOWN: i64 = 50;

/// One event.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SecurityEvent {
    /// When.
    pub at: DateTime<Utc>,
    /// `sign_in`, `sign_in_temporary_password` (with a password an
    /// administrator set: not counted as the user's own), `sign_in_failed`,
    /// `sign_in_refused`, `sign_out`, `account_created`, `account_changed`,
    /// `api_key_created`.
    pub kind: String,
    /// Whether the user did it (false: an administrator, another person of
    /// the organisation, or someone who tried the password).
    pub by_self: bool,
    /// The role of whoever did it, when known.
    pub by_role: Option<String>,
}

fn kind_of(action: &str, entity_type: Option<&str>) -> &'static str {
    match (action, entity_type) {
        ("create", Some("organization")) => "api_key_created",
        ("login", _) => "sign_in",
        ("login_temporary_password", _) => "sign_in_temporary_password",
        ("login_failed", _) => "sign_in_failed",
        ("denied", _) => "sign_in_refused",
        ("logout", _) => "sign_out",
        ("create", _) => "account_created",
        _ => "account_changed",
    }
}

/// The caller's latest security events, newest first.
pub async fn mine(app: &AppState, caller: &Caller) -> Result<Vec<SecurityEvent>, AppError> {
    caller.person_only()?;
    let id = caller.user_id.clone();
    let org = caller.organization_id.clone();
    let rows = app
        .db
        .run(move |c| store::audit::security_events(c, &id, org.as_deref(), SHOWN))
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| SecurityEvent {
            at: utc(r.at),
            kind: kind_of(&r.action, r.entity_type.as_deref()).to_string(),
            // A sign-in with a temporary password is not counted as the
            // user's own: the administrator who set it knows it too.
            by_self: r.action != "login_temporary_password"
                && (r.actor_id.as_deref() == Some(caller.user_id.as_str())
                    || (r.action == "login" && r.actor_id.is_some())),
            by_role: r.role,
        })
        .collect())
}
