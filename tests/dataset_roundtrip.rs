//! The sample generator and the CSV writer against the reader: what is written reads back
//! as the same dataset, and the same seed gives the same bytes.
#![cfg(feature = "batch")]
#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects
)]

use fenxiao::batch::{read, sample, write};
use fenxiao::money::time::UtcOffset;

fn files(data: &fenxiao::batch::Dataset) -> Vec<(&'static str, Vec<u8>)> {
    write::csv_files(data, UtcOffset::CHINA)
}

#[test]
fn sample_round_trips_through_csv() {
    let data = sample::sample(sample::Options {
        members: 300,
        orders: 3_000,
        seed: 7,
    })
    .unwrap();
    let written = files(&data);
    let borrowed: Vec<(&str, &[u8])> = written.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let loaded = read::read(&borrowed).unwrap();
    assert_eq!(loaded.encoding, "utf-8-bom");
    assert_eq!(loaded.dataset, data);
    let c = data.counts();
    assert_eq!((c.members, c.orders), (300, 3_000));
    assert!(c.refunds > 0);
}
