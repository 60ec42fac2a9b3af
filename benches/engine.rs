//! Per-call cost of the engine's commands on the example shop, natively.
//! Run: `cargo bench --bench engine`. Each figure is the median of 15 rounds of
//! `iterations` calls; the rule set is checked once where the command goes through a
//! checked `RuleSet` (as the npm package's handle does), and on every call through `run`.

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

fn load(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/examples/shop/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn main() {
    println!("{:<44} {:>12}", "call", "per call");
    for (command, file) in [
        ("validate", "validate"),
        ("settle", "settle"),
        ("refund", "refund"),
        ("preview", "preview"),
        ("progress", "progress"),
        ("lint", "lint-three-levels"),
        ("bind", "bind"),
        ("status", "status"),
        ("withdraw", "withdraw"),
    ] {
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
    }
}
