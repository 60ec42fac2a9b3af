//! No input makes the engine panic: every document, however wrong, gets an envelope back.
//! Two sources of hostile input: arbitrary JSON for every command, and the golden vectors'
//! own inputs with one value swapped for something else (a number, a huge string, a deep
//! array, a boundary integer), which reaches far deeper into each command than noise does.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::Path;

const COMMANDS: [&str; 11] = [
    "validate", "lint", "hash", "bind", "settle", "refund", "status", "withdraw", "progress",
    "preview", "schema",
];

fn answer_is_envelope(command: &str, text: &str) -> Result<(), TestCaseError> {
    let answer = fenxiao::run(command, text);
    let v: Value = serde_json::from_str(&answer.text)
        .map_err(|e| TestCaseError::fail(format!("not JSON: {e}: {}", answer.text)))?;
    prop_assert_eq!(v["ok"].as_bool(), Some(answer.ok));
    if !answer.ok {
        let errors = v["errors"].as_array().cloned().unwrap_or_default();
        prop_assert!(
            !errors.is_empty(),
            "a refusal lists at least one error: {}",
            answer.text
        );
    }
    Ok(())
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-1e30f64..1e30).prop_map(|f| json!(f)),
        prop::sample::select(vec![
            "",
            "0",
            "0.00",
            "-1",
            "1e3",
            "00.1",
            "9999999999999.99",
            "99999999999999",
            "0.1234567",
            "1.5",
            "+1",
            "1_000",
            "2026-02-30T00:00:00+08:00",
            "2026-11-01T00:00:00Z",
            "+08:00",
            "bronze",
            "gold",
            "all",
            "any",
            "month",
            "lastDays",
        ])
        .prop_map(|s| json!(s)),
        "\\PC{0,20}".prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "rules",
                        "order",
                        "upline",
                        "levels",
                        "rate",
                        "fixed",
                        "id",
                        "lines",
                        "amount",
                        "tiers",
                        "type",
                        "of",
                        "facts",
                        "product",
                        "skus",
                        "schemaVersion"
                    ]),
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

fn vector_inputs() -> &'static [(String, Value)] {
    static INPUTS: std::sync::OnceLock<Vec<(String, Value)>> = std::sync::OnceLock::new();
    INPUTS.get_or_init(load_vector_inputs)
}

fn load_vector_inputs() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(v) =
                serde_json::from_str::<Value>(&std::fs::read_to_string(&p).unwrap())
            {
                if let (Some(c), Some(i)) = (v["command"].as_str(), v.get("input")) {
                    out.push((c.to_owned(), i.clone()));
                }
            }
        }
    }
    out.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.to_string().cmp(&b.1.to_string()))
    });
    out
}

/// Every leaf position in `v`, as JSON pointers.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            pointers(
                x,
                format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                out,
            )
        }),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| pointers(x, format!("{at}/{i}"), out)),
        _ => {}
    }
    out.push(at);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_documents(command in prop::sample::select(COMMANDS.to_vec()), doc in json_value()) {
        answer_is_envelope(command, &doc.to_string())?;
    }

    #[test]
    fn arbitrary_text(command in prop::sample::select(COMMANDS.to_vec()), text in "\\PC{0,200}") {
        answer_is_envelope(command, &text)?;
    }

    #[test]
    fn mutated_vectors(pick in any::<prop::sample::Index>(), spot in any::<prop::sample::Index>(), replacement in json_value()) {
        let inputs = vector_inputs();
        let (command, input) = &inputs[pick.index(inputs.len())];
        let mut spots = Vec::new();
        pointers(input, String::new(), &mut spots);
        let mut doc = input.clone();
        if let Some(slot) = doc.pointer_mut(&spots[spot.index(spots.len())]) {
            *slot = replacement;
        }
        answer_is_envelope(command, &doc.to_string())?;
    }
}

#[test]
fn deep_and_large_documents_are_refused_not_crashed() {
    for depth in [33usize, 1_000, 100_000] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let answer = fenxiao::run("settle", &text);
        assert!(!answer.ok);
        assert!(
            answer.text.contains("\"code\":\"tooDeep\""),
            "{}",
            answer.text
        );
    }
    let huge = format!("{{\"rules\":\"{}\"}}", "x".repeat(9 * 1024 * 1024));
    let answer = fenxiao::run("settle", &huge);
    assert!(
        answer.text.contains("\"code\":\"tooLarge\""),
        "{}",
        &answer.text[..200.min(answer.text.len())]
    );
}
