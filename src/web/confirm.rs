//! The confirmation step of an action that cannot be undone or that takes
//! something out of the office's sight (transfer, merge, anonymisation):
//! the same form posted again with `confirmed=yes`, after the page says
//! exactly what will happen — and, for anonymisation, after the user typed
//! what identifies the record.

use askama::Template;

use super::page::Chrome;

/// A confirmation page.
#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    /// Frame.
    pub chrome: Chrome,
    /// Heading.
    pub title: String,
    /// Column headings of the side-by-side table (none: no table).
    pub columns: Vec<String>,
    /// Its rows: label, one value per column.
    pub table: Vec<(String, Vec<String>)>,
    /// What will happen, one sentence each.
    pub consequences: Vec<String>,
    /// Where the confirmed form goes.
    pub action: String,
    /// The form's fields, posted again.
    pub hidden: Vec<(&'static str, String)>,
    /// The label of what must be typed to confirm, if anything.
    pub typed: Option<String>,
    /// Why the typed text was refused.
    pub error: Option<String>,
    /// The confirming button.
    pub submit: String,
    /// Where "cancel" goes.
    pub back: String,
}

impl ConfirmPage {
    /// A page that lists `consequences` and confirms `action` (no table,
    /// nothing to type, no field posted again unless set after).
    pub fn new(
        chrome: Chrome,
        title: String,
        consequences: Vec<String>,
        action: String,
        back: String,
    ) -> Self {
        Self {
            chrome,
            title,
            columns: Vec::new(),
            table: Vec::new(),
            consequences,
            action,
            hidden: Vec::new(),
            typed: None,
            error: None,
            submit: String::new(),
            back,
        }
    }
}

/// Whether a form was confirmed on its confirmation page.
pub fn confirmed(value: Option<&str>) -> bool {
    value == Some("yes")
}
