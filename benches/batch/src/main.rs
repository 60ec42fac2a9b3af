//! The native rows of the batch benchmark (`.ci/bench-batch` prints the whole table):
//! generates the reference workload, times each native implementation over several runs,
//! and prints one JSON line per row: `{"row", "ms" (the median), "runs", "grandTotal",
//! "checksum"}`, or `"pending": true` where the engine cannot run yet.
//!
//! `bench-batch [--members N] [--orders M] [--runs R]
//! [--rows floor,decimal,evolving,engine,engine-evolving]
//! [--peak 1]` (defaults: 100,000 members, 1,000,000 orders, 11 runs after one warm-up;
//! `decimal` runs 3 times). With `--peak 1` each row is run once and named "… (memory run)",
//! with the process's peak resident memory (`peakKiB`, Linux's VmHWM): run one row per
//! process to measure it alone.

use fenxiao_bench_batch::{decimal, engine, evolve, floor, plan, workload, Summary};
use std::time::Instant;

struct Args {
    members: usize,
    orders: usize,
    runs: usize,
    rows: Vec<String>,
    peak: bool,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        members: 100_000,
        orders: 1_000_000,
        runs: 11,
        rows: ["floor", "decimal", "evolving", "engine", "engine-evolving"]
            .map(String::from)
            .to_vec(),
        peak: false,
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
            "--peak" => a.peak = number()? != 0,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(a)
}

/// Times `f` `runs` times after one warm-up (none when `runs` is 1); answers the median and
/// every run, milliseconds, and the last answer.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, Vec<f64>, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    if runs > 1 {
        std::hint::black_box(f());
    }
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

/// The process's peak resident memory so far, KiB (Linux; `None` elsewhere).
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn name(name: &str, peak: bool) -> String {
    if peak {
        format!("{name} (memory run)")
    } else {
        name.to_owned()
    }
}

fn row(name: &str, peak: bool, runs: &[f64], median: f64, totals: &[i64]) {
    let s = Summary::of(totals);
    let list: Vec<String> = runs.iter().map(|t| format!("{t:.3}")).collect();
    let memory = match peak.then(peak_kib).flatten() {
        Some(kib) => format!(",\"peakKiB\":{kib}"),
        None => String::new(),
    };
    println!(
        "{{\"row\":\"{}\",\"ms\":{median:.3},\"runs\":[{}],\"grandTotal\":\"{}\",\"checksum\":\"{}\"{memory}}}",
        self::name(name, peak),
        list.join(","),
        s.yuan(),
        s.checksum
    );
}

fn pending(name: &str, peak: bool) {
    println!(
        "{{\"row\":\"{}\",\"pending\":true}}",
        self::name(name, peak)
    );
}

fn main() {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bench-batch: {e}");
            std::process::exit(2);
        }
    };
    let mut c = workload::generate(a.members, a.orders);
    let p = a.peak;
    let runs = if p { 1 } else { a.runs };
    let want = |r: &str| a.rows.iter().any(|x| x == r);
    // The engine's dataset takes the columns as its own (`Dataset::from_columns`, outside
    // the timed region): a copy of them, or, in a memory run of that row alone, the
    // generated columns themselves, as a caller holding its shop in columns would hand them.
    let alone = p && a.rows.len() == 1;
    let input = |c: &mut workload::Columns| {
        if alone {
            std::mem::take(c)
        } else {
            c.clone()
        }
    };
    if want("floor") {
        let (ms, runs, t) = time(runs, || floor::totals(&c, &plan::PLAN));
        row("floor native", p, &runs, ms, &t);
    }
    if want("engine") {
        match engine::native(plan::RULES, input(&mut c)) {
            Some(run) => {
                let (ms, runs, t) = time(runs, &*run);
                row("engine native", p, &runs, ms, &t);
            }
            None => pending("engine native", p),
        }
    }
    if want("evolving") {
        let (ms, runs, t) = time(runs, || evolve::totals(&c, &plan::PLAN).0);
        row("floor evolving native", p, &runs, ms, &t);
    }
    if want("engine-evolving") {
        match engine::native_evolving(plan::RULES_EVOLVING, input(&mut c)) {
            Some(run) => {
                let (ms, runs, t) = time(runs, &*run);
                row("engine evolving native", p, &runs, ms, &t);
            }
            None => pending("engine evolving native", p),
        }
    }
    if want("decimal") {
        let (ms, runs, t) = time(runs.min(3), || decimal::totals(&c, &plan::PLAN));
        row("rust_decimal native", p, &runs, ms, &decimal::to_fen(&t));
    }
}
