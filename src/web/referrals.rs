//! `/referrals`: the office's referrals, or a partner's inbox (new,
//! accepted, overdue); a referral's page with its history and — for the
//! addressed partner — only what the referral shares of the person
//! (nothing once consent is withdrawn); and the actions: accept, decline
//! with a reason, record a service, complete (the partner), cancel (the
//! office). The same services as `/api/v1/referrals`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::labels::{label, options};
use super::locale::Formats;
use super::login::Empty;
use super::page::{Chrome, Form, PageError, refusal, render};
use super::session::Signed;
use crate::auth::capability::*;
use crate::casefile::read::Who;
use crate::domain::reference::{SERVICE_STATUS, SERVICE_TYPE, SEX, VULNERABILITY};
use crate::domain::referral::{ReferralStatus, Transition};
use crate::error::AppError;
use crate::referral::read::{self, ListFilter, ReferralContext};
use crate::referral::view::ReferralView;
use crate::referral::workflow;
use crate::state::AppState;

/// A referral in a list.
pub struct Line {
    /// Id.
    pub id: Uuid,
    /// Service asked for, labelled.
    pub service: String,
    /// Status code.
    pub status: ReferralStatus,
    /// Answer expected by.
    pub respond_by: chrono::DateTime<chrono::Utc>,
    /// Late.
    pub overdue: bool,
    /// Who it is about, as the viewer may see them.
    pub person: String,
    /// The case number (the office's view).
    pub case_number: String,
}

fn line(r: &ReferralView, t: super::i18n::Tr, who: &Who) -> Line {
    Line {
        id: r.id,
        service: label(&SERVICE_TYPE, &r.service_type, t.lang),
        status: r.status,
        respond_by: r.respond_by,
        overdue: r.overdue,
        person: super::who::referred(r, who),
        case_number: super::who::case_number(r, who),
    }
}

#[derive(Template)]
#[template(path = "referrals.html")]
struct ListPage {
    chrome: Chrome,
    status: String,
    statuses: Vec<(&'static str, String)>,
    lines: Vec<Line>,
    total: i64,
    next: Option<String>,
    /// A partner's accepted referrals: the distribution form.
    distribution: bool,
    service_types: Vec<(&'static str, String)>,
    day: String,
    error: Option<String>,
}

/// What the list shows.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// A `referral_status` code, or `all` (default: `pending`).
    pub status: Option<String>,
    /// The next page.
    pub cursor: Option<String>,
}

/// `GET /referrals`: the caller's referrals in one status (or all), newest
/// first, 50 a page with how many there are in all.
pub async fn list(
    state: web::Data<AppState>,
    signed: Signed,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    let ListQuery { status, cursor } = query.into_inner();
    let p = list_page(&state, &signed, status, cursor, None).await?;
    Ok(render(StatusCode::OK, &p))
}

async fn list_page(
    state: &AppState,
    signed: &Signed,
    status: Option<String>,
    cursor: Option<String>,
    error: Option<String>,
) -> Result<ListPage, PageError> {
    let party: ReferralParty = signed.grant(state).await?;
    let status = status.unwrap_or_else(|| "pending".into());
    let filter = ListFilter {
        status: (status != "all").then(|| status.clone()),
        overdue: false,
        newest_first: true,
    };
    let page = crate::listing::page_request(Some(50), cursor.as_deref()).map_err(signed.fail())?;
    let total = read::count(state, &party, filter.clone())
        .await
        .map_err(signed.fail())?;
    let listed = read::list(state, &party, filter, page)
        .await
        .map_err(signed.fail())?;
    let who = match &party {
        ReferralParty::Office(staff) => {
            let cases = listed
                .items
                .iter()
                .filter_map(|r| r.case_id)
                .map(|k| k.to_string())
                .collect();
            crate::casefile::read::who(state, staff, cases, Vec::new())
                .await
                .map_err(signed.fail())?
        }
        ReferralParty::Partner(_) => Who::default(),
    };
    let t = signed.chrome.t;
    let lines: Vec<Line> = listed.items.iter().map(|r| line(r, t, &who)).collect();
    let mut statuses: Vec<(&'static str, String)> = crate::domain::reference::REFERRAL_STATUS
        .codes
        .iter()
        .map(|c| {
            (
                c.code,
                label(&crate::domain::reference::REFERRAL_STATUS, c.code, t.lang),
            )
        })
        .collect();
    statuses.push(("all", t.get("ref-all")));
    let distribution =
        matches!(party, ReferralParty::Partner(_)) && status == "accepted" && !lines.is_empty();
    Ok(ListPage {
        chrome: signed.chrome.clone(),
        status,
        statuses,
        lines,
        total,
        next: listed.next_cursor,
        distribution,
        service_types: options(&SERVICE_TYPE, t.lang),
        day: crate::db::now().date().to_string(),
        error,
    })
}

/// `POST /referrals/distribution`: a partner's distribution to the people
/// of the accepted referrals ticked on its list.
pub async fn distribution(
    state: web::Data<AppState>,
    signed: Signed,
    form: Form<super::fields::Pairs>,
) -> Result<HttpResponse, PageError> {
    use crate::referral::distribution::{self as partner, PartnerDistribution};
    let caller: Partner = signed.allow(&state, &form).await?;
    let pairs = form.fields;
    let value = |k: &str| super::fields::text(&pairs, k);
    let mut errors = super::fields::unknown(
        &pairs,
        &[
            "referral",
            "service_type",
            "date",
            "place",
            "quantity",
            "allow_repeat",
        ],
    );
    let date = value("date").and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    if date.is_none() {
        errors.push(crate::error::FieldError::new(
            "date",
            "must be a date (YYYY-MM-DD)",
        ));
    }
    let new = PartnerDistribution {
        service_type: value("service_type").unwrap_or_default(),
        date: date.unwrap_or_default(),
        place: value("place"),
        quantity: value("quantity").and_then(|q| q.parse().ok()),
        referral_ids: pairs
            .iter()
            .filter(|(k, _)| k == "referral")
            .filter_map(|(_, v)| Uuid::parse_str(v).ok())
            .collect(),
        allow_repeat: value("allow_repeat").is_some(),
    };
    let done = if errors.is_empty() {
        state.db.run(move |c| partner::record(c, &caller, new)).await
    } else {
        Err(AppError::Unprocessable(errors))
    };
    match done {
        Ok(view) => {
            super::notice::then(
                &state,
                &signed,
                "notice-distribution-recorded",
                Some(view.served.to_string()),
                "/referrals?status=accepted",
            )
            .await
        }
        Err(e) => {
            let (status, text) = refusal(e).map_err(signed.fail())?;
            let p = list_page(&state, &signed, Some("accepted".into()), None, Some(text)).await?;
            Ok(render(status, &p))
        }
    }
}

#[derive(Template)]
#[template(path = "referral.html")]
struct ReferralPage {
    chrome: Chrome,
    r: ReferralView,
    service: String,
    partner: bool,
    person: Option<Person>,
    service_types: Vec<(&'static str, String)>,
    service_statuses: Vec<(&'static str, String)>,
    error: Option<String>,
    /// The organisation, the referring office and what was recorded.
    ctx: ReferralContext,
    /// What the referral shares, labelled (the minimal view first).
    shared: Vec<String>,
    /// Times in the referring office's zone, for both parties alike.
    office_fmt: Formats,
    /// The slip's reference.
    reference: String,
}

/// The person as the partner may see them.
pub struct Person {
    /// Given (and, when shared, family) name.
    pub name: String,
    /// Sex, labelled.
    pub sex: String,
    /// Age.
    pub age: Option<i32>,
    /// Shared: phone.
    pub phone: Option<String>,
    /// Shared: birth date.
    pub birth_date: Option<NaiveDate>,
    /// Shared: nationality.
    pub nationality: Option<String>,
    /// Shared: vulnerabilities, labelled.
    pub vulnerabilities: Vec<String>,
}

async fn page(
    state: &AppState,
    signed: &Signed,
    party: &ReferralParty,
    id: Uuid,
    error: Option<String>,
) -> Result<ReferralPage, PageError> {
    let r = read::get(state, party, id).await.map_err(signed.fail())?;
    let ctx = read::context(state, party, id).await.map_err(signed.fail())?;
    let lang = signed.chrome.t.lang;
    let t = signed.chrome.t;
    let shared = ["register-given-name", "register-sex", "ref-age"]
        .into_iter()
        .map(str::to_string)
        .chain(r.share.iter().map(|f| format!("share-{}", f.replace('_', "-"))))
        .map(|key| t.get(&key))
        .collect();
    let office_fmt = Formats::new(lang, Some(&ctx.office_country)).in_zone(ctx.office_zone);
    let person = r.migrant.as_ref().and_then(|m| m.as_ref()).map(|m| Person {
        name: match &m.family_name {
            Some(f) => format!("{} {f}", m.given_name),
            None => m.given_name.clone(),
        },
        sex: label(&SEX, &m.sex, lang),
        age: m.age,
        phone: m.phone.clone(),
        birth_date: m.birth_date,
        nationality: m.nationality.clone(),
        vulnerabilities: m
            .vulnerabilities
            .iter()
            .flatten()
            .map(|v| label(&VULNERABILITY, v, lang))
            .collect(),
    });
    Ok(ReferralPage {
        service: label(&SERVICE_TYPE, &r.service_type, lang),
        partner: matches!(party, ReferralParty::Partner(_)),
        person,
        r,
        service_types: options(&SERVICE_TYPE, lang),
        service_statuses: options(&SERVICE_STATUS, lang),
        error,
        reference: reference(id),
        ctx,
        shared,
        office_fmt,
        chrome: signed.chrome.clone(),
    })
}

/// The short reference printed on the slip and shown on the referral's
/// page, so that the association finds the referral the person brings:
/// the last eight hexadecimal digits of its id, upper case.
pub fn reference(id: Uuid) -> String {
    let hex = id.simple().to_string().to_uppercase();
    format!("{}-{}", &hex[24..28], &hex[28..32])
}

#[derive(Template)]
#[template(path = "referral_slip.html")]
struct SlipPage {
    chrome: Chrome,
    p: ReferralPage,
    reference: String,
}

/// `GET /referrals/{id}/slip`: what the person carries to the association
/// (its name, address and contact, the referring office, what was shared,
/// the reference) — nothing about the person — on one A4 page.
pub async fn slip(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, PageError> {
    let party: ReferralParty = signed.grant(&state).await?;
    let id = id.into_inner();
    let p = page(&state, &signed, &party, id, None).await?;
    Ok(render(
        StatusCode::OK,
        &SlipPage {
            chrome: signed.chrome.clone(),
            p,
            reference: reference(id),
        },
    ))
}

/// `GET /referrals/{id}`.
pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, PageError> {
    let party: ReferralParty = signed.grant(&state).await?;
    let p = page(&state, &signed, &party, id.into_inner(), None).await?;
    Ok(render(StatusCode::OK, &p))
}

async fn after(
    state: &AppState,
    signed: &Signed,
    party: &ReferralParty,
    id: Uuid,
    done: Result<(), AppError>,
) -> Result<HttpResponse, PageError> {
    let Err(e) = done else {
        let to = format!("/referrals/{id}");
        return super::notice::then(state, signed, "notice-referral-saved", None, &to).await;
    };
    let (status, text) = refusal(e).map_err(signed.fail())?;
    let p = page(state, signed, party, id, Some(text)).await?;
    Ok(render(status, &p))
}

async fn transition(
    state: &AppState,
    signed: &Signed,
    party: ReferralParty,
    id: Uuid,
    t: Transition,
    text: Option<String>,
) -> Result<HttpResponse, PageError> {
    let by = party.clone();
    let done = state
        .writes
        .run(move |c| workflow::by_route(c, &by, &id.to_string(), t, text).map(|_| ()))
        .await;
    after(state, signed, &party, id, done).await
}

/// A reason or an outcome.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextForm {
    /// The reason (decline, cancel) or outcome (complete).
    pub text: String,
}

/// `POST /referrals/{id}/accept` (the addressed partner).
pub async fn accept(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<Empty>,
) -> Result<HttpResponse, PageError> {
    let partner: Partner = signed.allow(&state, &form).await?;
    transition(
        &state,
        &signed,
        partner.into(),
        id.into_inner(),
        Transition::Accept,
        None,
    )
    .await
}

/// `POST /referrals/{id}/decline` (the addressed partner, with a reason).
pub async fn decline(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<TextForm>,
) -> Result<HttpResponse, PageError> {
    let partner: Partner = signed.allow(&state, &form).await?;
    transition(
        &state,
        &signed,
        partner.into(),
        id.into_inner(),
        Transition::Decline,
        Some(form.fields.text),
    )
    .await
}

/// `POST /referrals/{id}/complete` (the addressed partner, with the outcome).
pub async fn complete(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<TextForm>,
) -> Result<HttpResponse, PageError> {
    let partner: Partner = signed.allow(&state, &form).await?;
    transition(
        &state,
        &signed,
        partner.into(),
        id.into_inner(),
        Transition::Complete,
        Some(form.fields.text),
    )
    .await
}

/// `POST /referrals/{id}/cancel` (the referring office, with a reason).
pub async fn cancel(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<TextForm>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    transition(
        &state,
        &signed,
        staff.into(),
        id.into_inner(),
        Transition::Cancel,
        Some(form.fields.text),
    )
    .await
}

/// A service the partner delivered.
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

/// `POST /referrals/{id}/services` (the addressed partner, accepted referrals).
pub async fn record_service(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<ServiceForm>,
) -> Result<HttpResponse, PageError> {
    let partner: Partner = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    let f = form.fields;
    let Ok(date) = NaiveDate::parse_from_str(f.date.trim(), "%Y-%m-%d") else {
        let done = Err(AppError::field("date", "must be a date (YYYY-MM-DD)"));
        return after(&state, &signed, &partner.into(), id, done).await;
    };
    let by = partner.clone();
    let notes = f.notes.filter(|n| !n.trim().is_empty());
    let done = state
        .writes
        .run(move |c| {
            workflow::record_service(c, &by, &id.to_string(), f.service_type, f.status, date, notes)
                .map(|_| ())
        })
        .await;
    after(&state, &signed, &partner.into(), id, done).await
}
