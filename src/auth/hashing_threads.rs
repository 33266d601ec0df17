//! argon2 runs on a few threads of its own, at a lower CPU priority than the
//! threads that serve requests: during a storm of logins the hashes get the
//! CPU time that reads leave over instead of competing with them as equals,
//! and the blocking pool's threads (bounded by the database pool) are never
//! taken by a hash. The queue is bounded: beyond it a request is refused
//! at once (503 with `Retry-After`) instead of waiting for seconds, and a
//! job whose requester has gone (the client hung up) is dropped before it
//! runs, so abandoned sign-ins cost no argon2 run.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use tokio::sync::oneshot;

use crate::error::AppError;

/// The nice value of hashing threads (0 is the default, 19 the lowest priority).
const NICE: i32 = 10;

type Job = Box<dyn FnOnce() + Send>;

/// Asks whether the requester of a job is still there (its client still
/// connected); the job is skipped when not.
pub type StillThere = Arc<dyn Fn() -> bool + Send + Sync>;

/// Handle on the hashing threads; they stop when every handle is dropped.
#[derive(Clone)]
pub struct HashingThreads {
    jobs: mpsc::SyncSender<Job>,
    runs: Arc<AtomicU64>,
}

impl HashingThreads {
    /// Starts `n` threads (at least one) with room for `queue` waiting jobs.
    pub fn start(n: usize, queue: usize) -> Result<Self, AppError> {
        let (jobs, queue) = mpsc::sync_channel::<Job>(queue.max(1));
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..n.max(1) {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    lower_priority();
                    loop {
                        let next = match queue.lock() {
                            Ok(q) => q.recv(),
                            Err(_) => return,
                        };
                        match next {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                })
                .map_err(|e| AppError::internal(format!("cannot start a hashing thread: {e}")))?;
        }
        Ok(Self {
            jobs,
            runs: Arc::new(AtomicU64::new(0)),
        })
    }

    /// How many jobs have run (not counting the ones dropped because their
    /// requester had gone).
    pub fn runs(&self) -> u64 {
        self.runs.load(Ordering::Relaxed)
    }

    /// Runs `f` on a hashing thread and waits for its result; 503 when the
    /// queue is full.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        self.run_for(None, f).await
    }

    /// Like `run`, skipping the work if `still_there` says the requester
    /// has gone by the time a thread takes the job.
    pub async fn run_for<T: Send + 'static>(
        &self,
        still_there: Option<StillThere>,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let (done, wait) = oneshot::channel();
        let runs = self.runs.clone();
        let job: Job = Box::new(move || {
            if done.is_closed() || still_there.is_some_and(|there| !there()) {
                crate::metrics::observe_password_check("abandoned");
                return;
            }
            crate::metrics::observe_password_check("run");
            runs.fetch_add(1, Ordering::Relaxed);
            let _ = done.send(catch_unwind(AssertUnwindSafe(f)));
        });
        self.jobs.try_send(job).map_err(|e| match e {
            mpsc::TrySendError::Full(_) => {
                crate::metrics::observe_password_check("refused");
                AppError::unavailable("the password hashing queue is full")
            }
            mpsc::TrySendError::Disconnected(_) => AppError::internal("the hashing threads have stopped"),
        })?;
        match wait.await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(_)) => Err(AppError::internal("password hashing panicked")),
            Err(_) => Err(AppError::internal("a hashing thread dropped its job")),
        }
    }
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: setpriority only reads its three integer arguments. On Linux,
    // PRIO_PROCESS with who = 0 applies to the calling thread alone.
    let rc = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, NICE) };
    if rc != 0 {
        tracing::debug!("hashing thread keeps the default CPU priority");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn runs_jobs_and_survives_a_panicking_one() {
        let threads = HashingThreads::start(1, 4).unwrap();
        assert_eq!(threads.run(|| 6 * 7).await.unwrap(), 42);
        assert!(threads.run(|| panic!("boom")).await.is_err());
        assert_eq!(threads.run(|| "still here").await.unwrap(), "still here");
    }

    #[actix_web::test]
    async fn a_full_queue_answers_503_and_a_gone_requester_costs_no_run() {
        let threads = HashingThreads::start(1, 1).unwrap();
        let (release, hold) = std::sync::mpsc::channel::<()>();
        // The thread is busy with one job; one more waits in the queue.
        let busy = tokio::spawn({
            let t = threads.clone();
            async move { t.run(move || hold.recv().ok()).await }
        });
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let waiting = tokio::spawn({
            let t = threads.clone();
            async move { t.run(|| 1).await }
        });
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let refused = threads.run(|| 2).await;
        assert!(
            matches!(refused, Err(AppError::Unavailable { .. })),
            "{refused:?}"
        );
        // The waiting requester goes away before its turn: its job is dropped.
        waiting.abort();
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        release.send(()).unwrap();
        busy.await.unwrap().unwrap();
        // The thread takes the abandoned job off the queue and skips it.
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert_eq!(threads.run(|| 3).await.unwrap(), 3);
        assert_eq!(threads.runs(), 2, "the abandoned job never ran");
    }
}
