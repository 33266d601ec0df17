//! One-time messages of a browser login (`session_notices`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::session_notices;
use crate::db::{DbConn, write_tx};
use crate::error::AppError;

/// A stored message: a message key of the pages' catalogue and its one
/// argument (never a person's data).
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = session_notices)]
pub struct NoticeRow {
    /// The login.
    pub session_id: String,
    /// Message key.
    pub message_key: String,
    /// Its `$arg`.
    pub argument: Option<String>,
    /// When.
    pub created_at: NaiveDateTime,
}

/// Keeps `row` as the login's message, replacing an unread one.
pub fn put(conn: &mut DbConn, row: &NoticeRow) -> Result<(), AppError> {
    write_tx(conn, |c| {
        diesel::delete(session_notices::table.find(&row.session_id)).execute(c)?;
        diesel::insert_into(session_notices::table)
            .values(row)
            .execute(c)?;
        Ok(())
    })
}

/// The login's message, deleted as it is read.
pub fn take(conn: &mut DbConn, session_id: &str) -> Result<Option<NoticeRow>, AppError> {
    write_tx(conn, |c| {
        let row: Option<NoticeRow> = session_notices::table.find(session_id).first(c).optional()?;
        if row.is_some() {
            diesel::delete(session_notices::table.find(session_id)).execute(c)?;
        }
        Ok(row)
    })
}

/// Deletes the messages left before `before`.
pub fn purge(conn: &mut DbConn, before: NaiveDateTime) -> Result<usize, AppError> {
    Ok(
        diesel::delete(session_notices::table.filter(session_notices::created_at.lt(before)))
            .execute(conn)?,
    )
}
