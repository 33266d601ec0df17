//! The pages' languages: French (default), Arabic (right to left) and
//! English, from the Fluent catalogues under `locales/` compiled into the
//! binary (plural forms by each language's CLDR rules: six in Arabic).

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        // Names and numbers are isolated in the markup (`<bdi>`, `dir`),
        // and catalogue text also goes into attributes: no FSI/PDI marks.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Français (default).
    Fr,
    /// العربية.
    Ar,
    /// English.
    En,
}

impl Lang {
    /// Every language, in the order the switch shows them.
    pub const ALL: [Lang; 3] = [Lang::Fr, Lang::Ar, Lang::En];

    /// The BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::Ar => "ar",
            Lang::En => "en",
        }
    }

    /// `rtl` for Arabic, else `ltr`.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            _ => "ltr",
        }
    }

    /// A language from its code.
    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code.trim())
    }

    /// The first supported language of an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut offers: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut it = part.trim().split(";q=");
                let tag = it.next()?.trim().to_ascii_lowercase();
                let q = it.next().and_then(|q| q.trim().parse().ok()).unwrap_or(1.0);
                let primary = tag.split('-').next()?;
                Some((q, Lang::parse(primary)?))
            })
            .collect();
        offers.sort_by(|a, b| b.0.total_cmp(&a.0));
        offers.first().map(|(_, l)| *l)
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Fr => langid!("fr"),
            Lang::Ar => langid!("ar"),
            Lang::En => langid!("en"),
        }
    }
}

/// Looks up catalogue messages in one language (templates call it `t`).
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    /// The language.
    pub lang: Lang,
}

impl Tr {
    /// A message.
    pub fn get(&self, key: &str) -> String {
        LOCALES.lookup(&self.lang.id(), key)
    }

    /// A message with one text argument.
    pub fn with(&self, key: &str, name: &'static str, value: &str) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Borrowed(name), FluentValue::from(value.to_string()));
        LOCALES.lookup_with_args(&self.lang.id(), key, &args)
    }

    /// A message with several text arguments.
    pub fn args(&self, key: &str, values: &[(&'static str, &str)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = values
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.to_string())))
            .collect();
        LOCALES.lookup_with_args(&self.lang.id(), key, &args)
    }

    /// A message with a count, in the plural form the language wants.
    pub fn count(&self, key: &str, name: &'static str, n: impl std::borrow::Borrow<i64>) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Borrowed(name), FluentValue::from(*n.borrow()));
        LOCALES.lookup_with_args(&self.lang.id(), key, &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_has_its_six_plural_forms_and_french_counts_zero_as_one() {
        let ar = Tr { lang: Lang::Ar };
        let forms: Vec<String> = [0, 1, 2, 3, 11, 100]
            .into_iter()
            .map(|n| ar.count("home-count", "count", n))
            .collect();
        assert_eq!(forms[0], "لا عناصر");
        assert_eq!(forms[1], "عنصر واحد");
        assert_eq!(forms[2], "عنصران");
        assert_eq!(forms[3], "3 عناصر");
        assert_eq!(forms[4], "11 عنصرًا");
        assert_eq!(forms[5], "100 عنصر");
        let fr = Tr { lang: Lang::Fr };
        assert_eq!(fr.count("home-count", "count", 0), "0 élément");
        assert_eq!(fr.count("home-count", "count", 2), "2 éléments");
    }

    #[test]
    fn every_key_of_the_french_catalogue_is_in_arabic_and_english() {
        let keys = |lang: &str| -> Vec<String> {
            let path = format!("{}/locales/{lang}/main.ftl", env!("CARGO_MANIFEST_DIR"));
            std::fs::read_to_string(path)
                .unwrap()
                .lines()
                .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_string()))
                .filter(|k| !k.starts_with(' ') && !k.is_empty())
                .collect()
        };
        let fr = keys("fr");
        for lang in ["ar", "en"] {
            let other = keys(lang);
            for k in &fr {
                assert!(other.contains(k), "{k} missing in {lang}");
            }
        }
    }

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        assert_eq!(
            Lang::from_accept_language("ar-MA,ar;q=0.9,fr;q=0.8"),
            Some(Lang::Ar)
        );
        assert_eq!(
            Lang::from_accept_language("de-DE,en;q=0.5,fr;q=0.7"),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::from_accept_language("de"), None);
    }
}
