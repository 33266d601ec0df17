//! How names are compared across spellings and scripts.
//!
//! * `fold` — lower case, accents stripped (`Béatrice` → `beatrice`),
//!   punctuation to spaces; Arabic kept as is. Used for search.
//! * `skeleton` — a phonetic key that survives the transliterations staff
//!   meet: Arabic script is transliterated, vowels dropped (a leading vowel
//!   becomes `a`), doubled letters collapsed, and `ou`/`u`, `ph`/`f`,
//!   `kh`/`k`, `q`/`k`, `ch`/`sh`/`s`, `dj`/`j`, `z`/`s`, `th`/`t` merged.
//!   `Mohammed`, `Muhammad`, `Mohamed` and `محمد` all give `mhmd`.
//! * Particles are handled by also keying the joined name (`Ben Ali` and
//!   `Benali` both give `bnl`; `Abd El Kader` and `Abdelkader` `abdlkdr`).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case, accents stripped, anything but letters and digits to spaces.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.nfd() {
        if is_combining_mark(ch) || is_arabic_diacritic(ch) {
            continue;
        }
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else {
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_arabic_diacritic(ch: char) -> bool {
    ('\u{064B}'..='\u{065F}').contains(&ch) || ch == '\u{0670}' || ch == '\u{0640}'
}

/// Latin transliteration of one Arabic letter; `'*'` marks a vowel-like letter.
fn arabic_letter(ch: char) -> Option<&'static str> {
    Some(match ch {
        'ا' | 'أ' | 'إ' | 'آ' | 'ى' | 'ع' | 'ء' | 'ؤ' | 'ئ' | 'و' | 'ي' | 'ة' => "*",
        'ب' => "b",
        'ت' | 'ث' | 'ط' => "t",
        'ج' => "j",
        'ح' | 'ه' => "h",
        'خ' | 'ك' | 'ق' => "k",
        'د' | 'ذ' | 'ض' | 'ظ' => "d",
        'ر' => "r",
        'ز' | 'س' | 'ش' | 'ص' => "s",
        'غ' => "g",
        'ف' => "f",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'پ' => "b",
        'ڤ' => "f",
        'گ' => "g",
        _ => return None,
    })
}

/// The phonetic skeleton of one word (see the module doc).
pub fn skeleton(word: &str) -> String {
    let folded = fold(word).replace(' ', "");
    // Arabic letters to Latin consonants, vowels to '*'.
    let mut latin = String::with_capacity(folded.len());
    for ch in folded.chars() {
        match arabic_letter(ch) {
            Some(t) => latin.push_str(t),
            None if ch.is_ascii_alphanumeric() => latin.push(ch),
            None => {}
        }
    }
    let mut s = latin;
    for (from, to) in [
        ("sch", "s"),
        ("ph", "f"),
        ("kh", "k"),
        ("gh", "g"),
        ("th", "t"),
        ("dh", "d"),
        ("sh", "s"),
        ("ch", "s"),
        ("dj", "j"),
        ("ck", "k"),
        ("ou", "u"),
        ("q", "k"),
        ("c", "k"),
        ("x", "ks"),
        ("z", "s"),
        ("'", ""),
    ] {
        s = s.replace(from, to);
    }
    let mut out = String::new();
    let mut prev: Option<char> = None;
    for (i, ch) in s.chars().enumerate() {
        let vowel = matches!(ch, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' | '*');
        if vowel {
            if i == 0 {
                out.push('a');
                prev = Some('a');
            } else {
                prev = None;
            }
            continue;
        }
        if prev != Some(ch) {
            out.push(ch);
        }
        prev = Some(ch);
    }
    out
}

/// The skeleton of a whole name part, particles joined (`Abd El Kader` →
/// `abdlkdr`).
pub fn joined_skeleton(part: &str) -> String {
    skeleton(&fold(part).replace(' ', ""))
}

/// The skeletons a name part may be matched by: the joined skeleton, and
/// the same without a leading article (`El Amrani`, `العمراني` → `amrn`).
pub fn part_variants(part: &str) -> Vec<String> {
    let folded = fold(part);
    let mut out = vec![joined_skeleton(&folded)];
    let words: Vec<&str> = folded.split(' ').collect();
    if words.len() > 1 && matches!(words[0], "el" | "al" | "el-" | "al-") {
        out.push(joined_skeleton(&words[1..].join(" ")));
    }
    let first = out[0].clone();
    if first.len() >= 4 && first.starts_with("al") {
        out.push(format!("a{}", &first[2..]));
    }
    out.retain(|k| !k.is_empty());
    out.dedup();
    out
}

/// The keys under which a person is indexed for duplicate candidates: one
/// for each pair of a given-name skeleton and a family-name skeleton, in
/// either order (so swapped names meet), so that a lookup reads the people
/// sharing a whole name rather than everyone sharing a common first name;
/// the words of the Arabic name pair with each other and with the Latin
/// parts. A person with a single usable name part is also indexed by that
/// part's skeletons alone.
pub fn name_keys(given: &str, family: &str, name_ar: Option<&str>) -> Vec<String> {
    let g = part_keys(given);
    let f = part_keys(family);
    let a: Vec<Vec<String>> = name_ar
        .map(|ar| {
            fold(ar)
                .split(' ')
                .filter(|w| w.chars().count() >= 3)
                .map(part_keys)
                .filter(|k| !k.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let mut keys: Vec<String> = Vec::new();
    let mut push = |k: String| {
        if !keys.contains(&k) {
            keys.push(k);
        }
    };
    for x in &g {
        for y in &f {
            push(pair_key(x, y));
        }
    }
    for (i, word) in a.iter().enumerate() {
        for other in &a[i + 1..] {
            for x in word {
                for y in other {
                    push(pair_key(x, y));
                }
            }
        }
        for x in word {
            for y in g.iter().chain(&f) {
                push(pair_key(x, y));
            }
        }
    }
    if g.is_empty() || f.is_empty() {
        for k in g.iter().chain(&f).chain(a.iter().flatten()) {
            push(format!("n:{k}"));
        }
    }
    keys
}

/// The skeletons of one name part: the part's variants and those of each
/// word of at least three letters. A part with no skeleton of two letters
/// (only vowels, or one consonant: `Awa`, `Aya`, `Ba`, `Sy`) is keyed by its
/// folded letters instead (`=awa`), so that `Awa Ba` still meets `AWA BÂ`.
fn part_keys(part: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut push = |k: String| {
        if k.len() >= 2 && !keys.contains(&k) {
            keys.push(k);
        }
    };
    for v in part_variants(part) {
        push(v);
    }
    for word in fold(part).split(' ') {
        if word.chars().count() >= 3 {
            for v in part_variants(word) {
                push(v);
            }
        }
    }
    if keys.is_empty() {
        let letters = fold(part).replace(' ', "");
        if letters.chars().count() >= 2 {
            keys.push(format!("={letters}"));
        }
    }
    keys
}

/// The key of two skeletons, the same in either order.
fn pair_key(x: &str, y: &str) -> String {
    if x <= y {
        format!("n:{x}|{y}")
    } else {
        format!("n:{y}|{x}")
    }
}

/// Digits of a phone number, the last nine (drops country and trunk prefixes).
pub fn phone_key(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 6 {
        return None;
    }
    let start = digits.len().saturating_sub(9);
    Some(format!("p:{}", &digits[start..]))
}

/// A document number, upper case, letters and digits only.
pub fn document_key(number: &str) -> Option<String> {
    let n: String = number
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_uppercase();
    (n.len() >= 4).then(|| format!("d:{n}"))
}

/// The words a search matches: folded words and their skeletons.
pub fn search_document(given: &str, family: &str, name_ar: Option<&str>) -> String {
    let mut words: Vec<String> = Vec::new();
    for part in [Some(given), Some(family), name_ar].into_iter().flatten() {
        let folded = fold(part);
        for w in folded.split(' ').filter(|w| !w.is_empty()) {
            words.push(w.to_string());
            words.push(format!("x{}", skeleton(w)));
        }
        words.push(format!("x{}", joined_skeleton(part)));
    }
    words.dedup();
    words.join(" ")
}

/// One search term: a word prefix, or the word's skeleton.
pub type Term = (String, String);

/// A parsed name query: every word must match (as typed, folded, as a prefix,
/// or by skeleton), or — for several words — the words joined must match
/// (`ben ali` finds `Benali`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameQuery {
    /// Each word's term.
    pub words: Vec<Term>,
    /// The words joined, when there are several.
    pub joined: Option<Term>,
}

/// Parses a name query; None when it holds no word.
pub fn search_terms(q: &str) -> Option<NameQuery> {
    let words: Vec<String> = fold(q)
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        return None;
    }
    let term = |w: &str| (w.to_string(), format!("x{}", skeleton(w)));
    let joined = (words.len() > 1).then(|| term(&words.concat()));
    Some(NameQuery {
        words: words.iter().map(|w| term(w)).collect(),
        joined,
    })
}

/// What duplicate scoring needs of a person.
#[derive(Debug, Clone, Default)]
pub struct Identity {
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Arabic-script name.
    pub name_ar: Option<String>,
    /// Exact birth date.
    pub birth_date: Option<chrono::NaiveDate>,
    /// Estimated birth year.
    pub birth_year: Option<i32>,
    /// Phone.
    pub phone: Option<String>,
    /// Document numbers.
    pub documents: Vec<String>,
}

/// What comparisons need of a person, computed once.
#[derive(Debug, Clone)]
pub struct Prepared {
    given: Vec<String>,
    family: Vec<String>,
    whole: String,
    whole_swapped: String,
    arabic: Vec<String>,
    phone: Option<String>,
    documents: Vec<String>,
    birth_date: Option<chrono::NaiveDate>,
    birth_year: Option<i32>,
}

impl Prepared {
    /// Folds and keys a person's names, phone and documents once.
    pub fn new(p: &Identity) -> Self {
        Self {
            given: part_variants(&p.given_name),
            family: part_variants(&p.family_name),
            whole: joined_skeleton(&format!("{} {}", p.given_name, p.family_name)),
            whole_swapped: joined_skeleton(&format!("{} {}", p.family_name, p.given_name)),
            arabic: p
                .name_ar
                .as_deref()
                .map(|ar| fold(ar).split(' ').flat_map(part_variants).collect())
                .unwrap_or_default(),
            phone: p.phone.as_deref().and_then(phone_key),
            documents: p.documents.iter().filter_map(|d| document_key(d)).collect(),
            birth_date: p.birth_date,
            birth_year: p.birth_year,
        }
    }
}

/// How alike two people look, from 0 to 1; ≥ `DUPLICATE_THRESHOLD` is
/// reported as a possible duplicate.
pub fn likeness(a: &Identity, b: &Identity) -> f64 {
    prepared_likeness(&Prepared::new(a), &Prepared::new(b))
}

/// `likeness` of prepared identities.
pub fn prepared_likeness(a: &Prepared, b: &Prepared) -> f64 {
    if b.documents.iter().any(|d| a.documents.contains(d)) {
        return 0.95;
    }
    let mut score: f64 = 0.0;
    if a.phone.is_some() && a.phone == b.phone {
        // Families share phones: a phone alone never makes a duplicate.
        score += 0.3;
    }
    score += name_likeness(a, b);
    score += birth_likeness(a, b);
    score.clamp(0.0, 1.0)
}

/// Score at or above which a record is reported as a possible duplicate.
pub const DUPLICATE_THRESHOLD: f64 = 0.6;

fn shares(a: &[String], b: &[String]) -> bool {
    a.iter().any(|k| b.contains(k))
}

fn name_likeness(a: &Prepared, b: &Prepared) -> f64 {
    let same_order = shares(&a.given, &b.given) && shares(&a.family, &b.family);
    let swapped = shares(&a.given, &b.family) && shares(&a.family, &b.given);
    if same_order || swapped {
        return 0.6;
    }
    // The whole name split differently ("Abd El Kader" + "Benali" vs "Abdelkader Benali" + "").
    if a.whole == b.whole || a.whole_swapped == b.whole {
        return 0.6;
    }
    // One record's Arabic-script name against the other's names.
    let family_shared =
        shares(&a.family, &b.family) || shares(&b.arabic, &a.family) || shares(&a.arabic, &b.family);
    let given_shared =
        shares(&a.given, &b.given) || shares(&b.arabic, &a.given) || shares(&a.arabic, &b.given);
    if family_shared && given_shared {
        return 0.6;
    }
    if family_shared {
        return 0.25;
    }
    0.0
}

fn birth_likeness(a: &Prepared, b: &Prepared) -> f64 {
    use chrono::Datelike;
    match (a.birth_date, b.birth_date) {
        (Some(x), Some(y)) if x == y => return 0.3,
        (Some(_), Some(_)) => return -0.4,
        _ => {}
    }
    let ya = a.birth_date.map(|d| d.year()).or(a.birth_year);
    let yb = b.birth_date.map(|d| d.year()).or(b.birth_year);
    match (ya, yb) {
        (Some(x), Some(y)) if (x - y).abs() <= 1 => 0.15,
        (Some(x), Some(y)) if (x - y).abs() > 3 => -0.4,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn name_keys_pair_the_parts_in_either_order() {
        let a = name_keys("Aminata", "Diallo", None);
        assert_eq!(a, name_keys("Diallo", "Aminata", None));
        assert!(!a.is_empty() && a.iter().all(|k| k.contains('|')), "{a:?}");
        // A single usable part is indexed alone.
        let single = name_keys("Aminata", "", None);
        assert!(
            !single.is_empty() && single.iter().all(|k| !k.contains('|')),
            "{single:?}"
        );
    }

    use super::*;

    #[test]
    fn skeletons_survive_transliteration() {
        for (a, b) in [
            ("Mohammed", "Muhammad"),
            ("Mohamed", "محمد"),
            ("Youssef", "يوسف"),
            ("Fatima", "فاطمة"),
            ("Khadija", "خديجة"),
            ("Aïcha", "عائشة"),
            ("Hassan", "حسن"),
            ("Omar", "عمر"),
            ("Ibrahim", "إبراهيم"),
            ("Abdelkader", "Abd El Kader"),
        ] {
            assert_eq!(joined_skeleton(a), joined_skeleton(b), "{a} / {b}");
        }
        assert_ne!(skeleton("Aminata"), skeleton("Amina"));
        assert_eq!(fold("  BÉATRICE  N'Diaye "), "beatrice n diaye");
    }

    #[test]
    fn phone_and_document_keys_ignore_formatting() {
        assert_eq!(phone_key("+212 6 12-34-56-78"), phone_key("0612345678"));
        assert_eq!(document_key("ab 12-3456"), document_key("AB123456"));
        assert_eq!(phone_key("12"), None);
    }
}

#[cfg(test)]
mod regressions {
    use super::*;

    /// Found by `properties::swapped_names_still_meet` (`AEY` / `aey` had
    /// no key at all): names whose parts have no two-letter skeleton, common
    /// in Senegal, are still indexed and meet their other spellings.
    #[test]
    fn short_and_vowel_only_names_are_keyed() {
        for (g, f) in [("AEY", "aey"), ("Awa", "Ba"), ("Aya", "Sy")] {
            let keys = name_keys(g, f, None);
            assert!(!keys.is_empty(), "{g} {f}");
            let other = name_keys(&f.to_uppercase(), &g.to_lowercase(), None);
            assert!(keys.iter().any(|k| other.contains(k)), "{keys:?} / {other:?}");
        }
        assert_eq!(name_keys("Awa", "Bâ", None), name_keys("AWA", "BA", None));
        assert_eq!(name_keys("Awa", "Ba", None), ["n:=awa|=ba"]);
    }
}

/// Property-based tests over generated names (`PROPTEST_CASES` sets how
/// many; docs/operations.md gives a long run).
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Names as offices write them: Latin letters with and without accents,
    /// spaces, hyphens and apostrophes.
    fn latin_name() -> impl Strategy<Value = String> {
        "[a-zA-ZéèêëàâäîïôöûüùçñÉÈÀÇ' -]{1,24}"
    }

    fn unaccented(s: &str) -> String {
        s.nfd().filter(|c| !is_combining_mark(*c)).collect()
    }

    proptest! {
        #[test]
        fn folding_any_text_never_panics_and_is_tidy(text in any::<String>()) {
            let f = fold(&text);
            prop_assert!(!f.starts_with(' ') && !f.ends_with(' ') && !f.contains("  "));
            prop_assert_eq!(fold(&f), f.clone(), "folding twice changes nothing");
        }

        #[test]
        fn case_and_accents_never_hide_a_person(given in latin_name(), family in latin_name()) {
            let keys = name_keys(&given, &family, None);
            let plain = name_keys(&unaccented(&given).to_uppercase(), &unaccented(&family), None);
            prop_assert_eq!(&keys, &plain);
            prop_assert_eq!(fold(&given), fold(&unaccented(&given).to_uppercase()));
        }

        #[test]
        fn swapped_names_still_meet(given in "[a-zA-Z]{2,12}", family in "[a-zA-Z]{2,12}") {
            let a = name_keys(&given, &family, None);
            let b = name_keys(&family, &given, None);
            prop_assert!(a.iter().any(|k| b.contains(k)), "{a:?} / {b:?}");
        }

        #[test]
        fn any_name_parts_and_queries_never_panic(
            given in any::<String>(),
            family in any::<String>(),
            arabic in proptest::option::of(any::<String>()),
            q in any::<String>(),
            phone in any::<String>(),
        ) {
            let _ = name_keys(&given, &family, arabic.as_deref());
            let _ = search_document(&given, &family, arabic.as_deref());
            let _ = search_terms(&q);
            let _ = phone_key(&phone);
            let _ = document_key(&phone);
        }
    }
}
