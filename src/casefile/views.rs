//! Case files as their readers see them: the typed views every read and
//! write of `casefile` returns, for the JSON API and the web pages alike.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::db::{parse_id, utc};
use crate::domain::migrant::Document;
use crate::error::AppError;
use crate::store::case::CaseRow;
use crate::store::consent::ConsentRow;
use crate::store::follow_up::FollowUpRow;
use crate::store::migrant::MigrantRow;
use crate::store::note::NoteRow;
use crate::store::service::ServiceRow;

/// A consent entry.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ConsentView {
    /// Entry id.
    pub id: Uuid,
    /// `registration`, `referral` or `share_contact`.
    pub purpose: String,
    /// Given (true) or withdrawn (false).
    pub given: bool,
    /// Note.
    pub note: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<Uuid>,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

impl ConsentView {
    /// From a stored entry.
    pub fn from_row(r: ConsentRow) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&r.id)?,
            purpose: r.purpose,
            given: r.given,
            note: r.note,
            recorded_by: r.recorded_by.as_deref().map(parse_id).transpose()?,
            recorded_at: utc(r.recorded_at),
        })
    }
}

/// A migrant's record.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MigrantView {
    /// Id.
    pub id: Uuid,
    /// Office.
    pub office_id: Uuid,
    /// Given name(s).
    pub given_name: String,
    /// Family name(s).
    pub family_name: String,
    /// Name in Arabic script.
    pub name_ar: Option<String>,
    /// `sex` code.
    pub sex: String,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// Birth year (estimated, or that of `birth_date`).
    pub birth_year: Option<i32>,
    /// ISO 3166-1 alpha-2.
    pub nationality: Option<String>,
    /// ISO 639 codes.
    pub languages: Vec<String>,
    /// Phone.
    pub phone: Option<String>,
    /// District.
    pub district: Option<String>,
    /// `legal_status` code.
    pub legal_status: String,
    /// `vulnerability` codes.
    pub vulnerabilities: Vec<String>,
    /// Arrival date.
    pub arrival_date: Option<NaiveDate>,
    /// Household.
    pub household_id: Option<Uuid>,
    /// `relationship_to_head` code.
    pub relationship_to_head: Option<String>,
    /// Documents.
    pub documents: Vec<Document>,
    /// Latest consent entry per purpose (omitted in lists; see `/migrants/{id}/consents`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consents: Option<Vec<ConsentView>>,
    /// `active`, `merged` or `anonymised`.
    pub state: String,
    /// The record this one was merged into.
    pub merged_into: Option<Uuid>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Version (also the `ETag`).
    pub version: i32,
}

impl MigrantView {
    /// From a stored record and its latest consents.
    pub fn from_row(r: MigrantRow, consents: Option<Vec<ConsentRow>>) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&r.id)?,
            office_id: parse_id(&r.office_id)?,
            given_name: r.given_name,
            family_name: r.family_name,
            name_ar: r.name_ar,
            sex: r.sex,
            birth_date: r.birth_date,
            birth_year: r.birth_year,
            nationality: r.nationality,
            languages: r.languages.to_vec(),
            phone: r.phone,
            district: r.district,
            legal_status: r.legal_status,
            vulnerabilities: r.vulnerabilities.to_vec(),
            arrival_date: r.arrival_date,
            household_id: r.household_id.as_deref().map(parse_id).transpose()?,
            relationship_to_head: r.relationship_to_head,
            documents: r.documents.to_vec(),
            consents: consents
                .map(|c| c.into_iter().map(ConsentView::from_row).collect::<Result<_, _>>())
                .transpose()?,
            state: r.state,
            merged_into: r.merged_into.as_deref().map(parse_id).transpose()?,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        })
    }
}

/// A record that looks like the same person.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DuplicateView {
    /// The other record.
    pub id: Uuid,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Arabic-script name.
    pub name_ar: Option<String>,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// Birth year.
    pub birth_year: Option<i32>,
    /// Likeness from 0 to 1 (names across spellings and scripts, birth, phone, documents).
    pub score: f64,
}

/// A newly registered migrant and the records that may be the same person.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegisteredView {
    /// The new record.
    #[serde(flatten)]
    pub migrant: MigrantView,
    /// Records of the same office that look like the same person, best first.
    pub possible_duplicates: Vec<DuplicateView>,
}

/// A household and its members.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HouseholdView {
    /// Id.
    pub id: Uuid,
    /// Office.
    pub office_id: Uuid,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Members.
    pub members: Vec<HouseholdMember>,
}

/// A household member.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HouseholdMember {
    /// Migrant id.
    pub id: Uuid,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// `relationship_to_head` code.
    pub relationship_to_head: Option<String>,
}

/// A case.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CaseView {
    /// Id.
    pub id: Uuid,
    /// The migrant.
    pub migrant_id: Uuid,
    /// Office.
    pub office_id: Uuid,
    /// Readable unique number, e.g. `RBA-2026-000123`.
    pub case_number: String,
    /// `open` or `closed`.
    pub status: String,
    /// `low`, `normal`, `high` or `urgent`.
    pub priority: String,
    /// Staff member in charge.
    pub assigned_to: Option<Uuid>,
    /// Summary.
    pub summary: String,
    /// Opened.
    pub opened_at: DateTime<Utc>,
    /// Closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// `closure_reason` code.
    pub closure_reason: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Version (also the `ETag`).
    pub version: i32,
}

impl CaseView {
    /// From a stored case.
    pub fn from_row(r: CaseRow) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&r.id)?,
            migrant_id: parse_id(&r.migrant_id)?,
            office_id: parse_id(&r.office_id)?,
            case_number: r.case_number,
            status: r.status,
            priority: r.priority,
            assigned_to: r.assigned_to.as_deref().map(parse_id).transpose()?,
            summary: r.summary,
            opened_at: utc(r.opened_at),
            closed_at: r.closed_at.map(utc),
            closure_reason: r.closure_reason,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        })
    }
}

/// A support service.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ServiceView {
    /// Id.
    pub id: Uuid,
    /// Case.
    pub case_id: Uuid,
    /// `service_type` code.
    pub service_type: String,
    /// `planned`, `delivered` or `cancelled`.
    pub status: String,
    /// Date planned or delivered.
    pub date: NaiveDate,
    /// `office` or the id of the partner organisation that provided it.
    pub provider: String,
    /// Notes.
    pub notes: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<Uuid>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Version (also the `ETag`).
    pub version: i32,
}

impl ServiceView {
    /// From a stored service.
    pub fn from_row(r: ServiceRow) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&r.id)?,
            case_id: parse_id(&r.case_id)?,
            service_type: r.service_type,
            status: r.status,
            date: r.service_date,
            provider: r.provider,
            notes: r.notes,
            recorded_by: r.recorded_by.as_deref().map(parse_id).transpose()?,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        })
    }
}

/// A case note.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NoteView {
    /// Id.
    pub id: Uuid,
    /// Case.
    pub case_id: Uuid,
    /// Text.
    pub text: String,
    /// Author.
    pub author_id: Option<Uuid>,
    /// Written.
    pub created_at: DateTime<Utc>,
}

impl NoteView {
    /// From a stored note.
    pub fn from_row(r: NoteRow) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&r.id)?,
            case_id: parse_id(&r.case_id)?,
            text: r.text,
            author_id: r.author_id.as_deref().map(parse_id).transpose()?,
            created_at: utc(r.created_at),
        })
    }
}

/// A follow-up.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FollowUpView {
    /// Id.
    pub id: Uuid,
    /// Case.
    pub case_id: Uuid,
    /// Due date.
    pub due_on: NaiveDate,
    /// What to do.
    pub description: String,
    /// Done (null while open).
    pub done_at: Option<DateTime<Utc>>,
    /// Who did it.
    pub done_by: Option<Uuid>,
    /// Who planned it.
    pub created_by: Option<Uuid>,
    /// Planned.
    pub created_at: DateTime<Utc>,
}

impl FollowUpView {
    /// From a stored follow-up.
    pub fn from_row(r: FollowUpRow) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&r.id)?,
            case_id: parse_id(&r.case_id)?,
            due_on: r.due_on,
            description: r.description,
            done_at: r.done_at.map(utc),
            done_by: r.done_by.as_deref().map(parse_id).transpose()?,
            created_by: r.created_by.as_deref().map(parse_id).transpose()?,
            created_at: utc(r.created_at),
        })
    }
}

impl DuplicateView {
    /// From a scored candidate.
    pub fn from_duplicate(d: &super::migrants::PossibleDuplicate) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&d.row.id)?,
            given_name: d.row.given_name.clone(),
            family_name: d.row.family_name.clone(),
            name_ar: d.row.name_ar.clone(),
            birth_date: d.row.birth_date,
            birth_year: d.row.birth_year,
            score: d.score,
        })
    }
}

impl RegisteredView {
    /// From a registration and the records that may be the same person.
    pub fn from_registered(r: super::migrants::Registered) -> Result<Self, AppError> {
        let possible_duplicates = r
            .possible_duplicates
            .iter()
            .map(DuplicateView::from_duplicate)
            .collect::<Result<_, AppError>>()?;
        Ok(Self {
            migrant: MigrantView::from_row(r.row, Some(r.consents))?,
            possible_duplicates,
        })
    }
}

impl HouseholdView {
    /// A household just created (no members yet).
    pub fn new_empty(h: crate::store::household::HouseholdRow) -> Result<Self, AppError> {
        Ok(Self {
            id: parse_id(&h.id)?,
            office_id: parse_id(&h.office_id)?,
            created_at: utc(h.created_at),
            members: Vec::new(),
        })
    }
}
