//! Heap allocations per call: the typed call through the client, the client's
//! transport alone given the request the client sends, and a bare reqwest POST of the
//! same bytes and headers, against the keep-alive server of `keepalive.rs`.
//!
//! A counting global allocator counts, on every thread but the server's, the calls to
//! `alloc`, `alloc_zeroed` and `realloc` and the bytes they request (a `realloc` counts
//! its new size, so a buffer grown twice counts three sizes), over `CALLS` calls (default
//! 20,000) of each variant made one after another on a multi-threaded runtime, after
//! 500 calls of warm-up (the connection, the caches). Under glibc's allocator, each
//! allocation and free is work and, with many threads, a contended lock (see "Many
//! calls at once" in BENCHMARKS.md); this counts what the client adds.
//!
//! Run with `cargo bench -p tencentcloud-sdk-tests --bench allocations`; see
//! BENCHMARKS.md. It measures counts, not time: the figures are the same on a loaded
//! machine.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tencentcloud_runtime::transport::{ReqwestTransport, Transport};
use tencentcloud_runtime::Client;
use tencentcloud_sdk_tests::keepalive::{env_or, request, sent_request, start_server_with};
use tencentcloud_sdk_tests::loopback_bench_config;

/// The system allocator, counting the allocations of the threads that count.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// Whether this thread's allocations are counted (all but the server's).
    static COUNTED: Cell<bool> = const { Cell::new(true) };
}

/// Counts one allocation of `bytes` when this thread counts. `COUNTED` is a `const`
/// `Cell<bool>`: reading it neither allocates nor runs a destructor, so this cannot
/// recurse into the allocator.
fn count(bytes: usize) {
    if COUNTED.try_with(Cell::get).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(bytes as u64, Ordering::Relaxed);
    }
}

// SAFETY: every method forwards to the system allocator with the same arguments.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Every allocation of this benchmark's process goes through the count.
#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and bytes asked for so far.
fn counted() -> (u64, u64) {
    (ALLOCATIONS.load(Ordering::Relaxed), BYTES.load(Ordering::Relaxed))
}

/// Makes `warm_up` calls with `once`, then `calls` more: the name, and the allocations,
/// bytes and polls of the call's future (on this thread, as a caller's `block_on`
/// polls it: each poll after the first is a wake-up from the runtime's threads) per
/// call of these.
fn measure<F, Fut>(
    runtime: &tokio::runtime::Runtime,
    name: &str,
    warm_up: u64,
    calls: u64,
    once: F,
) -> (String, f64, f64, f64)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    runtime.block_on(async {
        for _ in 0..warm_up {
            once().await;
        }
        let before = counted();
        let mut polls = 0u64;
        for _ in 0..calls {
            let mut call = std::pin::pin!(once());
            std::future::poll_fn(|cx| {
                polls += 1;
                call.as_mut().poll(cx)
            })
            .await;
        }
        let after = counted();
        let per_call = |n: u64| n as f64 / calls as f64;
        (name.to_owned(), per_call(after.0 - before.0), per_call(after.1 - before.1), per_call(polls))
    })
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this once briefly.
    let quick = !std::env::args().any(|a| a == "--bench");
    let calls: u64 = if quick { 200 } else { env_or("CALLS", 20_000) };
    let warm_up: u64 = if quick { 20 } else { 500 };
    let url = start_server_with(|| COUNTED.with(|c| c.set(false)));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"));
    let connect = Duration::from_secs(10);
    // The exact bytes and headers the client sends, for the bare POST.
    let sent = sent_request(&runtime, &url);
    let request = request();
    let config = |transport: Arc<dyn Transport>| loopback_bench_config(&url, transport);
    let bare = reqwest::Client::builder().connect_timeout(connect).no_proxy().build().unwrap_or_else(|e| panic!("{e}"));
    let transport = ReqwestTransport::without_proxy(connect).unwrap_or_else(|e| panic!("{e}"));
    let client =
        Client::new(config(Arc::new(ReqwestTransport::without_proxy(connect).unwrap_or_else(|e| panic!("{e}")))));
    let mut captured = http::Request::new(sent.body.clone());
    *captured.method_mut() = http::Method::POST;
    *captured.uri_mut() = sent.uri.clone();
    *captured.headers_mut() = sent.headers.clone();

    let rows = [
        measure(&runtime, "bare reqwest POST", warm_up, calls, || async {
            let reply = bare.post(&url).headers(sent.headers.clone()).body(sent.body.clone()).send().await;
            let bytes = reply.unwrap_or_else(|e| panic!("{e}")).bytes().await.unwrap_or_else(|e| panic!("{e}"));
            std::hint::black_box(bytes);
        }),
        measure(&runtime, "the client's transport alone, same request", warm_up, calls, || async {
            let mut request = http::Request::new(captured.body().clone());
            *request.method_mut() = http::Method::POST;
            *request.uri_mut() = captured.uri().clone();
            *request.headers_mut() = captured.headers().clone();
            let reply = transport.send(request).await.unwrap_or_else(|e| panic!("{e}"));
            std::hint::black_box(reply);
        }),
        measure(&runtime, "typed call through the client", warm_up, calls, || async {
            let reply = client.call(&request).await.unwrap_or_else(|e| panic!("{e}"));
            std::hint::black_box(reply);
        }),
    ];
    println!("{calls} calls each, after {warm_up} of warm-up; the server's thread not counted");
    println!();
    println!(
        "| variant | allocations per call | bytes requested per call | allocations, ratio to bare | polls per call |"
    );
    println!("|---|---:|---:|---:|---:|");
    let base = rows[0].1;
    for (name, allocations, bytes, polls) in &rows {
        println!("| {name} | {allocations:.1} | {bytes:.0} | {:.2} | {polls:.2} |", allocations / base);
    }
}
