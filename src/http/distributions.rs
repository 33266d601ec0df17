//! `/distributions`: office staff record one service delivered to many
//! people at once (`casefile::distributions` holds every rule).

use super::routes::{Endpoint, endpoint};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use uuid::Uuid;

use super::caller::OfficeStaff;
use super::idempotency::{self, created, json};
use super::json_body::JsonBody;
use crate::casefile::distributions::{self, DistributionPreview, DistributionView, NewDistribution};
use crate::casefile::target_lists::moment;
use crate::error::AppError;
use crate::state::AppState;

/// The office's distributions.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Distributions {
    /// Newest first (the latest 200).
    pub items: Vec<DistributionView>,
}

/// What a distribution would do: how many would be served, how many are
/// excepted, and who already received this type of service this month.
#[utoipa::path(post, path = "/api/v1/distributions/preview", tag = "target lists", security(("bearer" = [])),
    request_body = NewDistribution,
    responses((status = 200, body = DistributionPreview), (status = 403, body = super::problem::Problem), (status = 422, body = super::problem::Problem)))]
pub async fn preview(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    JsonBody(new): JsonBody<NewDistribution>,
) -> Result<HttpResponse, AppError> {
    let at = moment(&state);
    let p = state
        .db
        .run(move |c| distributions::preview(c, &caller, &new, at))
        .await?;
    Ok(HttpResponse::Ok().json(p))
}

/// Record a distribution: one delivered service per person served, in one
/// transaction; 409 when some already received this type of service this
/// month and `allow_repeat` is not set. Send an `Idempotency-Key` to retry
/// safely.
#[utoipa::path(post, path = "/api/v1/distributions", tag = "target lists", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry safely: the same key answers the same distribution")),
    request_body = NewDistribution,
    responses((status = 201, body = DistributionView), (status = 403, body = super::problem::Problem), (status = 409, body = super::problem::Problem),
        (status = 422, body = super::problem::Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    req: HttpRequest,
    JsonBody(new): JsonBody<NewDistribution>,
) -> Result<HttpResponse, AppError> {
    let at = moment(&state);
    let by = caller.clone();
    idempotency::once(
        &state,
        &caller,
        &req,
        move |c| {
            created(&DistributionView::from_row(distributions::record(
                c, &by, new, at,
            )?)?)
        },
        async |id| {
            let c2 = caller.clone();
            json(
                &state
                    .db
                    .run(move |c| distributions::get(c, &c2, &id.to_string()))
                    .await?,
            )
        },
    )
    .await
}

/// The office's distributions, newest first.
#[utoipa::path(get, path = "/api/v1/distributions", tag = "target lists", security(("bearer" = [])),
    responses((status = 200, body = Distributions), (status = 403, body = super::problem::Problem)))]
pub async fn list(state: web::Data<AppState>, caller: OfficeStaff) -> Result<HttpResponse, AppError> {
    let items = state
        .db
        .run(move |c| distributions::of_office(c, &caller))
        .await?;
    Ok(HttpResponse::Ok().json(Distributions { items }))
}

/// One distribution of the office.
#[utoipa::path(get, path = "/api/v1/distributions/{id}", tag = "target lists", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Distribution id")),
    responses((status = 200, body = DistributionView), (status = 403, body = super::problem::Problem), (status = 404, body = super::problem::Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    caller: OfficeStaff,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner().to_string();
    let view = state.db.run(move |c| distributions::get(c, &caller, &id)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_preview, _, _>(preview),
        endpoint::<__path_create, _, _>(create),
        endpoint::<__path_list, _, _>(list),
        endpoint::<__path_get, _, _>(get),
    ]
}
