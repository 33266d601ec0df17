//! Referrals: created from a case by office staff; answered, completed and
//! served by the addressed partner; cancelled by the office.

use super::routes::{Endpoint, endpoint};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::caller::{OfficeStaff, Partner, ReferralParty, Supervisor};
use super::idempotency::{self, created, done, json};
use super::json_body::JsonBody;
use super::precondition::versioned;
use super::query::Query;
use crate::casefile::views::ServiceView;
use crate::domain::referral::Transition;
use crate::error::AppError;
use crate::listing::{ListResponse, page_request};
use crate::referral::read::{self, ListFilter, OverdueCount};
use crate::referral::view::{self, ReferralView};
use crate::referral::workflow::{self, NewReferral};
use crate::state::AppState;

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
    /// Answer expected by (default from urgency): a date (`YYYY-MM-DD`, the
    /// end of that day in the office's time zone) or an RFC 3339 date-time,
    /// in the future.
    #[schema(example = "2026-12-05")]
    pub respond_by: Option<String>,
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
    let c2 = caller.clone();
    let party = ReferralParty::Office(caller.clone());
    let case_id = id.into_inner().to_string();
    let days = state.settings.referral_completion_days;
    let n = NewReferral {
        organization_id: i.organization_id.to_string(),
        service_type: i.service_type,
        reason: i.reason,
        urgency: i.urgency,
        respond_by: i.respond_by,
        share: i.share,
    };
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| {
            let row = workflow::create(c, &c2, &case_id, n)?;
            created(&view::one(c, &c2, row, days)?)
        },
        async |id| json(&read::get(&state, &party, id).await?),
    )
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
    let items = read::of_case(&state, &caller, id.into_inner()).await?;
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
    caller: ReferralParty,
    Query(p): Query<ReferralListParams>,
) -> Result<HttpResponse, AppError> {
    let page = page_request(p.limit, p.cursor.as_deref())?;
    let filter = ListFilter {
        status: p.status,
        overdue: p.overdue.unwrap_or(false),
        newest_first: false,
    };
    Ok(HttpResponse::Ok().json(read::list(&state, &caller, filter, page).await?))
}

/// Read a referral with its history (a partner sees the minimal view of the person).
#[utoipa::path(get, path = "/api/v1/referrals/{id}", tag = "referrals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Referral id")),
    responses((status = 200, body = ReferralView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    caller: ReferralParty,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let v = read::get(&state, &caller, id.into_inner()).await?;
    Ok(versioned(StatusCode::OK, &v, v.version))
}

async fn move_referral(
    state: &AppState,
    caller: ReferralParty,
    req: &HttpRequest,
    id: Uuid,
    t: Transition,
    text: Option<String>,
) -> Result<HttpResponse, AppError> {
    let c2 = caller.clone();
    let days = state.settings.referral_completion_days;
    idempotency::once(
        state,
        &caller,
        req,
        move |c| {
            let row = workflow::by_route(c, &c2, &id.to_string(), t, text)?;
            done(&view::one(c, &c2, row, days)?)
        },
        async |id| json(&read::get(state, &caller, id).await?),
    )
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
        caller.into(),
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
        caller.into(),
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
        caller.into(),
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
        caller.into(),
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
    let c2 = caller.clone();
    let id = id.into_inner().to_string();
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| {
            created(&ServiceView::from_row(workflow::record_service(
                c,
                &c2,
                &id,
                i.service_type,
                i.status,
                i.date,
                i.notes,
            )?)?)
        },
        async |id| json(&read::partner_service(&state, &caller, id).await?),
    )
    .await
}

/// Record the association's own distribution: one delivered service to
/// the people of many accepted referrals it holds, in one transaction (a
/// partner's token or API key). A second delivery of the type in the same
/// month is 409 unless `allow_repeat` (so a blind retry records nothing
/// twice).
#[utoipa::path(post, path = "/api/v1/referrals/distributions", tag = "referrals", security(("bearer" = [])),
    request_body = crate::referral::distribution::PartnerDistribution,
    responses((status = 201, body = crate::referral::distribution::PartnerDistributionView), (status = 403, body = super::problem::Problem),
        (status = 409, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn distribution(
    state: web::Data<AppState>,
    caller: Partner,
    JsonBody(new): JsonBody<crate::referral::distribution::PartnerDistribution>,
) -> Result<HttpResponse, AppError> {
    let view = state
        .db
        .run(move |c| crate::referral::distribution::record(c, &caller, new))
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Overdue referrals of the supervisor's office, per organisation.
#[utoipa::path(get, path = "/api/v1/referrals/overdue-by-organization", tag = "referrals", security(("bearer" = [])),
    responses((status = 200, body = ListResponse<OverdueCount>), (status = 403, body = super::problem::Problem)))]
pub async fn overdue_by_organization(
    state: web::Data<AppState>,
    caller: Supervisor,
) -> Result<HttpResponse, AppError> {
    let items = read::overdue_by_organization(&state, &caller).await?;
    Ok(HttpResponse::Ok().json(ListResponse {
        items,
        next_cursor: None,
    }))
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_create, _, _>(create),
        endpoint::<__path_of_case, _, _>(of_case),
        endpoint::<__path_list, _, _>(list),
        endpoint::<__path_get, _, _>(get),
        endpoint::<__path_accept, _, _>(accept),
        endpoint::<__path_decline, _, _>(decline),
        endpoint::<__path_complete, _, _>(complete),
        endpoint::<__path_cancel, _, _>(cancel),
        endpoint::<__path_record_service, _, _>(record_service),
        endpoint::<__path_distribution, _, _>(distribution),
        endpoint::<__path_overdue_by_organization, _, _>(overdue_by_organization),
    ]
}
