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

fn month() -> sample::Options {
    sample::Options {
        members: 1_000,
        orders: 10_000,
        seed: 1,
    }
}

#[test]
fn the_bundled_sample_month_is_what_the_generator_writes() {
    let data = sample::sample(month()).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample-month");
    for (name, bytes) in files(&data) {
        let committed = std::fs::read(dir.join(name)).unwrap();
        assert!(
            committed == bytes,
            "{name} differs from `fenxiao sample --members 1000 --orders 10000 --seed 1`"
        );
        assert!(
            bytes.starts_with(b"\xEF\xBB\xBF"),
            "{name} starts with a BOM"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("rules.json")).unwrap(),
        sample::RULES
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("candidate.json")).unwrap(),
        sample::CANDIDATE_RULES
    );
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_ones() {
    let a = files(
        &sample::sample(sample::Options {
            members: 200,
            orders: 1_500,
            seed: 42,
        })
        .unwrap(),
    );
    let b = files(
        &sample::sample(sample::Options {
            members: 200,
            orders: 1_500,
            seed: 42,
        })
        .unwrap(),
    );
    let c = files(
        &sample::sample(sample::Options {
            members: 200,
            orders: 1_500,
            seed: 43,
        })
        .unwrap(),
    );
    assert_eq!(a, b);
    assert_ne!(a[2], c[2]);
}

#[test]
fn the_sample_matches_its_rule_sets() {
    let data = sample::sample(month()).unwrap();
    for text in [sample::RULES, sample::CANDIDATE_RULES] {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let rules = fenxiao::RuleSet::from_value(v, &fenxiao::Path::root().field("rules")).unwrap();
        let tiers = data.tiers_in(&rules).unwrap();
        assert_eq!(tiers.len(), data.members.tier_names.len());
        // The opted-out products are the gift cards.
        for p in ["p0007", "p0013", "p0019"] {
            let i = data.products.id.iter().position(|x| x == p).unwrap();
            assert!(data.products.name[i].starts_with("礼品卡"), "{p}");
        }
    }
}

#[test]
fn the_sample_is_shaped_as_documented() {
    let d = sample::sample(month()).unwrap();
    let c = d.counts();
    assert_eq!((c.members, c.orders, c.products), (1_000, 10_000, 200));
    // About 5% of orders refunded.
    let mut refunded: Vec<u32> = d.refunds.order.clone();
    refunded.sort_unstable();
    refunded.dedup();
    assert!((400..=600).contains(&refunded.len()), "{}", refunded.len());
    // Prices from ¥1 to ¥2,000.
    assert!(d
        .products
        .sku_price
        .iter()
        .all(|p| (100..=200_000).contains(p)));
    // Paid through November 2026 at +08:00.
    let start = fenxiao::money::time::Timestamp::parse("2026-11-01T00:00:00+08:00").unwrap();
    let end = fenxiao::money::time::Timestamp::parse("2026-12-01T00:00:00+08:00").unwrap();
    assert!(d.orders.paid_at.iter().all(|t| *t >= start && *t < end));
    // A heavy tail: the biggest recruiter has many times the average.
    let mut recruits = vec![0u32; c.members];
    for p in d
        .members
        .parent
        .iter()
        .filter(|p| **p != fenxiao::batch::NONE)
    {
        recruits[*p as usize] += 1;
    }
    let max = *recruits.iter().max().unwrap();
    assert!(max >= 20, "{max}");
}

#[test]
fn the_sample_refuses_sizes_out_of_range() {
    let errs = sample::sample(sample::Options {
        members: 0,
        orders: 1,
        seed: 1,
    })
    .unwrap_err();
    assert_eq!(errs.as_slice()[0].path.as_str(), "members");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(40))]

    #[test]
    fn any_sample_round_trips(members in 1u64..60, orders in 1u64..120, seed in proptest::prelude::any::<u64>()) {
        let data = sample::sample(sample::Options { members, orders, seed }).unwrap();
        let written = files(&data);
        let borrowed: Vec<(&str, &[u8])> = written.iter().map(|(n, b)| (*n, b.as_slice())).collect();
        let loaded = read::read(&borrowed).unwrap();
        proptest::prop_assert_eq!(loaded.dataset, data);
    }
}
