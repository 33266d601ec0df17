//! The durable outbox of webhook events: written in the same transaction as
//! the change they announce, claimed by one delivery worker at a time (on
//! any instance), retried with backoff.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{organizations, webhook_outbox};
use crate::error::AppError;

/// A stored event.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = webhook_outbox)]
pub struct OutboxRow {
    /// Id (also the event id the receiver sees).
    pub id: String,
    /// Receiving organisation.
    pub organization_id: String,
    /// e.g. `referral.created`.
    pub event_type: String,
    /// JSON body (ids and statuses only).
    pub payload: String,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// Not before.
    pub next_attempt_at: NaiveDateTime,
    /// Claimed by a worker until.
    pub locked_until: Option<NaiveDateTime>,
    /// Delivered (2xx).
    pub delivered_at: Option<NaiveDateTime>,
    /// Given up.
    pub failed_at: Option<NaiveDateTime>,
    /// Last failure.
    pub last_error: Option<String>,
}

/// A claimed event with its organisation's webhook URL and secret.
pub type Claimed = (OutboxRow, Option<String>, Option<String>);

/// Queues an event.
pub fn enqueue(conn: &mut DbConn, row: &OutboxRow) -> Result<(), AppError> {
    diesel::insert_into(webhook_outbox::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Claims up to `limit` due events for `lease`; each is claimed by exactly
/// one worker even with several instances.
pub fn claim_due(
    conn: &mut DbConn,
    now: NaiveDateTime,
    lease: Duration,
    limit: i64,
) -> Result<Vec<Claimed>, AppError> {
    let due: Vec<String> = webhook_outbox::table
        .filter(webhook_outbox::delivered_at.is_null())
        .filter(webhook_outbox::failed_at.is_null())
        .filter(webhook_outbox::next_attempt_at.le(now))
        .filter(
            webhook_outbox::locked_until
                .is_null()
                .or(webhook_outbox::locked_until.lt(now)),
        )
        .order(webhook_outbox::next_attempt_at.asc())
        .select(webhook_outbox::id)
        .limit(limit)
        .load(conn)?;
    let mut claimed = Vec::new();
    for id in due {
        let n = diesel::update(
            webhook_outbox::table
                .filter(webhook_outbox::id.eq(&id))
                .filter(webhook_outbox::delivered_at.is_null())
                .filter(
                    webhook_outbox::locked_until
                        .is_null()
                        .or(webhook_outbox::locked_until.lt(now)),
                ),
        )
        .set(webhook_outbox::locked_until.eq(Some(now + lease)))
        .execute(conn)?;
        if n == 1 {
            let row: (OutboxRow, (Option<String>, Option<String>)) = webhook_outbox::table
                .inner_join(organizations::table.on(organizations::id.eq(webhook_outbox::organization_id)))
                .filter(webhook_outbox::id.eq(&id))
                .select((
                    webhook_outbox::all_columns,
                    (organizations::webhook_url, organizations::webhook_secret),
                ))
                .first(conn)?;
            claimed.push((row.0, row.1.0, row.1.1));
        }
    }
    Ok(claimed)
}

/// Records a delivery.
pub fn delivered(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> Result<(), AppError> {
    diesel::update(webhook_outbox::table.find(id))
        .set((
            webhook_outbox::delivered_at.eq(Some(at)),
            webhook_outbox::attempts.eq(webhook_outbox::attempts + 1),
            webhook_outbox::locked_until.eq(None::<NaiveDateTime>),
            webhook_outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records a failed attempt: retry at `next`, or give up when `next` is None.
pub fn failed(
    conn: &mut DbConn,
    id: &str,
    error: &str,
    next: Option<NaiveDateTime>,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(webhook_outbox::table.find(id))
        .set((
            webhook_outbox::attempts.eq(webhook_outbox::attempts + 1),
            webhook_outbox::locked_until.eq(None::<NaiveDateTime>),
            webhook_outbox::last_error.eq(Some(error)),
            webhook_outbox::next_attempt_at.eq(next.unwrap_or(at)),
            webhook_outbox::failed_at.eq(if next.is_none() { Some(at) } else { None }),
        ))
        .execute(conn)?;
    Ok(())
}

/// An organisation's events, newest first.
pub fn of_organization(
    conn: &mut DbConn,
    organization_id: &str,
    limit: i64,
) -> Result<Vec<OutboxRow>, AppError> {
    Ok(webhook_outbox::table
        .filter(webhook_outbox::organization_id.eq(organization_id))
        .order(webhook_outbox::id.desc())
        .limit(limit)
        .load(conn)?)
}
