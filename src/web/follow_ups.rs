//! `/follow-ups`: the follow-ups due, overdue or done — the caseworker's
//! own, or a supervisor's whole office's — a page at a time with how many
//! there are in all; each open one can be marked done or moved to another
//! day, here and from the case page, through the same services as
//! `POST /api/v1/follow-ups/{id}/done`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::page::{Chrome, Form, PageError, render};
use super::session::Signed;
use crate::auth::capability::OfficeStaff;
use crate::casefile::case_records;
use crate::casefile::read::{self, Who, Whose};
use crate::casefile::views::FollowUpView;
use crate::error::AppError;
use crate::listing::page_request;
use crate::state::AppState;
use crate::store::follow_up::FollowUpState;

/// What the list shows.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// `due` (default), `overdue` or `done`.
    pub show: Option<String>,
    /// `mine` (default) or `office` (supervisors).
    pub whose: Option<String>,
    /// The next page.
    pub cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "follow_ups.html")]
struct ListPage {
    chrome: Chrome,
    show: &'static str,
    whose: &'static str,
    supervisor: bool,
    items: Vec<FollowUpView>,
    total: i64,
    next: Option<String>,
    who: Who,
    today: NaiveDate,
}

fn state_of(show: Option<&str>) -> Result<(FollowUpState, &'static str), AppError> {
    match show.unwrap_or("due") {
        "due" => Ok((FollowUpState::Due, "due")),
        "overdue" => Ok((FollowUpState::Overdue, "overdue")),
        "done" => Ok((FollowUpState::Done, "done")),
        _ => Err(AppError::field("show", "must be due, overdue or done")),
    }
}

fn whose_of(whose: Option<&str>) -> Result<(Whose, &'static str), AppError> {
    match whose.unwrap_or("mine") {
        "mine" => Ok((Whose::Mine, "mine")),
        "office" => Ok((Whose::Office, "office")),
        _ => Err(AppError::field("whose", "must be mine or office")),
    }
}

/// `GET /follow-ups`.
pub async fn list(
    state: web::Data<AppState>,
    signed: Signed,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.grant(&state).await?;
    let q = query.into_inner();
    let (follow_up_state, show) = state_of(q.show.as_deref()).map_err(signed.fail())?;
    let (whose, whose_key) = whose_of(q.whose.as_deref()).map_err(signed.fail())?;
    let page = page_request(Some(50), q.cursor.as_deref()).map_err(signed.fail())?;
    let (list, total) = read::follow_up_list(&state, &staff, follow_up_state, whose, page)
        .await
        .map_err(signed.fail())?;
    let cases = list.items.iter().map(|f| f.case_id.to_string()).collect();
    let who = read::who(&state, &staff, cases, Vec::new())
        .await
        .map_err(signed.fail())?;
    Ok(render(
        StatusCode::OK,
        &ListPage {
            chrome: signed.chrome,
            show,
            whose: whose_key,
            supervisor: staff.supervisor().is_some(),
            items: list.items,
            total,
            next: list.next_cursor,
            who,
            today: chrono::Utc::now().date_naive(),
        },
    ))
}

/// Where to go after an action: the page the form came from (same origin
/// only), else the list.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoneForm {
    /// The page to go back to.
    pub back: Option<String>,
}

/// The new day of a follow-up.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RescheduleForm {
    /// New due date (YYYY-MM-DD).
    pub due_on: String,
    /// The page to go back to.
    pub back: Option<String>,
}

/// Back to the page the form came from, with `notice` said there.
async fn back_to(
    state: &AppState,
    signed: &Signed,
    notice: &'static str,
    back: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let to = back
        .and_then(super::return_path::same_origin)
        .unwrap_or_else(|| "/follow-ups".into());
    super::notice::then(state, signed, notice, None, &to).await
}

/// `POST /follow-ups/{id}/done`.
pub async fn done(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<DoneForm>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let id = id.into_inner().to_string();
    state
        .writes
        .run(move |c| case_records::follow_up_done(c, &staff, &id).map(|_| ()))
        .await
        .map_err(signed.fail())?;
    back_to(
        &state,
        &signed,
        "notice-follow-up-done",
        form.fields.back.as_deref(),
    )
    .await
}

/// `POST /follow-ups/{id}/reschedule`.
pub async fn reschedule(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<Uuid>,
    form: Form<RescheduleForm>,
) -> Result<HttpResponse, PageError> {
    let staff: OfficeStaff = signed.allow(&state, &form).await?;
    let id = id.into_inner().to_string();
    let due_on = NaiveDate::parse_from_str(form.fields.due_on.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::field("due_on", "must be a date (YYYY-MM-DD)"))
        .map_err(signed.fail())?;
    state
        .writes
        .run(move |c| case_records::reschedule_follow_up(c, &staff, &id, due_on).map(|_| ()))
        .await
        .map_err(signed.fail())?;
    back_to(
        &state,
        &signed,
        "notice-follow-up-moved",
        form.fields.back.as_deref(),
    )
    .await
}
