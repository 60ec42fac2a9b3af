//! Plumbing between bytes and the domain: decoding parsed JSON (serde_json reads the text)
//! into the input types with every problem at its path, writing answers, and the two shared helpers that keep
//! the WebAssembly module small (one sort, one id map). Nothing here knows a business rule.

pub(crate) mod decode;
pub(crate) mod emit;
pub(crate) mod ids;
pub mod json;
pub(crate) mod scan;
pub(crate) mod sort;

// The reader and the writer themselves stay inside the engine. Public are only the two traits
// every input and answer type implements (with the location and writer their methods take),
// and one entry point each: for Rust callers who hold a document as a `serde_json::Value` or
// want an answer's text, and for the tests that hold the decoders to the published schema and
// the writer to serde.
pub use decode::{decode_at, Decode, Loc};
pub use emit::{to_text, Emit, Writer};
pub use json::{Json, Object};
pub use scan::Cursor;
