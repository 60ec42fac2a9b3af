//! The WebAssembly binding of the npm package: conversion only, no rules logic.
//!
//! Everything crosses as JSON text (UTF-8 strings in, strings out), so the answers are the
//! very bytes the CLI prints, and no wasm signature carries an `i64` (the WeChat runtime on
//! iOS has no BigInt). The JavaScript glue in `npm/` turns objects into text, with its
//! own iterative depth and size walk, and answers into results or thrown errors.

use fenxiao::api;
use fenxiao::error::{Error, ErrorCode, Errors, Path};
use fenxiao::limits;
use fenxiao::rules::RuleSet;
use wasm_bindgen::prelude::wasm_bindgen;

#[cfg(feature = "batch")]
mod batch;

/// Answers `command` on the whole document `text` (rules and arguments): the CLI's
/// envelope, byte for byte. The glue's public `run` is this after its size check.
#[wasm_bindgen(js_name = runDocument)]
pub fn run_document(command: &str, text: &str) -> String {
    fenxiao::run(command, text).text
}

/// The engine's version and the rule-set schema version it reads, as JSON text.
#[wasm_bindgen]
pub fn version() -> String {
    format!(
        "{{\"engine\":\"{}\",\"schemaVersion\":{}}}",
        fenxiao::VERSION,
        fenxiao::rules::SCHEMA_VERSION
    )
}

/// The largest document the engine takes, in bytes of UTF-8 (the glue checks it before
/// copying a string into wasm memory).
#[wasm_bindgen(js_name = maxDocumentBytes)]
pub fn max_document_bytes() -> u32 {
    u32::try_from(limits::MAX_DOCUMENT_BYTES).unwrap_or(u32::MAX)
}

/// The deepest nesting the engine takes.
#[wasm_bindgen(js_name = maxDepth)]
pub fn max_depth() -> u32 {
    u32::try_from(limits::MAX_DEPTH).unwrap_or(u32::MAX)
}

/// A refusal envelope for a document the glue did not copy in: `code` is a stable code name
/// ("tooLarge", "tooDeep", "invalidType"; read with the core's own table of names, and any
/// other text is "invalidValue"), written with the core's types so it has the core's shape.
#[wasm_bindgen]
pub fn refusal(code: &str, path: &str, message: &str) -> String {
    let code = ErrorCode::from_name(code).unwrap_or(ErrorCode::InvalidValue);
    api::envelope_text(Err(
        Error::new(code, Path::from_written(path), message).into()
    ))
}

/// The message the core gives a document of `bytes` bytes above the limit.
// `bytes` is the byte count as decimal text: a string's UTF-8 length can exceed `u32`, a
// wider integer would put an `i64` in the signature (which the mini-program build must not
// have), and a float would bring float formatting into the module. (A plain comment: doc
// comments are copied into the glue, whose patch refuses any mention of the big-integer type.)
#[wasm_bindgen(js_name = tooLargeMessage)]
pub fn too_large_message(bytes: &str) -> String {
    let limit = limits::MAX_DOCUMENT_BYTES;
    if !bytes.is_empty() && bytes.len() <= 20 && bytes.bytes().all(|b| b.is_ascii_digit()) {
        format!("the document is {bytes} bytes; the limit is {limit}")
    } else {
        format!("the document is above the limit of {limit} bytes")
    }
}

/// A checked rule set held in wasm memory: validate once, evaluate many. JavaScript sees it
/// as `RuleSet`, the name the package's own class (which wraps it) has.
#[wasm_bindgen(js_name = RuleSet)]
pub struct RuleSetHandle {
    rules: Option<RuleSet>,
    refusal: String,
}

#[wasm_bindgen(js_class = RuleSet)]
impl RuleSetHandle {
    /// Checks the document `{"rules": …}` given as text. Never throws: a refused rule set
    /// gives a handle whose `refusal()` is the envelope (and which evaluates nothing).
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str) -> RuleSetHandle {
        match compile(text) {
            Ok(rules) => RuleSetHandle {
                rules: Some(rules),
                refusal: String::new(),
            },
            Err(errs) => RuleSetHandle {
                rules: None,
                refusal: api::envelope_text(Err(errs)),
            },
        }
    }

    /// The refusal envelope, or the empty string when the rule set was accepted.
    pub fn refusal(&self) -> String {
        self.refusal.clone()
    }

    /// The checked rule set, when accepted (for the batch binding).
    #[cfg_attr(not(feature = "batch"), allow(dead_code))]
    pub(crate) fn checked(&self) -> Option<&RuleSet> {
        self.rules.as_ref()
    }

    /// The content hash of the rule set (empty when refused).
    pub fn hash(&self) -> String {
        self.rules
            .as_ref()
            .map(|r| r.hash().to_owned())
            .unwrap_or_default()
    }

    /// Evaluates `command` with this rule set on the other named arguments `args` (a JSON
    /// object as text, without `rules`): the same envelope `runDocument` gives for the whole
    /// document.
    pub fn evaluate(&self, command: &str, args: &str) -> String {
        let Some(rules) = self.rules.as_ref() else {
            return self.refusal.clone();
        };
        api::envelope_text(api::eval(command, rules, args).map(|rendered| rendered.text))
    }
}

/// The rule set of a `{"rules": …}` document, checked.
fn compile(text: &str) -> Result<RuleSet, Errors> {
    let map = api::parse_document(text)?;
    let (rules, rest) = api::split_rules(map);
    let mut errs = Errors::new();
    let rules = errs.take_all(rules);
    for key in rest.keys() {
        errs.add(
            ErrorCode::UnknownField,
            Path::root().field(key),
            "a rule set handle takes only `rules`",
        );
    }
    match rules {
        Some(r) if errs.is_empty() => Ok(r),
        _ => Err(errs),
    }
}
