//! Creating referrals and moving them through their states. Only the
//! addressed organisation accepts, declines, completes or records services;
//! only the referring office cancels. Every transition is kept with who and
//! when, audited, and announced to the organisation's webhook.

use chrono::{Duration, NaiveDateTime};

use super::partner_view::consent_given;
use crate::audit::{Action, EntityType};
use crate::auth::Caller;
use crate::auth::capability::{OfficeStaff, Partner, ReferralParty};
use crate::casefile::case_records::ServiceFields;
use crate::casefile::cases;
use crate::db::json::JsonList;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::domain::office::time_zone;
use crate::domain::reference::{SERVICE_STATUS, SERVICE_TYPE};
use crate::domain::referral::{self, ReferralStatus, SHAREABLE, Transition};
use crate::error::{AppError, FieldError};
use crate::store;
use crate::store::referral::{ReferralEventRow, ReferralRow, Scope};
use crate::store::service::ServiceRow;

/// What creating a referral takes.
#[derive(Debug, Clone)]
pub struct NewReferral {
    /// The partner organisation.
    pub organization_id: String,
    /// `service_type` code asked for.
    pub service_type: String,
    /// Why.
    pub reason: String,
    /// `emergency`, `urgent` or `normal`.
    pub urgency: String,
    /// Answer expected by (default from urgency), as the client wrote it:
    /// a date or an RFC 3339 date-time (`domain::referral::parse_respond_by`).
    pub respond_by: Option<String>,
    /// Fields shared with the partner.
    pub share: Vec<String>,
}

/// Whose referrals a party sees: the office's, or those addressed to the
/// organisation.
pub fn scope_of(party: &ReferralParty) -> Scope {
    match party {
        ReferralParty::Office(staff) => Scope::Office(staff.office().to_string()),
        ReferralParty::Partner(partner) => Scope::Organization(partner.organization().to_string()),
    }
}

/// The deadline asked for, read in the office's time zone.
fn respond_by(
    text: Option<&str>,
    zone: chrono_tz::Tz,
    at: NaiveDateTime,
) -> Result<Option<NaiveDateTime>, FieldError> {
    let Some(text) = text else { return Ok(None) };
    match referral::parse_respond_by(text, zone) {
        None => Err(FieldError::new("respond_by", referral::RESPOND_BY_FORMAT)),
        Some(t) if t <= at => Err(FieldError::new("respond_by", "must be in the future")),
        Some(t) => Ok(Some(crate::db::truncate_micros(t))),
    }
}

fn check_new(n: &NewReferral) -> Result<(), AppError> {
    let mut e = Vec::new();
    if !SERVICE_TYPE.contains(&n.service_type) {
        e.push(FieldError::new("service_type", SERVICE_TYPE.not_in_list()));
    }
    if n.reason.trim().is_empty() || n.reason.chars().count() > 2000 {
        e.push(FieldError::new("reason", "must be 1 to 2000 characters"));
    }
    if !referral::is_urgency(&n.urgency) {
        e.push(FieldError::new("urgency", "must be emergency, urgent or normal"));
    }
    for (i, f) in n.share.iter().enumerate() {
        if !SHAREABLE.contains(&f.as_str()) {
            e.push(FieldError::new(
                format!("share[{i}]"),
                format!("must be one of {}", SHAREABLE.join(", ")),
            ));
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(AppError::Unprocessable(e))
    }
}

fn event(
    referral_id: &str,
    status: ReferralStatus,
    at: NaiveDateTime,
    actor: &str,
    reason: Option<String>,
    outcome: Option<String>,
) -> ReferralEventRow {
    ReferralEventRow {
        id: new_id(),
        referral_id: referral_id.to_string(),
        status,
        at,
        actor_id: Some(actor.to_string()),
        reason,
        outcome,
    }
}

/// Refers a case of the caller's office to an organisation.
pub fn create(
    c: &mut DbConn,
    caller: &OfficeStaff,
    case_id: &str,
    mut n: NewReferral,
) -> Result<ReferralRow, AppError> {
    let at = now();
    check_new(&n)?;
    // A malformed deadline is refused before anything is read; the office's
    // zone only decides where a date ends.
    if let Some(t) = n.respond_by.as_deref()
        && referral::parse_respond_by(t, chrono_tz::Tz::UTC).is_none()
    {
        return Err(AppError::field("respond_by", referral::RESPOND_BY_FORMAT));
    }
    n.share.sort();
    n.share.dedup();
    write_tx(c, |c| {
        let case = cases::load(c, caller, case_id)?;
        if case.status != "open" {
            return Err(AppError::Conflict("the case is closed".into()));
        }
        let migrant = store::migrant::find(c, &case.migrant_id)?.ok_or(AppError::NotFound)?;
        let latest = store::consent::latest(c, &migrant.id)?;
        let office = store::office::find(c, &case.office_id)?.ok_or(AppError::NotFound)?;
        let mut e = Vec::new();
        let asked =
            respond_by(n.respond_by.as_deref(), time_zone(&office.country), at).unwrap_or_else(|err| {
                e.push(err);
                None
            });
        if !consent_given(&latest, "referral") {
            e.push(FieldError::new(
                "consent",
                "the migrant's latest referral consent is not given",
            ));
        }
        if n.share.iter().any(|s| s == "phone") && !consent_given(&latest, "share_contact") {
            e.push(FieldError::new(
                "share",
                "sharing the phone needs the share_contact consent",
            ));
        }
        match store::organization::find(c, &n.organization_id)? {
            None => e.push(FieldError::new("organization_id", "names no organisation")),
            Some(org) => {
                if !org.active {
                    e.push(FieldError::new("organization_id", "is not active"));
                }
                if !org.services.to_vec().contains(&n.service_type) {
                    e.push(FieldError::new(
                        "service_type",
                        "is not offered by this organisation",
                    ));
                }
                if !org.offices_served.to_vec().contains(&case.office_id) {
                    e.push(FieldError::new("organization_id", "does not serve this office"));
                }
            }
        }
        if !e.is_empty() {
            return Err(AppError::Unprocessable(e));
        }
        let respond_by =
            asked.unwrap_or_else(|| at + referral::response_time(&n.urgency).unwrap_or(Duration::days(14)));
        let row = ReferralRow {
            id: new_id(),
            case_id: case.id.clone(),
            office_id: case.office_id.clone(),
            organization_id: n.organization_id.clone(),
            service_type: n.service_type.clone(),
            reason: n.reason.trim().to_string(),
            urgency: n.urgency.clone(),
            respond_by,
            share: JsonList(n.share.clone()),
            status: ReferralStatus::Pending,
            responded_at: None,
            accepted_at: None,
            closed_at: None,
            created_by: Some(caller.user_id.clone()),
            created_at: at,
            updated_at: at,
            version: 1,
        };
        store::referral::insert(c, &row)?;
        store::referral::add_event(
            c,
            &event(&row.id, ReferralStatus::Pending, at, &caller.user_id, None, None),
        )?;
        crate::audit::trail::append(
            c,
            &[caller
                .event(Action::Create, EntityType::Referral, &row.id)
                .in_office(Some(row.office_id.clone()))],
        )?;
        crate::webhook::enqueue(c, &row, "referral.created")?;
        Ok(row)
    })
}

/// Refuses a partner's step once the person has withdrawn consent to the
/// referral (SPEC: consent withdrawal closes the door at once).
fn ensure_partner_may_act(c: &mut DbConn, row: &ReferralRow) -> Result<(), AppError> {
    let case = store::case::find_in_office(c, &row.case_id, &row.office_id)?.ok_or(AppError::NotFound)?;
    let latest = store::consent::latest(c, &case.migrant_id)?;
    if referral::partner_may_act(consent_given(&latest, "referral")) {
        Ok(())
    } else {
        Err(AppError::ConsentWithdrawn)
    }
}

/// A referral in the party's scope.
pub fn load(c: &mut DbConn, party: &ReferralParty, id: &str) -> Result<ReferralRow, AppError> {
    load_in(c, &scope_of(party), id)
}

fn load_in(c: &mut DbConn, scope: &Scope, id: &str) -> Result<ReferralRow, AppError> {
    store::referral::find(c, id, scope)?.ok_or(AppError::NotFound)
}

/// What the addressed organisation answers on a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// It takes the case.
    Accept,
    /// It refuses (with a reason).
    Decline,
    /// It has done what was asked (with an outcome).
    Complete,
}

/// The addressed organisation answers a referral: accept, decline with a
/// reason, or complete with an outcome (`text`).
pub fn answer(
    c: &mut DbConn,
    partner: &Partner,
    id: &str,
    answer: Answer,
    text: Option<String>,
) -> Result<ReferralRow, AppError> {
    let t = match answer {
        Answer::Accept => Transition::Accept,
        Answer::Decline => Transition::Decline,
        Answer::Complete => Transition::Complete,
    };
    let scope = Scope::Organization(partner.organization().to_string());
    step(c, partner, &scope, id, t, text)
}

/// The referring office withdraws a referral, with a reason.
pub fn cancel(
    c: &mut DbConn,
    staff: &OfficeStaff,
    id: &str,
    reason: Option<String>,
) -> Result<ReferralRow, AppError> {
    let scope = Scope::Office(staff.office().to_string());
    step(c, staff, &scope, id, Transition::Cancel, reason)
}

/// A transition asked for by a route, sent to the party that makes it:
/// `answer` for the organisation, `cancel` for the office; any other pair
/// is refused (403).
pub fn by_route(
    c: &mut DbConn,
    party: &ReferralParty,
    id: &str,
    t: Transition,
    text: Option<String>,
) -> Result<ReferralRow, AppError> {
    let answer_of = match t {
        Transition::Accept => Some(Answer::Accept),
        Transition::Decline => Some(Answer::Decline),
        Transition::Complete => Some(Answer::Complete),
        Transition::Cancel => None,
    };
    match (party, answer_of) {
        (ReferralParty::Partner(p), Some(a)) => answer(c, p, id, a, text),
        (ReferralParty::Office(s), None) => cancel(c, s, id, text),
        (ReferralParty::Partner(_), None) => Err(AppError::Forbidden(
            "only the referring office cancels a referral".into(),
        )),
        (ReferralParty::Office(_), Some(_)) => Err(AppError::Forbidden(
            "only the addressed organisation answers a referral".into(),
        )),
    }
}

/// Moves a referral, once the caller's side was checked (`answer`,
/// `cancel`). `text` is the reason or the outcome.
fn step(
    c: &mut DbConn,
    caller: &Caller,
    scope: &Scope,
    id: &str,
    t: Transition,
    text: Option<String>,
) -> Result<ReferralRow, AppError> {
    let text = text.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let needs = match t {
        Transition::Decline | Transition::Cancel => Some("reason"),
        Transition::Complete => Some("outcome"),
        Transition::Accept => None,
    };
    if let Some(field) = needs {
        match &text {
            None => return Err(AppError::field(field, "is required")),
            Some(s) if s.chars().count() > 2000 => {
                return Err(AppError::field(field, "must be at most 2000 characters"));
            }
            _ => {}
        }
    }
    crate::change::update(
        c,
        caller,
        None,
        Action::Transition,
        |c| {
            let row = load_in(c, scope, id)?;
            if matches!(t, Transition::Accept | Transition::Complete) {
                ensure_partner_may_act(c, &row)?;
            }
            Ok(row)
        },
        |c, row| {
            let next = t.apply(row.status).ok_or_else(|| {
                AppError::Conflict(format!(
                    "a {} referral cannot be {}",
                    row.status,
                    match t {
                        Transition::Accept => "accepted",
                        Transition::Decline => "declined",
                        Transition::Complete => "completed",
                        Transition::Cancel => "cancelled",
                    }
                ))
            })?;
            let at = now();
            row.status = next;
            match t {
                Transition::Accept => {
                    row.responded_at.get_or_insert(at);
                    row.accepted_at = Some(at);
                }
                Transition::Decline => {
                    row.responded_at.get_or_insert(at);
                    row.closed_at = Some(at);
                }
                Transition::Complete | Transition::Cancel => row.closed_at = Some(at),
            }
            let (reason, outcome) = if t == Transition::Complete {
                (None, text)
            } else {
                (text, None)
            };
            store::referral::add_event(c, &event(&row.id, next, at, &caller.user_id, reason, outcome))?;
            crate::webhook::enqueue(c, row, "referral.status_changed")
        },
    )
}

/// A partner records a service it delivered on an accepted referral; it
/// joins the case's services with the organisation as provider.
pub fn record_service(
    c: &mut DbConn,
    caller: &Partner,
    id: &str,
    service_type: String,
    status: String,
    date: chrono::NaiveDate,
    notes: Option<String>,
) -> Result<ServiceRow, AppError> {
    let mut e = Vec::new();
    if !SERVICE_TYPE.contains(&service_type) {
        e.push(FieldError::new("service_type", SERVICE_TYPE.not_in_list()));
    }
    if !SERVICE_STATUS.contains(&status) {
        e.push(FieldError::new("status", SERVICE_STATUS.not_in_list()));
    }
    if status == "delivered" && date > crate::casefile::migrants::today() {
        e.push(FieldError::new(
            "date",
            "a delivered service's date must not be in the future",
        ));
    }
    if notes.as_ref().is_some_and(|n| n.chars().count() > 5000) {
        e.push(FieldError::new("notes", "must be at most 5000 characters"));
    }
    if !e.is_empty() {
        return Err(AppError::Unprocessable(e));
    }
    write_tx(c, |c| {
        let scope = Scope::Organization(caller.organization().to_string());
        let r = load_in(c, &scope, id)?;
        if r.status != ReferralStatus::Accepted {
            return Err(AppError::Conflict(
                "services are recorded on accepted referrals only".into(),
            ));
        }
        ensure_partner_may_act(c, &r)?;
        let f = ServiceFields {
            service_type,
            status,
            date,
            provider: r.organization_id.clone(),
            notes,
        };
        let at = now();
        let row = ServiceRow {
            id: new_id(),
            case_id: r.case_id.clone(),
            service_type: f.service_type,
            status: f.status,
            service_date: f.date,
            provider: f.provider,
            notes: f.notes.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
            recorded_by: None,
            created_at: at,
            updated_at: at,
            version: 1,
            office_id: r.office_id.clone(),
        };
        store::service::insert(c, &row)?;
        crate::audit::trail::append(
            c,
            &[caller
                .event(Action::Create, EntityType::Service, &row.id)
                .in_office(Some(r.office_id.clone()))],
        )?;
        Ok(row)
    })
}
