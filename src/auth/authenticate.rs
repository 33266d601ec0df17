//! Who is calling: a Bearer credential (an access JWT, or a partner
//! organisation's API key) turned into the `Caller`, as the database knows
//! them now — a revoked login, an expired session, a deactivated account or
//! a revoked key is refused on every instance at once.

use crate::auth::{Caller, Role};
use crate::db::now;
use crate::error::AppError;
use crate::state::AppState;
use crate::store;

/// The caller behind a Bearer credential (401 when it is not valid now).
pub async fn bearer(app: &AppState, token: &str, request_id: Option<String>) -> Result<Caller, AppError> {
    if token.starts_with(super::token::API_KEY_PREFIX) {
        let hash = super::token::hash_api_key(token);
        let key = app
            .db
            .run(move |c| store::api_key::authenticate(c, &hash, now()))
            .await?
            .ok_or_else(|| AppError::Unauthorized("the API key is invalid or revoked".into()))?;
        return Ok(Caller {
            session_id: format!("{}{}", super::caller::API_KEY_SESSION, key.id),
            user_id: key.id,
            role: Role::Partner,
            office_id: None,
            organization_id: Some(key.organization_id),
            request_id,
            must_change_password: false,
            must_enrol_mfa: false,
        });
    }
    let claims = app
        .tokens
        .verify(token)
        .ok_or_else(|| AppError::Unauthorized("the access token is invalid or expired".into()))?;
    let sid = claims.sid.clone();
    let user = app
        .db
        .run(move |c| store::session::authenticate(c, &claims.sid, &claims.sub, now()))
        .await?
        .ok_or_else(|| AppError::Unauthorized("the access token has been revoked".into()))?;
    let role = Role::parse(&user.role).ok_or_else(|| AppError::internal("unknown stored role"))?;
    let must_enrol_mfa = super::login::must_enrol(app, &user).await?;
    Ok(Caller {
        user_id: user.id,
        role,
        office_id: user.office_id,
        organization_id: user.organization_id,
        session_id: sid,
        request_id,
        must_change_password: user.password_change_required,
        must_enrol_mfa,
    })
}

/// The caller behind a browser's session cookie, or None when the session
/// is unknown, revoked, past its absolute lifetime (10 hours) or idle for
/// more than 30 minutes, or the account is inactive. Activity is recorded
/// at most once a minute.
pub async fn web_session(
    app: &AppState,
    token: &str,
    request_id: Option<String>,
) -> Result<Option<Caller>, AppError> {
    use chrono::Duration;
    let hash = crate::auth::token::hash_refresh_token(token);
    let found = app
        .db
        .run(move |c| {
            let at = now();
            let found = store::session::web(c, &hash, at, Duration::minutes(super::login::WEB_IDLE_MINUTES))?;
            if let Some((session, _)) = &found
                && session
                    .last_seen_at
                    .is_none_or(|seen| at - seen > Duration::minutes(1))
            {
                store::session::seen(c, &session.id, at)?;
            }
            Ok(found)
        })
        .await?;
    let Some((session, user)) = found else {
        return Ok(None);
    };
    let role = Role::parse(&user.role).ok_or_else(|| AppError::internal("unknown stored role"))?;
    let must_enrol_mfa = super::login::must_enrol(app, &user).await?;
    Ok(Some(Caller {
        user_id: user.id,
        role,
        office_id: user.office_id,
        organization_id: user.organization_id,
        session_id: session.id,
        request_id,
        must_change_password: user.password_change_required,
        must_enrol_mfa,
    }))
}
