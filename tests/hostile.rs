//! Hostile inputs, one test per class of docs/BAD-INPUTS.md: each is answered with an error
//! naming its code and path (or, where the input is valid after all, the answer the rules
//! give), never a panic. Every test runs under a watchdog: an answer later than 30 s fails
//! it as a hang. How fast the engine answers is the benchmark's business, not these tests'.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use serde_json::{json, Value};
use std::sync::mpsc;
use std::time::Duration;

/// Runs `f` on its own thread and fails when it has not answered within 30 s.
fn within_30s<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .unwrap();
    match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("no answer within 30 s: a hang"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the engine panicked"),
    }
}

/// The envelope `run` answers, parsed, within the watchdog.
fn answer(command: &'static str, text: String) -> Value {
    within_30s(move || {
        let a = fenxiao::run(command, &text);
        let v: Value = serde_json::from_str(&a.text).expect("the answer is JSON");
        assert_eq!(v["ok"].as_bool(), Some(a.ok));
        v
    })
}

/// Fails unless `v` is a refusal listing an error with `code` at `path`.
#[track_caller]
fn refused_at(v: &Value, code: &str, path: &str) {
    let errors = v["errors"].as_array().unwrap_or_else(|| {
        let t = v.to_string();
        panic!("accepted: {}", &t[..t.len().min(600)])
    });
    assert!(
        errors
            .iter()
            .any(|e| e["code"] == code && e["path"] == path),
        "no {code} at `{path}` in {}",
        &v.to_string()[..v.to_string().len().min(1500)]
    );
}

fn example(name: &str) -> Value {
    let p = format!("{}/examples/shop/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// A small settle document: one line of 10.00, one level at 0.10, one active upline member.
fn settle_doc() -> Value {
    json!({
        "rules": {"schemaVersion": 1, "levels": [{"rate": "0.10"}]},
        "order": {"id": "o", "buyer": {"id": "b", "status": "none"},
                  "lines": [{"id": "l1", "productId": "p", "unitPrice": "10.00", "quantity": 1}]},
        "upline": [{"id": "a", "status": "active"}]
    })
}

fn settle_with(edit: impl FnOnce(&mut Value)) -> Value {
    let mut d = settle_doc();
    edit(&mut d);
    answer("settle", d.to_string())
}

/// The text of `settle_doc` with the JSON text `raw` as the first line's `field`.
fn settle_raw(field: &str, raw: &str) -> Value {
    let d = settle_doc().to_string();
    let from = format!("\"{field}\":");
    let at = d.find(&from).unwrap() + from.len();
    let end = at + d[at..].find([',', '}']).unwrap();
    answer("settle", format!("{}{raw}{}", &d[..at], &d[end..]))
}

#[test]
fn nesting_100000_deep() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let text = format!(
            "{{\"rules\":{}1{}}}",
            open.repeat(100_000),
            close.repeat(100_000)
        );
        refused_at(&answer("settle", text), "tooDeep", "");
    }
}

#[test]
fn document_of_50_mb() {
    let text = format!("{{\"rules\":{{}},\"pad\":\"{}\"}}", "x".repeat(50 << 20));
    refused_at(&answer("settle", text), "tooLarge", "");
}

#[test]
fn upline_of_10000_members() {
    let v = settle_with(|d| {
        d["upline"] = (0..10_000)
            .map(|i| json!({"id": format!("m{i}"), "status": "active"}))
            .collect();
    });
    refused_at(&v, "tooMany", "upline");
}

#[test]
fn money_in_hostile_forms() {
    let at = "order.lines[0].unitPrice";
    for raw in ["12.5", "10", "123456789012345678901234567890", "-0"] {
        refused_at(&settle_raw("unitPrice", raw), "invalidType", at);
    }
    for raw in ["NaN", "Infinity", "-Infinity"] {
        refused_at(&settle_raw("unitPrice", raw), "invalidJson", "");
    }
    for text in [
        "1e3",
        "-0.00",
        " 1.00",
        "1.00 ",
        "1.000",
        "123456789012345678901234567890",
        "+1.00",
        "",
    ] {
        refused_at(
            &settle_raw("unitPrice", &json!(text).to_string()),
            "invalidMoney",
            at,
        );
    }
}

/// 8 MiB of `1E308` floats is read and refused like any unknown argument (serde_json reads
/// them at the cost of any other number; benches/engine.rs measures the two side by side).
#[test]
fn floats_8_mib_of_1e308() {
    let mut d = settle_doc().to_string();
    d.pop();
    let room = (8 << 20) - d.len() - 16;
    let floats = vec!["1E308"; room / 6].join(",");
    let text = format!("{d},\"pad\":[{floats}]}}");
    assert!(text.len() <= 8 << 20);
    refused_at(&answer("settle", text), "unknownField", "pad");
}

#[test]
fn rates_out_of_range() {
    for rate in ["1.01", "2", "-0.1", "0.1234567", "1e-1", " 0.1"] {
        let v = settle_with(|d| d["rules"]["levels"][0]["rate"] = json!(rate));
        refused_at(&v, "invalidRate", "rules.levels[0].rate");
    }
    let v = settle_with(|d| d["rules"]["levels"][0]["rate"] = json!(0.1));
    refused_at(&v, "invalidType", "rules.levels[0].rate");
}

#[test]
fn quantities_out_of_range() {
    let at = "order.lines[0].quantity";
    for raw in [
        "0",
        "-1",
        "1000001",
        "9007199254740992",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "1e30",
    ] {
        refused_at(&settle_raw("quantity", raw), "outOfRange", at);
    }
    for raw in ["1.5", "1.0", "1e3", "\"1\""] {
        refused_at(&settle_raw("quantity", raw), "invalidType", at);
    }
}

/// SEMANTICS: in an object that names a key twice, the last one wins.
#[test]
fn duplicate_keys_last_wins() {
    let d = settle_doc().to_string();
    let text = d.replacen(
        "\"levels\":[{\"rate\":\"0.10\"}]",
        "\"levels\":[{\"rate\":\"0.50\"}],\"levels\":[{\"rate\":\"0.10\"}]",
        1,
    );
    assert_ne!(text, d);
    let v = answer("settle", text);
    // 10.00 at the second `levels`' rate 0.10 → 1.00 (the first would give 5.00).
    assert_eq!(v["result"]["total"], "1.00", "{v}");
    let text = d.replacen("\"quantity\":1", "\"quantity\":-5,\"quantity\":2", 1);
    assert_eq!(answer("settle", text)["result"]["total"], "2.00");
}

#[test]
fn duplicate_ids() {
    let v = settle_with(|d| {
        let line = d["order"]["lines"][0].clone();
        d["order"]["lines"].as_array_mut().unwrap().push(line);
    });
    refused_at(&v, "duplicate", "order.lines[1].id");
    let mut s = example("status");
    let b = s["settlement"]["beneficiaries"][0].clone();
    s["settlement"]["beneficiaries"][1] = b;
    refused_at(
        &answer("status", s.to_string()),
        "duplicate",
        "settlement.beneficiaries[1].memberId",
    );
}

#[test]
fn cycles() {
    let v = settle_with(|d| d["upline"][0]["id"] = json!("b"));
    refused_at(&v, "inconsistent", "upline[0].id");
    let v = settle_with(|d| {
        d["upline"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "a", "status": "active"}))
    });
    refused_at(&v, "inconsistent", "upline[1].id");
    let mut b = example("bind");
    b["sharer"]["ancestors"] = json!(["laowang", "buyer-88"]);
    let v = answer("bind", b.to_string());
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["result"]["bound"], false, "{v}");
}

#[test]
fn unknown_fields() {
    let v = settle_with(|d| d["order"]["lines"][0]["unitPrise"] = json!("1.00"));
    refused_at(&v, "unknownField", "order.lines[0].unitPrise");
    // A long name is named whole in the path (the message may shorten it).
    let long = "x".repeat(200);
    let v = settle_with(|d| d["order"][long.as_str()] = json!(1));
    refused_at(&v, "unknownField", &format!("order.{long}"));
    // A name that is not an identifier is quoted, so it cannot pass for a real field's path.
    let v = settle_with(|d| d["rules.levels[0].rate"] = json!("0.5"));
    refused_at(&v, "unknownField", "[\"rules.levels[0].rate\"]");
    let v = settle_with(|d| d["order"]["a\"b"] = json!(1));
    refused_at(&v, "unknownField", "order[\"a\\\"b\"]");
    let v = settle_with(|d| d["order"][""] = json!(1));
    refused_at(&v, "unknownField", "order[\"\"]");
}

/// Each leaf and list of a good document of every command, given a value of every other JSON
/// type, is refused with an error at its path; null counts as absent (SEMANTICS).
#[test]
fn every_wrong_type() {
    let failures = within_30s(|| {
        let mut failures: Vec<String> = Vec::new();
        for name in [
            "settle", "refund", "status", "withdraw", "bind", "progress", "preview",
        ] {
            let doc = example(name);
            let mut leaves = Vec::new();
            leaf_paths(&doc, String::new(), String::new(), &mut leaves);
            for (pointer, path, original) in leaves {
                for wrong in [
                    json!(null),
                    json!(true),
                    json!(7),
                    json!(1.5),
                    json!("x"),
                    json!([]),
                    json!({}),
                ] {
                    if same_kind(&wrong, &original) {
                        continue;
                    }
                    let mut d = doc.clone();
                    *d.pointer_mut(&pointer).unwrap() = wrong.clone();
                    let a = fenxiao::run(name, &d.to_string());
                    let v: Value = serde_json::from_str(&a.text).unwrap();
                    // null is absence: an optional field takes it, a required one is missing
                    // (at its path, or at its record when one of several fields is needed).
                    let at_path = match v["errors"].as_array() {
                        None => wrong.is_null(),
                        Some(errors) => errors.iter().any(|e| {
                            let at = e["path"].as_str().unwrap();
                            at.starts_with(&path) || (wrong.is_null() && path.starts_with(at))
                        }),
                    };
                    if !at_path {
                        failures.push(format!("{name}: {path} = {wrong}: {:.300}", a.text));
                    }
                }
            }
        }
        failures
    });
    assert!(
        failures.is_empty(),
        "{} wrong types not refused at their path:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn same_kind(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        && !(a.is_number() && (a.is_f64() != b.is_f64()))
}

/// Every leaf and container below the root: JSON pointer, engine path, value.
fn leaf_paths(v: &Value, pointer: String, path: String, out: &mut Vec<(String, String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                leaf_paths(x, format!("{pointer}/{k}"), p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                leaf_paths(x, format!("{pointer}/{i}"), format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
    if !pointer.is_empty() {
        out.push((pointer, path, v.clone()));
    }
}

#[test]
fn byte_order_mark_and_lone_surrogates() {
    let d = settle_doc().to_string();
    refused_at(&answer("settle", format!("\u{feff}{d}")), "invalidJson", "");
    let text = d.replacen("\"o\"", "\"\\ud800\"", 1);
    refused_at(&answer("settle", text), "invalidJson", "");
    let text = d.replacen("\"o\"", "\"\\udc00x\"", 1);
    refused_at(&answer("settle", text), "invalidJson", "");
    // A surrogate pair is a character like any other.
    let text = d.replacen("\"o\"", "\"\\ud83d\\ude00\"", 1);
    assert_eq!(answer("settle", text)["result"]["orderId"], "\u{1f600}");
}

#[test]
fn ids_of_10_mb_and_7_mb() {
    let v = settle_with(|d| d["order"]["id"] = json!("x".repeat(10 << 20)));
    refused_at(&v, "tooLarge", "");
    let v = settle_with(|d| d["order"]["id"] = json!("x".repeat(7 << 20)));
    refused_at(&v, "outOfRange", "order.id");
}

#[test]
fn empty_document_and_null() {
    for text in ["", " ", "\n"] {
        refused_at(&answer("settle", text.to_owned()), "invalidJson", "");
    }
    for text in ["null", "[]", "1", "\"rules\""] {
        refused_at(&answer("settle", text.to_owned()), "invalidType", "");
    }
    refused_at(&answer("settle", "{}".to_owned()), "missingField", "rules");
}

fn bind_at(at: &str) -> Value {
    let mut b = example("bind");
    b["at"] = json!(at);
    b["buyer"]["registeredAt"] = json!("1970-01-01T00:00:00Z");
    answer("bind", b.to_string())
}

#[test]
fn times_that_are_not_rfc3339() {
    for at in [
        "2026-11-20 09:58:00+08:00",
        "2026-11-20T09:58:00",
        "2026-11-20T24:00:00Z",
        "2026-11-20T23:59:60Z",
        "2026-02-29T00:00:00Z",
        "2026-11-20T09:58:00+8:00",
        "2026-11-20T09:58:00+19:00",
        "0000-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
        "10000-01-01T00:00:00Z",
        "",
    ] {
        refused_at(&bind_at(at), "invalidTime", "at");
    }
}

/// Instants are bounded in UTC: 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, whatever the
/// offset they are written in; every instant the engine answers, it reads back.
#[test]
fn times_at_the_ends_of_the_range() {
    // Read, and written back in UTC.
    for (at, utc) in [
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
        ("1969-12-31T12:00:00-12:00", "1970-01-01T00:00:00Z"),
        ("1970-01-01T14:00:00+14:00", "1970-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
        ("9999-12-31T11:59:59-12:00", "9999-12-31T23:59:59Z"),
        ("0000-01-01T00:00:00Z", ""),
    ] {
        let mut b = example("bind");
        b["at"] = json!(at);
        b["buyer"]["registeredAt"] = json!(at);
        b["rules"]["binding"] = json!({"mode": "firstShare"});
        let v = answer("bind", b.to_string());
        if utc.is_empty() {
            refused_at(&v, "invalidTime", "at");
            continue;
        }
        assert_eq!(v["result"]["boundAt"], utc, "{at}: {v}");
        // Fed back as the buyer's current binding, it is read.
        b["buyer"]["parentId"] = json!("laowang");
        b["buyer"]["boundAt"] = v["result"]["boundAt"].clone();
        assert_eq!(answer("bind", b.to_string())["ok"], true, "{at}");
    }
    // Past the end in UTC, though within 9999 in its own offset: refused, not answered as
    // 10000-01-01T11:59:59Z. Before 1970 in UTC: refused, not answered as 1969.
    refused_at(&bind_at("9999-12-31T23:59:59-12:00"), "invalidTime", "at");
    refused_at(&bind_at("1970-01-01T00:00:00+14:00"), "invalidTime", "at");
}

/// Times the engine computes are bounded like the ones it reads.
#[test]
fn computed_times_stay_in_range() {
    // bind: validUntil = at + 90 days.
    let mut b = example("bind");
    b["at"] = json!("9999-12-01T00:00:00Z");
    refused_at(&answer("bind", b.to_string()), "outOfRange", "at");
    b["at"] = json!("9999-10-02T23:59:59Z");
    let v = answer("bind", b.to_string());
    assert_eq!(v["result"]["validUntil"], "9999-12-31T23:59:59Z", "{v}");
    // status: availableAt = completedAt + 7 days.
    let mut s = example("status");
    s["paidAt"] = json!("9999-12-28T00:00:00Z");
    s["completedAt"] = json!("9999-12-28T00:00:00Z");
    s["now"] = json!("9999-12-30T00:00:00Z");
    refused_at(
        &answer("status", s.to_string()),
        "outOfRange",
        "completedAt",
    );
    s["completedAt"] = json!("9999-12-24T23:59:59Z");
    s["paidAt"] = json!("9999-12-24T00:00:00Z");
    let v = answer("status", s.to_string());
    assert_eq!(v["result"]["availableAt"], "9999-12-31T23:59:59Z", "{v}");
    // progress: the gold tier's quarterly retention check falls on 10000-01-01.
    let mut p = example("progress");
    p["member"]["tier"] = json!("gold");
    p["now"] = json!("9999-11-23T21:00:00+08:00");
    // At +08:00 the check is 9999-12-31T16:00:00Z, still in range; at -08:00 it is not.
    let v = answer("progress", p.to_string());
    assert_eq!(
        v["result"]["retention"]["checkAt"], "9999-12-31T16:00:00Z",
        "{v}"
    );
    p["rules"]["utcOffset"] = json!("-08:00");
    refused_at(&answer("progress", p.to_string()), "outOfRange", "now");
}

#[test]
fn sums_that_overflow_across_many_lines() {
    let v = settle_with(|d| {
        d["order"]["lines"] = (0..500)
            .map(|i| json!({"id": format!("l{i}"), "productId": "p", "unitPrice": "9999999999999.99", "quantity": 1_000_000}))
            .collect();
    });
    let errors = v["errors"].as_array().unwrap();
    assert!(errors.iter().any(|e| e["code"] == "overflow"), "{v}");
}

#[test]
fn discounts_above_the_total() {
    let v =
        settle_with(|d| d["order"]["discounts"] = json!([{"amount": "6.00"}, {"amount": "4.01"}]));
    refused_at(&v, "inconsistent", "order.discounts");
}

#[test]
fn refunds_above_what_was_bought_or_of_unknown_lines() {
    let mut r = example("refund");
    r["refunds"] = json!([{"id": "r1", "lineId": "l1", "quantity": 3}]);
    refused_at(
        &answer("refund", r.to_string()),
        "outOfRange",
        "refunds[0].quantity",
    );
    r["refunds"] = json!([{"id": "r1", "lineId": "l9", "quantity": 1}]);
    refused_at(
        &answer("refund", r.to_string()),
        "unknownReference",
        "refunds[0].lineId",
    );
    r["refunds"] = json!([{"id": "r1", "amount": "100000.00"}]);
    refused_at(
        &answer("refund", r.to_string()),
        "inconsistent",
        "refunds[0].amount",
    );
}

#[test]
fn tier_conditions_nested_past_the_limit() {
    let mut c = json!({"type": "directRecruits", "atLeast": 1});
    for _ in 0..6 {
        c = json!({"type": "all", "of": [c]});
    }
    let mut p = example("progress");
    p["rules"]["tiers"][1]["upgrade"] = c;
    let v = answer("progress", p.to_string());
    let errors = v["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e["path"]
            .as_str()
            .unwrap()
            .starts_with("rules.tiers[1].upgrade")),
        "{v}"
    );
}

#[test]
fn a_thousand_tiers() {
    let mut p = example("progress");
    p["rules"]["tiers"] = (0..1000).map(|i| json!({"id": format!("t{i}")})).collect();
    refused_at(&answer("progress", p.to_string()), "tooMany", "rules.tiers");
}

/// `atLeast` of a count condition outside 0..2^64 is `outOfRange`, like any other count.
#[test]
fn count_marks_out_of_range() {
    for raw in [json!(-1), json!(-9_223_372_036_854_775_808_i64)] {
        let mut p = example("progress");
        p["rules"]["tiers"][1]["upgrade"]["of"][1]["atLeast"] = raw;
        refused_at(
            &answer("progress", p.to_string()),
            "outOfRange",
            "rules.tiers[1].upgrade.of[1].atLeast",
        );
    }
    for raw in ["18446744073709551616", "-9223372036854775809", "1000001"] {
        let p = example("progress").to_string().replacen(
            "\"atLeast\":3",
            &format!("\"atLeast\":{raw}"),
            1,
        );
        refused_at(
            &answer("progress", p),
            "outOfRange",
            "rules.tiers[1].upgrade.of[1].atLeast",
        );
    }
    let p = example("progress")
        .to_string()
        .replacen("\"atLeast\":3", "\"atLeast\":2.5", 1);
    refused_at(
        &answer("progress", p),
        "invalidType",
        "rules.tiers[1].upgrade.of[1].atLeast",
    );
}

/// ERRORS.md: a withdrawal beyond the available part is reported at that entry's amount.
#[test]
fn withdrawals_above_the_available_part() {
    let mut s = example("status");
    s["now"] = json!("2026-12-01T00:00:00+08:00");
    s["withdrawn"] = json!([
        {"memberId": "xiaomei", "amount": "40.00"},
        {"memberId": "xiaomei", "amount": "4.57"}
    ]);
    refused_at(
        &answer("status", s.to_string()),
        "inconsistent",
        "withdrawn[1].amount",
    );
}
