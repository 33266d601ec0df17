//! A partner association's own distribution: one service delivered at once
//! to the people of many referrals it holds (accepted, consent to the
//! referral still given) — the same rules as the office's distributions:
//! one delivered service per referral on the person's case, with the
//! association as provider, each audited, in one transaction; a second
//! delivery of the same type to the same person in the same month is
//! refused (409) unless `allow_repeat`; each office's part is recorded as
//! a distribution of that office (so reports count it).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::workflow;
use crate::audit::{Action, EntityType};
use crate::auth::capability::Partner;
use crate::casefile::distributions::month_of;
use crate::db::{DbConn, new_id, now, parse_id, write_tx};
use crate::domain::reference::SERVICE_TYPE;
use crate::domain::referral::ReferralStatus;
use crate::error::{AppError, FieldError};
use crate::store;
use crate::store::distribution::DistributionRow;
use crate::store::referral::Scope;

/// The most referrals one distribution may serve.
pub const MAX_REFERRALS: usize = 2000;

/// A distribution an association records against its referrals.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerDistribution {
    /// `service_type` code.
    pub service_type: String,
    /// The day it took place (not in the future).
    pub date: NaiveDate,
    /// Where (1 to 200 characters).
    pub place: Option<String>,
    /// How much each person received (1 to 100,000).
    pub quantity: Option<i32>,
    /// The accepted referrals of the association whose people were served
    /// (1 to 2000).
    pub referral_ids: Vec<Uuid>,
    /// Record it even for people who already received this type of service
    /// this month (otherwise 409 names their referrals).
    #[serde(default)]
    pub allow_repeat: bool,
}

/// What was recorded.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PartnerDistributionView {
    /// People served (one service each).
    pub served: usize,
    /// The services created.
    pub service_ids: Vec<Uuid>,
    /// One distribution per referring office.
    pub distribution_ids: Vec<Uuid>,
}

fn check(new: &PartnerDistribution) -> Result<(), AppError> {
    let mut e = Vec::new();
    if !SERVICE_TYPE.contains(&new.service_type) {
        e.push(FieldError::new("service_type", SERVICE_TYPE.not_in_list()));
    }
    if new.date > crate::casefile::migrants::today() {
        e.push(FieldError::new("date", "must not be in the future"));
    }
    if new
        .place
        .as_ref()
        .is_some_and(|p| p.trim().is_empty() || p.chars().count() > 200)
    {
        e.push(FieldError::new("place", "must be 1 to 200 characters"));
    }
    if new.quantity.is_some_and(|q| !(1..=100_000).contains(&q)) {
        e.push(FieldError::new("quantity", "must be 1 to 100000"));
    }
    if new.referral_ids.is_empty() || new.referral_ids.len() > MAX_REFERRALS {
        e.push(FieldError::new("referral_ids", "must hold 1 to 2000 referrals"));
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(AppError::Unprocessable(e))
    }
}

/// Records the association's distribution (see the module).
pub fn record(
    c: &mut DbConn,
    caller: &Partner,
    new: PartnerDistribution,
) -> Result<PartnerDistributionView, AppError> {
    check(&new)?;
    let mut ids: Vec<String> = new.referral_ids.iter().map(Uuid::to_string).collect();
    ids.sort();
    ids.dedup();
    let scope = Scope::Organization(caller.organization().to_string());
    let (first, last) = month_of(new.date);
    let notes = match (&new.place, new.quantity) {
        (Some(p), Some(q)) => Some(format!("{} ({q})", p.trim())),
        (Some(p), None) => Some(p.trim().to_string()),
        (None, Some(q)) => Some(format!("({q})")),
        (None, None) => None,
    };
    write_tx(c, |c| {
        let mut bad = Vec::new();
        let mut repeats = Vec::new();
        let mut referrals = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            match store::referral::find(c, id, &scope)? {
                Some(r) if r.status == ReferralStatus::Accepted => {
                    let served_already = store::service::of_case(c, &r.case_id)?.iter().any(|s| {
                        s.status == "delivered"
                            && s.service_type == new.service_type
                            && s.service_date >= first
                            && s.service_date <= last
                    });
                    if served_already {
                        repeats.push(id.clone());
                    }
                    referrals.push(r);
                }
                _ => bad.push(FieldError::new(
                    format!("referral_ids[{i}]"),
                    "names no accepted referral of the organisation",
                )),
            }
        }
        if !bad.is_empty() {
            return Err(AppError::Unprocessable(bad));
        }
        if !repeats.is_empty() && !new.allow_repeat {
            return Err(AppError::Conflict(format!(
                "already received this type of service this month (referrals {}); send allow_repeat to record it anyway",
                repeats.join(", ")
            )));
        }
        let mut by_office: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        let mut service_ids = Vec::new();
        for r in &referrals {
            let s = workflow::record_service(
                c,
                caller,
                &r.id,
                new.service_type.clone(),
                "delivered".into(),
                new.date,
                notes.clone(),
            )?;
            let migrant = store::case::find_in_office(c, &r.case_id, &r.office_id)?
                .map(|k| k.migrant_id)
                .unwrap_or_default();
            by_office
                .entry(r.office_id.clone())
                .or_default()
                .push((s.id.clone(), migrant));
            service_ids.push(parse_id(&s.id)?);
        }
        let mut distribution_ids = Vec::new();
        for (office, services) in by_office {
            let row = DistributionRow {
                id: new_id(),
                office_id: office.clone(),
                service_type: new.service_type.clone(),
                service_date: new.date,
                place: new.place.as_deref().map(|p| p.trim().to_string()),
                quantity: new.quantity,
                provider: caller.organization().to_string(),
                target_list_id: None,
                served: i32::try_from(services.len()).unwrap_or(i32::MAX),
                exceptions: "[]".into(),
                // An API key is no user: the audit entry names the caller.
                created_by: None,
                created_at: now(),
            };
            store::distribution::insert(c, &row)?;
            for (service, migrant) in &services {
                store::distribution::link(c, &row.id, service, migrant)?;
            }
            crate::audit::trail::append(
                c,
                &[caller
                    .event(Action::Create, EntityType::Distribution, &row.id)
                    .in_office(Some(office))],
            )?;
            distribution_ids.push(parse_id(&row.id)?);
        }
        Ok(PartnerDistributionView {
            served: service_ids.len(),
            service_ids,
            distribution_ids,
        })
    })
}
