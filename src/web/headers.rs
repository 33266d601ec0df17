//! Security headers on every response (SPEC §5 and §7): no sniffing, no
//! referrer, no framing, and a Content-Security-Policy — the strict page
//! policy for HTML, `default-src 'none'` for everything else (JSON, CSV,
//! problem documents), and for the API documentation (Swagger UI, served
//! from the binary) the least it needs, checked in a browser — and
//! `Strict-Transport-Security` whenever the request came over HTTPS.

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;

/// The policy of pages: nothing inline, nothing from elsewhere.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/// The policy of the API documentation: Swagger UI's own scripts and
/// styles, the styles it sets on elements, its data: icons and the
/// OpenAPI document it fetches — nothing from elsewhere.
pub const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/// Over HTTPS (SPEC §5): browsers keep to HTTPS for a year.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";
/// The policy of every other answer.
pub const DATA_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// The middleware.
pub async fn secure(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let docs = req.path().starts_with("/api/docs");
    let https = crate::web::session::is_https(req.request());
    let mut res = next.call(req).await?;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    let html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let csp = match (docs, html) {
        (true, _) => DOCS_CSP,
        (false, true) => PAGE_CSP,
        (false, false) => DATA_CSP,
    };
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if https {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    Ok(res)
}
