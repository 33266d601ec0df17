//! `/cases/{id}`: a case with its services, notes, follow-ups and
//! referrals, and the actions office staff take on it (add a note, plan a
//! follow-up, record a service, close, reopen) — each a form that posts to
//! the page's path plus the action and calls the same service as the API.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::confirm::{ConfirmPage, confirmed};
use super::fields::Filled;
use super::labels::{label, options};
use super::login::Empty;
use super::page::{Chrome, Form, PageError, refusal, render, see_other};
use super::session::Signed;
use crate::auth::capability::*;
use crate::casefile::case_records::{self, ServiceFields};
use crate::casefile::views::{CaseView, FollowUpView, NoteView};
use crate::casefile::{cases, read};
use crate::directory::read::OrganizationFilter;
use crate::domain::reference::{
    CASE_PRIORITY, CASE_STATUS, CLOSURE_REASON, REFERRAL_URGENCY, SERVICE_STATUS, SERVICE_TYPE,
};
use crate::domain::referral::SHAREABLE;
use crate::error::AppError;
use crate::referral::view::ReferralView;
use crate::referral::workflow::{self, NewReferral};
use crate::state::AppState;
use crate::store::page::PageRequest;

/// A service as the page lists it.
pub struct ServiceLine {
    /// Type, labelled.
    pub kind: String,
    /// Status, labelled.
    pub status: String,
    /// Date.
    pub date: NaiveDate,
    /// `office`, or the organisation's id.
    pub provider: String,
    /// Notes.
    pub notes: Option<String>,
}

/// An organisation the case may be referred to: (id, name, each service it
/// offers as (code, label)).
type Offer = (Uuid, String, Vec<(String, String)>);

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    chrome: Chrome,
    case: CaseView,
    person: String,
    status: String,
    priority: String,
    services: Vec<ServiceLine>,
    notes: Vec<NoteView>,
    follow_ups: Vec<FollowUpView>,
    referrals: Vec<ReferralView>,
    service_types: Vec<(&'static str, String)>,
    service_statuses: Vec<(&'static str, String)>,
    closure_reasons: Vec<(&'static str, String)>,
    urgencies: Vec<(&'static str, String)>,
    shareable: Vec<(&'static str, String)>,
    /// Active organisations serving the office: (id, name, (service, label) offered).
    organizations: Vec<Offer>,
    /// Supervisors: the office's staff to assign to, and the offices to transfer to.
    supervisor: bool,
    staff: Vec<(Uuid, String)>,
    offices: Vec<(Uuid, String)>,
    error: Option<String>,
    form: Filled,
}

impl CasePage {
    fn is_assignee(&self, user: &Uuid) -> bool {
        self.case.assigned_to.as_ref() == Some(user)
    }
}

async fn page(
    state: &AppState,
    signed: &Signed,
    staff: &OfficeStaff,
    id: Uuid,
    error: Option<String>,
    form: Filled,
) -> Result<CasePage, PageError> {
    let case = read::case(state, staff, id).await.map_err(signed.fail())?;
    let person = read::who(state, staff, Vec::new(), vec![case.migrant_id.to_string()])
        .await
        .map_err(signed.fail())?
        .name_of(&case.migrant_id)
        .to_string();
    let lang = signed.chrome.t.lang;
    let services = read::services(state, staff, id)
        .await
        .map_err(signed.fail())?
        .into_iter()
        .map(|s| ServiceLine {
            kind: label(&SERVICE_TYPE, &s.service_type, lang),
            status: label(&SERVICE_STATUS, &s.status, lang),
            date: s.date,
            provider: s.provider,
            notes: s.notes,
        })
        .collect();
    let notes = read::notes(state, staff, id).await.map_err(signed.fail())?;
    let follow_ups = read::follow_ups(state, staff, id).await.map_err(signed.fail())?;
    let referrals = crate::referral::read::of_case(state, staff, id)
        .await
        .map_err(signed.fail())?;
    let filter = OrganizationFilter {
        office_id: Some(case.office_id.to_string()),
        active: Some(true),
        ..Default::default()
    };
    let organizations = crate::directory::read::organizations(
        state,
        staff,
        filter,
        PageRequest {
            after: None,
            limit: 200,
        },
    )
    .await
    .map_err(signed.fail())?
    .items
    .into_iter()
    .map(|o| {
        let offered = o
            .services
            .iter()
            .map(|s| (s.clone(), label(&SERVICE_TYPE, s, lang)))
            .collect();
        (o.id, o.name, offered)
    })
    .collect();
    let t = signed.chrome.t;
    let supervisor = staff.supervisor();
    let (mut colleagues, mut offices) = (Vec::new(), Vec::new());
    if let Some(supervisor) = supervisor {
        let filter = crate::admin::read::UserFilter {
            office_id: Some(case.office_id.to_string()),
            active: Some(true),
            ..Default::default()
        };
        colleagues = crate::admin::read::users(
            state,
            &supervisor.into(),
            filter,
            PageRequest {
                after: None,
                limit: 200,
            },
        )
        .await
        .map_err(signed.fail())?
        .items
        .into_iter()
        .filter(|u| {
            matches!(
                u.role,
                crate::auth::Role::Caseworker | crate::auth::Role::Supervisor
            )
        })
        .map(|u| (u.id, u.full_name))
        .collect();
        offices = crate::admin::read::offices(
            state,
            PageRequest {
                after: None,
                limit: 200,
            },
        )
        .await
        .map_err(signed.fail())?
        .items
        .into_iter()
        .filter(|o| o.id != case.office_id)
        .map(|o| (o.id, format!("{} — {}", o.code, o.name)))
        .collect();
    }
    Ok(CasePage {
        status: label(&CASE_STATUS, &case.status, lang),
        priority: label(&CASE_PRIORITY, &case.priority, lang),
        case,
        person,
        services,
        notes,
        follow_ups,
        referrals,
        service_types: options(&SERVICE_TYPE, lang),
        service_statuses: options(&SERVICE_STATUS, lang),
        closure_reasons: options(&CLOSURE_REASON, lang),
        urgencies: options(&REFERRAL_URGENCY, lang),
        shareable: SHAREABLE
            .iter()
            .map(|f| (*f, t.get(&format!("share-{}", f.replace('_', "-")))))
            .collect(),
        organizations,
        supervisor: staff.supervisor().is_some(),
        staff: colleagues,
        offices,
        error,
        form,
        chrome: signed.chrome.clone(),
    })
}

#[derive(Template)]
#[template(path = "case_print.html")]
struct CasePrint {
    chrome: Chrome,
    p: CasePage,
}

/// `GET /cases/{id}/print`: the case's summary for the paper file — the
/// person, the case, its services, referrals and follow-ups, no notes — on
/// one A4 page.
pub async fn print(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let p = page(&state, &signed, &staff, id.into_inner(), None, Filled::default()).await?;
    Ok(render(
        StatusCode::OK,
        &CasePrint {
            chrome: signed.chrome.clone(),
            p,
        },
    ))
}

/// `GET /cases/{id}`.
pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let p = page(&state, &signed, &staff, id.into_inner(), None, Filled::default()).await?;
    Ok(render(StatusCode::OK, &p))
}

/// The form an action came from, to show again when it is refused: its
/// name (the prefix of its fields on the page) and what was typed.
type Kept = Option<(&'static str, Vec<(String, String)>)>;

/// After an action: back to the case, or the case again with why not.
async fn after(
    state: &AppState,
    signed: &Signed,
    staff: &OfficeStaff,
    id: Uuid,
    done: Result<(), AppError>,
) -> Result<HttpResponse, PageError> {
    after_form(state, signed, staff, id, done, None, None).await
}

/// After an action from a form: back to the case, or the case again with
/// the form as it was typed and each field's message next to it, in the
/// visitor's language (other refusals above the page).
async fn after_form(
    state: &AppState,
    signed: &Signed,
    staff: &OfficeStaff,
    id: Uuid,
    done: Result<(), AppError>,
    kept: Kept,
    notice: Option<&'static str>,
) -> Result<HttpResponse, PageError> {
    let Err(e) = done else {
        let back = format!("/cases/{id}");
        return match notice {
            Some(key) => super::notice::then(state, signed, key, None, &back).await,
            None => Ok(see_other(&back)),
        };
    };
    if let (AppError::Unprocessable(errors), Some((name, pairs))) = (&e, &kept) {
        let prefixed: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (format!("{name}.{k}"), v.clone()))
            .collect();
        let errors = super::messages::translated(signed.chrome.t, errors.clone())
            .into_iter()
            .map(|f| crate::error::FieldError::new(format!("{name}.{}", f.field), f.message))
            .collect();
        let multi = format!("{name}.share");
        let form = Filled::from_pairs(&prefixed, &[multi.as_str()]).with_errors(errors);
        let p = page(state, signed, staff, id, None, form).await?;
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p));
    }
    let (status, text) = refusal(e).map_err(signed.fail())?;
    let p = page(state, signed, staff, id, Some(text), Filled::default()).await?;
    Ok(render(status, &p))
}

/// Runs `f` as `by` (office staff or a supervisor) on the case, then shows
/// the case again with `notice` (what was done) at the top.
async fn act<C, F>(
    state: &AppState,
    signed: &Signed,
    by: C,
    id: Uuid,
    kept: Kept,
    notice: &'static str,
    f: F,
) -> Result<HttpResponse, PageError>
where
    C: AsRef<OfficeStaff> + Clone + Send + 'static,
    F: FnOnce(&mut crate::db::DbConn, &C, &str) -> Result<(), AppError> + Send + 'static,
{
    let staff = by.as_ref().clone();
    let done = state.writes.run(move |c| f(c, &by, &id.to_string())).await;
    after_form(state, signed, &staff, id, done, kept, Some(notice)).await
}

/// The note form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteForm {
    /// The note.
    pub text: String,
}

/// `POST /cases/{id}/notes`.
pub async fn add_note(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<NoteForm>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let text = form.fields.text;
    let kept = Some(("note", vec![("text".to_string(), text.clone())]));
    act(
        &state,
        &signed,
        staff,
        id.into_inner(),
        kept,
        "notice-note-added",
        move |c, by, case| case_records::add_note(c, by, case, &text).map(|_| ()),
    )
    .await
}

/// The follow-up form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpForm {
    /// Due date.
    pub due_on: String,
    /// What to do.
    pub description: String,
}

/// `POST /cases/{id}/follow-ups`.
pub async fn add_follow_up(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<FollowUpForm>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    let FollowUpForm { due_on, description } = form.fields;
    let kept = Some((
        "follow_up",
        vec![
            ("due_on".to_string(), due_on.clone()),
            ("description".to_string(), description.clone()),
        ],
    ));
    let Ok(due_on) = NaiveDate::parse_from_str(due_on.trim(), "%Y-%m-%d") else {
        let done = Err(AppError::field("due_on", "must be a date (YYYY-MM-DD)"));
        return after_form(&state, &signed, &staff, id, done, kept, None).await;
    };
    act(
        &state,
        &signed,
        staff,
        id,
        kept,
        "notice-follow-up-added",
        move |c, by, case| case_records::add_follow_up(c, by, case, due_on, &description).map(|_| ()),
    )
    .await
}

/// The service form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceForm {
    /// `service_type` code.
    pub service_type: String,
    /// `service_status` code.
    pub status: String,
    /// Date.
    pub date: String,
    /// Notes.
    pub notes: Option<String>,
}

/// `POST /cases/{id}/services`: a service the office delivered or plans.
pub async fn add_service(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<ServiceForm>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    let f = form.fields;
    let kept = Some((
        "service",
        vec![
            ("service_type".to_string(), f.service_type.clone()),
            ("status".to_string(), f.status.clone()),
            ("date".to_string(), f.date.clone()),
            ("notes".to_string(), f.notes.clone().unwrap_or_default()),
        ],
    ));
    let Ok(date) = NaiveDate::parse_from_str(f.date.trim(), "%Y-%m-%d") else {
        let done = Err(AppError::field("date", "must be a date (YYYY-MM-DD)"));
        return after_form(&state, &signed, &staff, id, done, kept, None).await;
    };
    let fields = ServiceFields {
        service_type: f.service_type,
        status: f.status,
        date,
        provider: "office".into(),
        notes: f.notes.filter(|n| !n.trim().is_empty()),
    };
    act(
        &state,
        &signed,
        staff,
        id,
        kept,
        "notice-service-added",
        move |c, by, case| case_records::add_service(c, by, case, fields).map(|_| ()),
    )
    .await
}

/// The closure form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseForm {
    /// `closure_reason` code.
    pub reason: String,
    /// `yes` once the open referrals were shown.
    pub confirmed: Option<String>,
}

/// `POST /cases/{id}/close` (supervisors; a caseworker their own case).
pub async fn close(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<CloseForm>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    let CloseForm {
        reason,
        confirmed: yes,
    } = form.fields;
    if !confirmed(yes.as_deref()) {
        let open: Vec<_> = crate::referral::read::of_case(&state, &staff, id)
            .await
            .map_err(signed.fail())?
            .into_iter()
            .filter(|r| r.status.is_open())
            .collect();
        if !open.is_empty() {
            let t = signed.chrome.t;
            let mut consequences = vec![t.count("close-confirm-open", "count", open.len() as i64)];
            consequences.extend(open.iter().map(|r| {
                format!(
                    "{} — {}",
                    signed.chrome.code("service_type", &r.service_type),
                    signed.chrome.code("referral_status", r.status)
                )
            }));
            consequences.push(t.get("close-confirm-after"));
            let page = ConfirmPage {
                hidden: vec![("reason", reason)],
                submit: t.get("case-close"),
                ..ConfirmPage::new(
                    signed.chrome.clone(),
                    t.get("close-confirm-title"),
                    consequences,
                    format!("/cases/{id}/close"),
                    format!("/cases/{id}"),
                )
            };
            return Ok(render(StatusCode::OK, &page));
        }
    }
    act(
        &state,
        &signed,
        staff,
        id,
        None,
        "notice-case-closed",
        move |c, by, case| cases::close(c, by, case, &reason).map(|_| ()),
    )
    .await
}

/// `POST /cases/{id}/reopen`.
pub async fn reopen(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<Empty>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    act(
        &state,
        &signed,
        staff,
        id.into_inner(),
        None,
        "notice-case-reopened",
        move |c, by, case| cases::reopen(c, by, case).map(|_| ()),
    )
    .await
}

/// `POST /cases/{id}/referrals`: refers the case to a partner; a refusal
/// (no referral consent, an organisation that does not offer the service or
/// serve the office …) is shown on the case page with its reason.
pub async fn refer(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    let pairs = form.fields;
    let kept = Some(("referral", pairs.clone()));
    let one = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    // The page offers one choice of (organisation, service it offers);
    // the two fields separately are accepted as well.
    let offer = one("offer");
    let (organization_id, service_type) = match offer.as_deref().and_then(|o| o.split_once('/')) {
        Some((org, service)) => (org.to_string(), service.to_string()),
        None => (
            one("organization_id").unwrap_or_default(),
            one("service_type").unwrap_or_default(),
        ),
    };
    let new = NewReferral {
        organization_id,
        service_type,
        reason: one("reason").unwrap_or_default(),
        urgency: one("urgency").unwrap_or_default(),
        respond_by: one("respond_by"),
        share: pairs
            .iter()
            .filter(|(k, _)| k == "share")
            .map(|(_, v)| v.clone())
            .collect(),
    };
    let by = staff.clone();
    let created = state
        .writes
        .run(move |c| workflow::create(c, &by, &id.to_string(), new))
        .await;
    match created {
        Ok(row) => {
            super::notice::then(
                &state,
                &signed,
                "notice-referred",
                None,
                &format!("/referrals/{}", row.id),
            )
            .await
        }
        Err(e) => after_form(&state, &signed, &staff, id, Err(e), kept, None).await,
    }
}

/// The assignment form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignForm {
    /// A caseworker or supervisor of the case's office.
    pub user_id: Uuid,
}

/// `POST /cases/{id}/assign` (supervisors).
pub async fn assign(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<AssignForm>,
) -> Result<HttpResponse, PageError> {
    let supervisor: Supervisor = signed.allow(&state, &form).await?;
    let user = form.fields.user_id.to_string();
    act(
        &state,
        &signed,
        supervisor,
        id.into_inner(),
        None,
        "notice-case-assigned",
        move |c, by, case| cases::assign(c, by, case, &user).map(|_| ()),
    )
    .await
}

/// The transfer form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferForm {
    /// The office the case and its person move to.
    pub office_id: Uuid,
    /// `yes` once the confirmation page was read.
    pub confirmed: Option<String>,
}

/// `POST /cases/{id}/transfer` (supervisors): the case and its person move
/// to another office — so this office no longer sees it.
pub async fn transfer(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<TransferForm>,
) -> Result<HttpResponse, PageError> {
    let supervisor: Supervisor = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    let target = crate::admin::read::office(&state, form.fields.office_id).await;
    let target = match target {
        Ok(o) => o,
        Err(e) => return after(&state, &signed, &supervisor, id, Err(e)).await,
    };
    if !confirmed(form.fields.confirmed.as_deref()) {
        return confirm_transfer(&state, &signed, &supervisor, id, &target).await;
    }
    let (by, office) = (supervisor.clone(), target.id.to_string());
    let done = state
        .writes
        .run(move |c| cases::transfer(c, &by, &id.to_string(), &office).map(|_| ()))
        .await;
    match done {
        Ok(()) => {
            let to = format!("{} — {}", target.code, target.name);
            super::notice::then(&state, &signed, "notice-transferred", Some(to), "/").await
        }
        Err(e) => after(&state, &signed, &supervisor, id, Err(e)).await,
    }
}

/// What a transfer moves, and to whom, before it is done.
async fn confirm_transfer(
    state: &AppState,
    signed: &Signed,
    supervisor: &Supervisor,
    id: Uuid,
    target: &crate::admin::views::OfficeView,
) -> Result<HttpResponse, PageError> {
    let case = read::case(state, supervisor, id).await.map_err(signed.fail())?;
    let person = read::who(state, supervisor, Vec::new(), vec![case.migrant_id.to_string()])
        .await
        .map_err(signed.fail())?
        .name_of(&case.migrant_id)
        .to_string();
    let t = signed.chrome.t;
    let office = format!("{} — {}", target.code, target.name);
    let what = t.args(
        "transfer-confirm-what",
        &[
            ("case", &case.case_number),
            ("name", &person),
            ("office", &office),
        ],
    );
    let page = ConfirmPage {
        hidden: vec![("office_id", target.id.to_string())],
        submit: t.with("transfer-confirm-submit", "office", &office),
        ..ConfirmPage::new(
            signed.chrome.clone(),
            t.get("transfer-confirm-title"),
            vec![what, t.get("transfer-confirm-after")],
            format!("/cases/{id}/transfer"),
            format!("/cases/{id}"),
        )
    };
    Ok(render(StatusCode::OK, &page))
}
