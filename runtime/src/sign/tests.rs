//! Unit tests of [`crate::sign`]; `tests/mutants.rs` holds those that pin what the
//! mutation pass found unpinned (see MUTANTS.md).

use super::*;

#[test]
fn dates_near_midnight_and_far() {
    assert_eq!(utc_date(0), "1970-01-01");
    assert_eq!(utc_date(1_711_929_599), "2024-03-31");
    assert_eq!(utc_date(1_711_929_600), "2024-04-01");
    assert_eq!(utc_date(951_782_400), "2000-02-29");
    assert_eq!(utc_date(-1), "1969-12-31");
    assert_eq!(utc_date(4_102_444_800), "2100-01-01");
}

#[test]
fn timestamps_are_written_as_to_string_writes_them() {
    for n in [0, 7, 10, 1_590_065_777, -1, -10, -86_401, i64::MAX, i64::MIN] {
        let mut buf = [0u8; 20];
        assert_eq!(decimal(n, &mut buf), n.to_string().as_bytes(), "{n}");
    }
}

#[test]
fn headers_already_canonical_are_used_as_given() {
    let given = [("content-type", "application/json"), ("host", "a.b")];
    assert!(matches!(canonical_headers(&given), CanonicalHeaders::AsGiven(_)));
    for messy in [
        &[("host", "a.b"), ("content-type", "application/json")][..],
        &[("Content-Type", "application/json"), ("host", "a.b")][..],
        &[("content-type", " application/json"), ("host", "a.b")][..],
        &[("content-type", "application/JSON"), ("host", "a.b")][..],
    ] {
        let canonical = canonical_headers(messy);
        assert!(matches!(canonical, CanonicalHeaders::Rewritten(_)), "{messy:?}");
        assert_eq!(canonical.pairs().collect::<Vec<_>>(), [("content-type", "application/json"), ("host", "a.b")]);
    }
}

fn input<'a>(headers: &'a [(&'a str, &'a str)], timestamp: i64, secret_key: &'a str) -> SigningInput<'a> {
    SigningInput {
        method: "POST",
        canonical_uri: "/",
        canonical_query: "",
        headers,
        payload: br#"{"Limit": 1}"#,
        service: "cvm",
        timestamp,
        secret_id: "AKIDid",
        secret_key,
    }
}

#[test]
fn cached_key_signs_like_the_full_signature() {
    let cache = SigningKeyCache::new();
    let canonical = [("content-type", "application/json"), ("host", "cvm.tencentcloudapi.com")];
    let messy = [(" Host ", "CVM.tencentcloudapi.com "), ("Content-Type", "application/json"), ("x-tc-action", "X")];
    for headers in [&canonical[..], &messy[..], &[]] {
        for timestamp in [0, 1_551_113_065, 1_711_929_599, 1_711_929_600, -86_401, 253_402_300_800] {
            for secret in ["Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "other-secret"] {
                let input = input(headers, timestamp, secret);
                let fast = authorization(&input, &cache.get(secret, timestamp, "cvm"));
                assert_eq!(fast, sign(&input).authorization, "{headers:?} at {timestamp}");
            }
        }
    }
}

#[test]
fn a_prefix_built_once_signs_every_payload_and_time_like_the_full_signature() {
    let headers = [("content-type", "application/json"), ("host", "cvm.tencentcloudapi.com")];
    let prefix = CanonicalPrefix::new("POST", "/", "", &headers);
    assert_eq!(format!("{prefix:?}"), r#"CanonicalPrefix { signed_headers: "content-type;host", .. }"#);
    let long_service = "s".repeat(300);
    for payload in [&b""[..], br#"{"Limit": 1}"#, &[b'x'; 200]] {
        for (timestamp, service) in [(1_551_113_065, "cvm"), (1_711_929_600, "cvm"), (0, long_service.as_str())] {
            let input = SigningInput { payload, service, ..input(&headers, timestamp, "secret") };
            let key = SigningKey::derive("secret", timestamp, service);
            assert_eq!(authorization_after(&prefix, &input, &key), sign(&input).authorization, "{service}");
        }
    }
}

#[test]
fn the_cache_keys_on_secret_day_and_service_and_stays_bounded() {
    let cache = SigningKeyCache::new();
    let headers = [("content-type", "application/json"), ("host", "h")];
    let day = 1_711_929_600;
    cache.get("k1", day, "cvm");
    cache.get("k1", day + 86_399, "cvm");
    assert_eq!(cache.len(), 1, "same key, day and service");
    cache.get("k2", day, "cvm");
    cache.get("k1", day + 86_400, "cvm");
    cache.get("k1", day, "sts");
    assert_eq!(cache.len(), 4);
    // A key derived for another secret, day or service never signs this one.
    let wrong = SigningKey::derive("k2", day, "cvm");
    let right = cache.get("k1", day, "cvm");
    let signing = SigningInput { service: "cvm", ..input(&headers, day, "k1") };
    assert_ne!(authorization(&signing, &wrong), sign(&signing).authorization);
    assert_eq!(authorization(&signing, &right), sign(&signing).authorization);
    for n in 0..100 {
        cache.get(&format!("secret-{n}"), day, "cvm");
    }
    assert_eq!(cache.len(), SigningKeyCache::CAPACITY);
    assert!(!format!("{cache:?} {right:?}").contains("k1"));
}

#[test]
fn stack_dates_match_the_formatted_ones() {
    for t in [0, -1, 951_782_400, 1_711_929_599, 4_102_444_800, 253_402_300_799] {
        assert_eq!(utc_date_bytes(t).map(|d| ascii(&d).to_owned()), Some(utc_date(t)), "{t}");
    }
    assert_eq!(utc_date_bytes(253_402_300_800), None, "year 10000");
    assert_eq!(utc_date_bytes(-62_167_219_201), None, "year -1");
}

#[test]
fn debug_hides_the_key() {
    let input = SigningInput {
        method: "POST",
        canonical_uri: "/",
        canonical_query: "",
        headers: &[],
        payload: b"{}",
        service: "cvm",
        timestamp: 0,
        secret_id: "AKIDid",
        secret_key: "very-secret-key",
    };
    assert!(!format!("{input:?}").contains("very-secret-key"));
}

mod mutants;
