#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod api;
pub mod binding;
pub mod commission;
pub mod decode;
pub mod emit;
pub mod error;
pub mod json;
pub mod ids;
pub mod lifecycle;
pub mod limits;
pub mod lint;
pub mod money;
pub mod network;
pub mod order;
pub mod preview;
pub mod refund;
pub mod rules;
pub mod schema;
pub mod settlement;
mod sort;
pub mod tier;
pub mod time;
#[cfg(feature = "wasm")]
mod wasm;
pub mod withdrawal;

pub use api::{run, Answer};
pub use error::{Error, ErrorCode, Errors, Path};
pub use money::{Money, Rate, Rounding};
pub use rules::{RuleSet, RuleSetDoc};

/// The engine's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
