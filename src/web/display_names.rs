//! Names of countries and languages in the page's language, from CLDR
//! through ICU4X's display names (compiled into the binary; no list kept by
//! hand). The codes stay what the API stores — ISO 3166-1 alpha-2 for
//! countries, ISO 639 for languages — and the pages only ever show and offer
//! the names.
//!
//! The languages offered are every language CLDR names in all three of the
//! pages' languages (about 200: every ISO 639-1 language and the 639-2/3
//! languages of the region CLDR covers — Wolof, Pulaar, Bambara, Dioula,
//! Soninke, Tamazight…), found once by asking CLDR for every two- and
//! three-letter code.

use std::collections::HashMap;
use std::sync::OnceLock;

use icu_experimental::displaynames::DisplayNamesOptions;
use icu_experimental::displaynames::multi::{LanguageDisplayNames, RegionDisplayNames};
use icu_locale_core::Locale;
use icu_locale_core::subtags::{Language, Region};
use unicode_normalization::UnicodeNormalization;

use super::i18n::Lang;
use crate::domain::country::ISO_3166_ALPHA2;

/// One language's names, and the sorted choices built from them.
struct Names {
    countries: HashMap<&'static str, String>,
    languages: HashMap<String, String>,
    country_choices: Vec<(&'static str, String)>,
    language_choices: Vec<(String, String)>,
}

fn locale(lang: Lang) -> Locale {
    match lang {
        Lang::Fr => icu_locale_core::locale!("fr"),
        Lang::Ar => icu_locale_core::locale!("ar"),
        Lang::En => icu_locale_core::locale!("en"),
    }
}

/// The codes CLDR names in each of the pages' languages.
fn named_languages() -> Vec<String> {
    let namers: Vec<LanguageDisplayNames> = Lang::ALL
        .iter()
        .filter_map(|l| LanguageDisplayNames::try_new(locale(*l).into(), DisplayNamesOptions::default()).ok())
        .collect();
    let letters = b'a'..=b'z';
    let mut codes = Vec::new();
    for a in letters.clone() {
        for b in letters.clone() {
            let two = [a, b];
            codes.push(String::from_utf8_lossy(&two).into_owned());
            for c in letters.clone() {
                codes.push(String::from_utf8_lossy(&[a, b, c]).into_owned());
            }
        }
    }
    codes
        .into_iter()
        .filter(|code| {
            let Ok(language) = code.parse::<Language>() else {
                return false;
            };
            namers.len() == Lang::ALL.len() && namers.iter().all(|n| n.of(language).is_some())
        })
        .collect()
}

/// The key a name sorts by: without accents, case folded (so that
/// "Égypte" sorts with the E's, not after "Zambie").
fn sort_key(name: &str) -> String {
    name.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn build(lang: Lang, language_codes: &[String]) -> Names {
    let options = DisplayNamesOptions::default();
    let regions = RegionDisplayNames::try_new(locale(lang).into(), options).ok();
    let languages = LanguageDisplayNames::try_new(locale(lang).into(), options).ok();
    let countries: HashMap<&'static str, String> = ISO_3166_ALPHA2
        .iter()
        .map(|code| {
            let name = code
                .parse::<Region>()
                .ok()
                .and_then(|r| regions.as_ref().and_then(|n| n.of(r)))
                .map_or_else(|| (*code).to_string(), str::to_string);
            (*code, name)
        })
        .collect();
    let languages: HashMap<String, String> = language_codes
        .iter()
        .filter_map(|code| {
            let l = code.parse::<Language>().ok()?;
            let name = languages.as_ref()?.of(l)?;
            Some((code.clone(), name.to_string()))
        })
        .collect();
    let mut country_choices: Vec<(&'static str, String)> =
        countries.iter().map(|(c, n)| (*c, n.clone())).collect();
    country_choices.sort_by_cached_key(|(_, n)| sort_key(n));
    let mut language_choices: Vec<(String, String)> =
        languages.iter().map(|(c, n)| (c.clone(), n.clone())).collect();
    language_choices.sort_by_cached_key(|(_, n)| sort_key(n));
    Names {
        countries,
        languages,
        country_choices,
        language_choices,
    }
}

fn names(lang: Lang) -> &'static Names {
    static ALL: OnceLock<Vec<Names>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let codes = named_languages();
        Lang::ALL.iter().map(|l| build(*l, &codes)).collect()
    });
    let i = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    &all[i]
}

/// A country's name (`SN` → "Sénégal", "السنغال", "Senegal"); an unknown
/// code is shown as it is.
pub fn country(code: &str, lang: Lang) -> String {
    names(lang)
        .countries
        .get(code.trim().to_ascii_uppercase().as_str())
        .cloned()
        .unwrap_or_else(|| code.to_string())
}

/// A language's name (`wo` → "wolof", "الولوفية", "Wolof"); an unknown
/// code is shown as it is.
pub fn language(code: &str, lang: Lang) -> String {
    names(lang)
        .languages
        .get(&code.trim().to_ascii_lowercase())
        .cloned()
        .unwrap_or_else(|| code.to_string())
}

/// Every country as (code, name), sorted by name in `lang`.
pub fn countries(lang: Lang) -> &'static [(&'static str, String)] {
    &names(lang).country_choices
}

/// Every language offered as (code, name), sorted by name in `lang`.
pub fn languages(lang: Lang) -> &'static [(String, String)] {
    &names(lang).language_choices
}

/// The country a name means in any of the page languages ("Sénégal",
/// "senegal", "السنغال", or the code itself), for spreadsheets whose
/// nationality column holds names.
pub fn country_code(name: &str) -> Option<&'static str> {
    let key = sort_key(name.trim());
    if key.is_empty() {
        return None;
    }
    let upper = name.trim().to_ascii_uppercase();
    if let Some(code) = ISO_3166_ALPHA2.iter().find(|c| **c == upper) {
        return Some(code);
    }
    Lang::ALL.iter().find_map(|l| {
        names(*l)
            .country_choices
            .iter()
            .find(|(_, n)| sort_key(n) == key)
            .map(|(c, _)| *c)
    })
}

/// The language a name means in any of the page languages ("wolof",
/// "Français", "العربية", or the code itself).
pub fn language_code(name: &str) -> Option<String> {
    let key = sort_key(name.trim());
    if key.is_empty() {
        return None;
    }
    Lang::ALL.iter().find_map(|l| {
        names(*l)
            .language_choices
            .iter()
            .find(|(c, n)| sort_key(n) == key || *c == key)
            .map(|(c, _)| c.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_and_languages_are_named_from_cldr_in_each_language() {
        assert_eq!(country("SN", Lang::Fr), "Sénégal");
        assert_eq!(country("sn", Lang::Ar), "السنغال");
        assert_eq!(country("CM", Lang::En), "Cameroon");
        assert_eq!(language("wo", Lang::Fr), "wolof");
        assert_eq!(language("ff", Lang::Ar), "الفولانية");
        assert_eq!(language("ar", Lang::En), "Arabic");
        assert_eq!(country("XX", Lang::Fr), "XX");
    }

    #[test]
    fn every_country_has_a_name_and_the_region_s_languages_are_offered() {
        for lang in Lang::ALL {
            let all = countries(lang);
            assert_eq!(all.len(), ISO_3166_ALPHA2.len());
            assert!(all.iter().all(|(c, n)| c != n), "{lang:?}");
            let offered: Vec<&str> = languages(lang).iter().map(|(c, _)| c.as_str()).collect();
            for code in ["fr", "ar", "en", "wo", "ff", "bm", "ha", "ln", "zgh", "tzm"] {
                assert!(offered.contains(&code), "{lang:?} {code}");
            }
        }
        // Sorted by name, accents ignored: Égypte sits among the E's.
        let fr: Vec<&str> = countries(Lang::Fr).iter().map(|(c, _)| *c).collect();
        let egypt = fr.iter().position(|c| *c == "EG").unwrap();
        let zambia = fr.iter().position(|c| *c == "ZM").unwrap();
        assert!(egypt < zambia);
    }
}
