//! The request body exactly as the official Python SDK writes it with
//! `json.dumps(params)`: `", "` and `": "` separators, every character outside
//! printable ASCII escaped as `\uXXXX` (lowercase hex, surrogate pairs above U+FFFF),
//! fields in serialization order and floats written like Python's `repr`.
//!
//! The signature covers the body bytes, so matching the official SDK byte for byte
//! makes requests reproducible against its recorded signatures.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

/// A [`serde_json`] formatter that writes JSON the way Python's `json.dumps` does with
/// its default arguments (`ensure_ascii=True`, separators `", "` and `": "`).
#[derive(Debug, Clone, Copy, Default)]
pub struct PythonFormatter;

impl Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        // serde_json has already split out `"`, `\` and the C0 controls; what is left to
        // escape is DEL and everything beyond ASCII.
        let bytes = fragment.as_bytes();
        // Most fragments are plain ASCII: written as they are, without decoding them.
        if !bytes.iter().any(|b| *b >= 0x7f) {
            return writer.write_all(bytes);
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if (c as u32) < 0x7f {
                continue;
            }
            writer.write_all(&bytes[start..i])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            start = i + c.len_utf8();
        }
        writer.write_all(&bytes[start..])
    }

    fn write_f64<W: ?Sized + Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        writer.write_all(python_float_repr(&format!("{:e}", value.abs()), value.is_sign_negative()).as_bytes())
    }

    fn write_f32<W: ?Sized + Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        writer.write_all(python_float_repr(&format!("{:e}", value.abs()), value.is_sign_negative()).as_bytes())
    }
}

/// Rewrites Rust's shortest round-trip scientific form (`1.5e-5`) of a finite,
/// non-negative float as Python's `repr` would print it (`1.5e-05`).
fn python_float_repr(scientific: &str, negative: bool) -> String {
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((scientific, "0"));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let n = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    // Position of the decimal point relative to the start of `digits`.
    let decpt = exponent + 1;
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    if decpt <= -4 || decpt > 16 {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let sign = if exponent < 0 { '-' } else { '+' };
        out.push_str(&format!("e{sign}{:02}", exponent.unsigned_abs()));
    } else if decpt <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', decpt.unsigned_abs() as usize));
        out.push_str(&digits);
    } else if decpt >= n {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (decpt - n) as usize));
        out.push_str(".0");
    } else {
        let (int, frac) = digits.split_at(decpt as usize);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Serializes `value` as the official SDK's request body (see the module docs).
pub fn to_wire_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    // Most request bodies fit without growing the buffer.
    let mut out = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, PythonFormatter);
    value.serialize(&mut ser)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn wire(v: &serde_json::Value) -> String {
        String::from_utf8(to_wire_json(v).unwrap()).unwrap()
    }

    #[test]
    fn separators_and_order() {
        let v = json!({"B": 1, "A": [1, 2, {"C": null, "D": true}], "E": {}, "F": []});
        assert_eq!(wire(&v), r#"{"B": 1, "A": [1, 2, {"C": null, "D": true}], "E": {}, "F": []}"#);
        assert_eq!(wire(&json!({})), "{}");
    }

    #[test]
    fn struct_fields_keep_declaration_order() {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Req {
            zeta: u32,
            alpha: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            skipped: Option<u8>,
        }
        let body = to_wire_json(&Req { zeta: 1, alpha: None, skipped: None }).unwrap();
        assert_eq!(body, br#"{"Zeta": 1, "Alpha": null}"#);
    }

    #[test]
    fn non_ascii_is_escaped_like_python() {
        let v = json!({"SourceText": "你好，世界 — café", "Source": "zh"});
        assert_eq!(wire(&v), r#"{"SourceText": "\u4f60\u597d\uff0c\u4e16\u754c \u2014 caf\u00e9", "Source": "zh"}"#);
        // Astral characters become surrogate pairs.
        assert_eq!(wire(&json!("a😀b")), r#""a\ud83d\ude00b""#);
        assert_eq!(wire(&json!("\u{7f}~")), r#""\u007f~""#);
    }

    #[test]
    fn control_characters() {
        let v = json!("q\"b\\n\nr\rt\tb\u{8}f\u{c}x\u{1}y\u{1f}/");
        assert_eq!(wire(&v), r#""q\"b\\n\nr\rt\tb\bf\fx\u0001y\u001f/""#);
    }

    #[test]
    fn floats_like_python_repr() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1.5e16, "1.5e+16"),
            (123456789.125, "123456789.125"),
            (1e-05, "1e-05"),
            (0.0001, "0.0001"),
            (1.5e-7, "1.5e-07"),
            (1e100, "1e+100"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (100.0, "100.0"),
            (0.30000000000000004, "0.30000000000000004"),
        ];
        for (v, expected) in cases {
            assert_eq!(wire(&json!(v)), *expected, "{v:?}");
        }
        assert_eq!(String::from_utf8(to_wire_json(&0.1f32).unwrap()).unwrap(), "0.1");
        // Python writes NaN, which Tencent rejects anyway; serde_json writes null.
        assert_eq!(String::from_utf8(to_wire_json(&f64::NAN).unwrap()).unwrap(), "null");
    }

    #[test]
    fn integers_are_plain() {
        assert_eq!(wire(&json!([0, -1, u64::MAX, i64::MIN])), "[0, -1, 18446744073709551615, -9223372036854775808]");
    }
}
