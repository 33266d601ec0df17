//! Target lists ("cohorts"): who, among an office's people, a crisis
//! response should reach — criteria the records hold, combined with "all"
//! or "any". A definition is data (stored as JSON, audited when saved);
//! `store::target_list` turns it into one query, re-run each time so that
//! a saved list follows the records.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::reference::{AGE_BAND, LEGAL_STATUS, REFERRAL_STATUS, SERVICE_TYPE, SEX, VULNERABILITY};
use crate::domain::country::is_country_code;
use crate::error::FieldError;

/// How criteria combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    /// Every criterion holds.
    All,
    /// At least one holds.
    Any,
}

/// One condition on a person's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "field", rename_all = "snake_case", deny_unknown_fields)]
pub enum Criterion {
    /// Has this `vulnerability` code.
    Vulnerability {
        /// `vulnerability` code, e.g. `pregnant`.
        value: String,
    },
    /// Of this `sex`.
    Sex {
        /// `sex` code.
        value: String,
    },
    /// In this `age_band` (from the birth year; `unknown` when none).
    AgeBand {
        /// `age_band` code, e.g. `18-59`.
        value: String,
    },
    /// Of this `legal_status`.
    LegalStatus {
        /// `legal_status` code.
        value: String,
    },
    /// Of this nationality.
    Nationality {
        /// ISO 3166-1 alpha-2.
        value: String,
    },
    /// Living in this district (exact, case-insensitive).
    District {
        /// The district as recorded.
        value: String,
    },
    /// Head of a household (`head`), or member of a household with a child
    /// (`with_children`).
    Household {
        /// `head` or `with_children`.
        value: String,
    },
    /// With (true) or without (false) an open case.
    OpenCase {
        /// Whether a case is open.
        value: bool,
    },
    /// Received (true) or did not receive (false) a delivered service of
    /// this type on or after `since`.
    Service {
        /// `service_type` code.
        service_type: String,
        /// First day counted.
        since: NaiveDate,
        /// Whether such a service was received.
        received: bool,
    },
    /// Has a referral in this state: a `referral_status` code, or `overdue`.
    Referral {
        /// `pending`, `accepted`, … or `overdue`.
        status: String,
    },
    /// No service and no note for at least this many days (or never).
    NoContactForDays {
        /// Days, 1 to 3650.
        value: i64,
    },
}

/// A list's definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetDefinition {
    /// `all` or `any`.
    #[serde(rename = "match")]
    pub combine: Match,
    /// 1 to 20 criteria.
    pub criteria: Vec<Criterion>,
}

/// Most criteria a list may have.
pub const MAX_CRITERIA: usize = 20;

impl TargetDefinition {
    /// Checks every code and bound, naming each faulty criterion
    /// (`criteria[2].value`).
    pub fn validate(&mut self) -> Result<(), Vec<FieldError>> {
        let mut e = Vec::new();
        if self.criteria.is_empty() || self.criteria.len() > MAX_CRITERIA {
            e.push(FieldError::new("criteria", "must hold 1 to 20 criteria"));
        }
        for (i, c) in self.criteria.iter_mut().enumerate() {
            let at = |f: &str| format!("criteria[{i}].{f}");
            match c {
                Criterion::Vulnerability { value } if !VULNERABILITY.contains(value) => {
                    e.push(FieldError::new(at("value"), VULNERABILITY.not_in_list()))
                }
                Criterion::Sex { value } if !SEX.contains(value) => {
                    e.push(FieldError::new(at("value"), SEX.not_in_list()))
                }
                Criterion::AgeBand { value } if !AGE_BAND.contains(value) => {
                    e.push(FieldError::new(at("value"), AGE_BAND.not_in_list()))
                }
                Criterion::LegalStatus { value } if !LEGAL_STATUS.contains(value) => {
                    e.push(FieldError::new(at("value"), LEGAL_STATUS.not_in_list()))
                }
                Criterion::Nationality { value } => {
                    *value = value.trim().to_uppercase();
                    if !is_country_code(value) {
                        e.push(FieldError::new(
                            at("value"),
                            "must be an ISO 3166-1 alpha-2 code, e.g. SN",
                        ));
                    }
                }
                Criterion::District { value } => {
                    *value = value.trim().to_string();
                    if value.is_empty() || value.chars().count() > 200 {
                        e.push(FieldError::new(at("value"), "must be 1 to 200 characters"));
                    }
                }
                Criterion::Household { value } if !matches!(value.as_str(), "head" | "with_children") => {
                    e.push(FieldError::new(at("value"), "must be head or with_children"))
                }
                Criterion::Service { service_type, .. } if !SERVICE_TYPE.contains(service_type) => {
                    e.push(FieldError::new(at("service_type"), SERVICE_TYPE.not_in_list()))
                }
                Criterion::Referral { status }
                    if status != "overdue" && !REFERRAL_STATUS.contains(status) =>
                {
                    e.push(FieldError::new(
                        at("status"),
                        "must be a referral_status code or overdue",
                    ))
                }
                Criterion::NoContactForDays { value } if !(1..=3650).contains(value) => {
                    e.push(FieldError::new(at("value"), "must be 1 to 3650 days"))
                }
                _ => {}
            }
        }
        if e.is_empty() { Ok(()) } else { Err(e) }
    }
}

/// The birth years of an age band in `year` (inclusive; `None` for an open
/// end), from the birth year alone: within a year of the band at its edges.
pub fn birth_years(band: &str, year: i32) -> Option<(Option<i32>, Option<i32>)> {
    let (low, high) = match band {
        "0-4" => (0, Some(4)),
        "5-11" => (5, Some(11)),
        "12-17" => (12, Some(17)),
        "18-59" => (18, Some(59)),
        "60+" => (60, None),
        _ => return None,
    };
    Some((high.map(|h| year - h), Some(year - low)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_definition_reads_and_checks_every_criterion() {
        let mut d: TargetDefinition = serde_json::from_value(json!({
            "match": "all",
            "criteria": [
                {"field": "vulnerability", "value": "pregnant"},
                {"field": "service", "service_type": "health", "since": "2026-11-01", "received": false},
                {"field": "nationality", "value": "sn"},
            ]
        }))
        .unwrap();
        d.validate().unwrap();
        assert_eq!(d.criteria[2], Criterion::Nationality { value: "SN".into() });
        let mut bad: TargetDefinition = serde_json::from_value(json!({
            "match": "any",
            "criteria": [{"field": "vulnerability", "value": "rich"}, {"field": "no_contact_for_days", "value": 0}]
        }))
        .unwrap();
        let e = bad.validate().unwrap_err();
        let fields: Vec<_> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["criteria[0].value", "criteria[1].value"]);
        // Unknown criteria and unknown keys are refused when read.
        assert!(
            serde_json::from_value::<TargetDefinition>(
                json!({"match": "all", "criteria": [{"field": "income", "value": 1}]})
            )
            .is_err()
        );
        assert!(
            serde_json::from_value::<TargetDefinition>(
                json!({"match": "all", "criteria": [{"field": "sex", "value": "female", "x": 1}]})
            )
            .is_err()
        );
    }

    #[test]
    fn age_bands_become_birth_years() {
        assert_eq!(birth_years("0-4", 2026), Some((Some(2022), Some(2026))));
        assert_eq!(birth_years("60+", 2026), Some((None, Some(1966))));
        assert_eq!(birth_years("unknown", 2026), None);
    }
}
