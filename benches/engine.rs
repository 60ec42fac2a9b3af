//! Per-call cost of the engine's commands on the example shop, natively.
//! Run: `cargo bench --bench engine`. Each figure is the median of 15 rounds of
//! `iterations` calls; the rule set is checked once where the command goes through a
//! checked `RuleSet` (as the npm package's handle does), and on every call through `run`.
//! This file builds against the engine of commit 779145e too: `.ci/bench` runs it on both.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use serde_json::{Map, Value};
use std::hint::black_box;
use std::time::Instant;

/// `BENCH_SMOKE=1` runs every call once per round, so the test command can check that the
/// benchmark still runs (its figures are then meaningless).
fn median_ns(iterations: u32, mut f: impl FnMut()) -> f64 {
    let iterations = if std::env::var_os("BENCH_SMOKE").is_some() {
        1
    } else {
        iterations
    };
    let mut rounds: Vec<f64> = (0..15)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iterations {
                f();
            }
            start.elapsed().as_nanos() as f64 / f64::from(iterations)
        })
        .collect();
    rounds.sort_by(|a, b| a.partial_cmp(b).unwrap());
    rounds[rounds.len() / 2]
}

/// As [`median_ns`], for a call that consumes its input: the inputs are copied from `input`
/// off the clock, 50 at a time (few enough to stay in cache, as one copy does).
fn median_ns_batched<T: Clone>(iterations: u32, input: &T, mut f: impl FnMut(T)) -> f64 {
    let iterations = if std::env::var_os("BENCH_SMOKE").is_some() {
        1
    } else {
        iterations
    };
    let mut rounds: Vec<f64> = (0..15)
        .map(|_| {
            let mut nanos = 0_u128;
            let mut done = 0;
            while done < iterations {
                let n = (iterations - done).min(50);
                let inputs: Vec<T> = (0..n).map(|_| input.clone()).collect();
                let start = Instant::now();
                for x in inputs {
                    f(x);
                }
                nanos += start.elapsed().as_nanos();
                done += n;
            }
            nanos as f64 / f64::from(iterations)
        })
        .collect();
    rounds.sort_by(|a, b| a.partial_cmp(b).unwrap());
    rounds[rounds.len() / 2]
}

fn load(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/examples/shop/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn main() {
    // `BENCH_PROFILE=settle:2000`: that many calls from the arguments' text to the
    // result's text and nothing else, for `valgrind --tool=callgrind`.
    if let Some(spec) = std::env::var_os("BENCH_PROFILE") {
        let spec = spec.to_string_lossy().into_owned();
        let (command, n) = spec.split_once(':').unwrap();
        profile(command, n.parse().unwrap());
        return;
    }
    println!("{:<44} {:>12}", "call", "per call");
    // `BENCH_ONLY_EVAL=1`: only the calls through a checked rule set (as `.ci/bench` runs it).
    let only_eval = std::env::var_os("BENCH_ONLY_EVAL").is_some();
    let whole: &[(&str, &str)] = if only_eval { &[] } else { &WHOLE };
    for &(command, file) in whole {
        let text = load(file);
        assert!(fenxiao::run(command, &text).ok, "{command} refused");
        let ns = median_ns(2_000, || {
            black_box(fenxiao::run(black_box(command), black_box(&text)));
        });
        println!(
            "{:<44} {:>9.2} µs",
            format!("run(\"{command}\") with rules, JSON text"),
            ns / 1_000.0
        );
    }
    // Through a checked rule set, from the arguments' JSON text to the result's text:
    // what the npm package's `RuleSet` does on every call.
    for (command, file) in [("preview", "preview"), ("settle", "settle")] {
        let (rules, args) = checked(&load(file));
        let ns = median_ns(5_000, || {
            black_box(call_text(command, &rules, black_box(&args)));
        });
        println!(
            "{:<44} {:>9.2} µs",
            format!("eval(\"{command}\") from the arguments' text"),
            ns / 1_000.0
        );
    }
    // Through a checked rule set: the arguments only, as already-parsed JSON.
    for (command, file) in [("preview", "preview"), ("settle", "settle")] {
        let doc: Value = serde_json::from_str(&load(file)).unwrap();
        let Value::Object(mut map) = doc else {
            unreachable!()
        };
        let rules_doc = map.remove("rules").unwrap();
        let mut only_rules = Map::new();
        only_rules.insert("rules".to_owned(), rules_doc);
        let (rules, _) = fenxiao::api::split_rules(only_rules);
        let rules = rules.unwrap();
        let ns = median_ns(5_000, || {
            black_box(fenxiao::api::eval(command, &rules, black_box(map.clone())).unwrap());
        });
        println!(
            "{:<44} {:>9.2} µs",
            format!("eval(\"{command}\") on a checked RuleSet"),
            ns / 1_000.0
        );
        // The same call without the copy of its arguments on the clock (copied beforehand).
        let ns = median_ns_batched(5_000, &map, |args| {
            black_box(fenxiao::api::eval(command, &rules, black_box(args)).unwrap());
        });
        println!(
            "{:<44} {:>9.2} µs",
            format!("eval(\"{command}\") alone (arguments copied before)"),
            ns / 1_000.0
        );
    }
    if !only_eval {
        hostile_numbers();
    }
}

/// The checked rule set of an example document, and its other arguments as JSON text.
fn checked(text: &str) -> (fenxiao::RuleSet, String) {
    let doc: Value = serde_json::from_str(text).unwrap();
    let Value::Object(mut map) = doc else {
        unreachable!()
    };
    let rules_doc = map.remove("rules").unwrap();
    let rules_text = format!("{{\"rules\":{rules_doc}}}");
    let (rules, _) = fenxiao::api::split_rules(fenxiao::api::parse_document(&rules_text).unwrap());
    (rules.unwrap(), Value::Object(map).to_string())
}

/// One call as the npm package's `RuleSet` makes it, from the arguments' text (the envelope
/// around the result, one copy, is left out: the result's type differs between the trees
/// this file is built in). `.ci/bench` builds the baseline with `--cfg fenxiao_baseline`:
/// its `eval` takes parsed arguments only, so its package parses them first.
fn call_text(command: &str, rules: &fenxiao::RuleSet, args: &str) -> bool {
    #[cfg(fenxiao_baseline)]
    let answer =
        fenxiao::api::parse_document(args).and_then(|map| fenxiao::api::eval(command, rules, map));
    #[cfg(not(fenxiao_baseline))]
    let answer = fenxiao::api::eval(command, rules, args);
    let ok = answer.is_ok();
    let _ = black_box(answer);
    ok
}

/// `n` calls of `command` from text to text on the example shop, for a profiler; with
/// `command` written `settle-map`, on arguments parsed as a `serde_json::Map` (copied).
fn profile(command: &str, n: u32) {
    if let Some(command) = command.strip_suffix("-map") {
        let (rules, args) = checked(&load(command));
        let Value::Object(map) = serde_json::from_str::<Value>(&args).unwrap() else {
            unreachable!()
        };
        for _ in 0..n {
            let _ = black_box(fenxiao::api::eval(command, &rules, black_box(map.clone())));
        }
        return;
    }
    let (rules, args) = checked(&load(command));
    let mut ok = 0;
    for _ in 0..n {
        ok += u32::from(call_text(command, &rules, black_box(&args)));
    }
    println!("{n} calls of {command}: {ok} answered");
}

/// The commands run on whole documents (rules checked on every call), with their example.
const WHOLE: [(&str, &str); 9] = [
    ("validate", "validate"),
    ("settle", "settle"),
    ("refund", "refund"),
    ("preview", "preview"),
    ("progress", "progress"),
    ("lint", "lint-three-levels"),
    ("bind", "bind"),
    ("status", "status"),
    ("withdraw", "withdraw"),
];

/// 8 MiB of `1E308` floats against 8 MiB of small integers, each an unknown argument: the
/// parser's cost per number must not depend on its size or exponent (a hand-written reader
/// once spent 19 times the time on the floats). Both figures should be within a small factor.
fn hostile_numbers() {
    let fill = |n: &str| {
        let room = 8 * 1024 * 1024 - 64;
        let items = vec![n; room / (n.len() + 1)].join(",");
        format!("{{\"rules\":{{\"schemaVersion\":1,\"levels\":[{{\"rate\":\"0.1\"}}]}},\"pad\":[{items}]}}")
    };
    let mut figures = Vec::new();
    for (label, number) in [("1E308", "1E308"), ("12345", "12345")] {
        let text = fill(number);
        let ns = median_ns(3, || {
            black_box(fenxiao::run("validate", black_box(&text)));
        });
        println!(
            "{:<44} {:>9.2} ms",
            format!("run on 8 MiB of {label}"),
            ns / 1_000_000.0
        );
        figures.push(ns);
    }
    let ratio = figures[0] / figures[1];
    println!(
        "{:<44} {:>9.2} ×",
        "8 MiB of 1E308 / 8 MiB of integers", ratio
    );
    // Measured at about 1.1 (the hand-written reader this replaced: 19). The median of 15
    // rounds of 8 MiB each holds even in the smoke run, so the test command checks it too.
    assert!(
        ratio < 4.0,
        "8 MiB of 1E308 costs {ratio:.1}x 8 MiB of integers"
    );
}
