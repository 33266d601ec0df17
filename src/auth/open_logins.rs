//! A person's open logins — in browsers and through the API — with where
//! and when each was opened, and ending one of them (issue 19: logins were
//! unlimited and invisible). Ending one revokes it at once on every
//! instance, like a sign-out, and is audited as one.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Caller;
use crate::audit::{Action, EntityType};
use crate::db::{now, utc, write_tx};
use crate::error::AppError;
use crate::state::AppState;
use crate::store;

/// One open login.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OpenLogin {
    /// Id.
    pub id: String,
    /// `browser` or `api`.
    pub kind: String,
    /// When it was opened.
    pub created_at: DateTime<Utc>,
    /// A browser login's last request (to the minute).
    pub last_seen_at: Option<DateTime<Utc>>,
    /// When it ends at the latest.
    pub expires_at: DateTime<Utc>,
    /// The client address it was opened from (trusted proxies applied).
    pub address: Option<String>,
    /// The login this request belongs to.
    pub current: bool,
}

/// The caller's open logins, newest first.
pub async fn mine(app: &AppState, caller: &Caller) -> Result<Vec<OpenLogin>, AppError> {
    caller.person_only()?;
    let id = caller.user_id.clone();
    let rows = app
        .db
        .run(move |c| store::session::open_of_user(c, &id, now()))
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| OpenLogin {
            kind: if r.web_token_hash.is_some() {
                "browser"
            } else {
                "api"
            }
            .into(),
            created_at: utc(r.created_at),
            last_seen_at: r.last_seen_at.map(utc),
            expires_at: utc(r.expires_at),
            address: r.client_address,
            current: r.id == caller.session_id,
            id: r.id,
        })
        .collect())
}

/// Ends one of the caller's logins (404 when it is not theirs or not open).
pub async fn end(app: &AppState, caller: &Caller, id: &str) -> Result<(), AppError> {
    caller.person_only()?;
    let (user, id) = (caller.user_id.clone(), id.to_string());
    let event = caller
        .event(Action::Logout, EntityType::User, caller.user_id.clone())
        .in_office(caller.office_id.clone());
    app.db
        .run(move |c| {
            write_tx(c, |c| {
                if !store::session::revoke_of_user(c, &user, &id, "ended_by_user", now())? {
                    return Err(AppError::NotFound);
                }
                crate::audit::trail::append(c, &[event])
            })
        })
        .await
}
