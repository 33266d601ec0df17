//! Every read of a case file (the JSON API and the web pages call these):
//! each takes the `Caller`, reads within the caller's office, records the
//! audit entries — one read per person, case or record shown — and returns
//! a typed view. Lists are assembled with a fixed number of queries.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use super::attention::{self, AttentionItem, AttentionRules};
use super::views::{
    CaseView, ConsentView, FollowUpView, HouseholdMember, HouseholdView, MigrantView, NoteView, ServiceView,
};
use super::{cases, migrants};
use crate::audit::{Action, AuditEvent, EntityType};
use crate::auth::capability::OfficeStaff;
use crate::db::{DbConn, now, parse_id, utc};
use crate::domain::reference::{CASE_PRIORITY, CASE_STATUS, LEGAL_STATUS, VULNERABILITY};
use crate::error::AppError;
use crate::listing::{ListResponse, list_response};
use crate::state::AppState;
use crate::store;
pub use crate::store::case::CaseFilter;
use crate::store::follow_up::{FollowUpFilter, FollowUpState};
pub use crate::store::migrant::MigrantFilter;
use crate::store::page::PageRequest;

fn read_of(caller: &OfficeStaff, entity: EntityType, id: impl Into<String>, office: &str) -> AuditEvent {
    caller
        .event(Action::Read, entity, id)
        .in_office(Some(office.to_string()))
}

/// A migrant of the caller's office with the latest consent per purpose.
pub async fn migrant(app: &AppState, caller: &OfficeStaff, id: Uuid) -> Result<MigrantView, AppError> {
    let by = caller.clone();
    let (row, consents) = app
        .db
        .run(move |c| {
            let row = migrants::load(c, &by, &id.to_string())?;
            let consents = store::consent::latest(c, &row.id)?;
            Ok((row, consents))
        })
        .await?;
    app.audit
        .record(read_of(caller, EntityType::Migrant, &row.id, &row.office_id))
        .await?;
    MigrantView::from_row(row, Some(consents))
}

/// The view of a migrant just written (inside the writing transaction: no
/// read entry, the write has its own).
pub fn written_migrant(c: &mut DbConn, id: &str) -> Result<MigrantView, AppError> {
    let row = store::migrant::find(c, id)?.ok_or(AppError::NotFound)?;
    let consents = store::consent::latest(c, &row.id)?;
    MigrantView::from_row(row, Some(consents))
}

/// Search the caller's office's migrants.
pub async fn migrants(
    app: &AppState,
    caller: &OfficeStaff,
    filter: MigrantFilter,
    page: PageRequest,
) -> Result<ListResponse<MigrantView>, AppError> {
    if let Some(v) = &filter.vulnerability
        && !VULNERABILITY.contains(v)
    {
        return Err(AppError::field("vulnerability", VULNERABILITY.not_in_list()));
    }
    if let Some(v) = &filter.legal_status
        && !LEGAL_STATUS.contains(v)
    {
        return Err(AppError::field("legal_status", LEGAL_STATUS.not_in_list()));
    }
    let office = caller.office().to_string();
    let rows = app
        .db
        .run(move |c| store::migrant::list(c, &office, &filter, &page))
        .await?;
    app.audit
        .record_all(migrants::read_events(caller, &rows.items))
        .await?;
    list_response(rows, |r| MigrantView::from_row(r, None))
}

/// The names of the staff accounts among `ids` (who recorded a consent, a
/// service or a note): staff names, not a person's data.
pub async fn staff_names(
    app: &AppState,
    _caller: &OfficeStaff,
    mut ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    ids.sort_unstable();
    ids.dedup();
    app.db
        .run(move |c| {
            let mut names = HashMap::new();
            for id in ids {
                if let Some(u) = store::user::find(c, &id.to_string())? {
                    names.insert(id, u.full_name);
                }
            }
            Ok(names)
        })
        .await
}

/// How many of the caller's office's people a search and its filters
/// select (a number, no person: nothing to audit).
pub async fn count_migrants(
    app: &AppState,
    caller: &OfficeStaff,
    filter: MigrantFilter,
) -> Result<i64, AppError> {
    let office = caller.office().to_string();
    app.db
        .run(move |c| store::migrant::count(c, &office, &filter))
        .await
}

/// The whole consent history of a migrant, oldest first.
pub async fn consent_history(
    app: &AppState,
    caller: &OfficeStaff,
    id: Uuid,
) -> Result<Vec<ConsentView>, AppError> {
    let by = caller.clone();
    let (m, rows) = app
        .db
        .run(move |c| {
            let m = migrants::load(c, &by, &id.to_string())?;
            let rows = store::consent::history(c, &m.id)?;
            Ok((m, rows))
        })
        .await?;
    app.audit
        .record_all(migrants::read_events(caller, std::slice::from_ref(&m)))
        .await?;
    rows.into_iter().map(ConsentView::from_row).collect()
}

/// A household of the caller's office and its members.
pub async fn household(app: &AppState, caller: &OfficeStaff, id: Uuid) -> Result<HouseholdView, AppError> {
    let by = caller.clone();
    let (h, members) = app
        .db
        .run(move |c| migrants::household(c, &by, &id.to_string()))
        .await?;
    app.audit
        .record_all(migrants::read_events(caller, &members))
        .await?;
    Ok(HouseholdView {
        id: parse_id(&h.id)?,
        office_id: parse_id(&h.office_id)?,
        created_at: utc(h.created_at),
        members: members
            .into_iter()
            .map(|m| {
                Ok(HouseholdMember {
                    id: parse_id(&m.id)?,
                    given_name: m.given_name,
                    family_name: m.family_name,
                    relationship_to_head: m.relationship_to_head,
                })
            })
            .collect::<Result<_, AppError>>()?,
    })
}

/// A case of the caller's office.
pub async fn case(app: &AppState, caller: &OfficeStaff, id: Uuid) -> Result<CaseView, AppError> {
    let by = caller.clone();
    let row = app.db.run(move |c| cases::load(c, &by, &id.to_string())).await?;
    app.audit
        .record(read_of(caller, EntityType::Case, &row.id, &row.office_id))
        .await?;
    CaseView::from_row(row)
}

/// `assigned_to` as a client writes it: a user id or `me`.
pub fn assignee(value: Option<String>, me: &str) -> Result<Option<String>, AppError> {
    match value.as_deref() {
        None => Ok(None),
        Some("me") => Ok(Some(me.to_string())),
        Some(v) => Uuid::parse_str(v)
            .map(|u| Some(u.to_string()))
            .map_err(|_| AppError::field("assigned_to", "must be a user id or \"me\"")),
    }
}

/// The cases of the caller's office.
pub async fn case_list(
    app: &AppState,
    caller: &OfficeStaff,
    filter: CaseFilter,
    page: PageRequest,
) -> Result<ListResponse<CaseView>, AppError> {
    if filter.status.as_deref().is_some_and(|s| !CASE_STATUS.contains(s)) {
        return Err(AppError::field("status", CASE_STATUS.not_in_list()));
    }
    if filter
        .priority
        .as_deref()
        .is_some_and(|s| !CASE_PRIORITY.contains(s))
    {
        return Err(AppError::field("priority", CASE_PRIORITY.not_in_list()));
    }
    let office = caller.office().to_string();
    let rows = app
        .db
        .run(move |c| store::case::list(c, &office, &filter, &page))
        .await?;
    let events = rows
        .items
        .iter()
        .map(|r| read_of(caller, EntityType::Case, &r.id, &r.office_id))
        .collect();
    app.audit.record_all(events).await?;
    list_response(rows, CaseView::from_row)
}

async fn case_record<T: Send + 'static>(
    app: &AppState,
    caller: &OfficeStaff,
    id: Uuid,
    entity: EntityType,
    find: impl FnOnce(&mut DbConn, &str, &str) -> Result<Option<T>, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let office = caller.office().to_string();
    let o = office.clone();
    let row = app
        .db
        .run(move |c| find(c, &id.to_string(), &o)?.ok_or(AppError::NotFound))
        .await?;
    app.audit
        .record(read_of(caller, entity, id.to_string(), &office))
        .await?;
    Ok(row)
}

/// One service of the office's cases.
pub async fn service(app: &AppState, caller: &OfficeStaff, id: Uuid) -> Result<ServiceView, AppError> {
    ServiceView::from_row(
        case_record(
            app,
            caller,
            id,
            EntityType::Service,
            store::service::find_in_office,
        )
        .await?,
    )
}

/// One note of the office's cases.
pub async fn note(app: &AppState, caller: &OfficeStaff, id: Uuid) -> Result<NoteView, AppError> {
    NoteView::from_row(case_record(app, caller, id, EntityType::Note, store::note::find_in_office).await?)
}

/// One follow-up of the office's cases.
pub async fn follow_up(app: &AppState, caller: &OfficeStaff, id: Uuid) -> Result<FollowUpView, AppError> {
    FollowUpView::from_row(
        case_record(
            app,
            caller,
            id,
            EntityType::FollowUp,
            store::follow_up::find_in_office,
        )
        .await?,
    )
}

async fn case_records<T: Send + 'static>(
    app: &AppState,
    caller: &OfficeStaff,
    case_id: Uuid,
    entity: EntityType,
    load: impl FnOnce(&mut DbConn, &str) -> Result<Vec<T>, AppError> + Send + 'static,
    id_of: impl Fn(&T) -> String,
) -> Result<Vec<T>, AppError> {
    let by = caller.clone();
    let (case, rows) = app
        .db
        .run(move |c| {
            let case = cases::load(c, &by, &case_id.to_string())?;
            let rows = load(c, &case.id)?;
            Ok((case, rows))
        })
        .await?;
    let events = rows
        .iter()
        .map(|r| read_of(caller, entity, id_of(r), &case.office_id))
        .collect();
    app.audit.record_all(events).await?;
    Ok(rows)
}

/// The services of a case.
pub async fn services(
    app: &AppState,
    caller: &OfficeStaff,
    case_id: Uuid,
) -> Result<Vec<ServiceView>, AppError> {
    case_records(
        app,
        caller,
        case_id,
        EntityType::Service,
        store::service::of_case,
        |r| r.id.clone(),
    )
    .await?
    .into_iter()
    .map(ServiceView::from_row)
    .collect()
}

/// The notes of a case.
pub async fn notes(app: &AppState, caller: &OfficeStaff, case_id: Uuid) -> Result<Vec<NoteView>, AppError> {
    case_records(
        app,
        caller,
        case_id,
        EntityType::Note,
        store::note::of_case,
        |r| r.id.clone(),
    )
    .await?
    .into_iter()
    .map(NoteView::from_row)
    .collect()
}

/// The follow-ups of a case.
pub async fn follow_ups(
    app: &AppState,
    caller: &OfficeStaff,
    case_id: Uuid,
) -> Result<Vec<FollowUpView>, AppError> {
    case_records(
        app,
        caller,
        case_id,
        EntityType::FollowUp,
        store::follow_up::of_case,
        |r| r.id.clone(),
    )
    .await?
    .into_iter()
    .map(FollowUpView::from_row)
    .collect()
}

/// Open follow-ups of the office's cases by due date (a caseworker's to-do
/// list with `assigned_to` = the caller).
pub async fn to_do(
    app: &AppState,
    caller: &OfficeStaff,
    due_before: Option<NaiveDate>,
    assigned_to: Option<String>,
    limit: i64,
) -> Result<Vec<FollowUpView>, AppError> {
    let office = caller.office().to_string();
    let o2 = office.clone();
    let rows = app
        .db
        .run(move |c| store::follow_up::to_do(c, &o2, due_before, assigned_to.as_deref(), limit))
        .await?;
    let events = rows
        .iter()
        .map(|r| read_of(caller, EntityType::FollowUp, &r.id, &office))
        .collect();
    app.audit.record_all(events).await?;
    rows.into_iter().map(FollowUpView::from_row).collect()
}

/// How many open follow-ups `to_do` would list without a limit (a count,
/// no record shown).
pub async fn to_do_total(
    app: &AppState,
    caller: &OfficeStaff,
    due_before: Option<NaiveDate>,
    assigned_to: Option<String>,
) -> Result<i64, AppError> {
    let office = caller.office().to_string();
    app.db
        .run(move |c| store::follow_up::to_do_count(c, &office, due_before, assigned_to.as_deref()))
        .await
}

/// Whose follow-ups a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    /// Those of the caller's cases.
    Mine,
    /// The whole office's (supervisors).
    Office,
}

/// A page of the office's follow-ups in one state — the caller's own, or
/// (supervisors) the whole office's — with how many there are in all; a
/// read of each one shown.
pub async fn follow_up_list(
    app: &AppState,
    caller: &OfficeStaff,
    state: FollowUpState,
    whose: Whose,
    page: PageRequest,
) -> Result<(ListResponse<FollowUpView>, i64), AppError> {
    if whose == Whose::Office && caller.supervisor().is_none() {
        return Err(AppError::Forbidden(
            "the office's follow-ups are for its supervisors".into(),
        ));
    }
    let office = caller.office().to_string();
    let filter = FollowUpFilter {
        state,
        assigned_to: (whose == Whose::Mine).then(|| caller.user_id.clone()),
        today: Utc::now().date_naive(),
    };
    let o2 = office.clone();
    let (rows, total) = app
        .db
        .run(move |c| {
            let rows = store::follow_up::list(c, &o2, &filter, &page)?;
            let total = store::follow_up::count(c, &o2, &filter)?;
            Ok((rows, total))
        })
        .await?;
    let events = rows
        .items
        .iter()
        .map(|r| read_of(caller, EntityType::FollowUp, &r.id, &office))
        .collect();
    app.audit.record_all(events).await?;
    Ok((list_response(rows, FollowUpView::from_row)?, total))
}

/// The office's attention list, each item with its reason; a read of every
/// person listed.
pub async fn attention(app: &AppState, caller: &OfficeStaff) -> Result<Vec<AttentionItem>, AppError> {
    let office = caller.office().to_string();
    let s = &app.settings;
    let rules = AttentionRules {
        inactive_days: s.attention_inactive_days,
        service_days: s.attention_service_days,
        completion_days: s.referral_completion_days,
    };
    let o2 = office.clone();
    let mut items = app
        .db
        .run(move |c| {
            let mut items = attention::list(c, &o2, now(), rules)?;
            let cases: Vec<String> = items.iter().filter_map(|i| i.case_id.clone()).collect();
            let people = items.iter().filter_map(|i| i.migrant_id.clone()).collect();
            let who = load_who(c, &o2, &cases, people)?;
            for i in &mut items {
                i.person_name = i
                    .migrant_id
                    .as_deref()
                    .and_then(|m| who.name(m))
                    .map(str::to_string);
                i.case_number = i
                    .case_id
                    .as_deref()
                    .and_then(|k| who.case_number(k))
                    .map(str::to_string);
            }
            Ok(items)
        })
        .await?;
    // What is done to the office's accounts is for its supervisors.
    if caller.role != crate::auth::Role::Supervisor {
        items.retain(|i| i.user_id.is_none());
    }
    let mut people: Vec<&str> = items.iter().filter_map(|i| i.migrant_id.as_deref()).collect();
    people.sort_unstable();
    people.dedup();
    let events = people
        .into_iter()
        .map(|m| read_of(caller, EntityType::Migrant, m, &office))
        .collect();
    app.audit.record_all(events).await?;
    Ok(items)
}

/// Who the rows of a list are about, as the office sees them: each case's
/// number and person, each person's name (`who`).
#[derive(Debug, Default)]
pub struct Who {
    cases: HashMap<String, (String, String)>,
    names: HashMap<String, String>,
}

impl Who {
    /// The person's name.
    pub fn name(&self, migrant_id: &str) -> Option<&str> {
        self.names.get(migrant_id).map(String::as_str)
    }

    /// The case's number.
    pub fn case_number(&self, case_id: &str) -> Option<&str> {
        self.cases.get(case_id).map(|(n, _)| n.as_str())
    }

    /// The case's person: id and name.
    pub fn person_of_case(&self, case_id: &str) -> Option<(&str, &str)> {
        let (_, m) = self.cases.get(case_id)?;
        Some((m.as_str(), self.name(m)?))
    }

    /// For pages: the person's name, or "" when not in the office.
    pub fn name_of(&self, migrant_id: &Uuid) -> &str {
        self.name(&migrant_id.to_string()).unwrap_or_default()
    }

    /// For pages: the case's number, or "".
    pub fn number_of(&self, case_id: &Uuid) -> &str {
        self.case_number(&case_id.to_string()).unwrap_or_default()
    }

    /// For pages: the name of the case's person, or "".
    pub fn person_name_of(&self, case_id: &Uuid) -> &str {
        self.person_of_case(&case_id.to_string())
            .map(|(_, n)| n)
            .unwrap_or_default()
    }
}

/// The names and case numbers a list of the office shows beside its rows
/// (follow-ups, cases, referrals, attention items): one query per kind,
/// only what is in the caller's office, and one read entry per person
/// named, like any list of people.
pub async fn who(
    app: &AppState,
    caller: &OfficeStaff,
    case_ids: Vec<String>,
    migrant_ids: Vec<String>,
) -> Result<Who, AppError> {
    let office = caller.office().to_string();
    let o2 = office.clone();
    let who = app
        .db
        .run(move |c| load_who(c, &o2, &case_ids, migrant_ids))
        .await?;
    let events = who
        .names
        .keys()
        .map(|m| read_of(caller, EntityType::Migrant, m, &office))
        .collect();
    app.audit.record_all(events).await?;
    Ok(who)
}

fn load_who(
    c: &mut DbConn,
    office: &str,
    case_ids: &[String],
    mut migrant_ids: Vec<String>,
) -> Result<Who, AppError> {
    let cases = store::case::find_many_in_office(c, case_ids, office)?;
    migrant_ids.extend(cases.iter().map(|k| k.migrant_id.clone()));
    migrant_ids.sort_unstable();
    migrant_ids.dedup();
    let people = store::migrant::find_many(c, &migrant_ids)?;
    Ok(Who {
        cases: cases
            .into_iter()
            .map(|k| (k.id, (k.case_number, k.migrant_id)))
            .collect(),
        names: people
            .into_iter()
            .filter(|m| m.office_id == office)
            .map(|m| {
                (
                    m.id,
                    crate::domain::name::full_name(&m.given_name, &m.family_name),
                )
            })
            .collect(),
    })
}

/// The records of the caller's office that look like the same person as
/// `id` (for a supervisor's merge), best first; a read of each one shown.
pub async fn possible_duplicates(
    app: &AppState,
    caller: &OfficeStaff,
    id: Uuid,
) -> Result<Vec<super::views::DuplicateView>, AppError> {
    let by = caller.clone();
    let (office, found) = app
        .db
        .run(move |c| {
            let row = migrants::load(c, &by, &id.to_string())?;
            let fields = migrants::fields_of(&row)?;
            let found = migrants::duplicates_for(c, &by, &fields)?
                .into_iter()
                .filter(|d| d.row.id != row.id && d.row.state == crate::store::migrant::ACTIVE)
                .collect::<Vec<_>>();
            Ok((row.office_id, found))
        })
        .await?;
    let events = found
        .iter()
        .map(|d| read_of(caller, EntityType::Migrant, &d.row.id, &office))
        .collect();
    app.audit.record_all(events).await?;
    found
        .iter()
        .map(super::views::DuplicateView::from_duplicate)
        .collect()
}
