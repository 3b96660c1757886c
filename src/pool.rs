//! Work spread over threads, results handed back in the order the work was
//! produced: the policies of one changelog are evaluated while the next
//! changelogs are read, and the report is the same whatever the number of
//! threads.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

/// How many threads to use: `requested`, or (0) one per core.
pub fn threads(requested: usize) -> usize {
    match requested {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    }
}

/// Runs `work` on every item `produce` hands to its sink, each worker in
/// `workers` on a thread of its own, and gives the results to `done` on
/// this thread, in the order the items were produced. With one worker
/// there is no thread: each item is worked on as soon as it is produced;
/// with none, items are produced and dropped.
///
/// At most two items per worker wait for a worker, so `produce` (running
/// on this thread) never gets far ahead and memory stays bounded.
pub fn ordered<T: Send, R: Send, W: Send + 'static>(
    mut workers: Vec<W>,
    work: &(dyn Fn(&mut W, T) -> R + Sync),
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
    std::thread::scope(|scope| {
        let (to_work, queue) = mpsc::sync_channel::<(usize, T)>(workers.len() * 2);
        // shared by the workers only: when every one of them has stopped
        // (a panic), sending fails instead of blocking forever
        let queue = Arc::new(Mutex::new(queue));
        let (to_done, results) = mpsc::channel::<(usize, R)>();
        for mut worker in workers {
            let queue = Arc::clone(&queue);
            let to_done = to_done.clone();
            scope.spawn(move || {
                loop {
                    let next = match queue.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => break,
                    };
                    let Ok((i, item)) = next else { break };
                    if to_done.send((i, work(&mut worker, item))).is_err() {
                        break;
                    }
                }
                drop_in_background(worker);
            });
        }
        drop((to_done, queue));
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
            // a worker that stopped has panicked: the scope re-raises it
            if to_work.send((produced, item)).is_ok() {
                produced += 1;
            }
            waiting.extend(results.try_iter());
            deliver(&mut waiting);
        };
        produce(&mut sink);
        drop(to_work);
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

    fn squares(workers: usize, n: u64) -> Vec<u64> {
        let mut out = Vec::new();
        let slow_first = |_: &mut (), i: u64| {
            // the first items take longest, so later ones finish first
            std::thread::sleep(std::time::Duration::from_micros(200 * n.saturating_sub(i)));
            i * i
        };
        ordered(
            vec![(); workers],
            &slow_first,
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
        ordered(Vec::<()>::new(), &work, produce, |_| results += 1);
        assert_eq!((produced, results), (5, 0));
    }
}
