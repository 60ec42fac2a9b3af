//! The batch path: a whole dataset of a shop's members, products, orders and refunds,
//! replayed under a rule set (or two, to compare), with tiers evolving as the run goes.
//!
//! The single-order commands answer one document at a time; a month of a shop is a million
//! orders, so here the data lives in columns (struct of arrays, ids interned to indices) and
//! the rule set is turned once into integer plans. Every figure still equals what the
//! single-order API answers for the same order (SEMANTICS.md, "Batch").
//!
//! - `dataset`: the columns.
//! - `build`: the one checked way into them, shared by the readers and the generator.
//! - `read`: the CSV set and NDJSON readers (bytes in, no file I/O; streaming natively).
//! - `write`: the CSV set written back (with a BOM, for Excel).
//! - `sample`: a deterministic sample shop, and its rule set.

pub mod build;
pub mod dataset;
pub mod read;
pub mod sample;
pub mod write;

pub use dataset::{Dataset, NONE};
pub use read::{read, Loaded};
