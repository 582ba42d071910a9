//! The `Deserialize` the generator writes (not derived): what each kind of member does
//! when present, missing, `null`, escaped, unknown or of the wrong type, on TRTC's
//! DescribeUserInfo response and its `UserInformation` model, and on a request (behind
//! the `request-deserialize` feature).

use tencentcloud_runtime::de::take_defaults_used;
use tencentcloud_trtc::v20190722::operation::describe_user_info::{DescribeUserInfoRequest, DescribeUserInfoResponse};
use tencentcloud_trtc::v20190722::types::UserInformation;

/// Decodes `json`, returning the value and the defaults used while decoding it.
fn decode<T: serde::de::DeserializeOwned>(json: &str) -> (Result<T, String>, u32) {
    take_defaults_used();
    let out = serde_json::from_str::<T>(json).map_err(|e| e.to_string());
    (out, take_defaults_used())
}

const USER: &str = r#"{"RoomStr": "r", "UserId": "u", "JoinTs": 1, "LeaveTs": 2, "DeviceType": "d",
    "SdkVersion": "s", "ClientIp": "c", "Finished": true}"#;

#[test]
fn a_complete_response_decodes_every_member_and_uses_no_default() {
    let json = format!(r#"{{"Total": 2, "UserList": [{USER}, {USER}], "RequestId": "req"}}"#);
    let (out, defaults) = decode::<DescribeUserInfoResponse>(&json);
    let out = out.expect("decodes");
    assert_eq!((out.total, out.request_id.as_str(), defaults), (2, "req", 0));
    let users = out.user_list.expect("a list");
    assert_eq!(users.len(), 2);
    assert_eq!(users[1].user_id, "u");
    assert_eq!((users[1].join_ts, users[1].leave_ts, users[1].finished), (1, 2, true));
    assert_eq!(users[1].client_ip, "c");
}

#[test]
fn always_present_members_missing_or_null_are_defaults_and_counted() {
    // Total null, UserList absent (optional: no default counted).
    let (out, defaults) = decode::<DescribeUserInfoResponse>(r#"{"Total": null, "RequestId": "req"}"#);
    let out = out.expect("decodes");
    assert_eq!((out.total, out.user_list, defaults), (0, None, 1));
    // Total missing.
    let (out, defaults) = decode::<DescribeUserInfoResponse>(r#"{"RequestId": "req"}"#);
    assert_eq!((out.expect("decodes").total, defaults), (0, 1));
    // In a model inside a list: two members null, one missing.
    let json = r#"{"Total": 1, "RequestId": "req", "UserList": [
        {"RoomStr": null, "UserId": "u", "JoinTs": null, "LeaveTs": 2, "DeviceType": "d",
         "SdkVersion": "s", "ClientIp": "c"}]}"#;
    let (out, defaults) = decode::<DescribeUserInfoResponse>(json);
    let user = &out.expect("decodes").user_list.expect("a list")[0];
    assert_eq!((user.room_str.as_str(), user.join_ts, user.finished, user.leave_ts), ("", 0, false, 2));
    assert_eq!(defaults, 3);
}

#[test]
fn a_missing_request_id_or_a_wrong_type_is_an_error() {
    let (out, _) = decode::<DescribeUserInfoResponse>(r#"{"Total": 1}"#);
    assert_eq!(out.unwrap_err(), "missing field `RequestId` at line 1 column 12");
    let (out, _) = decode::<DescribeUserInfoResponse>(r#"{"Total": "1", "RequestId": "req"}"#);
    assert!(out.unwrap_err().starts_with("invalid type: string \"1\", expected u64"));
    let (out, _) = decode::<DescribeUserInfoResponse>(r#"{"RequestId": null}"#);
    assert!(out.unwrap_err().starts_with("invalid type: null, expected a string"));
    // An object is expected, not an array of its members.
    let (out, _) = decode::<UserInformation>(r#"["r", "u", 1, 2, "d", "s", "c", true]"#);
    assert!(out.unwrap_err().starts_with("invalid type: sequence, expected struct UserInformation"));
    let (out, _) =
        decode::<DescribeUserInfoResponse>(r#"{"Total": 1, "UserList": {"RoomStr": "r"}, "RequestId": "q"}"#);
    assert!(out.unwrap_err().starts_with("invalid type: map, expected a sequence"));
}

#[test]
fn unknown_members_are_skipped_and_escaped_names_are_matched() {
    let json = r#"{"Extra": {"Deep": [1, {"Total": 9}]}, "\u0054otal": 5, "Request\u0049d": "req", "More": null}"#;
    let (out, defaults) = decode::<DescribeUserInfoResponse>(json);
    let out = out.expect("decodes");
    assert_eq!((out.total, out.request_id.as_str(), defaults), (5, "req", 0));
    // Names are matched exactly: other cases are unknown members.
    let (out, defaults) = decode::<DescribeUserInfoResponse>(r#"{"total": 5, "RequestId": "req"}"#);
    assert_eq!((out.expect("decodes").total, defaults), (0, 1));
}

#[test]
fn a_member_given_twice_keeps_its_last_value() {
    let (out, _) = decode::<DescribeUserInfoResponse>(r#"{"Total": 1, "Total": 2, "RequestId": "req"}"#);
    assert_eq!(out.expect("decodes").total, 2);
}

#[test]
fn requests_decode_strictly_required_members_and_leave_optional_ones_unset() {
    let json = r#"{"CommId": "c", "StartTime": 1, "EndTime": 2, "SdkAppId": 3, "PageSize": 10}"#;
    let (out, defaults) = decode::<DescribeUserInfoRequest>(json);
    let expected = DescribeUserInfoRequest::new("c", 1, 2, 3).with_page_size(10);
    assert_eq!((out.expect("decodes"), defaults), (expected, 0));
    let (out, _) = decode::<DescribeUserInfoRequest>(r#"{"CommId": "c", "StartTime": 1, "EndTime": 2}"#);
    assert_eq!(out.unwrap_err(), "missing field `SdkAppId` at line 1 column 45");
    let (out, _) =
        decode::<DescribeUserInfoRequest>(r#"{"CommId": null, "StartTime": 1, "EndTime": 2, "SdkAppId": 3}"#);
    assert!(out.unwrap_err().starts_with("invalid type: null, expected a string"));
}

#[test]
fn every_required_member_missing_is_reported_in_declaration_order() {
    let (out, _) = decode::<DescribeUserInfoRequest>(r#"{"SdkAppId": 3, "EndTime": 2}"#);
    assert_eq!(out.unwrap_err(), "missing fields `CommId`, `StartTime` at line 1 column 29");
    let (out, _) = decode::<DescribeUserInfoRequest>(r#"{"EndTime": 2, "CommId": "c"}"#);
    assert_eq!(out.unwrap_err(), "missing fields `StartTime`, `SdkAppId` at line 1 column 29");
    let (out, _) = decode::<DescribeUserInfoRequest>(r#"{"EndTime": 2, "CommId": "c", "SdkAppId": 3}"#);
    assert_eq!(out.unwrap_err(), "missing field `StartTime` at line 1 column 44");
}

/// `Serialize` is written by `serialize_struct!`, not derived: members in declaration
/// order under their JSON names, an optional member left out when `None`, the others
/// always written, `RequestId` last in a response.
#[test]
fn generated_structs_serialize_in_order_leaving_out_unset_options() {
    let request = DescribeUserInfoRequest::new("c", 1, 2, 3).with_page_size(10);
    assert_eq!(
        serde_json::to_string(&request).expect("serializes"),
        r#"{"CommId":"c","StartTime":1,"EndTime":2,"SdkAppId":3,"PageSize":10}"#
    );
    let json = format!(r#"{{"RequestId": "req", "UserList": [{USER}], "Total": 0}}"#);
    let (out, _) = decode::<DescribeUserInfoResponse>(&json);
    let mut out = out.expect("decodes");
    assert_eq!(
        serde_json::to_string(&out).expect("serializes"),
        r#"{"Total":0,"UserList":[{"RoomStr":"r","UserId":"u","JoinTs":1,"LeaveTs":2,"DeviceType":"d","SdkVersion":"s","ClientIp":"c","Finished":true}],"RequestId":"req"}"#
    );
    out.user_list = None;
    assert_eq!(serde_json::to_string(&out).expect("serializes"), r#"{"Total":0,"RequestId":"req"}"#);
}
