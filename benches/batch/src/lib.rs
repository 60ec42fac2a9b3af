//! The batch path's reference benchmark: one generated shop (members, orders, a coupon per
//! order), the rule set every implementation applies, and the baselines the engine's batch
//! path is measured against. Every implementation computes each line's paid amount (the
//! coupon prorated by largest remainder, SEMANTICS.md 5.2), each order's commission after the
//! cap (5.6–5.8) and each member's total in fen; they must agree to the fen.
//!
//! - `workload`: the xorshift64 generator and the integer columns it fills;
//! - `plan`: the rule set, as JSON and as integer rates;
//! - `floor`: the i64 fen kernel (the floor), also built for WebAssembly (`wasm`);
//! - `decimal`: the same with `rust_decimal`, written the straightforward way;
//! - `evolve`: the floor with tiers evolving as the orders are paid;
//! - `engine`: where the engine's batch path plugs in;
//! - `summary`: the grand total and checksum every implementation prints.

pub mod decimal;
#[cfg(not(target_arch = "wasm32"))]
pub mod engine;
pub mod evolve;
pub mod floor;
pub mod plan;
pub mod summary;
pub mod workload;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use plan::Plan;
pub use summary::Summary;
pub use workload::{Columns, NONE};
