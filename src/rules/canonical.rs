//! The canonical form of a rule set and its content hash. Two documents that mean the same
//! rules (defaults written out or left implicit, `0.10` or `0.1`, keys in any order) have the
//! same canonical text, so every payout can name the rules that produced it.
//!
//! Canonical text: the normalized document as JSON, object keys sorted by their UTF-8
//! bytes, no white space, absent optional fields omitted, strings escaped as JSON requires
//! (`\"`, `\\`, `\b \f \n \r \t`, other controls as `\u00XX`, everything else as is).

use super::doc::RuleSetDoc;
use crate::io::emit::{Emit, Writer};
use sha2::{Digest, Sha256};

/// The canonical text of a normalized rule set, written in one pass: the document's one
/// writer, with every object's keys sorted as it closes.
pub fn text(doc: &RuleSetDoc) -> String {
    let mut w = Writer::sorted();
    doc.emit(&mut w);
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
