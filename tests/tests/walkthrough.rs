//! The README's "Adding an action" walkthrough, done by a test: an action added by hand
//! to a copy of a hand-written spec is generated into the service crate (client method,
//! operation module, usage examples), and a program that calls it through the typed
//! mock compiles and runs, with the new action's validation in force.

use std::fs;
use std::process::Command;

use tencentcloud_sdk_tests::{copy_dir, repo_root};

/// The action the walkthrough adds, as a user would write it (README, step 1).
const NEW_ACTION: &str = r#"
  DescribeRoomCount:
    title: Counts the rooms of an application
    status: online
    doc: |
      Returns how many rooms the application has open.
    rate_limit: 10
    input:
      SdkAppId:
        type: uint64
        required: true
        example: "1400188366"
        doc: The `SDKAppID` of the application.
        constraints:
          - min: 1
            error: InvalidParameter.SdkAppId
    output:
      RoomCount:
        type: int64
        required: true
        doc: The number of open rooms.
    errors:
      InvalidParameter.SdkAppId: SdkAppId is incorrect.
"#;

/// The program using the new action: a mocked reply, then a request validation refuses.
const PROGRAM: &str = r#"//! Calls the action added by the walkthrough through the typed mock.
use tencentcloud_trtc::v20190722::mock::{client, rule, MockTransport};
use tencentcloud_trtc::v20190722::operation::describe_room_count::DescribeRoomCountRequest;
use tencentcloud_trtc::v20190722::SdkError;

#[tokio::main]
async fn main() {
    let mock = MockTransport::new().with_rule(
        rule::<DescribeRoomCountRequest>()
            .match_requests(|r| r.sdk_app_id == 1400188366)
            .then_json(serde_json::json!({"RoomCount": 7, "RequestId": "walk"})),
    );
    let client = client(&mock);
    let reply = client.describe_room_count().sdk_app_id(1400188366).send().await.expect("mocked reply");
    assert_eq!(reply.room_count, 7);
    match client.describe_room_count().sdk_app_id(0).send().await {
        Err(SdkError::Validation(e)) => assert_eq!(e.codes().collect::<Vec<_>>(), ["InvalidParameter.SdkAppId"]),
        other => panic!("SdkAppId 0 must be refused before sending: {other:?}"),
    }
    mock.assert_all_used();
    println!("walkthrough ok");
}
"#;

#[test]
fn an_action_added_by_hand_is_generated_compiled_and_callable() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    let repo = repo_root();
    copy_dir(&repo.join("templates"), &root.join("templates"));
    fs::create_dir_all(root.join("spec/trtc")).expect("mkdir");
    fs::copy(repo.join("spec/common.yaml"), root.join("spec/common.yaml")).expect("copy common");
    let spec = fs::read_to_string(repo.join("tests/fixtures/specs/handwritten/trtc/v20190722.yaml")).expect("spec");
    let actions = spec.find("\nactions:\n").expect("an actions: section") + "\nactions:\n".len();
    let spec = format!("{}{}{}", &spec[..actions], NEW_ACTION.trim_start_matches('\n'), &spec[actions..]);
    fs::write(root.join("spec/trtc/v20190722.yaml"), spec).expect("write spec");
    std::os::unix::fs::symlink(repo.join("runtime"), root.join("runtime")).expect("symlink runtime");
    std::os::unix::fs::symlink(repo.join("cli"), root.join("cli")).expect("symlink cli");

    // README, steps 2 and 3: validate, then generate.
    tcgen::generate(root).expect("the spec with the new action generates");
    let crate_dir = root.join("generated/trtc");
    let client = fs::read_to_string(crate_dir.join("src/v20190722/client.rs")).expect("client.rs");
    assert!(client.contains("pub fn describe_room_count("), "a client method for the new action");
    let op = fs::read_to_string(crate_dir.join("src/v20190722/operation/describe_room_count.rs")).expect("its module");
    assert!(op.contains("pub struct DescribeRoomCountRequest"));
    assert!(op.contains("Some(\"InvalidParameter.SdkAppId\")"), "its constraint with the code it pre-empts");

    // A program using it, in a workspace over the generated tree.
    fs::create_dir_all(root.join("walk/src")).expect("mkdir");
    fs::write(
        root.join("walk/Cargo.toml"),
        "[package]\nname = \"walk\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
         tencentcloud-trtc = { path = \"../generated/trtc\", default-features = false, features = [\"v20190722\", \"test-util\"] }\n\
         tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\nserde_json = \"1\"\n",
    )
    .expect("write");
    fs::write(root.join("walk/src/main.rs"), PROGRAM).expect("write");
    let manifest = fs::read_to_string(repo.join("Cargo.toml")).expect("manifest");
    let members = "members = [\"runtime\", \"cli\", \"generated/*\", \"tests\"]";
    assert!(manifest.contains(members), "the workspace members changed; update this test");
    let manifest = manifest.replace(members, "members = [\"runtime\", \"generated/trtc\", \"walk\"]");
    fs::write(root.join("Cargo.toml"), manifest).expect("manifest");
    fs::copy(repo.join("Cargo.lock"), root.join("Cargo.lock")).expect("lock");
    let output = Command::new(env!("CARGO"))
        .current_dir(root)
        .env("CARGO_TARGET_DIR", repo.join("target/spec-features"))
        .args(["run", "--offline", "--quiet", "-p", "walk"])
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "the program using the new action fails:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "walkthrough ok");
}
