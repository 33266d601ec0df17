//! Passwords: the policy (length, common-password list) and argon2id hashing
//! on a few low-priority threads of their own (`hashing_threads`), so that a
//! login storm cannot take the threads or the cores that serve reads.

use std::sync::Arc;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};

use super::hashing_threads::HashingThreads;
use crate::error::AppError;

/// Minimum password length in characters.
pub const MIN_LENGTH: usize = 12;
/// Maximum password length in characters.
pub const MAX_LENGTH: usize = 128;

const COMMON: &str = include_str!("common_passwords.txt");

/// Checks a new password against the policy; the message is shown to the user.
pub fn check_policy(password: &str) -> Result<(), String> {
    let len = password.chars().count();
    if len < MIN_LENGTH {
        return Err(format!("must be at least {MIN_LENGTH} characters"));
    }
    if len > MAX_LENGTH {
        return Err(format!("must be at most {MAX_LENGTH} characters"));
    }
    let lowered = password.to_lowercase();
    if COMMON.lines().any(|l| l.trim() == lowered) {
        return Err("is too common; choose a less predictable password".into());
    }
    let first = password.chars().next();
    if password.chars().all(|c| Some(c) == first) {
        return Err("must not repeat a single character".into());
    }
    Ok(())
}

/// argon2id with m=19 MiB, t=2, p=1 (OWASP's minimum), bounded concurrency.
#[derive(Clone)]
pub struct PasswordService {
    threads: HashingThreads,
    dummy_hash: Arc<String>,
}

impl PasswordService {
    /// `concurrency` hashes may run at once (0 = half the CPUs, at least
    /// one: a storm of logins can then take at most half the machine, and
    /// reads keep the rest).
    pub fn new(concurrency: usize) -> Result<Self, AppError> {
        let n = if concurrency == 0 {
            std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
        } else {
            concurrency
        };
        let dummy_hash = hash_blocking("migrant-desk dummy password for unknown accounts")?;
        Ok(Self {
            threads: HashingThreads::start(n)?,
            dummy_hash: Arc::new(dummy_hash),
        })
    }

    /// Hashes a password off the async workers.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.threads.run(move || hash_blocking(&password)).await?
    }

    /// Verifies a password against a stored hash off the async workers. With
    /// no stored hash (unknown account) it verifies against a dummy hash so
    /// that the answer takes the same time.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.dummy_hash.as_ref().clone());
        let ok = self
            .threads
            .run(move || verify_blocking(&password, &hash))
            .await?;
        Ok(known && ok)
    }
}

/// Hashes synchronously (CLI, demo data, tests).
pub fn hash_blocking(password: &str) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(format!("password hashing failed: {e}")))
}

/// Verifies synchronously.
pub fn verify_blocking(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_rejects_short_common_and_repeated() {
        assert!(check_policy("short").is_err());
        assert!(check_policy("password1234").is_err());
        assert!(check_policy("PASSWORD1234").is_err());
        assert!(check_policy("aaaaaaaaaaaaaaaa").is_err());
        assert!(check_policy(&"x".repeat(129)).is_err());
        assert!(check_policy("correct horse battery").is_ok());
    }

    #[test]
    fn hash_is_argon2id_with_minimum_parameters_and_verifies() {
        let h = hash_blocking("a long enough passphrase").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_blocking("a long enough passphrase", &h));
        assert!(!verify_blocking("another passphrase!!", &h));
    }
}
