//! The delivery worker: a thread that claims due outbox events, POSTs them
//! signed, and records success or schedules a retry with exponential
//! backoff (giving up after `max_attempts`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration as StdDuration;

use chrono::Duration;

use super::signature;
use crate::db::{Db, now};
use crate::store;

/// Worker settings.
#[derive(Debug, Clone)]
pub struct DeliveryOptions {
    /// How often to look for due events.
    pub poll: StdDuration,
    /// First retry delay; doubled each attempt, capped at one hour.
    pub retry_base: Duration,
    /// Attempts before giving up.
    pub max_attempts: i32,
    /// Timeout of one POST.
    pub timeout: StdDuration,
}

/// Stops the worker when dropped (after the event in flight).
pub struct Worker {
    stop: Arc<AtomicBool>,
}

impl Worker {
    /// Keeps the worker running for the life of the process.
    pub fn detach(self) {
        std::mem::forget(self);
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Starts the worker thread.
pub fn start(db: Db, options: DeliveryOptions) -> std::io::Result<Worker> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    std::thread::Builder::new()
        .name("webhook-delivery".into())
        .spawn(move || {
            let system = actix_web::rt::System::new();
            system.block_on(run(db, options, flag));
        })?;
    Ok(Worker { stop })
}

async fn run(db: Db, o: DeliveryOptions, stop: Arc<AtomicBool>) {
    let client = awc::Client::builder()
        .timeout(o.timeout)
        .disable_redirects()
        .finish();
    while !stop.load(Ordering::Relaxed) {
        let lease = Duration::from_std(o.timeout * 2).unwrap_or(Duration::seconds(60));
        let claimed = {
            let db = db.clone();
            db.run(move |c| store::webhook::claim_due(c, now(), lease, 20))
                .await
        };
        match claimed {
            Ok(events) if !events.is_empty() => {
                for (event, url, secret) in events {
                    let outcome = match (url, secret) {
                        (Some(url), Some(secret)) => {
                            send(&client, &url, &secret, &event.event_type, &event.payload).await
                        }
                        _ => Err("the organisation has no webhook configured".to_string()),
                    };
                    let attempts = event.attempts + 1;
                    let id = event.id.clone();
                    let base = o.retry_base;
                    let max = o.max_attempts;
                    let result = db
                        .run(move |c| {
                            let at = now();
                            match outcome {
                                Ok(()) => store::webhook::delivered(c, &id, at),
                                Err(e) => {
                                    let next = (attempts < max).then(|| {
                                        let factor = 2i32.saturating_pow((attempts - 1).max(0) as u32);
                                        at + std::cmp::min(base * factor, Duration::hours(1))
                                    });
                                    store::webhook::failed(c, &id, &e, next, at)
                                }
                            }
                        })
                        .await;
                    if let Err(e) = result {
                        tracing::warn!(error = %e, "could not record a webhook delivery");
                    }
                }
                continue;
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "could not claim webhook events"),
        }
        actix_web::rt::time::sleep(o.poll).await;
    }
}

async fn send(
    client: &awc::Client,
    url: &str,
    secret: &str,
    event_type: &str,
    body: &str,
) -> Result<(), String> {
    let timestamp = chrono::Utc::now().timestamp();
    let response = client
        .post(url)
        .insert_header(("Content-Type", "application/json"))
        .insert_header(("User-Agent", "migrant-desk-webhooks"))
        .insert_header(("X-MigrantDesk-Event", event_type))
        .insert_header(("X-MigrantDesk-Timestamp", timestamp.to_string()))
        .insert_header(("X-MigrantDesk-Signature", signature(secret, timestamp, body)))
        .send_body(body.to_string())
        .await
        .map_err(|e| format!("request failed: {e}"))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("receiver answered {}", response.status().as_u16()))
    }
}
