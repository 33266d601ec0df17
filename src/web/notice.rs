//! The visible result of an action: the action leaves a one-time message
//! with the login (`auth::notice`) and a cookie that only says "there is
//! one" (it carries no text, so forging it shows nothing); the next page
//! shows the message where focus lands.

use actix_web::HttpResponse;
use actix_web::cookie::{Cookie, SameSite, time::Duration};

use super::page::{PageError, see_other};
use super::session::Signed;
use crate::state::AppState;

/// The cookie that tells the next page to look for a message.
pub const COOKIE: &str = "md_notice";

/// Leaves `key` (with `argument`) for the next page and sends the browser
/// to `to`.
pub async fn then(
    state: &AppState,
    signed: &Signed,
    key: &'static str,
    argument: Option<String>,
    to: &str,
) -> Result<HttpResponse, PageError> {
    crate::auth::notice::leave(state, &signed.caller, key, argument)
        .await
        .map_err(signed.fail())?;
    let mut r = see_other(to);
    let cookie = Cookie::build(COOKIE, "1")
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(Duration::seconds(60))
        .finish();
    r.add_cookie(&cookie)
        .map_err(|e| PageError::app(crate::error::AppError::internal(e.to_string()), signed.chrome.t))?;
    Ok(r)
}
