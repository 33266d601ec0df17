//! Logins: password check with throttling, token pairs, refresh-token
//! rotation with reuse detection, logout and password change.

use chrono::Duration;
use serde::Serialize;

use std::net::IpAddr;

use super::password::check_policy;
use super::throttle::Attempt;
use super::token::{hash_refresh_token, new_refresh_token};
use super::{Caller, mfa};
use crate::audit::{Action, AuditEvent, EntityType};
use crate::auth::Role;
use crate::db::{new_id, now, write_tx};
use crate::error::AppError;
use crate::state::AppState;
use crate::store;
use crate::store::session::{RefreshTokenRow, SessionRow};
use crate::store::user::{UserChanges, UserRow};

/// What a successful login or refresh returns.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TokenPair {
    /// Bearer access token (JWT, HS256).
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Opaque refresh token; single use.
    pub refresh_token: String,
    /// The password was set by an administrator: every call but
    /// `POST /me/password` answers 403 until it is changed.
    pub password_change_required: bool,
    /// The account's role must have a second factor and it has none yet:
    /// every call but the enrolment (`/me/mfa…`) and `POST /me/password`
    /// answers 403 until it is enrolled.
    pub mfa_enrolment_required: bool,
}

const INVALID_CREDENTIALS: &str = "invalid email or password";

/// How a login is held: an API login by refresh tokens, a browser login by
/// an opaque cookie token.
enum Holder {
    /// The refresh token (stored hashed).
    Api(String),
    /// The browser's token (stored hashed).
    Web(String),
}

/// Checks credentials with the login rules every way in shares (throttling
/// counted before the password is checked, argon2id, the same answer and
/// time for an unknown email and a wrong password, audit of failures);
/// answers the active user.
async fn check_credentials(
    state: &AppState,
    email: &str,
    password: String,
    client: &Client,
    request_id: Option<String>,
) -> Result<UserRow, AppError> {
    let address = client.address;
    let email = email.trim().to_lowercase();
    let lookup_email = email.clone();
    let device = client
        .device
        .as_deref()
        .and_then(|d| super::device::verify(&state.form_key, &email, d));
    let attempt = Attempt::sign_in(&state.settings, &email, address, device.as_deref());
    let counted = attempt.clone();
    let (throttled, user, organization_active) = state
        .db
        .run(move |c| {
            let throttled = counted.begin(c, now()).err();
            let user = store::user::find_by_email(c, &lookup_email)?;
            // A partner of a deactivated organisation is refused like a
            // deactivated account.
            let organization_active = match user.as_ref().and_then(|u| u.organization_id.as_deref()) {
                Some(o) => store::organization::find(c, o)?.is_some_and(|o| o.active),
                None => true,
            };
            Ok((throttled, user, organization_active))
        })
        .await?;
    if let Some(refusal) = throttled {
        let event = AuditEvent::about(
            Action::Denied,
            EntityType::User,
            user.as_ref().map(|u| u.id.clone()),
        )
        .in_office(user.and_then(|u| u.office_id))
        .in_request(request_id);
        state.audit.record(event).await?;
        return Err(refusal);
    }
    let ok = state
        .passwords
        .verify_for(
            client.still_there.clone(),
            password,
            user.as_ref().map(|u| u.password_hash.clone()),
        )
        .await;
    let ok = match ok {
        Ok(ok) => ok,
        Err(e) => {
            // Not evaluated (the hashing queue is full, or the client went
            // away while waiting): not a failure.
            let given_back = attempt.clone();
            state.db.run(move |c| given_back.give_back(c)).await?;
            return Err(e);
        }
    };
    let known = user.clone();
    // Inactive (or of an inactive organisation), or (four eyes) waiting for
    // a confirmation: the same answer as a wrong password.
    if let Some(user) =
        user.filter(|u| ok && u.active && organization_active && u.awaiting_confirmation_by.is_none())
    {
        state.db.run(move |c| attempt.succeeded(c)).await?;
        return Ok(user);
    }
    state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                let event = AuditEvent::about(
                    Action::LoginFailed,
                    EntityType::User,
                    known.as_ref().map(|u| u.id.clone()),
                )
                .in_office(known.and_then(|u| u.office_id))
                .in_request(request_id);
                crate::audit::trail::append(c, &[event])
            })
        })
        .await?;
    Err(AppError::Unauthorized(INVALID_CREDENTIALS.into()))
}

/// Opens a login (a row of `sessions`) for a user whose credentials were
/// checked; answers its id.
async fn open(
    state: &AppState,
    user: UserRow,
    holder: Holder,
    address: Option<IpAddr>,
    request_id: Option<String>,
) -> Result<String, AppError> {
    let session_id = new_id();
    let sid = session_id.clone();
    let hours = match holder {
        Holder::Api(_) => state.settings.session_hours,
        Holder::Web(_) => WEB_ABSOLUTE_HOURS,
    };
    state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                let at = now();
                let web_token_hash = match &holder {
                    Holder::Web(token) => Some(hash_refresh_token(token)),
                    Holder::Api(_) => None,
                };
                store::session::insert(
                    c,
                    &SessionRow {
                        id: sid.clone(),
                        user_id: user.id.clone(),
                        created_at: at,
                        expires_at: at + Duration::hours(hours),
                        revoked_at: None,
                        revoked_reason: None,
                        last_seen_at: web_token_hash.as_ref().map(|_| at),
                        web_token_hash,
                        client_address: address.map(|a| a.to_string()),
                    },
                )?;
                if let Holder::Api(refresh) = &holder {
                    store::session::insert_refresh(
                        c,
                        &RefreshTokenRow {
                            id: new_id(),
                            session_id: sid.clone(),
                            token_hash: hash_refresh_token(refresh),
                            created_at: at,
                            spent_at: None,
                        },
                    )?;
                }
                store::user::touch_login(c, &user.id, at)?;
                let role = Role::parse(&user.role).unwrap_or(Role::Caseworker);
                // A login with a password an administrator set is marked:
                // whoever knows that password — the administrator too — is
                // in it, and the person and their supervisors see it.
                let action = if user.password_change_required {
                    Action::LoginTemporaryPassword
                } else {
                    Action::Login
                };
                crate::audit::trail::append(
                    c,
                    &[AuditEvent::new(action, EntityType::User, user.id.clone())
                        .by(user.id.clone(), role)
                        .in_office(user.office_id.clone())
                        .in_request(request_id)],
                )
            })
        })
        .await?;
    Ok(session_id)
}

/// Absolute lifetime of a browser login (SPEC §7: 10 hours).
pub const WEB_ABSOLUTE_HOURS: i64 = 10;
/// Idle timeout of a browser login (SPEC §7: 30 minutes).
pub const WEB_IDLE_MINUTES: i64 = 30;

/// Who is signing in, as far as throttling and the hashing queue care.
#[derive(Clone, Default)]
pub struct Client {
    /// The client address (`trusted_proxies` applied).
    pub address: Option<IpAddr>,
    /// Whether the client is still connected (None: unknown).
    pub still_there: Option<super::hashing_threads::StillThere>,
    /// The client's device token (`auth::device`), if it sent one.
    pub device: Option<String>,
}

/// What a right password leads to.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum SignIn {
    /// Signed in.
    Tokens(TokenPair),
    /// The account has a second factor: send a code with the ticket to
    /// `POST /auth/mfa`.
    SecondFactor(MfaChallenge),
}

/// The second step a sign-in needs.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MfaChallenge {
    /// Always true.
    pub mfa_required: bool,
    /// Single use, valid 5 minutes.
    pub mfa_ticket: String,
}

/// Issues a second-factor ticket when the user has a second factor.
async fn ticket_if_enrolled(
    state: &AppState,
    user: &UserRow,
    holder: mfa::Holder,
) -> Result<Option<String>, AppError> {
    let id = user.id.clone();
    state
        .db
        .run(move |c| {
            if store::mfa::enrolled(c, &id)? {
                Ok(Some(mfa::issue_ticket(c, &id, holder)?))
            } else {
                Ok(None)
            }
        })
        .await
}

/// Opens an API login for a user whose credentials (and second factor)
/// were checked.
async fn open_api(
    state: &AppState,
    user: UserRow,
    address: Option<IpAddr>,
    request_id: Option<String>,
) -> Result<TokenPair, AppError> {
    let user_id = user.id.clone();
    let must_change = user.password_change_required;
    let must_enrol = must_enrol(state, &user).await?;
    let refresh = new_refresh_token()?;
    let session_id = open(state, user, Holder::Api(refresh.clone()), address, request_id).await?;
    let mut pair = pair(state, &user_id, &session_id, refresh, must_change)?;
    pair.mfa_enrolment_required = must_enrol;
    Ok(pair)
}

/// Whether the user's role must have a second factor they do not have yet.
pub async fn must_enrol(state: &AppState, user: &UserRow) -> Result<bool, AppError> {
    let role = Role::parse(&user.role).unwrap_or(Role::Caseworker);
    must_enrol_as(state, role, &user.id).await
}

async fn must_enrol_as(state: &AppState, role: Role, user_id: &str) -> Result<bool, AppError> {
    if !mfa::required_for(&state.settings.require_mfa, role) {
        return Ok(false);
    }
    let id = user_id.to_string();
    Ok(!state.db.run(move |c| store::mfa::enrolled(c, &id)).await?)
}

/// Checks credentials and opens an API login, or asks for the second factor.
pub async fn login(
    state: &AppState,
    email: &str,
    password: String,
    client: &Client,
    request_id: Option<String>,
) -> Result<SignIn, AppError> {
    let user = check_credentials(state, email, password, client, request_id.clone()).await?;
    if let Some(ticket) = ticket_if_enrolled(state, &user, mfa::Holder::Api).await? {
        return Ok(SignIn::SecondFactor(MfaChallenge {
            mfa_required: true,
            mfa_ticket: ticket,
        }));
    }
    Ok(SignIn::Tokens(
        open_api(state, user, client.address, request_id).await?,
    ))
}

/// The second step of an API sign-in: the ticket and a code.
pub async fn complete_mfa(
    state: &AppState,
    ticket: &str,
    code: &str,
    address: Option<IpAddr>,
    request_id: Option<String>,
) -> Result<TokenPair, AppError> {
    let user = mfa::second_step(state, ticket, mfa::Holder::Api, code, address).await?;
    open_api(state, user, address, request_id).await
}

/// What a right password leads to in a browser.
pub enum WebSignIn {
    /// The opaque token the browser keeps in its cookie.
    Session(String),
    /// The ticket the second-step form carries.
    SecondFactor(String),
}

/// Checks credentials and opens a browser login (only the token's hash is
/// stored), or asks for the second factor.
pub async fn web_login(
    state: &AppState,
    email: &str,
    password: String,
    client: &Client,
    request_id: Option<String>,
) -> Result<WebSignIn, AppError> {
    let user = check_credentials(state, email, password, client, request_id.clone()).await?;
    if let Some(ticket) = ticket_if_enrolled(state, &user, mfa::Holder::Web).await? {
        return Ok(WebSignIn::SecondFactor(ticket));
    }
    let token = new_refresh_token()?;
    open(
        state,
        user,
        Holder::Web(token.clone()),
        client.address,
        request_id,
    )
    .await?;
    Ok(WebSignIn::Session(token))
}

/// The second step of a browser sign-in: answers the session token.
pub async fn web_complete_mfa(
    state: &AppState,
    ticket: &str,
    code: &str,
    address: Option<IpAddr>,
    request_id: Option<String>,
) -> Result<String, AppError> {
    let user = mfa::second_step(state, ticket, mfa::Holder::Web, code, address).await?;
    let token = new_refresh_token()?;
    open(state, user, Holder::Web(token.clone()), address, request_id).await?;
    Ok(token)
}

/// Ends the browser login of `caller` (sign-out).
pub async fn web_logout(state: &AppState, caller: &Caller) -> Result<(), AppError> {
    let by = caller.clone();
    state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                store::session::revoke(c, &by.session_id, "logout", now())?;
                crate::audit::trail::append(
                    c,
                    &[by.event(Action::Logout, EntityType::User, &by.user_id)
                        .in_office(by.office_id.clone())],
                )
            })
        })
        .await
}

fn pair(
    state: &AppState,
    user_id: &str,
    session_id: &str,
    refresh: String,
    password_change_required: bool,
) -> Result<TokenPair, AppError> {
    Ok(TokenPair {
        access_token: state.tokens.issue(user_id, session_id)?,
        token_type: "Bearer",
        expires_in: state.tokens.access_seconds,
        refresh_token: refresh,
        password_change_required,
        mfa_enrolment_required: false,
    })
}

enum Refreshed {
    Issued {
        user_id: String,
        session_id: String,
        must_change: bool,
        role: String,
    },
    Reused,
    Invalid,
}

/// Exchanges a refresh token for a new pair. A token presented twice revokes
/// its whole login (every access and refresh token of it).
pub async fn refresh(
    state: &AppState,
    token: &str,
    request_id: Option<String>,
) -> Result<TokenPair, AppError> {
    let hash = hash_refresh_token(token);
    let next = new_refresh_token()?;
    let next_hash = hash_refresh_token(&next);
    let outcome = state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                let at = now();
                let Some((rt, session)) = store::session::find_refresh(c, &hash)? else {
                    return Ok(Refreshed::Invalid);
                };
                if rt.spent_at.is_some() || !store::session::spend_refresh(c, &rt.id, at)? {
                    store::session::revoke(c, &session.id, "refresh_token_reuse", at)?;
                    crate::audit::trail::append(
                        c,
                        &[
                            AuditEvent::new(Action::Denied, EntityType::User, session.user_id.clone())
                                .in_request(request_id),
                        ],
                    )?;
                    return Ok(Refreshed::Reused);
                }
                if session.revoked_at.is_some() || session.expires_at <= at {
                    return Ok(Refreshed::Invalid);
                }
                let (must_change, role) = match store::user::find(c, &session.user_id)? {
                    Some(u) if u.active => (u.password_change_required, u.role),
                    _ => return Ok(Refreshed::Invalid),
                };
                store::session::insert_refresh(
                    c,
                    &RefreshTokenRow {
                        id: new_id(),
                        session_id: session.id.clone(),
                        token_hash: next_hash,
                        created_at: at,
                        spent_at: None,
                    },
                )?;
                Ok(Refreshed::Issued {
                    user_id: session.user_id,
                    session_id: session.id,
                    must_change,
                    role,
                })
            })
        })
        .await?;
    match outcome {
        Refreshed::Issued {
            user_id,
            session_id,
            must_change,
            role,
        } => {
            let mut pair = pair(state, &user_id, &session_id, next, must_change)?;
            let role = Role::parse(&role).unwrap_or(Role::Caseworker);
            pair.mfa_enrolment_required = must_enrol_as(state, role, &user_id).await?;
            Ok(pair)
        }
        Refreshed::Reused => Err(AppError::Unauthorized(
            "the refresh token was already used; the login has been revoked".into(),
        )),
        Refreshed::Invalid => Err(AppError::Unauthorized(
            "the refresh token is invalid or expired".into(),
        )),
    }
}

/// Ends the login a refresh token belongs to. Unknown tokens are ignored (the
/// answer is the same, so it reveals nothing).
pub async fn logout(state: &AppState, token: &str, request_id: Option<String>) -> Result<(), AppError> {
    let hash = hash_refresh_token(token);
    state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                let Some((_, session)) = store::session::find_refresh(c, &hash)? else {
                    return Ok(());
                };
                if session.revoked_at.is_some() {
                    return Ok(());
                }
                store::session::revoke(c, &session.id, "logout", now())?;
                let user = store::user::find(c, &session.user_id)?;
                let mut event = AuditEvent::new(Action::Logout, EntityType::User, session.user_id.clone())
                    .in_request(request_id);
                if let Some(u) = user {
                    event.actor_id = Some(u.id.clone());
                    event.role = Role::parse(&u.role);
                    event.office_id = u.office_id;
                }
                crate::audit::trail::append(c, &[event])
            })
        })
        .await
}

/// Changes the caller's own password and ends every login of theirs,
/// including the current one. The current-password check is throttled like
/// a sign-in (a stolen access token must not let anyone guess the password
/// behind it).
pub async fn change_password(
    state: &AppState,
    caller: &Caller,
    current: String,
    new: String,
    address: Option<IpAddr>,
) -> Result<(), AppError> {
    let user_id = caller.user_id.clone();
    let user = state
        .db
        .run(move |c| store::user::find(c, &user_id))
        .await?
        .ok_or(AppError::NotFound)?;
    if let Err(message) = check_policy(&new, &[&user.email, &user.full_name]) {
        return Err(AppError::field("new_password", message));
    }
    // Keeping a password set by an administrator would keep it known to
    // the administrator.
    if new == current {
        return Err(AppError::field(
            "new_password",
            "must differ from the current password",
        ));
    }
    let attempt = Attempt::password_check(&state.settings, &user.id, address);
    let counted = attempt.clone();
    state.db.run(move |c| counted.begin(c, now())).await?;
    if !state
        .passwords
        .verify(current, Some(user.password_hash.clone()))
        .await?
    {
        return Err(AppError::field("current_password", "is incorrect"));
    }
    let hash = state.passwords.hash(new).await?;
    let event = caller
        .event(Action::Update, EntityType::User, caller.user_id.clone())
        .in_office(caller.office_id.clone());
    state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                let at = now();
                attempt.succeeded(c)?;
                let changes = UserChanges {
                    password_hash: Some(hash),
                    password_change_required: Some(false),
                    ..Default::default()
                };
                store::user::update(c, &user.id, user.version, &changes, at)?;
                store::session::revoke_all_of_user(c, &user.id, "password_changed", at)?;
                crate::audit::trail::append(c, &[event])
            })
        })
        .await
}
