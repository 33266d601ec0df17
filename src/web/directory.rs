//! Directory entries edited from the pages: a partner its own profile and
//! webhook (`/organization`), administrators any entry
//! (`/admin/organizations…`). Both go through `directory::organizations`
//! (who may edit what — a partner never its `active` flag — validation,
//! version check, audit); this module only turns the form into fields.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use super::fields::{Filled, Pairs, all, refused, text, unknown};
use super::labels::options;
use super::page::{Chrome, Form, PageError, render};
use super::session::Signed;
use crate::auth::Role;
use crate::auth::capability::*;
use crate::directory::organizations;
use crate::directory::read;
use crate::directory::views::OrganizationView;
use crate::domain::organization::OrganizationFields;
use crate::domain::reference::{ORGANIZATION_KIND, SERVICE_TYPE};
use crate::error::{AppError, FieldError};
use crate::state::AppState;

/// The checkbox groups of the entry form.
pub const MULTI: &[&str] = &["services", "offices_served", "languages"];

/// The entry form and its choices (shared by the partner's page and the
/// administrators' pages: `organization_form.html`).
pub struct EntryForm {
    /// Where the form is sent.
    pub action: String,
    /// Values, ticks, errors.
    pub form: Filled,
    /// `organization_kind` options.
    pub kinds: Vec<(&'static str, String)>,
    /// `service_type` options.
    pub services: Vec<(&'static str, String)>,
    /// Offices (id, "CODE — name").
    pub offices: Vec<(String, String)>,
    /// Whether the `active` flag is offered (administrators only).
    pub admin: bool,
}

impl EntryForm {
    /// The form for `action`, filled with `form`.
    pub async fn new(
        state: &AppState,
        signed: &Signed,
        action: String,
        form: Filled,
    ) -> Result<Self, PageError> {
        let lang = signed.chrome.t.lang;
        let offices = super::offices::choices(state, signed).await?;
        Ok(Self {
            action,
            form,
            kinds: options(&ORGANIZATION_KIND, lang),
            services: options(&SERVICE_TYPE, lang),
            offices,
            admin: signed.caller.role == Role::Admin,
        })
    }
}

/// The form's pairs for a stored entry (to edit it).
pub fn pairs_of(org: &OrganizationView) -> Pairs {
    let mut p: Pairs = vec![
        ("version".into(), org.version.to_string()),
        ("name".into(), org.name.clone()),
        ("kind".into(), org.kind.clone()),
    ];
    p.extend(org.languages.iter().map(|l| ("languages".into(), l.clone())));
    let optional = [
        ("acronym", &org.acronym),
        ("description", &org.description),
        ("contact_email", &org.contact_email),
        ("contact_phone", &org.contact_phone),
        ("address", &org.address),
        ("website", &org.website),
        ("webhook_url", &org.webhook_url),
    ];
    p.extend(
        optional
            .into_iter()
            .filter_map(|(k, v)| v.clone().map(|v| (k.to_string(), v))),
    );
    p.extend(org.services.iter().map(|s| ("services".into(), s.clone())));
    p.extend(
        org.offices_served
            .iter()
            .map(|o| ("offices_served".into(), o.to_string())),
    );
    for (flag, on) in [("active", org.active), ("has_capacity", org.has_capacity)] {
        if on {
            p.push((flag.into(), "on".into()));
        }
    }
    p
}

/// The fields of the entry form; `active` only for administrators.
const FIELDS: &[&str] = &[
    "version",
    "name",
    "acronym",
    "kind",
    "description",
    "services",
    "offices_served",
    "languages",
    "contact_email",
    "contact_phone",
    "address",
    "website",
    "has_capacity",
    "webhook_url",
];

/// Refuses a field the caller's form does not offer.
fn known_fields(pairs: &[(String, String)], admin: bool) -> Result<(), AppError> {
    let mut known = FIELDS.to_vec();
    if admin {
        known.push("active");
    }
    let extra = unknown(pairs, &known);
    if extra.is_empty() {
        Ok(())
    } else {
        Err(AppError::Unprocessable(extra))
    }
}

/// What a refused save shows: the form with the errors of its fields next
/// to them, the rest (a field the form does not offer, a conflict, a stale
/// version) as a message above it.
pub fn refused_form(
    signed: &Signed,
    pairs: &[(String, String)],
    e: AppError,
) -> Result<(StatusCode, Filled, Option<String>), PageError> {
    let mut offered = FIELDS.to_vec();
    if signed.caller.role == Role::Admin {
        offered.push("active");
    }
    refused(
        Filled::from_pairs(pairs, MULTI),
        Some(&offered),
        e,
        signed.chrome.t,
    )
    .map_err(signed.fail())
}

/// The entry the form describes. `current` supplies what the form does not
/// carry for this caller (a partner's `active` flag).
pub fn fields_from(
    pairs: &[(String, String)],
    current: &OrganizationFields,
    admin: bool,
) -> OrganizationFields {
    let languages = all(pairs, "languages");
    OrganizationFields {
        name: text(pairs, "name").unwrap_or_default(),
        acronym: text(pairs, "acronym"),
        kind: text(pairs, "kind").unwrap_or_default(),
        description: text(pairs, "description").unwrap_or_default(),
        services: all(pairs, "services"),
        offices_served: all(pairs, "offices_served"),
        languages,
        contact_email: text(pairs, "contact_email"),
        contact_phone: text(pairs, "contact_phone"),
        address: text(pairs, "address"),
        website: text(pairs, "website"),
        active: if admin {
            text(pairs, "active").is_some()
        } else {
            current.active
        },
        has_capacity: text(pairs, "has_capacity").is_some(),
        webhook_url: text(pairs, "webhook_url"),
    }
}

/// The version the form was read at (optimistic concurrency: 412 when
/// someone changed the entry since).
pub fn version_of(pairs: &[(String, String)]) -> Result<Option<i32>, AppError> {
    text(pairs, "version")
        .map(|v| {
            v.parse()
                .map_err(|_| AppError::Unprocessable(vec![FieldError::new("version", "must be a number")]))
        })
        .transpose()
}

/// Saves the form over entry `id`.
pub async fn save(
    state: &AppState,
    signed: &Signed,
    by: DirectoryEditor,
    id: Uuid,
    pairs: Pairs,
) -> Result<OrganizationView, AppError> {
    let admin = matches!(by, DirectoryEditor::Administrator(_));
    let allow_private = state.settings.webhook_allow_private;
    known_fields(&pairs, admin)?;
    let version = version_of(&pairs)?;
    let row = state
        .db
        .run(move |c| {
            organizations::update(c, &by, &id.to_string(), version, allow_private, |cur| {
                fields_from(&pairs, &cur, admin)
            })
        })
        .await?;
    OrganizationView::from_row(row, &signed.caller)
}

#[derive(Template)]
#[template(path = "organization_edit.html")]
struct EditPage {
    chrome: Chrome,
    title: String,
    entry: EntryForm,
    error: Option<String>,
}

async fn edit_page(
    state: &AppState,
    signed: &Signed,
    title: String,
    action: String,
    form: Filled,
    error: Option<String>,
) -> Result<EditPage, PageError> {
    Ok(EditPage {
        chrome: signed.chrome.clone(),
        title,
        entry: EntryForm::new(state, signed, action, form).await?,
        error,
    })
}

/// What a failed save shows: the form again with the field errors, or the
/// refusal's message above it.
async fn refused_page(
    state: &AppState,
    signed: &Signed,
    title: String,
    action: String,
    pairs: &[(String, String)],
    e: AppError,
) -> Result<HttpResponse, PageError> {
    let (status, form, error) = refused_form(signed, pairs, e)?;
    let p = edit_page(state, signed, title, action, form, error).await?;
    Ok(render(status, &p))
}

/// `GET /admin/organizations/new`: an empty entry (active, with capacity).
pub async fn new_entry(state: web::Data<AppState>, signed: Signed) -> Result<HttpResponse, PageError> {
    let _admin: Administrator = signed.grant(&state).await?;
    let defaults: Pairs = vec![
        ("active".into(), "on".into()),
        ("has_capacity".into(), "on".into()),
        ("kind".into(), "association".into()),
    ];
    let title = signed.chrome.t.get("admin-new-organization");
    let p = edit_page(
        &state,
        &signed,
        title,
        "/admin/organizations".into(),
        Filled::from_pairs(&defaults, MULTI),
        None,
    )
    .await?;
    Ok(render(StatusCode::OK, &p))
}

/// `POST /admin/organizations`: creates the entry.
pub async fn create(
    state: web::Data<AppState>,
    signed: Signed,
    form: Form<Pairs>,
) -> Result<HttpResponse, PageError> {
    let admin: Administrator = signed.allow(&state, &form).await?;
    let pairs = form.fields;
    let fields = fields_from(&pairs, &blank(), true);
    let by = admin;
    let checked = known_fields(&pairs, true).and_then(|()| {
        fields
            .validate_with(state.settings.webhook_allow_private)
            .map_err(AppError::Unprocessable)
    });
    let created = match checked {
        Err(e) => Err(e),
        Ok(f) => {
            state
                .db
                .run(move |c| organizations::create(c, &by, f, None))
                .await
        }
    };
    match created {
        Ok(row) => {
            let to = format!("/admin/organizations/{}", row.id);
            super::notice::then(&state, &signed, "notice-organization-saved", None, &to).await
        }
        Err(e) => {
            let title = signed.chrome.t.get("admin-new-organization");
            refused_page(&state, &signed, title, "/admin/organizations".into(), &pairs, e).await
        }
    }
}

fn blank() -> OrganizationFields {
    OrganizationFields {
        name: String::new(),
        acronym: None,
        kind: String::new(),
        description: String::new(),
        services: Vec::new(),
        offices_served: Vec::new(),
        languages: Vec::new(),
        contact_email: None,
        contact_phone: None,
        address: None,
        website: None,
        active: true,
        has_capacity: true,
        webhook_url: None,
    }
}

/// `GET /admin/organizations/{id}`: an entry's form.
pub async fn edit(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, PageError> {
    let _admin: Administrator = signed.grant(&state).await?;
    let id = id.into_inner();
    let org = read::organization(&state, &signed.caller, id)
        .await
        .map_err(signed.fail())?;
    let p = edit_page(
        &state,
        &signed,
        org.name.clone(),
        format!("/admin/organizations/{id}"),
        Filled::from_pairs(&pairs_of(&org), MULTI),
        None,
    )
    .await?;
    Ok(render(StatusCode::OK, &p))
}

/// `POST /admin/organizations/{id}`: saves the entry.
pub async fn update(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<Pairs>,
) -> Result<HttpResponse, PageError> {
    let admin: Administrator = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    let pairs = form.fields;
    match save(&state, &signed, admin.into(), id, pairs.clone()).await {
        Ok(_) => super::notice::then(&state, &signed, "notice-organization-saved", None, "/admin").await,
        Err(e) => {
            let title = text(&pairs, "name").unwrap_or_default();
            refused_page(
                &state,
                &signed,
                title,
                format!("/admin/organizations/{id}"),
                &pairs,
                e,
            )
            .await
        }
    }
}
