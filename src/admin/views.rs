//! Offices and accounts as administrators (and, for offices, everyone)
//! see them; never a password hash.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::auth::Role;
use crate::db::{parse_id, utc};
use crate::error::AppError;
use crate::store::office::OfficeRow;
use crate::store::user::UserRow;

/// An office.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OfficeView {
    /// Id.
    pub id: Uuid,
    /// Three-letter code, e.g. `RBA`.
    pub code: String,
    /// Name.
    pub name: String,
    /// City.
    pub city: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// The IANA time zone the office's times are shown in: its own, or its
    /// country's.
    pub time_zone: String,
    /// Whether `time_zone` is the country's (the office set none).
    pub time_zone_from_country: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Version (also the `ETag`).
    pub version: i32,
}

impl OfficeView {
    /// From a stored row.
    pub fn from_row(r: OfficeRow) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&r.id)?,
            code: r.code,
            name: r.name,
            city: r.city,
            time_zone: crate::domain::office::zone_of(&r.country, r.time_zone.as_deref())
                .name()
                .to_string(),
            time_zone_from_country: r.time_zone.is_none(),
            country: r.country,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        })
    }
}

/// An account (never its password hash).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UserView {
    /// Id.
    pub id: Uuid,
    /// Login email.
    pub email: String,
    /// Full name.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Office (office roles; optional for managers).
    pub office_id: Option<Uuid>,
    /// Organisation (partners).
    pub organization_id: Option<Uuid>,
    /// Whether the account may sign in.
    pub active: bool,
    /// Last successful login.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Version (also the `ETag`).
    pub version: i32,
    /// Four eyes: the account waits for a supervisor of its office (or
    /// another administrator) to confirm it, and cannot sign in meanwhile.
    pub awaiting_confirmation: bool,
}

impl UserView {
    /// From a stored row.
    pub fn from_row(r: UserRow) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&r.id)?,
            email: r.email,
            full_name: r.full_name,
            role: Role::parse(&r.role).ok_or_else(|| AppError::internal("unknown stored role"))?,
            office_id: r.office_id.as_deref().map(parse_id).transpose()?,
            organization_id: r.organization_id.as_deref().map(parse_id).transpose()?,
            active: r.active,
            last_login_at: r.last_login_at.map(utc),
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
            awaiting_confirmation: r.awaiting_confirmation_by.is_some(),
        })
    }
}

/// The signed-in user.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeView {
    /// User id.
    pub id: Uuid,
    /// Email.
    pub email: String,
    /// Full name.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Office, for office roles and office-bound managers.
    pub office_id: Option<Uuid>,
    /// Organisation, for partners.
    pub organization_id: Option<Uuid>,
    /// The language of the pages chosen on the account (`fr`, `ar`, `en`), if any.
    pub language: Option<String>,
}
