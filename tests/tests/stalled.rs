//! A stalled server holds up only the calls it stalls: with 100 calls of one client in
//! flight that the server never answers, other calls of the same client go through,
//! one after another and many at once. (Whether they are as fast is for the benchmarks,
//! `--bench concurrency`; this test asserts no time.)

use std::sync::Arc;
use std::time::Duration;

use tencentcloud_runtime::{Config, Credentials, Endpoint, FixedClock};
use tencentcloud_sdk_tests::loopback::{LoopbackServer, STALL};
use tencentcloud_sdk_tests::{minimal_call, NOW, SECRET_ID, SECRET_KEY};
use tencentcloud_trtc::v20190722::Client;

const OK: &str = r#"{"Response": {"Total": 0, "UserList": [], "RequestId": "ok"}}"#;

/// A guard against a hang, far above what the test needs: not a measurement.
const HANG: Duration = Duration::from_secs(120);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_stalled_calls_do_not_hold_up_the_others() {
    let server = LoopbackServer::start(
        &[(SECRET_ID, SECRET_KEY)],
        Arc::new(|r| if r.body_str().contains("stall") { (STALL, String::new()) } else { (200, OK.to_owned()) }),
    )
    .await;
    let config = Config::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .endpoint(Endpoint::custom(server.url()))
        .clock(Arc::new(FixedClock::new(NOW)))
        // The stalled calls must still be waiting when the others are done.
        .timeout(Duration::from_secs(3600))
        // The client's per-action limit would make calls wait by design; that is not
        // what is tested here.
        .rate_limiting(false)
        .build()
        .expect("config");
    let client = Client::new(config);
    let stalled: Vec<_> = (0..100)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { minimal_call(&client).user_ids(["stall"]).send().await })
        })
        .collect();
    // Every stalled request has reached the server.
    tokio::time::timeout(HANG, async {
        while server.received().len() < 100 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the 100 stalled requests reach the server");
    let others = async {
        for _ in 0..20 {
            minimal_call(&client).send().await.expect("a call one after another");
        }
        let at_once: Vec<_> = (0..50)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move { minimal_call(&client).send().await })
            })
            .collect();
        for task in at_once {
            task.await.expect("the task").expect("a call among many at once");
        }
    };
    tokio::time::timeout(HANG, others).await.expect("the other calls go through");
    assert_eq!(server.received().len(), 170);
    let waiting = stalled.iter().filter(|t| !t.is_finished()).count();
    assert_eq!(waiting, 100, "the stalled calls are still in flight");
    for task in stalled {
        task.abort();
    }
}
