//! Referrals: created from a case by office staff; answered, completed and
//! served by the addressed partner; cancelled by the office.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::caller::{OfficeStaff, Partner, ReferralReader, Supervisor};
use super::case_records::ServiceView;
use super::cursor::{ListResponse, list_response, page_request};
use super::idempotency::{self, created, done};
use super::json_body::JsonBody;
use super::precondition::versioned;
use super::query::Query;
use super::users::{parse_id, utc};
use crate::audit::{Action, EntityType};
use crate::auth::{Caller, Role};
use crate::casefile::json_list;
use crate::db::{DbConn, now};
use crate::domain::reference::REFERRAL_STATUS;
use crate::domain::referral::{Transition, is_overdue};
use crate::error::AppError;
use crate::referral::partner_view::{ReferredPerson, referred_person};
use crate::referral::workflow::{self, NewReferral};
use crate::state::AppState;
use crate::store;
use crate::store::referral::{ReferralFilter, ReferralRow};

/// One transition in a referral's history.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReferralEventView {
    /// Status reached.
    pub status: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (a user or an API key id).
    pub by: Option<Uuid>,
    /// Reason (declined, cancelled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Outcome (completed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

/// A referral. Office staff see the case and migrant ids; a partner sees
/// the person only as `migrant` (the minimal view plus shared fields).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReferralView {
    /// Id.
    pub id: Uuid,
    /// The case (office staff only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_id: Option<Uuid>,
    /// The migrant (office staff only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migrant_id: Option<Uuid>,
    /// The referring office.
    pub office_id: Uuid,
    /// The organisation referred to.
    pub organization_id: Uuid,
    /// `service_type` code asked for.
    pub service_type: String,
    /// Why.
    pub reason: String,
    /// `emergency`, `urgent` or `normal`.
    pub urgency: String,
    /// Answer expected by.
    pub respond_by: DateTime<Utc>,
    /// Fields shared with the partner.
    pub share: Vec<String>,
    /// `pending`, `accepted`, `declined`, `completed` or `cancelled`.
    pub status: String,
    /// Pending past `respond_by`, or accepted and not completed in time.
    pub overdue: bool,
    /// The person as the partner sees them (single reads only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migrant: Option<ReferredPerson>,
    /// Every transition (single reads only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<ReferralEventView>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Version.
    pub version: i32,
}

/// A new referral.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralInput {
    /// An active organisation that serves the office and offers the service.
    pub organization_id: Uuid,
    /// `service_type` code.
    pub service_type: String,
    /// Why the person is referred.
    pub reason: String,
    /// `emergency` (24 h), `urgent` (72 h) or `normal` (14 days).
    pub urgency: String,
    /// Answer expected by (default from urgency).
    pub respond_by: Option<DateTime<Utc>>,
    /// Fields shared beyond the minimal view: family_name, phone (needs
    /// share_contact consent), birth_date, nationality, vulnerabilities.
    #[serde(default)]
    pub share: Vec<String>,
}

/// A reason (decline, cancel).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonInput {
    /// Why.
    pub reason: Option<String>,
}

/// An outcome (complete).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeInput {
    /// What was done.
    pub outcome: Option<String>,
}

/// A service the partner delivered.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerServiceInput {
    /// `service_type` code.
    pub service_type: String,
    /// `planned`, `delivered` or `cancelled`.
    pub status: String,
    /// Date.
    pub date: NaiveDate,
    /// Notes.
    pub notes: Option<String>,
}

/// List filters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReferralListParams {
    /// `referral_status` code.
    pub status: Option<String>,
    /// Only overdue referrals.
    pub overdue: Option<bool>,
    /// Page size (default 50, at most 200).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Overdue referrals of one organisation.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OverdueCount {
    /// Organisation.
    pub organization_id: Uuid,
    /// Its name.
    pub name: String,
    /// Overdue referrals from the caller's office.
    pub overdue: i64,
}

/// Renders a referral for the caller (partner or office view).
pub fn view(
    c: &mut DbConn,
    caller: &Caller,
    r: ReferralRow,
    detailed: bool,
    completion_days: i64,
) -> Result<ReferralView, AppError> {
    let at = now();
    let share: Vec<String> = json_list(&r.share)?;
    let partner = caller.role == Role::Partner;
    let case = store::case::find_in_office(c, &r.case_id, &r.office_id)?.ok_or(AppError::NotFound)?;
    let (migrant, history) = if detailed {
        let events = store::referral::history(c, &r.id)?
            .into_iter()
            .map(|e| {
                Ok(ReferralEventView {
                    status: e.status,
                    at: utc(e.at),
                    by: e.actor_id.as_deref().map(parse_id).transpose()?,
                    reason: e.reason,
                    outcome: e.outcome,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let person = if partner {
            let m = store::migrant::find(c, &case.migrant_id)?.ok_or(AppError::NotFound)?;
            let latest = store::consent::latest(c, &m.id)?;
            Some(referred_person(&m, &share, &latest, at.date())?)
        } else {
            None
        };
        (person, Some(events))
    } else {
        (None, None)
    };
    Ok(ReferralView {
        id: parse_id(&r.id)?,
        case_id: (!partner).then(|| parse_id(&r.case_id)).transpose()?,
        migrant_id: (!partner).then(|| parse_id(&case.migrant_id)).transpose()?,
        office_id: parse_id(&r.office_id)?,
        organization_id: parse_id(&r.organization_id)?,
        overdue: is_overdue(&r.status, r.respond_by, r.accepted_at, completion_days, at),
        service_type: r.service_type,
        reason: r.reason,
        urgency: r.urgency,
        respond_by: utc(r.respond_by),
        share,
        status: r.status,
        migrant,
        history,
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
        version: r.version,
    })
}

/// Refer a case to a partner organisation.
#[utoipa::path(post, path = "/api/v1/cases/{id}/referrals", tag = "referrals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id"), ("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key return the first response")),
    request_body = ReferralInput,
    responses(
        (status = 201, body = ReferralView),
        (status = 403, body = super::problem::Problem),
        (status = 404, body = super::problem::Problem),
        (status = 409, description = "The case is closed", body = super::problem::Problem),
        (status = 422, description = "Invalid field, no referral consent, organisation inactive or not offering the service", body = super::problem::Problem),
    ))]
pub async fn create(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(i): JsonBody<ReferralInput>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.into_inner();
    let c2 = caller.clone();
    let case_id = id.into_inner().to_string();
    let days = state.settings.referral_completion_days;
    let n = NewReferral {
        organization_id: i.organization_id.to_string(),
        service_type: i.service_type,
        reason: i.reason,
        urgency: i.urgency,
        respond_by: i.respond_by.map(|t| crate::db::truncate_micros(t.naive_utc())),
        share: i.share,
    };
    idempotency::once(&state, &caller, &req, move |c| {
        let row = workflow::create(c, &c2, &case_id, n)?;
        created(&view(c, &c2, row, true, days)?)
    })
    .await
}

/// Referrals of a case.
#[utoipa::path(get, path = "/api/v1/cases/{id}/referrals", tag = "referrals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id")),
    responses((status = 200, body = ListResponse<ReferralView>), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn of_case(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.into_inner();
    let days = state.settings.referral_completion_days;
    let id = id.into_inner().to_string();
    let items = state
        .db
        .run(move |c| {
            let case = crate::casefile::cases::load(c, &caller, &id)?;
            store::referral::of_case(c, &case.id)?
                .into_iter()
                .map(|r| view(c, &caller, r, false, days))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(ListResponse {
        items,
        next_cursor: None,
    }))
}

/// Referrals: an office's staff see their office's; a partner those addressed to its organisation.
#[utoipa::path(get, path = "/api/v1/referrals", tag = "referrals", security(("bearer" = [])),
    params(ReferralListParams),
    responses((status = 200, body = ListResponse<ReferralView>), (status = 403, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    caller: ReferralReader,
    Query(p): Query<ReferralListParams>,
) -> Result<HttpResponse, AppError> {
    let page = page_request(p.limit, p.cursor.as_deref())?;
    if p.status.as_deref().is_some_and(|s| !REFERRAL_STATUS.contains(s)) {
        return Err(AppError::field("status", REFERRAL_STATUS.not_in_list()));
    }
    let caller = caller.into_inner();
    let days = state.settings.referral_completion_days;
    let filter = ReferralFilter {
        status: p.status,
        overdue: p.overdue.filter(|o| *o).map(|_| (now(), days)),
        case_id: None,
    };
    let body = state
        .db
        .run(move |c| {
            let scope = workflow::scope_of(&caller)?;
            let rows = store::referral::list(c, &scope, &filter, &page)?;
            list_response(rows, |r| view(c, &caller, r, false, days))
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Read a referral with its history (a partner sees the minimal view of the person).
#[utoipa::path(get, path = "/api/v1/referrals/{id}", tag = "referrals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Referral id")),
    responses((status = 200, body = ReferralView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    caller: ReferralReader,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.into_inner();
    let c2 = caller.clone();
    let days = state.settings.referral_completion_days;
    let id = id.into_inner().to_string();
    let (v, office) = state
        .db
        .run(move |c| {
            let row = workflow::load(c, &c2, &id)?;
            let office = row.office_id.clone();
            Ok((view(c, &c2, row, true, days)?, office))
        })
        .await?;
    state
        .audit
        .record(
            caller
                .event(Action::Read, EntityType::Referral, v.id.to_string())
                .in_office(Some(office)),
        )
        .await?;
    Ok(versioned(StatusCode::OK, &v, v.version))
}

async fn move_referral(
    state: &AppState,
    caller: Caller,
    req: &HttpRequest,
    id: Uuid,
    t: Transition,
    text: Option<String>,
) -> Result<HttpResponse, AppError> {
    let c2 = caller.clone();
    let days = state.settings.referral_completion_days;
    idempotency::once(state, &caller, req, move |c| {
        let row = workflow::transition(c, &c2, &id.to_string(), t, text)?;
        done(&view(c, &c2, row, true, days)?)
    })
    .await
}

/// Accept a pending referral (the addressed organisation).
#[utoipa::path(post, path = "/api/v1/referrals/{id}/accept", tag = "referrals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Referral id")),
    responses((status = 200, body = ReferralView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 409, description = "Not pending", body = super::problem::Problem)))]
pub async fn accept(
    state: web::Data<AppState>,
    caller: Partner,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    move_referral(
        &state,
        caller.into_inner(),
        &req,
        id.into_inner(),
        Transition::Accept,
        None,
    )
    .await
}

/// Decline a pending referral with a reason (the addressed organisation).
#[utoipa::path(post, path = "/api/v1/referrals/{id}/decline", tag = "referrals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Referral id")), request_body = ReasonInput,
    responses((status = 200, body = ReferralView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 409, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn decline(
    state: web::Data<AppState>,
    caller: Partner,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(i): JsonBody<ReasonInput>,
) -> Result<HttpResponse, AppError> {
    move_referral(
        &state,
        caller.into_inner(),
        &req,
        id.into_inner(),
        Transition::Decline,
        i.reason,
    )
    .await
}

/// Complete an accepted referral with its outcome (the addressed organisation).
#[utoipa::path(post, path = "/api/v1/referrals/{id}/complete", tag = "referrals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Referral id")), request_body = OutcomeInput,
    responses((status = 200, body = ReferralView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 409, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn complete(
    state: web::Data<AppState>,
    caller: Partner,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(i): JsonBody<OutcomeInput>,
) -> Result<HttpResponse, AppError> {
    move_referral(
        &state,
        caller.into_inner(),
        &req,
        id.into_inner(),
        Transition::Complete,
        i.outcome,
    )
    .await
}

/// Cancel a pending or accepted referral with a reason (the referring office).
#[utoipa::path(post, path = "/api/v1/referrals/{id}/cancel", tag = "referrals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Referral id")), request_body = ReasonInput,
    responses((status = 200, body = ReferralView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 409, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn cancel(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(i): JsonBody<ReasonInput>,
) -> Result<HttpResponse, AppError> {
    move_referral(
        &state,
        caller.into_inner(),
        &req,
        id.into_inner(),
        Transition::Cancel,
        i.reason,
    )
    .await
}

/// Record a service the organisation delivered on an accepted referral; it
/// joins the case's services with the organisation as provider.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/services", tag = "referrals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Referral id")), request_body = PartnerServiceInput,
    responses((status = 201, body = ServiceView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem), (status = 409, description = "Not accepted", body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn record_service(
    state: web::Data<AppState>,
    caller: Partner,
    req: HttpRequest,
    id: web::Path<Uuid>,
    JsonBody(i): JsonBody<PartnerServiceInput>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.into_inner();
    let c2 = caller.clone();
    let id = id.into_inner().to_string();
    idempotency::once(&state, &caller, &req, move |c| {
        created(&ServiceView::from_row(workflow::record_service(
            c,
            &c2,
            &id,
            i.service_type,
            i.status,
            i.date,
            i.notes,
        )?)?)
    })
    .await
}

/// Overdue referrals of the supervisor's office, per organisation.
#[utoipa::path(get, path = "/api/v1/referrals/overdue-by-organization", tag = "referrals", security(("bearer" = [])),
    responses((status = 200, body = ListResponse<OverdueCount>), (status = 403, body = super::problem::Problem)))]
pub async fn overdue_by_organization(
    state: web::Data<AppState>,
    caller: Supervisor,
) -> Result<HttpResponse, AppError> {
    let caller = caller.into_inner();
    let days = state.settings.referral_completion_days;
    let items = state
        .db
        .run(move |c| {
            let office = caller.office()?.to_string();
            store::referral::overdue_by_organization(c, &office, now(), days)?
                .into_iter()
                .map(|(org, n)| {
                    let name = store::organization::find(c, &org)?
                        .map(|o| o.name)
                        .unwrap_or_default();
                    Ok(OverdueCount {
                        organization_id: parse_id(&org)?,
                        name,
                        overdue: n,
                    })
                })
                .collect::<Result<Vec<_>, AppError>>()
        })
        .await?;
    Ok(HttpResponse::Ok().json(ListResponse {
        items,
        next_cursor: None,
    }))
}
