//! Staff multi-factor authentication: TOTP enrolment (a secret shown once
//! as a QR code, confirmed by a first code), ten single-use recovery codes,
//! and the second step of a sign-in — a short-lived ticket from the right
//! password exchanged, with a code, for the login. Codes are throttled like
//! passwords and good once.

use std::net::IpAddr;

use chrono::Duration;
use serde::Serialize;

use super::Caller;
use super::throttle::Attempt;
use super::token::hash_refresh_token;
use super::totp;
use crate::audit::{Action, EntityType};
use crate::db::{DbConn, now, write_tx};
use crate::error::AppError;
use crate::state::AppState;
use crate::store;
use crate::store::mfa::MfaRow;

/// Minutes a ticket between the password and the code lives.
pub const TICKET_MINUTES: i64 = 5;
/// Recovery codes per enrolment.
pub const RECOVERY_CODES: usize = 10;

/// A TOTP enrolment under way: what the user's authenticator app needs.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Enrolment {
    /// The secret in base32, to type in by hand.
    pub secret: String,
    /// The `otpauth://` URI (what the QR code holds).
    pub otpauth_uri: String,
    /// The QR code, an SVG document.
    pub qr_svg: String,
}

/// A confirmed enrolment: the recovery codes, shown this once.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Enrolled {
    /// Ten single-use codes that stand in for the app once each.
    pub recovery_codes: Vec<String>,
}

/// Whether the caller has a second factor.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MfaStatus {
    /// TOTP enrolled and confirmed.
    pub enabled: bool,
    /// Unused recovery codes left.
    pub recovery_codes_left: i64,
    /// The caller's role must have a second factor (`require_mfa`).
    pub required: bool,
}

/// Who holds a ticket: the API (a token pair) or a browser (a cookie).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// `POST /auth/mfa`.
    Api,
    /// `/login/mfa`.
    Web,
}

impl Holder {
    fn code(self) -> &'static str {
        match self {
            Holder::Api => "api",
            Holder::Web => "web",
        }
    }
}

fn recovery_hash(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    hash_refresh_token(&normal)
}

fn random_bytes(n: usize) -> Result<Vec<u8>, AppError> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| AppError::internal(e.to_string()))?;
    Ok(bytes)
}

/// A recovery code: 120 random bits as 24 base32 characters in groups of 4.
fn new_recovery_code() -> Result<String, AppError> {
    let text = totp::base32(&random_bytes(15)?);
    Ok(text
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .collect::<Vec<_>>()
        .join("-"))
}

/// Whether `role` must have a second factor under `require_mfa`.
pub fn required_for(require_mfa: &str, role: super::Role) -> bool {
    require_mfa
        .split(',')
        .map(str::trim)
        .any(|r| r.eq_ignore_ascii_case(role.as_str()))
}

/// The caller's second-factor status.
pub async fn status(state: &AppState, caller: &Caller) -> Result<MfaStatus, AppError> {
    caller.person_only()?;
    let id = caller.user_id.clone();
    let required = required_for(&state.settings.require_mfa, caller.role);
    state
        .db
        .run(move |c| {
            Ok(MfaStatus {
                enabled: store::mfa::enrolled(c, &id)?,
                recovery_codes_left: store::mfa::recovery_codes_left(c, &id)?,
                required,
            })
        })
        .await
}

/// Starts (or restarts) an enrolment: a new secret, kept pending until a
/// code confirms it. 409 when a second factor is already enrolled.
pub async fn begin_enrolment(state: &AppState, caller: &Caller) -> Result<Enrolment, AppError> {
    caller.person_only()?;
    let secret = totp::base32(&random_bytes(20)?);
    let id = caller.user_id.clone();
    let kept = secret.clone();
    let email = state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                let user = store::user::find(c, &id)?.ok_or(AppError::NotFound)?;
                let mut row = store::mfa::find(c, &id)?.unwrap_or(MfaRow {
                    user_id: id.clone(),
                    secret: None,
                    pending_secret: None,
                    last_step: None,
                    enabled_at: None,
                });
                if row.secret.is_some() {
                    return Err(AppError::Conflict("a second factor is already enrolled".into()));
                }
                row.pending_secret = Some(kept);
                store::mfa::save(c, &row)?;
                Ok(user.email)
            })
        })
        .await?;
    let otpauth_uri = totp::uri(&secret, &email);
    let qr_svg = totp::qr_svg(&otpauth_uri).ok_or_else(|| AppError::internal("cannot draw the QR code"))?;
    Ok(Enrolment {
        secret,
        otpauth_uri,
        qr_svg,
    })
}

/// Confirms an enrolment with a code from the app; answers the recovery
/// codes (shown once). Throttled like a password.
pub async fn confirm_enrolment(
    state: &AppState,
    caller: &Caller,
    code: &str,
    address: Option<IpAddr>,
) -> Result<Enrolled, AppError> {
    caller.person_only()?;
    let attempt = Attempt::second_factor(&state.settings, &caller.user_id, address);
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| new_recovery_code())
        .collect::<Result<_, _>>()?;
    let hashes: Vec<String> = codes.iter().map(|c| recovery_hash(c)).collect();
    let id = caller.user_id.clone();
    let code = code.to_string();
    let event = caller
        .event(Action::Update, EntityType::User, caller.user_id.clone())
        .in_office(caller.office_id.clone());
    let counted = attempt.clone();
    state.db.run(move |c| counted.begin(c, now())).await?;
    state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                let mut row = store::mfa::find(c, &id)?
                    .filter(|r| r.pending_secret.is_some())
                    .ok_or_else(|| AppError::Conflict("no enrolment is under way".into()))?;
                let secret = row
                    .pending_secret
                    .as_deref()
                    .and_then(totp::unbase32)
                    .ok_or_else(|| AppError::internal("unreadable pending secret"))?;
                let Some(step) = totp::verify(&secret, &code, now().and_utc().timestamp(), None) else {
                    return Err(AppError::field("code", "is not the code the app shows now"));
                };
                row.secret = row.pending_secret.take();
                row.last_step = Some(step);
                row.enabled_at = Some(now());
                store::mfa::save(c, &row)?;
                store::mfa::replace_recovery_codes(c, &id, &hashes)?;
                attempt.succeeded(c)?;
                crate::audit::trail::append(c, &[event])
            })
        })
        .await?;
    Ok(Enrolled {
        recovery_codes: codes,
    })
}

/// A ticket for the second step of a sign-in (stored hashed).
pub fn issue_ticket(c: &mut DbConn, user_id: &str, holder: Holder) -> Result<String, AppError> {
    let ticket = super::token::new_refresh_token()?;
    store::mfa::insert_ticket(
        c,
        &hash_refresh_token(&ticket),
        user_id,
        holder.code(),
        now() + Duration::minutes(TICKET_MINUTES),
    )?;
    Ok(ticket)
}

/// The second step: the ticket and a TOTP code (±1 step, good once) or an
/// unused recovery code. Answers the user whose sign-in may now open.
/// Throttled like a password; a wrong code leaves the ticket usable until
/// it expires.
pub async fn second_step(
    state: &AppState,
    ticket: &str,
    holder: Holder,
    code: &str,
    address: Option<IpAddr>,
) -> Result<store::user::UserRow, AppError> {
    let hash = hash_refresh_token(ticket);
    let lookup = hash.clone();
    let user_id = state
        .db
        .run(move |c| store::mfa::ticket_user(c, &lookup, holder.code(), now()))
        .await?
        .ok_or_else(|| {
            AppError::Unauthorized("the sign-in ticket is invalid or expired; sign in again".into())
        })?;
    let attempt = Attempt::second_factor(&state.settings, &user_id, address);
    let counted = attempt.clone();
    state.db.run(move |c| counted.begin(c, now())).await?;
    let code = code.to_string();
    state
        .db
        .run(move |c| {
            write_tx(c, |c| {
                let at = now();
                let row = store::mfa::find(c, &user_id)?.ok_or(AppError::Unauthorized(WRONG_CODE.into()))?;
                let secret = row
                    .secret
                    .as_deref()
                    .and_then(totp::unbase32)
                    .ok_or(AppError::Unauthorized(WRONG_CODE.into()))?;
                let by_app = totp::verify(&secret, &code, at.and_utc().timestamp(), row.last_step);
                let accepted = match by_app {
                    Some(step) => store::mfa::use_step(c, &user_id, step)?,
                    None => store::mfa::spend_recovery_code(c, &user_id, &recovery_hash(&code), at)?,
                };
                if !accepted {
                    return Ok(None);
                }
                if !store::mfa::spend_ticket(c, &hash, at)? {
                    return Ok(None);
                }
                attempt.succeeded(c)?;
                store::user::find(c, &user_id)
            })
        })
        .await?
        .filter(|u| u.active)
        .ok_or_else(|| AppError::Unauthorized(WRONG_CODE.into()))
}

const WRONG_CODE: &str = "the code is wrong or was already used";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_hold_120_bits_and_are_read_leniently() {
        let code = new_recovery_code().unwrap();
        assert_eq!(code.len(), 24 + 5, "{code}");
        assert_eq!(
            recovery_hash(&code),
            recovery_hash(&code.to_lowercase().replace('-', " "))
        );
        assert_ne!(recovery_hash(&code), recovery_hash(&new_recovery_code().unwrap()));
    }

    #[test]
    fn require_mfa_lists_roles() {
        assert!(required_for("admin, supervisor", super::super::Role::Supervisor));
        assert!(!required_for("admin", super::super::Role::Caseworker));
        assert!(!required_for("", super::super::Role::Admin));
    }
}
