//! Bytes in as a dataset: the first byte picks NDJSON (even) or the CSV set (odd); for the
//! CSV set the rest is cut at each `\0\0` into members.csv, products.csv, orders.csv,
//! lines.csv and refunds.csv. Any panic, abort, leak or hang is a finding. A refusal lists
//! one to 101 errors and writes as JSON; a dataset read is written back as CSV and reads
//! back the same.
#![no_main]

use fenxiao::batch::{read, write};
use fenxiao::money::time::UtcOffset;
use libfuzzer_sys::fuzz_target;

const FILES: [&str; 5] = ["members.csv", "products.csv", "orders.csv", "lines.csv", "refunds.csv"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let result = if pick % 2 == 0 {
        read::read(&[("data.ndjson", rest)])
    } else {
        let mut parts: Vec<&[u8]> = Vec::new();
        let mut from = 0;
        let mut i = 0;
        while i + 1 < rest.len() && parts.len() < 4 {
            if rest[i] == 0 && rest[i + 1] == 0 {
                parts.push(&rest[from..i]);
                from = i + 2;
                i += 2;
            } else {
                i += 1;
            }
        }
        parts.push(&rest[from..]);
        let files: Vec<(&str, &[u8])> = FILES.iter().copied().zip(parts).collect();
        read::read(&files)
    };
    match result {
        Err(errs) => {
            let n = errs.as_slice().len();
            assert!((1..=101).contains(&n), "{n} errors");
            let json = read::errors_json(&errs);
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
                panic!("the errors are not JSON ({e}): {json}");
            }
        }
        Ok(loaded) => {
            let written = write::csv_files(&loaded.dataset, UtcOffset::CHINA);
            let files: Vec<(&str, &[u8])> = written.iter().map(|(n, b)| (*n, b.as_slice())).collect();
            match read::read(&files) {
                Ok(again) => assert!(again.dataset == loaded.dataset, "written and read back differs"),
                Err(e) => panic!("a dataset written does not read back: {e}"),
            }
        }
    }
});
