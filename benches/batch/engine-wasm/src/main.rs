//! `engine-native [EVOLVING] [RUNS]`: the run natively, one JSON line (the median, every
//! run, milliseconds, and the grand total in fen), as `run.mjs` prints it for WebAssembly.
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let evolving: u32 = a.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let runs: usize = a.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    fenxiao_bench_engine_wasm::prepare(100_000, 1_000_000, evolving);
    fenxiao_bench_engine_wasm::run();
    let mut times = Vec::new();
    let mut total = 0.0;
    for _ in 0..runs {
        let start = std::time::Instant::now();
        total = fenxiao_bench_engine_wasm::run();
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let list: Vec<String> = times.iter().map(|t| format!("{t:.2}")).collect();
    println!(
        "{{\"where\":\"native\",\"median\":{:.2},\"runs\":[{}],\"total\":{total}}}",
        sorted[sorted.len() / 2],
        list.join(",")
    );
}
