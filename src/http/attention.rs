//! `/attention`: who risks being forgotten in the office.

use actix_web::{HttpResponse, web};

use super::caller::OfficeStaff;
use super::cursor::ListResponse;
use crate::casefile::attention::{self, AttentionRules};
use crate::error::AppError;
use crate::state::AppState;

/// The office's attention list: open cases without activity, overdue
/// follow-ups and referrals, people with urgent needs and no recent service,
/// documents expiring within 60 days — each with its reason.
#[utoipa::path(get, path = "/api/v1/attention", tag = "cases", security(("bearer" = [])),
    responses((status = 200, body = ListResponse<attention::AttentionItem>), (status = 403, body = super::problem::Problem)))]
pub async fn attention(state: web::Data<AppState>, caller: OfficeStaff) -> Result<HttpResponse, AppError> {
    let office = caller.office()?.to_string();
    let s = &state.settings;
    let rules = AttentionRules {
        inactive_days: s.attention_inactive_days,
        service_days: s.attention_service_days,
        completion_days: s.referral_completion_days,
    };
    let items = state
        .db
        .run(move |c| attention::list(c, &office, crate::db::now(), rules))
        .await?;
    Ok(HttpResponse::Ok().json(ListResponse {
        items,
        next_cursor: None,
    }))
}
