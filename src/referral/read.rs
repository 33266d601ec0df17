//! Every read of referrals, for office staff and partners alike (the JSON
//! API and the web pages call these): scope, the disclosure rule, batched
//! assembly and the audit entries — a read of the person for every referral
//! shown, whoever reads it.

use serde::Serialize;
use uuid::Uuid;

use super::view::{self, Detail, ReferralView};
use super::workflow;
use crate::auth::Caller;
use crate::auth::capability::{OfficeStaff, Partner, ReferralParty, Supervisor};
use crate::casefile::cases;
use crate::casefile::views::ServiceView;
use crate::db::{now, parse_id};
use crate::domain::reference::REFERRAL_STATUS;
use crate::domain::referral::ReferralStatus;
use crate::error::AppError;
use crate::listing::{ListResponse, batch_response};
use crate::state::AppState;
use crate::store;
use crate::store::page::PageRequest;
use crate::store::referral::ReferralFilter;

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

/// What a referral list may be narrowed to.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// `referral_status` code.
    pub status: Option<String>,
    /// Only overdue ones.
    pub overdue: bool,
    /// Newest first (the pages); oldest first otherwise (the API).
    pub newest_first: bool,
}

impl ListFilter {
    fn for_store(&self, completion_days: i64) -> Result<ReferralFilter, AppError> {
        let status = self
            .status
            .as_deref()
            .map(|s| {
                ReferralStatus::parse(s)
                    .ok_or_else(|| AppError::field("status", REFERRAL_STATUS.not_in_list()))
            })
            .transpose()?;
        Ok(ReferralFilter {
            status,
            overdue: self.overdue.then(|| (now(), completion_days)),
            case_id: None,
            newest_first: self.newest_first,
        })
    }
}

async fn audited(
    app: &AppState,
    caller: &Caller,
    views: &[ReferralView],
    single: bool,
) -> Result<(), AppError> {
    let events = views.iter().flat_map(|v| v.read_events(caller, single)).collect();
    app.audit.record_all(events).await
}

/// One referral in the caller's scope, with its history (and, for the
/// addressed partner, the person as the disclosure rule allows).
pub async fn get(app: &AppState, caller: &ReferralParty, id: Uuid) -> Result<ReferralView, AppError> {
    let (by, days) = (caller.clone(), app.settings.referral_completion_days);
    let v = app
        .db
        .run(move |c| {
            let row = workflow::load(c, &by, &id.to_string())?;
            view::one(c, &by, row, days)
        })
        .await?;
    audited(app, caller, std::slice::from_ref(&v), true).await?;
    Ok(v)
}

/// A service the caller's organisation recorded (as its provider) on a
/// referral addressed to it.
pub async fn partner_service(app: &AppState, caller: &Partner, id: Uuid) -> Result<ServiceView, AppError> {
    let org = caller.organization().to_string();
    let row = app
        .db
        .run(move |c| store::service::find_provided(c, &id.to_string(), &org))
        .await?
        .ok_or(AppError::NotFound)?;
    ServiceView::from_row(row)
}

/// The referrals the caller sees: its office's, or those addressed to its
/// organisation.
pub async fn list(
    app: &AppState,
    caller: &ReferralParty,
    filter: ListFilter,
    page: PageRequest,
) -> Result<ListResponse<ReferralView>, AppError> {
    let (by, days) = (caller.clone(), app.settings.referral_completion_days);
    let f = filter.for_store(days)?;
    let body = app
        .db
        .run(move |c| {
            let scope = workflow::scope_of(&by);
            let rows = store::referral::list(c, &scope, &f, &page)?;
            let views = view::assemble(c, &by, rows.items, Detail::Row, days)?;
            Ok(batch_response(views, rows.next))
        })
        .await?;
    audited(app, caller, &body.items, false).await?;
    Ok(body)
}

/// How many referrals `list` holds in all pages (a count: no person shown).
pub async fn count(app: &AppState, caller: &ReferralParty, filter: ListFilter) -> Result<i64, AppError> {
    let f = filter.for_store(app.settings.referral_completion_days)?;
    let scope = workflow::scope_of(caller);
    app.db.run(move |c| store::referral::count(c, &scope, &f)).await
}

/// The referrals of a case of the caller's office.
pub async fn of_case(
    app: &AppState,
    caller: &OfficeStaff,
    case_id: Uuid,
) -> Result<Vec<ReferralView>, AppError> {
    let (by, days) = (caller.clone(), app.settings.referral_completion_days);
    let views = app
        .db
        .run(move |c| {
            let case = cases::load(c, &by, &case_id.to_string())?;
            let rows = store::referral::of_case(c, &case.id)?;
            view::assemble(c, &by, rows, Detail::Row, days)
        })
        .await?;
    audited(app, caller, &views, false).await?;
    Ok(views)
}

/// Overdue referrals of the caller's office, per organisation.
pub async fn overdue_by_organization(
    app: &AppState,
    caller: &Supervisor,
) -> Result<Vec<OverdueCount>, AppError> {
    let (by, days) = (caller.clone(), app.settings.referral_completion_days);
    app.db
        .run(move |c| {
            let office = by.office().to_string();
            let counts = store::referral::overdue_by_organization(c, &office, now(), days)?;
            let ids: Vec<String> = counts.iter().map(|(o, _)| o.clone()).collect();
            let names = store::organization::names(c, &ids)?;
            counts
                .into_iter()
                .map(|(org, n)| {
                    Ok(OverdueCount {
                        organization_id: parse_id(&org)?,
                        name: names.get(&org).cloned().unwrap_or_default(),
                        overdue: n,
                    })
                })
                .collect()
        })
        .await
}

/// Who stands on each side of a referral, and what the addressed
/// organisation recorded on it: what both parties' pages show around the
/// referral itself (SPEC §7) and the referral slip prints.
#[derive(Debug)]
pub struct ReferralContext {
    /// The addressed organisation's name.
    pub organization: String,
    /// Its address, e-mail and phone, as its directory entry gives them.
    pub organization_address: Option<String>,
    /// Its contact e-mail.
    pub organization_email: Option<String>,
    /// Its contact phone.
    pub organization_phone: Option<String>,
    /// The referring office's name and city.
    pub office: String,
    /// The referring office's country.
    pub office_country: String,
    /// The referring office's time zone (its own, or its country's).
    pub office_zone: chrono_tz::Tz,
    /// The staff member who referred, by name, and their e-mail (the
    /// partner's contact at the office).
    pub referred_by: Option<(String, String)>,
    /// The services the organisation recorded on the referral's case.
    pub services: Vec<ServiceView>,
}

/// The context of a referral in the caller's scope (404 outside it), read
/// with the same scope rule as the referral.
pub async fn context(app: &AppState, caller: &ReferralParty, id: Uuid) -> Result<ReferralContext, AppError> {
    let by = caller.clone();
    app.db
        .run(move |c| {
            let row = workflow::load(c, &by, &id.to_string())?;
            let org = store::organization::find(c, &row.organization_id)?;
            let office = store::office::find(c, &row.office_id)?;
            let referred_by = match &row.created_by {
                Some(u) => store::user::find(c, u)?.map(|u| (u.full_name, u.email)),
                None => None,
            };
            let services = store::service::of_case(c, &row.case_id)?
                .into_iter()
                .filter(|s| s.provider == row.organization_id)
                .map(ServiceView::from_row)
                .collect::<Result<Vec<_>, _>>()?;
            Ok(ReferralContext {
                organization: org.as_ref().map_or_else(String::new, |o| o.name.clone()),
                organization_address: org.as_ref().and_then(|o| o.address.clone()),
                organization_email: org.as_ref().and_then(|o| o.contact_email.clone()),
                organization_phone: org.as_ref().and_then(|o| o.contact_phone.clone()),
                office: office
                    .as_ref()
                    .map_or_else(String::new, |o| format!("{} ({})", o.name, o.city)),
                office_zone: office.as_ref().map_or(chrono_tz::UTC, |o| {
                    crate::domain::office::zone_of(&o.country, o.time_zone.as_deref())
                }),
                office_country: office.map_or_else(String::new, |o| o.country),
                referred_by,
                services,
            })
        })
        .await
}
