//! The batch run against the single-order API, on random datasets and rule sets: every
//! order settled through `settle` with its buyer and upline as the run had them at the
//! order's paid time, every refund reversed through `refund` with all of the order's
//! refunds so far, the answers summed; the run's report must equal those sums to the fen
//! (per member, per level, per tier, paid sales and payout, gross and net). A dataset the
//! API refuses somewhere must be refused by the run as well.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

mod batch_oracle;
mod common;

use batch_oracle::{
    checked, dataset, fit, fit_after, oracle, run_and_events, run_sums, spread, try_dataset,
    MemberRow, OrderRow,
};
use common::{money, rate, TIERS};
use fenxiao::batch::rows::Rows as Builder;
use fenxiao::batch::{simulate, Options, NONE};
use fenxiao::money::time::Timestamp;
use fenxiao::payout::network::Status;
use proptest::prelude::*;
use serde_json::{json, Value};

fn level_doc(kind: u8, r: u32, f: u32) -> Value {
    match kind {
        0 => json!({"rate": rate(r)}),
        1 => json!({"fixed": money(f)}),
        _ => {
            json!({"tierRates": TIERS.iter().enumerate().map(|(i, t)| json!({"tier": t, "rate": rate((r / 3) * (i as u32 + 1))})).collect::<Vec<_>>()})
        }
    }
}

/// A random rule set with three designated tiers (no upgrade conditions).
fn rules_strategy() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec((0..3u8, 0..300_000u32, 0..500u32), 1..=3),
        (any::<bool>(), prop::option::of(0..600_000u32), any::<bool>()),
        (any::<bool>(), any::<bool>(), 0..3u8, any::<bool>()),
        (0..3u8, 0..3u8, prop::collection::vec((0..3u8, 0..300_000u32, 0..500u32), 1..=2)),
        (0..30_000u32, any::<bool>()),
    )
        .prop_map(|(levels, (profit, cap, half_up), (self_purchase, compress, who, manual), (p0, s1, own), (spend, enabled))| {
            let mode = |m: u8| ["optOut", "inherit", "own"][m as usize];
            let own_levels: Vec<Value> = own.iter().map(|&(k, r, f)| level_doc(k, r, f)).collect();
            let mut p0doc = json!({"productId": "p0", "mode": mode(p0)});
            if p0 == 2 { p0doc["levels"] = json!(own_levels); }
            let mut s1doc = json!({"skuId": "s1", "mode": mode(s1)});
            if s1 == 2 { s1doc["levels"] = json!(own_levels); }
            let mut r = json!({
                "schemaVersion": 1,
                "enabled": enabled || spend % 7 != 0,
                "tiers": TIERS.iter().map(|t| json!({"id": t})).collect::<Vec<_>>(),
                "levels": levels.iter().map(|&(k, r, f)| level_doc(k, r, f)).collect::<Vec<_>>(),
                "base": if profit { "profit" } else { "paid" },
                "rounding": if half_up { "halfUp" } else { "down" },
                "selfPurchase": self_purchase,
                "brokenUpline": if compress { "compress" } else { "forfeit" },
                "products": [p0doc, {"productId": "p1", "mode": "inherit", "skus": [s1doc]}],
                "eligibility": match who {
                    0 => json!({"who": "everyone", "approval": if manual { "manual" } else { "automatic" }}),
                    1 => json!({"who": "tiers", "tiers": ["silver", "gold"], "approval": if manual { "manual" } else { "automatic" }}),
                    _ => json!({"who": "spend", "minSpend": money(spend), "approval": if manual { "manual" } else { "automatic" }}),
                },
            });
            if let Some(c) = cap {
                r["cap"] = json!(rate(c));
            }
            r
        })
}

fn members_strategy() -> impl Strategy<Value = Vec<MemberRow>> {
    members_joining(6)
}

/// Members joining within `span` seconds after `T0`.
fn members_joining(span: i64) -> impl Strategy<Value = Vec<MemberRow>> {
    prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            any::<bool>(),
            0..4usize,
            0..4u8,
            0..span,
        ),
        1..8,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (p, root, tier, status, joined))| MemberRow {
                parent: (i > 0 && !root).then(|| p.index(i)),
                tier: (tier < 3).then_some(tier),
                status,
                joined,
            })
            .collect()
    })
}

fn orders_strategy() -> impl Strategy<Value = Vec<OrderRow>> {
    orders_within(20_000, 4, 3_000, 10, 6)
}

/// Up to `n - 1` orders, prices below `price`, quantities below `qty`, coupons below `coupon`.
fn orders_within(
    price: i64,
    qty: u64,
    coupon: i64,
    n: usize,
    span: i64,
) -> impl Strategy<Value = Vec<OrderRow>> {
    prop::collection::vec(
        (
            0..span,
            any::<prop::sample::Index>(),
            prop::collection::vec(
                (0..3u8, 0..2u8, 0..price, 1..qty, prop::bool::weighted(0.9)),
                1..4,
            ),
            0..coupon,
        ),
        1..n,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(at, b, lines, coupon)| OrderRow {
                at,
                buyer: b.index(1000),
                lines,
                coupon,
            })
            .collect()
    })
}

fn refunds_strategy() -> impl Strategy<Value = Vec<(usize, u8, usize, u64, i64, i64)>> {
    prop::collection::vec(
        (0..10usize, 0..3u8, 0..3usize, 1..3u64, 1..5_000i64, 0..4i64),
        0..6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The run's figures are the single-order API's, summed.
    #[test]
    fn run_equals_the_api_order_by_order(rules in rules_strategy(), members in members_strategy(), orders in orders_strategy(), raw in refunds_strategy()) {
        let (orders, refunds) = fit(&members, orders, raw);
        let data = dataset(&members, &orders, &refunds);
        let checked = checked(&rules);
        let expected = oracle(&rules, &members, &orders, &refunds, &[], None);
        let got = run_sums(&checked, &data);
        match expected {
            // The API refuses something: the run must refuse the dataset too.
            None => prop_assert!(got.is_none(), "the API refused, the run answered {:?}", got),
            Some(e) => prop_assert_eq!(Some(e), got),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Large figures: prices up to the input bound, quantities up to a million; the fast
    /// arithmetic equals the API's, and overflows where the API does.
    #[test]
    fn large_figures_equal_the_api(rules in rules_strategy(), members in members_strategy(), orders in orders_within(999_999_999_999_999, 1_000_001, 999_999_999_999_999, 3, 6)) {
        let orders = spread(orders);
let (orders, refunds) = fit(&members, orders, Vec::new());
        let expected = oracle(&rules, &members, &orders, &refunds, &[], None);
        let Ok(data) = try_dataset(&members, &orders, &refunds) else {
            prop_assert!(expected.is_none(), "the dataset was refused, the API answered {:?}", expected);
            return Ok(());
        };
        let got = run_sums(&checked(&rules), &data);
        match expected {
            None => prop_assert!(got.is_none(), "the API refused, the run answered {:?}", got),
            Some(e) => prop_assert_eq!(Some(e), got),
        }
    }
}

fn window_doc(kind: u8, days: u64) -> Value {
    match kind {
        0 => json!({"kind": "allTime"}),
        1 => json!({"kind": "lastDays", "days": days}),
        2 => json!({"kind": "month"}),
        _ => json!({"kind": "quarter"}),
    }
}

/// A random measured condition with a mark low enough to be met in a small dataset.
fn measure_strategy() -> impl Strategy<Value = Value> {
    (0..6u8, 0..40_000u32, 0..4u8, 1..40u64, 1..4u64, any::<bool>(), 1..3u64).prop_map(|(t, mark, w, days, depth, me, n)| {
        let window = window_doc(w, days);
        match t {
            0 => json!({"type": "ownPaidTotal", "atLeast": money(mark), "window": window}),
            1 => json!({"type": "teamPaidTotal", "atLeast": money(mark), "depth": depth, "includeSelf": me, "window": window}),
            2 => json!({"type": "commissionEarned", "atLeast": money(mark / 10), "window": window}),
            3 => json!({"type": "boughtProduct", "products": [if me { "p0" } else { "p2" }], "window": window}),
            4 => json!({"type": "directRecruits", "atLeast": n, "window": window}),
            _ => json!({"type": "recruitsAtTier", "tier": "silver", "atLeast": 1, "window": window}),
        }
    })
}

/// A condition: a measure, or `all`/`any` of two.
fn condition_strategy() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => measure_strategy(),
        1 => (any::<bool>(), measure_strategy(), measure_strategy()).prop_map(|(all, a, b)| json!({"type": if all { "all" } else { "any" }, "of": [a, b]})),
    ]
}

/// Rules whose tiers evolve: silver and gold by conditions (gold sometimes manual, or
/// assigned), retention sometimes.
fn evolving_rules() -> impl Strategy<Value = Value> {
    (
        rules_strategy(),
        condition_strategy(),
        prop::option::of(condition_strategy()),
        0..3u8,
        prop::option::of((any::<bool>(), condition_strategy())),
    )
        .prop_map(|(mut r, silver, gold, gold_approval, retention)| {
            let mut s = json!({"id": "silver", "upgrade": silver});
            let mut g = json!({"id": "gold"});
            if let Some(c) = gold {
                g["upgrade"] = c;
                if gold_approval == 0 {
                    g["approval"] = json!("manual");
                }
            }
            if let Some((quarter, c)) = retention {
                let rule =
                    json!({"period": if quarter { "quarter" } else { "month" }, "condition": c});
                if gold_approval == 1 {
                    g["retention"] = rule;
                } else {
                    s["retention"] = rule;
                }
            }
            r["tiers"] = json!([{"id": "bronze"}, s, g]);
            r
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// With tiers evolving: the figures equal the API's with each member at the tier the run
    /// gave them when the order was paid; every upgrade is what `progress` answers on the
    /// member's facts at that moment, and no member whose facts an order changed qualifies
    /// for more than the run gave them.
    #[test]
    fn evolving_tiers_equal_progress(rules in evolving_rules(), members in members_joining(200 * 86_400), orders in orders_within(20_000, 4, 3_000, 12, 200 * 86_400), raw in refunds_strategy()) {
        let (orders, refunds) = fit_after(&members, orders, raw, 9 * 86_400 + 1);
        let data = dataset(&members, &orders, &refunds);
        let got = run_and_events(&checked(&rules), &data);
        let events = got.as_ref().map(|g| g.1.clone()).unwrap_or_default();
        let expected = oracle(&rules, &members, &orders, &refunds, &events, Some(got.is_some()));
        match expected {
            None => prop_assert!(got.is_none(), "the API refused, the run answered {:?}", got),
            Some(e) => prop_assert_eq!(Some(e), got.map(|g| g.0)),
        }
    }
}

/// The starting tier must be a tier of the rule set.
#[test]
fn an_unknown_starting_tier_is_named() {
    let rules = checked(&json!({"schemaVersion": 1, "levels": [{"rate": "0.1"}]}));
    let mut b = Builder::default();
    b.member(
        "m0",
        None,
        Some("vip"),
        Status::Active,
        Timestamp::from_unix(0),
    );
    let data = b.build().unwrap();
    let e = simulate(&rules, &data, &Options::default()).unwrap_err();
    let text = format!("{:?}", e);
    assert!(text.contains("`vip`"), "{text}");
    assert_eq!(data.members.parent[0], NONE);
}
