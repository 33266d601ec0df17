//! `/organization`: a partner's own organisation — its directory entry and
//! webhook (edited, the signing secret rotated and shown once), its API
//! keys (created with the key shown once, revoked at once) and its webhook
//! deliveries — through the same directory services as the API.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use super::directory::{EntryForm, MULTI, pairs_of, refused_form, save};
use super::fields::{Filled, Pairs};
use super::login::Empty;
use super::page::{Chrome, Form, PageError, refusal, render, see_other};
use super::session::Signed;
use crate::auth::capability::*;
use crate::db::parse_id;
use crate::directory::views::{ApiKeyView, DeliveryView, OrganizationView};
use crate::directory::{api_keys, organizations, read};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "organization.html")]
struct OrganizationPage {
    chrome: Chrome,
    org: OrganizationView,
    keys: Vec<ApiKeyView>,
    deliveries: Vec<DeliveryView>,
    entry: EntryForm,
    shown_once: Option<Once>,
    error: Option<String>,
}

/// A secret shown on this answer only (it is stored hashed or is not shown
/// again): an API key or the webhook signing secret.
struct Once {
    /// Catalogue key of the explanation.
    what: &'static str,
    /// The secret.
    value: String,
}

fn own(signed: &Signed, partner: &Partner) -> Result<Uuid, PageError> {
    parse_id(partner.organization()).map_err(signed.fail())
}

async fn page(
    state: &AppState,
    signed: &Signed,
    partner: &Partner,
    shown_once: Option<Once>,
    form: Option<Filled>,
    error: Option<String>,
) -> Result<OrganizationPage, PageError> {
    let id = own(signed, partner)?;
    let editor = DirectoryEditor::from(partner.clone());
    let org = read::organization(state, &editor, id)
        .await
        .map_err(signed.fail())?;
    let keys = read::api_keys(state, &editor, id).await.map_err(signed.fail())?;
    let deliveries = read::deliveries(state, &editor, id)
        .await
        .map_err(signed.fail())?;
    let form = form.unwrap_or_else(|| Filled::from_pairs(&pairs_of(&org), MULTI));
    Ok(OrganizationPage {
        chrome: signed.chrome.clone(),
        entry: EntryForm::new(state, signed, "/organization".into(), form).await?,
        org,
        keys,
        deliveries,
        shown_once,
        error,
    })
}

/// `GET /organization`.
pub async fn show(state: web::Data<AppState>, signed: Signed) -> Result<HttpResponse, PageError> {
    let partner: Partner = signed.grant(&state).await?;
    let p = page(&state, &signed, &partner, None, None, None).await?;
    Ok(render(StatusCode::OK, &p))
}

/// `POST /organization`: saves the organisation's profile (never its
/// `active` flag, which only administrators set).
pub async fn update(
    state: web::Data<AppState>,
    signed: Signed,
    form: Form<Pairs>,
) -> Result<HttpResponse, PageError> {
    let partner: Partner = signed.allow(&state, &form).await?;
    let id = own(&signed, &partner)?;
    let pairs = form.fields;
    let e = match save(&state, &signed, partner.clone().into(), id, pairs.clone()).await {
        Ok(_) => {
            return super::notice::then(
                &state,
                &signed,
                "notice-organization-saved",
                None,
                "/organization",
            )
            .await;
        }
        Err(e) => e,
    };
    let (status, form, error) = refused_form(&signed, &pairs, e)?;
    let p = page(&state, &signed, &partner, None, Some(form), error).await?;
    Ok(render(status, &p))
}

/// `POST /organization/webhook-secret`: a new signing secret, shown once;
/// the old one stops verifying at once.
pub async fn rotate_secret(
    state: web::Data<AppState>,
    signed: Signed,
    form: Form<Empty>,
) -> Result<HttpResponse, PageError> {
    let partner: Partner = signed.allow(&state, &form).await?;
    let id = own(&signed, &partner)?.to_string();
    let by = DirectoryEditor::from(partner.clone());
    let secret = state
        .db
        .run(move |c| organizations::rotate_webhook_secret(c, &by, &id))
        .await
        .map_err(signed.fail())?;
    let once = Once {
        what: "org-secret-once",
        value: secret,
    };
    Ok(render(
        StatusCode::OK,
        &page(&state, &signed, &partner, Some(once), None, None).await?,
    ))
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
    let partner: Partner = signed.allow(&state, &form).await?;
    let id = own(&signed, &partner)?.to_string();
    let (by, name) = (DirectoryEditor::from(partner.clone()), form.fields.name);
    let created = state
        .writes
        .run(move |c| api_keys::create(c, &by, &id, &name, None).map(|(_, key)| key))
        .await;
    match created {
        Ok(key) => {
            let once = Once {
                what: "org-key-once",
                value: key,
            };
            Ok(render(
                StatusCode::OK,
                &page(&state, &signed, &partner, Some(once), None, None).await?,
            ))
        }
        Err(e) => {
            let (status, text) = refusal(e).map_err(signed.fail())?;
            let p = page(&state, &signed, &partner, None, None, Some(text)).await?;
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
    let partner: Partner = signed.allow(&state, &form).await?;
    let id = own(&signed, &partner)?.to_string();
    let (by, key) = (
        DirectoryEditor::from(partner.clone()),
        key.into_inner().to_string(),
    );
    state
        .db
        .run(move |c| api_keys::revoke(c, &by, &id, &key).map(|_| ()))
        .await
        .map_err(signed.fail())?;
    Ok(see_other("/organization"))
}
