//! Referrals: the status machine, response deadlines, overdue rules and
//! what a partner may see of the person referred.

use chrono::{Duration, NaiveDateTime};

use super::reference::REFERRAL_URGENCY;

/// Where a referral stands (`referral_status` codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    /// Waiting for the organisation's answer.
    Pending,
    /// Taken by the organisation.
    Accepted,
    /// Refused by the organisation (with a reason).
    Declined,
    /// Done (with an outcome).
    Completed,
    /// Withdrawn by the office (with a reason).
    Cancelled,
}

impl ReferralStatus {
    /// Every status, in flow order.
    pub const ALL: [ReferralStatus; 5] = [
        Self::Pending,
        Self::Accepted,
        Self::Declined,
        Self::Completed,
        Self::Cancelled,
    ];

    /// The code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
        }
    }

    /// The status of a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == code)
    }

    /// Still open: pending or accepted.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Pending | Self::Accepted)
    }
}

impl std::fmt::Display for ReferralStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

use ReferralStatus::{Accepted, Cancelled, Completed, Declined, Pending};

/// A transition request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// The organisation takes the case.
    Accept,
    /// The organisation refuses (with a reason).
    Decline,
    /// The organisation has done what was asked (with an outcome).
    Complete,
    /// The office withdraws the referral (with a reason).
    Cancel,
}

impl Transition {
    /// The status it leads to from `current`, or None when not allowed (409).
    pub fn apply(self, current: ReferralStatus) -> Option<ReferralStatus> {
        match (self, current) {
            (Transition::Accept, Pending) => Some(Accepted),
            (Transition::Decline, Pending) => Some(Declined),
            (Transition::Complete, Accepted) => Some(Completed),
            (Transition::Cancel, Pending | Accepted) => Some(Cancelled),
            _ => None,
        }
    }
}

/// How long the organisation has to answer.
pub fn response_time(urgency: &str) -> Option<Duration> {
    match urgency {
        "emergency" => Some(Duration::hours(24)),
        "urgent" => Some(Duration::hours(72)),
        "normal" => Some(Duration::days(14)),
        _ => None,
    }
}

/// Whether `urgency` is a known code.
pub fn is_urgency(urgency: &str) -> bool {
    REFERRAL_URGENCY.contains(urgency)
}

/// Overdue: still pending after `respond_by`, or accepted and not completed
/// `completion_days` after acceptance.
pub fn is_overdue(
    status: ReferralStatus,
    respond_by: NaiveDateTime,
    accepted_at: Option<NaiveDateTime>,
    completion_days: i64,
    now: NaiveDateTime,
) -> bool {
    match status {
        Pending => now > respond_by,
        Accepted => accepted_at.is_some_and(|a| now > a + Duration::days(completion_days)),
        _ => false,
    }
}

/// What a client may send as `respond_by`.
pub const RESPOND_BY_FORMAT: &str = "must be a date (YYYY-MM-DD, the end of that day in the office's time zone) \
     or an RFC 3339 date-time (e.g. 2026-12-05T17:00:00Z)";

/// Reads `respond_by`: an RFC 3339 date-time, or a date meaning the end of
/// that day (23:59:59) in the office's time zone. Answers UTC.
pub fn parse_respond_by(text: &str, zone: chrono_tz::Tz) -> Option<NaiveDateTime> {
    use chrono::{DateTime, LocalResult, NaiveDate, NaiveTime, TimeZone};
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.naive_utc());
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let end = day.and_time(NaiveTime::from_hms_opt(23, 59, 59)?);
    match zone.from_local_datetime(&end) {
        LocalResult::Single(t) => Some(t.naive_utc()),
        // A day ending inside a clock change: the earlier instant.
        LocalResult::Ambiguous(a, _) => Some(a.naive_utc()),
        LocalResult::None => Some(end - Duration::hours(1)),
    }
}

/// The disclosure rule: the addressed partner sees the person on a referral
/// only while the person's latest `referral` consent is given, and never on
/// a referral that was cancelled or declined.
pub fn partner_sees_person(status: ReferralStatus, referral_consent_given: bool) -> bool {
    referral_consent_given && !matches!(status, Cancelled | Declined)
}

/// Whether a partner's step (accept, record a service, complete) may go on:
/// not once the person has withdrawn consent to the referral.
pub fn partner_may_act(referral_consent_given: bool) -> bool {
    referral_consent_given
}

/// Fields an office may share with the partner beyond the minimal view.
pub const SHAREABLE: &[&str] = &[
    "family_name",
    "phone",
    "birth_date",
    "nationality",
    "vulnerabilities",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_documented_transitions_are_allowed() {
        use Transition::*;
        assert_eq!(Accept.apply(Pending), Some(Accepted));
        assert_eq!(Decline.apply(Pending), Some(Declined));
        assert_eq!(Complete.apply(Accepted), Some(Completed));
        assert_eq!(Cancel.apply(Pending), Some(Cancelled));
        assert_eq!(Cancel.apply(Accepted), Some(Cancelled));
        for (t, s) in [
            (Accept, Accepted),
            (Complete, Pending),
            (Decline, Accepted),
            (Cancel, Completed),
            (Accept, Cancelled),
            (Cancel, Declined),
        ] {
            assert_eq!(t.apply(s), None, "{t:?} from {s}");
        }
    }

    #[test]
    fn respond_by_takes_a_date_as_the_end_of_that_day_in_the_office_zone() {
        let t = |s: &str| s.parse::<NaiveDateTime>().unwrap();
        // Dakar keeps UTC all year; Casablanca is UTC+1 outside Ramadan.
        assert_eq!(
            parse_respond_by("2026-12-05", chrono_tz::Africa::Dakar),
            Some(t("2026-12-05T23:59:59"))
        );
        assert_eq!(
            parse_respond_by("2026-12-05", chrono_tz::Africa::Casablanca),
            Some(t("2026-12-05T22:59:59"))
        );
        assert_eq!(
            parse_respond_by("2026-12-05T17:00:00+01:00", chrono_tz::Africa::Dakar),
            Some(t("2026-12-05T16:00:00"))
        );
        for bad in ["", "05/12/2026", "2026-13-01", "2026-12-05T17:00", "tomorrow"] {
            assert_eq!(parse_respond_by(bad, chrono_tz::Tz::UTC), None, "{bad}");
        }
    }

    #[test]
    fn the_partner_sees_the_person_only_with_consent_and_on_live_referrals() {
        for status in [Pending, Accepted, Completed] {
            assert!(partner_sees_person(status, true), "{status}");
            assert!(!partner_sees_person(status, false), "{status}");
        }
        for status in [Cancelled, Declined] {
            assert!(!partner_sees_person(status, true), "{status}");
        }
        assert!(!partner_may_act(false));
    }

    #[test]
    fn deadlines_follow_urgency_and_overdue_rules() {
        assert_eq!(response_time("emergency"), Some(Duration::hours(24)));
        assert_eq!(response_time("normal"), Some(Duration::days(14)));
        let t0 = chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc();
        assert!(!is_overdue(Pending, t0, None, 30, t0));
        assert!(is_overdue(Pending, t0, None, 30, t0 + Duration::seconds(1)));
        assert!(!is_overdue(Accepted, t0, Some(t0), 30, t0 + Duration::days(29)));
        assert!(is_overdue(Accepted, t0, Some(t0), 30, t0 + Duration::days(31)));
        assert!(!is_overdue(Completed, t0, Some(t0), 30, t0 + Duration::days(99)));
    }
}
