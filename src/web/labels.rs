//! Labels of codes in the page's language, from the same catalogue as
//! `/reference` (SPEC §7: one source for the API and the pages).

use super::i18n::Lang;
use crate::domain::reference::CodeList;

/// The label of `code` in `list`, or the code itself when unknown.
pub fn label(list: &CodeList, code: &str, lang: Lang) -> String {
    list.codes
        .iter()
        .find(|c| c.code == code)
        .map_or(code, |c| match lang {
            Lang::Fr => c.fr,
            Lang::Ar => c.ar,
            Lang::En => c.en,
        })
        .to_string()
}

/// Every (code, label) of a list, for a `<select>` or checkboxes.
pub fn options(list: &CodeList, lang: Lang) -> Vec<(&'static str, String)> {
    list.codes
        .iter()
        .map(|c| (c.code, label(list, c.code, lang)))
        .collect()
}
