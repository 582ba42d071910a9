//! Streaming actions end to end through generated crates: trtc `TextToSpeechSSE` (always
//! streams, events of a type of their own, served from its own host) and lkeap
//! `ChatCompletions` (streams when `Stream` is true, events of the response's type), over
//! the loopback server that checks each signature, and through the command line.

use std::ffi::OsString;
use std::sync::Arc;

use tencentcloud_cli_core::{run, ServiceEntry};
use tencentcloud_runtime::credentials::Env;
use tencentcloud_runtime::test_util::{Canned, CapturingTransport};
use tencentcloud_runtime::{Client, Config, Credentials, Endpoint, RetryConfig, SdkError, StreamReply};
use tencentcloud_sdk_tests::loopback::LoopbackServer;
use tencentcloud_sdk_tests::{SECRET_ID, SECRET_KEY};

/// Two chunks of audio, then the error event of a synthesis that failed mid-way.
const TTS_FAILS: &str = "data: {\"Type\": \"chunk\", \"RequestId\": \"tts-1\", \"ChunkId\": \"chunk_0\", \"Audio\": \"AAEC\", \"Seq\": 0, \"IsEnd\": false}\n\n\
: heartbeat\n\n\
data: {\"Type\": \"chunk\", \"RequestId\": \"tts-1\", \"ChunkId\": \"chunk_1\", \"Audio\": \"AwQF\", \"Seq\": 1, \"IsEnd\": false,\n\
data:  \"Alignments\": [{\"TimeBeginMs\": 0, \"TimeEndMs\": 600, \"TextBegin\": 0, \"TextEnd\": 2}]}\n\n\
data: {\"Type\": \"error\", \"RequestId\": \"tts-1\", \"Error\": {\"Code\": \"InternalError\", \"Message\": \"synthesis failed\"}}\n\n";

/// Chat chunks without a `RequestId` (as lkeap sends them), then `[DONE]`.
const CHAT: &str = "data: {\"Choices\": [{\"Delta\": {\"Role\": \"assistant\", \"Content\": \"Hel\"}, \"FinishReason\": \"\", \"Index\": 0}], \"Created\": 1738697505, \"Id\": \"c1\", \"Model\": \"deepseek-r1\"}\n\n\
data: {\"Choices\": [{\"Delta\": {\"Content\": \"lo\"}, \"FinishReason\": \"stop\", \"Index\": 0}], \"Created\": 1738697505, \"Id\": \"c1\", \"Model\": \"deepseek-r1\"}\n\n\
data: [DONE]\n\n";

const CHAT_JSON: &str = r#"{"Response": {"Choices": [{"Message": {"Role": "assistant", "Content": "Hello"}, "FinishReason": "stop", "Index": 0}], "Created": 1738697505, "Id": "c2", "Model": "deepseek-r1", "RequestId": "chat-json"}}"#;

async fn server(reply: &'static str) -> LoopbackServer {
    LoopbackServer::start(&[(SECRET_ID, SECRET_KEY)], Arc::new(move |_| (200, reply.to_owned()))).await
}

fn client(endpoint: Endpoint) -> Client {
    let config = Config::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .endpoint(endpoint)
        .retry(RetryConfig::disabled())
        .build()
        .expect("config");
    Client::new(config)
}

fn voice() -> tencentcloud_trtc::v20190722::types::Voice {
    serde_json::from_value(serde_json::json!({"VoiceId": "v-female-R2s4N9qJ"})).expect("a voice")
}

#[tokio::test]
async fn speech_chunks_arrive_typed_then_the_error_event_ends_the_stream() {
    let server = server(TTS_FAILS).await;
    let trtc = tencentcloud_trtc::v20190722::Client::from_runtime(client(Endpoint::custom(server.url())));
    let reply = trtc.text_to_speech_sse().text("hello").voice(voice()).sdk_app_id(1_400_000_000).send().await;
    let Ok(StreamReply::Events(mut events)) = reply else { panic!("expected events, got {reply:?}") };
    let first = events.next_event().await.expect("an event").expect("a chunk");
    assert_eq!(
        (first.chunk_id.as_deref(), first.audio.as_deref(), first.seq),
        (Some("chunk_0"), Some("AAEC"), Some(0))
    );
    let second = events.next_event().await.expect("an event").expect("a chunk over two data lines");
    let alignment = &second.alignments.as_ref().expect("alignments")[0];
    assert_eq!((alignment.time_end_ms, alignment.text_end), (Some(600), Some(2)));
    match events.next_event().await {
        Some(Err(SdkError::Service(e))) => {
            assert_eq!((e.code(), e.message(), e.request_id()), ("InternalError", "synthesis failed", Some("tts-1")))
        }
        other => panic!("expected the typed error, got {other:?}"),
    }
    assert!(events.next_event().await.is_none(), "the error ends the stream");
    let sent = &server.received()[0];
    assert!(sent.signature.is_ok(), "signed as any call: {:?}", sent.signature);
    assert_eq!(sent.header("X-TC-Action"), Some("TextToSpeechSSE"));
}

#[tokio::test]
async fn speech_goes_to_its_own_host_under_the_service_scope() {
    let events = Canned::Response {
        status: 200,
        headers: vec![("Content-Type".to_owned(), "text/event-stream".to_owned())],
        body: TTS_FAILS.into(),
    };
    let transport = Arc::new(CapturingTransport::new().with_default(events));
    let config = Config::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY))
        .region("ap-guangzhou")
        .transport(transport.clone())
        .retry(RetryConfig::disabled())
        .build()
        .expect("config");
    let trtc = tencentcloud_trtc::v20190722::Client::from_runtime(Client::new(config));
    let reply = trtc.text_to_speech_sse().text("hello").voice(voice()).sdk_app_id(1).send().await;
    assert!(matches!(reply, Ok(StreamReply::Events(_))), "{reply:?}");
    // Another action of the service (its reply, events, does not decode: not the point).
    let _ = trtc.describe_ai_conversation().send().await;
    let requests = transport.requests();
    assert_eq!(requests[0].uri.host(), Some("trtc.ai.tencentcloudapi.com"));
    let authorization = requests[0].header("Authorization").unwrap_or_default().to_owned();
    assert!(authorization.contains("/trtc/tc3_request"), "{authorization}");
    assert_eq!(requests[1].uri.host(), Some("trtc.tencentcloudapi.com"), "other actions keep the service's host");
}

#[tokio::test]
async fn a_chat_streams_when_asked_and_answers_in_json_otherwise() {
    let lkeap = |url: String| tencentcloud_lkeap::v20240522::Client::from_runtime(client(Endpoint::custom(url)));
    let message: tencentcloud_lkeap::v20240522::types::Message =
        serde_json::from_value(serde_json::json!({"Role": "user", "Content": "Hi"})).expect("a message");

    let streamed = server(CHAT).await;
    let reply = lkeap(streamed.url())
        .chat_completions()
        .model("deepseek-r1")
        .messages([message.clone()])
        .stream(true)
        .send()
        .await;
    let Ok(StreamReply::Events(mut events)) = reply else { panic!("expected events, got {reply:?}") };
    let mut text = String::new();
    while let Some(event) = events.next_event().await {
        let event = event.expect("a chunk decodes though it has no RequestId");
        for choice in event.choices.unwrap_or_default() {
            text.push_str(choice.delta.and_then(|d| d.content).as_deref().unwrap_or(""));
        }
    }
    assert_eq!(text, "Hello");
    let sent: serde_json::Value = serde_json::from_str(&streamed.received()[0].body_str()).expect("a JSON body");
    assert_eq!(sent["Stream"], true);

    let whole = server(CHAT_JSON).await;
    let reply = lkeap(whole.url()).chat_completions().model("deepseek-r1").messages([message]).send().await;
    let Ok(StreamReply::Response(response)) = reply else { panic!("expected one JSON reply, got {reply:?}") };
    assert_eq!(response.request_id, "chat-json");
    assert_eq!(response.id.as_deref(), Some("c2"));
}

#[tokio::test]
async fn the_command_line_prints_each_event_on_its_own_line() {
    static SERVICES: &[&ServiceEntry] = &[&tencentcloud_lkeap::v20240522::dynamic::SERVICE];
    let server = server(CHAT).await;
    let url = server.url();
    let args = [
        "tencentcloud",
        "lkeap",
        "ChatCompletions",
        "--Model",
        "deepseek-r1",
        "--Messages",
        r#"[{"Role": "user", "Content": "Hi"}]"#,
        "--Stream",
        "true",
        "--region",
        "ap-guangzhou",
        "--endpoint",
        &url,
        "--filter",
        "Choices[0].Delta.Content",
    ];
    let env = Env::from_map([("TENCENTCLOUD_SECRET_ID", SECRET_ID), ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)]);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(args.iter().map(OsString::from).collect(), SERVICES, env, &mut out, &mut err).await;
    let (out, err) = (String::from_utf8_lossy(&out), String::from_utf8_lossy(&err));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().collect::<Vec<_>>(), ["\"Hel\"", "\"lo\""]);
}

/// cls `UploadLog` sends the caller's bytes as they are, its parameters in `X-CLS-*`
/// headers, signed over the bytes; the loopback server checks the signature.
#[tokio::test]
async fn a_binary_body_is_sent_as_is_with_its_parameters_in_headers() {
    let server = server(r#"{"Response": {"RequestId": "upload-1"}}"#).await;
    let cls = tencentcloud_cls::v20201016::Client::from_runtime(client(Endpoint::custom(server.url())));
    let body: &[u8] = b"\x0a\x03log\x00\xff";
    let output = cls.upload_log().topic_id("f6c4fa6f-topic").compress_type("lz4").body(body).send().await;
    assert_eq!(output.expect("uploaded").request_id, "upload-1");
    let sent = &server.received()[0];
    assert!(sent.signature.is_ok(), "signed over the bytes: {:?}", sent.signature);
    assert_eq!(sent.body, body);
    assert_eq!(sent.header("Content-Type"), Some("application/octet-stream"));
    assert_eq!(sent.header("X-CLS-TopicId"), Some("f6c4fa6f-topic"));
    assert_eq!(sent.header("X-CLS-CompressType"), Some("lz4"));
    assert_eq!(sent.header("X-TC-Action"), Some("UploadLog"));

    // The command line reads the bytes from a file.
    static SERVICES: &[&ServiceEntry] = &[&tencentcloud_cls::v20201016::dynamic::SERVICE];
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("logs.pb");
    std::fs::write(&file, body).expect("written");
    let (url, path) = (server.url(), file.display().to_string());
    let args = [
        "tencentcloud",
        "cls",
        "UploadLog",
        "--TopicId",
        "t",
        "--body",
        &path,
        "--region",
        "ap-guangzhou",
        "--endpoint",
        &url,
    ];
    let env = Env::from_map([("TENCENTCLOUD_SECRET_ID", SECRET_ID), ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)]);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(args.iter().map(OsString::from).collect(), SERVICES, env, &mut out, &mut err).await;
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    assert_eq!(server.received()[1].body, body);
    assert_eq!(server.received()[1].header("X-CLS-TopicId"), Some("t"));

    // Without --body it says what to type, and sends nothing.
    let args = ["tencentcloud", "cls", "UploadLog", "--TopicId", "t", "--region", "ap-guangzhou", "--endpoint", &url];
    let env = Env::from_map([("TENCENTCLOUD_SECRET_ID", SECRET_ID), ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)]);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(args.iter().map(OsString::from).collect(), SERVICES, env, &mut out, &mut err).await;
    assert_eq!(code, 2);
    assert!(String::from_utf8_lossy(&err).contains("--body FILE"));
    assert_eq!(server.received().len(), 2);
}
