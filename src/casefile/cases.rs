//! Opening, changing, assigning, closing, reopening and transferring cases.

use chrono::Datelike;

use crate::audit::{Action, EntityType};
use crate::auth::Role;
use crate::auth::capability::{OfficeStaff, Supervisor};
use crate::casefile::WriteBatch;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::domain::reference::{CASE_PRIORITY, CLOSURE_REASON};
use crate::error::AppError;
use crate::store;
use crate::store::case::CaseRow;
use crate::store::migrant::ACTIVE;

/// What opening a case takes.
#[derive(Debug, Clone)]
pub struct NewCase {
    /// The migrant (of the caller's office).
    pub migrant_id: String,
    /// `case_priority` code (default `normal`).
    pub priority: Option<String>,
    /// Summary.
    pub summary: Option<String>,
    /// Assignee (default: a caseworker opening the case).
    pub assigned_to: Option<String>,
}

/// Checks a priority code.
pub fn check_priority(p: &str) -> Result<(), AppError> {
    if CASE_PRIORITY.contains(p) {
        Ok(())
    } else {
        Err(AppError::field("priority", CASE_PRIORITY.not_in_list()))
    }
}

/// Checks a summary's length.
pub fn check_summary(s: &str) -> Result<(), AppError> {
    if s.chars().count() <= 5000 {
        Ok(())
    } else {
        Err(AppError::field("summary", "must be at most 5000 characters"))
    }
}

fn check_assignee(c: &mut DbConn, office: &str, user_id: &str, field: &str) -> Result<(), AppError> {
    let ok = store::user::find(c, user_id)?.is_some_and(|u| {
        u.active
            && u.office_id.as_deref() == Some(office)
            && matches!(Role::parse(&u.role), Some(Role::Caseworker | Role::Supervisor))
    });
    if ok {
        Ok(())
    } else {
        Err(AppError::field(
            field,
            "names no active caseworker or supervisor of this office",
        ))
    }
}

/// Opens a case on a migrant of the caller's office.
pub fn open(c: &mut DbConn, caller: &OfficeStaff, new: NewCase) -> Result<CaseRow, AppError> {
    if let Some(p) = &new.priority {
        check_priority(p)?;
    }
    check_summary(new.summary.as_deref().unwrap_or(""))?;
    let assigned_to = match (caller.role, new.assigned_to) {
        (Role::Caseworker, Some(u)) if u != caller.user_id => {
            return Err(AppError::Forbidden(
                "only a supervisor assigns a case to someone else".into(),
            ));
        }
        (Role::Caseworker, _) => Some(caller.user_id.clone()),
        (_, a) => a,
    };
    write_tx(c, |c| {
        let mut batch = WriteBatch::default();
        let row = open_within(
            c,
            caller,
            new.migrant_id,
            new.priority,
            new.summary,
            assigned_to,
            &mut batch,
        )?;
        batch.finish(c)?;
        Ok(row)
    })
}

/// The write part of `open`, inside the caller's write transaction (an
/// import opens thousands of cases in one transaction: no savepoint each,
/// which PostgreSQL would pay for dearly past 64).
pub(crate) fn open_within(
    c: &mut DbConn,
    caller: &OfficeStaff,
    migrant_id: String,
    priority: Option<String>,
    summary: Option<String>,
    assigned_to: Option<String>,
    batch: &mut WriteBatch,
) -> Result<CaseRow, AppError> {
    let office = caller.office().to_string();
    {
        let migrant = store::migrant::find_in_office(c, &migrant_id, &office)?
            .filter(|m| m.state == ACTIVE)
            .ok_or_else(|| AppError::field("migrant_id", "names no active migrant of this office"))?;
        if let Some(a) = &assigned_to {
            check_assignee(c, &office, a, "assigned_to")?;
        }
        let code = store::office::find(c, &office)?.ok_or(AppError::NotFound)?.code;
        let at = now();
        let year = at.year();
        let number = batch.case_number(c, &office, year)?;
        let row = CaseRow {
            id: new_id(),
            office_id: office.clone(),
            migrant_id: migrant.id,
            case_number: format!("{code}-{year}-{number:06}"),
            status: "open".into(),
            priority: priority.unwrap_or_else(|| "normal".into()),
            assigned_to,
            summary: summary.map(|s| s.trim().to_string()).unwrap_or_default(),
            opened_at: at,
            closed_at: None,
            closure_reason: None,
            created_at: at,
            updated_at: at,
            version: 1,
        };
        store::case::insert(c, &row)?;
        batch.audit(
            caller
                .event(Action::Create, EntityType::Case, &row.id)
                .in_office(Some(office.clone())),
        );
        Ok(row)
    }
}

/// A case of the caller's office.
pub fn load(c: &mut DbConn, caller: &OfficeStaff, id: &str) -> Result<CaseRow, AppError> {
    store::case::find_in_office(c, id, caller.office())?.ok_or(AppError::NotFound)
}

/// Applies `change` to a case of the caller's office and records it.
fn change(
    c: &mut DbConn,
    caller: &OfficeStaff,
    id: &str,
    if_match: Option<i32>,
    action: Action,
    f: impl FnOnce(&mut DbConn, &mut CaseRow) -> Result<(), AppError>,
) -> Result<CaseRow, AppError> {
    crate::change::update(c, caller, if_match, action, |c| load(c, caller, id), f)
}

/// Changes priority and summary.
pub fn update(
    c: &mut DbConn,
    caller: &OfficeStaff,
    id: &str,
    if_match: Option<i32>,
    priority: Option<String>,
    summary: Option<String>,
) -> Result<CaseRow, AppError> {
    if let Some(p) = &priority {
        check_priority(p)?;
    }
    if let Some(s) = &summary {
        check_summary(s)?;
    }
    change(c, caller, id, if_match, Action::Update, |_, row| {
        if let Some(p) = priority {
            row.priority = p;
        }
        if let Some(s) = summary {
            row.summary = s.trim().to_string();
        }
        Ok(())
    })
}

/// Assigns a case (supervisors).
pub fn assign(c: &mut DbConn, caller: &Supervisor, id: &str, user_id: &str) -> Result<CaseRow, AppError> {
    change(c, caller, id, None, Action::Update, |c, row| {
        check_assignee(c, &row.office_id, user_id, "user_id")?;
        row.assigned_to = Some(user_id.to_string());
        Ok(())
    })
}

fn may_close_or_reopen(caller: &OfficeStaff, row: &CaseRow) -> Result<(), AppError> {
    if caller.role == Role::Supervisor || row.assigned_to.as_deref() == Some(caller.user_id.as_str()) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "a caseworker closes or reopens only the cases assigned to them".into(),
        ))
    }
}

/// Closes an open case with a reason.
pub fn close(c: &mut DbConn, caller: &OfficeStaff, id: &str, reason: &str) -> Result<CaseRow, AppError> {
    if !CLOSURE_REASON.contains(reason) {
        return Err(AppError::field("reason", CLOSURE_REASON.not_in_list()));
    }
    change(c, caller, id, None, Action::Update, |_, row| {
        may_close_or_reopen(caller, row)?;
        if row.status != "open" {
            return Err(AppError::Conflict("the case is already closed".into()));
        }
        row.status = "closed".into();
        row.closed_at = Some(now());
        row.closure_reason = Some(reason.to_string());
        Ok(())
    })
}

/// Reopens a closed case.
pub fn reopen(c: &mut DbConn, caller: &OfficeStaff, id: &str) -> Result<CaseRow, AppError> {
    change(c, caller, id, None, Action::Update, |c, row| {
        may_close_or_reopen(caller, row)?;
        if row.status != "closed" {
            return Err(AppError::Conflict("the case is not closed".into()));
        }
        let migrant = store::migrant::find(c, &row.migrant_id)?.ok_or(AppError::NotFound)?;
        if migrant.state != ACTIVE {
            return Err(AppError::Conflict(
                "the migrant's record was anonymised or merged".into(),
            ));
        }
        row.status = "open".into();
        row.closed_at = None;
        row.closure_reason = None;
        Ok(())
    })
}

/// Moves a case, its migrant and the migrant's other cases to another
/// office, with everything whose scope is the case's office (services,
/// referrals; notes and follow-ups follow their case); the old office loses
/// access at once.
pub fn transfer(c: &mut DbConn, caller: &Supervisor, id: &str, office_id: &str) -> Result<CaseRow, AppError> {
    write_tx(c, |c| {
        let row = load(c, caller, id)?;
        if store::office::find(c, office_id)?.is_none() {
            return Err(AppError::field("office_id", "names no office"));
        }
        if office_id == row.office_id {
            return Err(AppError::Conflict("the case is already in that office".into()));
        }
        let from = row.office_id.clone();
        let at = now();
        store::migrant::set_office(c, &row.migrant_id, office_id, at)?;
        let mut events = Vec::new();
        for mut case in store::case::of_migrant(c, &row.migrant_id)? {
            let v = case.version;
            case.office_id = office_id.to_string();
            case.assigned_to = None;
            case.version += 1;
            case.updated_at = at;
            store::case::update(c, &case, v)?;
            store::service::set_office(c, &case.id, office_id)?;
            store::referral::set_office(c, &case.id, office_id)?;
            for office in [&from, office_id] {
                events.push(
                    caller
                        .event(Action::Transfer, EntityType::Case, &case.id)
                        .in_office(Some(office.to_string())),
                );
            }
        }
        for office in [&from, office_id] {
            events.push(
                caller
                    .event(Action::Transfer, EntityType::Migrant, &row.migrant_id)
                    .in_office(Some(office.to_string())),
            );
        }
        crate::audit::trail::append(c, &events)?;
        store::case::find_in_office(c, id, office_id)?.ok_or(AppError::NotFound)
    })
}
