//! argon2 runs on a few threads of its own, at a lower CPU priority than the
//! threads that serve requests: during a storm of logins the hashes get the
//! CPU time that reads leave over instead of competing with them as equals,
//! and the blocking pool's threads (bounded by the database pool) are never
//! taken by a hash.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, mpsc};

use tokio::sync::oneshot;

use crate::error::AppError;

/// The nice value of hashing threads (0 is the default, 19 the lowest priority).
const NICE: i32 = 10;

type Job = Box<dyn FnOnce() + Send>;

/// Handle on the hashing threads; they stop when every handle is dropped.
#[derive(Clone)]
pub struct HashingThreads {
    jobs: mpsc::Sender<Job>,
}

impl HashingThreads {
    /// Starts `n` threads (at least one).
    pub fn start(n: usize) -> Result<Self, AppError> {
        let (jobs, queue) = mpsc::channel::<Job>();
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
        Ok(Self { jobs })
    }

    /// Runs `f` on a hashing thread and waits for its result.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let (done, wait) = oneshot::channel();
        self.jobs
            .send(Box::new(move || {
                let _ = done.send(catch_unwind(AssertUnwindSafe(f)));
            }))
            .map_err(|_| AppError::internal("the hashing threads have stopped"))?;
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
        let threads = HashingThreads::start(1).unwrap();
        assert_eq!(threads.run(|| 6 * 7).await.unwrap(), 42);
        assert!(threads.run(|| panic!("boom")).await.is_err());
        assert_eq!(threads.run(|| "still here").await.unwrap(), "still here");
    }
}
