//! Sign-in throttling (SPEC §5): which counters an attempt goes through and
//! in what order. An attempt is counted *before* its password is checked,
//! so concurrent guesses beyond the limit are refused without an argon2
//! run; a success gives its place back.
//!
//! * an account from one address: `login_max_failures` (5) within
//!   `login_lockout_minutes` (15), then that address is refused for that
//!   account for as long — a colleague at another address is not;
//! * an address over all accounts: `login_address_max_failures` (20) within
//!   the same window (password spraying);
//! * an account from everywhere: `login_account_daily_max_failures` (100)
//!   a day, then every address is refused until the day is over — except a
//!   device that signed in to the account before (a device cookie,
//!   `auth::device`): it counts against a limit of its own
//!   (`login_max_failures` within the window), so the ceiling cannot lock
//!   the person out of the browser they use.
//!
//! IPv6 addresses are counted by their /64. The address counters are
//! passed first: an address already refused does
//! not spend the account's daily allowance, so one attacker cannot lock a
//! colleague out everywhere.

use std::net::IpAddr;

use chrono::{Duration, NaiveDateTime};

use crate::config::Settings;
use crate::db::DbConn;
use crate::error::AppError;
use crate::store::login_throttle::{self, Limit};

/// How an address is counted: an IPv4 address alone; an IPv6 address by
/// its /64, which one subscriber usually holds whole (so hopping through
/// its 2⁶⁴ addresses does not reset the counters).
pub fn counted_address(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// The counters of one attempt, most specific first.
#[derive(Debug, Clone)]
pub struct Attempt {
    limits: Vec<Limit>,
}

impl Attempt {
    fn new(settings: &Settings, subject: &str, address: Option<IpAddr>) -> Self {
        Self::counted(settings, subject, address, None)
    }

    fn counted(settings: &Settings, subject: &str, address: Option<IpAddr>, device: Option<&str>) -> Self {
        let window = Duration::minutes(settings.login_lockout_minutes);
        let day = Duration::days(1);
        let address = address.map_or_else(|| "unknown".to_string(), counted_address);
        Self {
            limits: vec![
                Limit {
                    scope: format!("{subject}|address:{address}"),
                    max: settings.login_max_failures,
                    window,
                    block: window,
                },
                Limit {
                    scope: format!("address:{address}"),
                    max: settings.login_address_max_failures,
                    window,
                    block: window,
                },
                match device {
                    // A device that signed in to this account before has a
                    // limit of its own instead of the account's ceiling.
                    Some(d) => Limit {
                        scope: format!("{subject}|device:{d}"),
                        max: settings.login_max_failures,
                        window,
                        block: window,
                    },
                    None => Limit {
                        scope: subject.to_string(),
                        max: settings.login_account_daily_max_failures,
                        window: day,
                        block: day,
                    },
                },
            ],
        }
    }

    /// A sign-in with this (lower-cased) email, known or not, from a
    /// device that signed in to it before (its verified device id) or not.
    pub fn sign_in(settings: &Settings, email: &str, address: Option<IpAddr>, device: Option<&str>) -> Self {
        Self::counted(settings, &format!("account:{email}"), address, device)
    }

    /// The current-password check of a password change by this user.
    pub fn password_check(settings: &Settings, user_id: &str, address: Option<IpAddr>) -> Self {
        Self::new(settings, &format!("password-check:{user_id}"), address)
    }

    /// A second-factor code (TOTP or recovery code) of this user.
    pub fn second_factor(settings: &Settings, user_id: &str, address: Option<IpAddr>) -> Self {
        Self::new(settings, &format!("second-factor:{user_id}"), address)
    }

    /// Counts the attempt in every counter; 429 (with the seconds to wait)
    /// when one of them is over its limit — the counters already passed
    /// give their place back, the ones after are not touched.
    pub fn begin(&self, c: &mut DbConn, now: NaiveDateTime) -> Result<(), AppError> {
        for (i, limit) in self.limits.iter().enumerate() {
            if let Some(until) = login_throttle::reserve(c, limit, now)? {
                for passed in &self.limits[..i] {
                    login_throttle::release(c, &passed.scope)?;
                }
                let retry_after = (until - now).num_seconds().max(1) as u64;
                return Err(AppError::TooManyRequests { retry_after });
            }
        }
        Ok(())
    }

    /// The password was right: the account-and-address counter starts
    /// afresh and the attempt is not a failure for the others.
    pub fn succeeded(&self, c: &mut DbConn) -> Result<(), AppError> {
        let (first, rest) = self
            .limits
            .split_first()
            .ok_or_else(|| AppError::internal("no counters"))?;
        login_throttle::clear(c, &first.scope)?;
        for limit in rest {
            login_throttle::release(c, &limit.scope)?;
        }
        Ok(())
    }

    /// The attempt was not evaluated after all (the hashing queue was
    /// full): every counter gets its place back.
    pub fn give_back(&self, c: &mut DbConn) -> Result<(), AppError> {
        for limit in &self.limits {
            login_throttle::release(c, &limit.scope)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::counted_address;

    #[test]
    fn ipv6_addresses_count_by_their_64_and_ipv4_alone() {
        let a = counted_address("2001:db8:1:2::1".parse().unwrap());
        let b = counted_address("2001:db8:1:2:ffff:ffff:ffff:ffff".parse().unwrap());
        assert_eq!(a, b);
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_ne!(a, counted_address("2001:db8:1:3::1".parse().unwrap()));
        assert_eq!(counted_address("203.0.113.7".parse().unwrap()), "203.0.113.7");
        assert_eq!(
            counted_address("::ffff:203.0.113.7".parse().unwrap()),
            "203.0.113.7"
        );
    }
}
