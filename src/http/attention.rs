//! `/attention`: who risks being forgotten in the office.

use super::routes::{Endpoint, endpoint};
use actix_web::{HttpResponse, web};

use super::caller::OfficeStaff;
use crate::casefile::attention;
use crate::casefile::read;
use crate::error::AppError;
use crate::listing::ListResponse;
use crate::state::AppState;

/// The office's attention list: open cases without activity, overdue
/// follow-ups and referrals, people with urgent needs and no recent service,
/// documents expiring within 60 days — each with its reason.
#[utoipa::path(get, path = "/api/v1/attention", tag = "cases", security(("bearer" = [])),
    responses((status = 200, body = ListResponse<attention::AttentionItem>), (status = 403, body = super::problem::Problem)))]
pub async fn attention(state: web::Data<AppState>, caller: OfficeStaff) -> Result<HttpResponse, AppError> {
    let items = read::attention(&state, &caller).await?;
    Ok(HttpResponse::Ok().json(ListResponse {
        items,
        next_cursor: None,
    }))
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![endpoint::<__path_attention, _, _>(attention)]
}
