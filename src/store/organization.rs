//! Partner organisations: the directory of migration actors.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::page::{Page, PageRequest};
use crate::db::DbConn;
use crate::db::json::JsonList;
use crate::db::schema::organizations;
use crate::error::AppError;

/// A stored organisation. List-valued fields are JSON text.
#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = organizations, treat_none_as_null = true)]
pub struct OrganizationRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Acronym.
    pub acronym: Option<String>,
    /// `organization_kind` code.
    pub kind: String,
    /// Description (HSDS requires one).
    pub description: String,
    /// JSON array of `service_type` codes.
    pub services: JsonList<String>,
    /// JSON array of office ids served.
    pub offices_served: JsonList<String>,
    /// JSON array of ISO 639 language codes.
    pub languages: JsonList<String>,
    /// Contact email.
    pub contact_email: Option<String>,
    /// Contact phone.
    pub contact_phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Whether referrals may be sent to it.
    pub active: bool,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// Whether it currently takes new referrals.
    pub has_capacity: bool,
    /// Website.
    pub website: Option<String>,
    /// Where its webhook events are POSTed.
    pub webhook_url: Option<String>,
    /// HMAC-SHA256 key of its webhook signatures.
    pub webhook_secret: Option<String>,
}

/// Whether another entry (not `except`) has this name, trimmed and
/// case-folded.
pub fn name_taken(conn: &mut DbConn, name: &str, except: Option<&str>) -> Result<bool, AppError> {
    let wanted = name.trim().to_lowercase();
    let names: Vec<(String, String)> = organizations::table
        .select((organizations::id, organizations::name))
        .load(conn)?;
    Ok(names
        .iter()
        .any(|(id, n)| Some(id.as_str()) != except && n.trim().to_lowercase() == wanted))
}

/// Inserts an organisation.
pub fn insert(conn: &mut DbConn, row: &OrganizationRow) -> Result<(), AppError> {
    diesel::insert_into(organizations::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Whether an organisation with that id exists.
pub fn exists(conn: &mut DbConn, id: &str) -> Result<bool, AppError> {
    Ok(find(conn, id)?.is_some())
}

/// An organisation by id.
pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<OrganizationRow>, AppError> {
    Ok(organizations::table.find(id).first(conn).optional()?)
}

/// Writes every field of `row` if the stored version is still `version`.
pub fn update(conn: &mut DbConn, row: &OrganizationRow, version: i32) -> Result<(), AppError> {
    let n = diesel::update(
        organizations::table
            .filter(organizations::id.eq(&row.id))
            .filter(organizations::version.eq(version)),
    )
    .set(row)
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::PreconditionFailed);
    }
    Ok(())
}

/// Directory filters.
#[derive(Debug, Clone, Default)]
pub struct OrganizationFilter {
    /// Offers this service.
    pub service: Option<String>,
    /// Serves this office.
    pub office_id: Option<String>,
    /// Speaks this language.
    pub language: Option<String>,
    /// Name or acronym contains (case-insensitive).
    pub q: Option<String>,
    /// Active or not.
    pub active: Option<bool>,
}

/// Lists organisations in id order.
pub fn list(
    conn: &mut DbConn,
    f: &OrganizationFilter,
    page: &PageRequest,
) -> Result<Page<OrganizationRow>, AppError> {
    let mut q = organizations::table
        .order(organizations::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(after) = &page.after {
        q = q.filter(organizations::id.gt(after.clone()));
    }
    if let Some(s) = &f.service {
        q = q.filter(organizations::services.like(format!("%\"{s}\"%")));
    }
    if let Some(o) = &f.office_id {
        q = q.filter(organizations::offices_served.like(format!("%\"{o}\"%")));
    }
    if let Some(l) = &f.language {
        q = q.filter(organizations::languages.like(format!("%\"{l}\"%")));
    }
    if let Some(a) = f.active {
        q = q.filter(organizations::active.eq(a));
    }
    if let Some(text) = &f.q {
        let pattern = format!("%{}%", text.to_lowercase().replace(['%', '_'], ""));
        q = q.filter(
            diesel::dsl::sql::<Bool>("(LOWER(organizations.name) LIKE ")
                .bind::<diesel::sql_types::Text, _>(pattern.clone())
                .sql(" OR LOWER(COALESCE(organizations.acronym, '')) LIKE ")
                .bind::<diesel::sql_types::Text, _>(pattern)
                .sql(")"),
        );
    }
    let rows: Vec<OrganizationRow> = q.load(conn)?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id.clone()))
}

/// Every organisation (the HSDS export).
pub fn all(conn: &mut DbConn) -> Result<Vec<OrganizationRow>, AppError> {
    Ok(organizations::table.order(organizations::id.asc()).load(conn)?)
}

/// Names of a batch of organisations, by id: one query.
pub fn names(
    conn: &mut DbConn,
    ids: &[String],
) -> Result<std::collections::HashMap<String, String>, AppError> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(organizations::table
        .filter(organizations::id.eq_any(ids))
        .select((organizations::id, organizations::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}
