//! A migrant's record: what is valid (SPEC §5 validation rules).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::country::is_country_code;
use super::name::{MAX_NAME_CHARS, clean_name};
use super::reference::{DOCUMENT_TYPE, LEGAL_STATUS, RELATIONSHIP, SEX, VULNERABILITY};
use crate::error::FieldError;

/// An identity or residence document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// `document_type` code.
    #[serde(rename = "type")]
    pub doc_type: String,
    /// Document number.
    pub number: String,
    /// Issuing authority.
    #[serde(default)]
    pub issuer: Option<String>,
    /// Issue date (not in the future).
    #[serde(default)]
    pub issued_on: Option<NaiveDate>,
    /// Expiry date.
    #[serde(default)]
    pub expires_on: Option<NaiveDate>,
}

/// The legal status of a person registered without one: not known yet
/// (one rule for the API and the registration page).
pub fn legal_status_or_unknown(given: Option<String>) -> String {
    given
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// Every field a caseworker sets on a migrant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MigrantFields {
    /// Given name(s), any script.
    pub given_name: String,
    /// Family name(s), any script.
    pub family_name: String,
    /// Full name in Arabic script.
    pub name_ar: Option<String>,
    /// `sex` code.
    pub sex: String,
    /// Exact birth date.
    pub birth_date: Option<NaiveDate>,
    /// Estimated birth year (set from `birth_date` when that is known).
    pub birth_year: Option<i32>,
    /// ISO 3166-1 alpha-2.
    pub nationality: Option<String>,
    /// ISO 639 codes.
    pub languages: Vec<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// District of residence.
    pub district: Option<String>,
    /// `legal_status` code.
    pub legal_status: String,
    /// `vulnerability` codes.
    pub vulnerabilities: Vec<String>,
    /// Arrival in the country.
    pub arrival_date: Option<NaiveDate>,
    /// Household.
    pub household_id: Option<String>,
    /// `relationship_to_head` code.
    pub relationship_to_head: Option<String>,
    /// Documents.
    pub documents: Vec<Document>,
}

fn past_date(field: &str, d: Option<NaiveDate>, today: NaiveDate, errors: &mut Vec<FieldError>) {
    if let Some(d) = d {
        if d > today {
            errors.push(FieldError::new(field, "must not be in the future"));
        } else if d.year() < 1900 {
            errors.push(FieldError::new(field, "must be after 1900"));
        }
    }
}

fn optional_text(field: &str, v: Option<String>, errors: &mut Vec<FieldError>) -> Option<String> {
    let v = v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())?;
    if v.chars().count() > MAX_NAME_CHARS {
        errors.push(FieldError::new(
            field,
            format!("must be at most {MAX_NAME_CHARS} characters"),
        ));
    }
    crate::domain::name::check_controls(field, &v, errors);
    Some(v)
}

fn is_arabic_letter(ch: char) -> bool {
    matches!(ch, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

impl MigrantFields {
    /// Normalises and checks every field, reporting all problems at once.
    pub fn validate(mut self, today: NaiveDate) -> Result<ValidMigrant, Vec<FieldError>> {
        let mut e = Vec::new();
        self.given_name = clean_name("given_name", &self.given_name, &mut e);
        self.family_name = clean_name("family_name", &self.family_name, &mut e);
        self.name_ar = optional_text("name_ar", self.name_ar.take(), &mut e);
        if let Some(ar) = &self.name_ar
            && (!ar.chars().any(is_arabic_letter) || ar.chars().any(|c| c.is_ascii_alphabetic()))
        {
            e.push(FieldError::new("name_ar", "must be written in Arabic script"));
        }
        if !SEX.contains(&self.sex) {
            e.push(FieldError::new("sex", SEX.not_in_list()));
        }
        past_date("birth_date", self.birth_date, today, &mut e);
        if let Some(y) = self.birth_year
            && (y < 1900 || y > today.year())
        {
            e.push(FieldError::new(
                "birth_year",
                format!("must be between 1900 and {}", today.year()),
            ));
        }
        if let (Some(d), Some(y)) = (self.birth_date, self.birth_year)
            && d.year() != y
        {
            e.push(FieldError::new("birth_year", "does not match birth_date"));
        }
        if let Some(d) = self.birth_date {
            self.birth_year = Some(d.year());
        }
        self.nationality = self.nationality.take().map(|n| n.trim().to_uppercase());
        if let Some(n) = &self.nationality
            && !is_country_code(n)
        {
            e.push(FieldError::new(
                "nationality",
                "must be an ISO 3166-1 alpha-2 code, e.g. SN",
            ));
        }
        for (i, l) in self.languages.iter_mut().enumerate() {
            *l = l.trim().to_lowercase();
            if !(2..=3).contains(&l.len()) || !l.chars().all(|c| c.is_ascii_lowercase()) {
                e.push(FieldError::new(
                    format!("languages[{i}]"),
                    "must be an ISO 639 code, e.g. fr, ar, wo",
                ));
            }
        }
        self.languages.dedup();
        self.phone = optional_text("phone", self.phone.take(), &mut e);
        if let Some(p) = &self.phone {
            let digits = p.chars().filter(char::is_ascii_digit).count();
            if !(6..=20).contains(&digits) || !p.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
                e.push(FieldError::new(
                    "phone",
                    "must be a phone number of 6 to 20 digits",
                ));
            }
        }
        self.district = optional_text("district", self.district.take(), &mut e);
        if !LEGAL_STATUS.contains(&self.legal_status) {
            e.push(FieldError::new("legal_status", LEGAL_STATUS.not_in_list()));
        }
        for (i, v) in self.vulnerabilities.iter().enumerate() {
            if !VULNERABILITY.contains(v) {
                e.push(FieldError::new(
                    format!("vulnerabilities[{i}]"),
                    VULNERABILITY.not_in_list(),
                ));
            }
        }
        self.vulnerabilities.sort();
        self.vulnerabilities.dedup();
        past_date("arrival_date", self.arrival_date, today, &mut e);
        if let Some(r) = &self.relationship_to_head
            && !RELATIONSHIP.contains(r)
        {
            e.push(FieldError::new(
                "relationship_to_head",
                RELATIONSHIP.not_in_list(),
            ));
        }
        if self.relationship_to_head.is_some() && self.household_id.is_none() {
            e.push(FieldError::new("relationship_to_head", "needs a household_id"));
        }
        for (i, d) in self.documents.iter_mut().enumerate() {
            if !DOCUMENT_TYPE.contains(&d.doc_type) {
                e.push(FieldError::new(
                    format!("documents[{i}].type"),
                    DOCUMENT_TYPE.not_in_list(),
                ));
            }
            d.number = d.number.trim().to_string();
            if d.number.is_empty() || d.number.chars().count() > 100 {
                e.push(FieldError::new(
                    format!("documents[{i}].number"),
                    "must be 1 to 100 characters",
                ));
            }
            d.issuer = optional_text(&format!("documents[{i}].issuer"), d.issuer.take(), &mut e);
            past_date(&format!("documents[{i}].issued_on"), d.issued_on, today, &mut e);
            if let (Some(a), Some(b)) = (d.issued_on, d.expires_on)
                && b < a
            {
                e.push(FieldError::new(
                    format!("documents[{i}].expires_on"),
                    "must not be before issued_on",
                ));
            }
        }
        if e.is_empty() {
            Ok(ValidMigrant(self))
        } else {
            Err(e)
        }
    }
}

/// Fields that passed [`MigrantFields::validate`] — the only way to build
/// one — and what every write of a record takes: a front door cannot hand
/// a service fields it forgot to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMigrant(MigrantFields);

impl ValidMigrant {
    /// The checked, normalised fields.
    pub fn fields(&self) -> &MigrantFields {
        &self.0
    }

    /// The fields themselves.
    pub fn into_fields(self) -> MigrantFields {
        self.0
    }
}

/// A change to a record, as both front doors receive it: a field left out
/// (None) is kept; `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct MigrantPatch {
    /// Given name(s).
    pub given_name: Option<String>,
    /// Family name(s).
    pub family_name: Option<String>,
    /// Arabic-script name.
    pub name_ar: Option<Option<String>>,
    /// `sex` code.
    pub sex: Option<String>,
    /// Birth date.
    pub birth_date: Option<Option<NaiveDate>>,
    /// Estimated birth year.
    pub birth_year: Option<Option<i32>>,
    /// Nationality.
    pub nationality: Option<Option<String>>,
    /// Languages.
    pub languages: Option<Vec<String>>,
    /// Phone.
    pub phone: Option<Option<String>>,
    /// District.
    pub district: Option<Option<String>>,
    /// `legal_status` code.
    pub legal_status: Option<String>,
    /// `vulnerability` codes.
    pub vulnerabilities: Option<Vec<String>>,
    /// Arrival date.
    pub arrival_date: Option<Option<NaiveDate>>,
    /// Household.
    pub household_id: Option<Option<String>>,
    /// `relationship_to_head` code.
    pub relationship_to_head: Option<Option<String>>,
    /// Documents.
    pub documents: Option<Vec<Document>>,
}

impl MigrantPatch {
    /// The record's fields after this change (to be validated): what is
    /// left out is kept; a new birth date sets the year (an explicit
    /// `birth_year` wins), and clearing the date keeps the year as an
    /// estimate.
    pub fn apply_to(self, current: MigrantFields) -> MigrantFields {
        MigrantFields {
            birth_year: match (self.birth_year, self.birth_date) {
                (Some(y), _) => y,
                (None, Some(Some(_))) => None,
                _ => current.birth_year,
            },
            given_name: self.given_name.unwrap_or(current.given_name),
            family_name: self.family_name.unwrap_or(current.family_name),
            name_ar: self.name_ar.unwrap_or(current.name_ar),
            sex: self.sex.unwrap_or(current.sex),
            birth_date: self.birth_date.unwrap_or(current.birth_date),
            nationality: self.nationality.unwrap_or(current.nationality),
            languages: self.languages.unwrap_or(current.languages),
            phone: self.phone.unwrap_or(current.phone),
            district: self.district.unwrap_or(current.district),
            legal_status: self.legal_status.unwrap_or(current.legal_status),
            vulnerabilities: self.vulnerabilities.unwrap_or(current.vulnerabilities),
            arrival_date: self.arrival_date.unwrap_or(current.arrival_date),
            household_id: self.household_id.unwrap_or(current.household_id),
            relationship_to_head: self.relationship_to_head.unwrap_or(current.relationship_to_head),
            documents: self.documents.unwrap_or(current.documents),
        }
    }
}

/// The UNHCR age band of a person on a date.
pub fn age_band(birth_date: Option<NaiveDate>, birth_year: Option<i32>, on: NaiveDate) -> &'static str {
    let age = match (birth_date, birth_year) {
        (Some(d), _) => on.years_since(d).map(|a| a as i32),
        (None, Some(y)) => Some(on.year() - y),
        _ => None,
    };
    match age {
        Some(a) if a < 0 => "unknown",
        Some(0..=4) => "0-4",
        Some(5..=11) => "5-11",
        Some(12..=17) => "12-17",
        Some(18..=59) => "18-59",
        Some(_) => "60+",
        None => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn valid() -> MigrantFields {
        MigrantFields {
            given_name: " Aminata ".into(),
            family_name: "Diallo".into(),
            sex: "female".into(),
            legal_status: "irregular".into(),
            nationality: Some("gn".into()),
            languages: vec!["FR".into(), "ff".into()],
            vulnerabilities: vec!["pregnant".into()],
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_record_is_normalised() {
        let m = valid().validate(today()).unwrap().into_fields();
        assert_eq!(m.given_name, "Aminata");
        assert_eq!(m.nationality.as_deref(), Some("GN"));
        assert_eq!(m.languages, ["fr", "ff"]);
    }

    #[test]
    fn a_patch_keeps_what_it_leaves_out_and_a_new_birth_date_sets_the_year() {
        let current = MigrantFields {
            birth_year: Some(1990),
            ..valid()
        };
        let kept = MigrantPatch::default().apply_to(current.clone());
        assert_eq!(kept, current);
        let dated = MigrantPatch {
            birth_date: Some(NaiveDate::from_ymd_opt(1992, 4, 1)),
            ..Default::default()
        }
        .apply_to(current.clone())
        .validate(today())
        .unwrap()
        .into_fields();
        assert_eq!(dated.birth_year, Some(1992));
        let cleared = MigrantPatch {
            birth_date: Some(None),
            ..Default::default()
        }
        .apply_to(current.clone());
        assert_eq!(cleared.birth_year, Some(1990));
        let phone = MigrantPatch {
            phone: Some(None),
            ..Default::default()
        }
        .apply_to(MigrantFields {
            phone: Some("+212 600".into()),
            ..current
        });
        assert_eq!(phone.phone, None);
    }

    #[test]
    fn every_rule_names_its_field() {
        let m = MigrantFields {
            given_name: "".into(),
            name_ar: Some("Mohammed".into()),
            sex: "x".into(),
            birth_date: NaiveDate::from_ymd_opt(2030, 1, 1),
            nationality: Some("XX".into()),
            legal_status: "tourist".into(),
            vulnerabilities: vec!["sad".into()],
            phone: Some("call me".into()),
            relationship_to_head: Some("spouse".into()),
            documents: vec![Document {
                doc_type: "visa".into(),
                number: "".into(),
                issuer: None,
                issued_on: None,
                expires_on: None,
            }],
            ..valid()
        };
        let fields: Vec<String> = m
            .validate(today())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "given_name",
                "name_ar",
                "sex",
                "birth_date",
                "nationality",
                "phone",
                "legal_status",
                "vulnerabilities[0]",
                "relationship_to_head",
                "documents[0].type",
                "documents[0].number"
            ]
        );
    }

    #[test]
    fn age_bands_follow_unhcr() {
        let on = today();
        assert_eq!(age_band(NaiveDate::from_ymd_opt(2024, 1, 1), None, on), "0-4");
        assert_eq!(age_band(None, Some(2010), on), "12-17");
        assert_eq!(age_band(NaiveDate::from_ymd_opt(2008, 11, 30), None, on), "12-17");
        assert_eq!(age_band(NaiveDate::from_ymd_opt(2008, 11, 29), None, on), "18-59");
        assert_eq!(age_band(None, Some(1950), on), "60+");
        assert_eq!(age_band(None, None, on), "unknown");
    }
}
