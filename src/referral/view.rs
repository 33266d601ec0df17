//! A referral as its reader sees it: office staff see the case and the
//! migrant's id; the addressed partner sees the person only through the
//! disclosure rule (`domain::referral::partner_sees_person`): the minimal
//! view plus the shared fields, and nothing at all once the person's
//! referral consent is withdrawn or the referral was cancelled or declined.
//! Every batch is assembled with a fixed number of queries, whatever its size.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::partner_view::{ReferredPerson, consent_given, referred_person};
use crate::audit::{Action, AuditEvent, EntityType};
use crate::auth::{Caller, Role};
use crate::db::{DbConn, now, parse_id, utc};
use crate::domain::referral::{ReferralStatus, is_overdue, partner_sees_person};
use crate::error::AppError;
use crate::store;
use crate::store::referral::ReferralRow;

/// One transition in a referral's history.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReferralEventView {
    /// Status reached.
    pub status: ReferralStatus,
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
/// the person only as `migrant` (the minimal view plus shared fields, or
/// null once consent is withdrawn or the referral cancelled or declined).
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
    /// Why (empty for a partner once the person is no longer shown to it:
    /// consent withdrawn, referral cancelled or declined).
    pub reason: String,
    /// `emergency`, `urgent` or `normal`.
    pub urgency: String,
    /// Answer expected by.
    pub respond_by: DateTime<Utc>,
    /// Fields shared with the partner.
    pub share: Vec<String>,
    /// `pending`, `accepted`, `declined`, `completed` or `cancelled`.
    pub status: ReferralStatus,
    /// Pending past `respond_by`, or accepted and not completed in time.
    pub overdue: bool,
    /// The person's latest `referral` consent is withdrawn: the partner sees
    /// no personal field and can no longer accept, record services or complete.
    pub consent_withdrawn: bool,
    /// The person as the partner sees them (a partner's single reads only;
    /// null when nothing may be shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<ReferredPerson>)]
    pub migrant: Option<Option<ReferredPerson>>,
    /// Every transition (single reads only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<ReferralEventView>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Version.
    pub version: i32,
    /// The person the referral is about (for the audit trail; never sent).
    #[serde(skip)]
    #[schema(ignore)]
    pub subject: String,
}

impl ReferralView {
    /// The audit entries for showing this referral to `caller`: a read of
    /// the person it is about (whoever reads it), and for single reads a
    /// read of the referral itself.
    pub fn read_events(&self, caller: &Caller, single: bool) -> Vec<AuditEvent> {
        let office = Some(self.office_id.to_string());
        let mut events = vec![
            caller
                .event(Action::Read, EntityType::Migrant, &self.subject)
                .in_office(office.clone()),
        ];
        if single {
            events.push(
                caller
                    .event(Action::Read, EntityType::Referral, self.id.to_string())
                    .in_office(office),
            );
        }
        events
    }
}

/// How much of each referral to assemble.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// List rows: no history (the partner still sees the person as shared).
    Row,
    /// A single read: the history, and for a partner the person.
    Full,
}

/// Assembles referrals for `caller` with a fixed number of queries.
pub fn assemble(
    c: &mut DbConn,
    caller: &Caller,
    rows: Vec<ReferralRow>,
    detail: Detail,
    completion_days: i64,
) -> Result<Vec<ReferralView>, AppError> {
    let at = now();
    let partner = caller.role == Role::Partner;
    let subjects = store::referral::migrant_ids(c, &rows)?;
    let mut migrant_ids: Vec<String> = subjects.values().cloned().collect();
    migrant_ids.sort();
    migrant_ids.dedup();
    let consents = store::consent::latest_of(c, &migrant_ids)?;
    let mut histories: HashMap<String, Vec<ReferralEventView>> = HashMap::new();
    let mut people = HashMap::new();
    if detail == Detail::Full {
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        for e in store::referral::histories(c, &ids)? {
            histories
                .entry(e.referral_id.clone())
                .or_default()
                .push(ReferralEventView {
                    status: e.status,
                    at: utc(e.at),
                    by: e.actor_id.as_deref().map(parse_id).transpose()?,
                    reason: e.reason,
                    outcome: e.outcome,
                });
        }
    }
    // The addressed partner sees the person as the referral shares them,
    // in lists too (each row is recorded as a read of the person).
    if partner {
        for m in store::migrant::find_many(c, &migrant_ids)? {
            people.insert(m.id.clone(), m);
        }
    }
    let none = Vec::new();
    rows.into_iter()
        .map(|r| {
            let subject = subjects.get(&r.case_id).cloned().ok_or(AppError::NotFound)?;
            let latest = consents.get(&subject).unwrap_or(&none);
            let given = consent_given(latest, "referral");
            let share: Vec<String> = r.share.to_vec();
            let migrant = match partner {
                true => Some(match people.get(&subject) {
                    Some(m) if partner_sees_person(r.status, given) => {
                        Some(referred_person(m, &share, latest, at.date())?)
                    }
                    _ => None,
                }),
                false => None,
            };
            // The office's free text about the person closes with the person.
            let withheld = partner && !partner_sees_person(r.status, given);
            let mut history = (detail == Detail::Full).then(|| histories.remove(&r.id).unwrap_or_default());
            if withheld {
                // The office's words (a cancellation's reason) go; the
                // partner's own (its decline reason, its outcome) stay.
                for e in history.iter_mut().flatten() {
                    if e.status == ReferralStatus::Cancelled {
                        e.reason = None;
                    }
                }
            }
            Ok(ReferralView {
                id: parse_id(&r.id)?,
                case_id: (!partner).then(|| parse_id(&r.case_id)).transpose()?,
                migrant_id: (!partner).then(|| parse_id(&subject)).transpose()?,
                office_id: parse_id(&r.office_id)?,
                organization_id: parse_id(&r.organization_id)?,
                overdue: is_overdue(r.status, r.respond_by, r.accepted_at, completion_days, at),
                consent_withdrawn: !given,
                history,
                service_type: r.service_type,
                reason: if withheld { String::new() } else { r.reason },
                urgency: r.urgency,
                respond_by: utc(r.respond_by),
                share,
                status: r.status,
                migrant,
                created_at: utc(r.created_at),
                updated_at: utc(r.updated_at),
                version: r.version,
                subject,
            })
        })
        .collect()
}

/// Assembles one referral in full.
pub fn one(
    c: &mut DbConn,
    caller: &Caller,
    row: ReferralRow,
    completion_days: i64,
) -> Result<ReferralView, AppError> {
    assemble(c, caller, vec![row], Detail::Full, completion_days)?
        .pop()
        .ok_or(AppError::NotFound)
}
