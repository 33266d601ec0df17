//! Case notes (append-only).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{cases, notes};
use crate::error::AppError;

/// A stored note.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = notes)]
pub struct NoteRow {
    /// Id.
    pub id: String,
    /// Case.
    pub case_id: String,
    /// Text.
    pub text: String,
    /// Author.
    pub author_id: Option<String>,
    /// Written.
    pub created_at: NaiveDateTime,
}

/// Inserts a note.
pub fn insert(conn: &mut DbConn, row: &NoteRow) -> Result<(), AppError> {
    diesel::insert_into(notes::table).values(row).execute(conn)?;
    Ok(())
}

/// A note whose case belongs to the office.
pub fn find_in_office(conn: &mut DbConn, id: &str, office_id: &str) -> Result<Option<NoteRow>, AppError> {
    Ok(notes::table
        .inner_join(cases::table)
        .filter(notes::id.eq(id))
        .filter(cases::office_id.eq(office_id))
        .select(notes::all_columns)
        .first(conn)
        .optional()?)
}

/// Notes of a case, oldest first.
pub fn of_case(conn: &mut DbConn, case_id: &str) -> Result<Vec<NoteRow>, AppError> {
    Ok(notes::table
        .filter(notes::case_id.eq(case_id))
        .order(notes::id.asc())
        .load(conn)?)
}

/// The rows of a batch of cases: one query.
pub fn of_cases(conn: &mut DbConn, case_ids: &[String]) -> Result<Vec<NoteRow>, AppError> {
    if case_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(notes::table
        .filter(notes::case_id.eq_any(case_ids))
        .order(notes::id.asc())
        .load(conn)?)
}
