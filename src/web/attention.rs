//! `/attention`: who risks being forgotten in the office, each with the
//! reason (the same list as `GET /api/v1/attention`, audited alike).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::page::{Chrome, PageError, render};
use super::session::Signed;
use crate::auth::capability::*;
use crate::casefile::attention::AttentionItem;
use crate::casefile::read;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "attention.html")]
struct AttentionPage {
    chrome: Chrome,
    items: Vec<AttentionItem>,
}

/// `GET /attention`.
pub async fn attention(state: web::Data<AppState>, signed: Signed) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let items = read::attention(&state, &staff).await.map_err(signed.fail())?;
    Ok(render(
        StatusCode::OK,
        &AttentionPage {
            chrome: signed.chrome,
            items,
        },
    ))
}

/// `POST /accounts/{id}/confirm`: a supervisor confirms an account of the
/// office waiting for it (four eyes), through the same service as
/// `POST /api/v1/users/{id}/confirm`.
pub async fn confirm_account(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<uuid::Uuid>,
    form: super::page::Form<super::login::Empty>,
) -> Result<HttpResponse, PageError> {
    let overseer: AccountOverseer = signed.allow(&state, &form).await?;
    crate::admin::users::confirm_account(&state, &overseer, id.into_inner().to_string())
        .await
        .map_err(signed.fail())?;
    Ok(super::page::see_other("/attention"))
}
