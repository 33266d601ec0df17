//! A person's subject-access request: everything held on them — the
//! record, the consent history, every case with its services, notes and
//! follow-ups, the referrals with their history, and the audit entries
//! about all of it — in one export, recorded as an `export` of the person.
//!
//! It sits above `casefile` and `referral` (it reads both), so that
//! neither of those needs the other's views.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::audit::view::AuditEntryView;
use crate::audit::{Action, EntityType};
use crate::auth::capability::OfficeStaff;
use crate::casefile::migrants;
use crate::casefile::views::{CaseView, ConsentView, FollowUpView, MigrantView, NoteView, ServiceView};
use crate::error::AppError;
use crate::referral::view::{self as referral_view, Detail, ReferralView};
use crate::state::AppState;
use crate::store;

/// A case with everything recorded on it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ExportedCase {
    /// The case.
    pub case: CaseView,
    /// Its services.
    pub services: Vec<ServiceView>,
    /// Its notes.
    pub notes: Vec<NoteView>,
    /// Its follow-ups.
    pub follow_ups: Vec<FollowUpView>,
}

/// Everything held on one person (subject-access request).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ExportView {
    /// When the export was made.
    pub exported_at: DateTime<Utc>,
    /// The record.
    pub migrant: MigrantView,
    /// The whole consent history.
    pub consent_history: Vec<ConsentView>,
    /// Cases with their services, notes and follow-ups.
    pub cases: Vec<ExportedCase>,
    /// Referrals to partner organisations, with their history.
    pub referrals: Vec<ReferralView>,
    /// Audit entries about the person and everything above.
    pub audit: Vec<AuditEntryView>,
}

fn grouped<T>(rows: Vec<T>, case_of: impl Fn(&T) -> String) -> HashMap<String, Vec<T>> {
    let mut by_case: HashMap<String, Vec<T>> = HashMap::new();
    for r in rows {
        by_case.entry(case_of(&r)).or_default().push(r);
    }
    by_case
}

/// Everything held on one person (a subject-access request), recorded as
/// an `export` of the person.
pub async fn export(app: &AppState, caller: &OfficeStaff, id: Uuid) -> Result<ExportView, AppError> {
    let (by, days) = (caller.clone(), app.settings.referral_completion_days);
    let view = app
        .db
        .run(move |c| {
            let row = migrants::load(c, &by, &id.to_string())?;
            let history = store::consent::history(c, &row.id)?;
            let latest = store::consent::latest(c, &row.id)?;
            let case_rows = store::case::of_migrant(c, &row.id)?;
            let case_ids: Vec<String> = case_rows.iter().map(|k| k.id.clone()).collect();
            let mut services = grouped(store::service::of_cases(c, &case_ids)?, |s| s.case_id.clone());
            let mut notes = grouped(store::note::of_cases(c, &case_ids)?, |n| n.case_id.clone());
            let mut follow_ups = grouped(store::follow_up::of_cases(c, &case_ids)?, |f| f.case_id.clone());
            let referral_rows = store::referral::of_migrant(c, &row.id)?;
            let mut ids: Vec<String> = vec![row.id.clone()];
            ids.extend(history.iter().map(|h| h.id.clone()));
            ids.extend(referral_rows.iter().map(|r| r.id.clone()));
            let referrals = referral_view::assemble(c, &by, referral_rows, Detail::Full, days)?;
            let mut cases_out = Vec::new();
            for case in case_rows {
                let s = services.remove(&case.id).unwrap_or_default();
                let n = notes.remove(&case.id).unwrap_or_default();
                let f = follow_ups.remove(&case.id).unwrap_or_default();
                ids.push(case.id.clone());
                ids.extend(s.iter().map(|x| x.id.clone()));
                ids.extend(n.iter().map(|x| x.id.clone()));
                ids.extend(f.iter().map(|x| x.id.clone()));
                cases_out.push(ExportedCase {
                    case: CaseView::from_row(case)?,
                    services: s
                        .into_iter()
                        .map(ServiceView::from_row)
                        .collect::<Result<_, _>>()?,
                    notes: n.into_iter().map(NoteView::from_row).collect::<Result<_, _>>()?,
                    follow_ups: f
                        .into_iter()
                        .map(FollowUpView::from_row)
                        .collect::<Result<_, _>>()?,
                });
            }
            let audit = store::audit::about_entities(c, &ids)?
                .into_iter()
                .map(AuditEntryView::from_row)
                .collect::<Result<_, _>>()?;
            Ok(ExportView {
                exported_at: Utc::now(),
                migrant: MigrantView::from_row(row, Some(latest))?,
                consent_history: history
                    .into_iter()
                    .map(ConsentView::from_row)
                    .collect::<Result<_, _>>()?,
                cases: cases_out,
                referrals,
                audit,
            })
        })
        .await?;
    app.audit
        .record(
            caller
                .event(Action::Export, EntityType::Migrant, view.migrant.id.to_string())
                .in_office(Some(view.migrant.office_id.to_string())),
        )
        .await?;
    Ok(view)
}
