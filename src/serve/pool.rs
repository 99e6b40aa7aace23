//! The threads that requests' searches run on, the thread idle the shortest first.
//!
//! tantivy is synchronous, so a search takes a thread of its own while tokio's workers
//! go on serving connections. tokio's blocking pool wakes the thread idle the longest, so
//! one client's searches rotated over every thread the pool had started, each on a cold
//! stack and allocator arena: the server's own time for a search was 0.27 ms above the
//! same search in-process (3.66 against 3.39 ms p50, `cargo bench --bench serve`), and
//! with a single thread the two were equal (3.59 against 3.58 ms). This pool hands each
//! job to the thread that went idle last, and starts another thread, up to its cap, only
//! when every thread is busy.

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

type Job = Box<dyn FnOnce() + Send>;

/// Threads for blocking work, reused most recently idle first.
pub(crate) struct Pool {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    max_threads: usize,
}

struct State {
    /// Jobs that found every thread busy, oldest first.
    queue: VecDeque<Job>,
    /// Idle threads, the one idle the shortest last.
    idle: Vec<Arc<Handoff>>,
    threads: usize,
    closed: bool,
}

/// Where an idle thread waits to be given its next job, or told to end (`None`).
#[derive(Default)]
struct Handoff {
    next: Mutex<Option<Option<Job>>>,
    given: Condvar,
}

impl Handoff {
    fn give(&self, job: Option<Job>) {
        *lock(&self.next) = Some(job);
        self.given.notify_one();
    }

    fn wait(&self) -> Option<Job> {
        let mut next = lock(&self.next);
        loop {
            if let Some(job) = next.take() {
                return job;
            }
            next = self
                .given
                .wait(next)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// Jobs run under `catch_unwind`, so no lock is ever held by a panicking thread; a
/// poisoned one still holds consistent state.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Pool {
    /// A pool that runs at most `max_threads` jobs at once (at least one); threads start
    /// when first needed.
    pub(crate) fn new(max_threads: usize) -> Pool {
        Pool {
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    queue: VecDeque::new(),
                    idle: Vec::new(),
                    threads: 0,
                    closed: false,
                }),
                max_threads: max_threads.max(1),
            }),
        }
    }

    /// Runs `job` on the thread idle the shortest, on a new thread if none is idle and
    /// the cap allows, or else after the jobs already waiting. A panic in `job` ends
    /// `job` only. Errs only when no thread runs and none can start.
    pub(crate) fn run(&self, job: impl FnOnce() + Send + 'static) -> std::io::Result<()> {
        let job: Job = Box::new(job);
        let mut state = lock(&self.shared.state);
        if let Some(idle) = state.idle.pop() {
            drop(state);
            idle.give(Some(job));
            return Ok(());
        }
        if state.threads >= self.shared.max_threads {
            state.queue.push_back(job);
            return Ok(());
        }
        state.threads += 1;
        drop(state);
        let shared = self.shared.clone();
        let started = std::thread::Builder::new()
            .name("kavosh-search".into())
            .spawn(move || work(&shared, job));
        started.map(drop).or_else(|error| {
            let mut state = lock(&self.shared.state);
            state.threads -= 1;
            // The job went with the thread that did not start; a caller learns of it
            // by this error, unless running threads can take the next ones.
            if state.threads > 0 {
                Ok(())
            } else {
                Err(error)
            }
        })
    }
}

impl Drop for Pool {
    /// Idle threads end now, busy ones once the jobs waiting are done.
    fn drop(&mut self) {
        let idle = {
            let mut state = lock(&self.shared.state);
            state.closed = true;
            std::mem::take(&mut state.idle)
        };
        for handoff in idle {
            handoff.give(None);
        }
    }
}

/// A thread's life: its first job, then jobs waiting or given, until the pool closes.
fn work(shared: &Shared, first: Job) {
    let handoff = Arc::new(Handoff::default());
    let mut job = first;
    loop {
        // The job's own answer (a closed channel) tells its caller it failed.
        let _ = catch_unwind(AssertUnwindSafe(job));
        let mut state = lock(&shared.state);
        job = match state.queue.pop_front() {
            Some(next) => next,
            None if state.closed => {
                state.threads -= 1;
                return;
            }
            None => {
                state.idle.push(handoff.clone());
                drop(state);
                match handoff.wait() {
                    Some(next) => next,
                    None => return,
                }
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::sync::Barrier;
    use std::thread::ThreadId;
    use std::time::Duration;

    /// Runs `job` on `pool` and waits for its answer.
    fn answer<T: Send + 'static>(pool: &Pool, job: impl FnOnce() -> T + Send + 'static) -> T {
        let (sender, receiver) = mpsc::channel();
        pool.run(move || sender.send(job()).unwrap()).unwrap();
        receiver.recv_timeout(Duration::from_secs(10)).unwrap()
    }

    /// Waits until every thread of `pool` stands idle, as they do between one client's
    /// requests (the answer's way back to the client takes longer than going idle).
    fn wait_until_idle(pool: &Pool) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let state = lock(&pool.shared.state);
            if state.idle.len() == state.threads {
                return;
            }
            drop(state);
            assert!(std::time::Instant::now() < deadline, "a thread stays busy");
            std::thread::yield_now();
        }
    }

    #[test]
    fn one_caller_at_a_time_keeps_one_warm_thread() {
        let pool = Pool::new(8);
        // Start several threads by running jobs at once, so that some stand idle.
        let barrier = Arc::new(Barrier::new(5));
        let (sender, receiver) = mpsc::channel();
        for _ in 0..4 {
            let (barrier, sender) = (barrier.clone(), sender.clone());
            pool.run(move || {
                barrier.wait();
                sender.send(()).unwrap();
            })
            .unwrap();
        }
        barrier.wait();
        for _ in 0..4 {
            receiver.recv_timeout(Duration::from_secs(10)).unwrap();
        }
        let threads: Vec<ThreadId> = (0..20)
            .map(|_| {
                wait_until_idle(&pool);
                answer(&pool, || std::thread::current().id())
            })
            .collect();
        assert_eq!(lock(&pool.shared.state).threads, 4);
        assert!(
            threads.iter().all(|thread| *thread == threads[0]),
            "{threads:?}"
        );
    }

    #[test]
    fn as_many_jobs_as_the_cap_run_at_once_and_the_rest_wait_their_turn() {
        let cap = 3;
        let pool = Pool::new(cap);
        // Each of the first `cap` jobs waits for all of them: they can only finish if
        // they run at the same time.
        let barrier = Arc::new(Barrier::new(cap));
        let (sender, receiver) = mpsc::channel();
        for job in 0..cap * 4 {
            let (barrier, sender) = (barrier.clone(), sender.clone());
            pool.run(move || {
                if job < cap {
                    barrier.wait();
                }
                sender.send(job).unwrap();
            })
            .unwrap();
        }
        let mut done: Vec<usize> = (0..cap * 4)
            .map(|_| receiver.recv_timeout(Duration::from_secs(10)).unwrap())
            .collect();
        done.sort_unstable();
        assert_eq!(done, (0..cap * 4).collect::<Vec<_>>());
        assert_eq!(lock(&pool.shared.state).threads, cap);
    }

    #[test]
    fn a_panicking_job_ends_alone() {
        let pool = Pool::new(1);
        let (sender, receiver) = mpsc::channel::<()>();
        pool.run(move || {
            let _sender = sender;
            panic!("a search that panics");
        })
        .unwrap();
        // Its caller sees the channel closed, not an answer.
        assert!(receiver.recv_timeout(Duration::from_secs(10)).is_err());
        assert_eq!(answer(&pool, || 42), 42);
        assert_eq!(lock(&pool.shared.state).threads, 1);
    }

    #[test]
    fn dropping_the_pool_ends_its_threads() {
        let pool = Pool::new(4);
        let shared = pool.shared.clone();
        assert_eq!(answer(&pool, || 1), 1);
        drop(pool);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        // The idle thread lets go of the pool's state as it ends.
        while Arc::strong_count(&shared) > 1 {
            assert!(std::time::Instant::now() < deadline, "a thread lives on");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}
