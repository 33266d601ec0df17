//! Reads of the directory (API and web pages): every signed-in role reads
//! the entries; API keys and webhook deliveries only administrators and
//! the organisation itself.

use crate::auth::capability::DirectoryEditor;
use uuid::Uuid;

use super::views::{ApiKeyView, DeliveryView, OrganizationView};
use super::{api_keys, hsds, organizations};
use crate::auth::Caller;
use crate::domain::reference::SERVICE_TYPE;
use crate::error::AppError;
use crate::listing::{ListResponse, list_response};
use crate::state::AppState;
use crate::store;
pub use crate::store::organization::OrganizationFilter;
use crate::store::page::PageRequest;

/// Search the directory (by service, office served, language, name).
pub async fn organizations(
    app: &AppState,
    caller: &Caller,
    filter: OrganizationFilter,
    page: PageRequest,
) -> Result<ListResponse<OrganizationView>, AppError> {
    if filter
        .service
        .as_deref()
        .is_some_and(|s| !SERVICE_TYPE.contains(s))
    {
        return Err(AppError::field("service", SERVICE_TYPE.not_in_list()));
    }
    let rows = app
        .db
        .run(move |c| store::organization::list(c, &filter, &page))
        .await?;
    list_response(rows, |r| OrganizationView::from_row(r, caller))
}

/// One directory entry.
pub async fn organization(app: &AppState, caller: &Caller, id: Uuid) -> Result<OrganizationView, AppError> {
    let row = app
        .db
        .run(move |c| store::organization::find(c, &id.to_string()))
        .await?
        .ok_or(AppError::NotFound)?;
    OrganizationView::from_row(row, caller)
}

/// The whole directory as Open Referral HSDS 3.0 organization objects.
pub async fn hsds(app: &AppState) -> Result<Vec<serde_json::Value>, AppError> {
    let rows = app.db.run(store::organization::all).await?;
    rows.iter().map(hsds::to_hsds).collect()
}

/// An organisation's API keys (never the keys themselves).
pub async fn api_keys(
    app: &AppState,
    caller: &DirectoryEditor,
    organization_id: Uuid,
) -> Result<Vec<ApiKeyView>, AppError> {
    let by = caller.clone();
    let rows = app
        .db
        .run(move |c| api_keys::list(c, &by, &organization_id.to_string()))
        .await?;
    rows.into_iter().map(|r| ApiKeyView::from_row(r, None)).collect()
}

/// An organisation's webhook events and their delivery, newest first (200 at most).
pub async fn deliveries(
    app: &AppState,
    caller: &DirectoryEditor,
    organization_id: Uuid,
) -> Result<Vec<DeliveryView>, AppError> {
    let by = caller.clone();
    let id = organization_id.to_string();
    let rows = app
        .db
        .run(move |c| {
            organizations::load_editable(c, &by, &id)?;
            store::webhook::of_organization(c, &id, 200)
        })
        .await?;
    rows.into_iter().map(DeliveryView::from_row).collect()
}
