//! Second factors of staff accounts: the TOTP secret (confirmed or being
//! enrolled), single-use recovery codes (hashed) and the short-lived
//! tickets between a right password and the second factor (hashed).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{mfa_recovery_codes, mfa_tickets, user_mfa};
use crate::db::{DbConn, new_id};
use crate::error::AppError;

/// A user's TOTP state.
#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = user_mfa, treat_none_as_null = true)]
pub struct MfaRow {
    /// The user.
    pub user_id: String,
    /// The confirmed secret (base32), when enrolled.
    pub secret: Option<String>,
    /// A secret being enrolled (not yet confirmed by a code).
    pub pending_secret: Option<String>,
    /// The last step a code was accepted for.
    pub last_step: Option<i64>,
    /// When the enrolment was confirmed.
    pub enabled_at: Option<NaiveDateTime>,
}

/// A user's TOTP state, if any.
pub fn find(conn: &mut DbConn, user_id: &str) -> Result<Option<MfaRow>, AppError> {
    Ok(user_mfa::table.find(user_id).first(conn).optional()?)
}

/// Whether the user has a confirmed second factor.
pub fn enrolled(conn: &mut DbConn, user_id: &str) -> Result<bool, AppError> {
    Ok(find(conn, user_id)?.is_some_and(|m| m.secret.is_some()))
}

/// Stores a user's TOTP state whole.
pub fn save(conn: &mut DbConn, row: &MfaRow) -> Result<(), AppError> {
    let exists = find(conn, &row.user_id)?.is_some();
    if exists {
        diesel::update(user_mfa::table.find(&row.user_id))
            .set(row)
            .execute(conn)?;
    } else {
        diesel::insert_into(user_mfa::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// Records the step of an accepted code, unless a later or equal one was
/// recorded meanwhile (then false: the code was already used).
pub fn use_step(conn: &mut DbConn, user_id: &str, step: i64) -> Result<bool, AppError> {
    let n = diesel::update(
        user_mfa::table
            .find(user_id)
            .filter(user_mfa::last_step.is_null().or(user_mfa::last_step.lt(step))),
    )
    .set(user_mfa::last_step.eq(Some(step)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Replaces the user's recovery codes by these hashes.
pub fn replace_recovery_codes(conn: &mut DbConn, user_id: &str, hashes: &[String]) -> Result<(), AppError> {
    diesel::delete(mfa_recovery_codes::table.filter(mfa_recovery_codes::user_id.eq(user_id)))
        .execute(conn)?;
    for h in hashes {
        diesel::insert_into(mfa_recovery_codes::table)
            .values((
                mfa_recovery_codes::id.eq(new_id()),
                mfa_recovery_codes::user_id.eq(user_id),
                mfa_recovery_codes::code_hash.eq(h),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Spends an unused recovery code with this hash; false when there is none.
pub fn spend_recovery_code(
    conn: &mut DbConn,
    user_id: &str,
    hash: &str,
    at: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        mfa_recovery_codes::table
            .filter(mfa_recovery_codes::user_id.eq(user_id))
            .filter(mfa_recovery_codes::code_hash.eq(hash))
            .filter(mfa_recovery_codes::used_at.is_null()),
    )
    .set(mfa_recovery_codes::used_at.eq(Some(at)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Unused recovery codes left.
pub fn recovery_codes_left(conn: &mut DbConn, user_id: &str) -> Result<i64, AppError> {
    Ok(mfa_recovery_codes::table
        .filter(mfa_recovery_codes::user_id.eq(user_id))
        .filter(mfa_recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Stores a ticket (its hash).
pub fn insert_ticket(
    conn: &mut DbConn,
    ticket_hash: &str,
    user_id: &str,
    holder: &str,
    expires_at: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::insert_into(mfa_tickets::table)
        .values((
            mfa_tickets::ticket_hash.eq(ticket_hash),
            mfa_tickets::user_id.eq(user_id),
            mfa_tickets::holder.eq(holder),
            mfa_tickets::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The user of a live, unused ticket for `holder`.
pub fn ticket_user(
    conn: &mut DbConn,
    ticket_hash: &str,
    holder: &str,
    now: NaiveDateTime,
) -> Result<Option<String>, AppError> {
    Ok(mfa_tickets::table
        .find(ticket_hash)
        .filter(mfa_tickets::holder.eq(holder))
        .filter(mfa_tickets::used_at.is_null())
        .filter(mfa_tickets::expires_at.gt(now))
        .select(mfa_tickets::user_id)
        .first(conn)
        .optional()?)
}

/// Spends a ticket; false when it was spent meanwhile.
pub fn spend_ticket(conn: &mut DbConn, ticket_hash: &str, at: NaiveDateTime) -> Result<bool, AppError> {
    let n = diesel::update(
        mfa_tickets::table
            .find(ticket_hash)
            .filter(mfa_tickets::used_at.is_null()),
    )
    .set(mfa_tickets::used_at.eq(Some(at)))
    .execute(conn)?;
    Ok(n == 1)
}
