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
use super::page::{Chrome, Form, PageError, refusal, render};
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
        return super::notice::then(&state, &signed, "notice-account-created", None, "/admin").await;
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
        return super::notice::then(&state, &signed, "notice-account-deactivated", None, "/admin").await;
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
    /// Actor id → name, for the rows and the filter.
    actors: Vec<(Uuid, String)>,
    verify: VerifyView,
    /// How many entries the filters select.
    total: i64,
    /// The filters as given (to fill the form again and to page on).
    form: Filled,
    actions: Vec<&'static str>,
    entity_types: Vec<&'static str>,
    /// The next page's link, when there is one.
    next: Option<String>,
    error: Option<String>,
}

impl AuditPage {
    fn actor(&self, id: &Option<Uuid>) -> Option<&str> {
        let id = id.as_ref()?;
        self.actors.iter().find(|(a, _)| a == id).map(|(_, n)| n.as_str())
    }
}

/// The audit page's filters, as the form sends them (blank is none).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditFilterForm {
    actor_id: Option<String>,
    action: Option<String>,
    entity_type: Option<String>,
    entity_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
    cursor: Option<String>,
}

const AUDIT_PAGE: i64 = 50;

fn blank(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// A code of a closed list (action, entity type) from the form.
fn code<T: serde::de::DeserializeOwned>(field: &str, v: Option<String>) -> Result<Option<T>, AppError> {
    v.map(|v| {
        serde_json::from_value(serde_json::Value::String(v))
            .map_err(|_| AppError::field(field, "is not one of the listed values"))
    })
    .transpose()
}

impl AuditFilterForm {
    fn query(&self) -> Result<AuditQuery, AppError> {
        Ok(AuditQuery {
            entity_type: code("entity_type", blank(&self.entity_type))?,
            entity_id: blank(&self.entity_id),
            actor_id: blank(&self.actor_id)
                .map(|a| Uuid::parse_str(&a).map_err(|_| AppError::field("actor_id", "is not an account")))
                .transpose()?,
            action: code("action", blank(&self.action))?,
            from: blank(&self.from),
            to: blank(&self.to),
        })
    }

    fn pairs(&self) -> Pairs {
        [
            ("actor_id", &self.actor_id),
            ("action", &self.action),
            ("entity_type", &self.entity_type),
            ("entity_id", &self.entity_id),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .into_iter()
        .filter_map(|(k, v)| blank(v).map(|v| (k.to_string(), v)))
        .collect()
    }
}

/// `GET /admin/audit`: the trail newest first, filtered by actor (by
/// name), action, object and dates, paged through every entry with their
/// count, and the chain's verification — for administrators, and for
/// supervisors over their office's entries (the API's scope).
pub async fn audit_trail(
    state: web::Data<AppState>,
    signed: Signed,
    query: web::Query<AuditFilterForm>,
) -> Result<HttpResponse, PageError> {
    let reader: AuditReader = signed.grant(&state).await?;
    let f = query.into_inner();
    let pairs = f.pairs();
    let mut error = None;
    let (entries, next, total) = match f.query() {
        Ok(q) => {
            let list = match crate::listing::page_request(Some(AUDIT_PAGE), blank(&f.cursor).as_deref()) {
                Ok(page) => audit::entries(&state, &reader, q.clone(), page).await,
                Err(e) => Err(e),
            };
            let total = audit::count(&state, &reader, q).await;
            match (list, total) {
                (Ok(list), Ok(total)) => {
                    let next = list.next_cursor.map(|c| {
                        let mut p = pairs.clone();
                        p.push(("cursor".into(), c));
                        format!(
                            "/admin/audit?{}",
                            serde_urlencoded::to_string(&p).unwrap_or_default()
                        )
                    });
                    (list.items, next, total)
                }
                (Err(e), _) | (_, Err(e)) => {
                    error = Some(refusal(e).map_err(signed.fail())?.1);
                    (Vec::new(), None, 0)
                }
            }
        }
        Err(e) => {
            error = Some(refusal(e).map_err(signed.fail())?.1);
            (Vec::new(), None, 0)
        }
    };
    let actors = read::users(
        &state,
        &reader,
        UserFilter::default(),
        PageRequest {
            after: None,
            limit: 200,
        },
    )
    .await
    .map_err(signed.fail())?
    .items
    .into_iter()
    .map(|u| (u.id, u.full_name))
    .collect();
    let verify = audit::verify(&state, &reader, None)
        .await
        .map_err(signed.fail())?;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(render(
        status,
        &AuditPage {
            chrome: signed.chrome,
            entries,
            actors,
            verify,
            total,
            form: Filled::from_pairs(&pairs, &[]),
            actions: crate::audit::Action::ALL.iter().map(|a| a.as_str()).collect(),
            entity_types: crate::audit::EntityType::ALL.iter().map(|e| e.as_str()).collect(),
            next,
            error,
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
        Ok(_) => return super::notice::then(&state, &signed, "notice-account-saved", None, "/admin").await,
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
