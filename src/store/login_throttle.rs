//! Failed-login bookkeeping per account (by email, also for unknown emails),
//! kept in the database so that every instance enforces the same lockout.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{login_failures, login_lockouts};
use crate::db::{DbConn, new_id};
use crate::error::AppError;

/// Until when the account is locked, if it is.
pub fn locked_until(
    conn: &mut DbConn,
    email: &str,
    now: NaiveDateTime,
) -> Result<Option<NaiveDateTime>, AppError> {
    let until: Option<NaiveDateTime> = login_lockouts::table
        .find(email)
        .select(login_lockouts::locked_until)
        .first(conn)
        .optional()?;
    Ok(until.filter(|u| *u > now))
}

/// Records a failure; when it is the `max_failures`-th within `window`, locks
/// the account for `window` and returns the end of the lockout.
pub fn record_failure(
    conn: &mut DbConn,
    email: &str,
    now: NaiveDateTime,
    max_failures: i64,
    window: Duration,
) -> Result<Option<NaiveDateTime>, AppError> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::id.eq(new_id()),
            login_failures::email.eq(email),
            login_failures::at.eq(now),
        ))
        .execute(conn)?;
    let recent: i64 = login_failures::table
        .filter(login_failures::email.eq(email))
        .filter(login_failures::at.gt(now - window))
        .count()
        .get_result(conn)?;
    if recent < max_failures {
        return Ok(None);
    }
    let until = now + window;
    diesel::delete(login_lockouts::table.find(email)).execute(conn)?;
    diesel::insert_into(login_lockouts::table)
        .values((
            login_lockouts::email.eq(email),
            login_lockouts::locked_until.eq(until),
        ))
        .execute(conn)?;
    diesel::delete(login_failures::table.filter(login_failures::email.eq(email))).execute(conn)?;
    Ok(Some(until))
}

/// Forgets failures after a successful login.
pub fn clear(conn: &mut DbConn, email: &str) -> Result<(), AppError> {
    diesel::delete(login_failures::table.filter(login_failures::email.eq(email))).execute(conn)?;
    diesel::delete(login_lockouts::table.find(email)).execute(conn)?;
    Ok(())
}
