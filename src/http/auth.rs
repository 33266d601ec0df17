//! `/auth/login`, `/auth/mfa`, `/auth/refresh`, `/auth/logout`.

use super::routes::{Endpoint, endpoint};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::caller::request_id;
use super::json_body::JsonBody;
use crate::auth::login::{self, SignIn, TokenPair};
use crate::error::AppError;
use crate::state::AppState;

/// Credentials.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginInput {
    /// Login email.
    pub email: String,
    /// Password.
    pub password: String,
}

/// The second step of a sign-in.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MfaInput {
    /// The ticket `POST /auth/login` answered (single use, 5 minutes).
    pub mfa_ticket: String,
    /// The 6-digit code the authenticator app shows, or a recovery code.
    pub code: String,
}

/// Complete a sign-in with the second factor.
#[utoipa::path(post, path = "/api/v1/auth/mfa", tag = "auth", request_body = MfaInput,
    responses(
        (status = 200, description = "Signed in", body = TokenPair),
        (status = 401, description = "Wrong or used code, or the ticket is invalid or expired", body = super::problem::Problem),
        (status = 422, description = "Invalid body", body = super::problem::Problem),
        (status = 429, description = "Too many wrong codes; see Retry-After", body = super::problem::Problem),
    ))]
pub async fn mfa(
    state: web::Data<AppState>,
    req: HttpRequest,
    JsonBody(input): JsonBody<MfaInput>,
) -> Result<HttpResponse, AppError> {
    let address = super::client_address::of(&req, &state.proxies);
    let pair = login::complete_mfa(&state, &input.mfa_ticket, &input.code, address, request_id(&req)).await?;
    Ok(HttpResponse::Ok().json(pair))
}

/// A refresh token.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshInput {
    /// The opaque refresh token from the last login or refresh.
    pub refresh_token: String,
}

/// Sign in.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginInput,
    responses(
        (status = 200, description = "Signed in (a token pair), or, for an account with a second factor, `{mfa_required: true, mfa_ticket}` for `POST /auth/mfa`", body = SignIn),
        (status = 401, description = "Unknown email, wrong password or inactive account (same answer)", body = super::problem::Problem),
        (status = 422, description = "Invalid body", body = super::problem::Problem),
        (status = 429, description = "Too many failures for this account from this address, from this address, or for this account today; see Retry-After", body = super::problem::Problem),
        (status = 503, description = "Too many sign-ins waiting for a password check; see Retry-After", body = super::problem::Problem),
    ))]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    JsonBody(input): JsonBody<LoginInput>,
) -> Result<HttpResponse, AppError> {
    let client = login::Client {
        address: super::client_address::of(&req, &state.proxies),
        still_there: super::peer::still_there(&req),
        device: crate::web::session::device(&req),
    };
    let pair = login::login(&state, &input.email, input.password, &client, request_id(&req)).await?;
    // The right password: a client that keeps cookies is remembered for
    // the account (`auth::device`).
    let mut res = HttpResponse::Ok();
    if let Some(c) = crate::web::session::device_cookie(&req, &state.form_key, &input.email) {
        res.cookie(c);
    }
    Ok(res.json(pair))
}

/// Exchange a refresh token for a new pair; the old one is spent.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshInput,
    responses(
        (status = 200, description = "New token pair", body = TokenPair),
        (status = 401, description = "Invalid, expired or already used (the login is then revoked)", body = super::problem::Problem),
    ))]
pub async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    JsonBody(input): JsonBody<RefreshInput>,
) -> Result<HttpResponse, AppError> {
    let pair = login::refresh(&state, &input.refresh_token, request_id(&req)).await?;
    Ok(HttpResponse::Ok().json(pair))
}

/// End the login a refresh token belongs to (its access tokens stop working too).
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", request_body = RefreshInput,
    responses((status = 204, description = "Signed out")))]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    JsonBody(input): JsonBody<RefreshInput>,
) -> Result<HttpResponse, AppError> {
    login::logout(&state, &input.refresh_token, request_id(&req)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// This module's routes, each with its OpenAPI entry.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint::<__path_login, _, _>(login),
        endpoint::<__path_mfa, _, _>(mfa),
        endpoint::<__path_refresh, _, _>(refresh),
        endpoint::<__path_logout, _, _>(logout),
    ]
}
