//! Erasing the columns of `domain::personal_data` for one migrant, on both
//! backends, inside the caller's transaction.

use diesel::RunQueryDsl;
use diesel::sql_types::Text;

use crate::db::{DbConn, numbered};
use crate::domain::personal_data::{ERASED_MARKER, Erased, Link, PERSONAL_COLUMNS, PersonalColumn};
use crate::error::AppError;

fn rows_of(link: Link) -> &'static str {
    match link {
        Link::Migrant => "id = $1",
        Link::MigrantId => "migrant_id = $1",
        Link::Case => "case_id IN (SELECT id FROM cases WHERE migrant_id = $1)",
        Link::Referral => {
            "referral_id IN (SELECT referrals.id FROM referrals \
             JOIN cases ON cases.id = referrals.case_id WHERE cases.migrant_id = $1)"
        }
    }
}

fn statement(c: &PersonalColumn) -> String {
    let (table, column, rows) = (c.table, c.column, rows_of(c.link));
    match c.erased {
        Erased::RowDeleted => format!("DELETE FROM {table} WHERE {rows}"),
        Erased::Empty => format!("UPDATE {table} SET {column} = '' WHERE {rows}"),
        Erased::Null => format!("UPDATE {table} SET {column} = NULL WHERE {rows}"),
        Erased::Marker => format!("UPDATE {table} SET {column} = '{ERASED_MARKER}' WHERE {rows}"),
        Erased::EmptyList => format!("UPDATE {table} SET {column} = '[]' WHERE {rows}"),
    }
}

/// Erases every personal column about `migrant_id` (its own row, its name
/// keys, consents, cases and what hangs off them).
pub fn erase(conn: &mut DbConn, migrant_id: &str) -> Result<(), AppError> {
    for column in PERSONAL_COLUMNS {
        let sql = numbered(conn, &statement(column));
        diesel::sql_query(sql).bind::<Text, _>(migrant_id).execute(conn)?;
    }
    Ok(())
}
