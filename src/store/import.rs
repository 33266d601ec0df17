//! Imports, the digests of the rows they created, and each office's
//! saved column mapping.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{import_mappings, import_rows, imports};
use crate::error::AppError;

/// A stored import.
#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = imports, treat_none_as_null = true)]
pub struct ImportRow {
    /// Id.
    pub id: String,
    /// The office importing.
    pub office_id: String,
    /// The uploaded file's name.
    pub file_name: String,
    /// SHA-256 of the file, hex.
    pub file_sha256: String,
    /// The file, until it is imported or discarded.
    pub content: Option<Vec<u8>>,
    /// JSON list of the column names.
    pub column_names: String,
    /// JSON `{field: column}`.
    pub mapping: String,
    /// `uploaded`, `imported` or `discarded`.
    pub state: String,
    /// Rows in the file (empty rows left out).
    pub row_count: i32,
    /// JSON of the last dry run's or the import's report.
    pub report: Option<String>,
    /// Who uploaded it.
    pub created_by: Option<String>,
    /// Uploaded.
    pub created_at: NaiveDateTime,
    /// Imported.
    pub imported_at: Option<NaiveDateTime>,
}

/// Inserts an import.
pub fn insert(conn: &mut DbConn, row: &ImportRow) -> Result<(), AppError> {
    diesel::insert_into(imports::table).values(row).execute(conn)?;
    Ok(())
}

/// Saves every column of an import.
pub fn save(conn: &mut DbConn, row: &ImportRow) -> Result<(), AppError> {
    diesel::update(imports::table.find(row.id.clone()))
        .set(row)
        .execute(conn)?;
    Ok(())
}

/// An import of the office.
pub fn find_in_office(conn: &mut DbConn, id: &str, office_id: &str) -> Result<Option<ImportRow>, AppError> {
    Ok(imports::table
        .filter(imports::id.eq(id.to_string()))
        .filter(imports::office_id.eq(office_id.to_string()))
        .first(conn)
        .optional()?)
}

/// The office's imports, newest first, without their files.
pub fn of_office(conn: &mut DbConn, office_id: &str, limit: i64) -> Result<Vec<ImportRow>, AppError> {
    let rows: Vec<ImportRow> = imports::table
        .filter(imports::office_id.eq(office_id.to_string()))
        .order(imports::id.desc())
        .limit(limit)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|mut r| {
            r.content = None;
            r
        })
        .collect())
}

/// Of `keys`, those the office imported already.
pub fn imported_keys(conn: &mut DbConn, office_id: &str, keys: &[String]) -> Result<Vec<String>, AppError> {
    let mut found = Vec::new();
    for chunk in keys.chunks(500) {
        found.extend(
            import_rows::table
                .filter(import_rows::office_id.eq(office_id.to_string()))
                .filter(import_rows::row_key.eq_any(chunk.to_vec()))
                .select(import_rows::row_key)
                .load::<String>(conn)?,
        );
    }
    Ok(found)
}

/// Remembers that a row created a person.
pub fn remember_row(
    conn: &mut DbConn,
    office_id: &str,
    key: &str,
    migrant_id: &str,
    import_id: &str,
) -> Result<(), AppError> {
    diesel::insert_into(import_rows::table)
        .values((
            import_rows::office_id.eq(office_id.to_string()),
            import_rows::row_key.eq(key.to_string()),
            import_rows::migrant_id.eq(migrant_id.to_string()),
            import_rows::import_id.eq(import_id.to_string()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Forgets the rows that created a person (when the person is erased).
pub fn forget_person(conn: &mut DbConn, migrant_id: &str) -> Result<(), AppError> {
    diesel::delete(import_rows::table.filter(import_rows::migrant_id.eq(migrant_id.to_string())))
        .execute(conn)?;
    Ok(())
}

/// The office's saved mapping (JSON).
pub fn mapping(conn: &mut DbConn, office_id: &str) -> Result<Option<String>, AppError> {
    Ok(import_mappings::table
        .find(office_id.to_string())
        .select(import_mappings::mapping)
        .first(conn)
        .optional()?)
}

/// Saves the office's mapping.
pub fn save_mapping(
    conn: &mut DbConn,
    office_id: &str,
    mapping: &str,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    let changed = diesel::update(import_mappings::table.find(office_id.to_string()))
        .set((
            import_mappings::mapping.eq(mapping.to_string()),
            import_mappings::updated_at.eq(at),
        ))
        .execute(conn)?;
    if changed == 0 {
        diesel::insert_into(import_mappings::table)
            .values((
                import_mappings::office_id.eq(office_id.to_string()),
                import_mappings::mapping.eq(mapping.to_string()),
                import_mappings::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}
