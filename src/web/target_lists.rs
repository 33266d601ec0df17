//! `/target-lists`: build a list from the criteria the records hold, see
//! the count as the criteria change ("Compter", a GET), save it under a
//! name, open a saved list to see who it finds now — through
//! `casefile::target_lists`, the same services as the API.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use uuid::Uuid;

use super::fields::{Filled, Pairs, text, unknown};
use super::labels::{label, options};
use super::login::Empty;
use super::page::{Chrome, Form, PageError, refusal, render};
use super::session::Signed;
use crate::auth::capability::*;
use crate::casefile::target_lists::{self, NewTargetList, TargetListView};
use crate::casefile::views::MigrantView;
use crate::domain::reference::{AGE_BAND, LEGAL_STATUS, REFERRAL_STATUS, SERVICE_TYPE, SEX, VULNERABILITY};
use crate::domain::target::{Criterion, Match, TargetDefinition};
use crate::error::{AppError, FieldError};
use crate::listing::page_request;
use crate::state::AppState;

/// The builder's fields (each optional; a blank one is no criterion).
const FIELDS: &[&str] = &[
    "_csrf",
    "name",
    "combine",
    "vulnerability",
    "sex",
    "age_band",
    "legal_status",
    "nationality",
    "district",
    "household",
    "open_case",
    "service_type",
    "service_since",
    "service_received",
    "referral",
    "no_contact_days",
];

/// The definition the builder describes.
fn definition_of(pairs: &Pairs) -> Result<TargetDefinition, AppError> {
    let mut errors = unknown(pairs, FIELDS);
    let mut criteria = Vec::new();
    let value = |k: &str| text(pairs, k);
    if let Some(v) = value("vulnerability") {
        criteria.push(Criterion::Vulnerability { value: v });
    }
    if let Some(v) = value("sex") {
        criteria.push(Criterion::Sex { value: v });
    }
    if let Some(v) = value("age_band") {
        criteria.push(Criterion::AgeBand { value: v });
    }
    if let Some(v) = value("legal_status") {
        criteria.push(Criterion::LegalStatus { value: v });
    }
    if let Some(v) = value("nationality") {
        criteria.push(Criterion::Nationality { value: v });
    }
    if let Some(v) = value("district") {
        criteria.push(Criterion::District { value: v });
    }
    if let Some(v) = value("household") {
        criteria.push(Criterion::Household { value: v });
    }
    if let Some(v) = value("open_case") {
        criteria.push(Criterion::OpenCase { value: v == "yes" });
    }
    if let Some(service_type) = value("service_type") {
        match value("service_since").map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d")) {
            Some(Ok(since)) => criteria.push(Criterion::Service {
                service_type,
                since,
                received: value("service_received").as_deref() == Some("yes"),
            }),
            _ => errors.push(FieldError::new("service_since", "must be a date (YYYY-MM-DD)")),
        }
    }
    if let Some(status) = value("referral") {
        criteria.push(Criterion::Referral { status });
    }
    if let Some(days) = value("no_contact_days") {
        match days.parse::<i64>() {
            Ok(value) => criteria.push(Criterion::NoContactForDays { value }),
            Err(_) => errors.push(FieldError::new("no_contact_days", "must be 1 to 3650 days")),
        }
    }
    if criteria.is_empty() {
        errors.push(FieldError::new("criteria", "must hold 1 to 20 criteria"));
    }
    if !errors.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    Ok(TargetDefinition {
        combine: if value("combine").as_deref() == Some("any") {
            Match::Any
        } else {
            Match::All
        },
        criteria,
    })
}

/// A criterion in words, in the page's language.
fn describe(c: &Criterion, chrome: &Chrome) -> String {
    let t = chrome.t;
    let lang = t.lang;
    let named = |key: &str, value: String| format!("{} : {value}", t.get(key));
    match c {
        Criterion::Vulnerability { value } => {
            named("target-vulnerability", label(&VULNERABILITY, value, lang))
        }
        Criterion::Sex { value } => named("register-sex", label(&SEX, value, lang)),
        Criterion::AgeBand { value } => named("target-age-band", label(&AGE_BAND, value, lang)),
        Criterion::LegalStatus { value } => named("register-legal-status", label(&LEGAL_STATUS, value, lang)),
        Criterion::Nationality { value } => named("register-nationality", chrome.country(value)),
        Criterion::District { value } => named("register-district", value.clone()),
        Criterion::Household { value } => {
            named("target-household", t.get(&format!("target-household-{value}")))
        }
        Criterion::OpenCase { value } => t.get(if *value {
            "people-open-case-yes"
        } else {
            "people-open-case-no"
        }),
        Criterion::Service {
            service_type,
            since,
            received,
        } => t.args(
            if *received {
                "target-service-received"
            } else {
                "target-service-not-received"
            },
            &[
                ("service", &label(&SERVICE_TYPE, service_type, lang)),
                ("since", &chrome.fmt.date(*since)),
            ],
        ),
        Criterion::Referral { status } if status == "overdue" => t.get("target-referral-overdue"),
        Criterion::Referral { status } => named("target-referral", label(&REFERRAL_STATUS, status, lang)),
        Criterion::NoContactForDays { value } => t.count("target-no-contact", "days", *value),
    }
}

/// The form as it was filled, from a definition (to edit or show again).
fn pairs_of(name: &str, def: &TargetDefinition) -> Pairs {
    let mut p: Pairs = vec![
        ("name".into(), name.to_string()),
        (
            "combine".into(),
            match def.combine {
                Match::All => "all",
                Match::Any => "any",
            }
            .into(),
        ),
    ];
    for c in &def.criteria {
        match c {
            Criterion::Vulnerability { value } => p.push(("vulnerability".into(), value.clone())),
            Criterion::Sex { value } => p.push(("sex".into(), value.clone())),
            Criterion::AgeBand { value } => p.push(("age_band".into(), value.clone())),
            Criterion::LegalStatus { value } => p.push(("legal_status".into(), value.clone())),
            Criterion::Nationality { value } => p.push(("nationality".into(), value.clone())),
            Criterion::District { value } => p.push(("district".into(), value.clone())),
            Criterion::Household { value } => p.push(("household".into(), value.clone())),
            Criterion::OpenCase { value } => {
                p.push(("open_case".into(), if *value { "yes" } else { "no" }.into()))
            }
            Criterion::Service {
                service_type,
                since,
                received,
            } => p.extend([
                ("service_type".into(), service_type.clone()),
                ("service_since".into(), since.to_string()),
                (
                    "service_received".into(),
                    if *received { "yes" } else { "no" }.into(),
                ),
            ]),
            Criterion::Referral { status } => p.push(("referral".into(), status.clone())),
            Criterion::NoContactForDays { value } => p.push(("no_contact_days".into(), value.to_string())),
        }
    }
    p
}

#[derive(Template)]
#[template(path = "target_lists.html")]
struct ListsPage {
    chrome: Chrome,
    lists: Vec<TargetListView>,
    form: Filled,
    /// The count of the criteria in the form, when asked.
    counted: Option<i64>,
    error: Option<String>,
    vulnerabilities: Vec<(&'static str, String)>,
    sexes: Vec<(&'static str, String)>,
    age_bands: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    service_types: Vec<(&'static str, String)>,
    referral_states: Vec<(&'static str, String)>,
}

async fn lists_page(
    state: &AppState,
    signed: &Signed,
    staff: &OfficeStaff,
    form: Filled,
    counted: Option<i64>,
    error: Option<String>,
) -> Result<ListsPage, PageError> {
    let lang = signed.chrome.t.lang;
    let mut referral_states = options(&REFERRAL_STATUS, lang);
    referral_states.push(("overdue", signed.chrome.t.get("target-referral-overdue")));
    Ok(ListsPage {
        lists: target_lists::lists(state, staff).await.map_err(signed.fail())?,
        form,
        counted,
        error,
        vulnerabilities: options(&VULNERABILITY, lang),
        sexes: options(&SEX, lang),
        age_bands: options(&AGE_BAND, lang),
        statuses: options(&LEGAL_STATUS, lang),
        service_types: options(&SERVICE_TYPE, lang),
        referral_states,
        chrome: signed.chrome.clone(),
    })
}

/// A refusal shown on the builder, with the form as it was filled.
async fn refused(
    state: &AppState,
    signed: &Signed,
    staff: &OfficeStaff,
    pairs: &Pairs,
    e: AppError,
) -> Result<HttpResponse, PageError> {
    let (status, text) = refusal(e).map_err(signed.fail())?;
    let p = lists_page(
        state,
        signed,
        staff,
        Filled::from_pairs(pairs, &[]),
        None,
        Some(text),
    )
    .await?;
    Ok(render(status, &p))
}

/// `GET /target-lists`: the office's saved lists with their counts, and
/// the builder; with criteria in the query ("Compter"), their count.
pub async fn lists(
    state: web::Data<AppState>,
    signed: Signed,
    query: web::Query<Pairs>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let pairs: Pairs = query
        .into_inner()
        .into_iter()
        .filter(|(k, _)| k != "_csrf")
        .collect();
    let counting = pairs
        .iter()
        .any(|(k, v)| k != "combine" && k != "name" && !v.trim().is_empty());
    if !counting {
        let form = Filled::from_pairs(&[("combine".into(), "all".into())], &[]);
        let p = lists_page(&state, &signed, &staff, form, None, None).await?;
        return Ok(render(StatusCode::OK, &p));
    }
    let counted = match definition_of(&pairs) {
        Ok(def) => target_lists::count(&state, &staff, def).await,
        Err(e) => Err(e),
    };
    match counted {
        Ok(n) => {
            let p = lists_page(
                &state,
                &signed,
                &staff,
                Filled::from_pairs(&pairs, &[]),
                Some(n),
                None,
            )
            .await?;
            Ok(render(StatusCode::OK, &p))
        }
        Err(e) => refused(&state, &signed, &staff, &pairs, e).await,
    }
}

/// `POST /target-lists`: saves the list and opens it.
pub async fn create(
    state: web::Data<AppState>,
    signed: Signed,
    form: Form<Pairs>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let pairs = form.fields;
    let new = definition_of(&pairs).map(|definition| NewTargetList {
        name: text(&pairs, "name").unwrap_or_default(),
        definition,
    });
    let by = staff.clone();
    let saved = match new {
        Ok(new) => state.db.run(move |c| target_lists::create(c, &by, new)).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(row) => {
            let to = format!("/target-lists/{}", row.id);
            super::notice::then(&state, &signed, "notice-target-list-saved", None, &to).await
        }
        Err(e) => refused(&state, &signed, &staff, &pairs, e).await,
    }
}

#[derive(Template)]
#[template(path = "target_list.html")]
struct ListPage {
    chrome: Chrome,
    list: TargetListView,
    criteria: Vec<String>,
    members: Vec<MigrantView>,
    next: Option<String>,
    /// The builder's query that reopens these criteria to change them.
    edit: String,
    /// The distribution form's service types.
    service_types: Vec<(&'static str, String)>,
    /// Today, the distribution's default day.
    today: String,
}

/// The page's cursor.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberQuery {
    cursor: Option<String>,
}

/// `GET /target-lists/{id}`: the list's criteria in words, its count and
/// the people it finds now (each an audited read), 50 a page.
pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    query: web::Query<MemberQuery>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let id = id.into_inner();
    let list = target_lists::get(&state, &staff, id)
        .await
        .map_err(signed.fail())?;
    let page = page_request(Some(50), query.cursor.as_deref()).map_err(signed.fail())?;
    let members = target_lists::members(&state, &staff, id, page)
        .await
        .map_err(signed.fail())?;
    let criteria = list
        .definition
        .criteria
        .iter()
        .map(|c| describe(c, &signed.chrome))
        .collect();
    let edit = serde_urlencoded::to_string(pairs_of(&list.name, &list.definition)).unwrap_or_default();
    Ok(render(
        StatusCode::OK,
        &ListPage {
            criteria,
            next: members.next_cursor.map(|c| {
                format!(
                    "/target-lists/{id}?{}",
                    serde_urlencoded::to_string([("cursor", c)]).unwrap_or_default()
                )
            }),
            members: members.items,
            edit,
            list,
            service_types: options(&SERVICE_TYPE, signed.chrome.t.lang),
            today: crate::db::now().date().to_string(),
            chrome: signed.chrome.clone(),
        },
    ))
}

/// `POST /target-lists/{id}/delete`: removes the saved list (the people
/// are untouched).
pub async fn delete(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<Empty>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let id = id.into_inner().to_string();
    state
        .db
        .run(move |c| target_lists::delete(c, &staff, &id))
        .await
        .map_err(signed.fail())?;
    super::notice::then(
        &state,
        &signed,
        "notice-target-list-deleted",
        None,
        "/target-lists",
    )
    .await
}

/// `POST /target-lists/{id}/distribute`: records one service delivered to
/// the people the list finds now, except those marked absent, refused or
/// served elsewhere — after a confirmation naming how many already
/// received this type of service this month, when some did.
pub async fn distribute(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<Pairs>,
) -> Result<HttpResponse, PageError> {
    use crate::casefile::distributions::{self, DistributionException, ExceptionReason, NewDistribution};
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    // The list of the path is the office's, or there is nothing here (404).
    target_lists::get(&state, &staff, id)
        .await
        .map_err(signed.fail())?;
    let pairs = form.fields;
    // Exceptions come as `exception_<id>` selects, or (from the
    // confirmation) as one `exceptions` field `id:reason,…`.
    let mut marked: Vec<(String, String)> = pairs
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("exception_").map(|m| (m.to_string(), v.clone())))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    // From the ticked sheet: each person of the sheet (`sheet_<id>`) whose
    // box is not ticked (`served_<id>`) was absent.
    marked.extend(
        pairs
            .iter()
            .filter_map(|(k, _)| k.strip_prefix("sheet_"))
            .filter(|m| !pairs.iter().any(|(k, _)| k.strip_prefix("served_") == Some(m)))
            .map(|m| (m.to_string(), "absent".to_string())),
    );
    if let Some(all) = text(&pairs, "exceptions") {
        marked.extend(
            all.split(',')
                .filter_map(|x| x.split_once(':'))
                .map(|(m, r)| (m.to_string(), r.to_string())),
        );
    }
    let exceptions: Vec<DistributionException> = marked
        .iter()
        .filter_map(|(m, r)| {
            let reason = match r.as_str() {
                "absent" => ExceptionReason::Absent,
                "refused" => ExceptionReason::Refused,
                "served_elsewhere" => ExceptionReason::ServedElsewhere,
                _ => return None,
            };
            Some(DistributionException {
                migrant_id: Uuid::parse_str(m).ok()?,
                reason,
            })
        })
        .collect();
    let date = text(&pairs, "date").and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let confirmed = super::confirm::confirmed(text(&pairs, "confirmed").as_deref());
    let Some(date) = date else {
        return Err(signed.fail()(AppError::field(
            "date",
            "must be a date (YYYY-MM-DD)",
        )));
    };
    let new = NewDistribution {
        service_type: text(&pairs, "service_type").unwrap_or_default(),
        date,
        place: text(&pairs, "place"),
        quantity: text(&pairs, "quantity").and_then(|q| q.parse().ok()),
        provider: None,
        target_list_id: Some(id),
        migrant_ids: None,
        exceptions,
        allow_repeat: confirmed,
        per_household: text(&pairs, "per_household").is_some(),
    };
    let at = target_lists::moment(&state);
    let (by, check) = (staff.clone(), new.clone());
    let preview = state
        .db
        .run(move |c| distributions::preview(c, &by, &check, at))
        .await
        .map_err(signed.fail())?;
    if !preview.already_served.is_empty() && !confirmed {
        let t = signed.chrome.t;
        let consequences = vec![
            t.count("distribution-confirm-served", "count", preview.served as i64),
            t.count(
                "distribution-confirm-repeat",
                "count",
                preview.already_served.len() as i64,
            ),
        ];
        let exceptions = marked
            .iter()
            .map(|(m, r)| format!("{m}:{r}"))
            .collect::<Vec<_>>()
            .join(",");
        let page = super::confirm::ConfirmPage {
            hidden: vec![
                ("service_type", new.service_type.clone()),
                ("date", new.date.to_string()),
                (
                    "per_household",
                    if new.per_household { "yes" } else { "" }.to_string(),
                ),
                ("place", new.place.clone().unwrap_or_default()),
                (
                    "quantity",
                    new.quantity.map(|q| q.to_string()).unwrap_or_default(),
                ),
                ("exceptions", exceptions),
            ],
            submit: t.get("distribution-record"),
            ..super::confirm::ConfirmPage::new(
                signed.chrome.clone(),
                t.get("distribution-confirm-title"),
                consequences,
                format!("/target-lists/{id}/distribute"),
                format!("/target-lists/{id}"),
            )
        };
        return Ok(render(StatusCode::OK, &page));
    }
    let by = staff.clone();
    let recorded = state
        .db
        .run(move |c| distributions::record(c, &by, new, at))
        .await
        .map_err(signed.fail())?;
    super::notice::then(
        &state,
        &signed,
        "notice-distribution-recorded",
        Some(recorded.served.to_string()),
        &format!("/target-lists/{id}"),
    )
    .await
}

#[derive(Template)]
#[template(path = "distribution_sheet.html")]
struct SheetPage {
    chrome: Chrome,
    list: TargetListView,
    lines: Vec<target_lists::SheetLine>,
    today: String,
    /// `YYYY-MM-DD`, the distribution form's default day.
    day: String,
    service_types: Vec<(&'static str, String)>,
}

/// `GET /target-lists/{id}/sheet`: the distribution sheet to print (A4):
/// each person the list finds now with only what recognises them — name,
/// household size, reference — and a column to tick or sign.
pub async fn sheet(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let id = id.into_inner();
    let list = target_lists::get(&state, &staff, id)
        .await
        .map_err(signed.fail())?;
    let lines = target_lists::sheet(&state, &staff, id)
        .await
        .map_err(signed.fail())?;
    Ok(render(
        StatusCode::OK,
        &SheetPage {
            list,
            lines,
            today: signed.chrome.fmt.date(crate::db::now().date()),
            day: crate::db::now().date().to_string(),
            service_types: options(&SERVICE_TYPE, signed.chrome.t.lang),
            chrome: signed.chrome.clone(),
        },
    ))
}

/// `GET /target-lists/{id}/people.xlsx`: the people the list finds now as
/// a workbook, with labels in the page's language (each person an audited
/// read, as on the list's page).
pub async fn people_xlsx(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let chrome = &signed.chrome;
    let (t, lang) = (chrome.t, chrome.t.lang);
    let id = id.into_inner();
    let list = target_lists::get(&state, &staff, id)
        .await
        .map_err(signed.fail())?;
    let header: Vec<String> = [
        "import-field-family-name",
        "import-field-given-name",
        "import-field-sex",
        "import-field-birth-year",
        "import-field-nationality",
        "import-field-district",
        "import-field-phone",
        "import-field-vulnerabilities",
        "sheet-reference",
    ]
    .iter()
    .map(|k| t.get(k))
    .collect();
    let mut lines = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = page_request(Some(200), cursor.as_deref()).map_err(signed.fail())?;
        let found = target_lists::members(&state, &staff, id, page)
            .await
            .map_err(signed.fail())?;
        for m in found.items {
            let reference = target_lists::reference_of(&m.id.to_string());
            lines.push(vec![
                m.family_name,
                m.given_name,
                label(&SEX, &m.sex, lang),
                m.birth_year.map(|y| y.to_string()).unwrap_or_default(),
                m.nationality.map(|n| chrome.country(n)).unwrap_or_default(),
                m.district.unwrap_or_default(),
                m.phone.unwrap_or_default(),
                m.vulnerabilities
                    .iter()
                    .map(|v| label(&VULNERABILITY, v, lang))
                    .collect::<Vec<_>>()
                    .join(", "),
                reference,
            ]);
        }
        match found.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let body = crate::workbook::xlsx(&list.name, &header, &lines, &[3]).map_err(signed.fail())?;
    Ok(HttpResponse::Ok()
        .content_type(crate::workbook::CONTENT_TYPE)
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"target-list.xlsx\"",
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .body(body))
}
