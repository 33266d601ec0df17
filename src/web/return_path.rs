//! Where a form may send the browser back to: a path of this site only.
//! The value is parsed by the `url` crate as a browser would (WHATWG), so
//! `/\evil.example`, `/<TAB>/evil.example` and `//evil.example` — which a
//! browser reads as another host — are refused, and control characters
//! never reach a `Location` header.

use url::Url;

const OURS: &str = "http://this.site/";

/// The same-origin path and query `back` leads to, or None.
pub fn same_origin(back: &str) -> Option<String> {
    if !back.starts_with('/') || back.chars().any(char::is_control) {
        return None;
    }
    let base = Url::parse(OURS).ok()?;
    let target = base.join(back).ok()?;
    if target.origin() != base.origin() {
        return None;
    }
    let mut out = target.path().to_string();
    if let Some(q) = target.query() {
        out.push('?');
        out.push_str(q);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::same_origin;

    #[test]
    fn only_paths_of_this_site_are_followed() {
        assert_eq!(same_origin("/migrants?q=awa").as_deref(), Some("/migrants?q=awa"));
        assert_eq!(same_origin("/cases/1#notes").as_deref(), Some("/cases/1"));
        for hostile in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "/\r\nSet-Cookie: x=1",
            "/%0d%0aSet-Cookie:x",
            "javascript:alert(1)",
            "",
        ] {
            let got = same_origin(hostile);
            assert!(
                got.as_deref()
                    .is_none_or(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains(['\r', '\n'])),
                "{hostile:?} → {got:?}"
            );
            assert!(
                !matches!(hostile, "//evil.example" | "/\\evil.example" | "/\t/evil.example")
                    || got.is_none()
            );
        }
    }
}
