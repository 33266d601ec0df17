//! The directory as its readers see it: an entry (the webhook URL only to
//! those who may edit it), API keys (never the keys, but once at creation),
//! webhook deliveries.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::auth::{Caller, Role};
use crate::db::{parse_id, utc};
use crate::error::AppError;
use crate::store::api_key::ApiKeyRow;
use crate::store::organization::OrganizationRow;
use crate::store::webhook::OutboxRow;

/// A directory entry.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrganizationView {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Acronym.
    pub acronym: Option<String>,
    /// `organization_kind` code.
    pub kind: String,
    /// What it does (null when none was given).
    pub description: Option<String>,
    /// `service_type` codes offered.
    pub services: Vec<String>,
    /// Offices served.
    pub offices_served: Vec<Uuid>,
    /// ISO 639 codes.
    pub languages: Vec<String>,
    /// Contact email.
    pub contact_email: Option<String>,
    /// Contact phone.
    pub contact_phone: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Referrals may be sent to it.
    pub active: bool,
    /// It takes new referrals now.
    pub has_capacity: bool,
    /// Webhook endpoint (shown to administrators and the organisation only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Version (also the `ETag`).
    pub version: i32,
}

fn may_edit(caller: &Caller, id: &str) -> bool {
    caller.role == Role::Admin
        || (caller.role == Role::Partner && caller.organization_id.as_deref() == Some(id))
}

impl OrganizationView {
    /// From a stored entry, for `caller`.
    pub fn from_row(r: OrganizationRow, caller: &Caller) -> Result<Self, AppError> {
        let editable = may_edit(caller, &r.id);
        Ok(Self {
            id: parse_id(&r.id)?,
            services: r.services.to_vec(),
            offices_served: r
                .offices_served
                .to_vec()
                .iter()
                .map(|o| parse_id(o))
                .collect::<Result<_, _>>()?,
            languages: r.languages.to_vec(),
            webhook_url: if editable { r.webhook_url } else { None },
            name: r.name,
            acronym: r.acronym,
            kind: r.kind,
            description: Some(r.description).filter(|d| !d.is_empty()),
            contact_email: r.contact_email,
            contact_phone: r.contact_phone,
            address: r.address,
            website: r.website,
            active: r.active,
            has_capacity: r.has_capacity,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        })
    }
}

/// An API key (the key itself only in the creation response).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiKeyView {
    /// Id.
    pub id: Uuid,
    /// Label.
    pub name: String,
    /// The first characters, to recognise it.
    pub prefix: String,
    /// The key: shown once, at creation. Use it as `Authorization: Bearer <key>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last used (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// Revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When it stops working on its own (none: until revoked).
    pub expires_at: Option<DateTime<Utc>>,
}

impl ApiKeyView {
    /// From a stored key (`key`: the key itself, at creation only).
    pub fn from_row(r: ApiKeyRow, key: Option<String>) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&r.id)?,
            name: r.name,
            prefix: r.prefix,
            key,
            created_at: utc(r.created_at),
            last_used_at: r.last_used_at.map(utc),
            revoked_at: r.revoked_at.map(utc),
            expires_at: r.expires_at.map(crate::db::utc),
        })
    }
}

/// A webhook signing secret (shown once).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookSecretView {
    /// HMAC-SHA256 key for `X-MigrantDesk-Signature`.
    pub secret: String,
}

/// A webhook event and its delivery.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeliveryView {
    /// Event id.
    pub id: Uuid,
    /// Event type.
    pub event_type: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    /// Attempts so far.
    pub attempts: i32,
    /// Next attempt (pending).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Delivered.
    pub delivered_at: Option<DateTime<Utc>>,
    /// Last error.
    pub last_error: Option<String>,
}

impl DeliveryView {
    /// From an outbox row.
    pub fn from_row(r: OutboxRow) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&r.id)?,
            event_type: r.event_type,
            created_at: utc(r.created_at),
            state: if r.delivered_at.is_some() {
                "delivered".into()
            } else if r.failed_at.is_some() {
                "failed".into()
            } else {
                "pending".into()
            },
            attempts: r.attempts,
            next_attempt_at: (r.delivered_at.is_none() && r.failed_at.is_none())
                .then(|| utc(r.next_attempt_at)),
            delivered_at: r.delivered_at.map(utc),
            last_error: r.last_error,
        })
    }
}
