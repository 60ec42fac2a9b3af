//! Runs every golden vector in `tests/vectors/` through the engine's JSON entry point.
//!
//! A vector is a JSON file:
//! `{"description", "command", "input": {…} | "inputText": "…", "expect": {…}, "why": "…"}`.
//! `expect` is matched against the answer envelope: every key it names must be present with
//! a matching value (objects match partially, recursively); arrays must have the same length
//! and match element by element; strings, numbers and booleans must be equal. Expected
//! figures are worked out by hand in `why`, never copied from the engine's output.

use serde_json::Value;
mod common;

/// Describes the first difference between `want` and `got`, or `None` when `got` matches.
fn mismatch(want: &Value, got: &Value, at: &str) -> Option<String> {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                let here = format!("{at}.{k}");
                match g.get(k) {
                    None => return Some(format!("{here}: missing; expected {wv}")),
                    Some(gv) => {
                        if let Some(m) = mismatch(wv, gv, &here) {
                            return Some(m);
                        }
                    }
                }
            }
            None
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                return Some(format!(
                    "{at}: {} elements, expected {}; got {got}",
                    g.len(),
                    w.len()
                ));
            }
            w.iter()
                .zip(g)
                .enumerate()
                .find_map(|(i, (wv, gv))| mismatch(wv, gv, &format!("{at}[{i}]")))
        }
        _ if want == got => None,
        _ => Some(format!("{at}: got {got}, expected {want}")),
    }
}

#[test]
fn golden_vectors() {
    let root = common::vectors_root();
    let paths = common::vector_paths();
    assert!(
        paths.len() >= 60,
        "expected at least 60 vectors, found {}",
        paths.len()
    );
    let mut failures = Vec::new();
    for p in &paths {
        let name = p.strip_prefix(&root).unwrap_or(p).display().to_string();
        let text = std::fs::read_to_string(p).unwrap_or_default();
        let v: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{name}: not JSON: {e}"));
                continue;
            }
        };
        for key in ["description", "command", "expect", "why"] {
            if v.get(key).is_none() {
                failures.push(format!("{name}: no `{key}`"));
            }
        }
        let command = v.get("command").and_then(Value::as_str).unwrap_or("");
        let input = match (v.get("input"), v.get("inputText")) {
            (Some(i), None) => serde_json::to_string(i).unwrap_or_default(),
            (None, Some(Value::String(t))) => t.clone(),
            _ => {
                failures.push(format!("{name}: exactly one of `input` or `inputText`"));
                continue;
            }
        };
        let answer = fenxiao::run(command, &input);
        let got: Value = serde_json::from_str(&answer.text).unwrap_or(Value::Null);
        if let Some(m) = v.get("expect").and_then(|want| mismatch(want, &got, "")) {
            failures.push(format!("{name}: {m}\n    answer: {}", answer.text));
        }
    }
    println!("{} vectors, {} failed", paths.len(), failures.len());
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n")
    );
}
