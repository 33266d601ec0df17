//! Cross-site request forgery: every state-changing page request is a POST
//! that (1) comes from this origin — `Sec-Fetch-Site` is `same-origin` or
//! `none`, or, without it, `Origin` names this host — and (2) carries in its
//! form a token bound to the signed-in session (or, before sign-in, to a
//! random cookie of the browser): HMAC-SHA256 under a key derived from the
//! server's signing key, compared in constant time.

use actix_web::HttpRequest;
use actix_web::http::header;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The hidden form field.
pub const FIELD: &str = "_csrf";

/// The key forms are signed with, derived from the signing key so that
/// every instance sharing it accepts every instance's forms.
pub fn derive_key(secret: &[u8]) -> Vec<u8> {
    let mut mac = mac(secret);
    mac.update(b"migrant-desk web form tokens v1");
    mac.finalize().into_bytes().to_vec()
}

fn mac(key: &[u8]) -> Hmac<Sha256> {
    use hmac::digest::KeyInit;
    // HMAC takes a key of any length: the fallback is never used.
    <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| <Hmac<Sha256> as KeyInit>::new(&Default::default()))
}

/// The token of a form for `binding` (a session id, or the pre-session cookie).
pub fn token(key: &[u8], binding: &str) -> String {
    let mut mac = mac(key);
    mac.update(binding.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `given` is the token of `binding`.
pub fn verify(key: &[u8], binding: &str, given: &str) -> bool {
    let Ok(given) = hex::decode(given) else {
        return false;
    };
    let mut mac = mac(key);
    mac.update(binding.as_bytes());
    mac.verify_slice(&given).is_ok()
}

/// Whether a state-changing request comes from this origin (the Fetch
/// Metadata rule, with `Origin` for browsers that do not send it).
pub fn same_origin(req: &HttpRequest) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            origin
                .split_once("://")
                .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_good_for_its_binding_only() {
        let key = derive_key(b"0123456789abcdef0123456789abcdef");
        let t = token(&key, "session-a");
        assert!(verify(&key, "session-a", &t));
        assert!(!verify(&key, "session-b", &t));
        assert!(!verify(&key, "session-a", "00"));
        assert!(!verify(&key, "session-a", "not hex"));
        let other = derive_key(b"another key, another deployment!!");
        assert!(!verify(&other, "session-a", &t));
    }

    #[test]
    fn cross_site_requests_are_told_apart() {
        use actix_web::test::TestRequest;
        let r = |h: &[(&str, &str)]| {
            let mut t = TestRequest::post().insert_header(("Host", "127.0.0.1:8080"));
            for (k, v) in h {
                t = t.insert_header((*k, *v));
            }
            t.to_http_request()
        };
        assert!(same_origin(&r(&[("Sec-Fetch-Site", "same-origin")])));
        assert!(same_origin(&r(&[("Sec-Fetch-Site", "none")])));
        assert!(!same_origin(&r(&[("Sec-Fetch-Site", "cross-site")])));
        assert!(!same_origin(&r(&[("Sec-Fetch-Site", "same-site")])));
        assert!(same_origin(&r(&[("Origin", "http://127.0.0.1:8080")])));
        assert!(!same_origin(&r(&[("Origin", "https://evil.example")])));
        assert!(same_origin(&r(&[])));
    }
}
