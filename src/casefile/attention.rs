//! The attention list: the people at risk of being forgotten in one office,
//! each with the reason they are listed.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::dsl::max;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::DbConn;
use crate::db::json::JsonList;
use crate::db::schema::{cases, follow_ups, migrants, notes, services};
use crate::domain::migrant::Document;
use crate::domain::referral::ReferralStatus;
use crate::error::AppError;
use crate::store;
use crate::store::migrant::ACTIVE;
use crate::store::referral::{ReferralFilter, Scope};

/// Vulnerabilities that call for a service without delay.
pub const URGENT_NEEDS: &[&str] = &[
    "pregnant",
    "unaccompanied_child",
    "separated_child",
    "child_at_risk",
    "serious_medical_condition",
    "gbv_survivor",
    "trafficking_victim",
    "torture_survivor",
];

/// Why someone is listed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttentionItem {
    /// `inactive_case`, `overdue_follow_up`, `overdue_referral`, `vulnerable_without_service`, `document_expiring`,
    /// `account_change`, `account_awaiting_confirmation`.
    pub kind: String,
    /// A sentence for the supervisor.
    pub reason: String,
    /// The person (items about people).
    pub migrant_id: Option<String>,
    /// The person's name: the migrant's, or the staff account's.
    pub person_name: Option<String>,
    /// The staff account (`account_change`, `account_awaiting_confirmation`).
    pub user_id: Option<String>,
    /// The case, when the item is about one.
    pub case_id: Option<String>,
    /// The case's number.
    pub case_number: Option<String>,
    /// The referral, for overdue referrals.
    pub referral_id: Option<String>,
    /// The follow-up, for overdue follow-ups.
    pub follow_up_id: Option<String>,
    /// The date that matters (last activity, due date, expiry).
    pub date: Option<NaiveDate>,
}

/// Settings of the list.
#[derive(Debug, Clone, Copy)]
pub struct AttentionRules {
    /// Days without activity on an open case.
    pub inactive_days: i64,
    /// Days without a delivered service for a person with urgent needs.
    pub service_days: i64,
    /// Days an accepted referral may stay uncompleted.
    pub completion_days: i64,
}

fn latest_by_case(
    rows: Vec<(String, Option<NaiveDateTime>)>,
    into: &mut std::collections::HashMap<String, NaiveDateTime>,
) {
    for (case, at) in rows {
        if let Some(at) = at {
            let e = into.entry(case).or_insert(at);
            if at > *e {
                *e = at;
            }
        }
    }
}

/// The office's attention list at `now`.
pub fn list(
    c: &mut DbConn,
    office: &str,
    now: NaiveDateTime,
    rules: AttentionRules,
) -> Result<Vec<AttentionItem>, AppError> {
    let today = now.date();
    let mut items = Vec::new();
    let open: Vec<(String, String, NaiveDateTime)> = cases::table
        .filter(cases::office_id.eq(office))
        .filter(cases::status.eq("open"))
        .select((cases::id, cases::migrant_id, cases::updated_at))
        .load(c)?;
    let mut last: std::collections::HashMap<String, NaiveDateTime> =
        open.iter().map(|(id, _, at)| (id.clone(), *at)).collect();
    let office_open = cases::table
        .filter(cases::office_id.eq(office))
        .filter(cases::status.eq("open"))
        .select(cases::id);
    latest_by_case(
        services::table
            .filter(services::case_id.eq_any(office_open))
            .group_by(services::case_id)
            .select((services::case_id, max(services::updated_at)))
            .load(c)?,
        &mut last,
    );
    let office_open = cases::table
        .filter(cases::office_id.eq(office))
        .filter(cases::status.eq("open"))
        .select(cases::id);
    latest_by_case(
        notes::table
            .filter(notes::case_id.eq_any(office_open))
            .group_by(notes::case_id)
            .select((notes::case_id, max(notes::created_at)))
            .load(c)?,
        &mut last,
    );
    let office_open = cases::table
        .filter(cases::office_id.eq(office))
        .filter(cases::status.eq("open"))
        .select(cases::id);
    latest_by_case(
        follow_ups::table
            .filter(follow_ups::case_id.eq_any(office_open))
            .group_by(follow_ups::case_id)
            .select((follow_ups::case_id, max(follow_ups::created_at)))
            .load(c)?,
        &mut last,
    );
    let stale_before = now - Duration::days(rules.inactive_days);
    for (case, migrant, _) in &open {
        if let Some(at) = last.get(case).filter(|at| **at < stale_before) {
            items.push(AttentionItem {
                kind: "inactive_case".into(),
                reason: format!(
                    "No activity on this open case for {} days",
                    (now - *at).num_days()
                ),
                migrant_id: Some(migrant.clone()),
                person_name: None,
                case_number: None,
                user_id: None,
                case_id: Some(case.clone()),
                referral_id: None,
                follow_up_id: None,
                date: Some(at.date()),
            });
        }
    }
    let migrant_of: std::collections::HashMap<&str, &str> =
        open.iter().map(|(c, m, _)| (c.as_str(), m.as_str())).collect();
    for f in store::follow_up::to_do(c, office, Some(today), None, 10_000)? {
        items.push(AttentionItem {
            kind: "overdue_follow_up".into(),
            reason: format!("Follow-up due on {} not done", f.due_on),
            migrant_id: migrant_of.get(f.case_id.as_str()).map(|m| m.to_string()),
            person_name: None,
            case_number: None,
            user_id: None,
            case_id: Some(f.case_id),
            referral_id: None,
            follow_up_id: Some(f.id),
            date: Some(f.due_on),
        });
    }
    let page = store::page::PageRequest {
        after: None,
        limit: 10_000,
    };
    let filter = ReferralFilter {
        overdue: Some((now, rules.completion_days)),
        ..Default::default()
    };
    for r in store::referral::list(c, &Scope::Office(office.to_string()), &filter, &page)?.items {
        let migrant = store::case::find_in_office(c, &r.case_id, office)?.map(|k| k.migrant_id);
        items.push(AttentionItem {
            kind: "overdue_referral".into(),
            reason: if r.status == ReferralStatus::Pending {
                format!("Referral still unanswered since {}", r.respond_by.date())
            } else {
                "Accepted referral not completed in time".into()
            },
            migrant_id: migrant,
            person_name: None,
            case_number: None,
            user_id: None,
            case_id: Some(r.case_id),
            referral_id: Some(r.id),
            follow_up_id: None,
            date: Some(r.respond_by.date()),
        });
    }
    // People with urgent needs, an open case and no delivered service lately.
    let since = today - Duration::days(rules.service_days);
    let served: Vec<String> = services::table
        .inner_join(cases::table)
        .filter(cases::office_id.eq(office))
        .filter(services::status.eq("delivered"))
        .filter(services::service_date.ge(since))
        .select(cases::migrant_id)
        .distinct()
        .load(c)?;
    let people: Vec<(String, JsonList<String>, JsonList<Document>)> = migrants::table
        .filter(migrants::office_id.eq(office))
        .filter(migrants::state.eq(ACTIVE))
        .select((migrants::id, migrants::vulnerabilities, migrants::documents))
        .load(c)?;
    let with_open: std::collections::HashSet<&str> = open.iter().map(|(_, m, _)| m.as_str()).collect();
    for (id, vulnerabilities, documents) in &people {
        let urgent: Vec<&String> = vulnerabilities
            .iter()
            .filter(|v| URGENT_NEEDS.contains(&v.as_str()))
            .collect();
        if !urgent.is_empty() && with_open.contains(id.as_str()) && !served.contains(id) {
            items.push(AttentionItem {
                kind: "vulnerable_without_service".into(),
                reason: format!(
                    "{} and no service delivered in {} days",
                    urgent.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
                    rules.service_days
                ),
                migrant_id: Some(id.clone()),
                person_name: None,
                case_number: None,
                user_id: None,
                case_id: None,
                referral_id: None,
                follow_up_id: None,
                date: None,
            });
        }
        for d in documents.iter() {
            if let Some(exp) = d
                .expires_on
                .filter(|e| *e >= today && *e <= today + Duration::days(60))
            {
                items.push(AttentionItem {
                    kind: "document_expiring".into(),
                    reason: format!("{} expires on {exp}", d.doc_type),
                    migrant_id: Some(id.clone()),
                    person_name: None,
                    case_number: None,
                    user_id: None,
                    case_id: None,
                    referral_id: None,
                    follow_up_id: None,
                    date: Some(exp),
                });
            }
        }
    }
    // Staff accounts of the office an administrator created, re-bound,
    // reset or re-activated lately, and those waiting for a confirmation:
    // the office sees what is done to its accounts (separation of duties).
    let changed_since = now - Duration::days(rules.inactive_days);
    for (user, at) in store::audit::admin_changes_to_office_accounts(c, office, changed_since)? {
        let name = store::user::find(c, &user)?.map(|u| u.full_name);
        items.push(AttentionItem {
            kind: "account_change".into(),
            reason:
                "An administrator created or changed this account (role, office, password or activation), \
                     or someone signed in with a password an administrator set"
                    .into(),
            migrant_id: None,
            person_name: name,
            case_number: None,
            user_id: Some(user),
            case_id: None,
            referral_id: None,
            follow_up_id: None,
            date: Some(at.date()),
        });
    }
    for user in store::user::awaiting_confirmation_in_office(c, office)? {
        items.push(AttentionItem {
            kind: "account_awaiting_confirmation".into(),
            reason: format!(
                "{} ({}) waits for a supervisor of this office to confirm the account",
                user.full_name, user.email
            ),
            migrant_id: None,
            person_name: Some(user.full_name.clone()),
            case_number: None,
            user_id: Some(user.id),
            case_id: None,
            referral_id: None,
            follow_up_id: None,
            date: Some(user.updated_at.date()),
        });
    }
    Ok(items)
}
