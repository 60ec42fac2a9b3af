//! The engine's batch run beside the floor, run after run on the reference workload: each
//! round times the floor, the engine's run (in its phases: new, step, finish) and the
//! engine's run with tiers evolving, and the ratios are taken within the round, because a
//! shared machine's load drifts between rounds. Prints each round, the median of the
//! ratios and the ratio of the fastest runs.
//!
//! Times are the thread's time on a CPU (Linux `/proc/thread-self/schedstat`), so that the
//! time other processes hold the cores is not counted; elsewhere, wall-clock time.
//!
//! `cargo run --release -p fenxiao-bench-batch --example phases [ROUNDS]`
use fenxiao::batch::{Options, Simulation};
use fenxiao_bench_batch::{engine, floor, plan, workload};

/// A moment: nanoseconds this thread has run, or since the first call.
#[derive(Clone, Copy)]
struct Instant(u64);

impl Instant {
    fn now() -> Instant {
        let on_cpu = std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse().ok());
        Instant(on_cpu.unwrap_or_else(|| {
            static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
            START
                .get_or_init(std::time::Instant::now)
                .elapsed()
                .as_nanos() as u64
        }))
    }
}

fn ms(a: Instant, b: Instant) -> f64 {
    (b.0 - a.0) as f64 / 1e6
}

/// One run of the engine: new, step and finish, milliseconds.
fn engine(rules: &fenxiao::RuleSet, data: &fenxiao::batch::Dataset) -> [f64; 3] {
    let t0 = Instant::now();
    let mut sim = Simulation::new(rules, data, &Options::default()).expect("a run");
    let t1 = Instant::now();
    sim.step(usize::MAX).expect("settled");
    let t2 = Instant::now();
    std::hint::black_box(sim.finish());
    let t3 = Instant::now();
    [ms(t0, t1), ms(t1, t2), ms(t2, t3)]
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .map_or(9, |s| s.parse().expect("rounds"));
    let c = workload::generate(100_000, 1_000_000);
    let fixed = engine::checked(plan::RULES).expect("rules");
    let evolving = engine::checked(plan::RULES_EVOLVING).expect("rules");
    let data = engine::dataset(c.clone()).expect("dataset");
    let (mut r1, mut r2, mut fl, mut en, mut ev) = (vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..rounds {
        let f0 = Instant::now();
        std::hint::black_box(floor::totals(&c, &plan::PLAN));
        let f = ms(f0, Instant::now());
        let e = engine(&fixed, &data);
        let v = engine(&evolving, &data);
        let (et, vt) = (e.iter().sum::<f64>(), v.iter().sum::<f64>());
        println!(
            "floor {f:.1} | engine {et:.1} (new {:.1} step {:.1} finish {:.1}) {:.2}x | evolving {vt:.1} (new {:.1} step {:.1} finish {:.1}) {:.2}x",
            e[0], e[1], e[2], et / f, v[0], v[1], v[2], vt / f
        );
        r1.push(et / f);
        r2.push(vt / f);
        fl.push(f);
        en.push(et);
        ev.push(vt);
    }
    let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "median of ratios: engine {:.2}x, evolving {:.2}x; fastest runs: floor {:.1} ms, engine {:.1} ms ({:.2}x), evolving {:.1} ms ({:.2}x)",
        median(&mut r1),
        median(&mut r2),
        min(&fl),
        min(&en),
        min(&en) / min(&fl),
        min(&ev),
        min(&ev) / min(&fl)
    );
}
