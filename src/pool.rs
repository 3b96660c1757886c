//! Work spread over threads, results handed back in the order the work was
//! produced: the policies of one changelog are evaluated while the next
//! changelogs are read, and the report is the same whatever the number of
//! threads.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};

/// How many threads to use: `requested`, or (0) one per core.
pub fn threads(requested: usize) -> usize {
    match requested {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    }
}

/// What a worker does first on its thread ([`ordered`]).
pub type Start<'a, W> = &'a (dyn Fn(&mut W) + Sync);

/// What a worker does with each item ([`ordered`]).
pub type Work<'a, W, T, R> = &'a (dyn Fn(&mut W, T) -> R + Sync);

/// How many items may wait for a worker ([`ordered`]): two per worker, or
/// more while their weights add up to at most `budget`. Many small items
/// (a migration each) then keep `produce` at work while the workers load
/// their policies, where it used to stop after two items per worker and
/// leave a core idle (0.95x the wall time on the corpus's 876 PostgreSQL
/// files); a few large ones (a whole changelog each) stay two per worker.
pub struct Ahead<'a, T> {
    /// An item's weight (a changelog's statements).
    pub weight: &'a (dyn Fn(&T) -> usize + Sync),
    pub budget: usize,
}

/// The items waiting for a worker, and the workers that may still take
/// them: `produce` waits on it while too much waits.
#[derive(Default)]
struct Backlog {
    state: Mutex<Waiting>,
    changed: Condvar,
}

#[derive(Default)]
struct Waiting {
    items: usize,
    weight: usize,
    /// Started workers still running: none, and nothing waits any more (a
    /// worker that stopped has panicked, and the scope re-raises it).
    workers: usize,
}

impl Backlog {
    fn lock(&self) -> std::sync::MutexGuard<'_, Waiting> {
        // nothing panics while holding it; a poisoned count is still right
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until an item of `weight` may join the backlog, and adds it.
    fn join(&self, weight: usize, (min_items, budget): (usize, usize)) {
        let mut waiting = self.lock();
        while waiting.workers > 0
            && waiting.items >= min_items
            && waiting.weight.saturating_add(weight) > budget
        {
            waiting = self
                .changed
                .wait(waiting)
                .unwrap_or_else(|e| e.into_inner());
        }
        waiting.items += 1;
        waiting.weight = waiting.weight.saturating_add(weight);
    }

    /// A worker took an item of `weight`.
    fn leave(&self, weight: usize) {
        let mut waiting = self.lock();
        waiting.items = waiting.items.saturating_sub(1);
        waiting.weight = waiting.weight.saturating_sub(weight);
        drop(waiting);
        self.changed.notify_all();
    }
}

/// Counts a worker out of the [`Backlog`] when its thread ends, however
/// it ends.
struct Running<'a>(&'a Backlog);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        let mut waiting = self.0.lock();
        waiting.workers = waiting.workers.saturating_sub(1);
        drop(waiting);
        self.0.changed.notify_all();
    }
}

/// Runs `work` on every item `produce` hands to its sink, each worker in
/// `workers` on a thread of its own, and gives the results to `done` on
/// this thread, in the order the items were produced. With one worker
/// there is no thread: each item is worked on as soon as it is produced;
/// with none, items are produced and dropped. `start` runs first on each
/// worker's thread, before it takes an item: what a worker needs can load
/// there while `produce` is already at work (a lone worker, on this
/// thread, is not started: `work` loads what it needs).
///
/// How far `produce` gets ahead of the workers is [`Ahead`]'s: memory stays
/// bounded.
pub fn ordered<T: Send, R: Send, W: Send + 'static>(
    mut workers: Vec<W>,
    (start, work): (Start<'_, W>, Work<'_, W, T, R>),
    ahead: Ahead<'_, T>,
    produce: impl FnOnce(&mut dyn FnMut(T)),
    mut done: impl FnMut(R),
) {
    if workers.len() <= 1 {
        let Some(mut worker) = workers.pop() else {
            produce(&mut drop);
            return;
        };
        produce(&mut |item| done(work(&mut worker, item)));
        drop_in_background(worker);
        return;
    }
    let limits = (workers.len() * 2, ahead.budget);
    let backlog = &Backlog::default();
    std::thread::scope(|scope| {
        let (to_work, queue) = mpsc::channel::<(usize, T, usize)>();
        // held by the workers only (this thread keeps a weak reference to
        // start more): when every one of them has stopped (a panic),
        // sending fails instead of blocking forever
        let queue = Arc::new(Mutex::new(queue));
        let more_workers = Arc::downgrade(&queue);
        let mut first_worker = Some(queue);
        let (to_done, results) = mpsc::channel::<(usize, R)>();
        let spawn = |mut worker: W, queue: Arc<Mutex<mpsc::Receiver<(usize, T, usize)>>>| {
            let to_done = to_done.clone();
            backlog.lock().workers += 1;
            scope.spawn(move || {
                let _running = Running(backlog);
                start(&mut worker);
                loop {
                    let next = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => break,
                    };
                    let Ok((i, item, weight)) = next else { break };
                    backlog.leave(weight);
                    if to_done.send((i, work(&mut worker, item))).is_err() {
                        break;
                    }
                }
                drop_in_background(worker);
            });
        };
        // A worker is started when every started one is busy: a check of a
        // few changesets never waits for a second one to load its engine.
        let mut unstarted = workers.into_iter();
        let mut started = 0;
        let mut received = 0;
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        let mut deliver = |waiting: &mut BTreeMap<usize, R>| {
            while let Some(r) = waiting.remove(&next) {
                done(r);
                next += 1;
            }
        };
        let mut produced = 0;
        let mut sink = |item: T| {
            let before = waiting.len();
            waiting.extend(results.try_iter());
            received += waiting.len() - before;
            if produced - received >= started
                && let Some(worker) = unstarted.next()
                && let Some(queue) = first_worker.take().or_else(|| more_workers.upgrade())
            {
                spawn(worker, queue);
                started += 1;
            }
            let weight = (ahead.weight)(&item);
            backlog.join(weight, limits);
            // a worker that stopped has panicked: the scope re-raises it
            if to_work.send((produced, item, weight)).is_ok() {
                produced += 1;
            }
            deliver(&mut waiting);
        };
        produce(&mut sink);
        drop((to_work, to_done, first_worker, unstarted));
        for (i, r) in results.iter() {
            waiting.insert(i, r);
            deliver(&mut waiting);
        }
    });
}

/// Drops `value` on a thread of its own, which nothing waits for. Freeing a
/// loaded policy engine (every rule's syntax tree, schedule and caches)
/// took a tenth of a one-file check; the process may exit before it is
/// done, and the memory goes back then anyway.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    // should the thread not start, the closure and `value` are dropped here
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two items per worker, whatever they weigh: no budget.
    fn two_per_worker() -> Ahead<'static, u64> {
        Ahead {
            weight: &|_| 1,
            budget: 0,
        }
    }

    fn squares(workers: usize, n: u64) -> Vec<u64> {
        let mut out = Vec::new();
        let slow_first = |_: &mut (), i: u64| {
            // the first items take longest, so later ones finish first
            std::thread::sleep(std::time::Duration::from_micros(200 * n.saturating_sub(i)));
            i * i
        };
        ordered(
            vec![(); workers],
            (&|_| {}, &slow_first),
            two_per_worker(),
            |sink| (0..n).for_each(sink),
            |r| out.push(r),
        );
        out
    }

    #[test]
    fn results_come_in_the_order_of_the_work_whatever_the_threads() {
        let expected: Vec<u64> = (0..40).map(|i| i * i).collect();
        for workers in [1, 2, 3, 8] {
            assert_eq!(squares(workers, 40), expected, "{workers} workers");
        }
    }

    #[test]
    fn without_a_worker_items_are_produced_and_dropped() {
        let mut produced = 0;
        let mut results = 0;
        let work = |_: &mut (), i: u64| i;
        let produce = |sink: &mut dyn FnMut(u64)| {
            for i in 0..5 {
                produced += 1;
                sink(i);
            }
        };
        ordered(
            Vec::<()>::new(),
            (&|_| {}, &work),
            two_per_worker(),
            produce,
            |_| results += 1,
        );
        assert_eq!((produced, results), (5, 0));
    }

    #[test]
    fn each_worker_starts_on_its_thread_before_its_first_item() {
        for workers in [2, 3] {
            let mut out = Vec::new();
            // a worker holds the thread it started on
            let start =
                |w: &mut Option<std::thread::ThreadId>| *w = Some(std::thread::current().id());
            let work = |w: &mut Option<std::thread::ThreadId>, i: u64| {
                (*w == Some(std::thread::current().id())).then_some(i)
            };
            ordered(
                vec![None; workers],
                (&start, &work),
                two_per_worker(),
                |sink| (0..10).for_each(sink),
                |r| out.push(r),
            );
            assert_eq!(
                out,
                (0..10).map(Some).collect::<Vec<_>>(),
                "{workers} workers"
            );
        }
    }

    #[test]
    fn a_worker_starts_only_when_the_started_ones_are_all_busy() {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let started = AtomicUsize::new(0);
        let released = AtomicBool::new(false);
        let start = |_: &mut ()| {
            started.fetch_add(1, Ordering::SeqCst);
        };
        // nothing finishes before every item is handed out: each new item
        // finds all started workers busy
        let work = |_: &mut (), i: u64| {
            while !released.load(Ordering::SeqCst) {
                std::thread::yield_now();
            }
            i
        };
        let mut out = Vec::new();
        ordered(
            vec![(); 3],
            (&start, &work),
            two_per_worker(),
            |sink| {
                (0..6).for_each(&mut *sink);
                released.store(true, Ordering::SeqCst);
            },
            |r| out.push(r),
        );
        assert_eq!(out, (0..6).collect::<Vec<_>>());
        assert_eq!(started.load(Ordering::SeqCst), 3);
        // one item: one worker
        started.store(0, Ordering::SeqCst);
        ordered(
            vec![(); 3],
            (&start, &work),
            two_per_worker(),
            |sink| sink(0),
            |_| {},
        );
        assert_eq!(started.load(Ordering::SeqCst), 1);
    }

    /// While the workers are still starting (loading their policies), light
    /// items keep being produced up to the budget; heavy ones stop at two
    /// per worker.
    #[test]
    fn light_items_run_ahead_of_starting_workers_heavy_ones_do_not() {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        // (weight of each item, budget, items handed out before a worker
        // takes one): 2 workers wait for 4 items whatever they weigh
        for (weight, budget, expected) in [(1, 10, 10), (100, 10, 4), (1, 0, 4)] {
            let sent = AtomicUsize::new(0);
            let released = AtomicBool::new(false);
            let reached = AtomicUsize::new(0);
            let start = |_: &mut ()| {
                while !released.load(Ordering::SeqCst) {
                    std::thread::yield_now();
                }
            };
            let work = |_: &mut (), i: u64| i;
            let weigh = move |_: &u64| weight;
            let mut out = Vec::new();
            std::thread::scope(|scope| {
                // releases the workers once the producer has stopped: at
                // `expected` items (a little later, to see it stay there),
                // or after 10 s when it stopped short
                scope.spawn(|| {
                    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
                    while sent.load(Ordering::SeqCst) < expected
                        && std::time::Instant::now() < deadline
                    {
                        std::thread::yield_now();
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    reached.store(sent.load(Ordering::SeqCst), Ordering::SeqCst);
                    released.store(true, Ordering::SeqCst);
                });
                ordered(
                    vec![(); 2],
                    (&start, &work),
                    Ahead {
                        weight: &weigh,
                        budget,
                    },
                    |sink| {
                        for i in 0..20 {
                            sink(i);
                            sent.fetch_add(1, Ordering::SeqCst);
                        }
                    },
                    |r| out.push(r),
                );
            });
            assert_eq!(
                reached.load(Ordering::SeqCst),
                expected,
                "weight {weight}, budget {budget}"
            );
            assert_eq!(out, (0..20).collect::<Vec<_>>());
        }
    }
}
