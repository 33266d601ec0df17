//! Distributions: one service delivered to many people at once — to the
//! people a target list finds now, or to a selection — with per-person
//! exceptions (absent, refused, already served elsewhere). In one
//! transaction it creates one ordinary service per person served (on the
//! person's open case, or on a case opened for it), each audited, and the
//! distribution itself (audited). Before saving, a second delivery of the
//! same type to the same person in the same month is flagged: the
//! distribution is refused (409) unless `allow_repeat` says it is meant.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::case_records::{self, ServiceFields};
use super::cases::{self, NewCase};
use crate::audit::{Action, EntityType};
use crate::auth::capability::OfficeStaff;
use crate::db::{DbConn, new_id, now, parse_id, utc, write_tx};
use crate::domain::reference::SERVICE_TYPE;
use crate::error::{AppError, FieldError};
use crate::store;
use crate::store::distribution::DistributionRow;
use crate::store::page::PageRequest;
use crate::store::target_list::Moment;

/// Why a person of the list was not served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionReason {
    /// Did not come.
    Absent,
    /// Came and refused.
    Refused,
    /// Already served by someone else.
    ServedElsewhere,
}

/// A person of the list not served this time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DistributionException {
    /// The person.
    pub migrant_id: Uuid,
    /// Why.
    pub reason: ExceptionReason,
}

/// A distribution to record.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDistribution {
    /// `service_type` code.
    pub service_type: String,
    /// The day it took place (not in the future).
    pub date: NaiveDate,
    /// Where (1 to 200 characters).
    pub place: Option<String>,
    /// How much each person received (1 to 100,000).
    pub quantity: Option<i32>,
    /// `office` (default) or a partner organisation id.
    pub provider: Option<String>,
    /// The people a saved target list of the office finds now …
    pub target_list_id: Option<Uuid>,
    /// … or a selection of the office's people (one of the two).
    pub migrant_ids: Option<Vec<Uuid>>,
    /// People not served this time, and why.
    #[serde(default)]
    pub exceptions: Vec<DistributionException>,
    /// Record it even for people who already received this type of service
    /// this month (otherwise 409 names them).
    #[serde(default)]
    pub allow_repeat: bool,
    /// One service per household: of the people to serve who share a
    /// household, only its head (or, when the head is not among them, one
    /// of them) is served, for the whole household; people in no household
    /// are served each.
    #[serde(default)]
    pub per_household: bool,
}

/// What a distribution would do, before it is recorded.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DistributionPreview {
    /// People who would be served.
    pub served: usize,
    /// People excepted.
    pub excepted: usize,
    /// Of those to serve, the people who already received this type of
    /// service in the same month.
    pub already_served: Vec<Uuid>,
}

/// A recorded distribution.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DistributionView {
    /// Id.
    pub id: Uuid,
    /// `service_type` code.
    pub service_type: String,
    /// The day.
    pub date: NaiveDate,
    /// Where.
    pub place: Option<String>,
    /// How much each person received.
    pub quantity: Option<i32>,
    /// `office` or an organisation id.
    pub provider: String,
    /// The target list it went to.
    pub target_list_id: Option<Uuid>,
    /// People served (one service each).
    pub served: i32,
    /// People not served, and why.
    pub exceptions: Vec<DistributionException>,
    /// Who recorded it.
    pub created_by: Option<Uuid>,
    /// Recorded.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl DistributionView {
    /// From a stored row.
    pub fn from_row(r: DistributionRow) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&r.id)?,
            exceptions: serde_json::from_str(&r.exceptions).map_err(|e| AppError::internal(e.to_string()))?,
            service_type: r.service_type,
            date: r.service_date,
            place: r.place,
            quantity: r.quantity,
            provider: r.provider,
            target_list_id: r.target_list_id.as_deref().map(parse_id).transpose()?,
            served: r.served,
            created_by: r.created_by.as_deref().map(parse_id).transpose()?,
            created_at: utc(r.created_at),
        })
    }
}

/// The people to serve and the month's earlier deliveries among them.
struct Plan {
    serve: Vec<String>,
    excepted: usize,
    already: Vec<String>,
}

/// The first and last day of `d`'s month.
pub fn month_of(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = d.with_day(1).unwrap_or(d);
    let next = if d.month() == 12 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
    };
    (first, next.and_then(|n| n.pred_opt()).unwrap_or(d))
}

fn plan(c: &mut DbConn, caller: &OfficeStaff, new: &NewDistribution, at: Moment) -> Result<Plan, AppError> {
    let mut e = Vec::new();
    if !SERVICE_TYPE.contains(&new.service_type) {
        e.push(FieldError::new("service_type", SERVICE_TYPE.not_in_list()));
    }
    if new.date > at.today {
        e.push(FieldError::new("date", "must not be in the future"));
    }
    if let Some(p) = &new.place
        && (p.trim().is_empty() || p.chars().count() > 200)
    {
        e.push(FieldError::new("place", "must be 1 to 200 characters"));
    }
    if let Some(q) = new.quantity
        && !(1..=100_000).contains(&q)
    {
        e.push(FieldError::new("quantity", "must be 1 to 100000"));
    }
    let office = caller.office().to_string();
    let people: Vec<String> = match (&new.target_list_id, &new.migrant_ids) {
        (Some(list), None) => {
            let row =
                store::target_list::find_in_office(c, &list.to_string(), &office)?.ok_or_else(|| {
                    AppError::Unprocessable(vec![FieldError::new(
                        "target_list_id",
                        "is not a list of your office",
                    )])
                })?;
            let def = serde_json::from_str(&row.definition).map_err(|e| AppError::internal(e.to_string()))?;
            let mut all = Vec::new();
            let mut page = PageRequest {
                after: None,
                limit: 1000,
            };
            loop {
                let found = store::target_list::members(c, &office, &def, at, &page)?;
                all.extend(found.items.into_iter().map(|m| m.id));
                match found.next {
                    Some(next) => page.after = Some(next),
                    None => break,
                }
            }
            all
        }
        (None, Some(ids)) if !ids.is_empty() && ids.len() <= 5000 => {
            let mut out = Vec::new();
            for (i, id) in ids.iter().enumerate() {
                match store::migrant::find_in_office(c, &id.to_string(), &office)? {
                    Some(m) if m.state == store::migrant::ACTIVE => out.push(m.id),
                    _ => e.push(FieldError::new(
                        format!("migrant_ids[{i}]"),
                        "is not an active person of your office",
                    )),
                }
            }
            out
        }
        _ => {
            e.push(FieldError::new(
                "target_list_id",
                "give either a target list or 1 to 5000 migrant_ids",
            ));
            Vec::new()
        }
    };
    for (i, x) in new.exceptions.iter().enumerate() {
        if !people.contains(&x.migrant_id.to_string()) {
            e.push(FieldError::new(
                format!("exceptions[{i}].migrant_id"),
                "is not one of the people to serve",
            ));
        }
    }
    if !e.is_empty() {
        return Err(AppError::Unprocessable(e));
    }
    let excepted: Vec<String> = new.exceptions.iter().map(|x| x.migrant_id.to_string()).collect();
    let mut serve: Vec<String> = people.into_iter().filter(|p| !excepted.contains(p)).collect();
    serve.sort();
    serve.dedup();
    if new.per_household {
        serve = household_heads(c, &office, serve)?;
    }
    let (from, to) = month_of(new.date);
    let already = store::distribution::served_between(c, &serve, &new.service_type, from, to)?;
    Ok(Plan {
        serve,
        excepted: excepted.len(),
        already,
    })
}

/// Of `people` (sorted), one per household: its head when among them, else
/// the first; people in no household stay.
fn household_heads(c: &mut DbConn, office: &str, people: Vec<String>) -> Result<Vec<String>, AppError> {
    let mut chosen: std::collections::BTreeMap<String, (bool, String)> = std::collections::BTreeMap::new();
    let mut out = Vec::new();
    for id in people {
        let Some(m) = store::migrant::find_in_office(c, &id, office)? else {
            continue;
        };
        match m.household_id {
            None => out.push(id),
            Some(h) => {
                let head = m.relationship_to_head.as_deref() == Some("head");
                let entry = chosen.entry(h).or_insert((head, id.clone()));
                if head && !entry.0 {
                    *entry = (true, id);
                }
            }
        }
    }
    out.extend(chosen.into_values().map(|(_, id)| id));
    out.sort();
    Ok(out)
}

fn ids(v: &[String]) -> Result<Vec<Uuid>, AppError> {
    v.iter().map(|s| parse_id(s)).collect()
}

/// What recording `new` would do (nothing is written, no person is read).
pub fn preview(
    c: &mut DbConn,
    caller: &OfficeStaff,
    new: &NewDistribution,
    at: Moment,
) -> Result<DistributionPreview, AppError> {
    let p = plan(c, caller, new, at)?;
    Ok(DistributionPreview {
        served: p.serve.len(),
        excepted: p.excepted,
        already_served: ids(&p.already)?,
    })
}

/// Records the distribution: one service per person served, all or
/// nothing.
pub fn record(
    c: &mut DbConn,
    caller: &OfficeStaff,
    new: NewDistribution,
    at: Moment,
) -> Result<DistributionRow, AppError> {
    write_tx(c, |c| {
        let p = plan(c, caller, &new, at)?;
        if !p.already.is_empty() && !new.allow_repeat {
            return Err(AppError::Conflict(format!(
                "{} of these people already received this service this month; send allow_repeat to record it anyway",
                p.already.len()
            )));
        }
        let id = new_id();
        let provider = new.provider.clone().unwrap_or_else(|| "office".into());
        let notes = match (&new.place, new.quantity) {
            (Some(place), Some(q)) => Some(format!("{} × {q}", place.trim())),
            (Some(place), None) => Some(place.trim().to_string()),
            (None, Some(q)) => Some(format!("× {q}")),
            (None, None) => None,
        };
        let row = DistributionRow {
            id: id.clone(),
            office_id: caller.office().to_string(),
            service_type: new.service_type.clone(),
            service_date: new.date,
            place: new.place.as_deref().map(|p| p.trim().to_string()),
            quantity: new.quantity,
            provider: provider.clone(),
            target_list_id: new.target_list_id.map(|t| t.to_string()),
            served: i32::try_from(p.serve.len()).unwrap_or(i32::MAX),
            exceptions: serde_json::to_string(&new.exceptions)
                .map_err(|e| AppError::internal(e.to_string()))?,
            created_by: Some(caller.user_id.clone()),
            created_at: now(),
        };
        store::distribution::insert(c, &row)?;
        for person in &p.serve {
            let open = store::case::of_migrant(c, person)?
                .into_iter()
                .find(|k| k.status == "open" && k.office_id == caller.office());
            let case = match open {
                Some(k) => k.id,
                None => {
                    cases::open(
                        c,
                        caller,
                        NewCase {
                            migrant_id: person.clone(),
                            priority: None,
                            summary: Some(format!("{} ({})", new.service_type, new.date)),
                            assigned_to: None,
                        },
                    )?
                    .id
                }
            };
            let service = case_records::add_service(
                c,
                caller,
                &case,
                ServiceFields {
                    service_type: new.service_type.clone(),
                    status: "delivered".into(),
                    date: new.date,
                    provider: provider.clone(),
                    notes: notes.clone(),
                },
            )?;
            store::distribution::link(c, &id, &service.id, person)?;
        }
        crate::audit::trail::append(
            c,
            &[caller
                .event(Action::Create, EntityType::Distribution, &row.id)
                .in_office(Some(row.office_id.clone()))],
        )?;
        Ok(row)
    })
}

/// A distribution of the caller's office.
pub fn get(c: &mut DbConn, caller: &OfficeStaff, id: &str) -> Result<DistributionView, AppError> {
    let row = store::distribution::find_in_office(c, id, caller.office())?.ok_or(AppError::NotFound)?;
    DistributionView::from_row(row)
}

/// The office's latest distributions.
pub fn of_office(c: &mut DbConn, caller: &OfficeStaff) -> Result<Vec<DistributionView>, AppError> {
    store::distribution::of_office(c, caller.office(), 200)?
        .into_iter()
        .map(DistributionView::from_row)
        .collect()
}
