//! Where the engine's batch path plugs into the table. Each function prepares a run from
//! the rule set's JSON (outside the timed region: checking the rule set and turning it into
//! integer plans) and answers the timed part: a closure from the workload's columns to every
//! member's total in fen (row order). `None` means the engine cannot run these columns yet,
//! and the table prints its rows as "pending".
//!
//! To plug the engine in, replace a body with a closure that calls `fenxiao::batch` on the
//! columns (members as rows, parents and buyers as rows, tiers as indices into
//! `plan::TIERS`, money as fen; `NONE` for no parent) and answers the totals.

use crate::workload::Columns;

/// The timed part of a run: the columns in, every member's total out.
pub type Runner = Box<dyn Fn(&Columns) -> Vec<i64>>;

/// The engine's batch path with the members' tiers fixed (`plan::RULES`).
pub fn native(rules: &str) -> Option<Runner> {
    let _ = rules;
    None
}

/// The engine's batch path with tiers evolving as orders are paid (`plan::RULES_EVOLVING`,
/// orders paid at `Columns::paid_at_ms`).
pub fn native_evolving(rules: &str) -> Option<Runner> {
    let _ = rules;
    None
}
