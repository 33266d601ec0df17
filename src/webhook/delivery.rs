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
    /// Private and loopback addresses allowed (`webhook_allow_private`).
    pub allow_private: bool,
}

/// Resolves names to their public addresses only, for the connection
/// itself: a name cannot resolve to a public address when it is checked
/// and to an inside one when it is called (DNS rebinding), since the
/// addresses checked are the ones connected to.
struct PublicOnly {
    allow_private: bool,
}

impl actix_tls::connect::Resolve for PublicOnly {
    fn lookup<'a>(
        &'a self,
        host: &'a str,
        port: u16,
    ) -> std::pin::Pin<
        Box<
            dyn std::future::Future<Output = Result<Vec<std::net::SocketAddr>, Box<dyn std::error::Error>>>
                + 'a,
        >,
    > {
        let target = format!("{host}:{port}");
        let allow_private = self.allow_private;
        Box::pin(async move {
            let found = actix_web::rt::task::spawn_blocking(move || {
                std::net::ToSocketAddrs::to_socket_addrs(&target).map(|a| a.collect::<Vec<_>>())
            })
            .await??;
            let allowed: Vec<std::net::SocketAddr> = found
                .into_iter()
                .filter(|a| allow_private || crate::domain::outbound::is_public(a.ip()))
                .collect();
            if allowed.is_empty() {
                return Err("the host resolves to no public address".into());
            }
            Ok(allowed)
        })
    }
}

/// The client deliveries use: no redirects, names resolved to public
/// addresses only.
fn client(o: &DeliveryOptions) -> awc::Client {
    let resolver = actix_tls::connect::Resolver::custom(PublicOnly {
        allow_private: o.allow_private,
    });
    let connector = awc::Connector::new()
        .connector(actix_tls::connect::Connector::new(resolver).service())
        .timeout(o.timeout);
    awc::Client::builder()
        .connector(connector)
        .timeout(o.timeout)
        .disable_redirects()
        .finish()
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
    let client = client(&o);
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
                            send(
                                &client,
                                &url,
                                o.allow_private,
                                &secret,
                                &event.event_type,
                                &event.payload,
                            )
                            .await
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

/// POSTs one event. The URL is checked again (it may have been stored
/// before the rules were this strict); the error kept for the partner to
/// read says what went wrong on our side of the wire only — never the
/// receiver's answer nor the network's details, so deliveries cannot be
/// used to scan a network.
async fn send(
    client: &awc::Client,
    url: &str,
    allow_private: bool,
    secret: &str,
    event_type: &str,
    body: &str,
) -> Result<(), String> {
    crate::domain::outbound::check_url(url, allow_private).map_err(|why| format!("the webhook URL {why}"))?;
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
        .map_err(|e| match e {
            awc::error::SendRequestError::Timeout => "the receiver did not answer in time".to_string(),
            awc::error::SendRequestError::Connect(_) => "could not connect to the receiver".to_string(),
            _ => "the request to the receiver failed".to_string(),
        })?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("receiver answered {}", response.status().as_u16()))
    }
}

#[cfg(test)]
mod tests {
    use actix_tls::connect::Resolve as _;

    use super::*;

    #[actix_web::test]
    async fn names_resolve_to_public_addresses_only() {
        let strict = PublicOnly { allow_private: false };
        // localhost resolves (from /etc/hosts) to loopback: nothing is left.
        assert!(strict.lookup("localhost", 443).await.is_err());
        let lenient = PublicOnly { allow_private: true };
        let found = lenient.lookup("localhost", 443).await.unwrap();
        assert!(found.iter().all(|a| a.ip().is_loopback()));
    }
}
