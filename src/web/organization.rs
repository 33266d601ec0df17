//! `/organization`: a partner's own organisation — its directory entry,
//! its API keys (created with the key shown once, revoked at once) and its
//! webhook deliveries — through the same directory services as the API.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use super::login::Empty;
use super::page::{Chrome, Form, PageError, refusal, render, see_other};
use super::session::Signed;
use crate::auth::Role;
use crate::db::parse_id;
use crate::directory::views::{ApiKeyView, DeliveryView, OrganizationView};
use crate::directory::{api_keys, read};
use crate::error::AppError;
use crate::state::AppState;

const PARTNER: &[Role] = &[Role::Partner];

#[derive(Template)]
#[template(path = "organization.html")]
struct OrganizationPage {
    chrome: Chrome,
    org: OrganizationView,
    keys: Vec<ApiKeyView>,
    deliveries: Vec<DeliveryView>,
    new_key: Option<String>,
    error: Option<String>,
}

fn own(signed: &Signed) -> Result<Uuid, PageError> {
    let id = signed
        .caller
        .organization_id
        .as_deref()
        .ok_or(PageError::app(AppError::NotFound, signed.chrome.t))?;
    parse_id(id).map_err(signed.fail())
}

async fn page(
    state: &AppState,
    signed: &Signed,
    new_key: Option<String>,
    error: Option<String>,
) -> Result<OrganizationPage, PageError> {
    let id = own(signed)?;
    let org = read::organization(state, &signed.caller, id)
        .await
        .map_err(signed.fail())?;
    let keys = read::api_keys(state, &signed.caller, id)
        .await
        .map_err(signed.fail())?;
    let deliveries = read::deliveries(state, &signed.caller, id)
        .await
        .map_err(signed.fail())?;
    Ok(OrganizationPage {
        chrome: signed.chrome.clone(),
        org,
        keys,
        deliveries,
        new_key,
        error,
    })
}

/// `GET /organization`.
pub async fn show(state: web::Data<AppState>, signed: Signed) -> Result<HttpResponse, PageError> {
    signed.require(&state, PARTNER).await?;
    let p = page(&state, &signed, None, None).await?;
    Ok(render(StatusCode::OK, &p))
}

/// The new key's label.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyForm {
    /// What the key is for.
    pub name: String,
}

/// `POST /organization/api-keys`: a key for the organisation's system,
/// shown on the answer only (it is stored hashed).
pub async fn create_key(
    state: web::Data<AppState>,
    signed: Signed,
    form: Form<KeyForm>,
) -> Result<HttpResponse, PageError> {
    signed.allow(&state, PARTNER, &form).await?;
    let id = own(&signed)?.to_string();
    let (by, name) = (signed.caller.clone(), form.fields.name);
    let created = state
        .writes
        .run(move |c| api_keys::create(c, &by, &id, &name).map(|(_, key)| key))
        .await;
    match created {
        Ok(key) => Ok(render(
            StatusCode::OK,
            &page(&state, &signed, Some(key), None).await?,
        )),
        Err(e) => {
            let (status, text) = refusal(e).map_err(signed.fail())?;
            let p = page(&state, &signed, None, Some(text)).await?;
            Ok(render(status, &p))
        }
    }
}

/// `POST /organization/api-keys/{key}/revoke`.
pub async fn revoke_key(
    state: web::Data<AppState>,
    signed: Signed,
    key: web::Path<Uuid>,
    form: Form<Empty>,
) -> Result<HttpResponse, PageError> {
    signed.allow(&state, PARTNER, &form).await?;
    let id = own(&signed)?.to_string();
    let (by, key) = (signed.caller.clone(), key.into_inner().to_string());
    state
        .db
        .run(move |c| api_keys::revoke(c, &by, &id, &key).map(|_| ()))
        .await
        .map_err(signed.fail())?;
    Ok(see_other("/organization"))
}
