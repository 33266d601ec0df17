//! Referrals: the status machine, response deadlines, overdue rules and
//! what a partner may see of the person referred.

use chrono::{Duration, NaiveDateTime};

use super::reference::REFERRAL_URGENCY;

/// `pending`
pub const PENDING: &str = "pending";
/// `accepted`
pub const ACCEPTED: &str = "accepted";
/// `declined`
pub const DECLINED: &str = "declined";
/// `completed`
pub const COMPLETED: &str = "completed";
/// `cancelled`
pub const CANCELLED: &str = "cancelled";

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
    pub fn apply(self, current: &str) -> Option<&'static str> {
        match (self, current) {
            (Transition::Accept, PENDING) => Some(ACCEPTED),
            (Transition::Decline, PENDING) => Some(DECLINED),
            (Transition::Complete, ACCEPTED) => Some(COMPLETED),
            (Transition::Cancel, PENDING | ACCEPTED) => Some(CANCELLED),
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
    status: &str,
    respond_by: NaiveDateTime,
    accepted_at: Option<NaiveDateTime>,
    completion_days: i64,
    now: NaiveDateTime,
) -> bool {
    match status {
        PENDING => now > respond_by,
        ACCEPTED => accepted_at.is_some_and(|a| now > a + Duration::days(completion_days)),
        _ => false,
    }
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
        assert_eq!(Accept.apply(PENDING), Some(ACCEPTED));
        assert_eq!(Decline.apply(PENDING), Some(DECLINED));
        assert_eq!(Complete.apply(ACCEPTED), Some(COMPLETED));
        assert_eq!(Cancel.apply(PENDING), Some(CANCELLED));
        assert_eq!(Cancel.apply(ACCEPTED), Some(CANCELLED));
        for (t, s) in [
            (Accept, ACCEPTED),
            (Complete, PENDING),
            (Decline, ACCEPTED),
            (Cancel, COMPLETED),
            (Accept, CANCELLED),
            (Cancel, DECLINED),
        ] {
            assert_eq!(t.apply(s), None, "{t:?} from {s}");
        }
    }

    #[test]
    fn deadlines_follow_urgency_and_overdue_rules() {
        assert_eq!(response_time("emergency"), Some(Duration::hours(24)));
        assert_eq!(response_time("normal"), Some(Duration::days(14)));
        let t0 = chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc();
        assert!(!is_overdue(PENDING, t0, None, 30, t0));
        assert!(is_overdue(PENDING, t0, None, 30, t0 + Duration::seconds(1)));
        assert!(!is_overdue(ACCEPTED, t0, Some(t0), 30, t0 + Duration::days(29)));
        assert!(is_overdue(ACCEPTED, t0, Some(t0), 30, t0 + Duration::days(31)));
        assert!(!is_overdue(COMPLETED, t0, Some(t0), 30, t0 + Duration::days(99)));
    }
}
