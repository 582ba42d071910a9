//! Independent pieces of work on every core: the spec files parsed, the crates rendered,
//! an action's module built and formatted. Results come back in input order, so what a
//! run writes and reports never depends on the schedule.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

thread_local! {
    /// Whether this thread is one of [`map_in_order`]'s workers: work it shares again runs
    /// on it alone (the crates are shared between the cores, so their actions need not be).
    static IN_WORKER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// How many threads share the work: the cores available, at most 8; one inside a worker.
fn threads() -> usize {
    if IN_WORKER.with(std::cell::Cell::get) {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
}

/// `f` applied to every item, on every core, the results in the order of `items`.
///
/// Items are handed out one at a time, heaviest first by `weight` (ties in input order),
/// so that one large item started last does not leave the other cores idle. A panic in
/// `f` is resumed on the calling thread.
pub(crate) fn map_in_order<T, R, W, F>(items: &[T], weight: W, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    W: Fn(&T) -> usize,
    F: Fn(&T) -> R + Sync,
{
    let threads = threads().min(items.len());
    if threads < 2 {
        return items.iter().map(f).collect();
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(weight(&items[i])));
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    IN_WORKER.with(|w| w.set(true));
                    while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let result = f(&items[i]);
                        // A worker that panicked while holding the lock poisoned it; its
                        // panic is resumed below, so the poison itself carries nothing.
                        let mut done = done.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                        done[i] = Some(result);
                    }
                })
            })
            .collect();
        for worker in workers {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    let done = done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    // Every index was handed out exactly once and no worker panicked, so every slot is set.
    done.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::map_in_order;

    #[test]
    fn results_come_back_in_input_order_whatever_the_weights() {
        let items: Vec<usize> = (0..200).collect();
        // The weights reverse the schedule (and tie in blocks): the order must not follow it.
        let out = map_in_order(
            &items,
            |i| (i % 7) * 1000 + i,
            |i| {
                if i % 13 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                i * 2
            },
        );
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn every_item_is_done_once() {
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let items = vec![(); 97];
        let out = map_in_order(&items, |_| 1, |_| calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
        assert_eq!(out.len(), 97);
        assert_eq!(calls.into_inner(), 97);
        let mut seen = out.clone();
        seen.sort_unstable();
        assert_eq!(seen, (0..97).collect::<Vec<_>>());
    }

    #[test]
    fn work_shared_inside_a_worker_runs_on_that_worker() {
        let outer: Vec<usize> = (0..8).collect();
        let out = map_in_order(
            &outer,
            |_| 1,
            |&i| {
                let me = std::thread::current().id();
                let inner: Vec<usize> = (0..20).collect();
                let threads = map_in_order(&inner, |_| 1, |_| std::thread::current().id());
                (i, threads.iter().all(|t| *t == me))
            },
        );
        assert_eq!(out, outer.iter().map(|&i| (i, true)).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller() {
        let items: Vec<usize> = (0..50).collect();
        let caught = std::panic::catch_unwind(|| {
            map_in_order(
                &items,
                |_| 0,
                |&i| {
                    assert_ne!(i, 31, "item 31 fails");
                    i
                },
            )
        });
        assert!(caught.is_err());
    }
}
