//! What the integration tests share: the golden vectors' files, and the money and rate
//! spellings of the property tests' random rule sets.

// Each test crate that includes this module uses its own part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The folder of golden vectors.
pub fn vectors_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

/// Every golden vector's file, sorted by path.
pub fn vector_paths() -> Vec<PathBuf> {
    let mut out = Vec::new();
    files(&vectors_root(), &mut out);
    out.sort();
    out
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// Tier ids of the random rule sets in the property tests.
pub const TIERS: [&str; 3] = ["bronze", "silver", "gold"];

/// Whole fen as a money string: 1280 → "12.80".
pub fn money(fen: impl Into<u64>) -> String {
    let fen = fen.into();
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// Millionths as a rate string in its shortest spelling: 160000 → "0.16".
pub fn rate(millionths: u32) -> String {
    let r = format!("{}.{:06}", millionths / 1_000_000, millionths % 1_000_000);
    r.trim_end_matches('0').trim_end_matches('.').to_owned()
}
