#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

// The JSON contract: one document in, one envelope out, and the table of commands.
pub mod api;

// The batch path: a whole dataset in columns, replayed under one rule set or two.
#[cfg(feature = "batch")]
pub mod batch;
pub mod schema;

// What every part shares: the one error type with its path, and the input limits.
pub mod error;
pub mod limits;

// Plumbing: JSON text in and out, decoding with paths.
pub mod io;

// The domain, along the money path.
pub mod lint;
pub mod member;
pub mod money;
pub mod payout;
pub mod rules;

pub use api::{run, Answer};
pub use error::{Error, ErrorCode, Errors, Path};
pub use money::{Money, Rate, Rounding};
pub use rules::{RuleSet, RuleSetDoc};

/// The engine's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
