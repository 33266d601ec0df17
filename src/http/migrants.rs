//! `/migrants`, their consents, and `/households` (office staff of the
//! migrant's office only; every read and write is audited).

use super::routes::{Endpoint, endpoint};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::caller::{OfficeStaff, Supervisor};
use super::idempotency::{self, created, json};
use super::json_body::{JsonBody, nullable};
use super::precondition::{if_match, versioned};
use super::query::Query;
use crate::casefile::migrants::{self as casefile, ConsentStatement};
use crate::casefile::read::{self, MigrantFilter};
use crate::casefile::registration;
use crate::casefile::views::{ConsentView, HouseholdView, MigrantView, RegisteredView};
use crate::domain::migrant::{Document, MigrantFields, MigrantPatch, legal_status_or_unknown};
use crate::error::AppError;
use crate::listing::{ListResponse, page_request};
use crate::state::AppState;
use crate::subject_access::ExportView;

/// A consent statement.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// `registration`, `referral` or `share_contact`.
    pub purpose: String,
    /// Given (true) or withdrawn (false).
    pub given: bool,
    /// Note (how and by whom consent was expressed).
    pub note: Option<String>,
}

impl From<ConsentInput> for ConsentStatement {
    fn from(c: ConsentInput) -> Self {
        Self {
            purpose: c.purpose,
            given: c.given,
            note: c.note,
        }
    }
}

/// A new registration.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MigrantInput {
    /// Given name(s), any script.
    pub given_name: String,
    /// Family name(s), any script.
    pub family_name: String,
    /// Full name in Arabic script.
    pub name_ar: Option<String>,
    /// `sex` code.
    pub sex: String,
    /// Birth date (not in the future, after 1900).
    pub birth_date: Option<NaiveDate>,
    /// Estimated birth year when the date is unknown.
    pub birth_year: Option<i32>,
    /// ISO 3166-1 alpha-2.
    pub nationality: Option<String>,
    /// ISO 639 codes.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Phone.
    pub phone: Option<String>,
    /// District.
    pub district: Option<String>,
    /// `legal_status` code (default `unknown`).
    pub legal_status: Option<String>,
    /// `vulnerability` codes.
    #[serde(default)]
    pub vulnerabilities: Vec<String>,
    /// Arrival date.
    pub arrival_date: Option<NaiveDate>,
    /// Household of this office.
    pub household_id: Option<Uuid>,
    /// `relationship_to_head` code.
    pub relationship_to_head: Option<String>,
    /// Documents.
    #[serde(default)]
    pub documents: Vec<Document>,
    /// Consent statements collected at registration.
    #[serde(default)]
    pub consents: Vec<ConsentInput>,
}

/// Changes; absent fields are kept, `null` clears an optional field, lists are replaced.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MigrantPatchInput {
    /// Given name(s).
    pub given_name: Option<String>,
    /// Family name(s).
    pub family_name: Option<String>,
    /// Arabic-script name.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub name_ar: Option<Option<String>>,
    /// `sex` code.
    pub sex: Option<String>,
    /// Birth date.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub birth_date: Option<Option<NaiveDate>>,
    /// Estimated birth year.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>)]
    pub birth_year: Option<Option<i32>>,
    /// Nationality.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub nationality: Option<Option<String>>,
    /// Languages.
    pub languages: Option<Vec<String>>,
    /// Phone.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    /// District.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub district: Option<Option<String>>,
    /// Legal status.
    pub legal_status: Option<String>,
    /// Vulnerabilities.
    pub vulnerabilities: Option<Vec<String>>,
    /// Arrival date.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub arrival_date: Option<Option<NaiveDate>>,
    /// Household.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub household_id: Option<Option<Uuid>>,
    /// Relationship to the household head.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub relationship_to_head: Option<Option<String>>,
    /// Documents.
    pub documents: Option<Vec<Document>>,
}

/// Search and filters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct MigrantListParams {
    /// Name search, Latin or Arabic script, accent- and case-insensitive, tolerant of common transliterations.
    pub q: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub nationality: Option<String>,
    /// `vulnerability` code.
    pub vulnerability: Option<String>,
    /// `legal_status` code.
    pub legal_status: Option<String>,
    /// Only people with (true) or without (false) an open case.
    pub has_open_case: Option<bool>,
    /// Page size (default 50, at most 200).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Merge request.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeInput {
    /// The duplicate record, retired into this one.
    pub duplicate_id: Uuid,
}

fn fields_of_input(i: MigrantInput) -> (MigrantFields, Vec<ConsentStatement>) {
    (
        MigrantFields {
            given_name: i.given_name,
            family_name: i.family_name,
            name_ar: i.name_ar,
            sex: i.sex,
            birth_date: i.birth_date,
            birth_year: i.birth_year,
            nationality: i.nationality,
            languages: i.languages,
            phone: i.phone,
            district: i.district,
            legal_status: legal_status_or_unknown(i.legal_status),
            vulnerabilities: i.vulnerabilities,
            arrival_date: i.arrival_date,
            household_id: i.household_id.map(|u| u.to_string()),
            relationship_to_head: i.relationship_to_head,
            documents: i.documents,
        },
        i.consents.into_iter().map(Into::into).collect(),
    )
}

/// Register a migrant; answers with the record and the possible duplicates.
#[utoipa::path(post, path = "/api/v1/migrants", tag = "migrants", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key return the first response")),
    request_body = MigrantInput,
    responses(
        (status = 201, body = RegisteredView),
        (status = 403, description = "Not office staff", body = super::problem::Problem),
        (status = 422, body = super::problem::Problem),
    ))]
pub async fn create(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
    JsonBody(input): JsonBody<MigrantInput>,
) -> Result<HttpResponse, AppError> {
    let (fields, consents) = fields_of_input(input);
    let prepared = registration::prepare(&state, &caller, fields, consents).await?;
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| created(&prepared.register(c)?),
        async |id| {
            json(&RegisteredView {
                migrant: read::migrant(&state, &caller, id).await?,
                possible_duplicates: read::possible_duplicates(&state, &caller, id).await?,
            })
        },
    )
    .await
}

/// Search and list the office's migrants.
#[utoipa::path(get, path = "/api/v1/migrants", tag = "migrants", security(("bearer" = [])),
    params(MigrantListParams),
    responses((status = 200, body = ListResponse<MigrantView>), (status = 403, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    Query(p): Query<MigrantListParams>,
) -> Result<HttpResponse, AppError> {
    let page = page_request(p.limit, p.cursor.as_deref())?;
    let filter = MigrantFilter {
        q: p.q.filter(|q| !q.trim().is_empty()),
        nationality: p.nationality.map(|n| n.trim().to_uppercase()),
        vulnerability: p.vulnerability,
        legal_status: p.legal_status,
        has_open_case: p.has_open_case,
    };
    Ok(HttpResponse::Ok().json(read::migrants(&state, &caller, filter, page).await?))
}

/// Read a migrant's record (with the latest consent per purpose).
#[utoipa::path(get, path = "/api/v1/migrants/{id}", tag = "migrants", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Migrant id")),
    responses((status = 200, body = MigrantView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let view = read::migrant(&state, &caller, id.into_inner()).await?;
    let version = view.version;
    Ok(versioned(StatusCode::OK, &view, version))
}

fn patch(p: MigrantPatchInput) -> MigrantPatch {
    MigrantPatch {
        given_name: p.given_name,
        family_name: p.family_name,
        name_ar: p.name_ar,
        sex: p.sex,
        birth_date: p.birth_date,
        birth_year: p.birth_year,
        nationality: p.nationality,
        languages: p.languages,
        phone: p.phone,
        district: p.district,
        legal_status: p.legal_status,
        vulnerabilities: p.vulnerabilities,
        arrival_date: p.arrival_date,
        household_id: p.household_id.map(|h| h.map(|u| u.to_string())),
        relationship_to_head: p.relationship_to_head,
        documents: p.documents,
    }
}

/// Change a migrant's record. Send `If-Match` with the `ETag` you read.
#[utoipa::path(patch, path = "/api/v1/migrants/{id}", tag = "migrants", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Migrant id"), ("If-Match" = Option<String>, Header, description = "ETag of the version you read")),
    request_body = MigrantPatchInput,
    responses(
        (status = 200, body = MigrantView),
        (status = 403, body = super::problem::Problem),
        (status = 404, body = super::problem::Problem),
        (status = 409, description = "Merged or anonymised record", body = super::problem::Problem),
        (status = 412, body = super::problem::Problem),
        (status = 422, body = super::problem::Problem),
    ))]
pub async fn update(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(input): JsonBody<MigrantPatchInput>,
) -> Result<HttpResponse, AppError> {
    let version = if_match(&req)?;
    let id = id.into_inner();
    let view = state
        .db
        .run(move |c| {
            let row = casefile::update(c, &caller, &id.to_string(), version, patch(input))?;
            read::written_migrant(c, &row.id)
        })
        .await?;
    let v = view.version;
    Ok(versioned(StatusCode::OK, &view, v))
}

/// Record a consent statement; a withdrawal is a new entry with `given: false`.
#[utoipa::path(post, path = "/api/v1/migrants/{id}/consents", tag = "migrants", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Migrant id"), ("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key return the first response")),
    request_body = ConsentInput,
    responses((status = 201, body = ConsentView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn add_consent(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(input): JsonBody<ConsentInput>,
) -> Result<HttpResponse, AppError> {
    let statement: ConsentStatement = input.into();
    let migrant = id.into_inner();
    let id = migrant.to_string();
    let c2 = caller.clone();
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| {
            created(&ConsentView::from_row(casefile::record_consent(
                c, &c2, &id, statement,
            )?)?)
        },
        async |id| {
            let history = read::consent_history(&state, &caller, migrant).await?;
            json(
                &history
                    .into_iter()
                    .find(|v| v.id == id)
                    .ok_or(AppError::NotFound)?,
            )
        },
    )
    .await
}

/// The consent history of a migrant, oldest first.
#[utoipa::path(get, path = "/api/v1/migrants/{id}/consents", tag = "migrants", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Migrant id")),
    responses((status = 200, body = ListResponse<ConsentView>), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn consents(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let items = read::consent_history(&state, &caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ListResponse {
        items,
        next_cursor: None,
    }))
}

/// Merge a duplicate record into this one (supervisors): its cases and
/// consents move here, and it is retired.
#[utoipa::path(post, path = "/api/v1/migrants/{id}/merge", tag = "migrants", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The record kept")),
    request_body = MergeInput,
    responses((status = 200, body = MigrantView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 409, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn merge(
    state: web::Data<AppState>,
    caller: Supervisor,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(input): JsonBody<MergeInput>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let c2 = caller.clone();
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| {
            let kept = casefile::merge(c, &c2, &id.to_string(), &input.duplicate_id.to_string())?;
            idempotency::done(&read::written_migrant(c, &kept.id)?)
        },
        async |id| json(&read::migrant(&state, &caller, id).await?),
    )
    .await
}

/// Anonymise a migrant (supervisors; irreversible): identifying fields are
/// erased, what reports count is kept.
#[utoipa::path(post, path = "/api/v1/migrants/{id}/anonymise", tag = "migrants", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Migrant id")),
    responses((status = 200, body = MigrantView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 409, description = "Already anonymised or merged", body = super::problem::Problem)))]
pub async fn anonymise(
    state: web::Data<AppState>,
    caller: Supervisor,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let c2 = caller.clone();
    let id = id.into_inner().to_string();
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| {
            let row = casefile::anonymise(c, &c2, &id)?;
            idempotency::done(&read::written_migrant(c, &row.id)?)
        },
        async |id| json(&read::migrant(&state, &caller, id).await?),
    )
    .await
}

/// Create a household in the caller's office.
#[utoipa::path(post, path = "/api/v1/households", tag = "migrants", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key return the first response")),
    responses((status = 201, body = HouseholdView), (status = 403, body = super::problem::Problem)))]
pub async fn create_household(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let c2 = caller.clone();
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| created(&HouseholdView::new_empty(casefile::create_household(c, &c2)?)?),
        async |id| json(&read::household(&state, &caller, id).await?),
    )
    .await
}

/// A household and its members.
#[utoipa::path(get, path = "/api/v1/households/{id}", tag = "migrants", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Household id")),
    responses((status = 200, body = HouseholdView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn household(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(read::household(&state, &caller, id.into_inner()).await?))
}

/// Export everything held on a migrant (subject-access request).
#[utoipa::path(get, path = "/api/v1/migrants/{id}/export", tag = "migrants", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Migrant id")),
    responses((status = 200, body = ExportView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn export(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let view = crate::subject_access::export(&state, &caller, id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"migrant-{}.json\"", view.migrant.id),
        ))
        .json(view))
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_create, _, _>(create),
        endpoint::<__path_list, _, _>(list),
        endpoint::<__path_get, _, _>(get),
        endpoint::<__path_update, _, _>(update),
        endpoint::<__path_export, _, _>(export),
        endpoint::<__path_anonymise, _, _>(anonymise),
        endpoint::<__path_merge, _, _>(merge),
        endpoint::<__path_add_consent, _, _>(add_consent),
        endpoint::<__path_consents, _, _>(consents),
        endpoint::<__path_create_household, _, _>(create_household),
        endpoint::<__path_household, _, _>(household),
    ]
}
