//! Group commit for standalone audit entries (logins, reads, denials): the
//! request hands its entry to one writer thread and waits; the writer commits
//! every entry waiting at that moment in one transaction (one fsync), then
//! answers each request. A request is answered only after its entry is
//! durable, so an acknowledged read is always in the trail.
//!
//! Entries that record a change are not sent here: they are appended inside
//! the change's own transaction (`store::audit::append`).

use tokio::sync::{mpsc, oneshot};

use super::AuditEvent;
use crate::db::group_commit::next_batch;
use crate::db::{Db, write_tx};
use crate::error::AppError;

/// Most entries committed in one transaction.
const MAX_BATCH: usize = 512;

type Job = (AuditEvent, oneshot::Sender<Result<(), String>>);

/// Handle to the writer thread; cheap to clone.
#[derive(Clone)]
pub struct AuditWriter {
    tx: mpsc::Sender<Job>,
}

impl AuditWriter {
    /// Starts the writer thread on the given database.
    pub fn start(db: Db) -> Result<Self, AppError> {
        let (tx, rx) = mpsc::channel::<Job>(16 * MAX_BATCH);
        std::thread::Builder::new()
            .name("audit-writer".into())
            .spawn(move || run(db, rx))
            .map_err(|e| AppError::internal(format!("cannot start the audit writer: {e}")))?;
        Ok(Self { tx })
    }

    /// Records an entry and waits until it is committed.
    pub async fn record(&self, event: AuditEvent) -> Result<(), AppError> {
        self.record_all(vec![event]).await
    }

    /// Records entries (e.g. one read per migrant listed) and waits until
    /// every one is committed.
    pub async fn record_all(&self, events: Vec<AuditEvent>) -> Result<(), AppError> {
        let mut waits = Vec::with_capacity(events.len());
        for event in events {
            let (done, wait) = oneshot::channel();
            self.tx
                .send((event, done))
                .await
                .map_err(|_| AppError::internal("audit writer stopped"))?;
            waits.push(wait);
        }
        for wait in waits {
            match wait.await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return Err(AppError::unavailable(format!("audit write failed: {e}"))),
                Err(_) => return Err(AppError::internal("audit writer dropped the entry")),
            }
        }
        Ok(())
    }
}

fn run(db: Db, mut rx: mpsc::Receiver<Job>) {
    while let Some(batch) = next_batch(&mut rx, MAX_BATCH) {
        let events: Vec<AuditEvent> = batch.iter().map(|(e, _)| e.clone()).collect();
        let result = db
            .get()
            .and_then(|mut conn| write_tx(&mut conn, |c| crate::audit::trail::append(c, &events)))
            .map_err(|e| {
                tracing::error!(error = %e, entries = events.len(), "audit batch failed");
                e.to_string()
            });
        crate::metrics::observe_audit_batch(events.len());
        for (_, done) in batch {
            let _ = done.send(result.clone());
        }
    }
}
