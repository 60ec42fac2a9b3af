//! The batch path: a whole dataset of a shop's members, products, orders and refunds,
//! replayed under a rule set (or two, to compare), with tiers evolving as the run goes.
//!
//! The single-order commands answer one document at a time; a month of a shop is a million
//! orders, so here the data lives in columns (struct of arrays, ids interned to indices) and
//! the rule set is turned once into integer plans. Every figure still equals what the
//! single-order API answers for the same order (SEMANTICS.md, "Batch").
//!
//! - `dataset`: the columns; `ids`: an id column, its text in one buffer.
//! - `build`: the one checked way into them, shared by the readers and the generator;
//!   `columns`: a dataset from integer columns (ids implicit), checked by the same rules;
//!   `rows`: datasets written in code, checked through it.
//! - `read`: the CSV set and NDJSON readers (bytes in, no file I/O; streaming natively).
//! - `write`: the CSV set written back (with a BOM, for Excel).
//! - `sample`: a deterministic sample shop, and its rule set.
//! - `plan`: the rule set compiled to integers; `lines`: an order's lines and proration;
//!   `kernel`: one order's commission in integers; `fast`: the same for the everyday order
//!   without per-operation overflow checks (bounds proven once); `refund`: a refund's reversal.
//! - `run`: the stepped run; `tally`: its running totals; `report`: the summary and columns;
//!   `compare`: two runs side by side; `csv`: the per-member and per-order files.

pub mod build;
pub mod columns;
pub mod compare;
pub mod csv;
pub mod dataset;
mod evolve;
mod fast;
mod fused;
mod ids;
mod kernel;
mod lines;
mod plan;
pub mod read;
mod refund;
pub mod report;
pub mod rows;
mod run;
pub mod sample;
mod sums;
mod tally;
pub mod write;

pub use compare::{compare, Comparison};
pub use csv::{compare_csv, member_csv, order_csv};
pub use dataset::{Dataset, Ids, NONE};
pub use evolve::{Cause, TierEvent};
pub use read::{read, Loaded};
pub use report::{Run, Summary};
pub use run::{Options, Simulation, Step};
pub use tally::{OrderRow, Pair};

use crate::error::Errors;
use crate::rules::RuleSet;

/// Runs `data` under `rules` whole: every order in paid-time order, every refund at its time.
pub fn simulate(rules: &RuleSet, data: &Dataset, opts: &Options) -> Result<Run, Errors> {
    let mut sim = Simulation::new(rules, data, opts)?;
    sim.step(usize::MAX)?;
    Ok(sim.finish())
}
