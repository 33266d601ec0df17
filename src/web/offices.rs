//! `/admin/offices…`: administrators add and change offices through
//! `admin::offices` (validation, unique code, version check, audit), as
//! `POST`/`PATCH /api/v1/offices` do.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use super::fields::{Filled, Pairs, refused, text, unknown};
use super::page::{Chrome, Form, PageError, render};
use super::session::Signed;
use crate::admin::offices::{self, OfficePatch};
use crate::admin::read;
use crate::auth::capability::*;
use crate::domain::office::OfficeFields;
use crate::error::AppError;
use crate::state::AppState;

/// The office form's fields.
const FIELDS: &[&str] = &["version", "code", "name", "city", "country", "time_zone"];

#[derive(Template)]
#[template(path = "office_edit.html")]
struct OfficePage {
    chrome: Chrome,
    title: String,
    action: String,
    form: Filled,
    error: Option<String>,
    /// Every IANA zone, for the time-zone choice.
    zones: Vec<&'static str>,
}

fn office_page(
    signed: &Signed,
    title: String,
    action: String,
    form: Filled,
    error: Option<String>,
) -> OfficePage {
    OfficePage {
        chrome: signed.chrome.clone(),
        title,
        action,
        form,
        error,
        zones: chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect(),
    }
}

/// The form again after a refusal: field errors next to their fields, any
/// other refusal (a code already used, a stale version) above the form.
fn refused_page(
    signed: &Signed,
    title: String,
    action: String,
    pairs: &[(String, String)],
    e: AppError,
) -> Result<HttpResponse, PageError> {
    let (status, form, error) =
        refused(Filled::from_pairs(pairs, &[]), Some(FIELDS), e, signed.chrome.t).map_err(signed.fail())?;
    Ok(render(status, &office_page(signed, title, action, form, error)))
}

fn checked(pairs: &[(String, String)]) -> Result<(), AppError> {
    let extra = unknown(pairs, FIELDS);
    if extra.is_empty() {
        Ok(())
    } else {
        Err(AppError::Unprocessable(extra))
    }
}

/// Every office as a form choice: (id, "CODE — name").
pub async fn choices(state: &AppState, signed: &Signed) -> Result<Vec<(String, String)>, PageError> {
    let page = crate::store::page::PageRequest {
        after: None,
        limit: 500,
    };
    Ok(read::offices(state, page)
        .await
        .map_err(signed.fail())?
        .items
        .into_iter()
        .map(|o| (o.id.to_string(), format!("{} — {}", o.code, o.name)))
        .collect())
}

/// `GET /admin/offices/new`.
pub async fn new_office(state: web::Data<AppState>, signed: Signed) -> Result<HttpResponse, PageError> {
    let _admin: Administrator = signed.grant(&state).await?;
    let title = signed.chrome.t.get("admin-new-office");
    let p = office_page(&signed, title, "/admin/offices".into(), Filled::default(), None);
    Ok(render(StatusCode::OK, &p))
}

/// `POST /admin/offices`: creates the office.
pub async fn create(
    state: web::Data<AppState>,
    signed: Signed,
    form: Form<Pairs>,
) -> Result<HttpResponse, PageError> {
    let admin: Administrator = signed.allow(&state, &form).await?;
    let pairs = form.fields;
    let value = |k| text(&pairs, k).unwrap_or_default();
    let by = admin;
    let fields = checked(&pairs).and_then(|()| {
        OfficeFields::validate(
            &value("code"),
            &value("name"),
            &value("city"),
            &value("country"),
            Some(&value("time_zone")),
        )
        .map_err(AppError::Unprocessable)
    });
    let done = match fields {
        Ok(f) => state.db.run(move |c| offices::create(c, &by, f)).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(_) => super::notice::then(&state, &signed, "notice-office-saved", None, "/admin").await,
        Err(e) => {
            let title = signed.chrome.t.get("admin-new-office");
            refused_page(&signed, title, "/admin/offices".into(), &pairs, e)
        }
    }
}

/// `GET /admin/offices/{id}`.
pub async fn edit(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, PageError> {
    let _admin: Administrator = signed.grant(&state).await?;
    let o = read::office(&state, id.into_inner())
        .await
        .map_err(signed.fail())?;
    let pairs: Pairs = vec![
        ("version".into(), o.version.to_string()),
        ("code".into(), o.code.clone()),
        ("name".into(), o.name.clone()),
        ("city".into(), o.city.clone()),
        ("country".into(), o.country.clone()),
    ];
    let mut pairs = pairs;
    if !o.time_zone_from_country {
        pairs.push(("time_zone".into(), o.time_zone.clone()));
    }
    let p = office_page(
        &signed,
        o.name.clone(),
        format!("/admin/offices/{}", o.id),
        Filled::from_pairs(&pairs, &[]),
        None,
    );
    Ok(render(StatusCode::OK, &p))
}

/// `POST /admin/offices/{id}`: saves the office (412 when it changed since
/// the form was read).
pub async fn update(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<Pairs>,
) -> Result<HttpResponse, PageError> {
    let admin: Administrator = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    let pairs = form.fields;
    let by = admin;
    let patch = OfficePatch {
        code: text(&pairs, "code"),
        name: text(&pairs, "name"),
        city: text(&pairs, "city"),
        country: text(&pairs, "country"),
        // The form always carries the choice: blank is "the country's".
        time_zone: Some(text(&pairs, "time_zone").unwrap_or_default()),
    };
    let version = super::directory::version_of(&pairs);
    let done = match checked(&pairs).and(version) {
        Ok(version) => {
            state
                .db
                .run(move |c| offices::update(c, &by, &id.to_string(), version, patch))
                .await
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(_) => super::notice::then(&state, &signed, "notice-office-saved", None, "/admin").await,
        Err(e) => {
            let title = text(&pairs, "name").unwrap_or_default();
            refused_page(&signed, title, format!("/admin/offices/{id}"), &pairs, e)
        }
    }
}
