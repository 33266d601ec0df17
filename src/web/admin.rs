//! `/admin`: offices, accounts (create, deactivate), the directory, and the
//! audit trail with its verification — for administrators, through the same
//! services as `/api/v1/offices`, `/users`, `/organizations` and `/audit`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use super::fields::{Filled, Pairs, refused, text, unknown};
use super::login::Empty;
use super::page::{Chrome, Form, PageError, refusal, render, see_other};
use super::session::Signed;
use crate::admin::read::{self, UserFilter};
use crate::admin::users::{self, AccountChange, AccountRequest, UserPatch};
use crate::admin::views::{OfficeView, UserView};
use crate::audit::read::{self as audit, AuditQuery};
use crate::audit::view::{AuditEntryView, VerifyView};
use crate::auth::Role;
use crate::auth::capability::*;
use crate::directory::read::{self as directory, OrganizationFilter};
use crate::directory::views::OrganizationView;
use crate::error::{AppError, FieldError};
use crate::state::AppState;
use crate::store::page::PageRequest;

fn first(n: i64) -> PageRequest {
    PageRequest {
        after: None,
        limit: n,
    }
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    chrome: Chrome,
    offices: Vec<OfficeView>,
    users: Vec<UserView>,
    organizations: Vec<OrganizationView>,
    roles: Vec<&'static str>,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    signed: &Signed,
    admin: &Administrator,
    error: Option<String>,
) -> Result<AdminPage, PageError> {
    let offices = read::offices(state, first(200))
        .await
        .map_err(signed.fail())?
        .items;
    let users = read::users(state, &admin.clone().into(), UserFilter::default(), first(200))
        .await
        .map_err(signed.fail())?
        .items;
    let organizations = directory::organizations(state, admin, OrganizationFilter::default(), first(200))
        .await
        .map_err(signed.fail())?
        .items;
    Ok(AdminPage {
        chrome: signed.chrome.clone(),
        offices,
        users,
        organizations,
        roles: Role::ALL.iter().map(|r| r.as_str()).collect(),
        error,
    })
}

/// `GET /admin`.
pub async fn overview(state: web::Data<AppState>, signed: Signed) -> Result<HttpResponse, PageError> {
    let admin: Administrator = signed.grant(&state).await?;
    let p = page(&state, &signed, &admin, None).await?;
    Ok(render(StatusCode::OK, &p))
}

/// The new-account form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountForm {
    /// Email.
    pub email: String,
    /// Full name.
    pub full_name: String,
    /// Role code.
    pub role: String,
    /// Office (office roles).
    pub office_id: Option<String>,
    /// Organisation (partners).
    pub organization_id: Option<String>,
    /// Initial password.
    pub password: String,
}

/// `POST /admin/users`: creates an account.
pub async fn create_user(
    state: web::Data<AppState>,
    signed: Signed,
    form: Form<AccountForm>,
) -> Result<HttpResponse, PageError> {
    let admin: Administrator = signed.allow(&state, &form).await?;
    let f = form.fields;
    let blank = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let Some(role) = Role::parse(&f.role) else {
        let p = page(&state, &signed, &admin, Some("role: unknown role".into())).await?;
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p));
    };
    let request = AccountRequest {
        email: f.email,
        full_name: f.full_name,
        role,
        office_id: blank(f.office_id),
        organization_id: blank(f.organization_id),
        active: true,
        password: f.password,
    };
    let Err(e) = users::open_account(&state, &admin, request).await else {
        return Ok(see_other("/admin"));
    };
    let (status, text) = refusal(e).map_err(signed.fail())?;
    let p = page(&state, &signed, &admin, Some(text)).await?;
    Ok(render(status, &p))
}

/// `POST /admin/users/{id}/deactivate`: the account can no longer sign
/// in, and its logins end at once.
pub async fn deactivate(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<Empty>,
) -> Result<HttpResponse, PageError> {
    let admin: Administrator = signed.allow(&state, &form).await?;
    let (by, id) = (admin.clone(), id.into_inner().to_string());
    let patch = UserPatch {
        active: Some(false),
        ..Default::default()
    };
    let done = state
        .db
        .run(move |c| users::update(c, &by, &id, None, patch))
        .await;
    let Err(e) = done else {
        return Ok(see_other("/admin"));
    };
    let (status, text) = refusal(e).map_err(signed.fail())?;
    let p = page(&state, &signed, &admin, Some(text)).await?;
    Ok(render(status, &p))
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    entries: Vec<AuditEntryView>,
    verify: VerifyView,
}

/// `GET /admin/audit`: the newest entries and the chain's verification.
pub async fn audit_trail(state: web::Data<AppState>, signed: Signed) -> Result<HttpResponse, PageError> {
    let admin: Administrator = signed.grant(&state).await?;
    let reader = AuditReader::from(admin);
    let entries = audit::entries(&state, &reader, AuditQuery::default(), first(100))
        .await
        .map_err(signed.fail())?
        .items;
    let verify = audit::verify(&state, &reader, None)
        .await
        .map_err(signed.fail())?;
    Ok(render(
        StatusCode::OK,
        &AuditPage {
            chrome: signed.chrome,
            entries,
            verify,
        },
    ))
}

/// The account form's fields.
const ACCOUNT_FIELDS: &[&str] = &[
    "version",
    "email",
    "full_name",
    "role",
    "office_id",
    "organization_id",
    "active",
    "password",
];

#[derive(Template)]
#[template(path = "user_edit.html")]
struct UserPage {
    chrome: Chrome,
    id: Uuid,
    form: Filled,
    roles: Vec<&'static str>,
    offices: Vec<OfficeView>,
    organizations: Vec<OrganizationView>,
    error: Option<String>,
}

async fn user_page(
    state: &AppState,
    signed: &Signed,
    admin: &Administrator,
    id: Uuid,
    form: Filled,
    error: Option<String>,
) -> Result<UserPage, PageError> {
    let AdminPage {
        offices,
        organizations,
        roles,
        ..
    } = page(state, signed, admin, None).await?;
    Ok(UserPage {
        chrome: signed.chrome.clone(),
        id,
        form,
        roles,
        offices,
        organizations,
        error,
    })
}

/// `GET /admin/users/{id}`: an account's form (role, bindings, active
/// flag, a new password).
pub async fn edit_user(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, PageError> {
    let admin: Administrator = signed.grant(&state).await?;
    let u = read::user(&state, &admin, id.into_inner())
        .await
        .map_err(signed.fail())?;
    let mut pairs: Pairs = vec![
        ("version".into(), u.version.to_string()),
        ("email".into(), u.email.clone()),
        ("full_name".into(), u.full_name.clone()),
        ("role".into(), u.role.as_str().into()),
        (
            "office_id".into(),
            u.office_id.map(|o| o.to_string()).unwrap_or_default(),
        ),
        (
            "organization_id".into(),
            u.organization_id.map(|o| o.to_string()).unwrap_or_default(),
        ),
    ];
    if u.active {
        pairs.push(("active".into(), "on".into()));
    }
    let p = user_page(
        &state,
        &signed,
        &admin,
        u.id,
        Filled::from_pairs(&pairs, &[]),
        None,
    )
    .await?;
    Ok(render(StatusCode::OK, &p))
}

/// `POST /admin/users/{id}`: saves the account through the same service
/// as `PATCH /api/v1/users/{id}` (password policy, bindings, version;
/// a change of role or binding, a new password or a deactivation ends the
/// account's logins at once).
pub async fn update_user(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<Pairs>,
) -> Result<HttpResponse, PageError> {
    let admin: Administrator = signed.allow(&state, &form).await?;
    let id = id.into_inner();
    let pairs = form.fields;
    let change = || -> Result<(Option<i32>, AccountChange), AppError> {
        let extra = unknown(&pairs, ACCOUNT_FIELDS);
        if !extra.is_empty() {
            return Err(AppError::Unprocessable(extra));
        }
        let role = match text(&pairs, "role") {
            None => None,
            Some(r) => Some(
                Role::parse(&r)
                    .ok_or_else(|| AppError::Unprocessable(vec![FieldError::new("role", "is not a role")]))?,
            ),
        };
        let change = AccountChange {
            email: text(&pairs, "email"),
            full_name: text(&pairs, "full_name"),
            role,
            office_id: Some(text(&pairs, "office_id")),
            organization_id: Some(text(&pairs, "organization_id")),
            active: Some(text(&pairs, "active").is_some()),
            password: text(&pairs, "password"),
        };
        Ok((super::directory::version_of(&pairs)?, change))
    };
    let done = match change() {
        Ok((version, ch)) => users::change_account(&state, &admin, id.to_string(), version, ch).await,
        Err(e) => Err(e),
    };
    let e = match done {
        Ok(_) => return Ok(see_other("/admin")),
        Err(e) => e,
    };
    let shown: Pairs = pairs.iter().filter(|(k, _)| k != "password").cloned().collect();
    let (status, form, error) = refused(
        Filled::from_pairs(&shown, &[]),
        Some(ACCOUNT_FIELDS),
        e,
        signed.chrome.t,
    )
    .map_err(signed.fail())?;
    let p = user_page(&state, &signed, &admin, id, form, error).await?;
    Ok(render(status, &p))
}
