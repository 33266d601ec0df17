//! Registering, changing, merging, exporting and anonymising migrants;
//! consents and households.

use chrono::NaiveDate;

use crate::audit::{Action, AuditEvent, EntityType};
use crate::auth::capability::{OfficeStaff, Supervisor};
use crate::casefile::WriteBatch;
use crate::db::json::JsonList;
use crate::db::{DbConn, new_id, now, write_tx};
use crate::domain::migrant::{Document, MigrantFields, MigrantPatch, ValidMigrant};
use crate::domain::name_key::{self, DUPLICATE_THRESHOLD, Identity};
use crate::domain::reference::CONSENT_PURPOSE;
use crate::error::{AppError, FieldError};
use crate::store;
use crate::store::consent::ConsentRow;
use crate::store::household::HouseholdRow;
use crate::store::migrant::{ACTIVE, ANONYMISED, MERGED, MigrantRow};

/// A consent statement.
#[derive(Debug, Clone)]
pub struct ConsentStatement {
    /// `consent_purpose` code.
    pub purpose: String,
    /// Given or withdrawn.
    pub given: bool,
    /// Note.
    pub note: Option<String>,
}

/// A record that looks like the same person.
#[derive(Debug, Clone)]
pub struct PossibleDuplicate {
    /// The other record.
    pub row: MigrantRow,
    /// Likeness from 0 to 1.
    pub score: f64,
}

/// A newly registered migrant.
#[derive(Debug, Clone)]
pub struct Registered {
    /// The record.
    pub row: MigrantRow,
    /// Latest consent per purpose.
    pub consents: Vec<ConsentRow>,
    /// Records of the same office that look like the same person.
    pub possible_duplicates: Vec<PossibleDuplicate>,
}

/// Checks consent statements.
pub fn check_consents(statements: &[ConsentStatement], prefix: &str) -> Vec<FieldError> {
    let mut e = Vec::new();
    for (i, s) in statements.iter().enumerate() {
        if !CONSENT_PURPOSE.contains(&s.purpose) {
            e.push(FieldError::new(
                format!("{prefix}[{i}].purpose"),
                CONSENT_PURPOSE.not_in_list(),
            ));
        }
        if s.note.as_ref().is_some_and(|n| n.chars().count() > 2000) {
            e.push(FieldError::new(
                format!("{prefix}[{i}].note"),
                "must be at most 2000 characters",
            ));
        }
    }
    e
}

/// The migrant's fields as the domain sees them.
pub fn fields_of(row: &MigrantRow) -> Result<MigrantFields, AppError> {
    Ok(MigrantFields {
        given_name: row.given_name.clone(),
        family_name: row.family_name.clone(),
        name_ar: row.name_ar.clone(),
        sex: row.sex.clone(),
        birth_date: row.birth_date,
        birth_year: row.birth_year,
        nationality: row.nationality.clone(),
        languages: row.languages.to_vec(),
        phone: row.phone.clone(),
        district: row.district.clone(),
        legal_status: row.legal_status.clone(),
        vulnerabilities: row.vulnerabilities.to_vec(),
        arrival_date: row.arrival_date,
        household_id: row.household_id.clone(),
        relationship_to_head: row.relationship_to_head.clone(),
        documents: row.documents.to_vec(),
    })
}

fn identity(row: &MigrantRow) -> Identity {
    let documents: Vec<Document> = row.documents.to_vec();
    Identity {
        given_name: row.given_name.clone(),
        family_name: row.family_name.clone(),
        name_ar: row.name_ar.clone(),
        birth_date: row.birth_date,
        birth_year: row.birth_year,
        phone: row.phone.clone(),
        documents: documents.into_iter().map(|d| d.number).collect(),
    }
}

pub(crate) fn keys_of(f: &MigrantFields) -> Vec<String> {
    let mut keys = name_key::name_keys(&f.given_name, &f.family_name, f.name_ar.as_deref());
    keys.extend(f.phone.as_deref().and_then(name_key::phone_key));
    keys.extend(
        f.documents
            .iter()
            .filter_map(|d| name_key::document_key(&d.number)),
    );
    keys.sort();
    keys.dedup();
    keys
}

fn apply(row: &mut MigrantRow, f: MigrantFields) -> Result<(), AppError> {
    row.search_text = name_key::search_document(&f.given_name, &f.family_name, f.name_ar.as_deref());
    row.given_name = f.given_name;
    row.family_name = f.family_name;
    row.name_ar = f.name_ar;
    row.sex = f.sex;
    row.birth_date = f.birth_date;
    row.birth_year = f.birth_year;
    row.nationality = f.nationality;
    row.languages = JsonList(f.languages.clone());
    row.phone = f.phone;
    row.district = f.district;
    row.legal_status = f.legal_status;
    row.vulnerabilities = JsonList(f.vulnerabilities.clone());
    row.arrival_date = f.arrival_date;
    row.household_id = f.household_id;
    row.relationship_to_head = f.relationship_to_head;
    row.documents = JsonList(f.documents.clone());
    Ok(())
}

fn check_household(c: &mut DbConn, f: &MigrantFields, office: &str) -> Result<(), AppError> {
    if let Some(h) = &f.household_id
        && store::household::find_in_office(c, h, office)?.is_none()
    {
        return Err(AppError::field(
            "household_id",
            "names no household of this office",
        ));
    }
    Ok(())
}

/// Scores the office's records that share a key with `row`.
fn duplicates_of(
    c: &mut DbConn,
    row: &MigrantRow,
    keys: &[String],
) -> Result<Vec<PossibleDuplicate>, AppError> {
    let me = identity(row);
    let mut found: Vec<PossibleDuplicate> = store::migrant::candidates(c, &row.office_id, keys, &row.id)?
        .into_iter()
        .map(|other| {
            let score = name_key::likeness(&me, &identity(&other));
            PossibleDuplicate {
                row: other,
                score: (score * 100.0).round() / 100.0,
            }
        })
        .filter(|d| d.score >= DUPLICATE_THRESHOLD)
        .collect();
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.row.id.cmp(&b.row.id)));
    found.truncate(10);
    Ok(found)
}

fn consent_row(migrant_id: &str, s: ConsentStatement, by: &str) -> ConsentRow {
    ConsentRow {
        id: new_id(),
        migrant_id: migrant_id.to_string(),
        purpose: s.purpose,
        given: s.given,
        note: s.note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
        recorded_by: Some(by.to_string()),
        recorded_at: now(),
    }
}

fn blank_row(office: &str) -> MigrantRow {
    let at = now();
    MigrantRow {
        id: new_id(),
        office_id: office.to_string(),
        given_name: String::new(),
        family_name: String::new(),
        name_ar: None,
        sex: String::new(),
        birth_date: None,
        birth_year: None,
        nationality: None,
        languages: JsonList::default(),
        phone: None,
        district: None,
        legal_status: String::new(),
        vulnerabilities: JsonList::default(),
        arrival_date: None,
        household_id: None,
        relationship_to_head: None,
        documents: JsonList::default(),
        search_text: String::new(),
        state: ACTIVE.into(),
        merged_into: None,
        anonymised_at: None,
        created_at: at,
        updated_at: at,
        version: 1,
    }
}

/// Registers a migrant in the caller's office and looks for duplicates.
pub fn register(
    c: &mut DbConn,
    caller: &OfficeStaff,
    fields: ValidMigrant,
    consents: Vec<ConsentStatement>,
) -> Result<Registered, AppError> {
    let possible_duplicates = duplicates_for(c, caller, fields.fields())?;
    register_with(c, caller, fields, consents, possible_duplicates)
}

/// The possible duplicates of a person about to be registered in the
/// caller's office. Reads only: it runs before the write (and its lock),
/// since scoring is the costly part of a registration.
pub fn duplicates_for(
    c: &mut DbConn,
    caller: &OfficeStaff,
    fields: &MigrantFields,
) -> Result<Vec<PossibleDuplicate>, AppError> {
    let mut probe = blank_row(caller.office());
    apply(&mut probe, fields.clone())?;
    duplicates_of(c, &probe, &keys_of(fields))
}

/// Registers a migrant whose possible duplicates were looked for already
/// (`duplicates_for`); the write part of `register`.
pub fn register_with(
    c: &mut DbConn,
    caller: &OfficeStaff,
    fields: ValidMigrant,
    consents: Vec<ConsentStatement>,
    possible_duplicates: Vec<PossibleDuplicate>,
) -> Result<Registered, AppError> {
    write_tx(c, |c| {
        let mut batch = WriteBatch::default();
        let row = register_within(c, caller, fields, consents, &possible_duplicates, &mut batch)?;
        batch.finish(c)?;
        let consents = store::consent::latest(c, &row.id)?;
        Ok(Registered {
            row,
            consents,
            possible_duplicates,
        })
    })
}

/// The write part of `register_with`, inside the caller's write
/// transaction (an import registers thousands in one: no savepoint each).
pub(crate) fn register_within(
    c: &mut DbConn,
    caller: &OfficeStaff,
    fields: ValidMigrant,
    consents: Vec<ConsentStatement>,
    possible_duplicates: &[PossibleDuplicate],
    batch: &mut WriteBatch,
) -> Result<MigrantRow, AppError> {
    let office = caller.office().to_string();
    let keys = keys_of(fields.fields());
    let fields = fields.into_fields();
    {
        check_household(c, &fields, &office)?;
        let at = now();
        let mut row = blank_row(&office);
        row.created_at = at;
        row.updated_at = at;
        apply(&mut row, fields)?;
        store::migrant::insert(c, &row, &keys)?;
        batch.audit(
            caller
                .event(Action::Create, EntityType::Migrant, &row.id)
                .in_office(Some(office.clone())),
        );
        for s in consents {
            let consent = consent_row(&row.id, s, &caller.user_id);
            store::consent::insert(c, &consent)?;
            batch.audit(
                caller
                    .event(Action::Create, EntityType::Consent, &consent.id)
                    .in_office(Some(office.clone())),
            );
        }
        for d in possible_duplicates {
            batch.audit(
                caller
                    .event(Action::Read, EntityType::Migrant, &d.row.id)
                    .in_office(Some(office.clone())),
            );
        }
        Ok(row)
    }
}

/// An active (or any, with `any_state`) migrant of the caller's office.
pub fn load(c: &mut DbConn, caller: &OfficeStaff, id: &str) -> Result<MigrantRow, AppError> {
    store::migrant::find_in_office(c, id, caller.office())?.ok_or(AppError::NotFound)
}

fn load_active(c: &mut DbConn, caller: &OfficeStaff, id: &str) -> Result<MigrantRow, AppError> {
    let row = load(c, caller, id)?;
    match row.state.as_str() {
        ACTIVE => Ok(row),
        MERGED => Err(AppError::Conflict("this record was merged into another".into())),
        _ => Err(AppError::Conflict("this record was anonymised".into())),
    }
}

/// Changes a migrant's fields: the patch is applied to the current fields
/// and the result validated here (422 naming every bad field), whichever
/// front door sent it.
pub fn update(
    c: &mut DbConn,
    caller: &OfficeStaff,
    id: &str,
    if_match: Option<i32>,
    patch: MigrantPatch,
) -> Result<MigrantRow, AppError> {
    crate::change::update(
        c,
        caller,
        if_match,
        Action::Update,
        |c| load_active(c, caller, id),
        |c, row| {
            let fields = patch
                .apply_to(fields_of(row)?)
                .validate(today())
                .map_err(AppError::Unprocessable)?
                .into_fields();
            check_household(c, &fields, &row.office_id)?;
            let keys = keys_of(&fields);
            apply(row, fields)?;
            store::migrant::replace_keys(c, &row.id, &row.office_id, &keys)
        },
    )
}

/// Checks one consent statement on its own (422 naming `purpose`, `note` …);
/// `record_consent` calls it, so every front door gets the same answer.
pub fn check_statement(statement: &ConsentStatement) -> Result<(), AppError> {
    let errors: Vec<FieldError> = check_consents(std::slice::from_ref(statement), "consent")
        .into_iter()
        .map(|e| FieldError::new(e.field.trim_start_matches("consent[0].").to_string(), e.message))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Unprocessable(errors))
    }
}

/// Records a consent statement (a withdrawal is a new entry with `given: false`).
pub fn record_consent(
    c: &mut DbConn,
    caller: &OfficeStaff,
    migrant_id: &str,
    statement: ConsentStatement,
) -> Result<ConsentRow, AppError> {
    check_statement(&statement)?;
    write_tx(c, |c| {
        let m = load_active(c, caller, migrant_id)?;
        let row = consent_row(&m.id, statement, &caller.user_id);
        store::consent::insert(c, &row)?;
        if row.purpose == "referral" && !row.given {
            crate::webhook::announce_consent_withdrawn(c, &m.id)?;
        }
        crate::audit::trail::append(
            c,
            &[caller
                .event(Action::Create, EntityType::Consent, &row.id)
                .in_office(Some(m.office_id))],
        )?;
        Ok(row)
    })
}

/// Fills the fields `kept` lacks from `dup`; whether anything changed.
fn fill_from(kept: &mut MigrantRow, dup: &MigrantRow) -> bool {
    let mut changed = false;
    macro_rules! fill {
        ($($field:ident),+) => {$(
            if kept.$field.is_none() && dup.$field.is_some() {
                kept.$field = dup.$field.clone();
                changed = true;
            }
        )+};
    }
    fill!(
        name_ar,
        birth_date,
        birth_year,
        nationality,
        phone,
        district,
        arrival_date
    );
    if kept.legal_status == "unknown" && dup.legal_status != "unknown" {
        kept.legal_status = dup.legal_status.clone();
        changed = true;
    }
    if kept.name_ar.is_some() && changed {
        kept.search_text =
            name_key::search_document(&kept.given_name, &kept.family_name, kept.name_ar.as_deref());
    }
    changed
}

/// Merges `duplicate` into `keep`: cases and consents move to the kept
/// record; a field the kept record lacks (empty, or an `unknown` legal
/// status) takes the duplicate's value, so nothing known is lost; the
/// duplicate is retired (`state: merged`) and points to the kept record.
pub fn merge(
    c: &mut DbConn,
    caller: &Supervisor,
    keep: &str,
    duplicate: &str,
) -> Result<MigrantRow, AppError> {
    if keep == duplicate {
        return Err(AppError::field(
            "duplicate_id",
            "must differ from the record kept",
        ));
    }
    write_tx(c, |c| {
        let mut kept = load_active(c, caller, keep)?;
        let mut dup = store::migrant::find_in_office(c, duplicate, &kept.office_id)?
            .ok_or_else(|| AppError::field("duplicate_id", "names no record of this office"))?;
        if dup.state != ACTIVE {
            return Err(AppError::Conflict(
                "the duplicate was already merged or anonymised".into(),
            ));
        }
        store::case::reassign_migrant(c, &dup.id, &kept.id)?;
        store::consent::reassign(c, &dup.id, &kept.id)?;
        if fill_from(&mut kept, &dup) {
            let version = kept.version;
            kept.version += 1;
            kept.updated_at = now();
            store::migrant::update(c, &kept, version)?;
        }
        let version = dup.version;
        dup.state = MERGED.into();
        dup.merged_into = Some(kept.id.clone());
        dup.version += 1;
        dup.updated_at = now();
        store::migrant::update(c, &dup, version)?;
        store::migrant::replace_keys(c, &dup.id, &dup.office_id, &[])?;
        let office = Some(kept.office_id.clone());
        crate::audit::trail::append(
            c,
            &[
                caller
                    .event(Action::Merge, EntityType::Migrant, &kept.id)
                    .in_office(office.clone()),
                caller
                    .event(Action::Merge, EntityType::Migrant, &dup.id)
                    .in_office(office),
            ],
        )?;
        Ok(kept)
    })
}

/// Erases what identifies a person, irreversibly, keeping what reports count
/// (sex, birth year, nationality, legal status, vulnerabilities, arrival).
pub fn anonymise(c: &mut DbConn, caller: &Supervisor, id: &str) -> Result<MigrantRow, AppError> {
    write_tx(c, |c| {
        let row = load_active(c, caller, id)?;
        let event = caller
            .event(Action::Anonymise, EntityType::Migrant, &row.id)
            .in_office(Some(row.office_id.clone()));
        erase(c, row, event)
    })
}

/// The erasure itself, inside the caller's write transaction, recorded by
/// `event`: every column of `domain::personal_data` about the person is
/// erased — their record, name keys, consent notes, case summaries, notes,
/// service notes, follow-ups, referral reasons and the reasons and outcomes
/// of referral transitions — and so is every record merged into theirs.
pub fn erase(c: &mut DbConn, row: MigrantRow, event: AuditEvent) -> Result<MigrantRow, AppError> {
    let at = now();
    let mut row = row;
    let version = row.version;
    row.state = ANONYMISED.into();
    row.anonymised_at = Some(at);
    row.version += 1;
    row.updated_at = at;
    store::migrant::update(c, &row, version)?;
    for mut case in store::case::of_migrant(c, &row.id)? {
        let v = case.version;
        case.version += 1;
        case.updated_at = at;
        store::case::update(c, &case, v)?;
    }
    store::personal_data::erase(c, &row.id)?;
    let mut absorbed = store::migrant::merged_into(c, &row.id)?;
    while let Some(m) = absorbed.pop() {
        absorbed.extend(store::migrant::merged_into(c, &m.id)?);
        store::personal_data::erase(c, &m.id)?;
    }
    crate::audit::trail::append(c, &[event])?;
    store::migrant::find(c, &row.id)?.ok_or(AppError::NotFound)
}

/// Creates a household in the caller's office.
pub fn create_household(c: &mut DbConn, caller: &OfficeStaff) -> Result<HouseholdRow, AppError> {
    let office = caller.office().to_string();
    write_tx(c, |c| {
        let row = HouseholdRow {
            id: new_id(),
            office_id: office.clone(),
            created_at: now(),
        };
        store::household::insert(c, &row)?;
        Ok(row)
    })
}

/// A household of the caller's office and its members.
pub fn household(
    c: &mut DbConn,
    caller: &OfficeStaff,
    id: &str,
) -> Result<(HouseholdRow, Vec<MigrantRow>), AppError> {
    let h = store::household::find_in_office(c, id, caller.office())?.ok_or(AppError::NotFound)?;
    let members = store::migrant::household_members(c, &h.id)?;
    Ok((h, members))
}

/// Today's date (UTC), for validation.
pub fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Read entries for migrants shown to the caller.
pub fn read_events(caller: &OfficeStaff, rows: &[MigrantRow]) -> Vec<AuditEvent> {
    rows.iter()
        .map(|r| {
            caller
                .event(Action::Read, EntityType::Migrant, &r.id)
                .in_office(Some(r.office_id.clone()))
        })
        .collect()
}
