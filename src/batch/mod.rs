//! The batch path: a whole dataset of a shop's members, products, orders and refunds,
//! replayed under a rule set (or two, to compare), with tiers evolving as the run goes.
//!
//! The single-order commands answer one document at a time; a month of a shop is a million
//! orders, so here the data lives in columns (struct of arrays, ids interned to indices) and
//! the rule set is turned once into integer plans. Every figure still equals what the
//! single-order API answers for the same order (SEMANTICS.md, "Batch").
//!
//! - `dataset`: the columns, and the builder that checks and interns rows into them.

pub mod dataset;

pub use dataset::{Dataset, NONE};
