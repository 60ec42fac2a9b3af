//! The engine's batch run (`fenxiao::batch::simulate`) on the reference workload, as two
//! WebAssembly exports (`prepare`, then `run` timed by the caller) and as a native library
//! for `engine-native`: the same Rust, so the ratio of their times is what WebAssembly costs
//! the engine's run ("engine batch compute in wasm / the same natively").
#![allow(missing_docs)]

use fenxiao::batch::{self, Dataset, Options};
use fenxiao::RuleSet;
use fenxiao_bench_batch::{plan, workload};
use std::cell::RefCell;

mod dataset;

thread_local! {
    static STATE: RefCell<Option<(RuleSet, Dataset)>> = const { RefCell::new(None) };
}

/// Generates the workload (`members`, `orders`) and prepares the run outside the timed part:
/// the rule set checked (`evolving` ≠ 0: tiers evolving) and the columns built into a
/// `Dataset`.
#[no_mangle]
pub extern "C" fn prepare(members: u32, orders: u32, evolving: u32) {
    let c = workload::generate(members as usize, orders as usize);
    let rules = if evolving != 0 {
        plan::RULES_EVOLVING
    } else {
        plan::RULES
    };
    let prepared = dataset::checked(rules).zip(dataset::dataset(&c));
    STATE.with(|s| *s.borrow_mut() = prepared);
}

/// The timed part: the whole run, every member's total; answers the grand total in fen
/// (−1 when nothing is prepared or the run fails).
#[no_mangle]
pub extern "C" fn run() -> f64 {
    STATE.with(|s| {
        let s = s.borrow();
        let Some((rules, data)) = s.as_ref() else {
            return -1.0;
        };
        match batch::simulate(rules, data, &Options::default()) {
            Ok(r) => r.member_net.iter().sum::<i64>() as f64,
            Err(_) => -1.0,
        }
    })
}
