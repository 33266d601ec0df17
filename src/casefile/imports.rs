//! Bringing an office's existing spreadsheet in, as office staff do it
//! from the API or the pages: upload (the file is read at once, and kept
//! until it is imported or discarded), a column mapping (remembered for
//! the office's next file), a dry run that validates every row and looks
//! for duplicates among the office's records and within the file (it
//! writes nothing but the report and the audit of the records it names),
//! then the import itself — all or nothing, or row by row — which creates
//! each person as a registration does (with the paper consent, an open
//! case and a past service when the file has them), skips rows imported
//! before (the same file twice creates nothing new) and is audited as one
//! import besides the entry of each person created.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::case_records::{self, ServiceFields};
use super::migrants::{self, ConsentStatement, keys_of, today};
use super::{WriteBatch, cases};
use crate::audit::{Action, EntityType};
use crate::auth::capability::OfficeStaff;
use crate::db::{DbConn, new_id, now, parse_id, utc, write_tx};
use crate::domain::migrant::MigrantFields;
use crate::domain::name_key::{DUPLICATE_THRESHOLD, Identity, likeness};
use crate::error::{AppError, FieldError};
use crate::import::row::{self, ImportRow as ReadRow, Mapping, RowProblem};
use crate::import::sheet::{self, Sheet, SheetError};
use crate::store;
use crate::store::import::ImportRow;

/// An import waiting for its mapping, dry run and run.
pub const UPLOADED: &str = "uploaded";
/// An import done (its file is gone).
pub const IMPORTED: &str = "imported";
/// An import given up (its file is gone).
pub const DISCARDED: &str = "discarded";

/// The most problems a report lists in JSON (the CSV report has them all).
pub const LISTED_PROBLEMS: usize = 1000;

/// How rows with problems are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Any row with a problem: nothing is imported (422).
    AllOrNothing,
    /// The good rows are imported, the others reported.
    RowByRow,
}

/// A row that looks like a person already registered or an earlier row.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DuplicateFinding {
    /// The row's line in the file.
    pub row: usize,
    /// The earlier row of the file it looks like.
    pub same_as_row: Option<usize>,
    /// The office's record it looks like.
    pub migrant_id: Option<Uuid>,
    /// Likeness from 0 to 1.
    pub score: f64,
}

/// What a dry run found, or what an import did.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ImportReport {
    /// A dry run (nothing was created).
    pub dry_run: bool,
    /// The mode of the import (none for a dry run).
    pub mode: Option<ImportMode>,
    /// Rows in the file.
    pub rows: usize,
    /// Rows without a problem.
    pub valid: usize,
    /// Rows imported before (by this or an earlier file): skipped.
    pub already_imported: usize,
    /// Valid rows that look like a record or an earlier row: skipped
    /// unless `import_duplicates`.
    pub duplicates: Vec<DuplicateFinding>,
    /// People created (0 for a dry run).
    pub created: usize,
    /// Problems found (all of them, though `problems` lists at most 1000).
    pub problem_count: usize,
    /// Each problem: row, column, field, message.
    pub problems: Vec<RowProblem>,
}

/// An import as the API and the pages show it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ImportView {
    /// Id.
    pub id: Uuid,
    /// The uploaded file's name.
    pub file_name: String,
    /// `uploaded`, `imported` or `discarded`.
    pub state: String,
    /// Rows in the file (empty rows left out).
    pub rows: i32,
    /// The file's column names.
    pub columns: Vec<String>,
    /// Which column fills which field.
    #[schema(value_type = std::collections::BTreeMap<String, String>)]
    pub mapping: Mapping,
    /// The last dry run's or the import's report.
    pub report: Option<ImportReport>,
    /// Who uploaded it.
    pub created_by: Option<Uuid>,
    /// Uploaded.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Imported.
    pub imported_at: Option<chrono::DateTime<chrono::Utc>>,
}

fn json_err(e: serde_json::Error) -> AppError {
    AppError::internal(e.to_string())
}

impl ImportView {
    /// From a stored row.
    pub fn from_row(r: ImportRow) -> Result<Self, AppError> {
        let mut report: Option<ImportReport> = r
            .report
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(json_err)?;
        if let Some(rep) = report.as_mut() {
            rep.problems.truncate(LISTED_PROBLEMS);
        }
        Ok(Self {
            id: parse_id(&r.id)?,
            file_name: r.file_name,
            state: r.state,
            rows: r.row_count,
            columns: serde_json::from_str(&r.column_names).map_err(json_err)?,
            mapping: serde_json::from_str(&r.mapping).map_err(json_err)?,
            report,
            created_by: r.created_by.as_deref().map(parse_id).transpose()?,
            created_at: utc(r.created_at),
            imported_at: r.imported_at.map(utc),
        })
    }
}

fn unreadable(e: SheetError) -> AppError {
    match e {
        SheetError::TooLarge => AppError::PayloadTooLarge(sheet::MAX_BYTES),
        other => AppError::field("file", other.to_string()),
    }
}

fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if clean.trim().is_empty() {
        "spreadsheet".into()
    } else {
        clean.trim().to_string()
    }
}

/// Reads an uploaded file and keeps it for the office, with the mapping to
/// start from (the office's saved mapping, then usual column names).
/// Blocking: the caller runs it off the async workers.
pub fn upload(
    c: &mut DbConn,
    caller: &OfficeStaff,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<ImportRow, AppError> {
    let sheet = sheet::read(&bytes).map_err(unreadable)?;
    let saved: Mapping = match store::import::mapping(c, caller.office())? {
        Some(json) => serde_json::from_str(&json).unwrap_or_default(),
        None => Mapping::new(),
    };
    let mapping = row::suggest(&sheet.columns, &saved);
    let row = ImportRow {
        id: new_id(),
        office_id: caller.office().to_string(),
        file_name: clean_file_name(file_name),
        file_sha256: hex::encode(Sha256::digest(&bytes)),
        content: Some(bytes),
        column_names: serde_json::to_string(&sheet.columns).map_err(json_err)?,
        mapping: serde_json::to_string(&mapping).map_err(json_err)?,
        state: UPLOADED.into(),
        row_count: i32::try_from(sheet.rows.len()).unwrap_or(i32::MAX),
        report: None,
        created_by: Some(caller.user_id.clone()),
        created_at: now(),
        imported_at: None,
    };
    write_tx(c, |c| {
        store::import::insert(c, &row)?;
        crate::audit::trail::append(
            c,
            &[caller
                .event(Action::Create, EntityType::Import, &row.id)
                .in_office(Some(row.office_id.clone()))],
        )
    })?;
    Ok(row)
}

/// An import of the caller's office (404 otherwise).
pub fn load(c: &mut DbConn, caller: &OfficeStaff, id: &str) -> Result<ImportRow, AppError> {
    store::import::find_in_office(c, id, caller.office())?.ok_or(AppError::NotFound)
}

/// The office's imports, newest first.
pub fn of_office(c: &mut DbConn, caller: &OfficeStaff) -> Result<Vec<ImportView>, AppError> {
    store::import::of_office(c, caller.office(), 100)?
        .into_iter()
        .map(ImportView::from_row)
        .collect()
}

fn waiting(row: &ImportRow) -> Result<(), AppError> {
    if row.state == UPLOADED && row.content.is_some() {
        Ok(())
    } else {
        Err(AppError::Conflict(format!("this import is {}", row.state)))
    }
}

/// Sets which column fills which field (a required field without a column,
/// a column not in the file or used twice: 422), remembered as the
/// office's mapping for its next file. The last report is dropped.
pub fn set_mapping(
    c: &mut DbConn,
    caller: &OfficeStaff,
    id: &str,
    mapping: Mapping,
) -> Result<ImportRow, AppError> {
    write_tx(c, |c| {
        let mut row = load(c, caller, id)?;
        waiting(&row)?;
        let columns: Vec<String> = serde_json::from_str(&row.column_names).map_err(json_err)?;
        let problems = row::check_mapping(&mapping, &columns);
        if !problems.is_empty() {
            return Err(AppError::Unprocessable(
                problems.into_iter().map(|(f, m)| FieldError::new(f, m)).collect(),
            ));
        }
        row.mapping = serde_json::to_string(&mapping).map_err(json_err)?;
        row.report = None;
        store::import::save(c, &row)?;
        store::import::save_mapping(c, caller.office(), &row.mapping, now())?;
        crate::audit::trail::append(
            c,
            &[caller
                .event(Action::Update, EntityType::Import, &row.id)
                .in_office(Some(row.office_id.clone()))],
        )?;
        Ok(row)
    })
}

/// Gives an import up: its file is deleted.
pub fn discard(c: &mut DbConn, caller: &OfficeStaff, id: &str) -> Result<ImportRow, AppError> {
    write_tx(c, |c| {
        let mut row = load(c, caller, id)?;
        waiting(&row)?;
        row.content = None;
        row.state = DISCARDED.into();
        store::import::save(c, &row)?;
        crate::audit::trail::append(
            c,
            &[caller
                .event(Action::Transition, EntityType::Import, &row.id)
                .in_office(Some(row.office_id.clone()))],
        )?;
        Ok(row)
    })
}

fn identity(f: &MigrantFields) -> Identity {
    Identity {
        given_name: f.given_name.clone(),
        family_name: f.family_name.clone(),
        name_ar: f.name_ar.clone(),
        birth_date: f.birth_date,
        birth_year: f.birth_year,
        phone: f.phone.clone(),
        documents: Vec::new(),
    }
}

/// Every row read and checked against the office's records.
struct Evaluation {
    sheet_rows: usize,
    good: Vec<ReadRow>,
    problems: Vec<RowProblem>,
    already: HashSet<String>,
    duplicates: Vec<DuplicateFinding>,
    /// The ids of the office's records the duplicates name.
    named: Vec<String>,
}

impl Evaluation {
    fn report(&self, dry_run: bool, mode: Option<ImportMode>, created: usize) -> ImportReport {
        ImportReport {
            dry_run,
            mode,
            rows: self.sheet_rows,
            valid: self.good.len(),
            already_imported: self.good.iter().filter(|r| self.already.contains(&r.key)).count(),
            duplicates: self.duplicates.clone(),
            created,
            problem_count: self.problems.len(),
            problems: self.problems.clone(),
        }
    }
}

fn evaluate(
    c: &mut DbConn,
    caller: &OfficeStaff,
    row: &ImportRow,
    day: NaiveDate,
) -> Result<Evaluation, AppError> {
    let bytes = row
        .content
        .as_deref()
        .ok_or_else(|| AppError::Conflict(format!("this import is {}", row.state)))?;
    let sheet: Sheet = sheet::read(bytes).map_err(unreadable)?;
    let mapping: Mapping = serde_json::from_str(&row.mapping).map_err(json_err)?;
    let bad_mapping = row::check_mapping(&mapping, &sheet.columns);
    if !bad_mapping.is_empty() {
        return Err(AppError::Unprocessable(
            bad_mapping
                .into_iter()
                .map(|(f, m)| FieldError::new(format!("mapping.{f}"), m))
                .collect(),
        ));
    }
    let mut good = Vec::new();
    let mut problems = Vec::new();
    for r in &sheet.rows {
        match row::read_row(&sheet, &mapping, r, day) {
            Ok(read) => good.push(read),
            Err(p) => problems.extend(p),
        }
    }
    let keys: Vec<String> = good.iter().map(|r| r.key.clone()).collect();
    let already: HashSet<String> = store::import::imported_keys(c, caller.office(), &keys)?
        .into_iter()
        .collect();
    let mut duplicates = Vec::new();
    let mut named = Vec::new();
    let mut seen_keys: HashMap<String, usize> = HashMap::new();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in good.iter().enumerate() {
        if already.contains(&r.key) {
            continue;
        }
        if let Some(first) = seen_keys.get(&r.key) {
            duplicates.push(DuplicateFinding {
                row: r.line,
                same_as_row: Some(good[*first].line),
                migrant_id: None,
                score: 1.0,
            });
            continue;
        }
        seen_keys.insert(r.key.clone(), i);
        let me = identity(r.person.fields());
        let name_keys = keys_of(r.person.fields());
        // Like the store's search, at most the 50 latest rows per key are
        // scored: a file of 100,000 rows stays linear.
        let earlier = name_keys
            .iter()
            .filter_map(|k| by_name.get(k))
            .flat_map(|rows| rows.iter().rev().take(50))
            .copied()
            .collect::<std::collections::BTreeSet<usize>>()
            .into_iter()
            .map(|j| (j, likeness(&me, &identity(good[j].person.fields()))))
            .filter(|(_, s)| *s >= DUPLICATE_THRESHOLD)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        for k in name_keys {
            by_name.entry(k).or_default().push(i);
        }
        if let Some((j, score)) = earlier {
            duplicates.push(DuplicateFinding {
                row: r.line,
                same_as_row: Some(good[j].line),
                migrant_id: None,
                score: (score * 100.0).round() / 100.0,
            });
            continue;
        }
        if let Some(d) = migrants::duplicates_for(c, caller, r.person.fields())?
            .into_iter()
            .next()
        {
            named.push(d.row.id.clone());
            duplicates.push(DuplicateFinding {
                row: r.line,
                same_as_row: None,
                migrant_id: Some(parse_id(&d.row.id)?),
                score: d.score,
            });
        }
    }
    Ok(Evaluation {
        sheet_rows: sheet.rows.len(),
        good,
        problems,
        already,
        duplicates,
        named,
    })
}

fn audit_named(c: &mut DbConn, caller: &OfficeStaff, named: &[String]) -> Result<(), AppError> {
    let events: Vec<_> = named
        .iter()
        .map(|id| {
            caller
                .event(Action::Read, EntityType::Migrant, id)
                .in_office(Some(caller.office().to_string()))
        })
        .collect();
    crate::audit::trail::append(c, &events)
}

/// Validates every row and looks for duplicates, creating nothing; the
/// report is kept with the import (and its CSV can be downloaded).
pub fn dry_run(c: &mut DbConn, caller: &OfficeStaff, id: &str) -> Result<ImportReport, AppError> {
    let mut row = load(c, caller, id)?;
    waiting(&row)?;
    let eval = evaluate(c, caller, &row, today())?;
    let report = eval.report(true, None, 0);
    row.report = Some(serde_json::to_string(&report).map_err(json_err)?);
    write_tx(c, |c| {
        store::import::save(c, &row)?;
        audit_named(c, caller, &eval.named)
    })?;
    Ok(report)
}

/// What to do with rows that look like someone already there.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RunImport {
    /// `all_or_nothing` or `row_by_row`.
    pub mode: ImportMode,
    /// Import rows that look like a record or an earlier row anyway
    /// (default: they are skipped and listed).
    #[serde(default)]
    pub import_duplicates: bool,
}

fn problems_as_fields(problems: &[RowProblem]) -> Vec<FieldError> {
    problems
        .iter()
        .take(LISTED_PROBLEMS)
        .map(|p| FieldError::new(format!("rows[{}].{}", p.row, p.field), p.message.clone()))
        .collect()
}

fn create_person(
    c: &mut DbConn,
    caller: &OfficeStaff,
    import_id: &str,
    r: ReadRow,
    batch: &mut WriteBatch,
) -> Result<(), AppError> {
    let consents = r
        .data_consent
        .map(|(given, day)| ConsentStatement {
            purpose: "registration".into(),
            given,
            note: Some(match day {
                Some(d) => format!("On paper, {d} (imported)"),
                None => "On paper (imported)".into(),
            }),
        })
        .into_iter()
        .collect();
    let person = migrants::register_within(c, caller, r.person, consents, &[], batch)?.id;
    store::import::remember_row(c, caller.office(), &r.key, &person, import_id)?;
    if r.open_case || r.service.is_some() {
        let assignee = (caller.role == crate::auth::Role::Caseworker).then(|| caller.user_id.clone());
        let case = cases::open_within(c, caller, person.clone(), None, None, assignee, batch)?;
        if let Some((service_type, date)) = r.service {
            case_records::add_service_within(
                c,
                caller,
                &case.id,
                ServiceFields {
                    service_type,
                    status: "delivered".into(),
                    date,
                    provider: "office".into(),
                    notes: None,
                },
                batch,
            )?;
        }
    }
    Ok(())
}

/// Imports the rows: all or nothing (any problem: 422 naming the rows,
/// nothing created) or row by row (problem rows left out). Rows imported
/// before are skipped; so are rows that look like a record or an earlier
/// row unless `import_duplicates`. One audit entry for the import, and
/// one for each person, consent, case and service created.
pub fn run(c: &mut DbConn, caller: &OfficeStaff, id: &str, how: RunImport) -> Result<ImportReport, AppError> {
    let mut row = load(c, caller, id)?;
    waiting(&row)?;
    let day = today();
    let eval = evaluate(c, caller, &row, day)?;
    if how.mode == ImportMode::AllOrNothing && !eval.problems.is_empty() {
        let report = eval.report(true, Some(how.mode), 0);
        row.report = Some(serde_json::to_string(&report).map_err(json_err)?);
        store::import::save(c, &row)?;
        return Err(AppError::Unprocessable(problems_as_fields(&eval.problems)));
    }
    let skip: HashSet<usize> = if how.import_duplicates {
        eval.duplicates
            .iter()
            .filter(|d| d.same_as_row.is_some() && d.score >= 1.0)
            .map(|d| d.row)
            .collect()
    } else {
        eval.duplicates.iter().map(|d| d.row).collect()
    };
    let todo: Vec<ReadRow> = eval
        .good
        .iter()
        .filter(|r| !eval.already.contains(&r.key) && !skip.contains(&r.line))
        .cloned()
        .collect();
    let created = todo.len();
    let report = eval.report(false, Some(how.mode), created);
    let at: NaiveDateTime = now();
    let cases = todo.iter().filter(|r| r.open_case || r.service.is_some()).count();
    write_tx(c, |c| {
        // One update of the audit chain's head and of the case counter for
        // the whole import (see `WriteBatch`).
        crate::db::plan_each_statement(c)?;
        let mut batch = WriteBatch::default();
        batch.reserve_case_numbers(
            c,
            caller.office(),
            at.year(),
            i32::try_from(cases).unwrap_or(i32::MAX),
        )?;
        for r in todo {
            create_person(c, caller, &row.id, r, &mut batch)?;
        }
        row.content = None;
        row.state = IMPORTED.into();
        row.imported_at = Some(at);
        row.report = Some(serde_json::to_string(&report).map_err(json_err)?);
        store::import::save(c, &row)?;
        audit_named(c, caller, &eval.named)?;
        batch.audit(
            caller
                .event(Action::Create, EntityType::Import, &row.id)
                .in_office(Some(row.office_id.clone())),
        );
        batch.finish(c)
    })?;
    Ok(report)
}

/// The report as CSV: `row,column,field,message`, each message through
/// `translate` (the page's language; the API's English), then each
/// duplicate in the words `duplicate` gives it.
pub fn report_csv(
    report: &ImportReport,
    translate: impl Fn(&str) -> String,
    duplicate: impl Fn(&DuplicateFinding) -> String,
) -> String {
    use crate::report::csv_field;
    let mut out = String::from("row,column,field,message\n");
    for p in &report.problems {
        let line = [
            p.row.to_string(),
            csv_field(&p.column),
            csv_field(&p.field),
            csv_field(&translate(&p.message)),
        ];
        out.push_str(&line.join(","));
        out.push('\n');
    }
    for d in &report.duplicates {
        out.push_str(&format!("{},,,{}\n", d.row, csv_field(&duplicate(d))));
    }
    out
}

/// The whole report kept with an import (every problem, where the view
/// lists the first 1000).
pub fn stored_report(c: &mut DbConn, caller: &OfficeStaff, id: &str) -> Result<ImportReport, AppError> {
    let row = load(c, caller, id)?;
    match row.report {
        Some(json) => serde_json::from_str(&json).map_err(json_err),
        None => Err(AppError::Conflict("no dry run yet: nothing to report".into())),
    }
}

/// The words the API's CSV gives a duplicate.
pub fn duplicate_in_english(d: &DuplicateFinding) -> String {
    match (d.same_as_row, d.migrant_id) {
        (Some(r), _) => format!("looks like row {r} (likeness {:.2}): skipped", d.score),
        (None, Some(id)) => format!(
            "looks like the registered person {id} (likeness {:.2}): skipped",
            d.score
        ),
        (None, None) => "looks like someone already there: skipped".into(),
    }
}
