//! `/migrants`: search (Latin and Arabic script), registration with the
//! duplicate warning, and a person's page — through the same services as
//! `/api/v1/migrants` (scope, validation, duplicate search, audit).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::confirm::{ConfirmPage, confirmed};
use super::fields::{Filled, Pairs, all, text, unknown};
use super::i18n::Lang;
use super::labels::{label, options};
use super::page::{Chrome, Form, PageError, refusal, render, see_other};
use super::session::Signed;
use crate::auth::capability::*;
use crate::casefile::migrants::ConsentStatement;
use crate::casefile::read::{self, CaseFilter, MigrantFilter};
use crate::casefile::registration;
use crate::casefile::views::{CaseView, ConsentView, DuplicateView, HouseholdMember, MigrantView};
use crate::domain::migrant::MigrantFields;
use crate::domain::reference::{
    CASE_PRIORITY, CONSENT_PURPOSE, LEGAL_STATUS, RELATIONSHIP, SEX, VULNERABILITY,
};
use crate::error::{AppError, FieldError};
use crate::listing::page_request;
use crate::state::AppState;
use crate::store::page::PageRequest;

/// A person in a list.
pub struct Row {
    /// Id.
    pub id: Uuid,
    /// Names as registered.
    pub name: String,
    /// Arabic-script name.
    pub name_ar: Option<String>,
    /// Sex, labelled.
    pub sex: String,
    /// Birth year.
    pub birth_year: Option<i32>,
    /// Nationality code.
    pub nationality: Option<String>,
}

fn row(m: &MigrantView, lang: Lang) -> Row {
    Row {
        id: m.id,
        name: format!("{} {}", m.given_name, m.family_name),
        name_ar: m.name_ar.clone(),
        sex: label(&SEX, &m.sex, lang),
        birth_year: m.birth_year,
        nationality: m.nationality.clone(),
    }
}

#[derive(Template)]
#[template(path = "migrants.html")]
struct SearchPage {
    chrome: Chrome,
    q: String,
    rows: Vec<Row>,
    /// The next page's link, keeping the search and filters.
    next: Option<String>,
    /// The first page's link, from a later page.
    first: Option<String>,
    searched: bool,
    /// How many people the search and filters select.
    total: i64,
    /// The filters as given.
    form: Filled,
    vulnerabilities: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    error: Option<String>,
}

/// Search parameters: the API's filters (blank is none).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// Names, any script.
    pub q: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub nationality: Option<String>,
    /// `vulnerability` code.
    pub vulnerability: Option<String>,
    /// `legal_status` code.
    pub legal_status: Option<String>,
    /// `yes` or `no`.
    pub open_case: Option<String>,
    /// Next page.
    pub cursor: Option<String>,
}

fn given(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// `GET /migrants`: search the office's people by name, nationality,
/// vulnerability, legal status and open case, paged with their count.
pub async fn search(
    state: web::Data<AppState>,
    signed: Signed,
    params: web::Query<SearchParams>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let p = params.into_inner();
    let q = p.q.clone().unwrap_or_default();
    let filter = MigrantFilter {
        q: given(&p.q),
        nationality: given(&p.nationality).map(|n| n.to_uppercase()),
        vulnerability: given(&p.vulnerability),
        legal_status: given(&p.legal_status),
        has_open_case: given(&p.open_case).map(|o| o == "yes"),
    };
    let pairs: Pairs = [
        ("q", &p.q),
        ("nationality", &p.nationality),
        ("vulnerability", &p.vulnerability),
        ("legal_status", &p.legal_status),
        ("open_case", &p.open_case),
    ]
    .into_iter()
    .filter_map(|(k, v)| given(v).map(|v| (k.to_string(), v)))
    .collect();
    let searched = !pairs.is_empty();
    let link = |cursor: Option<String>| {
        let mut all = pairs.clone();
        all.extend(cursor.map(|c| ("cursor".to_string(), c)));
        format!(
            "/migrants?{}",
            serde_urlencoded::to_string(&all).unwrap_or_default()
        )
    };
    let lang = signed.chrome.t.lang;
    let listed = match page_request(Some(50), given(&p.cursor).as_deref()) {
        Ok(page) => match read::migrants(&state, &staff, filter.clone(), page).await {
            Ok(list) => read::count_migrants(&state, &staff, filter)
                .await
                .map(|total| (list, total)),
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    let (rows, next, total, error) = match listed {
        Ok((list, total)) => (
            list.items.iter().map(|m| row(m, lang)).collect(),
            list.next_cursor.map(|c| link(Some(c))),
            total,
            None,
        ),
        Err(e) => {
            let (_, text) = refusal(e).map_err(signed.fail())?;
            (Vec::new(), None, 0, Some(text))
        }
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(render(
        status,
        &SearchPage {
            rows,
            next,
            first: given(&p.cursor).map(|_| link(None)),
            searched,
            total,
            form: Filled::from_pairs(&pairs, &[]),
            vulnerabilities: options(&VULNERABILITY, lang),
            statuses: options(&LEGAL_STATUS, lang),
            error,
            q,
            chrome: signed.chrome,
        },
    ))
}

#[derive(Template)]
#[template(path = "migrant_new.html")]
struct NewPage {
    chrome: Chrome,
    form: Filled,
    duplicates: Vec<DuplicateView>,
    sexes: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    vulnerabilities: Vec<(&'static str, String)>,
    purposes: Vec<(&'static str, String)>,
}

fn new_page(chrome: Chrome, form: Filled) -> NewPage {
    let lang = chrome.t.lang;
    NewPage {
        form,
        duplicates: Vec::new(),
        sexes: options(&SEX, lang),
        statuses: options(&LEGAL_STATUS, lang),
        vulnerabilities: options(&VULNERABILITY, lang),
        purposes: options(&CONSENT_PURPOSE, lang),
        chrome,
    }
}

const MULTI: &[&str] = &["vulnerabilities", "consents", "languages"];

/// The registration form's fields (anything else is refused).
const REGISTRATION_FIELDS: &[&str] = &[
    "given_name",
    "family_name",
    "name_ar",
    "sex",
    "birth_date",
    "birth_year",
    "nationality",
    "languages",
    "phone",
    "district",
    "arrival_date",
    "legal_status",
    "vulnerabilities",
    "consents",
    "confirm",
];

/// `GET /migrants/new`: the registration form (registration consent ticked).
pub async fn new(state: web::Data<AppState>, signed: Signed) -> Result<HttpResponse, PageError> {
    let _staff: OfficeStaff = signed.grant(&state).await?;
    let defaults = [("legal_status".to_string(), "unknown".to_string())];
    Ok(render(
        StatusCode::OK,
        &new_page(signed.chrome, Filled::from_pairs(&defaults, MULTI)),
    ))
}

/// The registration as the API receives it; a date or a year that does not
/// parse is a field error like any other.
fn fields_of(pairs: &[(String, String)]) -> Result<(MigrantFields, Vec<ConsentStatement>), Vec<FieldError>> {
    let mut errors = unknown(pairs, REGISTRATION_FIELDS);
    let mut date = |name: &str| -> Option<NaiveDate> {
        let v = text(pairs, name)?;
        NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .map_err(|_| errors.push(FieldError::new(name, "must be a date (YYYY-MM-DD)")))
            .ok()
    };
    let birth_date = date("birth_date");
    let arrival_date = date("arrival_date");
    let birth_year = match text(pairs, "birth_year").map(|y| y.parse::<i32>()) {
        None => None,
        Some(Ok(y)) => Some(y),
        Some(Err(_)) => {
            errors.push(FieldError::new("birth_year", "must be a year, e.g. 1990"));
            None
        }
    };
    // A box left unticked was not asked (nothing is recorded), not refused:
    // consent is recorded, renewed or withdrawn later from the person's page.
    let consents = all(pairs, "consents")
        .into_iter()
        .map(|purpose| ConsentStatement {
            purpose,
            given: true,
            note: None,
        })
        .collect();
    let fields = MigrantFields {
        given_name: text(pairs, "given_name").unwrap_or_default(),
        family_name: text(pairs, "family_name").unwrap_or_default(),
        name_ar: text(pairs, "name_ar"),
        sex: text(pairs, "sex").unwrap_or_default(),
        birth_date,
        birth_year,
        nationality: text(pairs, "nationality").map(|n| n.to_uppercase()),
        languages: all(pairs, "languages"),
        phone: text(pairs, "phone"),
        district: text(pairs, "district"),
        legal_status: crate::domain::migrant::legal_status_or_unknown(text(pairs, "legal_status")),
        vulnerabilities: all(pairs, "vulnerabilities"),
        arrival_date,
        household_id: None,
        relationship_to_head: None,
        documents: Vec::new(),
    };
    if errors.is_empty() {
        Ok((fields, consents))
    } else {
        Err(errors)
    }
}

/// `POST /migrants/new`: registers the person and opens their page — or,
/// when records of the office look like the same person and the staff have
/// not confirmed yet, shows them (with links) before anything is saved.
pub async fn create(
    state: web::Data<AppState>,
    signed: Signed,
    form: Form<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let pairs = form.fields;
    let confirmed = text(&pairs, "confirm").is_some();
    let shown: Vec<(String, String)> = pairs.iter().filter(|(k, _)| k != "confirm").cloned().collect();
    let prepared = match fields_of(&pairs) {
        Err(errors) => Err(AppError::Unprocessable(errors)),
        Ok((fields, consents)) => registration::prepare(&state, &staff, fields, consents).await,
    };
    let prepared = match prepared {
        Ok(p) => p,
        Err(AppError::Unprocessable(errors)) => {
            let errors = super::messages::translated(signed.chrome.t, errors);
            let page = new_page(
                signed.chrome,
                Filled::from_pairs(&shown, MULTI).with_errors(errors),
            );
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
        Err(e) => return Err(PageError::app(e, signed.chrome.t)),
    };
    if !confirmed && prepared.has_duplicates() {
        let mut page = new_page(signed.chrome.clone(), Filled::from_pairs(&shown, MULTI));
        page.duplicates = prepared
            .duplicate_views()
            .map_err(|e| PageError::app(e, signed.chrome.t))?;
        return Ok(render(StatusCode::OK, &page));
    }
    let t = signed.chrome.t;
    let view = state
        .writes
        .run(move |c| prepared.register(c))
        .await
        .map_err(|e| PageError::app(e, t))?;
    let to = format!("/migrants/{}", view.migrant.id);
    super::notice::then(&state, &signed, "notice-registered", None, &to).await
}

/// One consent purpose on the person's page: what it says, where it
/// stands, and the form that records, renews or withdraws it.
pub struct ConsentLine {
    /// `consent_purpose` code.
    pub purpose: &'static str,
    /// Its label.
    pub label: String,
    /// `given`, `withdrawn` or `none` (never asked).
    pub state: &'static str,
    /// When the latest statement was recorded.
    pub at: Option<String>,
    /// Who recorded it (the staff member's name).
    pub by: Option<String>,
}

#[derive(Template)]
#[template(path = "migrant.html")]
struct PersonPage {
    chrome: Chrome,
    m: MigrantView,
    sex: String,
    legal_status: String,
    vulnerabilities: Vec<String>,
    consents: Vec<ConsentLine>,
    history: Vec<ConsentView>,
    cases: Vec<CaseView>,
    supervisor: bool,
    duplicates: Vec<DuplicateView>,
    household: Vec<(HouseholdMember, Option<String>)>,
    priorities: Vec<(&'static str, String)>,
    error: Option<String>,
}

/// `GET /migrants/{id}`: a person's page (details, consents with their
/// history, cases; for supervisors the records that look like the same
/// person, to merge), recorded as reads of the person.
pub async fn person(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let p = person_page(&state, &signed, &staff, id.into_inner(), None).await?;
    Ok(render(StatusCode::OK, &p))
}

async fn person_page(
    state: &AppState,
    signed: &Signed,
    staff: &OfficeStaff,
    id: Uuid,
    error: Option<String>,
) -> Result<PersonPage, PageError> {
    let m = read::migrant(state, staff, id).await.map_err(signed.fail())?;
    let history = read::consent_history(state, staff, id)
        .await
        .map_err(signed.fail())?;
    let cases = cases_of(state, signed, staff, id).await?;
    let lang = signed.chrome.t.lang;
    let latest = m.consents.as_deref().unwrap_or_default();
    let recorders = read::staff_names(
        state,
        staff,
        latest.iter().filter_map(|c| c.recorded_by).collect(),
    )
    .await
    .map_err(signed.fail())?;
    let consents = CONSENT_PURPOSE
        .codes
        .iter()
        .map(|p| {
            let now = latest.iter().find(|c| c.purpose == p.code);
            ConsentLine {
                purpose: p.code,
                label: label(&CONSENT_PURPOSE, p.code, lang),
                state: match now {
                    Some(c) if c.given => "given",
                    Some(_) => "withdrawn",
                    None => "none",
                },
                at: now.map(|c| signed.chrome.fmt.day(c.recorded_at)),
                by: now
                    .and_then(|c| c.recorded_by)
                    .and_then(|u| recorders.get(&u).cloned()),
            }
        })
        .collect();
    let household = match m.household_id {
        Some(h) => read::household(state, staff, h)
            .await
            .map_err(signed.fail())?
            .members
            .into_iter()
            .map(|h| {
                let relationship = h
                    .relationship_to_head
                    .as_deref()
                    .map(|r| label(&RELATIONSHIP, r, lang));
                (h, relationship)
            })
            .collect(),
        None => Vec::new(),
    };
    let supervisor = staff.supervisor().is_some();
    let duplicates = if supervisor && m.state == "active" {
        read::possible_duplicates(state, staff, id)
            .await
            .map_err(signed.fail())?
    } else {
        Vec::new()
    };
    Ok(PersonPage {
        sex: label(&SEX, &m.sex, lang),
        legal_status: label(&LEGAL_STATUS, &m.legal_status, lang),
        vulnerabilities: m
            .vulnerabilities
            .iter()
            .map(|v| label(&VULNERABILITY, v, lang))
            .collect(),
        consents,
        history,
        cases,
        supervisor,
        duplicates,
        household,
        priorities: options(&CASE_PRIORITY, lang),
        error,
        m,
        chrome: signed.chrome.clone(),
    })
}

/// `GET /migrants/{id}/export`: everything held on the person (a
/// subject-access request) as a JSON download — the same export, scope and
/// audit entry as `GET /api/v1/migrants/{id}/export`.
pub async fn export(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let id = id.into_inner();
    let view = crate::subject_access::export(&state, &staff, id)
        .await
        .map_err(signed.fail())?;
    Ok(HttpResponse::Ok()
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"migrant-{id}.json\""),
        ))
        .json(view))
}

#[derive(Template)]
#[template(path = "subject_access.html")]
struct SubjectAccessPage {
    chrome: Chrome,
    x: crate::subject_access::ExportView,
}

/// `GET /migrants/{id}/subject-access`: the same export as a page to read
/// or print for the person (same scope, same `export` audit entry).
pub async fn subject_access(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let x = crate::subject_access::export(&state, &staff, id.into_inner())
        .await
        .map_err(signed.fail())?;
    Ok(render(
        StatusCode::OK,
        &SubjectAccessPage {
            chrome: signed.chrome.clone(),
            x,
        },
    ))
}

async fn person_after(
    state: &AppState,
    signed: &Signed,
    staff: &OfficeStaff,
    id: Uuid,
    done: Result<(), AppError>,
) -> Result<HttpResponse, PageError> {
    let Err(e) = done else {
        return Ok(see_other(&format!("/migrants/{id}")));
    };
    let (status, text) = super::page::refusal(e).map_err(signed.fail())?;
    let p = person_page(state, signed, staff, id, Some(text)).await?;
    Ok(render(status, &p))
}

/// The open-a-case form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenCaseForm {
    /// `case_priority` code.
    pub priority: Option<String>,
    /// What the case is about.
    pub summary: Option<String>,
}

/// `POST /migrants/{id}/cases`: opens a case for the person (a
/// caseworker's case is theirs) and shows it.
pub async fn open_case(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<OpenCaseForm>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    let blank = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let new = crate::casefile::cases::NewCase {
        migrant_id: id.to_string(),
        priority: blank(form.fields.priority),
        summary: blank(form.fields.summary),
        assigned_to: None,
    };
    let by = staff.clone();
    match state
        .writes
        .run(move |c| crate::casefile::cases::open(c, &by, new))
        .await
    {
        Ok(case) => {
            let to = format!("/cases/{}", case.id);
            super::notice::then(&state, &signed, "notice-case-opened", None, &to).await
        }
        Err(e) => person_after(&state, &signed, &staff, id, Err(e)).await,
    }
}

/// A consent statement recorded from the person's page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentForm {
    /// `consent_purpose` code.
    pub purpose: String,
    /// `yes` (given or renewed) or `no` (withdrawn or refused).
    pub given: String,
    /// How and by whom it was expressed.
    pub note: Option<String>,
    /// `yes` once the referrals a withdrawal closes were shown.
    pub confirmed: Option<String>,
}

/// `POST /migrants/{id}/consents`: records, renews or withdraws one
/// purpose through the same service as `POST /api/v1/migrants/{id}/consents`;
/// withdrawing the referral consent first says which referrals it closes
/// to their organisations.
pub async fn record_consent(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<ConsentForm>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    let ConsentForm {
        purpose,
        given,
        note,
        confirmed: yes,
    } = form.fields;
    let given = given == "yes";
    if purpose == "referral" && !given && !confirmed(yes.as_deref()) {
        let open = referrals_closed_by_withdrawal(&state, &signed, &staff, id).await?;
        if !open.is_empty() {
            let t = signed.chrome.t;
            let mut consequences = vec![t.count("consent-withdraw-closes", "count", open.len() as i64)];
            consequences.extend(open);
            consequences.push(t.get("consent-withdraw-after"));
            let page = ConfirmPage {
                hidden: vec![
                    ("purpose", purpose),
                    ("given", "no".into()),
                    ("note", note.unwrap_or_default()),
                ],
                submit: t.get("consent-withdraw"),
                ..ConfirmPage::new(
                    signed.chrome.clone(),
                    t.get("consent-withdraw-title"),
                    consequences,
                    format!("/migrants/{id}/consents"),
                    format!("/migrants/{id}"),
                )
            };
            return Ok(render(StatusCode::OK, &page));
        }
    }
    let statement = ConsentStatement {
        purpose,
        given,
        note: note.filter(|n| !n.trim().is_empty()),
    };
    let by = staff.clone();
    let done = state
        .writes
        .run(move |c| {
            crate::casefile::migrants::record_consent(c, &by, &id.to_string(), statement).map(|_| ())
        })
        .await;
    match done {
        Ok(()) => {
            super::notice::then(
                &state,
                &signed,
                "notice-consent-recorded",
                None,
                &format!("/migrants/{id}"),
            )
            .await
        }
        Err(e) => person_after(&state, &signed, &staff, id, Err(e)).await,
    }
}

/// Every case of the person (open and closed), as the office sees them.
async fn cases_of(
    state: &AppState,
    signed: &Signed,
    staff: &OfficeStaff,
    id: Uuid,
) -> Result<Vec<CaseView>, PageError> {
    let filter = CaseFilter {
        migrant_id: Some(id.to_string()),
        ..Default::default()
    };
    let page = PageRequest {
        after: None,
        limit: 200,
    };
    Ok(read::case_list(state, staff, filter, page)
        .await
        .map_err(signed.fail())?
        .items)
}

/// The open referrals of the person's cases, as lines of the confirmation.
async fn referrals_closed_by_withdrawal(
    state: &AppState,
    signed: &Signed,
    staff: &OfficeStaff,
    id: Uuid,
) -> Result<Vec<String>, PageError> {
    let cases = cases_of(state, signed, staff, id).await?;
    let mut lines = Vec::new();
    for case in cases {
        for r in crate::referral::read::of_case(state, staff, case.id)
            .await
            .map_err(signed.fail())?
            .into_iter()
            .filter(|r| r.status.is_open())
        {
            let party = ReferralParty::from(staff.clone());
            let org = crate::referral::read::context(state, &party, r.id)
                .await
                .map_err(signed.fail())?
                .organization;
            lines.push(format!(
                "{} · {} · {} — {}",
                case.case_number,
                org,
                signed.chrome.code("service_type", &r.service_type),
                signed.chrome.code("referral_status", r.status)
            ));
        }
    }
    Ok(lines)
}

/// The merge form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeForm {
    /// The record retired into this one.
    pub duplicate_id: Uuid,
    /// `yes` once the side-by-side comparison was read.
    pub confirmed: Option<String>,
}

/// `POST /migrants/{id}/merge` (supervisors): the duplicate's cases and
/// consents move to this record, and the duplicate is retired.
pub async fn merge(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<MergeForm>,
) -> Result<HttpResponse, PageError> {
    let supervisor: Supervisor = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    if !confirmed(form.fields.confirmed.as_deref()) {
        return confirm_merge(&state, &signed, &supervisor, id, form.fields.duplicate_id).await;
    }
    let (by, duplicate) = (supervisor.clone(), form.fields.duplicate_id.to_string());
    let done = state
        .writes
        .run(move |c| crate::casefile::migrants::merge(c, &by, &id.to_string(), &duplicate).map(|_| ()))
        .await;
    match done {
        Ok(()) => {
            super::notice::then(&state, &signed, "notice-merged", None, &format!("/migrants/{id}")).await
        }
        Err(e) => person_after(&state, &signed, &supervisor, id, Err(e)).await,
    }
}

/// The two records side by side, field by field, and what the merge keeps.
async fn confirm_merge(
    state: &AppState,
    signed: &Signed,
    supervisor: &Supervisor,
    keep: Uuid,
    duplicate: Uuid,
) -> Result<HttpResponse, PageError> {
    let a = read::migrant(state, supervisor, keep)
        .await
        .map_err(signed.fail())?;
    let b = read::migrant(state, supervisor, duplicate)
        .await
        .map_err(signed.fail())?;
    let t = signed.chrome.t;
    let lang = t.lang;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let born = |m: &MigrantView| {
        m.birth_date
            .map(|d| signed.chrome.fmt.date(d))
            .or(m.birth_year.map(|y| y.to_string()))
            .unwrap_or_default()
    };
    let row = |key: &str, f: &dyn Fn(&MigrantView) -> String| (t.get(key), vec![f(&a), f(&b)]);
    let table = vec![
        row("register-given-name", &|m| m.given_name.clone()),
        row("register-family-name", &|m| m.family_name.clone()),
        row("register-sex", &|m| label(&SEX, &m.sex, lang)),
        row("register-birth-date", &born),
        row("register-nationality", &|m| opt(&m.nationality)),
        row("register-phone", &|m| opt(&m.phone)),
        row("register-district", &|m| opt(&m.district)),
        row("register-legal-status", &|m| {
            label(&LEGAL_STATUS, &m.legal_status, lang)
        }),
    ];
    let page = ConfirmPage {
        columns: vec![t.get("merge-confirm-kept"), t.get("merge-confirm-retired")],
        table,
        hidden: vec![("duplicate_id", duplicate.to_string())],
        submit: t.get("person-merge"),
        ..ConfirmPage::new(
            signed.chrome.clone(),
            t.get("merge-confirm-title"),
            vec![t.get("merge-confirm-what"), t.get("merge-confirm-fields")],
            format!("/migrants/{keep}/merge"),
            format!("/migrants/{keep}"),
        )
    };
    Ok(render(StatusCode::OK, &page))
}

/// The anonymisation form: confirmed by typing what identifies the record.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnonymiseForm {
    /// `yes` on the confirmation page.
    pub confirmed: Option<String>,
    /// What the user typed: the number of the person's latest case (their
    /// family name when they have no case).
    pub typed: Option<String>,
}

/// `POST /migrants/{id}/anonymise` (supervisors; irreversible).
pub async fn anonymise(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<AnonymiseForm>,
) -> Result<HttpResponse, PageError> {
    let supervisor: Supervisor = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    let m = read::migrant(&state, &supervisor, id)
        .await
        .map_err(signed.fail())?;
    let latest = cases_of(&state, &signed, &supervisor, id)
        .await?
        .into_iter()
        .max_by_key(|c| c.opened_at)
        .map(|c| c.case_number);
    let t = signed.chrome.t;
    let (expected, typed_label) = match latest {
        Some(n) => (n, t.get("anonymise-type-case")),
        None => (m.family_name.clone(), t.get("anonymise-type-name")),
    };
    let typed = form.fields.typed.as_deref().map(str::trim);
    let matches = typed.is_some_and(|v| !v.is_empty() && v.to_lowercase() == expected.trim().to_lowercase());
    if !confirmed(form.fields.confirmed.as_deref()) || !matches {
        let error = typed
            .filter(|_| !matches)
            .map(|_| t.get("anonymise-type-mismatch"));
        let name = crate::domain::name::full_name(&m.given_name, &m.family_name);
        let page = ConfirmPage {
            typed: Some(t.with("anonymise-type", "what", &typed_label)),
            error: error.clone(),
            submit: t.get("person-anonymise"),
            ..ConfirmPage::new(
                signed.chrome.clone(),
                t.get("anonymise-confirm-title"),
                vec![
                    t.with("anonymise-confirm-what", "name", &name),
                    t.get("anonymise-confirm-kept"),
                ],
                format!("/migrants/{id}/anonymise"),
                format!("/migrants/{id}"),
            )
        };
        let status = if error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        return Ok(render(status, &page));
    }
    let by = supervisor.clone();
    let done = state
        .writes
        .run(move |c| crate::casefile::migrants::anonymise(c, &by, &id.to_string()).map(|_| ()))
        .await;
    match done {
        Ok(()) => {
            super::notice::then(
                &state,
                &signed,
                "notice-anonymised",
                None,
                &format!("/migrants/{id}"),
            )
            .await
        }
        Err(e) => person_after(&state, &signed, &supervisor, id, Err(e)).await,
    }
}
