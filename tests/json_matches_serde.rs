//! The JSON reader (`fenxiao::io::json`) against serde_json, the reference: a text reads to the
//! same value, or fails with the same message, position included.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use fenxiao::io::json::parse;
use serde_json::Value;

/// serde_json is the reference: a text reads to the same value, or fails with the same
/// message, position included.
fn agrees(text: &str) -> bool {
    match (parse(text), serde_json::from_str::<Value>(text)) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "{text:?}");
            if let (Value::Number(x), Value::Number(y)) = (&a, &b) {
                assert_eq!(
                    (x.is_u64(), x.is_i64(), x.is_f64()),
                    (y.is_u64(), y.is_i64(), y.is_f64()),
                    "{text:?}"
                );
                assert_eq!(x.to_string(), y.to_string(), "{text:?}");
            }
            true
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string(), "{text:?}");
            false
        }
        (a, b) => panic!("{text:?}: ours {a:?}, serde_json {b:?}"),
    }
}

/// Every power of ten a float can hold, up and down: the reader's own powers of ten must be
/// the nearest floats, as serde_json's table has them.
#[test]
fn powers_of_ten_read_as_serde_json_reads_them() {
    for k in 0..=330 {
        for text in [
            format!("1e{k}"),
            format!("1e-{k}"),
            format!("7.25e{k}"),
            format!("123456789012345678e-{k}"),
        ] {
            agrees(&text);
        }
    }
}

#[test]
fn reads_what_serde_json_reads() {
    for text in [
        r#"{"a":[1,-2,3.5,true,false,null],"b":{"c":"d\"e\\f\/g\b\f\n\r\t\u0041\u00e9\u4f63\ud83d\ude00"},"a":0}"#,
        " [ ] ",
        "0",
        "-0",
        "-1",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "1e3",
        "1E-2",
        "0.1",
        "12.80",
        "2.5e+2",
        r#""佣金 😀""#,
        "{}",
        "[[[[]]]]",
        "1e100",
        "8851526e107",
        "1.7976931348623157e308",
        "5e-324",
        "2.2250738585072014e-308",
        "4.9e-324",
        "123456789012345678901234567890",
        "1234567890123456789.123456789e-5",
        "0.1e-400",
        "-0.0e99999999999",
        "1e-99999999999",
        "0.000000000000000000000000000001",
    ] {
        assert!(agrees(text), "{text:?} is refused");
    }
}

#[test]
fn refuses_what_serde_json_refuses() {
    for text in [
        "",
        "{\"rules\": {\"schemaVersion\": 1",
        "{\"rules\": {\"schemaVersion\": 1,",
        "[1,2",
        "\"abc",
        "[1,]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "[1 2]",
        "{\"a\":1 \"b\":2}",
        "{1:2}",
        "tru",
        "trUe",
        "01",
        "1.",
        "1.x",
        "-",
        "-x",
        "+1",
        ".5",
        "1e400",
        "1e99999999999",
        "\"\\x\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "\"\\u12G4\"",
        "\"\\u12",
        "\"a\u{1}b\"",
        "\"a\nb\"",
        "1 2",
        "not json",
        "{\n  \"a\": x}",
        "[1,\n2,\n]",
        "{\"rules\": {}, \"x\": \"\\x\"}",
        "{\"a\":1e400}",
        "1.7976931348623159e308",
    ] {
        assert!(!agrees(text), "{text:?} is accepted");
    }
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert!(!agrees(&deep));
    let ok = format!("{}{}", "[".repeat(127), "]".repeat(127));
    assert!(agrees(&ok));
}

/// Thousands of short texts built from JSON's pieces, valid and not: each reads to
/// serde_json's value, or is refused with serde_json's message.
#[test]
fn agrees_with_serde_json_on_random_texts() {
    const PIECES: [&str; 46] = [
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\"a\"",
        "\"\\u00e9\"",
        "\"\\ud83d\\ude00\"",
        "\"\\",
        "0",
        "1",
        "-",
        "-0",
        "12.5",
        "1e2",
        "1E+2",
        "0.",
        ".",
        "e",
        "true",
        "fal",
        "null",
        " ",
        "\n",
        "x",
        "18446744073709551616",
        "\"\\q\"",
        "-9223372036854775809",
        "\u{1}",
        "99999999999999999999.5",
        "\"\\ud83d",
        "\\ude00\"",
        "\\udc00",
        "\\u12",
        "e308",
        "e-330",
        "7",
        "1234567890123",
        "e+",
        "E-",
        "9",
        "\t",
        "5e-324",
        "1.7976931348623157",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(seed >> 33).unwrap() % n
    };
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..30_000 {
        let len = 1 + next(8);
        let text: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
        if agrees(&text) {
            accepted += 1;
        } else {
            refused += 1;
        }
    }
    assert!(
        accepted > 1_000 && refused > 1_000,
        "{accepted} accepted, {refused} refused"
    );
}
