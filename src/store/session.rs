//! Logins (sessions) and their refresh tokens. An access token names its
//! session, so revoking a session ends every token of that login at once, on
//! every instance.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::user::UserRow;
use crate::db::DbConn;
use crate::db::schema::{refresh_tokens, sessions, users};
use crate::error::AppError;

/// A stored login.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    /// Id (the `sid` claim).
    pub id: String,
    /// The user.
    pub user_id: String,
    /// Login time.
    pub created_at: NaiveDateTime,
    /// End of the login's absolute lifetime.
    pub expires_at: NaiveDateTime,
    /// When it was revoked.
    pub revoked_at: Option<NaiveDateTime>,
    /// Why (`logout`, `refresh_token_reuse`, `password_changed`, …).
    pub revoked_reason: Option<String>,
    /// A browser login: SHA-256 of the cookie's token (None for API logins).
    pub web_token_hash: Option<String>,
    /// A browser login's last request (idle timeout), written at most once a minute.
    pub last_seen_at: Option<NaiveDateTime>,
    /// The client address it was opened from.
    pub client_address: Option<String>,
}

/// A stored refresh token (hashed).
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    /// Id.
    pub id: String,
    /// Its login.
    pub session_id: String,
    /// SHA-256 of the token.
    pub token_hash: String,
    /// Issued.
    pub created_at: NaiveDateTime,
    /// When it was exchanged for a new pair.
    pub spent_at: Option<NaiveDateTime>,
}

/// Creates a session.
pub fn insert(conn: &mut DbConn, row: &SessionRow) -> Result<(), AppError> {
    diesel::insert_into(sessions::table).values(row).execute(conn)?;
    Ok(())
}

/// Stores a refresh token.
pub fn insert_refresh(conn: &mut DbConn, row: &RefreshTokenRow) -> Result<(), AppError> {
    diesel::insert_into(refresh_tokens::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Finds a refresh token and its session by the token's hash.
pub fn find_refresh(
    conn: &mut DbConn,
    token_hash: &str,
) -> Result<Option<(RefreshTokenRow, SessionRow)>, AppError> {
    Ok(refresh_tokens::table
        .inner_join(sessions::table)
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .first(conn)
        .optional()?)
}

/// Marks a refresh token spent; false if it was already spent (a concurrent
/// refresh won).
pub fn spend_refresh(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> Result<bool, AppError> {
    let n = diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::id.eq(id))
            .filter(refresh_tokens::spent_at.is_null()),
    )
    .set(refresh_tokens::spent_at.eq(Some(now)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Revokes one session.
pub fn revoke(conn: &mut DbConn, id: &str, reason: &str, now: NaiveDateTime) -> Result<(), AppError> {
    diesel::update(
        sessions::table
            .filter(sessions::id.eq(id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(Some(now)),
        sessions::revoked_reason.eq(Some(reason)),
    ))
    .execute(conn)?;
    Ok(())
}

/// A user's logins still open at `now`, newest first.
pub fn open_of_user(
    conn: &mut DbConn,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<Vec<SessionRow>, AppError> {
    Ok(sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .order(sessions::created_at.desc())
        .limit(200)
        .load(conn)?)
}

/// Revokes one of a user's logins; false when it is not theirs or not open.
pub fn revoke_of_user(
    conn: &mut DbConn,
    user_id: &str,
    id: &str,
    reason: &str,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    Ok(diesel::update(
        sessions::table
            .filter(sessions::id.eq(id))
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(Some(now)),
        sessions::revoked_reason.eq(Some(reason)),
    ))
    .execute(conn)?
        == 1)
}

/// Revokes every session of a user.
pub fn revoke_all_of_user(
    conn: &mut DbConn,
    user_id: &str,
    reason: &str,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    Ok(diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(Some(now)),
        sessions::revoked_reason.eq(Some(reason)),
    ))
    .execute(conn)?)
}

/// Partners only while their organisation is active (other roles have none).
fn organization_active() -> diesel::expression::SqlLiteral<diesel::sql_types::Bool> {
    diesel::dsl::sql::<diesel::sql_types::Bool>(
        "(users.organization_id IS NULL OR EXISTS (SELECT 1 FROM organizations o \
         WHERE o.id = users.organization_id AND o.active))",
    )
}

/// The user behind an access token, if the token's session is live, the
/// account active and, for a partner, its organisation active.
pub fn authenticate(
    conn: &mut DbConn,
    session_id: &str,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<Option<UserRow>, AppError> {
    Ok(sessions::table
        .inner_join(users::table)
        .filter(sessions::id.eq(session_id))
        .filter(users::id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .filter(users::active.eq(true))
        .filter(organization_active())
        .select(users::all_columns)
        .first(conn)
        .optional()?)
}

/// The live browser session behind a cookie token's hash and its user: not
/// revoked, within its absolute lifetime, seen within `idle`, account (and
/// a partner's organisation) active.
pub fn web(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
    idle: chrono::Duration,
) -> Result<Option<(SessionRow, UserRow)>, AppError> {
    Ok(sessions::table
        .inner_join(users::table)
        .filter(sessions::web_token_hash.eq(token_hash))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .filter(sessions::last_seen_at.gt(now - idle))
        .filter(users::active.eq(true))
        .filter(organization_active())
        .first(conn)
        .optional()?)
}

/// Records a browser session's activity.
pub fn seen(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> Result<(), AppError> {
    diesel::update(sessions::table.find(id))
        .set(sessions::last_seen_at.eq(Some(now)))
        .execute(conn)?;
    Ok(())
}
