//! Any bytes given to the dataset readers are answered, never a panic: as any of the CSV
//! files, as an NDJSON file, or cut out of a good file.
#![cfg(feature = "batch")]
#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::arithmetic_side_effects
)]

use fenxiao::batch::read;
use proptest::prelude::*;

const NAMES: [&str; 6] = [
    "members.csv",
    "products.csv",
    "orders.csv",
    "lines.csv",
    "refunds.csv",
    "data.ndjson",
];

fn good_csv() -> Vec<(&'static str, Vec<u8>)> {
    let d = fenxiao::batch::sample::sample(fenxiao::batch::sample::Options {
        members: 20,
        orders: 40,
        seed: 5,
    })
    .unwrap();
    fenxiao::batch::write::csv_files(&d, fenxiao::money::time::UtcOffset::CHINA)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_bytes_in_any_file_are_answered(which in 0usize..6, bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let mut files = good_csv();
        if which == 5 {
            let _ = read::read(&[(NAMES[5], &bytes)]);
        } else {
            files[which].1 = bytes;
            let borrowed: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
            let _ = read::read(&borrowed);
        }
    }

    #[test]
    fn a_good_file_cut_or_flipped_is_answered(which in 0usize..5, cut in 0usize..4000, flip in 0usize..4000, to in any::<u8>()) {
        let mut files = good_csv();
        let f = &mut files[which].1;
        if !f.is_empty() {
            let i = flip % f.len();
            f[i] = to;
            f.truncate(cut.min(f.len()));
        }
        let borrowed: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
        if let Err(e) = read::read(&borrowed) {
            prop_assert!(!e.as_slice().is_empty());
            let _ = read::errors_json(&e);
        }
    }

    #[test]
    fn ndjson_lines_of_any_json_are_answered(lines in proptest::collection::vec("[{}\\[\\]\":,a-z0-9 .\\-]{0,80}", 0..12)) {
        let text = lines.join("\n");
        if let Err(e) = read::read(&[("x.ndjson", text.as_bytes())]) {
            prop_assert!(!e.as_slice().is_empty());
        }
    }
}
