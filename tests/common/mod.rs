//! What the integration tests share: the golden vectors' files.

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
