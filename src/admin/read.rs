//! Reads of offices, accounts and the caller's own account (API and web
//! pages alike).

use uuid::Uuid;

use super::views::{MeView, OfficeView, UserView};
use crate::auth::Caller;
use crate::auth::capability::{AccountOverseer, Administrator};
use crate::db::parse_id;
use crate::error::AppError;
use crate::listing::{ListResponse, list_response};
use crate::state::AppState;
use crate::store;
use crate::store::page::PageRequest;
pub use crate::store::user::UserFilter;

/// Every office (any signed-in role: offices are not personal data).
pub async fn offices(app: &AppState, page: PageRequest) -> Result<ListResponse<OfficeView>, AppError> {
    let rows = app.db.run(move |c| store::office::list(c, &page)).await?;
    list_response(rows, OfficeView::from_row)
}

/// One office.
pub async fn office(app: &AppState, id: Uuid) -> Result<OfficeView, AppError> {
    let row = app
        .db
        .run(move |c| store::office::find(c, &id.to_string()))
        .await?
        .ok_or(AppError::NotFound)?;
    OfficeView::from_row(row)
}

/// Accounts: every account for an administrator; for a supervisor, the
/// accounts of their own office only (whom a case may be assigned to);
/// anyone else is refused.
pub async fn users(
    app: &AppState,
    caller: &AccountOverseer,
    mut filter: UserFilter,
    page: PageRequest,
) -> Result<ListResponse<UserView>, AppError> {
    if let Some(office) = caller.office() {
        filter.office_id = Some(office.to_string());
    }
    let rows = app.db.run(move |c| store::user::list(c, &filter, &page)).await?;
    list_response(rows, UserView::from_row)
}

/// One account (administrators).
pub async fn user(app: &AppState, _caller: &Administrator, id: Uuid) -> Result<UserView, AppError> {
    let row = app
        .db
        .run(move |c| store::user::find(c, &id.to_string()))
        .await?
        .ok_or(AppError::NotFound)?;
    UserView::from_row(row)
}

/// Keeps the language of the pages the caller chose on their account.
pub async fn choose_language(
    app: &AppState,
    caller: &Caller,
    language: &'static str,
) -> Result<(), AppError> {
    let id = caller.user_id.clone();
    app.db
        .run(move |c| store::user::set_language(c, &id, language))
        .await
}

/// The caller's own account.
pub async fn me(app: &AppState, caller: &Caller) -> Result<MeView, AppError> {
    let id = caller.user_id.clone();
    let user = app
        .db
        .run(move |c| store::user::find(c, &id))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(MeView {
        id: parse_id(&user.id)?,
        email: user.email,
        full_name: user.full_name,
        role: caller.role,
        office_id: user.office_id.as_deref().map(parse_id).transpose()?,
        organization_id: user.organization_id.as_deref().map(parse_id).transpose()?,
        language: user.language,
    })
}
