//! Numbers and dates as the page's language writes them in the office's
//! country (CLDR conventions, for the few locales the offices use): French
//! groups thousands with a narrow no-break space, but with a full stop in
//! Morocco; Arabic uses Latin digits in the Maghreb and West Africa (as
//! CLDR's ar-MA, ar-DZ, ar-TN do) and the month names of the country —
//! Moroccan (يناير… دجنبر), Algerian and Tunisian (جانفي… ديسمبر) or the
//! common ones (يناير… ديسمبر). Times are shown in the office's time zone.
//!
//! A small table instead of ICU4X: three languages and a handful of
//! countries, no data files, and `cargo test --lib locale` checks each
//! form against CLDR's output.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::i18n::Lang;
use crate::domain::office::time_zone;

const FR_MONTHS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
];
const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const AR_MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];
const AR_MA_MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
];
const AR_DZ_TN_MONTHS: [&str; 12] = [
    "جانفي",
    "فيفري",
    "مارس",
    "أفريل",
    "ماي",
    "جوان",
    "جويلية",
    "أوت",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// A value a template hands over as is or behind references (askama binds
/// loop and `if let` variables by reference).
pub trait Given<T> {
    /// The value.
    fn given(&self) -> T;
}

macro_rules! given {
    ($($t:ty),*) => {$(
        impl Given<$t> for $t {
            fn given(&self) -> $t {
                *self
            }
        }
        impl Given<$t> for &$t {
            fn given(&self) -> $t {
                **self
            }
        }
        impl Given<$t> for &&$t {
            fn given(&self) -> $t {
                ***self
            }
        }
    )*};
}
given!(i64, NaiveDate, DateTime<Utc>);

/// How one viewer's pages write numbers, dates and times.
#[derive(Debug, Clone)]
pub struct Formats {
    lang: Lang,
    country: Option<String>,
    tz: chrono_tz::Tz,
}

impl Formats {
    /// The conventions of `lang` in `country` (ISO 3166-1 alpha-2; `None`
    /// for accounts bound to no office: the language's own, in UTC).
    pub fn new(lang: Lang, country: Option<&str>) -> Self {
        let country = country.map(str::to_ascii_uppercase);
        let tz = country.as_deref().map_or(chrono_tz::UTC, time_zone);
        Self { lang, country, tz }
    }

    /// The same conventions with times shown in `zone` (an office's own).
    pub fn in_zone(mut self, zone: chrono_tz::Tz) -> Self {
        self.tz = zone;
        self
    }

    /// The time zone times are shown in (`Africa/Casablanca`, `UTC`).
    pub fn zone(&self) -> &'static str {
        self.tz.name()
    }

    /// Whether the language is written right to left.
    pub fn rtl(&self) -> bool {
        self.lang.dir() == "rtl"
    }

    fn in_country(&self, codes: &[&str]) -> bool {
        self.country.as_deref().is_some_and(|c| codes.contains(&c))
    }

    fn group_separator(&self) -> &'static str {
        match self.lang {
            Lang::En => ",",
            Lang::Fr if self.in_country(&["MA"]) => ".",
            Lang::Fr => "\u{202f}",
            Lang::Ar => ".",
        }
    }

    /// A whole number with its thousands grouped: `12 345` (fr),
    /// `12.345` (fr-MA, ar), `12,345` (en).
    pub fn number(&self, n: impl Given<i64>) -> String {
        let n = n.given();
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(self.group_separator());
            }
            out.push(ch);
        }
        if n < 0 { format!("-{out}") } else { out }
    }

    fn month_name(&self, m: u32) -> &'static str {
        let i = (m as usize).saturating_sub(1).min(11);
        match self.lang {
            Lang::Fr => FR_MONTHS[i],
            Lang::En => EN_MONTHS[i],
            Lang::Ar if self.in_country(&["MA", "EH", "MR"]) => AR_MA_MONTHS[i],
            Lang::Ar if self.in_country(&["DZ", "TN"]) => AR_DZ_TN_MONTHS[i],
            Lang::Ar => AR_MONTHS[i],
        }
    }

    /// A month of a year: `janv. 2026`, `Jan 2026`, `يناير 2026`.
    pub fn month(&self, year: i32, month: u32) -> String {
        format!("{} {year}", self.month_name(month))
    }

    /// A calendar date: `2 déc. 2026`, `2 Dec 2026`, `2 دجنبر 2026`.
    pub fn date(&self, d: impl Given<NaiveDate>) -> String {
        let d = d.given();
        format!("{} {} {}", d.day(), self.month_name(d.month()), d.year())
    }

    /// The office's calendar date of an instant.
    pub fn day(&self, at: impl Given<DateTime<Utc>>) -> String {
        self.date(at.given().with_timezone(&self.tz).date_naive())
    }

    /// An instant as the office's date and time: `2 déc. 2026, 14:05`.
    pub fn moment(&self, at: impl Given<DateTime<Utc>>) -> String {
        let local = at.given().with_timezone(&self.tz);
        let separator = match self.lang {
            Lang::Fr | Lang::En => ", ",
            Lang::Ar => "، ",
        };
        format!(
            "{}{separator}{}",
            self.date(local.date_naive()),
            local.format("%H:%M")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn numbers_are_grouped_as_each_language_and_country_writes_them() {
        let n = 1_234_567_i64;
        assert_eq!(
            Formats::new(Lang::Fr, Some("SN")).number(n),
            "1\u{202f}234\u{202f}567"
        );
        assert_eq!(Formats::new(Lang::Fr, Some("MA")).number(n), "1.234.567");
        assert_eq!(Formats::new(Lang::Ar, Some("MA")).number(n), "1.234.567");
        assert_eq!(Formats::new(Lang::En, None).number(n), "1,234,567");
        assert_eq!(Formats::new(Lang::En, None).number(999), "999");
        assert_eq!(Formats::new(Lang::En, None).number(-1000), "-1,000");
        assert_eq!(Formats::new(Lang::Fr, None).number(0), "0");
    }

    #[test]
    fn dates_use_the_month_names_of_the_office_country() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(Formats::new(Lang::Fr, Some("MA")).date(d), "2 déc. 2026");
        assert_eq!(Formats::new(Lang::En, Some("SN")).date(d), "2 Dec 2026");
        assert_eq!(Formats::new(Lang::Ar, Some("MA")).date(d), "2 دجنبر 2026");
        assert_eq!(Formats::new(Lang::Ar, Some("TN")).date(d), "2 ديسمبر 2026");
        let aug = NaiveDate::from_ymd_opt(2026, 8, 15).unwrap();
        assert_eq!(Formats::new(Lang::Ar, Some("MA")).date(aug), "15 غشت 2026");
        assert_eq!(Formats::new(Lang::Ar, Some("DZ")).date(aug), "15 أوت 2026");
        assert_eq!(Formats::new(Lang::Ar, Some("SN")).date(aug), "15 أغسطس 2026");
    }

    #[test]
    fn times_are_shown_in_the_office_time_zone() {
        // 23:30 UTC on 31 December is already 1 January in Casablanca (UTC+1).
        let at = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(
            Formats::new(Lang::Fr, Some("MA")).moment(at),
            "1 janv. 2027, 00:30"
        );
        assert_eq!(Formats::new(Lang::Fr, Some("MA")).day(at), "1 janv. 2027");
        assert_eq!(
            Formats::new(Lang::En, Some("SN")).moment(at),
            "31 Dec 2026, 23:30"
        );
    }
}
