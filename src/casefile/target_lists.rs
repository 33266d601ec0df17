//! Target lists: office staff (caseworkers and supervisors) define who a
//! response should reach, count them as the criteria change, save the
//! definition under a name (audited), and read its members — each member
//! read is an audited read of the person, as any list of people is. Scope
//! is the caller's office; people whose data-registration consent was
//! refused or withdrawn are never found; reports never see these lists.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::migrants;
use super::views::MigrantView;
use crate::audit::{Action, EntityType};
use crate::auth::capability::OfficeStaff;
use crate::db::{DbConn, now, parse_id, utc, write_tx};
use crate::domain::target::TargetDefinition;
use crate::error::{AppError, FieldError};
use crate::listing::{ListResponse, list_response};
use crate::state::AppState;
use crate::store;
use crate::store::page::PageRequest;
use crate::store::target_list::{Moment, TargetListRow};

/// A saved list as clients see it (its definition and how many it finds
/// now; never its people).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TargetListView {
    /// Id.
    pub id: Uuid,
    /// The office whose people it finds.
    pub office_id: Uuid,
    /// Its name.
    pub name: String,
    /// The criteria.
    pub definition: TargetDefinition,
    /// How many people it finds now.
    pub count: i64,
    /// Who saved it first.
    pub created_by: Option<Uuid>,
    /// Created.
    pub created_at: chrono::DateTime<Utc>,
    /// Last changed.
    pub updated_at: chrono::DateTime<Utc>,
    /// Version (also the `ETag`).
    pub version: i32,
}

/// A new list.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTargetList {
    /// 1 to 200 characters.
    pub name: String,
    /// The criteria.
    pub definition: TargetDefinition,
}

/// Changes to a list; absent fields are kept.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetListPatch {
    /// New name.
    pub name: Option<String>,
    /// New criteria (the whole definition).
    pub definition: Option<TargetDefinition>,
}

/// "Now" for a definition: today, this instant, the partners' completion days.
pub fn moment(app: &AppState) -> Moment {
    let now = now();
    Moment {
        today: now.date(),
        now,
        completion_days: app.settings.referral_completion_days,
    }
}

fn checked_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::Unprocessable(vec![FieldError::new(
            "name",
            "must be 1 to 200 characters",
        )]));
    }
    Ok(name.to_string())
}

fn checked(mut def: TargetDefinition) -> Result<TargetDefinition, AppError> {
    def.validate().map_err(AppError::Unprocessable)?;
    Ok(def)
}

fn definition_of(row: &TargetListRow) -> Result<TargetDefinition, AppError> {
    serde_json::from_str(&row.definition).map_err(|e| AppError::internal(format!("stored target list: {e}")))
}

fn view(row: TargetListRow, count: i64) -> Result<TargetListView, AppError> {
    Ok(TargetListView {
        id: parse_id(&row.id)?,
        office_id: parse_id(&row.office_id)?,
        definition: definition_of(&row)?,
        name: row.name,
        count,
        created_by: row.created_by.as_deref().map(parse_id).transpose()?,
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
        version: row.version,
    })
}

/// How many of the caller's office's people a definition finds (a number,
/// no person: nothing to audit).
pub async fn count(app: &AppState, caller: &OfficeStaff, def: TargetDefinition) -> Result<i64, AppError> {
    let def = checked(def)?;
    let (office, at) = (caller.office().to_string(), moment(app));
    app.db
        .run(move |c| store::target_list::count(c, &office, &def, at))
        .await
}

/// Saves a list for the caller's office (audited as a create).
pub fn create(c: &mut DbConn, caller: &OfficeStaff, new: NewTargetList) -> Result<TargetListRow, AppError> {
    let name = checked_name(&new.name)?;
    let def = checked(new.definition)?;
    write_tx(c, |c| {
        let at = now();
        let row = TargetListRow {
            id: crate::db::new_id(),
            office_id: caller.office().to_string(),
            name,
            definition: serde_json::to_string(&def).map_err(|e| AppError::internal(e.to_string()))?,
            created_by: Some(caller.user_id.clone()),
            created_at: at,
            updated_at: at,
            version: 1,
        };
        store::target_list::insert(c, &row)?;
        crate::audit::trail::append(
            c,
            &[caller
                .event(Action::Create, EntityType::TargetList, &row.id)
                .in_office(Some(row.office_id.clone()))],
        )?;
        Ok(row)
    })
}

/// Changes a list of the caller's office (404 elsewhere; 412 on a stale
/// version; audited as an update).
pub fn update(
    c: &mut DbConn,
    caller: &OfficeStaff,
    id: &str,
    if_match: Option<i32>,
    patch: TargetListPatch,
) -> Result<TargetListRow, AppError> {
    let name = patch.name.as_deref().map(checked_name).transpose()?;
    let def = patch.definition.map(checked).transpose()?;
    let office = caller.office().to_string();
    crate::change::update(
        c,
        caller,
        if_match,
        Action::Update,
        |c| store::target_list::find_in_office(c, id, &office)?.ok_or(AppError::NotFound),
        |_c, row| {
            if let Some(n) = name {
                row.name = n;
            }
            if let Some(d) = def {
                row.definition = serde_json::to_string(&d).map_err(|e| AppError::internal(e.to_string()))?;
            }
            Ok(())
        },
    )
}

/// Deletes a list of the caller's office (audited as an update of nothing:
/// the entry says who removed it).
pub fn delete(c: &mut DbConn, caller: &OfficeStaff, id: &str) -> Result<(), AppError> {
    write_tx(c, |c| {
        let row = store::target_list::find_in_office(c, id, caller.office())?.ok_or(AppError::NotFound)?;
        store::target_list::delete(c, &row.id)?;
        crate::audit::trail::append(
            c,
            &[caller
                .event(Action::Update, EntityType::TargetList, &row.id)
                .in_office(Some(row.office_id.clone()))],
        )
    })
}

/// A list of the caller's office with its count now.
pub async fn get(app: &AppState, caller: &OfficeStaff, id: Uuid) -> Result<TargetListView, AppError> {
    let (office, at) = (caller.office().to_string(), moment(app));
    let (row, n) = app
        .db
        .run(move |c| {
            let row =
                store::target_list::find_in_office(c, &id.to_string(), &office)?.ok_or(AppError::NotFound)?;
            let n = store::target_list::count(c, &office, &definition_of(&row)?, at)?;
            Ok((row, n))
        })
        .await?;
    view(row, n)
}

/// The office's lists, each with its count now.
pub async fn lists(app: &AppState, caller: &OfficeStaff) -> Result<Vec<TargetListView>, AppError> {
    let (office, at) = (caller.office().to_string(), moment(app));
    let rows = app
        .db
        .run(move |c| {
            let mut out = Vec::new();
            for row in store::target_list::of_office(c, &office)? {
                let n = store::target_list::count(c, &office, &definition_of(&row)?, at)?;
                out.push((row, n));
            }
            Ok(out)
        })
        .await?;
    rows.into_iter().map(|(r, n)| view(r, n)).collect()
}

/// A list's people now, a page at a time; each one shown is an audited
/// read of the person.
pub async fn members(
    app: &AppState,
    caller: &OfficeStaff,
    id: Uuid,
    page: PageRequest,
) -> Result<ListResponse<MigrantView>, AppError> {
    let (office, at) = (caller.office().to_string(), moment(app));
    let rows = app
        .db
        .run(move |c| {
            let row =
                store::target_list::find_in_office(c, &id.to_string(), &office)?.ok_or(AppError::NotFound)?;
            store::target_list::members(c, &office, &definition_of(&row)?, at, &page)
        })
        .await?;
    app.audit
        .record_all(migrants::read_events(caller, &rows.items))
        .await?;
    list_response(rows, |r| MigrantView::from_row(r, None))
}

/// A person's reference on sheets and exports: the last eight hex digits
/// of the id, as `ABCD-EF12`.
pub fn reference_of(id: &str) -> String {
    let hex = id.replace('-', "").to_uppercase();
    let tail = hex.get(hex.len().saturating_sub(8)..).unwrap_or_default();
    format!("{}-{}", &tail[..tail.len().min(4)], &tail[tail.len().min(4)..])
}

/// One line of a distribution sheet: only what recognises the person.
#[derive(Debug)]
pub struct SheetLine {
    /// The person (for entering the ticked sheet back).
    pub migrant_id: String,
    /// Given and family name.
    pub name: String,
    /// People in the person's household (1 when none is recorded).
    pub household_size: i64,
    /// The person's reference (the last eight hex digits of the id).
    pub reference: String,
}

/// The people a list finds now, as a distribution sheet prints them (up to
/// 2,000; each an audited read of the person).
pub async fn sheet(app: &AppState, caller: &OfficeStaff, id: Uuid) -> Result<Vec<SheetLine>, AppError> {
    let (office, at) = (caller.office().to_string(), moment(app));
    let rows = app
        .db
        .run(move |c| {
            let row =
                store::target_list::find_in_office(c, &id.to_string(), &office)?.ok_or(AppError::NotFound)?;
            let page = PageRequest {
                after: None,
                limit: 2000,
            };
            let found = store::target_list::members(c, &office, &definition_of(&row)?, at, &page)?;
            let households: Vec<String> = found
                .items
                .iter()
                .filter_map(|m| m.household_id.clone())
                .collect();
            let sizes = store::migrant::household_sizes(c, &households)?;
            Ok((found.items, sizes))
        })
        .await?;
    let (people, sizes) = rows;
    app.audit
        .record_all(migrants::read_events(caller, &people))
        .await?;
    let mut lines: Vec<SheetLine> = people
        .iter()
        .map(|m| SheetLine {
            migrant_id: m.id.clone(),
            name: format!("{} {}", m.given_name, m.family_name),
            household_size: m
                .household_id
                .as_ref()
                .and_then(|h| sizes.iter().find(|(k, _)| k == h).map(|(_, n)| *n))
                .unwrap_or(1),
            reference: reference_of(&m.id),
        })
        .collect();
    lines.sort_by_cached_key(|l| l.name.to_lowercase());
    Ok(lines)
}

/// The view of a row just written (with its count).
pub async fn written(
    app: &AppState,
    caller: &OfficeStaff,
    row: TargetListRow,
) -> Result<TargetListView, AppError> {
    get(app, caller, parse_id(&row.id)?).await
}
