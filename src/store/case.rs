//! Cases and their per-office yearly numbering.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::page::{Page, PageRequest};
use crate::db::DbConn;
use crate::db::schema::{case_counters, cases};
use crate::error::AppError;

/// A stored case.
#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = cases, treat_none_as_null = true)]
pub struct CaseRow {
    /// Id.
    pub id: String,
    /// Office.
    pub office_id: String,
    /// The migrant.
    pub migrant_id: String,
    /// Readable number, e.g. `RBA-2026-000123`.
    pub case_number: String,
    /// `open` or `closed`.
    pub status: String,
    /// `case_priority` code.
    pub priority: String,
    /// Caseworker or supervisor in charge.
    pub assigned_to: Option<String>,
    /// Summary.
    pub summary: String,
    /// Opened.
    pub opened_at: NaiveDateTime,
    /// Closed.
    pub closed_at: Option<NaiveDateTime>,
    /// `closure_reason` code.
    pub closure_reason: Option<String>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Optimistic-concurrency version.
    pub version: i32,
}

/// The next number of an office's year. Runs inside `write_tx`, whose lock
/// serialises it across instances.
pub fn next_number(conn: &mut DbConn, office_id: &str, year: i32) -> Result<i32, AppError> {
    let current: Option<i32> = case_counters::table
        .find((office_id, year))
        .select(case_counters::last_number)
        .first(conn)
        .optional()?;
    let next = current.unwrap_or(0) + 1;
    if current.is_some() {
        diesel::update(case_counters::table.find((office_id, year)))
            .set(case_counters::last_number.eq(next))
            .execute(conn)?;
    } else {
        diesel::insert_into(case_counters::table)
            .values((
                case_counters::office_id.eq(office_id),
                case_counters::year.eq(year),
                case_counters::last_number.eq(next),
            ))
            .execute(conn)?;
    }
    Ok(next)
}

/// Reserves the office's next `count` case numbers of `year` in one update
/// (a bulk write numbers its cases from them).
pub fn reserve_numbers(
    conn: &mut DbConn,
    office_id: &str,
    year: i32,
    count: i32,
) -> Result<std::ops::Range<i32>, AppError> {
    let first = next_number(conn, office_id, year)?;
    let last = first + count - 1;
    diesel::update(case_counters::table.find((office_id, year)))
        .set(case_counters::last_number.eq(last))
        .execute(conn)?;
    Ok(first..last + 1)
}

/// Inserts a case.
pub fn insert(conn: &mut DbConn, row: &CaseRow) -> Result<(), AppError> {
    diesel::insert_into(cases::table).values(row).execute(conn)?;
    Ok(())
}

/// A case of the office, or None.
pub fn find_in_office(conn: &mut DbConn, id: &str, office_id: &str) -> Result<Option<CaseRow>, AppError> {
    Ok(cases::table
        .filter(cases::id.eq(id))
        .filter(cases::office_id.eq(office_id))
        .first(conn)
        .optional()?)
}

/// The cases of the office among `ids`; one query for the batch.
pub fn find_many_in_office(
    conn: &mut DbConn,
    ids: &[String],
    office_id: &str,
) -> Result<Vec<CaseRow>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(cases::table
        .filter(cases::id.eq_any(ids))
        .filter(cases::office_id.eq(office_id))
        .load(conn)?)
}

/// Writes every field of `row` if the stored version is still `version`.
pub fn update(conn: &mut DbConn, row: &CaseRow, version: i32) -> Result<(), AppError> {
    let n = diesel::update(
        cases::table
            .filter(cases::id.eq(&row.id))
            .filter(cases::version.eq(version)),
    )
    .set(row)
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::PreconditionFailed);
    }
    Ok(())
}

/// Cases of a migrant.
pub fn of_migrant(conn: &mut DbConn, migrant_id: &str) -> Result<Vec<CaseRow>, AppError> {
    Ok(cases::table
        .filter(cases::migrant_id.eq(migrant_id))
        .order(cases::id.asc())
        .load(conn)?)
}

/// Moves a migrant's cases to another migrant (merge).
pub fn reassign_migrant(conn: &mut DbConn, from: &str, to: &str) -> Result<(), AppError> {
    diesel::update(cases::table.filter(cases::migrant_id.eq(from)))
        .set(cases::migrant_id.eq(to))
        .execute(conn)?;
    Ok(())
}

/// Filters for the case list.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// `open` or `closed`.
    pub status: Option<String>,
    /// Assignee.
    pub assigned_to: Option<String>,
    /// Priority.
    pub priority: Option<String>,
    /// Only cases with (true) or without (false) a follow-up past due.
    pub overdue_on: Option<(bool, NaiveDate)>,
    /// Only this migrant's cases.
    pub migrant_id: Option<String>,
}

/// Lists an office's cases in id order.
pub fn list(
    conn: &mut DbConn,
    office_id: &str,
    f: &CaseFilter,
    page: &PageRequest,
) -> Result<Page<CaseRow>, AppError> {
    let mut q = cases::table
        .filter(cases::office_id.eq(office_id.to_string()))
        .order(cases::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(after) = &page.after {
        q = q.filter(cases::id.gt(after.clone()));
    }
    if let Some(v) = &f.status {
        q = q.filter(cases::status.eq(v.clone()));
    }
    if let Some(v) = &f.assigned_to {
        q = q.filter(cases::assigned_to.eq(v.clone()));
    }
    if let Some(v) = &f.priority {
        q = q.filter(cases::priority.eq(v.clone()));
    }
    if let Some(v) = &f.migrant_id {
        q = q.filter(cases::migrant_id.eq(v.clone()));
    }
    if let Some((overdue, today)) = f.overdue_on {
        let exists = diesel::dsl::sql::<Bool>(
            "EXISTS (SELECT 1 FROM follow_ups WHERE follow_ups.case_id = cases.id \
             AND follow_ups.done_at IS NULL AND follow_ups.due_on < ",
        )
        .bind::<diesel::sql_types::Date, _>(today)
        .sql(")");
        q = if overdue {
            q.filter(exists)
        } else {
            q.filter(diesel::dsl::not(exists))
        };
    }
    let rows: Vec<CaseRow> = q.load(conn)?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id.clone()))
}
