//! The threads the SIMD kernels split their work over.
//!
//! One process-wide pool. Its helper threads are started outside it: natively by [`start_native`], in
//! the browser by Web Workers that load the threaded wasm build on the engine's shared memory, [`join`]
//! and [`serve`]. A kernel hands the pool a job of numbered tasks ([`for_each_chunk_mut`]); the calling
//! thread works on the job too, so with no helpers everything runs on the caller, in task order.
//!
//! Tasks are claimed from one atomic counter, so a slow thread (a busy core, a helper still starting)
//! takes fewer of them. Each task writes its own chunk of the output: the split is disjoint by
//! construction, and the results do not depend on how many threads ran.
//!
//! One job runs at a time. A job posted while another runs (a second native test thread, a kernel
//! called from inside a task) runs on its caller alone.

use super::shared_memory::see_growth_elsewhere;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// The pool's shared state: the posted job, and how many helpers are working on it.
struct Pool {
    state: Mutex<State>,
    /// Signalled when a job is posted.
    posted: Condvar,
    /// Signalled when the last helper leaves a job.
    left: Condvar,
    /// Set while a job is posted: the claim that makes jobs run one at a time.
    claimed: AtomicBool,
    /// Helpers serving the pool.
    helpers: AtomicUsize,
    /// How many helpers a job may use (the backends lab sweeps it).
    helper_limit: AtomicUsize,
    /// Work (multiply-adds) below which a task is not worth handing to another thread.
    min_task_work: AtomicUsize,
}

/// Tasks smaller than this many multiply-adds (about 0.1 ms of one core) cost more than they save: the
/// MNIST CNN's first convolution (3.6 M multiply-adds at batch 64) measured slower on two threads than
/// on one, its second (14.5 M) faster.
const MIN_TASK_WORK: usize = 1 << 22;

struct State {
    job: Option<JobRef>,
    /// Counts the jobs posted, so a helper joins each job once.
    generation: u64,
    /// Helpers inside the posted job.
    busy: usize,
}

static POOL: Pool = Pool {
    state: Mutex::new(State { job: None, generation: 0, busy: 0 }),
    posted: Condvar::new(),
    left: Condvar::new(),
    claimed: AtomicBool::new(false),
    helpers: AtomicUsize::new(0),
    helper_limit: AtomicUsize::new(usize::MAX),
    min_task_work: AtomicUsize::new(MIN_TASK_WORK),
};

/// A job: `tasks` calls of `work`, each index claimed once.
struct Job<'a> {
    work: &'a (dyn Fn(usize) + Sync),
    tasks: usize,
    next: AtomicUsize,
    panicked: AtomicBool,
}

impl Job<'_> {
    fn run(&self) {
        loop {
            let task = self.next.fetch_add(1, Ordering::Relaxed);
            if task >= self.tasks {
                return;
            }
            // A panicking task must not leave the job's caller waiting for ever: the panic is carried
            // back to it. (The wasm builds abort on panic; this is for native tests.)
            if catch_unwind(AssertUnwindSafe(|| (self.work)(task))).is_err() {
                self.panicked.store(true, Ordering::Relaxed);
            }
        }
    }
}

/// A posted job's address. The job lives on its caller's stack; the caller waits until no helper is
/// inside it before returning, which is what makes sharing the pointer sound.
#[derive(Clone, Copy)]
struct JobRef(*const Job<'static>);
// SAFETY: a `Job` is `Sync` (its closure is, the rest is atomics), and its lifetime is guarded as above.
unsafe impl Send for JobRef {}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // No code panics while holding the lock, so it cannot be poisoned by one; take it either way.
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The threads a job can run on: the caller and the helpers allowed.
pub fn threads() -> usize {
    1 + POOL.helpers.load(Ordering::Relaxed).min(POOL.helper_limit.load(Ordering::Relaxed))
}

/// Lets jobs use at most `threads` threads (at least one: the caller), of those started.
pub fn limit_threads(threads: usize) {
    POOL.helper_limit.store(threads.max(1) - 1, Ordering::Relaxed);
}

/// Splits work into tasks as small as `work` multiply-adds (the tests split as finely as they can, so
/// every edge between tasks is exercised).
pub fn set_min_task_work(work: usize) {
    POOL.min_task_work.store(work, Ordering::Relaxed);
}

/// Counts the calling thread as a helper of the pool, from now on serving it (once per thread).
pub fn join() {
    POOL.helpers.fetch_add(1, Ordering::Relaxed);
}

/// Works on each job posted, as a helper that has joined, until none has come for `idle`. A Web Worker
/// returns to its event loop in between: one blocked for ever answers nothing else, not even the
/// browser's developer tools.
pub fn serve(idle: Duration) {
    // Joining a job twice (after coming back) is harmless: each of its tasks is claimed once.
    let mut seen = 0;
    loop {
        let job = {
            let mut state = lock(&POOL.state);
            while state.job.is_none()
                || state.generation == seen
                || state.busy >= POOL.helper_limit.load(Ordering::Relaxed)
            {
                let (next, waited) = POOL.posted.wait_timeout(state, idle).unwrap_or_else(|p| p.into_inner());
                if waited.timed_out() {
                    return;
                }
                state = next;
            }
            seen = state.generation;
            state.busy += 1;
            state.job.expect("a job is posted")
        };
        // The caller may have grown the memory for the job's data since this thread last looked.
        see_growth_elsewhere();
        // SAFETY: the caller keeps the job alive until `busy` is back to zero.
        unsafe { &*job.0 }.run();
        let mut state = lock(&POOL.state);
        state.busy -= 1;
        if state.busy == 0 {
            POOL.left.notify_all();
        }
    }
}

/// Runs `work(i)` for every i < tasks, on the pool's threads and the caller's, and returns when all
/// are done.
fn run(tasks: usize, work: &(dyn Fn(usize) + Sync)) {
    let job = Job { work, tasks, next: AtomicUsize::new(0), panicked: AtomicBool::new(false) };
    let alone = tasks < 2
        || threads() == 1
        || POOL.claimed.compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed).is_err();
    if alone {
        job.run();
    } else {
        // SAFETY (of the lifetime erasure): `job` outlives every helper's use of it, below.
        let erased = JobRef(std::ptr::from_ref(&job).cast());
        {
            let mut state = lock(&POOL.state);
            state.job = Some(erased);
            state.generation += 1;
            POOL.posted.notify_all();
        }
        job.run();
        let mut state = lock(&POOL.state);
        state.job = None;
        while state.busy > 0 {
            state = POOL.left.wait(state).unwrap_or_else(|p| p.into_inner());
        }
        drop(state);
        // The helpers' work may lie in memory they grew: blocks they allocated, for the caller to copy.
        see_growth_elsewhere();
        POOL.claimed.store(false, Ordering::Release);
    }
    assert!(!job.panicked.load(Ordering::Relaxed), "a task of a parallel job panicked");
}

/// How many of `rows` (a multiple of `align`, or all) each task takes, when each row is `work_per_row`
/// multiply-adds: about four tasks per thread, so one slow thread holds the others up little, but none
/// smaller than the minimum task work. One task when the pool has one thread.
pub fn rows_per_task(rows: usize, work_per_row: usize, align: usize) -> usize {
    let threads = threads();
    if threads == 1 {
        return rows.max(1);
    }
    let balanced = rows.div_ceil(4 * threads);
    let worth_it = POOL.min_task_work.load(Ordering::Relaxed).div_ceil(work_per_row.max(1));
    balanced.max(worth_it).next_multiple_of(align).min(rows.next_multiple_of(align)).max(1)
}

/// Calls `work(i, chunk)` for each `chunk_len`-long chunk of `data` (the last may be shorter), the
/// chunks spread over the pool's threads. Empty data has no chunks, even when their length is zero (a
/// kernel's chunks are whole rows, and an empty tensor's rows are empty).
pub fn for_each_chunk_mut<T: Send>(data: &mut [T], chunk_len: usize, work: impl Fn(usize, &mut [T]) + Sync) {
    if data.is_empty() {
        return;
    }
    assert!(chunk_len > 0, "chunks hold at least one element");
    let len = data.len();
    let base = SendPtr(data.as_mut_ptr());
    run(len.div_ceil(chunk_len), &|i| {
        let start = i * chunk_len;
        // SAFETY: chunk i is data[start .. start + chunk_len] clipped to the slice: chunks of different
        // tasks are disjoint, each task is run once, and `data` stays borrowed until `run` returns.
        let chunk = unsafe { std::slice::from_raw_parts_mut(base.get().add(start), chunk_len.min(len - start)) };
        work(i, chunk);
    });
}

/// A raw pointer that may cross threads; `for_each_chunk_mut` hands out disjoint parts of what it
/// points to.
struct SendPtr<T>(*mut T);
// SAFETY: only `for_each_chunk_mut` makes one, for disjoint chunks of a slice of `Send` values.
unsafe impl<T: Send> Sync for SendPtr<T> {}

impl<T> SendPtr<T> {
    // A method, so closures capture the wrapper (which is `Sync`) and not its field.
    fn get(&self) -> *mut T {
        self.0
    }
}

/// Makes sure `threads` threads can run a job natively (the CLI's benchmark and the tests; in the
/// browser the helpers are Web Workers).
#[cfg(not(target_arch = "wasm32"))]
pub fn start_native(threads: usize) {
    static STARTED: Mutex<usize> = Mutex::new(0);
    let mut started = STARTED.lock().unwrap_or_else(|p| p.into_inner());
    while *started + 1 < threads {
        std::thread::spawn(|| {
            join();
            loop {
                serve(Duration::from_secs(3600));
            }
        });
        *started += 1;
    }
    // Wait until they have joined, so the next job already uses them.
    while POOL.helpers.load(Ordering::Relaxed) < *started {
        std::thread::yield_now();
    }
}
