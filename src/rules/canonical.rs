//! The canonical form of a rule set and its content hash. Two documents that mean the same
//! rules (defaults written out or left implicit, `0.10` or `0.1`, keys in any order) have the
//! same canonical text, so every payout can name the rules that produced it.
//!
//! Canonical text: the normalized document as JSON, object keys sorted by their UTF-8
//! bytes, no white space, absent optional fields omitted, strings escaped as JSON requires
//! (`\"`, `\\`, `\b \f \n \r \t`, other controls as `\u00XX`, everything else as is).

use super::doc::RuleSetDoc;
use crate::io::emit::{Emit, Writer};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The canonical text of a normalized rule set.
pub fn text(doc: &RuleSetDoc) -> String {
    // Written and read back rather than converted directly: the document's one writer is
    // `emit`, and keys are sorted here, whatever order a JSON map keeps.
    let value =
        serde_json::from_str::<Value>(&crate::io::emit::to_text(doc)).unwrap_or(Value::Null);
    let mut w = Writer::default();
    write_value(&value, &mut w);
    w.into_text()
}

/// `sha256:` followed by the hex SHA-256 of the canonical text.
pub fn hash(doc: &RuleSetDoc) -> String {
    let digest = Sha256::digest(text(doc).as_bytes());
    let mut out = String::with_capacity(71);
    out.push_str("sha256:");
    for b in digest.iter() {
        for nibble in [b >> 4, b & 0x0f] {
            out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    out
}

/// Writes `v` canonically: object keys sorted (a JSON map keeps them sorted already unless
/// serde_json's `preserve_order` is on somewhere in the build, so the sort is only the
/// fallback). Rule set documents nest at most a few dozen levels (the input limit), so
/// recursion here is bounded.
fn write_value(v: &Value, w: &mut Writer) {
    match v {
        Value::Object(map) => {
            w.open('{');
            if map.keys().is_sorted() {
                for (k, val) in map {
                    w.key(k);
                    write_value(val, w);
                }
            } else {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                crate::io::sort::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
                for (k, val) in entries {
                    w.key(k);
                    write_value(val, w);
                }
            }
            w.close('}');
        }
        Value::Array(items) => {
            w.open('[');
            for item in items {
                write_value(item, w);
            }
            w.close(']');
        }
        other => other.emit(w),
    }
}
