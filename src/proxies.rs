//! Which peers are trusted proxies (`trusted_proxies`): addresses and CIDR
//! blocks, in both families. Plain Rust: the configuration checks the
//! setting with it, and `http::client_address` applies it to requests.

use std::net::IpAddr;

/// Trusted proxies: addresses and CIDR blocks.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Parses `10.0.0.1, 10.1.0.0/16, fd00::/8`.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut out = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (addr, bits) = match item.split_once('/') {
                Some((a, b)) => (a, Some(b)),
                None => (item, None),
            };
            let addr: IpAddr = addr.parse().map_err(|_| format!("{item} is not an address"))?;
            let max = if addr.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                Some(b) => b
                    .parse::<u8>()
                    .ok()
                    .filter(|b| *b <= max)
                    .ok_or(format!("{item}: bad prefix"))?,
                None => max,
            };
            out.push((addr, bits));
        }
        Ok(Self(out))
    }

    /// Whether an address is one of the proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|(net, bits)| in_block(ip, *net, *bits))
    }

    /// The client behind `peer` given the `X-Forwarded-For` values.
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        if !self.contains(peer) {
            return peer;
        }
        let hops = forwarded_for
            .iter()
            .flat_map(|h| h.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        for hop in hops.iter().rev() {
            match hop.parse::<IpAddr>() {
                Ok(ip) if self.contains(ip) => continue,
                Ok(ip) => return ip,
                // Unreadable: stop believing the header here.
                Err(_) => return peer,
            }
        }
        peer
    }
}

fn in_block(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    let (ip, net, width) = match (ip.to_canonical(), net.to_canonical()) {
        (IpAddr::V4(a), IpAddr::V4(b)) => (u128::from(u32::from(a)), u128::from(u32::from(b)), 32),
        (IpAddr::V6(a), IpAddr::V6(b)) => (u128::from(a), u128::from(b), 128),
        _ => return false,
    };
    let shift = width - u32::from(bits);
    if shift >= 128 {
        return true;
    }
    (ip >> shift) == (net >> shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says() {
        let none = TrustedProxies::parse("").unwrap();
        assert_eq!(
            none.client(ip("203.0.113.9"), &["198.51.100.1"]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() {
        let p = TrustedProxies::parse("10.0.0.0/8, 192.0.2.1").unwrap();
        // The client wrote a fake first hop; the proxies appended the real one.
        assert_eq!(
            p.client(ip("10.0.0.5"), &["1.2.3.4, 203.0.113.7, 192.0.2.1"]),
            ip("203.0.113.7")
        );
        assert_eq!(p.client(ip("10.0.0.5"), &[]), ip("10.0.0.5"));
        assert_eq!(p.client(ip("10.0.0.5"), &["not an address"]), ip("10.0.0.5"));
        // A peer that is not a proxy is believed over its header.
        assert_eq!(p.client(ip("203.0.113.8"), &["1.2.3.4"]), ip("203.0.113.8"));
    }

    #[test]
    fn blocks_match_by_prefix_in_both_families() {
        let p = TrustedProxies::parse("fd00::/8,172.16.0.0/12").unwrap();
        assert!(p.contains(ip("fd12::1")) && !p.contains(ip("fe80::1")));
        assert!(p.contains(ip("172.31.255.255")) && !p.contains(ip("172.32.0.1")));
        assert!(p.contains(ip("::ffff:172.16.0.1")));
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy.local").is_err());
    }
}
