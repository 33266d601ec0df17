//! Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1,
//! 6 digits, 30-second steps — what every authenticator app computes — with
//! the secret in base32 (RFC 4648) inside an `otpauth://` URI, also drawn as
//! a QR code (SVG) for the enrolment page.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds per step.
pub const STEP_SECONDS: i64 = 30;
/// Digits per code.
pub const DIGITS: u32 = 6;
/// Steps of clock difference accepted either way.
pub const SKEW_STEPS: i64 = 1;

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Base32 without padding.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for b in bytes {
        buffer = (buffer << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes base32 (case and spaces ignored); None when not base32.
pub fn unbase32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = BASE32.iter().position(|b| *b as char == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// The HOTP code of `counter` (RFC 4226 §5.3).
pub fn hotp(secret: &[u8], counter: u64) -> u32 {
    let Ok(mut mac) = <Hmac<Sha1> as hmac::KeyInit>::new_from_slice(secret) else {
        return u32::MAX;
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let binary = (u32::from(digest[offset] & 0x7f) << 24)
        | (u32::from(digest[offset + 1]) << 16)
        | (u32::from(digest[offset + 2]) << 8)
        | u32::from(digest[offset + 3]);
    binary % 10u32.pow(DIGITS)
}

/// The step of a Unix time.
pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The step a code was made for, within ±`SKEW_STEPS` of `now`, and after
/// `last_used` (a code is good once: no replay within its window).
pub fn verify(secret: &[u8], code: &str, unix_seconds: i64, last_used: Option<i64>) -> Option<i64> {
    let code = code.trim();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let wanted: u32 = code.parse().ok()?;
    let now = step_of(unix_seconds);
    (now - SKEW_STEPS..=now + SKEW_STEPS)
        .filter(|s| last_used.is_none_or(|l| *s > l))
        .find(|s| *s >= 0 && constant_time_eq(hotp(secret, *s as u64), wanted))
}

/// Compares without a data-dependent early exit.
fn constant_time_eq(a: u32, b: u32) -> bool {
    std::hint::black_box(a ^ b) == 0
}

/// The code of a step, as an authenticator app shows it (tests, demo).
pub fn code_at(secret: &[u8], unix_seconds: i64) -> String {
    format!("{:06}", hotp(secret, step_of(unix_seconds) as u64))
}

/// The `otpauth://` URI authenticator apps read.
pub fn uri(secret_base32: &str, account: &str) -> String {
    let label =
        form_urlencoded::byte_serialize(format!("migrant-desk:{account}").as_bytes()).collect::<String>();
    format!(
        "otpauth://totp/{label}?secret={secret_base32}&issuer=migrant-desk&algorithm=SHA1&digits=6&period=30"
    )
}

/// The URI as a QR code in SVG (no script, no external reference).
pub fn qr_svg(uri: &str) -> Option<String> {
    let code = qrcode::QrCode::new(uri.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1: the secret is "12345678901234567890" and
    /// the 8-digit codes end with these 6 digits.
    #[test]
    fn matches_the_rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            assert_eq!(code_at(secret, time), code, "t = {time}");
        }
    }

    #[test]
    fn a_step_of_clock_skew_either_way_is_accepted_and_no_more() {
        let secret = b"12345678901234567890";
        let t = 1_111_111_111;
        let now = step_of(t);
        assert_eq!(verify(secret, &code_at(secret, t), t, None), Some(now));
        assert_eq!(verify(secret, &code_at(secret, t - 30), t, None), Some(now - 1));
        assert_eq!(verify(secret, &code_at(secret, t + 30), t, None), Some(now + 1));
        assert_eq!(verify(secret, &code_at(secret, t - 60), t, None), None);
        assert_eq!(verify(secret, &code_at(secret, t + 60), t, None), None);
        assert_eq!(verify(secret, "12345", t, None), None);
        assert_eq!(verify(secret, "abcdef", t, None), None);
    }

    #[test]
    fn a_code_is_good_once() {
        let secret = b"12345678901234567890";
        let t = 1_234_567_890;
        let step = verify(secret, &code_at(secret, t), t, None).unwrap();
        assert_eq!(verify(secret, &code_at(secret, t), t, Some(step)), None);
    }

    #[test]
    fn base32_round_trips_and_reads_like_rfc_4648() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(unbase32("mzxw 6ytb oi").unwrap(), b"foobar");
        let bytes: Vec<u8> = (0..20).collect();
        assert_eq!(unbase32(&base32(&bytes)).unwrap(), bytes);
        assert!(unbase32("not base32!").is_none());
    }

    #[test]
    fn the_qr_code_is_a_plain_svg() {
        let svg = qr_svg(&uri("JBSWY3DPEHPK3PXP", "awa@example.org")).unwrap();
        assert!(svg.contains("<svg") && !svg.contains("<script"));
        assert!(
            uri("X", "a b@c")
                .starts_with("otpauth://totp/migrant-desk%3Aa+b%40c?secret=X&issuer=migrant-desk")
        );
    }
}
