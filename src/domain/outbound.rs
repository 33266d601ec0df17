//! Where the service may call out to (webhooks, SPEC §5): public https
//! addresses only. URLs are parsed with a real URL parser (WHATWG, the
//! `url` crate: `0x7f000001`, `0177.0.0.1` and `2130706433` all read as
//! 127.0.0.1), credentials in the URL are refused, and an address is
//! refused when it is loopback, private, link-local, shared (CGNAT),
//! multicast, unspecified, broadcast, documentation or reserved — in IPv4,
//! IPv6 and IPv4-in-IPv6 spellings. The same rule is applied again at
//! delivery to every address a name resolves to (`webhook::delivery`).
//! `webhook_allow_private` lifts the address rule and allows plain http,
//! for tests and development only.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240)
}

fn public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return public_v4(v4);
    }
    let s = ip.segments();
    // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        return public_v4(Ipv4Addr::new(
            (s[6] >> 8) as u8,
            s[6] as u8,
            (s[7] >> 8) as u8,
            s[7] as u8,
        ));
    }
    let v4 = |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    // Local-use NAT64 (64:ff9b:1::/48, RFC 8215) translates into the
    // operator's own networks: never a public destination.
    if s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1 {
        return false;
    }
    // 6to4 (2002::/16) carries an IPv4 address in bits 16–47.
    if s[0] == 0x2002 {
        return public_v4(v4(s[1], s[2]));
    }
    // Teredo (2001::/32): the server's IPv4 in bits 32–63, the client's
    // inverted in the last 32 bits.
    if s[0] == 0x2001 && s[1] == 0 {
        return public_v4(v4(s[2], s[3])) && public_v4(v4(!s[6], !s[7]));
    }
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00 // unique local
        || (s[0] & 0xffc0) == 0xfe80 // link-local
        || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
        || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
        || (s[0] == 0 && s[1..6] == [0, 0, 0, 0, 0])) // IPv4-compatible, ::/96
}

/// Whether an address is on the public Internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => public_v6(v6),
    }
}

/// Checks a webhook URL; the reason when it is refused.
pub fn check_url(url: &str, allow_private: bool) -> Result<Url, &'static str> {
    let parsed = Url::parse(url).map_err(|_| "is not a valid URL")?;
    match parsed.scheme() {
        "https" => {}
        "http" if allow_private => {}
        _ => return Err("must be an https:// address"),
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("must not carry a user name or password");
    }
    let private = |why| if allow_private { Ok(()) } else { Err(why) };
    match parsed.host() {
        None => return Err("must name a host"),
        Some(Host::Ipv4(ip)) if !public_v4(ip) => private("must be a public address")?,
        Some(Host::Ipv6(ip)) if !public_v6(ip) => private("must be a public address")?,
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            if name == "localhost" || name.ends_with(".localhost") || !name.contains('.') {
                private("must be a public host name")?;
            }
        }
        Some(_) => {}
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issues_urls_and_every_spelling_of_an_inside_address_are_refused() {
        for url in [
            "http://localhost:x@127.0.0.2/hook",
            "https://localhost:x@partner.example/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://192.168.1.10/hook",
            "https://[::1]/hook",
            "https://0x7f000001/hook",
            "https://0177.0.0.1/hook",
            "https://2130706433/hook",
            "https://127.1/hook",
            "https://10.0.0.5/hook",
            "https://172.16.0.1/hook",
            "https://100.64.0.1/hook",
            "https://0.0.0.0/hook",
            "https://224.0.0.1/hook",
            "https://255.255.255.255/hook",
            "https://[::ffff:127.0.0.1]/hook",
            "https://[::ffff:7f00:1]/hook",
            "https://[fd00::1]/hook",
            "https://[fe80::1]/hook",
            "https://[64:ff9b::a00:1]/hook",
            "https://[::]/hook",
            "https://localhost/hook",
            "https://intranet/hook",
            "https://api.localhost/hook",
            "http://partner.example/hook",
            "ftp://partner.example/hook",
            "not a url",
        ] {
            assert!(check_url(url, false).is_err(), "{url} was accepted");
        }
    }

    #[test]
    fn public_https_addresses_pass_and_tests_may_use_private_ones() {
        for url in [
            "https://partner.example/hooks",
            "https://hooks.partner.example:8443/a?b=c",
            "https://93.184.216.34/hook",
            "https://[2606:4700::1111]/hook",
        ] {
            assert!(check_url(url, false).is_ok(), "{url}");
        }
        assert!(check_url("http://127.0.0.1:9000/hook", true).is_ok());
        assert!(check_url("http://localhost:9000/hook", true).is_ok());
        assert!(check_url("http://u:p@127.0.0.1/hook", true).is_err());
    }

    #[test]
    fn addresses_are_classified_in_both_families() {
        assert!(is_public("8.8.8.8".parse().unwrap()));
        assert!(!is_public("100.100.1.1".parse().unwrap()));
        assert!(!is_public("::ffff:10.0.0.1".parse().unwrap()));
        assert!(is_public("2a00:1450::1".parse().unwrap()));
        assert!(!is_public("fc00::1".parse().unwrap()));
        // Issue 19: local NAT64, 6to4 and Teredo embedding inside addresses.
        for inside in [
            "64:ff9b:1::a00:1",
            "64:ff9b:1::808:808",
            "2002:7f00:1::1",
            "2002:a00:1::",
            "2002:c0a8:101::1",
            "2001:0:7f00:1::",
            "2001:0:808:808::f5ff:fffe", // client 10.0.0.1 inverted
        ] {
            assert!(!is_public(inside.parse().unwrap()), "{inside}");
        }
        assert!(is_public("2002:808:808::1".parse().unwrap()), "6to4 of 8.8.8.8");
        assert!(
            is_public("2001:0:808:808::f7f7:f7f7".parse().unwrap()),
            "Teredo of 8.8.8.8"
        );
    }
}

#[cfg(test)]
mod properties {
    use std::net::{IpAddr, Ipv4Addr};

    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Any text given as a webhook URL is refused or is an https URL to a
        /// named host or a public address: never a panic, never inside.
        #[test]
        fn any_accepted_url_points_outside(text in any::<String>(), tail in "[a-z0-9./:@\\[\\]%-]{0,40}") {
            for candidate in [text.clone(), format!("https://{tail}")] {
                if let Ok(url) = check_url(&candidate, false) {
                    prop_assert_eq!(url.scheme(), "https");
                    match url.host() {
                        Some(url::Host::Domain(d)) => prop_assert!(d.contains('.') && d != "localhost"),
                        Some(url::Host::Ipv4(ip)) => prop_assert!(is_public(IpAddr::V4(ip)), "{candidate}"),
                        Some(url::Host::Ipv6(ip)) => prop_assert!(is_public(IpAddr::V6(ip)), "{candidate}"),
                        None => prop_assert!(false, "no host: {candidate}"),
                    }
                }
            }
        }

        /// Every IPv4 address written as an https URL in dotted, decimal and
        /// hex spellings gets the same answer as the address itself.
        #[test]
        fn every_spelling_of_an_address_gets_one_answer(raw in any::<u32>()) {
            let ip = Ipv4Addr::from(raw);
            let public = is_public(IpAddr::V4(ip));
            for spelling in [ip.to_string(), raw.to_string(), format!("0x{raw:x}")] {
                let accepted = check_url(&format!("https://{spelling}/hook"), false).is_ok();
                prop_assert_eq!(accepted, public, "{} as {}", ip, spelling);
            }
            let mapped = ip.to_ipv6_mapped();
            prop_assert_eq!(check_url(&format!("https://[{mapped}]/hook"), false).is_ok(), public);
        }
    }
}
