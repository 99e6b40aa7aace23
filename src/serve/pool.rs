//! The threads that requests' searches run on, the thread idle the shortest first.
//!
//! tantivy is synchronous, so a search takes a thread of its own while tokio's workers
//! go on serving connections. tokio's blocking pool wakes the thread idle the longest, so
//! one client's searches rotated over every thread the pool had started, each on a cold
//! stack and allocator arena: a search's time on its thread was 0.27 ms above the
//! same search in-process (3.66 against 3.39 ms p50, `cargo bench --bench serve`), and
//! with a single thread the two were equal (3.59 against 3.58 ms). This pool hands each
//! job to the thread that went idle last, and starts another thread, up to its cap, only
//! when every thread is busy.

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

type Job = Box<dyn FnOnce() + Send>;

/// How a pool starts a thread: `std::thread`, or in tests one that fails.
type StartThread = fn(Box<dyn FnOnce() + Send>) -> std::io::Result<()>;

/// How long a thread stays idle before it ends, as tokio's blocking pool does: a burst's
/// extra threads go, while a steady client's one warm thread stays.
pub(crate) const KEEP_ALIVE: Duration = Duration::from_secs(10);

/// Threads for blocking work, reused most recently idle first.
pub(crate) struct Pool {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    max_threads: usize,
    keep_alive: Duration,
    start_thread: StartThread,
}

struct State {
    /// Jobs no thread has taken yet, oldest first.
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

    /// The next job, `None` to end; `Err` after `keep_alive` with nothing given.
    fn wait(&self, keep_alive: Duration) -> Result<Option<Job>, ()> {
        let next = lock(&self.next);
        let (mut next, _) = self
            .given
            .wait_timeout_while(next, keep_alive, |next| next.is_none())
            .unwrap_or_else(PoisonError::into_inner);
        next.take().ok_or(())
    }
}

/// Jobs run under `catch_unwind`, so no lock is ever held by a panicking thread; a
/// poisoned one still holds consistent state.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Pool {
    /// A pool that runs at most `max_threads` jobs at once (at least one); threads start
    /// when first needed and end after [`KEEP_ALIVE`] idle.
    pub(crate) fn new(max_threads: usize) -> Pool {
        Pool::with(max_threads, KEEP_ALIVE, |thread| {
            std::thread::Builder::new()
                .name("kavosh-search".into())
                .spawn(thread)
                .map(drop)
        })
    }

    fn with(max_threads: usize, keep_alive: Duration, start_thread: StartThread) -> Pool {
        Pool {
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    queue: VecDeque::new(),
                    idle: Vec::new(),
                    threads: 0,
                    closed: false,
                }),
                max_threads: max_threads.max(1),
                keep_alive,
                start_thread,
            }),
        }
    }

    /// Runs `job` on the thread idle the shortest, on a new thread if none is idle and
    /// the cap allows, or else after the jobs already waiting. A panic in `job` ends
    /// `job` only. Errs when no thread runs and none can start; the jobs waiting are
    /// then dropped too, so that their callers learn at once.
    pub(crate) fn run(&self, job: impl FnOnce() + Send + 'static) -> std::io::Result<()> {
        let job: Job = Box::new(job);
        let mut state = lock(&self.shared.state);
        if let Some(idle) = state.idle.pop() {
            drop(state);
            idle.give(Some(job));
            return Ok(());
        }
        // Queued first: a thread that starts takes it from there, and if none can, a
        // running thread takes it before it goes idle.
        state.queue.push_back(job);
        if state.threads >= self.shared.max_threads {
            return Ok(());
        }
        state.threads += 1;
        drop(state);
        let shared = self.shared.clone();
        let Err(error) = (self.shared.start_thread)(Box::new(move || work(&shared))) else {
            return Ok(());
        };
        let mut state = lock(&self.shared.state);
        state.threads -= 1;
        if state.threads > 0 {
            return Ok(());
        }
        let dropped = std::mem::take(&mut state.queue);
        drop(state);
        drop(dropped);
        Err(error)
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

/// A thread's life: jobs given or waiting, until the pool closes or the thread has
/// been idle [`KEEP_ALIVE`].
fn work(shared: &Shared) {
    let handoff = Arc::new(Handoff::default());
    loop {
        // The pool's state is locked only in this block, never while a job runs.
        let waiting = {
            let mut state = lock(&shared.state);
            match state.queue.pop_front() {
                Some(job) => Some(job),
                None if state.closed => {
                    state.threads -= 1;
                    return;
                }
                None => {
                    state.idle.push(handoff.clone());
                    None
                }
            }
        };
        let Some(job) = waiting.or_else(|| idle(shared, &handoff)) else {
            return;
        };
        // The job's own answer (a closed channel) tells its caller it failed.
        let _ = catch_unwind(AssertUnwindSafe(job));
    }
}

/// Waits idle on `handoff` for a job; `None` when the thread is to end, counted out.
fn idle(shared: &Shared, handoff: &Arc<Handoff>) -> Option<Job> {
    loop {
        if let Ok(given) = handoff.wait(shared.keep_alive) {
            if given.is_none() {
                lock(&shared.state).threads -= 1;
            }
            return given;
        }
        let mut state = lock(&shared.state);
        if let Some(position) = state
            .idle
            .iter()
            .position(|idle| Arc::ptr_eq(idle, handoff))
        {
            state.idle.remove(position);
            state.threads -= 1;
            return None;
        }
        // Taken off the idle list as the time ran out: its job is on the way.
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

    /// Waits until `pool` has `threads` threads.
    fn wait_for_threads(pool: &Pool, threads: usize) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while lock(&pool.shared.state).threads != threads {
            assert!(std::time::Instant::now() < deadline, "threads stay");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn jobs_waiting_run_in_the_order_they_came() {
        let pool = Pool::new(1);
        let (release, released) = mpsc::channel::<()>();
        pool.run(move || released.recv().unwrap()).unwrap();
        let order = Arc::new(Mutex::new(Vec::new()));
        for job in 0..10 {
            let order = order.clone();
            pool.run(move || lock(&order).push(job)).unwrap();
        }
        release.send(()).unwrap();
        answer(&pool, || ());
        assert_eq!(*lock(&order), (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn a_thread_idle_past_its_keep_alive_ends_and_another_starts_when_needed() {
        let pool = Pool::with(4, Duration::from_millis(20), |thread| {
            std::thread::Builder::new().spawn(thread).map(drop)
        });
        assert_eq!(answer(&pool, || 1), 1);
        wait_for_threads(&pool, 0);
        assert_eq!(answer(&pool, || 2), 2);
    }

    #[test]
    fn when_no_thread_can_start_the_caller_learns_at_once() {
        let pool = Pool::with(2, KEEP_ALIVE, |_| Err(std::io::Error::other("no threads")));
        let (sender, receiver) = mpsc::channel::<()>();
        assert!(pool.run(move || drop(sender)).is_err());
        // The job went with the thread that did not start.
        assert!(receiver.try_recv().is_err());
        assert!(lock(&pool.shared.state).queue.is_empty());
        assert_eq!(lock(&pool.shared.state).threads, 0);
    }

    #[test]
    fn a_job_whose_thread_cannot_start_waits_for_a_running_one() {
        static STARTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        // The first thread starts; every later one fails.
        let pool = Pool::with(2, KEEP_ALIVE, |thread| {
            if STARTS.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                std::thread::Builder::new().spawn(thread).map(drop)
            } else {
                Err(std::io::Error::other("no more threads"))
            }
        });
        let (release, released) = mpsc::channel::<()>();
        pool.run(move || released.recv().unwrap()).unwrap();
        let (sender, receiver) = mpsc::channel();
        pool.run(move || sender.send("ran").unwrap()).unwrap();
        release.send(()).unwrap();
        assert_eq!(
            receiver.recv_timeout(Duration::from_secs(10)).unwrap(),
            "ran"
        );
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
