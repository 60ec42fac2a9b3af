//! Plumbing between bytes and the domain: decoding parsed JSON (serde_json reads the text)
//! into the input types with every problem at its path, writing answers, and the two shared helpers that keep
//! the WebAssembly module small (one sort, one id map). Nothing here knows a business rule.

pub mod decode;
pub mod emit;
pub(crate) mod ids;
pub(crate) mod sort;
