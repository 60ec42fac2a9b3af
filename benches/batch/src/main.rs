//! The native rows of the batch benchmark (`.ci/bench-batch` prints the whole table):
//! generates the reference workload, times each native implementation over several runs,
//! and prints one JSON line per row: `{"row", "ms" (the median), "runs", "grandTotal",
//! "checksum"}`, or `"pending": true` where the engine cannot run yet.
//!
//! `bench-batch [--members N] [--orders M] [--runs R] [--rows floor,decimal,evolving,engine]`
//! (defaults: 100,000 members, 1,000,000 orders, 11 runs; `decimal` runs 3 times).

use fenxiao_bench_batch::{decimal, engine, evolve, floor, plan, workload, Summary};
use std::time::Instant;

struct Args {
    members: usize,
    orders: usize,
    runs: usize,
    rows: Vec<String>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        members: 100_000,
        orders: 1_000_000,
        runs: 11,
        rows: ["floor", "decimal", "evolving", "engine"]
            .map(String::from)
            .to_vec(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let number = || value.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--members" => a.members = number()?,
            "--orders" => a.orders = number()?,
            "--runs" => a.runs = number()?.max(1),
            "--rows" => a.rows = value.split(',').map(String::from).collect(),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(a)
}

/// Times `f` `runs` times; answers the median and every run, milliseconds, and the last
/// answer.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, Vec<f64>, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = std::hint::black_box(f());
        times.push(start.elapsed().as_secs_f64() * 1e3);
        last = Some(out);
    }
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    (sorted[sorted.len() / 2], times, last.unwrap())
}

fn row(name: &str, runs: &[f64], median: f64, totals: &[i64]) {
    let s = Summary::of(totals);
    let list: Vec<String> = runs.iter().map(|t| format!("{t:.3}")).collect();
    println!(
        "{{\"row\":\"{name}\",\"ms\":{median:.3},\"runs\":[{}],\"grandTotal\":\"{}\",\"checksum\":\"{}\"}}",
        list.join(","),
        s.yuan(),
        s.checksum
    );
}

fn pending(name: &str) {
    println!("{{\"row\":\"{name}\",\"pending\":true}}");
}

fn main() {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bench-batch: {e}");
            std::process::exit(2);
        }
    };
    let c = workload::generate(a.members, a.orders);
    let want = |r: &str| a.rows.iter().any(|x| x == r);
    if want("floor") {
        let (ms, runs, t) = time(a.runs, || floor::totals(&c, &plan::PLAN));
        row("floor native", &runs, ms, &t);
    }
    if want("engine") {
        match engine::native(plan::RULES) {
            Some(run) => {
                let (ms, runs, t) = time(a.runs, || run(&c));
                row("engine native", &runs, ms, &t);
            }
            None => pending("engine native"),
        }
    }
    if want("evolving") {
        let (ms, runs, t) = time(a.runs, || evolve::totals(&c, &plan::PLAN).0);
        row("floor evolving native", &runs, ms, &t);
    }
    if want("engine") {
        match engine::native_evolving(plan::RULES_EVOLVING) {
            Some(run) => {
                let (ms, runs, t) = time(a.runs, || run(&c));
                row("engine evolving native", &runs, ms, &t);
            }
            None => pending("engine evolving native"),
        }
    }
    if want("decimal") {
        let (ms, runs, t) = time(a.runs.min(3), || decimal::totals(&c, &plan::PLAN));
        row("rust_decimal native", &runs, ms, &decimal::to_fen(&t));
    }
}
