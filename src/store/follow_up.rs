//! Follow-ups planned on a case.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{cases, follow_ups};
use crate::error::AppError;

/// A stored follow-up.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = follow_ups)]
pub struct FollowUpRow {
    /// Id.
    pub id: String,
    /// Case.
    pub case_id: String,
    /// Due date.
    pub due_on: NaiveDate,
    /// What to do.
    pub description: String,
    /// When it was done.
    pub done_at: Option<NaiveDateTime>,
    /// Who did it.
    pub done_by: Option<String>,
    /// Who planned it.
    pub created_by: Option<String>,
    /// Created.
    pub created_at: NaiveDateTime,
}

/// Inserts a follow-up.
pub fn insert(conn: &mut DbConn, row: &FollowUpRow) -> Result<(), AppError> {
    diesel::insert_into(follow_ups::table).values(row).execute(conn)?;
    Ok(())
}

/// Follow-ups of a case, by due date.
pub fn of_case(conn: &mut DbConn, case_id: &str) -> Result<Vec<FollowUpRow>, AppError> {
    Ok(follow_ups::table
        .filter(follow_ups::case_id.eq(case_id))
        .order((follow_ups::due_on.asc(), follow_ups::id.asc()))
        .load(conn)?)
}

/// A follow-up whose case belongs to the office.
pub fn find_in_office(conn: &mut DbConn, id: &str, office_id: &str) -> Result<Option<FollowUpRow>, AppError> {
    Ok(follow_ups::table
        .inner_join(cases::table)
        .filter(follow_ups::id.eq(id))
        .filter(cases::office_id.eq(office_id))
        .select(follow_ups::all_columns)
        .first(conn)
        .optional()?)
}

/// Marks a follow-up done; false if it already was.
pub fn mark_done(conn: &mut DbConn, id: &str, by: &str, at: NaiveDateTime) -> Result<bool, AppError> {
    let n = diesel::update(
        follow_ups::table
            .filter(follow_ups::id.eq(id))
            .filter(follow_ups::done_at.is_null()),
    )
    .set((follow_ups::done_at.eq(Some(at)), follow_ups::done_by.eq(Some(by))))
    .execute(conn)?;
    Ok(n == 1)
}

/// Open follow-ups of the office's open cases: due before a date, optionally
/// of cases assigned to one user (a to-do list), by due date.
pub fn to_do(
    conn: &mut DbConn,
    office_id: &str,
    due_before: Option<NaiveDate>,
    assigned_to: Option<&str>,
    limit: i64,
) -> Result<Vec<FollowUpRow>, AppError> {
    let mut q = follow_ups::table
        .inner_join(cases::table)
        .filter(cases::office_id.eq(office_id.to_string()))
        .filter(follow_ups::done_at.is_null())
        .select(follow_ups::all_columns)
        .order((follow_ups::due_on.asc(), follow_ups::id.asc()))
        .limit(limit)
        .into_boxed();
    if let Some(d) = due_before {
        q = q.filter(follow_ups::due_on.lt(d));
    }
    if let Some(u) = assigned_to {
        q = q.filter(cases::assigned_to.eq(u.to_string()));
    }
    Ok(q.load(conn)?)
}

/// The rows of a batch of cases: one query.
pub fn of_cases(conn: &mut DbConn, case_ids: &[String]) -> Result<Vec<FollowUpRow>, AppError> {
    if case_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(follow_ups::table
        .filter(follow_ups::case_id.eq_any(case_ids))
        .order((follow_ups::due_on.asc(), follow_ups::id.asc()))
        .load(conn)?)
}
