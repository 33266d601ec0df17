//! Offices: a city's migrant desk, known by a three-letter code (`RBA`, `OUJ`).

use super::country::is_country_code;
use super::name::clean_name;
use crate::error::FieldError;

/// Normalises an office code (upper case) and checks it is three letters.
pub fn clean_code(value: &str, errors: &mut Vec<FieldError>) -> String {
    let code = value.trim().to_uppercase();
    if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
        errors.push(FieldError::new("code", "must be three letters, e.g. RBA"));
    }
    code
}

/// Normalises a country code (upper case) and checks it is ISO 3166-1 alpha-2.
pub fn clean_country(value: &str, errors: &mut Vec<FieldError>) -> String {
    let code = value.trim().to_uppercase();
    if !is_country_code(&code) {
        errors.push(FieldError::new(
            "country",
            "must be an ISO 3166-1 alpha-2 code, e.g. MA",
        ));
    }
    code
}

/// An office's time zone: its own when set, else its country's.
pub fn zone_of(country: &str, own: Option<&str>) -> chrono_tz::Tz {
    own.and_then(|z| z.parse().ok())
        .unwrap_or_else(|| time_zone(country))
}

/// Checks an office's own time zone: an IANA name (`Africa/Dakar`); blank
/// is none (the country's zone).
pub fn clean_time_zone(value: Option<&str>, errors: &mut Vec<FieldError>) -> Option<String> {
    let zone = value.map(str::trim).filter(|z| !z.is_empty())?;
    if zone.parse::<chrono_tz::Tz>().is_err() {
        errors.push(FieldError::new(
            "time_zone",
            "must be an IANA time zone, e.g. Africa/Casablanca",
        ));
    }
    Some(zone.to_string())
}

/// The time zone an office in `country` keeps when it sets none (the IANA
/// zone of the countries the network serves; UTC elsewhere).
pub fn time_zone(country: &str) -> chrono_tz::Tz {
    use chrono_tz::{Africa, Europe, Tz};
    match country {
        "MA" | "EH" => Africa::Casablanca,
        "SN" => Africa::Dakar,
        "DZ" => Africa::Algiers,
        "TN" => Africa::Tunis,
        "ML" => Africa::Bamako,
        "MR" => Africa::Nouakchott,
        "CI" => Africa::Abidjan,
        "GN" => Africa::Conakry,
        "NE" => Africa::Niamey,
        "BF" => Africa::Ouagadougou,
        "GM" => Africa::Banjul,
        "LY" => Africa::Tripoli,
        "EG" => Africa::Cairo,
        "FR" => Europe::Paris,
        "ES" => Europe::Madrid,
        "IT" => Europe::Rome,
        _ => Tz::UTC,
    }
}

/// A valid office's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeFields {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// City.
    pub city: String,
    /// Country.
    pub country: String,
    /// Its own IANA time zone; `None`: its country's.
    pub time_zone: Option<String>,
}

impl OfficeFields {
    /// Cleans and validates every field, reporting all problems at once.
    pub fn validate(
        code: &str,
        name: &str,
        city: &str,
        country: &str,
        time_zone: Option<&str>,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let fields = Self {
            code: clean_code(code, &mut errors),
            name: clean_name("name", name, &mut errors),
            city: clean_name("city", city, &mut errors),
            country: clean_country(country, &mut errors),
            time_zone: clean_time_zone(time_zone, &mut errors),
        };
        if errors.is_empty() {
            Ok(fields)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises_a_valid_office() {
        let o = OfficeFields::validate("rba", " Bureau des migrants ", "Rabat", "ma", None).unwrap();
        assert_eq!((o.code.as_str(), o.country.as_str()), ("RBA", "MA"));
        assert_eq!(o.name, "Bureau des migrants");
    }

    #[test]
    fn reports_every_invalid_field() {
        let e = OfficeFields::validate("R1", "", "Oujda", "Morocco", Some("Mars/Olympus")).unwrap_err();
        let fields: Vec<_> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["code", "name", "country", "time_zone"]);
    }
}
