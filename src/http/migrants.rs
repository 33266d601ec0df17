//! `/migrants`, their consents, and `/households` (office staff of the
//! migrant's office only; every read and write is audited).

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::caller::{OfficeStaff, Supervisor};
use super::cursor::{ListResponse, list_response, page_request};
use super::idempotency::{self, created};
use super::json_body::{JsonBody, nullable};
use super::precondition::{if_match, versioned};
use super::query::Query;
use super::users::{parse_id, utc};
use crate::auth::Caller;
use crate::casefile::json_list;
use crate::casefile::migrants::{self as casefile, ConsentStatement, check_consents, today};
use crate::domain::migrant::{Document, MigrantFields};
use crate::error::AppError;
use crate::state::AppState;
use crate::store;
use crate::store::consent::ConsentRow;
use crate::store::migrant::{MigrantFilter, MigrantRow};

/// A consent entry.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ConsentView {
    /// Entry id.
    pub id: Uuid,
    /// `registration`, `referral` or `share_contact`.
    pub purpose: String,
    /// Given (true) or withdrawn (false).
    pub given: bool,
    /// Note.
    pub note: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<Uuid>,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

impl ConsentView {
    /// From a stored entry.
    pub fn from_row(r: ConsentRow) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&r.id)?,
            purpose: r.purpose,
            given: r.given,
            note: r.note,
            recorded_by: r.recorded_by.as_deref().map(parse_id).transpose()?,
            recorded_at: utc(r.recorded_at),
        })
    }
}

/// A migrant's record.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MigrantView {
    /// Id.
    pub id: Uuid,
    /// Office.
    pub office_id: Uuid,
    /// Given name(s).
    pub given_name: String,
    /// Family name(s).
    pub family_name: String,
    /// Name in Arabic script.
    pub name_ar: Option<String>,
    /// `sex` code.
    pub sex: String,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// Birth year (estimated, or that of `birth_date`).
    pub birth_year: Option<i32>,
    /// ISO 3166-1 alpha-2.
    pub nationality: Option<String>,
    /// ISO 639 codes.
    pub languages: Vec<String>,
    /// Phone.
    pub phone: Option<String>,
    /// District.
    pub district: Option<String>,
    /// `legal_status` code.
    pub legal_status: String,
    /// `vulnerability` codes.
    pub vulnerabilities: Vec<String>,
    /// Arrival date.
    pub arrival_date: Option<NaiveDate>,
    /// Household.
    pub household_id: Option<Uuid>,
    /// `relationship_to_head` code.
    pub relationship_to_head: Option<String>,
    /// Documents.
    pub documents: Vec<Document>,
    /// Latest consent entry per purpose (omitted in lists; see `/migrants/{id}/consents`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consents: Option<Vec<ConsentView>>,
    /// `active`, `merged` or `anonymised`.
    pub state: String,
    /// The record this one was merged into.
    pub merged_into: Option<Uuid>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Version (also the `ETag`).
    pub version: i32,
}

impl MigrantView {
    /// From a stored record and its latest consents.
    pub fn from_row(r: MigrantRow, consents: Option<Vec<ConsentRow>>) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&r.id)?,
            office_id: parse_id(&r.office_id)?,
            given_name: r.given_name,
            family_name: r.family_name,
            name_ar: r.name_ar,
            sex: r.sex,
            birth_date: r.birth_date,
            birth_year: r.birth_year,
            nationality: r.nationality,
            languages: json_list(&r.languages)?,
            phone: r.phone,
            district: r.district,
            legal_status: r.legal_status,
            vulnerabilities: json_list(&r.vulnerabilities)?,
            arrival_date: r.arrival_date,
            household_id: r.household_id.as_deref().map(parse_id).transpose()?,
            relationship_to_head: r.relationship_to_head,
            documents: json_list(&r.documents)?,
            consents: consents
                .map(|c| c.into_iter().map(ConsentView::from_row).collect::<Result<_, _>>())
                .transpose()?,
            state: r.state,
            merged_into: r.merged_into.as_deref().map(parse_id).transpose()?,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        })
    }
}

/// A record that looks like the same person.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DuplicateView {
    /// The other record.
    pub id: Uuid,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Arabic-script name.
    pub name_ar: Option<String>,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// Birth year.
    pub birth_year: Option<i32>,
    /// Likeness from 0 to 1 (names across spellings and scripts, birth, phone, documents).
    pub score: f64,
}

/// A newly registered migrant and the records that may be the same person.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegisteredView {
    /// The new record.
    #[serde(flatten)]
    pub migrant: MigrantView,
    /// Records of the same office that look like the same person, best first.
    pub possible_duplicates: Vec<DuplicateView>,
}

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

/// A household and its members.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HouseholdView {
    /// Id.
    pub id: Uuid,
    /// Office.
    pub office_id: Uuid,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Members.
    pub members: Vec<HouseholdMember>,
}

/// A household member.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HouseholdMember {
    /// Migrant id.
    pub id: Uuid,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// `relationship_to_head` code.
    pub relationship_to_head: Option<String>,
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
            legal_status: i.legal_status.unwrap_or_else(|| "unknown".into()),
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
    let mut errors = match fields.clone().validate(today()) {
        Ok(_) => Vec::new(),
        Err(e) => e,
    };
    errors.extend(check_consents(&consents, "consents"));
    if !errors.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    let fields = fields.validate(today()).map_err(AppError::Unprocessable)?;
    let caller: Caller = caller.into_inner();
    // Duplicate scoring reads only: it runs before the change is handed to
    // the group-commit writer, so that it never holds the write lock.
    let (by, probe) = (caller.clone(), fields.clone());
    let duplicates = state
        .db
        .run(move |c| casefile::duplicates_for(c, &by, &probe))
        .await?;
    idempotency::once(&state, &caller.clone(), &req, move |c| {
        let r = casefile::register_with(c, &caller, fields, consents, duplicates)?;
        let duplicates = r
            .possible_duplicates
            .into_iter()
            .map(|d| {
                Ok(DuplicateView {
                    id: parse_id(&d.row.id)?,
                    given_name: d.row.given_name,
                    family_name: d.row.family_name,
                    name_ar: d.row.name_ar,
                    birth_date: d.row.birth_date,
                    birth_year: d.row.birth_year,
                    score: d.score,
                })
            })
            .collect::<Result<_, AppError>>()?;
        created(&RegisteredView {
            migrant: MigrantView::from_row(r.row, Some(r.consents))?,
            possible_duplicates: duplicates,
        })
    })
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
    use crate::domain::reference::{LEGAL_STATUS, VULNERABILITY};
    let page = page_request(p.limit, p.cursor.as_deref())?;
    if let Some(v) = &p.vulnerability {
        if !VULNERABILITY.contains(v) {
            return Err(AppError::field("vulnerability", VULNERABILITY.not_in_list()));
        }
    }
    if let Some(v) = &p.legal_status {
        if !LEGAL_STATUS.contains(v) {
            return Err(AppError::field("legal_status", LEGAL_STATUS.not_in_list()));
        }
    }
    let filter = MigrantFilter {
        q: p.q.filter(|q| !q.trim().is_empty()),
        nationality: p.nationality.map(|n| n.trim().to_uppercase()),
        vulnerability: p.vulnerability,
        legal_status: p.legal_status,
        has_open_case: p.has_open_case,
    };
    let office = caller.office()?.to_string();
    let rows = state
        .db
        .run(move |c| store::migrant::list(c, &office, &filter, &page))
        .await?;
    state
        .audit
        .record_all(casefile::read_events(&caller, &rows.items))
        .await?;
    Ok(HttpResponse::Ok().json(list_response(rows, |r| MigrantView::from_row(r, None))?))
}

async fn load_view(state: &AppState, caller: Caller, id: Uuid) -> Result<MigrantView, AppError> {
    let (row, consents) = state
        .db
        .run(move |c| {
            let row = casefile::load(c, &caller, &id.to_string())?;
            let consents = store::consent::latest(c, &row.id)?;
            Ok((row, consents))
        })
        .await?;
    MigrantView::from_row(row, Some(consents))
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
    let caller = caller.into_inner();
    let view = load_view(&state, caller.clone(), id.into_inner()).await?;
    state
        .audit
        .record(
            caller
                .event(
                    crate::audit::Action::Read,
                    crate::audit::EntityType::Migrant,
                    view.id.to_string(),
                )
                .in_office(Some(view.office_id.to_string())),
        )
        .await?;
    let version = view.version;
    Ok(versioned(StatusCode::OK, &view, version))
}

fn patch(current: MigrantFields, p: MigrantPatchInput) -> MigrantFields {
    MigrantFields {
        given_name: p.given_name.unwrap_or(current.given_name),
        family_name: p.family_name.unwrap_or(current.family_name),
        name_ar: p.name_ar.unwrap_or(current.name_ar),
        sex: p.sex.unwrap_or(current.sex),
        birth_date: p.birth_date.unwrap_or(current.birth_date),
        birth_year: match (p.birth_year, p.birth_date) {
            (Some(y), _) => y,
            // A new birth date sets the year; clearing it keeps the year as an estimate.
            (None, Some(Some(_))) => None,
            _ => current.birth_year,
        },
        nationality: p.nationality.unwrap_or(current.nationality),
        languages: p.languages.unwrap_or(current.languages),
        phone: p.phone.unwrap_or(current.phone),
        district: p.district.unwrap_or(current.district),
        legal_status: p.legal_status.unwrap_or(current.legal_status),
        vulnerabilities: p.vulnerabilities.unwrap_or(current.vulnerabilities),
        arrival_date: p.arrival_date.unwrap_or(current.arrival_date),
        household_id: p
            .household_id
            .map(|h| h.map(|u| u.to_string()))
            .unwrap_or(current.household_id),
        relationship_to_head: p.relationship_to_head.unwrap_or(current.relationship_to_head),
        documents: p.documents.unwrap_or(current.documents),
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
    let caller = caller.into_inner();
    let id = id.into_inner();
    let view_caller = caller.clone();
    state
        .db
        .run(move |c| {
            casefile::update(c, &caller, &id.to_string(), version, |current| {
                patch(current, input)
                    .validate(today())
                    .map_err(AppError::Unprocessable)
            })
        })
        .await?;
    let view = load_view(&state, view_caller, id).await?;
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
    let errors = check_consents(std::slice::from_ref(&statement), "consent");
    if !errors.is_empty() {
        let errors = errors
            .into_iter()
            .map(|e| {
                crate::error::FieldError::new(
                    e.field.trim_start_matches("consent[0].").to_string(),
                    e.message,
                )
            })
            .collect();
        return Err(AppError::Unprocessable(errors));
    }
    let caller = caller.into_inner();
    let id = id.into_inner().to_string();
    idempotency::once(&state, &caller.clone(), &req, move |c| {
        created(&ConsentView::from_row(casefile::record_consent(
            c, &caller, &id, statement,
        )?)?)
    })
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
    let caller = caller.into_inner();
    let c2 = caller.clone();
    let id = id.into_inner().to_string();
    let (m, rows) = state
        .db
        .run(move |c| {
            let m = casefile::load(c, &c2, &id)?;
            let rows = store::consent::history(c, &m.id)?;
            Ok((m, rows))
        })
        .await?;
    state
        .audit
        .record_all(casefile::read_events(&caller, std::slice::from_ref(&m)))
        .await?;
    let items = rows
        .into_iter()
        .map(ConsentView::from_row)
        .collect::<Result<Vec<_>, _>>()?;
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
    let caller = caller.into_inner();
    let id = id.into_inner();
    let c2 = caller.clone();
    idempotency::once(&state, &caller, &req, move |c| {
        let kept = casefile::merge(c, &c2, &id.to_string(), &input.duplicate_id.to_string())?;
        let consents = store::consent::latest(c, &kept.id)?;
        let view = MigrantView::from_row(
            store::migrant::find(c, &kept.id)?.ok_or(AppError::NotFound)?,
            Some(consents),
        )?;
        idempotency::done(&view)
    })
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
    let caller = caller.into_inner();
    let c2 = caller.clone();
    let id = id.into_inner().to_string();
    idempotency::once(&state, &caller, &req, move |c| {
        let row = casefile::anonymise(c, &c2, &id)?;
        let consents = store::consent::latest(c, &row.id)?;
        idempotency::done(&MigrantView::from_row(row, Some(consents))?)
    })
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
    let caller = caller.into_inner();
    let c2 = caller.clone();
    idempotency::once(&state, &caller, &req, move |c| {
        let h = casefile::create_household(c, &c2)?;
        created(&HouseholdView {
            id: parse_id(&h.id)?,
            office_id: parse_id(&h.office_id)?,
            created_at: utc(h.created_at),
            members: Vec::new(),
        })
    })
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
    let caller = caller.into_inner();
    let c2 = caller.clone();
    let id = id.into_inner().to_string();
    let (h, members) = state.db.run(move |c| casefile::household(c, &c2, &id)).await?;
    state
        .audit
        .record_all(casefile::read_events(&caller, &members))
        .await?;
    Ok(HttpResponse::Ok().json(HouseholdView {
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
    }))
}

/// A case with everything recorded on it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ExportedCase {
    /// The case.
    pub case: super::cases::CaseView,
    /// Its services.
    pub services: Vec<super::case_records::ServiceView>,
    /// Its notes.
    pub notes: Vec<super::case_records::NoteView>,
    /// Its follow-ups.
    pub follow_ups: Vec<super::case_records::FollowUpView>,
}

/// Everything held on one person (subject-access request).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ExportView {
    /// When the export was made.
    pub exported_at: DateTime<Utc>,
    /// The record.
    pub migrant: MigrantView,
    /// The whole consent history.
    pub consent_history: Vec<ConsentView>,
    /// Cases with their services, notes and follow-ups.
    pub cases: Vec<ExportedCase>,
    /// Referrals to partner organisations, with their history.
    pub referrals: Vec<super::referrals::ReferralView>,
    /// Audit entries about the person and everything above.
    pub audit: Vec<super::audit::AuditEntryView>,
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
    use super::case_records::{FollowUpView, NoteView, ServiceView};
    let caller = caller.into_inner();
    let c2 = caller.clone();
    let id = id.into_inner().to_string();
    let days = state.settings.referral_completion_days;
    let view = state
        .db
        .run(move |c| {
            let row = casefile::load(c, &c2, &id)?;
            let history = store::consent::history(c, &row.id)?;
            let latest = store::consent::latest(c, &row.id)?;
            let mut ids: Vec<String> = vec![row.id.clone()];
            ids.extend(history.iter().map(|h| h.id.clone()));
            let mut cases = Vec::new();
            let mut referrals = Vec::new();
            for case in store::case::of_migrant(c, &row.id)? {
                for r in store::referral::of_case(c, &case.id)? {
                    ids.push(r.id.clone());
                    referrals.push(super::referrals::view(c, &c2, r, true, days)?);
                }
                let services = store::service::of_case(c, &case.id)?;
                let notes = store::note::of_case(c, &case.id)?;
                let follow_ups = store::follow_up::of_case(c, &case.id)?;
                ids.push(case.id.clone());
                ids.extend(services.iter().map(|s| s.id.clone()));
                ids.extend(notes.iter().map(|s| s.id.clone()));
                ids.extend(follow_ups.iter().map(|s| s.id.clone()));
                cases.push(ExportedCase {
                    case: super::cases::CaseView::from_row(case)?,
                    services: services
                        .into_iter()
                        .map(ServiceView::from_row)
                        .collect::<Result<_, _>>()?,
                    notes: notes
                        .into_iter()
                        .map(NoteView::from_row)
                        .collect::<Result<_, _>>()?,
                    follow_ups: follow_ups
                        .into_iter()
                        .map(FollowUpView::from_row)
                        .collect::<Result<_, _>>()?,
                });
            }
            let audit = store::audit::about_entities(c, &ids)?
                .into_iter()
                .map(super::audit::AuditEntryView::from_row)
                .collect::<Result<_, _>>()?;
            Ok(ExportView {
                exported_at: Utc::now(),
                migrant: MigrantView::from_row(row, Some(latest))?,
                consent_history: history
                    .into_iter()
                    .map(ConsentView::from_row)
                    .collect::<Result<_, _>>()?,
                cases,
                referrals,
                audit,
            })
        })
        .await?;
    state
        .audit
        .record(
            caller
                .event(
                    crate::audit::Action::Export,
                    crate::audit::EntityType::Migrant,
                    view.migrant.id.to_string(),
                )
                .in_office(Some(view.migrant.office_id.to_string())),
        )
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"migrant-{}.json\"", view.migrant.id),
        ))
        .json(view))
}
