//! Follow-ups planned on a case.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::page::{Page, PageRequest};
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

/// Which follow-ups a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpState {
    /// Not done, due today or later.
    Due,
    /// Not done, due before today.
    Overdue,
    /// Done.
    Done,
}

/// A list of the office's follow-ups.
#[derive(Debug, Clone)]
pub struct FollowUpFilter {
    /// Due, overdue or done.
    pub state: FollowUpState,
    /// Only those of cases assigned to this user.
    pub assigned_to: Option<String>,
    /// Today, in the office's calendar.
    pub today: NaiveDate,
}

/// Narrows a boxed query of follow-ups joined to their cases to a
/// filter's state and assignee (the list and its count share it).
macro_rules! in_state {
    ($q:expr, $f:expr) => {{
        let f: &FollowUpFilter = $f;
        let mut q = match f.state {
            FollowUpState::Due => $q
                .filter(follow_ups::done_at.is_null())
                .filter(follow_ups::due_on.ge(f.today)),
            FollowUpState::Overdue => $q
                .filter(follow_ups::done_at.is_null())
                .filter(follow_ups::due_on.lt(f.today)),
            FollowUpState::Done => $q.filter(follow_ups::done_at.is_not_null()),
        };
        if let Some(u) = &f.assigned_to {
            q = q.filter(cases::assigned_to.eq(u.clone()));
        }
        q
    }};
}

/// The office's follow-ups in a state, by due date (the done ones newest
/// first), one keyset page (key: `due_on|id`).
pub fn list(
    conn: &mut DbConn,
    office_id: &str,
    f: &FollowUpFilter,
    page: &PageRequest,
) -> Result<Page<FollowUpRow>, AppError> {
    let mut q = follow_ups::table
        .inner_join(cases::table)
        .filter(cases::office_id.eq(office_id.to_string()))
        .select(follow_ups::all_columns)
        .limit(page.limit + 1)
        .into_boxed();
    q = in_state!(q, f);
    let newest_first = f.state == FollowUpState::Done;
    if let Some((due, id)) = page.after.as_deref().and_then(split_key) {
        q = if newest_first {
            q.filter(
                follow_ups::due_on
                    .lt(due)
                    .or(follow_ups::due_on.eq(due).and(follow_ups::id.lt(id))),
            )
        } else {
            q.filter(
                follow_ups::due_on
                    .gt(due)
                    .or(follow_ups::due_on.eq(due).and(follow_ups::id.gt(id))),
            )
        };
    }
    q = if newest_first {
        q.order((follow_ups::due_on.desc(), follow_ups::id.desc()))
    } else {
        q.order((follow_ups::due_on.asc(), follow_ups::id.asc()))
    };
    let rows: Vec<FollowUpRow> = q.load(conn)?;
    Ok(Page::from_rows(rows, page.limit, |r| {
        format!("{}|{}", r.due_on, r.id)
    }))
}

/// How many follow-ups a list holds in all pages.
pub fn count(conn: &mut DbConn, office_id: &str, f: &FollowUpFilter) -> Result<i64, AppError> {
    let mut q = follow_ups::table
        .inner_join(cases::table)
        .filter(cases::office_id.eq(office_id.to_string()))
        .count()
        .into_boxed();
    q = in_state!(q, f);
    Ok(q.get_result(conn)?)
}

fn split_key(key: &str) -> Option<(NaiveDate, String)> {
    let (due, id) = key.split_once('|')?;
    Some((due.parse().ok()?, id.to_string()))
}

/// Moves an open follow-up to another day; false if it is done.
pub fn reschedule(conn: &mut DbConn, id: &str, due_on: NaiveDate) -> Result<bool, AppError> {
    let n = diesel::update(
        follow_ups::table
            .filter(follow_ups::id.eq(id))
            .filter(follow_ups::done_at.is_null()),
    )
    .set(follow_ups::due_on.eq(due_on))
    .execute(conn)?;
    Ok(n == 1)
}

/// How many follow-ups `to_do` would list without a limit.
pub fn to_do_count(
    conn: &mut DbConn,
    office_id: &str,
    due_before: Option<NaiveDate>,
    assigned_to: Option<&str>,
) -> Result<i64, AppError> {
    let mut q = follow_ups::table
        .inner_join(cases::table)
        .filter(cases::office_id.eq(office_id.to_string()))
        .filter(follow_ups::done_at.is_null())
        .count()
        .into_boxed();
    if let Some(d) = due_before {
        q = q.filter(follow_ups::due_on.lt(d));
    }
    if let Some(u) = assigned_to {
        q = q.filter(cases::assigned_to.eq(u.to_string()));
    }
    Ok(q.get_result(conn)?)
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
