//! The canonical form of a rule set and its content hash. Two documents that mean the same
//! rules (defaults written out or left implicit, `0.10` or `0.1`, keys in any order) have the
//! same canonical text, so every payout can name the rules that produced it.
//!
//! Canonical text: the normalized document as JSON, object keys sorted by their UTF-8
//! bytes, no white space, absent optional fields omitted, strings escaped as JSON requires
//! (`\"`, `\\`, `\b \f \n \r \t`, other controls as `\u00XX`, everything else as is).

use super::doc::RuleSetDoc;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// The canonical text of a normalized rule set.
pub fn text(doc: &RuleSetDoc) -> String {
    // Written and read back rather than converted directly: the document's one writer is
    // `emit`, and keys are sorted here, whatever order a JSON map keeps.
    let value = crate::json::parse(&crate::emit::to_text(doc)).unwrap_or(Value::Null);
    let mut out = String::new();
    write_value(&value, &mut out);
    out
}

/// `sha256:` followed by the hex SHA-256 of the canonical text.
pub fn hash(doc: &RuleSetDoc) -> String {
    let digest = Sha256::digest(text(doc).as_bytes());
    let mut out = String::with_capacity(71);
    out.push_str("sha256:");
    for b in digest.iter() {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Writes `v` canonically. Rule set documents nest at most a few dozen levels (the input
/// limit), so recursion here is bounded.
fn write_value(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            crate::sort::sort_by(&mut keys, |a, b| a.cmp(b));
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                if let Some(val) = map.get(k.as_str()) {
                    write_value(val, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::String(s) => write_string(s, out),
        other => out.push_str(&crate::emit::to_text(other)),
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push_str(&crate::emit::to_text(&s));
}
