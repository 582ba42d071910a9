//! Pins what the official vectors leave open in `sign` (see MUTANTS.md): the
//! redacting `Debug` of the signing input, header names and values normalised (trimmed,
//! lower-cased, sorted) before they are signed, and scope dates around leap days and
//! century years.

use crate::sign::{sha256_hex, sign, utc_date, SigningInput, ALGORITHM};

fn input<'a>(headers: &'a [(&'a str, &'a str)]) -> SigningInput<'a> {
    SigningInput {
        method: "POST",
        canonical_uri: "/",
        canonical_query: "",
        headers,
        payload: b"{}",
        service: "cvm",
        timestamp: 1_551_113_065,
        secret_id: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        secret_key: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
    }
}

#[test]
fn debug_shows_what_is_signed_but_not_the_key() {
    let text = format!("{:?}", input(&[("host", "cvm.tencentcloudapi.com")]));
    for part in [
        "SigningInput",
        "method: \"POST\"",
        "canonical_uri: \"/\"",
        "canonical_query: \"\"",
        "(\"host\", \"cvm.tencentcloudapi.com\")",
        "payload_len: 2",
        "service: \"cvm\"",
        "timestamp: 1551113065",
        "secret_id: \"AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE\"",
        "secret_key: \"<redacted>\"",
    ] {
        assert!(text.contains(part), "{part} missing from {text}");
    }
    assert!(!text.contains("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"), "{text}");
}

#[test]
fn headers_are_trimmed_lower_cased_and_sorted_before_signing() {
    let messy = sign(&input(&[(" Host ", " CVM.TencentCloudAPI.com "), ("Content-Type", "Application/JSON")]));
    let clean = sign(&input(&[("content-type", "application/json"), ("host", "cvm.tencentcloudapi.com")]));
    assert_eq!(messy, clean);
    assert_eq!(clean.signed_headers, "content-type;host");
    assert_eq!(
        clean.canonical_request,
        format!(
            "POST\n/\n\ncontent-type:application/json\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n{}",
            sha256_hex(b"{}")
        )
    );
    assert_eq!(clean.hashed_payload, sha256_hex(b"{}"));
    assert_eq!(clean.credential_scope, "2019-02-25/cvm/tc3_request");
    assert_eq!(
        clean.string_to_sign,
        format!("{ALGORITHM}\n1551113065\n2019-02-25/cvm/tc3_request\n{}", clean.hashed_canonical_request)
    );
    assert_eq!(clean.hashed_canonical_request, sha256_hex(clean.canonical_request.as_bytes()));
}

#[test]
fn sha256_hex_is_lower_case_hex() {
    assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

#[test]
fn scope_dates_across_leap_days_centuries_and_eras() {
    let day = 86_400;
    for (ts, date) in [
        (0, "1970-01-01"),
        (day - 1, "1970-01-01"),
        (day, "1970-01-02"),
        (951_782_400, "2000-02-29"),
        (951_782_400 + day, "2000-03-01"),
        (951_782_400 - day, "2000-02-28"),
        (946_684_800, "2000-01-01"),
        (946_684_800 - 1, "1999-12-31"),
        (1_709_164_800, "2024-02-29"),
        (1_709_251_200, "2024-03-01"),
        (1_704_067_199, "2023-12-31"),
        (4_107_456_000, "2100-02-28"),
        (4_107_542_400, "2100-03-01"),
        (4_102_444_800 - 1, "2099-12-31"),
        (-day, "1969-12-31"),
        (-2_208_988_800, "1900-01-01"),
        (-2_203_977_600, "1900-02-28"),
        (-2_203_891_200, "1900-03-01"),
        (13_574_563_200, "2400-02-29"),
        (253_402_300_799, "9999-12-31"),
        (-62_135_596_800, "0001-01-01"),
    ] {
        assert_eq!(utc_date(ts), date, "{ts}");
    }
}

#[test]
fn the_official_trtc_vector_signs_identically() {
    // The first vector of runtime/tests/data/tc3-vectors.json (the official Python SDK).
    let body = "{\"CommId\": \"1400188366_218695_1590065777\", \"StartTime\": 1590065777, \"EndTime\": 1590065877, \
                \"SdkAppId\": 1400188366, \"UserIds\": [\"user1_54816741\", \"user2_2107025\"]}";
    let signed = sign(&SigningInput {
        method: "POST",
        canonical_uri: "/",
        canonical_query: "",
        headers: &[("content-type", "application/json"), ("host", "trtc.tencentcloudapi.com")],
        payload: body.as_bytes(),
        service: "trtc",
        timestamp: 1_590_066_000,
        secret_id: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        secret_key: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
    });
    assert_eq!(signed.hashed_payload, "a88d8030263530bc70f6097fc92c0f3d5ce84073be7e3a7757ea954917ebc542");
    assert_eq!(signed.hashed_canonical_request, "a197b35f97b2723b59e72d3315a1a1336ecf58e615a1712a854f8f3de1d46ca4");
    assert_eq!(signed.signature, "3fd825e41a86ac8aed3e4d9a9a0f6da28c03dd707043db121033447e8c3fcbca");
    assert_eq!(
        signed.authorization,
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2020-05-21/trtc/tc3_request, \
         SignedHeaders=content-type;host, Signature=3fd825e41a86ac8aed3e4d9a9a0f6da28c03dd707043db121033447e8c3fcbca"
    );
}

/// The signing-key cache's pieces: the key's `Debug` hides it, `wipe` zeroes, and the
/// SecretKey comparison is exact (a difference in two bytes cannot cancel out).
mod cache_pieces {
    use crate::sign::{wipe, SecretCopy, SigningKey};

    #[test]
    fn the_signing_keys_debug_shows_no_key() {
        let key = SigningKey::derive("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", 1_551_113_065, "cvm");
        assert_eq!(format!("{key:?}"), "SigningKey(<redacted>)");
    }

    #[test]
    fn wipe_zeroes_every_byte() {
        let mut bytes = *b"secret";
        wipe(&mut bytes);
        assert_eq!(bytes, [0; 6]);
    }

    #[test]
    fn secret_copies_match_only_the_same_bytes() {
        let copy = SecretCopy(b"ab".to_vec().into_boxed_slice());
        assert!(copy.matches("ab"));
        assert!(!copy.matches("ba"), "differences in two bytes must not cancel out");
        assert!(!copy.matches("aa"));
        assert!(!copy.matches("abc"));
        assert!(!copy.matches(""));
    }
}

/// The cache's size accessors and `Debug` (the count only).
mod cache_accessors {
    use crate::sign::SigningKeyCache;

    #[test]
    fn is_empty_len_and_debug_follow_the_entries() {
        let cache = SigningKeyCache::new();
        assert!(cache.is_empty());
        assert_eq!(format!("{cache:?}"), "SigningKeyCache { entries: 0 }");
        let _ = cache.get("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", 1_551_113_065, "cvm");
        assert!(!cache.is_empty());
        assert_eq!(cache.len(), 1);
        let shown = format!("{cache:?}");
        assert_eq!(shown, "SigningKeyCache { entries: 1 }");
        assert!(!shown.contains("EXAMPLE"), "{shown}");
    }
}
