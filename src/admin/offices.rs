//! Creating and changing offices (administrators).

use crate::audit::{Action, EntityType};
use crate::auth::capability::Administrator;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::domain::office::OfficeFields;
use crate::error::AppError;
use crate::store;
use crate::store::office::OfficeRow;

/// Requested changes; None keeps the stored value.
#[derive(Debug, Clone, Default)]
pub struct OfficePatch {
    /// Code.
    pub code: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// IANA time zone; empty: the country's.
    pub time_zone: Option<String>,
}

/// Creates an office; 409 if the code is taken.
pub fn create(
    conn: &mut DbConn,
    caller: &Administrator,
    fields: OfficeFields,
) -> Result<OfficeRow, AppError> {
    write_tx(conn, |c| {
        if store::office::find_by_code(c, &fields.code)?.is_some() {
            return Err(AppError::AlreadyExists(format!(
                "office code {} is already used",
                fields.code
            )));
        }
        let at = now();
        let row = OfficeRow {
            id: new_id(),
            code: fields.code,
            name: fields.name,
            city: fields.city,
            country: fields.country,
            created_at: at,
            updated_at: at,
            version: 1,
            time_zone: fields.time_zone,
        };
        store::office::insert(c, &row)?;
        crate::audit::trail::append(
            c,
            &[caller
                .event(Action::Create, EntityType::Office, row.id.clone())
                .in_office(Some(row.id.clone()))],
        )?;
        Ok(row)
    })
}

/// Changes an office; 412 on a stale version, 409 on a taken code.
pub fn update(
    conn: &mut DbConn,
    caller: &Administrator,
    id: &str,
    if_match: Option<i32>,
    patch: OfficePatch,
) -> Result<OfficeRow, AppError> {
    crate::change::update(
        conn,
        caller,
        if_match,
        Action::Update,
        |c| store::office::find(c, id)?.ok_or(AppError::NotFound),
        |c, row| {
            let fields = OfficeFields::validate(
                patch.code.as_deref().unwrap_or(&row.code),
                patch.name.as_deref().unwrap_or(&row.name),
                patch.city.as_deref().unwrap_or(&row.city),
                patch.country.as_deref().unwrap_or(&row.country),
                match &patch.time_zone {
                    Some(z) => Some(z.as_str()),
                    None => row.time_zone.as_deref(),
                },
            )
            .map_err(AppError::Unprocessable)?;
            if fields.code != row.code && store::office::find_by_code(c, &fields.code)?.is_some() {
                return Err(AppError::AlreadyExists(format!(
                    "office code {} is already used",
                    fields.code
                )));
            }
            row.code = fields.code;
            row.name = fields.name;
            row.city = fields.city;
            row.country = fields.country;
            row.time_zone = fields.time_zone;
            Ok(())
        },
    )
}
