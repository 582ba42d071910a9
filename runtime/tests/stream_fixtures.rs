//! Streams of server-sent events without a network: scripted by the mock, recorded by
//! the recorder and replayed, replayed as examples (the call's span around the reading
//! of a stream is tested in `tracing.rs`).

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::json;
use tencentcloud_runtime::error::SdkError;
use tencentcloud_runtime::examples::replay_stream_example;
use tencentcloud_runtime::mock::{rule, MockTransport};
use tencentcloud_runtime::record::RecordingTransport;
use tencentcloud_runtime::test_util::{Canned, CapturingTransport, Fixture, ReplayTransport};
use tencentcloud_runtime::validation::{ValidationContext, Violations};
use tencentcloud_runtime::{
    Action, ActionMetadata, CallOverrides, Client, Config, Credentials, StreamReply, StreamingAction,
    UntypedServiceError,
};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Speak {
    #[serde(rename = "Text")]
    text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Audio {
    #[serde(rename = "Seq")]
    seq: u32,
}

impl Action for Speak {
    type Output = serde_json::Value;
    type Error = UntypedServiceError;
    fn metadata(&self) -> ActionMetadata<'_> {
        ActionMetadata::new("trtc", "2019-07-22", "TextToSpeechSSE", "trtc.tencentcloudapi.com")
            .with_host("trtc.ai.tencentcloudapi.com")
    }
    fn validate(&self, _: &ValidationContext, _: &mut Violations) {}
}

impl StreamingAction for Speak {
    type Event = Audio;
}

fn speak() -> Speak {
    Speak { text: "hi".into() }
}

/// Every item of the stream `reply` as decoded events or the error's code.
async fn items(reply: StreamReply<serde_json::Value, Audio, UntypedServiceError>) -> Vec<Result<u32, String>> {
    let mut events = reply.into_events().expect("a stream");
    let mut out = Vec::new();
    while let Some(item) = events.next_event().await {
        out.push(item.map(|a| a.seq).map_err(|e| e.code().unwrap_or("not a service error").to_owned()));
    }
    out
}

#[tokio::test]
async fn the_mock_scripts_streams_and_errors_typed_or_not() {
    let mock = MockTransport::new().with_rule(
        rule::<Speak>()
            .then_events(vec![json!({"Seq": 1}), json!({"Seq": "2"})])
            .times(1)
            .then_events_then_error(vec![json!({"Seq": 3})], "InternalError", "boom")
            .times(1)
            .then_typed_events(vec![Audio { seq: 4 }]),
    );
    let client = Client::new(mock.config_builder().build().unwrap());
    assert_eq!(items(client.call_stream(&speak()).await.unwrap()).await, [Ok(1), Ok(2)]);
    assert_eq!(items(client.call_stream(&speak()).await.unwrap()).await, [Ok(3), Err("InternalError".into())]);
    let reply = client.call_json_stream(speak().metadata(), &json!({"Text": "hi"}), &CallOverrides::new()).await;
    let mut events = reply.unwrap().into_events().unwrap();
    assert_eq!(events.request_id(), Some(tencentcloud_runtime::mock::MOCK_REQUEST_ID));
    assert_eq!(events.next_event().await.unwrap().unwrap(), json!({"Seq": 4}));
    assert!(events.next_event().await.is_none());
    mock.assert_all_used();
}

#[tokio::test]
async fn a_recorded_stream_replays_and_replays_as_an_example() {
    let dir = tempfile::tempdir().unwrap();
    let inner = CapturingTransport::new().with_default(Canned::Response {
        status: 200,
        headers: vec![("Content-Type".into(), "text/event-stream".into())],
        body: b": hi\n\ndata: {\"Seq\": 1}\n\ndata: {\"Seq\": 2}\n\ndata: [DONE]\n\n".to_vec(),
    });
    let recorder = RecordingTransport::new(inner, dir.path());
    let config = |t: Arc<dyn tencentcloud_runtime::Transport>| {
        Config::builder()
            .credentials(Credentials::new("AKIDrec", "rec-key"))
            .region("ap-guangzhou")
            .transport(t)
            .build()
            .unwrap()
    };
    let recorded = Client::new(config(Arc::new(recorder))).call_stream(&speak()).await.unwrap();
    assert_eq!(items(recorded).await, [Ok(1), Ok(2)]);
    let path = std::fs::read_dir(dir.path()).unwrap().next().unwrap().unwrap().path();
    let fixture = Fixture::load(&path).unwrap();
    let response = &fixture.exchanges[0].response;
    assert!(response.is_event_stream(), "{response:?}");
    assert!(response.body_text.as_deref().unwrap().contains("data: {\"Seq\": 2}"));
    let replay = ReplayTransport::new(fixture.clone());
    let replayed = Client::new(config(Arc::new(replay.clone()))).call_stream(&speak()).await.unwrap();
    assert_eq!(items(replayed).await, [Ok(1), Ok(2)]);
    replay.finish();
    replay_stream_example::<Speak>(&fixture).await.unwrap();
}

/// A fixture of `Speak` whose response is `response`.
fn example(response: serde_json::Value) -> Fixture {
    let text = json!({"exchanges": [{"request": {"action": "TextToSpeechSSE", "body": {"Text": "hi"}}, "response": response}]});
    Fixture::from_json(&text.to_string()).unwrap()
}

#[tokio::test]
async fn examples_replay_streams_errors_and_json() {
    // A stream known by its text alone, and one by its content type.
    let plain = example(json!({"body_text": "data: {\"Seq\": 1}\n\n"}));
    replay_stream_example::<Speak>(&plain).await.unwrap();
    let typed = example(json!({"content_type": "text/event-stream", "body_text": "\n\ndata: {\"Seq\": 1}"}));
    replay_stream_example::<Speak>(&typed).await.unwrap();
    let error = example(
        json!({"body_text": "data: {\"Seq\": 1}\n\ndata: {\"Error\": {\"Code\": \"X.Y\", \"Message\": \"m\"}}\n\n"}),
    );
    replay_stream_example::<Speak>(&error).await.unwrap();
    let json_reply = example(json!({"body": {"Response": {"Done": true, "RequestId": "r"}}}));
    replay_stream_example::<Speak>(&json_reply).await.unwrap();
    let json_error =
        example(json!({"body": {"Response": {"Error": {"Code": "A.B", "Message": "m"}, "RequestId": "r"}}}));
    replay_stream_example::<Speak>(&json_error).await.unwrap();
    // An event that does not decode fails the replay, and so does an empty stream.
    let bad = example(json!({"body_text": "data: {\"Seq\": \"x\"}\n\n"}));
    let e = replay_stream_example::<Speak>(&bad).await.unwrap_err();
    assert!(e.contains("does not decode"), "{e}");
    let empty = example(json!({"content_type": "text/event-stream", "body_text": ": nothing\n\n"}));
    assert!(replay_stream_example::<Speak>(&empty).await.unwrap_err().contains("no event"));
}

#[tokio::test]
async fn an_action_host_is_used_as_it_is_and_a_custom_endpoint_still_wins() {
    let transport = CapturingTransport::new();
    let base = || {
        Config::builder()
            .credentials(Credentials::new("AKIDh", "k"))
            .region("ap-beijing")
            .transport(Arc::new(transport.clone()))
    };
    let regional = base().endpoint(tencentcloud_runtime::Endpoint::Regional).build().unwrap();
    Client::new(regional).call(&speak()).await.unwrap();
    let intl = base().root_domain("intl.tencentcloudapi.com").build().unwrap();
    Client::new(intl).call(&speak()).await.unwrap();
    let custom = base().endpoint(tencentcloud_runtime::Endpoint::custom("http://127.0.0.1:9")).build().unwrap();
    Client::new(custom).call(&speak()).await.unwrap();
    let hosts: Vec<String> = transport.requests().iter().map(|r| r.header("host").unwrap().to_owned()).collect();
    assert_eq!(hosts, ["trtc.ai.tencentcloudapi.com", "trtc.ai.intl.tencentcloudapi.com", "127.0.0.1:9"]);
    // The signature's scope is still the service's.
    let authorization = transport.requests()[0].header("authorization").unwrap().to_owned();
    assert!(authorization.contains("/trtc/tc3_request"), "{authorization}");
}

#[tokio::test]
async fn a_stream_where_json_was_expected_is_a_decode_error() {
    let mock = MockTransport::new().with_rule(rule::<Speak>().then_events(vec![json!({"Seq": 1})]));
    let client = Client::new(mock.config_builder().build().unwrap());
    let Err(SdkError::Decode(e)) = client.call(&speak()).await else { panic!("a decode error") };
    assert!(e.to_string().contains("data: "), "{e}");
}
