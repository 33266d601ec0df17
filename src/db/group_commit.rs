//! Group commit for changes: a request hands its change to one writer
//! thread and waits; the writer runs every change waiting at that moment in
//! one transaction, each in its own savepoint (a change that fails is undone
//! alone and answers its own error), commits once — one fsync for the batch
//! instead of one per change — and only then answers each request. An
//! acknowledged change is durable, as with one transaction per request.
//!
//! Changes are serialised anyway (one SQLite writer; the audit chain head on
//! PostgreSQL), so running them on one thread costs no parallelism; the
//! reads a change needs before it writes (e.g. duplicate scoring) should be
//! done before handing it over.

use std::panic::{AssertUnwindSafe, catch_unwind};

use diesel::Connection;
use tokio::sync::{mpsc, oneshot};

use super::{Db, DbConn, write_tx};
use crate::error::AppError;

/// Most changes committed in one transaction.
const MAX_BATCH: usize = 64;

/// What the writer calls after the commit, with its outcome.
type Answer = Box<dyn FnOnce(Result<(), String>) + Send>;
/// A change: runs in its savepoint and returns how to answer its request.
type Job = Box<dyn FnOnce(&mut DbConn) -> Answer + Send>;

/// Handle to the writer thread; cheap to clone.
#[derive(Clone)]
pub struct GroupCommit {
    tx: mpsc::Sender<Job>,
}

impl GroupCommit {
    /// Starts the writer thread on the given database.
    pub fn start(db: Db) -> Result<Self, AppError> {
        let (tx, rx) = mpsc::channel::<Job>(16 * MAX_BATCH);
        std::thread::Builder::new()
            .name("group-commit".into())
            .spawn(move || run(db, rx))
            .map_err(|e| AppError::internal(format!("cannot start the group-commit writer: {e}")))?;
        Ok(Self { tx })
    }

    /// Runs `change` in the next batch and returns its result once the batch
    /// is committed.
    pub async fn run<T, F>(&self, change: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let (done, wait) = oneshot::channel::<Result<T, AppError>>();
        let job: Job = Box::new(move |c: &mut DbConn| {
            // A panic becomes an error inside the savepoint, so that the
            // savepoint is rolled back like any failed change.
            let outcome = c.transaction(|c| {
                catch_unwind(AssertUnwindSafe(|| change(c)))
                    .unwrap_or_else(|_| Err(AppError::internal("a change panicked")))
            });
            Box::new(move |committed: Result<(), String>| {
                let _ = done.send(match committed {
                    Ok(()) => outcome,
                    Err(e) => Err(AppError::unavailable(format!("the change was not saved: {e}"))),
                });
            })
        });
        self.tx
            .send(job)
            .await
            .map_err(|_| AppError::internal("the group-commit writer stopped"))?;
        // Dropped unrun: the writer could not get a connection in time.
        wait.await
            .map_err(|_| AppError::unavailable("the database is busy; try again"))?
    }
}

/// Waits for the next item, then takes every item already waiting behind
/// it, up to `max`: the batch of a group commit (None once every sender is
/// gone). Shared by this writer and the audit writer.
pub(crate) fn next_batch<T>(rx: &mut mpsc::Receiver<T>, max: usize) -> Option<Vec<T>> {
    let mut batch = vec![rx.blocking_recv()?];
    while batch.len() < max {
        match rx.try_recv() {
            Ok(item) => batch.push(item),
            Err(_) => break,
        }
    }
    Some(batch)
}

fn run(db: Db, mut rx: mpsc::Receiver<Job>) {
    while let Some(mut batch) = next_batch(&mut rx, MAX_BATCH) {
        let size = batch.len();
        let mut answers: Vec<Answer> = Vec::with_capacity(size);
        let result = db
            .get()
            .and_then(|mut conn| {
                write_tx(&mut conn, |c| {
                    for job in batch.drain(..) {
                        answers.push(job(c));
                    }
                    Ok(())
                })
            })
            .map_err(|e| {
                tracing::error!(error = %e, changes = size, "group commit failed");
                e.to_string()
            });
        crate::metrics::observe_write_batch(size);
        for answer in answers {
            answer(result.clone());
        }
        // Jobs never run (no connection) are dropped: their requests get an error.
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use diesel::prelude::*;

    use super::*;
    use crate::db::schema::offices;
    use crate::db::{PoolOptions, new_id, now};
    use crate::store::office::{OfficeRow, insert};

    fn office(code: &str) -> OfficeRow {
        OfficeRow {
            id: new_id(),
            code: code.into(),
            name: code.into(),
            city: code.into(),
            country: "MA".into(),
            created_at: now(),
            updated_at: now(),
            version: 1,
            time_zone: None,
        }
    }

    #[actix_web::test]
    async fn a_failed_or_panicking_change_is_undone_alone_and_the_others_commit() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.sqlite").display());
        let options = PoolOptions {
            max_size: 4,
            acquire_timeout: Duration::from_secs(5),
            sqlite_synchronous: "FULL".into(),
        };
        let db = Db::connect(&url, &options).unwrap();
        db.migrate().unwrap();
        let writes = GroupCommit::start(db.clone()).unwrap();
        let (ok, failed, panicked, also_ok) = tokio::join!(
            writes.run(|c| insert(c, &office("AAA"))),
            writes.run(|c| {
                insert(c, &office("BBB"))?;
                Err::<(), _>(AppError::Conflict("refused".into()))
            }),
            writes.run(|c| -> Result<(), AppError> {
                insert(c, &office("CCC"))?;
                panic!("a change that panics")
            }),
            writes.run(|c| insert(c, &office("DDD"))),
        );
        assert!(ok.is_ok() && also_ok.is_ok());
        assert!(matches!(failed, Err(AppError::Conflict(_))));
        assert!(panicked.is_err());
        let mut codes: Vec<String> = offices::table
            .select(offices::code)
            .load(&mut *db.get().unwrap())
            .unwrap();
        codes.sort();
        assert_eq!(codes, ["AAA", "DDD"]);
    }
}
