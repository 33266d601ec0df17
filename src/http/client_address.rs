//! The client's address for throttling: the TCP peer, unless the peer is a
//! proxy named in `trusted_proxies` — then the right-most address of
//! `X-Forwarded-For` that is not itself a trusted proxy (the left part of
//! the header is whatever the client chose to send). Likewise whether the
//! browser reached us over HTTPS: our own TLS listener, or a trusted proxy's
//! `X-Forwarded-Proto` — never that header from anyone else.

use std::net::IpAddr;

use actix_web::HttpRequest;

pub use crate::proxies::TrustedProxies;

/// The client address of a request under the configured proxies.
pub fn of(req: &HttpRequest, proxies: &TrustedProxies) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect();
    Some(proxies.client(peer, &forwarded))
}

/// Whether the client reached us over HTTPS: served over TLS here, or the
/// TCP peer is a trusted proxy whose last `X-Forwarded-Proto` says `https`.
pub fn https(req: &HttpRequest, proxies: &TrustedProxies) -> bool {
    if req.app_config().secure() {
        return true;
    }
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return false;
    };
    if !proxies.contains(peer) {
        return false;
    }
    req.headers()
        .get_all("x-forwarded-proto")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .next_back()
        .is_some_and(|p| p.eq_ignore_ascii_case("https"))
}
