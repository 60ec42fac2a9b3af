//! The share-poster promise: what `preview` shows is what `settle` pays for the order the
//! poster describes — one unit of the SKU at list price, no discount, bought by a member who
//! is not a distributor, with the distributor at level 1 (or with one or two active
//! distributors of any eligible tier below them, for levels 2 and 3). Random rule sets,
//! products and uplines; both sides go through the public JSON entry point.

#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used
)]

use proptest::prelude::*;
use serde_json::{json, Value};

mod common;

use common::{money, rate, TIERS};

prop_compose! {
    fn level(tiers: usize)(kind in 0..3u8, r in 0..400_000u32, f in 0..5_000u32, rs in prop::collection::vec(0..400_000u32, 3)) -> Value {
        match (kind, tiers) {
            (0, _) | (2, 0) => json!({"rate": rate(r)}),
            (1, _) => json!({"fixed": money(f)}),
            _ => json!({"tierRates": (0..tiers).map(|t| json!({"tier": TIERS[t], "rate": rate(rs[t])})).collect::<Vec<_>>()}),
        }
    }
}

fn rules_strategy() -> impl Strategy<Value = (Value, usize)> {
    (0..=3usize).prop_flat_map(|tiers| {
        (
            prop::collection::vec(level(tiers), 1..=3),
            prop::option::of(0..600_000u32),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(move |(levels, cap, half_up, profit, compress, self_purchase)| {
                let mut r = json!({
                    "schemaVersion": 1,
                    "levels": levels,
                    "rounding": if half_up { "halfUp" } else { "down" },
                    "base": if profit { "profit" } else { "paid" },
                    "brokenUpline": if compress { "compress" } else { "forfeit" },
                    "selfPurchase": self_purchase,
                });
                if let Some(c) = cap {
                    r["cap"] = json!(rate(c));
                }
                if tiers > 0 {
                    r["tiers"] = json!((0..tiers)
                        .map(|t| if t == 0 { json!({"id": TIERS[t]}) } else { json!({"id": TIERS[t], "upgrade": {"type": "directRecruits", "atLeast": t * 3}}) })
                        .collect::<Vec<_>>());
                }
                (r, tiers)
            })
    })
}

fn run(command: &str, doc: &Value) -> Value {
    let answer = fenxiao::run(command, &doc.to_string());
    serde_json::from_str(&answer.text).unwrap()
}

fn member(id: &str, tier: Option<&str>, status: &str) -> Value {
    match tier {
        Some(t) => json!({"id": id, "tier": t, "status": status}),
        None => json!({"id": id, "status": status}),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn preview_equals_settle(
        (rules, tiers) in rules_strategy(),
        prices in prop::collection::vec((1..2_000_000u32, 0..1_500_000u32), 1..=3),
        my_tier in 0..3usize,
        upline_statuses in prop::collection::vec(prop::sample::select(vec!["active", "none", "disabled"]), 0..3),
    ) {
        let tier_of = |i: usize| if tiers == 0 { None } else { Some(TIERS[i % tiers]) };
        let skus: Vec<Value> = prices.iter().enumerate()
            .map(|(i, (p, c))| json!({"id": format!("s{i}"), "price": money(*p), "cost": money(*c)}))
            .collect();
        let upline: Vec<Value> = upline_statuses.iter().enumerate()
            .map(|(i, s)| member(&format!("up{i}"), tier_of(i), s))
            .collect();
        let me = member("me", tier_of(my_tier), "active");
        let preview = run("preview", &json!({"rules": rules, "product": {"id": "p", "skus": skus}, "distributor": me, "upline": upline}));
        prop_assert_eq!(&preview["ok"], &json!(true), "{}", preview);
        let levels = rules["levels"].as_array().unwrap().len();
        let below_tiers: Vec<Option<&str>> = if tiers == 0 { vec![None] } else { (0..tiers).map(|t| Some(TIERS[t])).collect() };
        for (i, (p, c)) in prices.iter().enumerate() {
            let shown = &preview["result"]["skus"][i]["earnings"];
            prop_assert_eq!(shown.as_array().unwrap().len(), levels);
            for level in 1..=levels {
                // Every assignment of tiers to the members below the distributor.
                let mut combos: Vec<Vec<Option<&str>>> = vec![vec![]];
                for _ in 1..level {
                    combos = combos.iter().flat_map(|c| below_tiers.iter().map(move |t| { let mut v = c.clone(); v.push(*t); v })).collect();
                }
                let mut paid = Vec::new();
                for combo in combos {
                    let mut chain: Vec<Value> = combo.iter().enumerate().map(|(n, t)| member(&format!("(downline {})", n + 1), *t, "active")).collect();
                    chain.push(me.clone());
                    chain.extend(upline.iter().cloned());
                    let order = json!({
                        "id": "poster",
                        "buyer": {"id": "(buyer)", "status": "disabled"},
                        "lines": [{"id": "l", "productId": "p", "skuId": format!("s{i}"), "unitPrice": money(*p), "quantity": 1, "cost": money(*c)}]
                    });
                    let settled = run("settle", &json!({"rules": rules, "order": order, "upline": chain}));
                    prop_assert_eq!(&settled["ok"], &json!(true), "{}", settled);
                    let amount = settled["result"]["beneficiaries"].as_array().unwrap().iter()
                        .find(|b| b["memberId"] == "me" && b["level"] == json!(level))
                        .map_or("0.00".to_owned(), |b| b["amount"].as_str().unwrap().to_owned());
                    paid.push(amount.parse::<rust_decimal::Decimal>().unwrap());
                }
                let min = paid.iter().min().unwrap().to_string();
                let max = paid.iter().max().unwrap().to_string();
                let range = &shown[level - 1];
                prop_assert_eq!(range["level"].as_u64(), Some(level as u64));
                prop_assert_eq!(range["min"].as_str().unwrap(), min.as_str(), "sku {} level {}: {}", i, level, preview);
                prop_assert_eq!(range["max"].as_str().unwrap(), max.as_str(), "sku {} level {}: {}", i, level, preview);
            }
        }
    }
}
