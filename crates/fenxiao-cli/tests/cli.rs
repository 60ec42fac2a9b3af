//! The command line as a merchant's developer uses it: exit codes, files and standard
//! input, `--ndjson`, `--strict`, `--help`, and the bundled example shop.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_fenxiao");
/// The repository root, where the example shop lives.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that exits before reading (a usage error) closes its input early.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn every_example_document_is_answered() {
    for (command, file) in [
        ("validate", "validate"),
        ("settle", "settle"),
        ("refund", "refund"),
        ("preview", "preview"),
        ("status", "status"),
        ("withdraw", "withdraw"),
        ("progress", "progress"),
        ("bind", "bind"),
        ("lint", "lint"),
        ("lint", "lint-three-levels"),
    ] {
        let (code, out, _) = run(&[command, &format!("examples/shop/{file}.json")], "");
        assert_eq!(code, 0, "{command} {file}: {out}");
        assert!(
            out.starts_with("{\"ok\":true,\"result\":{\"ruleSetHash\":\"sha256:"),
            "{out}"
        );
    }
}

#[test]
fn example_documents_share_the_shop_rules() {
    let rules: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{ROOT}/examples/shop/rules.json")).unwrap(),
    )
    .unwrap();
    for e in std::fs::read_dir(format!("{ROOT}/examples/shop"))
        .unwrap()
        .flatten()
    {
        let name = e.file_name().into_string().unwrap();
        if name == "rules.json" || name == "lint-three-levels.json" {
            continue;
        }
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(e.path()).unwrap()).unwrap();
        assert_eq!(
            doc["rules"], rules,
            "{name} carries other rules than rules.json"
        );
    }
}

#[test]
fn refused_documents_exit_one_with_every_error() {
    let doc = r#"{"rules":{"schemaVersion":1,"levels":[{"rate":"1.5"}]},"order":{"id":"o","buyer":{"id":"b","status":"none"},"lines":[{"id":"l","productId":"p","unitPrice":"012.00","quantity":1}]}}"#;
    let (code, out, _) = run(&["settle"], doc);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], false);
    let paths: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["rules.levels[0].rate", "order.lines[0].unitPrice"]);
}

#[test]
fn ndjson_answers_each_line_and_exits_zero() {
    let good = std::fs::read_to_string(format!("{ROOT}/examples/shop/withdraw.json"))
        .unwrap()
        .replace('\n', "");
    let input = format!("{good}\nnot json\n\n{good}\n");
    let (code, out, _) = run(&["withdraw", "--ndjson"], &input);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "blank lines are skipped: {out}");
    assert!(lines[0].starts_with("{\"ok\":true"));
    assert!(lines[1].starts_with("{\"ok\":false,\"errors\":[{\"code\":\"invalidJson\""));
    assert_eq!(lines[0], lines[2]);
    // A line answers exactly as the same document given alone (the newline is not part of it).
    assert_eq!(lines[1], run(&["withdraw"], "not json").1.trim_end());
    assert_eq!(lines[0], run(&["withdraw"], &good).1.trim_end());
}

#[test]
fn strict_lint_fails_on_errors_only() {
    let (code, _, _) = run(&["lint", "examples/shop/lint-three-levels.json"], "");
    assert_eq!(code, 0, "findings are results");
    let (code, _, _) = run(
        &["lint", "--strict", "examples/shop/lint-three-levels.json"],
        "",
    );
    assert_eq!(code, 1, "three levels and 51% break the wechat profile");
    let (code, _, _) = run(&["lint", "--strict", "examples/shop/lint.json"], "");
    assert_eq!(code, 0, "the shop's own rules carry only a note");
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(run(&["frobnicate"], "{}").0, 2);
    assert_eq!(run(&["settle", "--frob"], "{}").0, 2);
    assert_eq!(run(&["settle", "no/such/file.json"], "").0, 2);
    let (code, out, _) = run(&["--help"], "");
    assert_eq!(code, 0);
    for (name, _) in fenxiao::api::COMMANDS {
        assert!(out.contains(name), "--help lists {name}");
    }
}

#[test]
fn tour_walks_through_the_shop() {
    let (code, out, err) = run(&["tour", "examples/shop"], "");
    assert_eq!(code, 0, "{out}{err}");
    // The poster's level-1 figure for the bag SKU: 128.00 × 0.15 (gold) = 19.20.
    assert!(out.contains("SKU bag at ¥128.00: ¥19.20"), "{out}");
    assert!(!out.contains("refused"), "{out}");
}

/// Text that is not UTF-8 is refused as `invalidJson` at the root, naming the first bad
/// byte, in both modes; with `--ndjson` the next line is still answered.
#[test]
fn invalid_utf8_is_refused_with_the_offset() {
    let bytes = |args: &[&str], input: &[u8]| {
        let mut child = Command::new(BIN)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    };
    let out = bytes(&["settle"], b"{\"rules\":\"\xff\"}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["errors"][0]["code"], "invalidJson");
    assert_eq!(v["errors"][0]["path"], "");
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("offset 10"),
        "{out}"
    );
    let out = bytes(&["hash", "--ndjson"], b"{\"rules\":\"\xc3\x28\"}\n{}\n");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(lines[0]["errors"][0]["code"], "invalidJson");
    assert_eq!(lines[1]["errors"][0]["code"], "missingField");
}
