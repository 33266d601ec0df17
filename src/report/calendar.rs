//! The periods a report may cover: whole calendar months that have ended
//! (docs/privacy.md). A day can no longer be cut out of a period, and a
//! month still open — where the next registration would show — is never
//! published.

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate};

use crate::error::AppError;
use crate::store::report::Period;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// Year.
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Month {
    /// The month of a day.
    pub fn of(day: NaiveDate) -> Self {
        Self {
            year: day.year(),
            month: day.month(),
        }
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Its last day.
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day() - Duration::days(1)
    }

    /// The month after.
    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month before.
    pub fn previous(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// `[first day, first day of the next month)`.
    pub fn period(self) -> Period {
        let at_midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).unwrap_or_default();
        Period {
            from: at_midnight(self.first_day()),
            to: at_midnight(self.next().first_day()),
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The months a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Months(pub Vec<Month>);

impl Months {
    /// The ended months from the month of `from` to the month of `to`, both
    /// whole. `today` decides which months have ended. Defaults: up to the
    /// last ended month, from January of that month's year.
    pub fn covering(
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<Self, AppError> {
        let last_ended = Month::of(today).previous();
        let last = to.map_or(last_ended, Month::of);
        let first = from.map_or(
            Month {
                year: last.year,
                month: 1,
            },
            Month::of,
        );
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            return Err(AppError::field("to", "must not be before from"));
        }
        if first > last_ended {
            return Err(AppError::field(
                "from",
                format!("reports cover whole months that have ended; the latest is {last_ended}"),
            ));
        }
        let last = last.min(last_ended);
        let mut months = vec![first];
        while let Some(&m) = months.last()
            && m < last
        {
            months.push(m.next());
        }
        if months.len() > 120 {
            return Err(AppError::field("from", "the period may span ten years at most"));
        }
        Ok(Self(months))
    }

    /// First day of the first month.
    pub fn first_day(&self) -> NaiveDate {
        self.0.first().map_or(NaiveDate::MIN, |m| m.first_day())
    }

    /// Last day of the last month.
    pub fn last_day(&self) -> NaiveDate {
        self.0.last().map_or(NaiveDate::MIN, |m| m.last_day())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn names(m: &Months) -> Vec<String> {
        m.0.iter().map(Month::to_string).collect()
    }

    #[test]
    fn any_days_cover_their_whole_months_and_only_ended_ones() {
        let today = day("2026-03-15");
        let m = Months::covering(Some(day("2026-01-10")), Some(day("2026-01-11")), today).unwrap();
        assert_eq!(names(&m), ["2026-01"]);
        assert_eq!(
            (m.first_day(), m.last_day()),
            (day("2026-01-01"), day("2026-01-31"))
        );
        let m = Months::covering(Some(day("2025-11-30")), Some(day("2026-12-31")), today).unwrap();
        assert_eq!(names(&m), ["2025-11", "2025-12", "2026-01", "2026-02"]);
    }

    #[test]
    fn the_default_is_this_year_up_to_last_month_or_last_year_in_january() {
        let m = Months::covering(None, None, day("2026-03-15")).unwrap();
        assert_eq!(names(&m), ["2026-01", "2026-02"]);
        let m = Months::covering(None, None, day("2026-01-05")).unwrap();
        assert_eq!(m.0.len(), 12);
        assert_eq!(names(&m)[0], "2025-01");
    }

    #[test]
    fn a_period_in_the_open_month_or_reversed_is_refused() {
        let today = day("2026-03-15");
        assert!(Months::covering(Some(day("2026-03-01")), None, today).is_err());
        assert!(Months::covering(Some(day("2026-02-10")), Some(day("2026-02-01")), today).is_err());
        assert!(Months::covering(Some(day("2000-01-01")), None, today).is_err());
    }
}
