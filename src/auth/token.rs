//! Access tokens (HS256 JWT, algorithm pinned) and opaque refresh tokens.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// Claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// The user id.
    pub sub: String,
    /// The login (session) the token belongs to.
    pub sid: String,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expires at (seconds since the epoch).
    pub exp: i64,
    /// Unique token id.
    pub jti: String,
}

/// Signs and checks access tokens.
#[derive(Clone)]
pub struct TokenService {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    /// Lifetime of an access token in seconds.
    pub access_seconds: i64,
}

impl TokenService {
    /// Builds the service from a secret of at least 32 bytes.
    pub fn new(
        secret: &[u8],
        issuer: &str,
        audience: &str,
        access_seconds: i64,
    ) -> Result<Self, crate::server::StartupError> {
        use crate::server::StartupError;
        if secret.len() < 32 {
            return Err(StartupError::Key(
                "the JWT secret must be at least 32 bytes".into(),
            ));
        }
        let encoding = EncodingKey::from_secret(secret).map_err(StartupError::Token)?;
        let decoding = DecodingKey::from_secret(secret).map_err(StartupError::Token)?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = 5;
        Ok(Self {
            encoding,
            decoding,
            validation,
            issuer: issuer.to_string(),
            audience: audience.to_string(),
            access_seconds,
        })
    }

    /// Issues an access token for a user's login.
    pub fn issue(&self, user_id: &str, session_id: &str) -> Result<String, AppError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user_id.to_string(),
            sid: session_id.to_string(),
            iat: now,
            exp: now + self.access_seconds,
            jti: uuid::Uuid::now_v7().to_string(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| AppError::internal(format!("token signing failed: {e}")))
    }

    /// Checks signature, algorithm, issuer, audience and expiry.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .ok()
            .map(|d| d.claims)
    }
}

/// A new opaque refresh token (256 random bits, base64url).
pub fn new_refresh_token() -> Result<String, AppError> {
    use base64::Engine as _;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::internal(e.to_string()))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// How a refresh token is stored: SHA-256 hex (the token has 256 bits of
/// entropy, so a slow hash adds nothing).
pub fn hash_refresh_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A random secret of `n` bytes, hex encoded (generated JWT keys, one-time passwords).
pub fn random_hex(n: usize) -> Result<String, AppError> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| AppError::internal(e.to_string()))?;
    Ok(hex::encode(bytes))
}

/// Prefix of every partner API key, so that leaked keys are easy to
/// recognise and scan for.
pub const API_KEY_PREFIX: &str = "mdk_";

/// A new partner API key (shown once).
pub fn new_api_key() -> Result<String, AppError> {
    Ok(format!("{API_KEY_PREFIX}{}", new_refresh_token()?))
}

/// Hash under which an API key is stored (and looked up).
pub fn hash_api_key(key: &str) -> String {
    hash_refresh_token(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service() -> TokenService {
        TokenService::new(&[7u8; 32], "migrant-desk", "migrant-desk-api", 900).unwrap()
    }

    #[test]
    fn issued_token_verifies_and_carries_claims() {
        let s = service();
        let t = s.issue("u1", "s1").unwrap();
        let c = s.verify(&t).unwrap();
        assert_eq!((c.sub.as_str(), c.sid.as_str()), ("u1", "s1"));
        assert_eq!(c.exp - c.iat, 900);
    }

    #[test]
    fn rejects_other_key_other_audience_and_alg_none() {
        let s = service();
        let t = s.issue("u1", "s1").unwrap();
        let other = TokenService::new(&[8u8; 32], "migrant-desk", "migrant-desk-api", 900).unwrap();
        assert!(other.verify(&t).is_none());
        let aud = TokenService::new(&[7u8; 32], "migrant-desk", "other", 900).unwrap();
        assert!(aud.verify(&t).is_none());
        // An unsigned token with alg "none" must never pass.
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let payload = t.split('.').nth(1).unwrap();
        let forged = format!("{}.{}.", b64.encode(br#"{"alg":"none","typ":"JWT"}"#), payload);
        assert!(s.verify(&forged).is_none());
    }

    #[test]
    fn refresh_tokens_are_random_and_hashed() {
        let a = new_refresh_token().unwrap();
        let b = new_refresh_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(hash_refresh_token(&a).len(), 64);
        assert_ne!(hash_refresh_token(&a), a);
    }
}
