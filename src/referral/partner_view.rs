//! What a partner sees of the person referred: given name, sex, age and
//! languages, plus the fields the referral shares — phone only while the
//! `share_contact` consent is given. Never legal status, documents,
//! district, notes or other services.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::migrant::age_band;
use crate::error::AppError;
use crate::store::consent::ConsentRow;
use crate::store::migrant::MigrantRow;

/// The minimal view of a referred person.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReferredPerson {
    /// Given name.
    pub given_name: String,
    /// `sex` code.
    pub sex: String,
    /// Age in years (null when unknown).
    pub age: Option<i32>,
    /// ISO 639 codes.
    pub languages: Vec<String>,
    /// Shared: family name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Shared, and only while the `share_contact` consent is given: phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Shared: birth date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// Shared: nationality.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// Shared: vulnerability codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vulnerabilities: Option<Vec<String>>,
}

/// Whether the latest entry of `purpose` is a given consent.
pub fn consent_given(latest: &[ConsentRow], purpose: &str) -> bool {
    latest.iter().any(|c| c.purpose == purpose && c.given)
}

fn age(m: &MigrantRow, today: NaiveDate) -> Option<i32> {
    use chrono::Datelike;
    if age_band(m.birth_date, m.birth_year, today) == "unknown" {
        return None;
    }
    match (m.birth_date, m.birth_year) {
        (Some(d), _) => today.years_since(d).map(|a| a as i32),
        (None, Some(y)) => Some(today.year() - y),
        _ => None,
    }
}

/// Builds the view from the record, the referral's `share` list and the
/// migrant's latest consents (read now, so a withdrawal counts at once).
pub fn referred_person(
    m: &MigrantRow,
    share: &[String],
    latest: &[ConsentRow],
    today: NaiveDate,
) -> Result<ReferredPerson, AppError> {
    let shares = |f: &str| share.iter().any(|s| s == f);
    Ok(ReferredPerson {
        given_name: m.given_name.clone(),
        sex: m.sex.clone(),
        age: age(m, today),
        languages: m.languages.to_vec(),
        family_name: shares("family_name").then(|| m.family_name.clone()),
        phone: if shares("phone") && consent_given(latest, "share_contact") {
            m.phone.clone()
        } else {
            None
        },
        birth_date: if shares("birth_date") { m.birth_date } else { None },
        nationality: if shares("nationality") {
            m.nationality.clone()
        } else {
            None
        },
        vulnerabilities: if shares("vulnerabilities") {
            Some(m.vulnerabilities.to_vec())
        } else {
            None
        },
    })
}
