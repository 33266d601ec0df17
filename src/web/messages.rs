//! The services' field messages in the visitor's language. The API keeps
//! its English `detail` (clients match the field and the wording); a page
//! shows the catalogue's words, found from the service's message: a
//! pattern with a number ("must be 1 to 2000 characters"), or the whole
//! sentence. A message the catalogue lacks stays in English rather than
//! being lost.

use super::i18n::Tr;
use crate::error::FieldError;

/// Whole messages and their catalogue keys.
const EXACT: &[(&str, &str)] = &[
    ("is required", "err-required"),
    ("must not be empty", "err-required"),
    ("must be a date (YYYY-MM-DD)", "err-date"),
    ("must not be in the future", "err-future"),
    (
        "a delivered service's date must not be in the future",
        "err-future",
    ),
    ("must be in the future", "err-past"),
    ("does not match birth_date", "err-birth-year-mismatch"),
    ("is not offered by this organisation", "err-not-offered"),
    ("names no organisation", "err-no-organisation"),
    ("is not active", "err-organisation-inactive"),
    ("does not serve this office", "err-not-served"),
    (
        "the migrant's latest referral consent is not given",
        "err-no-referral-consent",
    ),
    (
        "sharing the phone needs the share_contact consent",
        "err-share-contact",
    ),
    ("must not contain control characters", "err-control-characters"),
    ("must be a year, e.g. 1990", "err-year"),
    ("must be after 1900", "err-year"),
    ("must not be before from", "err-period-order"),
    ("the period may span ten years at most", "err-period-length"),
    ("is not a field of this form", "err-unknown-field"),
    ("must be a date (dd/mm/yyyy)", "err-date-dmy"),
    ("is a formula, not a value", "err-formula"),
    ("names no country", "err-no-country"),
    ("must be yes or no", "err-yes-no"),
    ("names no column of the file", "err-no-column"),
    ("uses a column already mapped", "err-column-twice"),
    ("the file is empty", "err-file-empty"),
    ("the file has more than 100000 rows", "err-file-too-many-rows"),
];

/// `message` in the visitor's language.
pub fn translate(t: Tr, message: &str) -> String {
    if let Some((_, key)) = EXACT.iter().find(|(m, _)| *m == message) {
        return t.get(key);
    }
    if let Some(max) = message
        .strip_prefix("must be 1 to ")
        .and_then(|r| r.strip_suffix(" characters"))
    {
        return t.with("err-length", "max", max);
    }
    if let Some(max) = message
        .strip_prefix("must be at most ")
        .and_then(|r| r.strip_suffix(" characters"))
    {
        return t.with("err-max-length", "max", max);
    }
    if let Some(name) = message.strip_prefix("names no language: ") {
        return t.with("err-no-language", "value", name);
    }
    if message.starts_with("is an error in the spreadsheet") {
        return t.get("err-sheet-error");
    }
    if message.starts_with("the file is neither CSV nor") {
        return t.get("err-file-unreadable");
    }
    if message.starts_with("must be a code of the ") {
        return t.get("err-not-in-list");
    }
    message.to_string()
}

/// The same errors, their messages in the visitor's language.
pub fn translated(t: Tr, errors: Vec<FieldError>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|e| {
            let message = translate(t, &e.message);
            FieldError::new(e.field, message)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::Lang;

    /// Every message the catalogue knows is translated in each language,
    /// with its number where it has one.
    #[test]
    fn known_messages_are_translated_in_every_language() {
        for lang in [Lang::Fr, Lang::Ar, Lang::En] {
            let t = Tr { lang };
            for (message, key) in EXACT {
                let out = translate(t, message);
                assert!(!out.is_empty() && !out.contains(key), "{lang:?} {message}: {out}");
            }
            assert!(translate(t, "must be 1 to 10000 characters").contains("10000"));
            assert!(translate(t, "must be at most 2000 characters").contains("2000"));
        }
        let fr = Tr { lang: Lang::Fr };
        assert_ne!(
            translate(fr, "must be 1 to 10000 characters"),
            "must be 1 to 10000 characters"
        );
        assert_eq!(translate(fr, "something new"), "something new");
    }
}
