//! A submitted form as a page shows it again: the values typed, the boxes
//! ticked and the server's validation errors next to their fields. The
//! rules themselves stay in the services; this only carries their answer.

use std::collections::HashMap;

use actix_web::http::StatusCode;

use crate::error::{AppError, FieldError};

/// The pairs of an `application/x-www-form-urlencoded` body, in order.
pub type Pairs = Vec<(String, String)>;

/// The trimmed, non-empty value of `name`.
pub fn text(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Every value of a repeated field (checkboxes).
pub fn all(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// An error for every field the form does not have: a body with a field
/// the page does not offer (a read-only one, say) is refused, never
/// silently ignored.
pub fn unknown(pairs: &[(String, String)], known: &[&str]) -> Vec<FieldError> {
    let mut names: Vec<&str> = pairs
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| !known.contains(k))
        .collect();
    names.dedup();
    names
        .into_iter()
        .map(|k| FieldError::new(k, "is not a field of this form"))
        .collect()
}

/// What a refused save shows: the form again with the service's field
/// errors next to their fields — those about a field the page offers, when
/// `offered` is given — and the rest (other fields, a conflict, a stale
/// version) as one message above it. Anything but a refusal is an error.
pub fn refused(
    form: Filled,
    offered: Option<&[&str]>,
    e: AppError,
    t: super::i18n::Tr,
) -> Result<(StatusCode, Filled, Option<String>), AppError> {
    let AppError::Unprocessable(errors) = e else {
        let (status, text) = super::page::refusal(e)?;
        return Ok((status, form, Some(text)));
    };
    let errors = super::messages::translated(t, errors);
    let (shown, rest): (Vec<_>, Vec<_>) = errors.into_iter().partition(|f| {
        offered.is_none_or(|names| names.contains(&f.field.split('[').next().unwrap_or_default()))
    });
    let message = (!rest.is_empty()).then(|| {
        rest.iter()
            .map(|f| format!("{} {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("; ")
    });
    Ok((StatusCode::UNPROCESSABLE_ENTITY, form.with_errors(shown), message))
}

/// What a form shows: values, ticked boxes, errors.
#[derive(Debug, Clone, Default)]
pub struct Filled {
    values: HashMap<String, String>,
    checked: Vec<(String, String)>,
    errors: HashMap<String, String>,
}

impl Filled {
    /// A form filled with `pairs`; the names in `multi` are checkbox groups.
    pub fn from_pairs(pairs: &[(String, String)], multi: &[&str]) -> Self {
        let (checked, values): (Vec<_>, Vec<_>) = pairs
            .iter()
            .cloned()
            .partition(|(k, _)| multi.contains(&k.as_str()));
        Self {
            values: values.into_iter().collect(),
            checked,
            errors: HashMap::new(),
        }
    }

    /// The same form with the service's field errors.
    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors.into_iter().map(|e| (e.field, e.message)).collect();
        self
    }

    /// The value typed in `name`.
    pub fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }

    /// The error about `name` (or about one of its items, `name[i]`).
    pub fn error(&self, name: &str) -> Option<String> {
        self.errors.get(name).cloned().or_else(|| {
            self.errors
                .iter()
                .find(|(k, _)| k.strip_prefix(name).is_some_and(|rest| rest.starts_with('[')))
                .map(|(_, v)| v.clone())
        })
    }

    /// Whether the box `code` of group `name` is ticked.
    pub fn is_checked(&self, name: &str, code: &str) -> bool {
        self.checked.iter().any(|(k, v)| k == name && v == code)
    }

    /// Whether `code` is the chosen option of `name`.
    pub fn is_selected(&self, name: &str, code: &str) -> bool {
        self.values.get(name).is_some_and(|v| v == code)
    }

    /// Whether the form has errors.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Pairs {
        p.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_form_shows_again_what_was_typed_and_the_errors_of_its_items() {
        let p = pairs(&[
            ("name", " Amal "),
            ("services", "health"),
            ("services", "legal_aid"),
        ]);
        let f = Filled::from_pairs(&p, &["services"])
            .with_errors(vec![FieldError::new("services[1]", "unknown code")]);
        assert_eq!(f.value("name"), " Amal ");
        assert!(f.is_checked("services", "legal_aid") && !f.is_checked("services", "work"));
        assert_eq!(f.error("services").as_deref(), Some("unknown code"));
        assert_eq!(f.error("service"), None);
        assert_eq!(text(&p, "name").as_deref(), Some("Amal"));
        assert_eq!(all(&p, "services"), vec!["health", "legal_aid"]);
        let extra = unknown(&p, &["services"]);
        assert_eq!(extra.len(), 1);
        assert_eq!(extra[0].field, "name");
    }
}
