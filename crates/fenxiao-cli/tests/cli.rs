//! The command line as a merchant's developer uses it: exit codes, files and standard
//! input, `--ndjson`, `--strict`, `--pretty`, `--help` and per-command help, the hint for a
//! bare rule set, the command table's JSON, and the bundled example shop.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_fenxiao");
/// The repository root, where the example shop lives.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    run_in(ROOT, args, stdin)
}

fn run_in(dir: &str, args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
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
    for c in fenxiao::api::COMMANDS {
        assert!(out.contains(c.name), "--help lists {}", c.name);
        assert!(out.contains(c.help), "--help says what {} answers", c.name);
    }
    assert_eq!(run(&["help", "frobnicate"], "").0, 2);
    assert_eq!(run(&["settle", "--json"], "{}").0, 2);
}

#[test]
fn each_command_has_its_own_help_from_the_table() {
    for c in fenxiao::api::COMMANDS {
        let (code, out, err) = run(&["help", c.name], "");
        assert_eq!(code, 0, "{err}");
        assert_eq!(run(&[c.name, "--help"], "").1, out, "{}", c.name);
        assert!(
            out.starts_with(&format!("fenxiao {} — {}\n", c.name, c.help)),
            "{out}"
        );
        if !c.js.is_empty() {
            assert!(out.contains(&format!("{}(args)", c.js)), "{out}");
        }
        if let fenxiao::api::commands::Example::File(path) = c.example {
            let doc = std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap();
            assert!(out.contains(doc.trim_end()), "{} shows {path}", c.name);
        }
    }
    // The arguments and the answer's fields come from the schema.
    let out = run(&["help", "settle"], "").1;
    assert!(
        out.contains("ARGUMENTS {…}, one JSON object: SettleArgs"),
        "{out}"
    );
    for field in [
        "    rules ",
        "    order ",
        "    upline ",
        "    beneficiaries ",
        "    total ",
    ] {
        assert!(
            out.contains(field),
            "settle's help names `{}`: {out}",
            field.trim()
        );
    }
    assert!(out.contains("result: Settlement"), "{out}");
}

#[test]
fn pretty_indents_the_same_answer_and_the_default_stays_one_line() {
    let text = std::fs::read_to_string(format!("{ROOT}/examples/shop/withdraw.json")).unwrap();
    let (code, compact, _) = run(&["withdraw"], &text);
    assert_eq!(code, 0);
    assert_eq!(
        compact,
        format!("{}\n", fenxiao::run("withdraw", &text).text)
    );
    let (code, pretty, _) = run(&["withdraw", "--pretty"], &text);
    assert_eq!(code, 0);
    assert!(
        pretty.starts_with("{\n  \"ok\": true,\n  \"result\": {\n    \"ruleSetHash\": \"sha256:"),
        "{pretty}"
    );
    let a: Value = serde_json::from_str(&compact).unwrap();
    let b: Value = serde_json::from_str(&pretty).unwrap();
    assert_eq!(a, b);
    // Only whitespace was added: the key order and every value's bytes are the engine's.
    let squeezed: String = pretty
        .split('\n')
        .map(|l| l.trim_start().replace("\": ", "\":"))
        .collect();
    assert_eq!(squeezed, compact.trim_end());
}

#[test]
fn a_bare_rule_set_is_refused_as_before_with_a_hint_on_stderr() {
    let rules = std::fs::read_to_string(format!("{ROOT}/examples/shop/rules.json")).unwrap();
    let (code, out, err) = run(&["validate", "examples/shop/rules.json"], "");
    assert_eq!(code, 1);
    // Standard output is the engine's answer, byte for byte; the hint is on standard error.
    assert_eq!(out, format!("{}\n", fenxiao::run("validate", &rules).text));
    assert!(
        out.contains("\"code\":\"missingField\",\"path\":\"rules\""),
        "{out}"
    );
    assert!(
        err.contains("hint") && err.contains("{\"rules\": <the rule set>}"),
        "{err}"
    );
    // The same rule set wrapped is valid and gets no hint; a refused document that is not a
    // bare rule set gets none either.
    let (code, _, err) = run(&["validate", "examples/shop/validate.json"], "");
    assert_eq!((code, err.as_str()), (0, ""));
    let (code, _, err) = run(&["settle"], r#"{"order":{}}"#);
    assert_eq!((code, err.as_str()), (1, ""));
}

#[test]
fn the_command_table_json_is_the_one_the_npm_package_reads() {
    let (code, out, _) = run(&["commands", "--json"], "");
    assert_eq!(code, 0);
    let table: Value = serde_json::from_str(&out).unwrap();
    let path = format!("{ROOT}/crates/fenxiao-wasm/npm/commands.json");
    let generated = format!("{}\n", serde_json::to_string_pretty(&table).unwrap());
    if std::env::var_os("FENXIAO_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    assert!(
        std::fs::read_to_string(&path).unwrap_or_default() == generated,
        "crates/fenxiao-wasm/npm/commands.json is stale: run FENXIAO_BLESS=1 cargo test -p fenxiao-cli --test cli"
    );
    assert_eq!(
        table.as_array().unwrap().len(),
        fenxiao::api::COMMANDS.len()
    );
}

#[test]
fn tour_runs_from_any_directory_on_the_shop_it_carries() {
    let elsewhere = std::env::temp_dir();
    let (code, out, err) = run_in(elsewhere.to_str().unwrap(), &["tour"], "");
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out.lines().skip(1).collect::<Vec<_>>(),
        run(&["tour", "examples/shop"], "")
            .1
            .lines()
            .skip(1)
            .collect::<Vec<_>>()
    );
    // Labels come from the documents: the poster's distributor and tier, the lint's rates.
    let preview: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{ROOT}/examples/shop/preview.json")).unwrap(),
    )
    .unwrap();
    let d = &preview["distributor"];
    let label = format!(
        "(distributor {}, {} tier)",
        d["id"].as_str().unwrap(),
        d["tier"].as_str().unwrap()
    );
    assert!(out.contains(&label), "{out}");
    let three: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{ROOT}/examples/shop/lint-three-levels.json")).unwrap(),
    )
    .unwrap();
    let rates: Vec<&str> = three["rules"]["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["rate"].as_str().unwrap())
        .collect();
    assert!(
        out.contains(&format!("3-level rule set ({})", rates.join(" / "))),
        "{out}"
    );
    // The per-SKU lines are level-1 figures: they follow level 1, before level 2.
    let lines: Vec<&str> = out.lines().collect();
    let l1 = lines
        .iter()
        .position(|l| l.starts_with("  level 1: "))
        .unwrap();
    let l2 = lines
        .iter()
        .position(|l| l.starts_with("  level 2: "))
        .unwrap();
    let sku = lines
        .iter()
        .position(|l| l.starts_with("    SKU bag "))
        .unwrap();
    assert!(l1 < sku && sku < l2, "{out}");
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

/// A fresh directory under the target directory for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn sample_writes_the_csv_set_and_its_rule_sets_and_dataset_reads_them_back() {
    let dir = scratch("sample-cli");
    let out = dir.to_str().unwrap();
    let (code, written, _) = run(
        &[
            "sample",
            "--members",
            "50",
            "--orders",
            "300",
            "--seed",
            "9",
            "--out",
            out,
        ],
        "",
    );
    assert_eq!(code, 0);
    for f in [
        "members.csv",
        "products.csv",
        "orders.csv",
        "lines.csv",
        "refunds.csv",
        "rules.json",
        "candidate.json",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let (code, read, _) = run(&["dataset", out], "");
    assert_eq!(code, 0);
    assert_eq!(read, written);
    let v: Value = serde_json::from_str(&read).unwrap();
    assert_eq!(v["result"]["members"], 50);
    assert_eq!(v["result"]["orders"], 300);
    assert_eq!(v["result"]["encoding"], "utf-8-bom");
    // The same options, the same bytes.
    let again = scratch("sample-cli-again");
    run(
        &[
            "sample",
            "--members",
            "50",
            "--orders",
            "300",
            "--seed",
            "9",
            "--out",
            again.to_str().unwrap(),
        ],
        "",
    );
    for f in ["members.csv", "orders.csv", "lines.csv", "refunds.csv"] {
        assert_eq!(
            std::fs::read(dir.join(f)).unwrap(),
            std::fs::read(again.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn dataset_reads_the_bundled_month_and_refuses_a_bad_row_at_its_line_and_column() {
    let (code, out, _) = run(&["dataset", "examples/sample-month"], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(r#""orders":10000"#), "{out}");
    let dir = scratch("dataset-bad");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["members.csv", "products.csv", "lines.csv", "refunds.csv"] {
        std::fs::copy(format!("{ROOT}/examples/sample-month/{f}"), dir.join(f)).unwrap();
    }
    let orders =
        std::fs::read_to_string(format!("{ROOT}/examples/sample-month/orders.csv")).unwrap();
    // Line 3 of orders.csv is o00002; its paid time loses its offset.
    let bad = orders.replacen(
        "o00002,2026-11-01T00:03:01+08:00",
        "o00002,2026-11-01 00:03:01",
        1,
    );
    assert_ne!(bad, orders);
    std::fs::write(dir.join("orders.csv"), bad).unwrap();
    let (code, out, _) = run(&["dataset", dir.to_str().unwrap()], "");
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let e = &v["errors"][0];
    assert_eq!(e["code"], "invalidTime");
    assert_eq!(e["path"], "orders.csv:3:2");
    assert_eq!(
        (e["file"].as_str(), e["line"].as_u64(), e["column"].as_u64()),
        (Some("orders.csv"), Some(3), Some(2))
    );
}

#[test]
fn sample_and_dataset_have_help_and_usage_errors() {
    let (code, out, _) = run(&["help", "sample"], "");
    assert_eq!(code, 0);
    assert!(out.contains("--members N"), "{out}");
    let (code, out, _) = run(&["dataset", "--help"], "");
    assert_eq!(code, 0);
    assert!(out.contains("file,line,column"), "{out}");
    let (code, general, _) = run(&["--help"], "");
    assert_eq!(code, 0);
    assert!(general.contains("fenxiao sample --members N"), "{general}");
    assert_eq!(run(&["sample", "--members", "ten", "--out", "x"], "").0, 2);
    assert_eq!(run(&["sample", "--members", "10"], "").0, 2);
    assert_eq!(run(&["dataset", "no/such/dir.ndjson"], "").0, 2);
}
