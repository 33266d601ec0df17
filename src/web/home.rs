//! `/`: the signed-in role's home — a caseworker's follow-ups due, open
//! cases and overdue referrals; a partner's referral inbox; the way to the
//! reports or the administration — from the same services as the API.

use crate::auth::capability::{Capability, ReferralParty};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::page::{Chrome, PageError, render};
use super::session::Signed;
use crate::auth::Role;
use crate::casefile::read::{self, CaseFilter, Who};
use crate::casefile::views::{CaseView, FollowUpView};
use crate::referral::read::{self as referrals, ListFilter};
use crate::referral::view::ReferralView;
use crate::state::AppState;
use crate::store::page::PageRequest;

/// Rows shown per list on the home page.
const SHOWN: i64 = 20;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    greeting: String,
    role: Role,
    follow_ups: Vec<FollowUpView>,
    follow_ups_total: i64,
    cases: Vec<CaseView>,
    overdue: Vec<ReferralView>,
    pending: Vec<ReferralView>,
    accepted: Vec<ReferralView>,
    who: Who,
}

impl HomePage {
    fn person(&self, r: &ReferralView) -> String {
        super::who::referred(r, &self.who)
    }
}

fn page(limit: i64) -> PageRequest {
    PageRequest { after: None, limit }
}

async fn referrals_of(
    state: &AppState,
    signed: &Signed,
    party: &ReferralParty,
    status: Option<&str>,
    overdue: bool,
) -> Result<Vec<ReferralView>, PageError> {
    let filter = ListFilter {
        status: status.map(str::to_string),
        overdue,
        newest_first: true,
    };
    Ok(referrals::list(state, party, filter, page(SHOWN))
        .await
        .map_err(signed.fail())?
        .items)
}

/// `GET /`.
pub async fn home(state: web::Data<AppState>, signed: Signed) -> Result<HttpResponse, PageError> {
    let role = signed.caller.role;
    let (mut follow_ups, mut cases, mut overdue, mut pending, mut accepted) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut who = Who::default();
    let mut follow_ups_total = 0;
    // What the home shows follows what the role may read; managers and
    // administrators have no referrals (nor a `denied` entry for it).
    match ReferralParty::grant(&signed.caller) {
        Some(ReferralParty::Office(staff)) => {
            let me = Some(signed.caller.user_id.clone());
            let soon = chrono::Utc::now().date_naive() + chrono::Duration::days(7);
            follow_ups = read::to_do(&state, &staff, Some(soon), me.clone(), SHOWN)
                .await
                .map_err(signed.fail())?;
            follow_ups_total = read::to_do_total(&state, &staff, Some(soon), me.clone())
                .await
                .map_err(signed.fail())?;
            let filter = CaseFilter {
                status: Some("open".into()),
                assigned_to: me,
                ..Default::default()
            };
            cases = read::case_list(&state, &staff, filter, page(SHOWN))
                .await
                .map_err(signed.fail())?
                .items;
            let party = ReferralParty::Office(staff.clone());
            overdue = referrals_of(&state, &signed, &party, None, true).await?;
            let case_ids = follow_ups
                .iter()
                .map(|f: &FollowUpView| f.case_id)
                .chain(overdue.iter().filter_map(|r| r.case_id))
                .map(|k| k.to_string())
                .collect();
            let people = cases
                .iter()
                .map(|k: &CaseView| k.migrant_id.to_string())
                .collect();
            who = read::who(&state, &staff, case_ids, people)
                .await
                .map_err(signed.fail())?;
        }
        Some(party) => {
            pending = referrals_of(&state, &signed, &party, Some("pending"), false).await?;
            accepted = referrals_of(&state, &signed, &party, Some("accepted"), false).await?;
            overdue = referrals_of(&state, &signed, &party, None, true).await?;
        }
        None => {}
    }
    let name = signed
        .chrome
        .viewer
        .as_ref()
        .map(|v| v.name.clone())
        .unwrap_or_default();
    let greeting = signed.chrome.t.with("home-title", "name", &name);
    Ok(render(
        StatusCode::OK,
        &HomePage {
            chrome: signed.chrome,
            greeting,
            role,
            follow_ups,
            follow_ups_total,
            cases,
            overdue,
            pending,
            accepted,
            who,
        },
    ))
}
