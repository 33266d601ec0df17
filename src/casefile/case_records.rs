//! What is recorded on a case: support services, notes and follow-ups.

use chrono::NaiveDate;

use super::{WriteBatch, cases};
use crate::audit::{Action, EntityType};
use crate::auth::capability::OfficeStaff;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::domain::reference::{SERVICE_STATUS, SERVICE_TYPE};
use crate::error::{AppError, FieldError};
use crate::store;
use crate::store::follow_up::FollowUpRow;
use crate::store::note::NoteRow;
use crate::store::service::ServiceRow;

/// A service's fields.
#[derive(Debug, Clone)]
pub struct ServiceFields {
    /// `service_type` code.
    pub service_type: String,
    /// `planned`, `delivered` or `cancelled`.
    pub status: String,
    /// Date.
    pub date: NaiveDate,
    /// `office` or an organisation id.
    pub provider: String,
    /// Notes.
    pub notes: Option<String>,
}

fn check_service(c: &mut DbConn, f: &ServiceFields, today: NaiveDate) -> Result<(), AppError> {
    let mut e = Vec::new();
    if !SERVICE_TYPE.contains(&f.service_type) {
        e.push(FieldError::new("service_type", SERVICE_TYPE.not_in_list()));
    }
    if !SERVICE_STATUS.contains(&f.status) {
        e.push(FieldError::new("status", SERVICE_STATUS.not_in_list()));
    }
    if f.status == "delivered" && f.date > today {
        e.push(FieldError::new(
            "date",
            "a delivered service's date must not be in the future",
        ));
    }
    if f.provider != "office" && !store::organization::exists(c, &f.provider)? {
        e.push(FieldError::new(
            "provider",
            "must be \"office\" or the id of a partner organisation",
        ));
    }
    if f.notes.as_ref().is_some_and(|n| n.chars().count() > 5000) {
        e.push(FieldError::new("notes", "must be at most 5000 characters"));
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(AppError::Unprocessable(e))
    }
}

/// Records a service on a case of the caller's office.
pub fn add_service(
    c: &mut DbConn,
    caller: &OfficeStaff,
    case_id: &str,
    f: ServiceFields,
) -> Result<ServiceRow, AppError> {
    write_tx(c, |c| {
        let mut batch = WriteBatch::default();
        let row = add_service_within(c, caller, case_id, f, &mut batch)?;
        batch.finish(c)?;
        Ok(row)
    })
}

/// The write part of `add_service`, inside the caller's write transaction.
pub(crate) fn add_service_within(
    c: &mut DbConn,
    caller: &OfficeStaff,
    case_id: &str,
    f: ServiceFields,
    batch: &mut WriteBatch,
) -> Result<ServiceRow, AppError> {
    {
        let case = cases::load(c, caller, case_id)?;
        check_service(c, &f, super::migrants::today())?;
        let at = now();
        let row = ServiceRow {
            id: new_id(),
            case_id: case.id,
            service_type: f.service_type,
            status: f.status,
            service_date: f.date,
            provider: f.provider,
            notes: f.notes.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
            recorded_by: Some(caller.user_id.clone()),
            created_at: at,
            updated_at: at,
            version: 1,
            office_id: case.office_id.clone(),
        };
        store::service::insert(c, &row)?;
        batch.audit(
            caller
                .event(Action::Create, EntityType::Service, &row.id)
                .in_office(Some(case.office_id)),
        );
        Ok(row)
    }
}

/// Changes a service of the caller's office.
pub fn update_service(
    c: &mut DbConn,
    caller: &OfficeStaff,
    id: &str,
    if_match: Option<i32>,
    change: impl FnOnce(ServiceFields) -> ServiceFields,
) -> Result<ServiceRow, AppError> {
    let office = caller.office().to_string();
    crate::change::update(
        c,
        caller,
        if_match,
        Action::Update,
        |c| store::service::find_in_office(c, id, &office)?.ok_or(AppError::NotFound),
        |c, row| {
            let f = change(ServiceFields {
                service_type: row.service_type.clone(),
                status: row.status.clone(),
                date: row.service_date,
                provider: row.provider.clone(),
                notes: row.notes.clone(),
            });
            check_service(c, &f, super::migrants::today())?;
            row.service_type = f.service_type;
            row.status = f.status;
            row.service_date = f.date;
            row.provider = f.provider;
            row.notes = f.notes;
            Ok(())
        },
    )
}

/// Adds a note to a case of the caller's office.
pub fn add_note(
    c: &mut DbConn,
    caller: &OfficeStaff,
    case_id: &str,
    text: &str,
) -> Result<NoteRow, AppError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 10_000 {
        return Err(AppError::field("text", "must be 1 to 10000 characters"));
    }
    write_tx(c, |c| {
        let case = cases::load(c, caller, case_id)?;
        let row = NoteRow {
            id: new_id(),
            case_id: case.id,
            text: text.to_string(),
            author_id: Some(caller.user_id.clone()),
            created_at: now(),
        };
        store::note::insert(c, &row)?;
        crate::audit::trail::append(
            c,
            &[caller
                .event(Action::Create, EntityType::Note, &row.id)
                .in_office(Some(case.office_id))],
        )?;
        Ok(row)
    })
}

/// Plans a follow-up on a case of the caller's office.
pub fn add_follow_up(
    c: &mut DbConn,
    caller: &OfficeStaff,
    case_id: &str,
    due_on: NaiveDate,
    description: &str,
) -> Result<FollowUpRow, AppError> {
    let description = description.trim();
    if description.is_empty() || description.chars().count() > 2000 {
        return Err(AppError::field("description", "must be 1 to 2000 characters"));
    }
    write_tx(c, |c| {
        let case = cases::load(c, caller, case_id)?;
        let row = FollowUpRow {
            id: new_id(),
            case_id: case.id,
            due_on,
            description: description.to_string(),
            done_at: None,
            done_by: None,
            created_by: Some(caller.user_id.clone()),
            created_at: now(),
        };
        store::follow_up::insert(c, &row)?;
        crate::audit::trail::append(
            c,
            &[caller
                .event(Action::Create, EntityType::FollowUp, &row.id)
                .in_office(Some(case.office_id))],
        )?;
        Ok(row)
    })
}

/// Moves an open follow-up of the caller's office to another day (409 if
/// it is done).
pub fn reschedule_follow_up(
    c: &mut DbConn,
    caller: &OfficeStaff,
    id: &str,
    due_on: NaiveDate,
) -> Result<FollowUpRow, AppError> {
    change_open_follow_up(c, caller, id, |c| store::follow_up::reschedule(c, id, due_on))
}

/// Marks a follow-up of the caller's office done (409 if it already is).
pub fn follow_up_done(c: &mut DbConn, caller: &OfficeStaff, id: &str) -> Result<FollowUpRow, AppError> {
    change_open_follow_up(c, caller, id, |c| {
        store::follow_up::mark_done(c, id, &caller.user_id, now())
    })
}

/// Applies `change` to an open follow-up of the caller's office (false from
/// `change`: it was done already, 409), audited as an update.
fn change_open_follow_up(
    c: &mut DbConn,
    caller: &OfficeStaff,
    id: &str,
    change: impl FnOnce(&mut DbConn) -> Result<bool, AppError>,
) -> Result<FollowUpRow, AppError> {
    let office = caller.office().to_string();
    write_tx(c, |c| {
        store::follow_up::find_in_office(c, id, &office)?.ok_or(AppError::NotFound)?;
        if !change(c)? {
            return Err(AppError::Conflict("the follow-up is already done".into()));
        }
        crate::audit::trail::append(
            c,
            &[caller
                .event(Action::Update, EntityType::FollowUp, id)
                .in_office(Some(office.clone()))],
        )?;
        store::follow_up::find_in_office(c, id, &office)?.ok_or(AppError::NotFound)
    })
}
