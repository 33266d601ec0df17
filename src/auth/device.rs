//! Device cookies (OWASP, "Slow down online guessing attacks with device
//! cookies"): a client that once gave an account's right password gets a
//! signed token naming that account. Its later sign-ins to that account are
//! counted against a limit of that device of their own, not against the
//! account's daily ceiling — so someone guessing from many addresses can
//! exhaust the ceiling for unknown clients, but cannot lock the person out
//! of the browser they already use.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::AppError;

/// The cookie's name.
pub const COOKIE: &str = "md_device";

/// How long a device is remembered (days).
pub const DAYS: i64 = 365;

fn mac(key: &[u8], email: &str, nonce: &str) -> Hmac<Sha256> {
    use hmac::digest::KeyInit;
    let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| <Hmac<Sha256> as KeyInit>::new(&Default::default()));
    m.update(b"migrant-desk device cookie v1|");
    m.update(email.trim().to_lowercase().as_bytes());
    m.update(b"|");
    m.update(nonce.as_bytes());
    m
}

/// A new device token for `email`, signed with `key`.
pub fn issue(key: &[u8], email: &str) -> Result<String, AppError> {
    let nonce = super::token::random_hex(16)?;
    let tag = hex::encode(mac(key, email, &nonce).finalize().into_bytes());
    Ok(format!("{nonce}.{tag}"))
}

/// The device's id when `token` is a device token of `email` under `key`
/// (the tag compared in constant time by `hmac`, as form tokens are).
pub fn verify(key: &[u8], email: &str, token: &str) -> Option<String> {
    let (nonce, tag) = token.split_once('.')?;
    if nonce.len() != 32 || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let tag = hex::decode(tag).ok()?;
    mac(key, email, nonce)
        .verify_slice(&tag)
        .is_ok()
        .then(|| nonce.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_token_names_one_account_and_cannot_be_forged() {
        let key = [7u8; 32];
        let t = issue(&key, "Awa@Rabat.example").unwrap();
        assert!(verify(&key, "awa@rabat.example", &t).is_some());
        assert!(verify(&key, "other@rabat.example", &t).is_none());
        assert!(verify(&[8u8; 32], "awa@rabat.example", &t).is_none());
        let (nonce, _) = t.split_once('.').unwrap();
        assert!(verify(&key, "awa@rabat.example", &format!("{nonce}.00")).is_none());
        assert!(verify(&key, "awa@rabat.example", "garbage").is_none());
    }
}
