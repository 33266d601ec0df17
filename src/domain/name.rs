//! Names and other free text: trimmed, non-empty, at most 200 characters,
//! any script (Latin, Arabic, Tifinagh …), and no control characters —
//! neither C0/C1 controls nor the invisible bidirectional controls, which
//! could make a name reverse or reorder the text shown after it (pages also
//! isolate every name with `<bdi>`).

use crate::error::FieldError;

/// Longest name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// Whether `ch` is a bidirectional formatting character (embeddings,
/// overrides, isolates and the marks): invisible, and able to reorder text.
pub fn is_bidi_control(ch: char) -> bool {
    matches!(ch, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Pushes an error for `field` when `value` holds a control character.
pub fn check_controls(field: &str, value: &str, errors: &mut Vec<FieldError>) {
    if value.chars().any(char::is_control) {
        errors.push(FieldError::new(field, "must not contain control characters"));
    } else if value.chars().any(is_bidi_control) {
        errors.push(FieldError::new(
            field,
            "must not contain bidirectional control characters",
        ));
    }
}

/// Trims a name and checks it, pushing an error for `field` if it is invalid.
pub fn clean_name(field: &str, value: &str, errors: &mut Vec<FieldError>) -> String {
    let trimmed = value.trim().to_string();
    if trimmed.is_empty() {
        errors.push(FieldError::new(field, "must not be empty"));
    } else if trimmed.chars().count() > MAX_NAME_CHARS {
        errors.push(FieldError::new(
            field,
            format!("must be at most {MAX_NAME_CHARS} characters"),
        ));
    } else {
        check_controls(field, &trimmed, errors);
    }
    trimmed
}

/// A person's name as pages show it: given then family name (either may
/// be empty, e.g. after anonymisation), trimmed.
pub fn full_name(given: &str, family: &str) -> String {
    format!("{} {}", given.trim(), family.trim()).trim().to_string()
}

/// Lower-cases and trims an email and checks its form.
pub fn clean_email(field: &str, value: &str, errors: &mut Vec<FieldError>) -> String {
    use validator::ValidateEmail;
    let email = value.trim().to_lowercase();
    if !email.validate_email() {
        errors.push(FieldError::new(field, "must be a well-formed email address"));
    }
    email
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_script_are_trimmed_and_bounded() {
        let mut e = Vec::new();
        assert_eq!(clean_name("n", "  Aminata  ", &mut e), "Aminata");
        assert_eq!(clean_name("n", "محمد", &mut e), "محمد");
        assert_eq!(clean_name("n", "ⵜⴰⵎⴰⵣⵉⵖⵜ", &mut e), "ⵜⴰⵎⴰⵣⵉⵖⵜ");
        assert!(e.is_empty());
        clean_name("n", "   ", &mut e);
        clean_name("n", &"é".repeat(201), &mut e);
        assert_eq!(e.len(), 2);
        // Issue 19: a right-to-left override reversed the text after a name.
        for hostile in [
            "Awa\u{202E}ab",
            "\u{2067}Ba",
            "Di\u{200F}op",
            "a\u{061C}b",
            "x\u{0007}",
        ] {
            let mut e = Vec::new();
            clean_name("n", hostile, &mut e);
            assert_eq!(e.len(), 1, "{hostile:?}");
        }
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        let mut e = Vec::new();
        assert_eq!(
            clean_email("email", " Fatima@Example.ORG ", &mut e),
            "fatima@example.org"
        );
        assert!(e.is_empty());
        clean_email("email", "not-an-email", &mut e);
        assert_eq!(e[0].field, "email");
    }
}
