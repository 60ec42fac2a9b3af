//! docs/BAD-INPUTS.md names, on every row, the tests that hold it: each row names at least
//! one, and each named test exists (`file::name`: a Rust `fn name(` or the title of a
//! node:test in the file). The tests themselves run with the rest of the suite.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::Path;

#[test]
fn every_row_names_existing_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/BAD-INPUTS.md")).unwrap();
    let rows: Vec<&str> = doc
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| class |"))
        .collect();
    assert!(rows.len() >= 25, "only {} rows", rows.len());
    let mut failures = Vec::new();
    for row in rows {
        let tests = row.trim_end_matches('|').rsplit('|').next().unwrap();
        let refs: Vec<&str> = tests
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|r| r.contains("::"))
            .collect();
        if refs.is_empty() {
            failures.push(format!("names no test: {row}"));
        }
        for r in refs {
            let (file, name) = r.split_once("::").unwrap();
            let Ok(text) = std::fs::read_to_string(root.join(file)) else {
                failures.push(format!("no file {file}: {row}"));
                continue;
            };
            let found = if file.ends_with(".rs") {
                text.contains(&format!("fn {name}("))
            } else {
                text.contains(&format!("test('{name}"))
                    || text.contains(&format!("test(`{name}"))
                    || text.contains(&format!("['{name}"))
            };
            if !found {
                failures.push(format!("no test `{name}` in {file}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
