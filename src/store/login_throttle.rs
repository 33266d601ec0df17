//! Sign-in throttling counters, one row per scope (an account from one
//! address, an address, an account over a day), kept in the database so
//! that every instance enforces the same limits. Each attempt reserves its
//! place with one upsert that counts it and answers the new count, so
//! concurrent guesses cannot all read "not yet locked" before any of them
//! is counted (SQLite serialises writers; PostgreSQL locks the row for the
//! upsert).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use crate::db::schema::login_throttle;
use crate::db::{DbConn, numbered};
use crate::error::AppError;

/// One counter and its limit.
#[derive(Debug, Clone)]
pub struct Limit {
    /// e.g. `account:awa@x|address:10.0.0.1`.
    pub scope: String,
    /// Attempts allowed within the window.
    pub max: i64,
    /// The counting window.
    pub window: Duration,
    /// How long the scope stays blocked once over the limit.
    pub block: Duration,
}

#[derive(QueryableByName)]
struct Counted {
    #[diesel(sql_type = BigInt)]
    failures: i64,
    #[diesel(sql_type = Nullable<Timestamp>)]
    blocked_until: Option<NaiveDateTime>,
}

/// Counts an attempt in `limit`'s scope. Answers None when it may go on,
/// or the end of the block when the scope is over its limit (then the
/// attempt must not be evaluated).
pub fn reserve(
    conn: &mut DbConn,
    limit: &Limit,
    now: NaiveDateTime,
) -> Result<Option<NaiveDateTime>, AppError> {
    let sql = "INSERT INTO login_throttle (scope, window_start, failures, blocked_until) VALUES ($1, $2, 1, NULL) \
         ON CONFLICT (scope) DO UPDATE SET \
         failures = CASE WHEN login_throttle.window_start <= $3 THEN 1 ELSE login_throttle.failures + 1 END, \
         window_start = CASE WHEN login_throttle.window_start <= $3 THEN $2 ELSE login_throttle.window_start END \
         RETURNING failures, blocked_until";
    let counted: Counted = diesel::sql_query(numbered(conn, sql))
        .bind::<Text, _>(&limit.scope)
        .bind::<Timestamp, _>(now)
        .bind::<Timestamp, _>(now - limit.window)
        .get_result(conn)?;
    if let Some(until) = counted.blocked_until.filter(|u| *u > now) {
        return Ok(Some(until));
    }
    if counted.failures > limit.max {
        let until = now + limit.block;
        diesel::update(login_throttle::table.find(&limit.scope))
            .set(login_throttle::blocked_until.eq(Some(until)))
            .execute(conn)?;
        return Ok(Some(until));
    }
    Ok(None)
}

/// Gives back an attempt that turned out not to be a failure (or was not
/// evaluated).
pub fn release(conn: &mut DbConn, scope: &str) -> Result<(), AppError> {
    diesel::update(
        login_throttle::table
            .find(scope)
            .filter(login_throttle::failures.gt(0)),
    )
    .set(login_throttle::failures.eq(login_throttle::failures - 1))
    .execute(conn)?;
    Ok(())
}

/// Forgets a scope (a successful sign-in clears its account-and-address
/// counter).
pub fn clear(conn: &mut DbConn, scope: &str) -> Result<(), AppError> {
    diesel::delete(login_throttle::table.find(scope)).execute(conn)?;
    Ok(())
}
