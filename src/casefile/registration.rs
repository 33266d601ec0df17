//! Registering a person, as the API and the registration page both do it:
//! validation of every field and consent statement, the duplicate search
//! (reads only, before the write and its lock), then the write itself
//! (handed to the group-commit writer by the caller, with or without an
//! `Idempotency-Key`).

use super::migrants::{self, ConsentStatement, PossibleDuplicate, check_consents, today};
use super::views::RegisteredView;
use crate::auth::capability::OfficeStaff;
use crate::db::DbConn;
use crate::domain::migrant::{MigrantFields, ValidMigrant};
use crate::error::AppError;
use crate::state::AppState;

/// A registration whose fields are valid and whose possible duplicates
/// were looked for; `register` writes it.
pub struct Prepared {
    caller: OfficeStaff,
    fields: ValidMigrant,
    consents: Vec<ConsentStatement>,
    duplicates: Vec<PossibleDuplicate>,
}

/// Validates a registration (422 naming every bad field) and looks for the
/// records of the caller's office that may be the same person.
pub async fn prepare(
    app: &AppState,
    caller: &OfficeStaff,
    fields: MigrantFields,
    consents: Vec<ConsentStatement>,
) -> Result<Prepared, AppError> {
    let (valid, mut errors) = match fields.validate(today()) {
        Ok(v) => (Some(v), Vec::new()),
        Err(e) => (None, e),
    };
    errors.extend(check_consents(&consents, "consents"));
    let fields = match valid {
        Some(v) if errors.is_empty() => v,
        _ => return Err(AppError::Unprocessable(errors)),
    };
    let (by, probe) = (caller.clone(), fields.fields().clone());
    let duplicates = app
        .db
        .run(move |c| migrants::duplicates_for(c, &by, &probe))
        .await?;
    Ok(Prepared {
        caller: caller.clone(),
        fields,
        consents,
        duplicates,
    })
}

impl Prepared {
    /// Whether records of the office look like the same person.
    pub fn has_duplicates(&self) -> bool {
        !self.duplicates.is_empty()
    }

    /// Those records as the registration shows them.
    pub fn duplicate_views(&self) -> Result<Vec<super::views::DuplicateView>, AppError> {
        self.duplicates
            .iter()
            .map(super::views::DuplicateView::from_duplicate)
            .collect()
    }

    /// Writes the registration (one transaction with its audit entries).
    pub fn register(self, c: &mut DbConn) -> Result<RegisteredView, AppError> {
        let r = migrants::register_with(c, &self.caller, self.fields, self.consents, self.duplicates)?;
        RegisteredView::from_registered(r)
    }
}
