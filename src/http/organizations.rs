//! `/organizations`: the directory of migration actors (every role reads;
//! administrators write; a partner edits its own profile), its HSDS export
//! and import, API keys and webhook settings.

use super::routes::{Endpoint, endpoint};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::caller::{Administrator, DirectoryEditor};
use super::idempotency::{self, created, json};
use super::json_body::{JsonBody, nullable};
use super::precondition::{if_match, versioned};
use super::query::Query;
use crate::auth::Caller;
use crate::directory::hsds::{self, ImportReport};
use crate::directory::read::{self, OrganizationFilter};
use crate::directory::views::{ApiKeyView, DeliveryView, OrganizationView, WebhookSecretView};
use crate::directory::{api_keys, organizations};
use crate::domain::organization::OrganizationFields;
use crate::error::AppError;
use crate::listing::{ListResponse, page_request};
use crate::state::AppState;

/// A new directory entry.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationInput {
    /// Name.
    pub name: String,
    /// Acronym.
    pub acronym: Option<String>,
    /// `organization_kind` code.
    pub kind: String,
    /// What it does (optional; the HSDS export writes one from the kind and
    /// the services when empty).
    #[serde(default)]
    pub description: String,
    /// `service_type` codes offered.
    #[serde(default)]
    pub services: Vec<String>,
    /// Offices served.
    #[serde(default)]
    pub offices_served: Vec<Uuid>,
    /// ISO 639 codes.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Contact email.
    pub contact_email: Option<String>,
    /// Contact phone.
    pub contact_phone: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Default true.
    pub active: Option<bool>,
    /// Default true.
    pub has_capacity: Option<bool>,
    /// HTTPS endpoint for webhook events.
    pub webhook_url: Option<String>,
}

/// Changes; absent fields are kept, `null` clears optional ones.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationPatchInput {
    /// Name.
    pub name: Option<String>,
    /// Acronym.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub acronym: Option<Option<String>>,
    /// Kind.
    pub kind: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Services offered.
    pub services: Option<Vec<String>>,
    /// Offices served.
    pub offices_served: Option<Vec<Uuid>>,
    /// Languages.
    pub languages: Option<Vec<String>>,
    /// Contact email.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub contact_email: Option<Option<String>>,
    /// Contact phone.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub contact_phone: Option<Option<String>>,
    /// Address.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub address: Option<Option<String>>,
    /// Website.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub website: Option<Option<String>>,
    /// Active (administrators only).
    pub active: Option<bool>,
    /// Takes new referrals now.
    pub has_capacity: Option<bool>,
    /// Webhook endpoint.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub webhook_url: Option<Option<String>>,
}

/// Directory filters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OrganizationListParams {
    /// Offers this `service_type`.
    pub service: Option<String>,
    /// Serves this office.
    pub office_id: Option<Uuid>,
    /// Speaks this language (ISO 639).
    pub language: Option<String>,
    /// Name or acronym contains.
    pub q: Option<String>,
    /// Active or not.
    pub active: Option<bool>,
    /// Page size (default 50, at most 200).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A new API key.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyInput {
    /// A label, e.g. the system that will use it.
    pub name: String,
    /// When the key stops working on its own (RFC 3339; none: until revoked).
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
}

fn render(status: StatusCode, view: OrganizationView) -> HttpResponse {
    versioned(status, &view, view.version)
}

fn fields_of_input(i: OrganizationInput) -> OrganizationFields {
    OrganizationFields {
        name: i.name,
        acronym: i.acronym,
        kind: i.kind,
        description: i.description,
        services: i.services,
        offices_served: i.offices_served.iter().map(Uuid::to_string).collect(),
        languages: i.languages,
        contact_email: i.contact_email,
        contact_phone: i.contact_phone,
        address: i.address,
        website: i.website,
        active: i.active.unwrap_or(true),
        has_capacity: i.has_capacity.unwrap_or(true),
        webhook_url: i.webhook_url,
    }
}

/// Add an organisation to the directory (administrators).
#[utoipa::path(post, path = "/api/v1/organizations", tag = "directory", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key return the first response")),
    request_body = OrganizationInput,
    responses((status = 201, body = OrganizationView), (status = 403, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    caller: Administrator,
    req: HttpRequest,
    JsonBody(input): JsonBody<OrganizationInput>,
) -> Result<HttpResponse, AppError> {
    let fields = fields_of_input(input)
        .validate_with(state.settings.webhook_allow_private)
        .map_err(AppError::Unprocessable)?;
    let c2 = caller.clone();
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| {
            created(&OrganizationView::from_row(
                organizations::create(c, &c2, fields, None)?,
                &c2,
            )?)
        },
        async |id| json(&read::organization(&state, &caller, id).await?),
    )
    .await
}

/// Search the directory (every signed-in role).
#[utoipa::path(get, path = "/api/v1/organizations", tag = "directory", security(("bearer" = [])),
    params(OrganizationListParams),
    responses((status = 200, body = ListResponse<OrganizationView>), (status = 401, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    Query(p): Query<OrganizationListParams>,
) -> Result<HttpResponse, AppError> {
    let page = page_request(p.limit, p.cursor.as_deref())?;
    let filter = OrganizationFilter {
        service: p.service,
        office_id: p.office_id.map(|u| u.to_string()),
        language: p.language.map(|l| l.trim().to_lowercase()),
        q: p.q.filter(|q| !q.trim().is_empty()),
        active: p.active,
    };
    Ok(HttpResponse::Ok().json(read::organizations(&state, &caller, filter, page).await?))
}

/// Read a directory entry.
#[utoipa::path(get, path = "/api/v1/organizations/{id}", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organisation id")),
    responses((status = 200, body = OrganizationView), (status = 404, body = super::problem::Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let view = read::organization(&state, &caller, id.into_inner()).await?;
    Ok(render(StatusCode::OK, view))
}

/// Change a directory entry: administrators any, a partner its own (not `active`).
#[utoipa::path(patch, path = "/api/v1/organizations/{id}", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organisation id"), ("If-Match" = Option<String>, Header, description = "ETag of the version you read")),
    request_body = OrganizationPatchInput,
    responses((status = 200, body = OrganizationView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 412, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    caller: DirectoryEditor,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(p): JsonBody<OrganizationPatchInput>,
) -> Result<HttpResponse, AppError> {
    let version = if_match(&req)?;
    let c2 = caller.clone();
    let id = id.into_inner().to_string();
    let allow_private = state.settings.webhook_allow_private;
    let row = state
        .db
        .run(move |c| {
            organizations::update(c, &c2, &id, version, allow_private, |cur| OrganizationFields {
                name: p.name.unwrap_or(cur.name),
                acronym: p.acronym.unwrap_or(cur.acronym),
                kind: p.kind.unwrap_or(cur.kind),
                description: p.description.unwrap_or(cur.description),
                services: p.services.unwrap_or(cur.services),
                offices_served: p
                    .offices_served
                    .map(|o| o.iter().map(Uuid::to_string).collect())
                    .unwrap_or(cur.offices_served),
                languages: p.languages.unwrap_or(cur.languages),
                contact_email: p.contact_email.unwrap_or(cur.contact_email),
                contact_phone: p.contact_phone.unwrap_or(cur.contact_phone),
                address: p.address.unwrap_or(cur.address),
                website: p.website.unwrap_or(cur.website),
                active: p.active.unwrap_or(cur.active),
                has_capacity: p.has_capacity.unwrap_or(cur.has_capacity),
                webhook_url: p.webhook_url.unwrap_or(cur.webhook_url),
            })
        })
        .await?;
    Ok(render(StatusCode::OK, OrganizationView::from_row(row, &caller)?))
}

/// The directory as Open Referral HSDS 3.0 organizations with nested services.
#[utoipa::path(get, path = "/api/v1/organizations/hsds", tag = "directory", security(("bearer" = [])),
    responses((status = 200, description = "A JSON array of HSDS 3.0 organization objects", body = Vec<serde_json::Value>)))]
pub async fn export_hsds(state: web::Data<AppState>, _caller: Caller) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(read::hsds(&state).await?))
}

/// Create or update organisations from HSDS 3.0 organization objects
/// (administrators; all or nothing).
#[utoipa::path(post, path = "/api/v1/organizations/hsds", tag = "directory", security(("bearer" = [])),
    request_body(content = Vec<serde_json::Value>, description = "HSDS 3.0 organization objects"),
    responses((status = 200, body = ImportReport), (status = 403, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn import_hsds(
    state: web::Data<AppState>,
    caller: Administrator,
    JsonBody(items): JsonBody<HsdsList>,
) -> Result<HttpResponse, AppError> {
    let report = state.db.run(move |c| hsds::import(c, &caller, &items.0)).await?;
    Ok(HttpResponse::Ok().json(report))
}

/// An HSDS organization list (a JSON array).
#[derive(Debug, Deserialize)]
pub struct HsdsList(pub Vec<serde_json::Value>);

/// Create an API key for the organisation's systems (shown once).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/api-keys", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organisation id")), request_body = ApiKeyInput,
    responses((status = 201, body = ApiKeyView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn create_api_key(
    state: web::Data<AppState>,
    caller: DirectoryEditor,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(input): JsonBody<ApiKeyInput>,
) -> Result<HttpResponse, AppError> {
    let c2 = caller.clone();
    let org = id.into_inner();
    let id = org.to_string();
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| {
            let expires = input.expires_at.map(|t| t.naive_utc());
            let (row, key) = api_keys::create(c, &c2, &id, &input.name, expires)?;
            created(&ApiKeyView::from_row(row, Some(key))?)
        },
        async |key| {
            // The key itself was shown once, by the first response: a retry
            // gets the key's record without it.
            let keys = read::api_keys(&state, &caller, org).await?;
            json(&keys.into_iter().find(|k| k.id == key).ok_or(AppError::NotFound)?)
        },
    )
    .await
}

/// The organisation's API keys (never the keys themselves).
#[utoipa::path(get, path = "/api/v1/organizations/{id}/api-keys", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organisation id")),
    responses((status = 200, body = ListResponse<ApiKeyView>), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn api_keys_list(
    state: web::Data<AppState>,
    caller: DirectoryEditor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let items = read::api_keys(&state, &caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ListResponse {
        items,
        next_cursor: None,
    }))
}

/// Revoke an API key at once.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/api-keys/{key_id}/revoke", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organisation id"), ("key_id" = Uuid, Path, description = "Key id")),
    responses((status = 200, body = ApiKeyView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn revoke_api_key(
    state: web::Data<AppState>,
    caller: DirectoryEditor,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (id, key_id) = path.into_inner();
    let row = state
        .db
        .run(move |c| api_keys::revoke(c, &caller, &id.to_string(), &key_id.to_string()))
        .await?;
    Ok(HttpResponse::Ok().json(ApiKeyView::from_row(row, None)?))
}

/// Issue a new webhook signing secret (shown once; the old one stops at once).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/webhook-secret", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organisation id")),
    responses((status = 200, body = WebhookSecretView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn rotate_webhook_secret(
    state: web::Data<AppState>,
    caller: DirectoryEditor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner().to_string();
    let secret = state
        .db
        .run(move |c| organizations::rotate_webhook_secret(c, &caller, &id))
        .await?;
    Ok(HttpResponse::Ok().json(WebhookSecretView { secret }))
}

/// The organisation's webhook events and their delivery (newest first, 200 at most).
#[utoipa::path(get, path = "/api/v1/organizations/{id}/webhook-deliveries", tag = "directory", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organisation id")),
    responses((status = 200, body = ListResponse<DeliveryView>), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn deliveries(
    state: web::Data<AppState>,
    caller: DirectoryEditor,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let items = read::deliveries(&state, &caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ListResponse {
        items,
        next_cursor: None,
    }))
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_create, _, _>(create),
        endpoint::<__path_list, _, _>(list),
        endpoint::<__path_get, _, _>(get),
        endpoint::<__path_update, _, _>(update),
        endpoint::<__path_export_hsds, _, _>(export_hsds),
        endpoint::<__path_import_hsds, _, _>(import_hsds),
        endpoint::<__path_create_api_key, _, _>(create_api_key),
        endpoint::<__path_api_keys_list, _, _>(api_keys_list),
        endpoint::<__path_revoke_api_key, _, _>(revoke_api_key),
        endpoint::<__path_rotate_webhook_secret, _, _>(rotate_webhook_secret),
        endpoint::<__path_deliveries, _, _>(deliveries),
    ]
}
