//! User accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::page::{Page, PageRequest};
use crate::db::DbConn;
use crate::db::schema::users;
use crate::error::AppError;

/// A stored user. `password_hash` never leaves the server.
#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = users, treat_none_as_null = true)]
pub struct UserRow {
    /// Id.
    pub id: String,
    /// Login email, lower-cased.
    pub email: String,
    /// Full name.
    pub full_name: String,
    /// Role code.
    pub role: String,
    /// Office (office roles, optionally managers).
    pub office_id: Option<String>,
    /// Organisation (partners).
    pub organization_id: Option<String>,
    /// Whether the account may sign in.
    pub active: bool,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Last successful login.
    pub last_login_at: Option<NaiveDateTime>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Optimistic-concurrency version.
    pub version: i32,
    /// The language of the pages the user chose (`fr`, `ar`, `en`).
    pub language: Option<String>,
    /// The password was set by an administrator: nothing but changing it
    /// is allowed until the user does (SPEC §5).
    pub password_change_required: bool,
    /// Four eyes: the administrator who created or re-bound this office
    /// account, while it waits for a confirmation (it cannot sign in).
    pub awaiting_confirmation_by: Option<String>,
}

/// Fields to change (None = keep; `Some(None)` clears a nullable field).
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserChanges {
    /// Email.
    pub email: Option<String>,
    /// Full name.
    pub full_name: Option<String>,
    /// Role.
    pub role: Option<String>,
    /// Office.
    pub office_id: Option<Option<String>>,
    /// Organisation.
    pub organization_id: Option<Option<String>>,
    /// Active flag.
    pub active: Option<bool>,
    /// New password hash.
    pub password_hash: Option<String>,
    /// Whether the password must be changed before anything else.
    pub password_change_required: Option<bool>,
    /// Who asked for the confirmation (`Some(None)`: confirmed).
    pub awaiting_confirmation_by: Option<Option<String>>,
}

/// Filters for listing users.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Only this role.
    pub role: Option<String>,
    /// Only this office.
    pub office_id: Option<String>,
    /// Only this organisation.
    pub organization_id: Option<String>,
    /// Only active or inactive accounts.
    pub active: Option<bool>,
}

/// The ids of an organisation's partner users.
pub fn of_organization(conn: &mut DbConn, organization_id: &str) -> Result<Vec<String>, AppError> {
    Ok(users::table
        .filter(users::organization_id.eq(organization_id))
        .select(users::id)
        .load(conn)?)
}

/// Inserts a user.
pub fn insert(conn: &mut DbConn, row: &UserRow) -> Result<(), AppError> {
    diesel::insert_into(users::table).values(row).execute(conn)?;
    Ok(())
}

/// Finds a user by id.
pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<UserRow>, AppError> {
    Ok(users::table.find(id).first(conn).optional()?)
}

/// Finds a user by (lower-cased) email.
pub fn find_by_email(conn: &mut DbConn, email: &str) -> Result<Option<UserRow>, AppError> {
    Ok(users::table
        .filter(users::email.eq(email))
        .first(conn)
        .optional()?)
}

/// Whether any user exists (first start detection).
pub fn any(conn: &mut DbConn) -> Result<bool, AppError> {
    let n: i64 = users::table.count().get_result(conn)?;
    Ok(n > 0)
}

/// Number of active administrators.
pub fn count_active_admins(conn: &mut DbConn) -> Result<i64, AppError> {
    Ok(users::table
        .filter(users::role.eq("admin"))
        .filter(users::active.eq(true))
        .count()
        .get_result(conn)?)
}

/// Lists users in id order.
pub fn list(conn: &mut DbConn, filter: &UserFilter, page: &PageRequest) -> Result<Page<UserRow>, AppError> {
    let mut q = users::table
        .order(users::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(after) = &page.after {
        q = q.filter(users::id.gt(after.clone()));
    }
    if let Some(role) = &filter.role {
        q = q.filter(users::role.eq(role.clone()));
    }
    if let Some(office) = &filter.office_id {
        q = q.filter(users::office_id.eq(office.clone()));
    }
    if let Some(org) = &filter.organization_id {
        q = q.filter(users::organization_id.eq(org.clone()));
    }
    if let Some(active) = filter.active {
        q = q.filter(users::active.eq(active));
    }
    let rows: Vec<UserRow> = q.load(conn)?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id.clone()))
}

/// Applies changes if the stored version is still `version`; bumps it.
pub fn update(
    conn: &mut DbConn,
    id: &str,
    version: i32,
    changes: &UserChanges,
    now: NaiveDateTime,
) -> Result<UserRow, AppError> {
    let n = diesel::update(
        users::table
            .filter(users::id.eq(id))
            .filter(users::version.eq(version)),
    )
    .set((changes, users::updated_at.eq(now), users::version.eq(version + 1)))
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::PreconditionFailed);
    }
    find(conn, id)?.ok_or(AppError::NotFound)
}

/// Records a successful login.
pub fn touch_login(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> Result<(), AppError> {
    diesel::update(users::table.find(id))
        .set(users::last_login_at.eq(Some(now)))
        .execute(conn)?;
    Ok(())
}

/// Writes every field of `row` if the stored version is still `version`
/// (the write step of `change::update`).
pub fn store(conn: &mut DbConn, row: &UserRow, version: i32) -> Result<(), AppError> {
    let n = diesel::update(
        users::table
            .filter(users::id.eq(&row.id))
            .filter(users::version.eq(version)),
    )
    .set(row)
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::PreconditionFailed);
    }
    Ok(())
}

/// Keeps the language of the pages a user chose.
pub fn set_language(conn: &mut DbConn, id: &str, language: &str) -> Result<(), AppError> {
    diesel::update(users::table.find(id))
        .set(users::language.eq(Some(language)))
        .execute(conn)?;
    Ok(())
}

/// Accounts of an office waiting for a confirmation (four eyes).
pub fn awaiting_confirmation_in_office(conn: &mut DbConn, office_id: &str) -> Result<Vec<UserRow>, AppError> {
    Ok(users::table
        .filter(users::office_id.eq(office_id))
        .filter(users::awaiting_confirmation_by.is_not_null())
        .order(users::id.asc())
        .load(conn)?)
}
