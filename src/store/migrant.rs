//! Migrants, their duplicate-detection keys and name search. Every query is
//! scoped to one office.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use super::page::{Page, PageRequest};
use crate::db::DbConn;
use crate::db::json::JsonList;
use crate::db::schema::{migrant_key_scheme, migrant_keys, migrants};
use crate::domain::name_key::search_terms;
use crate::error::AppError;

/// `state` of a live record.
pub const ACTIVE: &str = "active";
/// `state` of a record merged into another.
pub const MERGED: &str = "merged";
/// `state` of an anonymised record.
pub const ANONYMISED: &str = "anonymised";

/// A stored migrant. List-valued fields are JSON text.
#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = migrants, treat_none_as_null = true)]
pub struct MigrantRow {
    /// Id.
    pub id: String,
    /// Office.
    pub office_id: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Arabic-script name.
    pub name_ar: Option<String>,
    /// Sex code.
    pub sex: String,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// Birth year.
    pub birth_year: Option<i32>,
    /// Nationality.
    pub nationality: Option<String>,
    /// JSON array of language codes.
    pub languages: JsonList<String>,
    /// Phone.
    pub phone: Option<String>,
    /// District.
    pub district: Option<String>,
    /// Legal status code.
    pub legal_status: String,
    /// JSON array of vulnerability codes.
    pub vulnerabilities: JsonList<String>,
    /// Arrival date.
    pub arrival_date: Option<NaiveDate>,
    /// Household.
    pub household_id: Option<String>,
    /// Relationship to the household head.
    pub relationship_to_head: Option<String>,
    /// JSON array of documents.
    pub documents: JsonList<crate::domain::migrant::Document>,
    /// Normalised words for name search.
    pub search_text: String,
    /// `active`, `merged` or `anonymised`.
    pub state: String,
    /// The record this one was merged into.
    pub merged_into: Option<String>,
    /// When it was anonymised.
    pub anonymised_at: Option<NaiveDateTime>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Optimistic-concurrency version.
    pub version: i32,
}

/// Inserts a migrant and its duplicate keys.
pub fn insert(conn: &mut DbConn, row: &MigrantRow, keys: &[String]) -> Result<(), AppError> {
    diesel::insert_into(migrants::table).values(row).execute(conn)?;
    replace_keys(conn, &row.id, &row.office_id, keys)
}

/// Replaces a migrant's duplicate keys.
pub fn replace_keys(conn: &mut DbConn, id: &str, office_id: &str, keys: &[String]) -> Result<(), AppError> {
    diesel::delete(migrant_keys::table.filter(migrant_keys::migrant_id.eq(id))).execute(conn)?;
    for k in keys {
        diesel::insert_into(migrant_keys::table)
            .values((
                migrant_keys::migrant_id.eq(id),
                migrant_keys::office_id.eq(office_id),
                migrant_keys::key.eq(k),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Active migrants of every office with an id after `after`, in id order
/// (re-keying walks them in batches).
pub fn active_after(conn: &mut DbConn, after: &str, limit: i64) -> Result<Vec<MigrantRow>, AppError> {
    Ok(migrants::table
        .filter(migrants::id.gt(after))
        .filter(migrants::state.eq(ACTIVE))
        .order(migrants::id.asc())
        .limit(limit)
        .load(conn)?)
}

/// The scheme the stored duplicate keys follow.
pub fn key_scheme(conn: &mut DbConn) -> Result<i32, AppError> {
    Ok(migrant_key_scheme::table
        .find(1)
        .select(migrant_key_scheme::version)
        .first(conn)?)
}

/// Records the scheme the stored duplicate keys follow.
pub fn set_key_scheme(conn: &mut DbConn, version: i32) -> Result<(), AppError> {
    diesel::update(migrant_key_scheme::table.find(1))
        .set(migrant_key_scheme::version.eq(version))
        .execute(conn)?;
    Ok(())
}

/// A migrant of `office_id` (any state), or None.
pub fn find_in_office(conn: &mut DbConn, id: &str, office_id: &str) -> Result<Option<MigrantRow>, AppError> {
    Ok(migrants::table
        .filter(migrants::id.eq(id))
        .filter(migrants::office_id.eq(office_id))
        .first(conn)
        .optional()?)
}

/// A migrant by id, whatever the office (internal use: the caller checks scope).
pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<MigrantRow>, AppError> {
    Ok(migrants::table.find(id).first(conn).optional()?)
}

/// Migrants by id, whatever the office (internal use: the caller checks
/// scope); one query for the batch.
pub fn find_many(conn: &mut DbConn, ids: &[String]) -> Result<Vec<MigrantRow>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(migrants::table.filter(migrants::id.eq_any(ids)).load(conn)?)
}

/// Writes every field of `row` if the stored version is still `version`.
pub fn update(conn: &mut DbConn, row: &MigrantRow, version: i32) -> Result<(), AppError> {
    let n = diesel::update(
        migrants::table
            .filter(migrants::id.eq(&row.id))
            .filter(migrants::version.eq(version)),
    )
    .set(row)
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::PreconditionFailed);
    }
    Ok(())
}

/// Active migrants of the office sharing at least one key, except `exclude`.
pub fn candidates(
    conn: &mut DbConn,
    office_id: &str,
    keys: &[String],
    exclude: &str,
) -> Result<Vec<MigrantRow>, AppError> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    // The records sharing the most keys first; 50 at most are scored.
    let ids: Vec<String> = migrant_keys::table
        .filter(migrant_keys::office_id.eq(office_id))
        .filter(migrant_keys::key.eq_any(keys))
        .group_by(migrant_keys::migrant_id)
        .select(migrant_keys::migrant_id)
        .order(diesel::dsl::count_star().desc())
        .limit(50)
        .load(conn)?;
    Ok(migrants::table
        .filter(migrants::id.eq_any(ids))
        .filter(migrants::id.ne(exclude))
        .filter(migrants::state.eq(ACTIVE))
        .load(conn)?)
}

/// The records merged into `id` (retired duplicates of the same person).
pub fn merged_into(conn: &mut DbConn, id: &str) -> Result<Vec<MigrantRow>, AppError> {
    Ok(migrants::table
        .filter(migrants::merged_into.eq(id))
        .order(migrants::id.asc())
        .load(conn)?)
}

/// Merged records that still hold a name although the record they were
/// merged into was anonymised.
pub fn merged_into_anonymised(conn: &mut DbConn) -> Result<Vec<String>, AppError> {
    let survivor_anonymised = diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
        "migrants.merged_into IN (SELECT s.id FROM migrants s WHERE s.state = '{ANONYMISED}')"
    ));
    Ok(migrants::table
        .filter(migrants::state.eq(MERGED))
        .filter(migrants::given_name.ne("").or(migrants::family_name.ne("")))
        .filter(survivor_anonymised)
        .select(migrants::id)
        .load(conn)?)
}

/// Members of a household.
/// How many active people each of `households` holds.
pub fn household_sizes(conn: &mut DbConn, households: &[String]) -> Result<Vec<(String, i64)>, AppError> {
    let mut out = Vec::new();
    for chunk in households.chunks(500) {
        let mut part: Vec<(Option<String>, i64)> = migrants::table
            .filter(migrants::household_id.eq_any(chunk.to_vec()))
            .filter(migrants::state.eq(ACTIVE))
            .group_by(migrants::household_id)
            .select((migrants::household_id, diesel::dsl::count_star()))
            .load(conn)?;
        out.extend(part.drain(..).filter_map(|(h, n)| h.map(|h| (h, n))));
    }
    Ok(out)
}

pub fn household_members(conn: &mut DbConn, household_id: &str) -> Result<Vec<MigrantRow>, AppError> {
    Ok(migrants::table
        .filter(migrants::household_id.eq(household_id))
        .filter(migrants::state.eq(ACTIVE))
        .order(migrants::id.asc())
        .load(conn)?)
}

/// Search and filters for the migrant list.
#[derive(Debug, Clone, Default)]
pub struct MigrantFilter {
    /// Name search (Latin or Arabic script).
    pub q: Option<String>,
    /// Nationality.
    pub nationality: Option<String>,
    /// Vulnerability code.
    pub vulnerability: Option<String>,
    /// Legal status code.
    pub legal_status: Option<String>,
    /// Only people with (true) or without (false) an open case.
    pub has_open_case: Option<bool>,
}

fn fts5_query(q: &str) -> Option<String> {
    let q = search_terms(q)?;
    let clean = |s: &str| s.replace('"', "");
    let term = |(word, skel): &(String, String)| format!("(\"{}\"* OR \"{}\")", clean(word), clean(skel));
    let all = q.words.iter().map(term).collect::<Vec<_>>().join(" AND ");
    Some(match &q.joined {
        Some(j) => format!("({all}) OR {}", term(j)),
        None => all,
    })
}

fn tsquery(q: &str) -> Option<String> {
    let q = search_terms(q)?;
    let clean = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    let term = |(word, skel): &(String, String)| format!("({}:* | {})", clean(word), clean(skel));
    if q.words.iter().any(|(w, _)| clean(w).is_empty()) {
        return None;
    }
    let all = q.words.iter().map(term).collect::<Vec<_>>().join(" & ");
    Some(match &q.joined {
        Some(j) => format!("({all}) | {}", term(j)),
        None => all,
    })
}

/// A boxed query over an office's active migrants, searched and filtered;
/// `None` when the search has no term to look for (nothing matches). The
/// list and the count share it.
macro_rules! filtered {
    ($q:expr, $conn:expr, $office:expr, $f:expr) => {{
        let f: &MigrantFilter = $f;
        let mut q = $q
            .filter(migrants::office_id.eq($office.to_string()))
            .filter(migrants::state.eq(ACTIVE));
        let mut nothing = false;
        if let Some(text) = &f.q {
            let is_sqlite = matches!($conn, DbConn::Sqlite(_));
            let clause = if is_sqlite {
                fts5_query(text).map(|m| {
                    diesel::dsl::sql::<Bool>(
                        "migrants.rowid IN (SELECT rowid FROM migrant_search WHERE migrant_search MATCH ",
                    )
                    .bind::<Text, _>(m)
                    .sql(")")
                })
            } else {
                tsquery(text).map(|t| {
                    diesel::dsl::sql::<Bool>(
                        "to_tsvector('simple', migrants.search_text) @@ to_tsquery('simple', ",
                    )
                    .bind::<Text, _>(t)
                    .sql(")")
                })
            };
            match clause {
                Some(c) => q = q.filter(c),
                None => nothing = true,
            }
        }
        if let Some(n) = &f.nationality {
            q = q.filter(migrants::nationality.eq(n.clone()));
        }
        if let Some(v) = &f.vulnerability {
            q = q.filter(migrants::vulnerabilities.like(format!("%\"{v}\"%")));
        }
        if let Some(l) = &f.legal_status {
            q = q.filter(migrants::legal_status.eq(l.clone()));
        }
        if let Some(open) = f.has_open_case {
            let exists =
                "EXISTS (SELECT 1 FROM cases WHERE cases.migrant_id = migrants.id AND cases.status = 'open')";
            let clause = if open {
                exists.to_string()
            } else {
                format!("NOT {exists}")
            };
            q = q.filter(diesel::dsl::sql::<Bool>(&clause));
        }
        (!nothing).then_some(q)
    }};
}

/// Lists an office's active migrants in id order, searched and filtered.
pub fn list(
    conn: &mut DbConn,
    office_id: &str,
    f: &MigrantFilter,
    page: &PageRequest,
) -> Result<Page<MigrantRow>, AppError> {
    let Some(mut q) = filtered!(
        migrants::table
            .order(migrants::id.asc())
            .limit(page.limit + 1)
            .into_boxed(),
        conn,
        office_id,
        f
    ) else {
        return Ok(Page {
            items: Vec::new(),
            next: None,
        });
    };
    if let Some(after) = &page.after {
        q = q.filter(migrants::id.gt(after.clone()));
    }
    let rows: Vec<MigrantRow> = q.load(conn)?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id.clone()))
}

/// How many of an office's active migrants the search and filters select.
pub fn count(conn: &mut DbConn, office_id: &str, f: &MigrantFilter) -> Result<i64, AppError> {
    match filtered!(migrants::table.count().into_boxed(), conn, office_id, f) {
        Some(q) => Ok(q.get_result(conn)?),
        None => Ok(0),
    }
}

/// Every migrant id of a household or case lookups need (merge, transfer).
pub fn set_office(conn: &mut DbConn, id: &str, office_id: &str, now: NaiveDateTime) -> Result<(), AppError> {
    diesel::update(migrants::table.find(id))
        .set((
            migrants::office_id.eq(office_id),
            migrants::household_id.eq(None::<String>),
            migrants::relationship_to_head.eq(None::<String>),
            migrants::updated_at.eq(now),
            migrants::version.eq(migrants::version + 1),
        ))
        .execute(conn)?;
    diesel::update(migrant_keys::table.filter(migrant_keys::migrant_id.eq(id)))
        .set(migrant_keys::office_id.eq(office_id))
        .execute(conn)?;
    Ok(())
}
