//! Refund properties on random orders and refund sequences:
//! - a further refund never raises what a beneficiary keeps (no cap), nor the order's total
//!   (with a cap);
//! - splitting a refund in two ends exactly where the single refund does, to the fen;
//! - returning every unit leaves everyone at zero.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use proptest::prelude::*;
use serde_json::{json, Value};

fn money(fen: u64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

fn fen(text: &str) -> i64 {
    let (sign, t) = text.strip_prefix('-').map_or((1, text), |t| (-1, t));
    let (i, f) = t.split_once('.').unwrap();
    sign * (i.parse::<i64>().unwrap() * 100 + f.parse::<i64>().unwrap())
}

#[derive(Debug, Clone)]
enum Refund {
    Units(usize, u64),
    LineAmount(usize, u64),
    OrderAmount(u64),
}

fn doc(rules: &Value, lines: &[(u64, u64)], coupon: u64, refunds: &[Refund]) -> Value {
    let refunds: Vec<Value> = refunds
        .iter()
        .enumerate()
        .map(|(k, r)| match r {
            Refund::Units(i, q) => {
                json!({"id": format!("r{k}"), "lineId": format!("l{i}"), "quantity": q})
            }
            Refund::LineAmount(i, a) => {
                json!({"id": format!("r{k}"), "lineId": format!("l{i}"), "amount": money(*a)})
            }
            Refund::OrderAmount(a) => json!({"id": format!("r{k}"), "amount": money(*a)}),
        })
        .collect();
    json!({
        "rules": rules,
        "order": {
            "id": "o",
            "buyer": {"id": "buyer", "status": "none"},
            "lines": lines.iter().enumerate().map(|(i, (p, q))| json!({"id": format!("l{i}"), "productId": format!("p{i}"), "unitPrice": money(*p), "quantity": q, "cost": money(p / 3)})).collect::<Vec<_>>(),
            "discounts": if coupon > 0 { json!([{"amount": money(coupon)}]) } else { json!([]) },
        },
        "upline": [{"id": "a", "status": "active"}, {"id": "b", "status": "active"}],
        "refunds": refunds,
    })
}

fn answer(d: &Value) -> Option<Value> {
    let v: Value = serde_json::from_str(&fenxiao::run("refund", &d.to_string()).text).unwrap();
    (v["ok"] == json!(true)).then(|| v["result"].clone())
}

fn rules_strategy() -> impl Strategy<Value = (Value, bool)> {
    (
        1..300_000u32,
        1..200u32,
        any::<bool>(),
        prop::option::of(1..500_000u32),
        any::<bool>(),
    )
        .prop_map(|(r1, fixed, profit, cap, half_up)| {
            let mut r = json!({
                "schemaVersion": 1,
                "levels": [{"rate": format!("0.{r1:06}")}, {"fixed": money(u64::from(fixed))}],
                "base": if profit { "profit" } else { "paid" },
                "rounding": if half_up { "halfUp" } else { "down" },
            });
            if let Some(c) = cap {
                r["cap"] = json!(format!("0.{c:06}"));
            }
            (r, cap.is_some())
        })
}

fn refund_strategy(n: usize) -> impl Strategy<Value = Refund> {
    prop_oneof![
        (0..n, 1..3u64).prop_map(|(i, q)| Refund::Units(i, q)),
        (0..n, 1..3_000u64).prop_map(|(i, a)| Refund::LineAmount(i, a)),
        (1..5_000u64).prop_map(Refund::OrderAmount),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn refunds_never_give_back((rules, capped) in rules_strategy(), lines in prop::collection::vec((1..20_000u64, 1..4u64), 1..4), coupon in 0..2_000u64, seq in prop::collection::vec(refund_strategy(3), 1..8)) {
        let lines: Vec<(u64, u64)> = lines;
        let gross: u64 = lines.iter().map(|(p, q)| p * q).sum();
        let coupon = coupon.min(gross);
        let seq: Vec<Refund> = seq.into_iter().map(|r| match r {
            Refund::Units(i, q) => Refund::Units(i % lines.len(), q),
            Refund::LineAmount(i, a) => Refund::LineAmount(i % lines.len(), a),
            other => other,
        }).collect();
        // Walk the sequence; stop at the first refund the engine refuses (beyond what was sold or paid).
        let mut last: Option<Value> = None;
        for k in 1..=seq.len() {
            let Some(now) = answer(&doc(&rules, &lines, coupon, &seq[..k])) else { break };
            prop_assert!(fen(now["total"]["change"].as_str().unwrap()) <= 0, "total rose: {}", now);
            if !capped {
                for b in now["beneficiaries"].as_array().unwrap() {
                    prop_assert!(fen(b["change"].as_str().unwrap()) <= 0, "a beneficiary rose: {}", now);
                }
            }
            for (l, before) in now["lines"].as_array().unwrap().iter().zip(last.iter().flat_map(|p| p["lines"].as_array().unwrap().iter())) {
                prop_assert!(fen(l["paid"].as_str().unwrap()) <= fen(before["paid"].as_str().unwrap()), "a line got paid back: {}", now);
            }
            last = Some(now);
        }
    }

    #[test]
    fn split_refunds_end_where_one_does((rules, _) in rules_strategy(), lines in prop::collection::vec((1..20_000u64, 2..5u64), 1..4), coupon in 0..2_000u64, line in 0..3usize, a in 1..2_000u64, b in 1..2_000u64, kind in 0..3u8) {
        let gross: u64 = lines.iter().map(|(p, q)| p * q).sum();
        let coupon = coupon.min(gross);
        let i = line % lines.len();
        let (split, whole) = match kind {
            0 => (vec![Refund::Units(i, 1), Refund::Units(i, 1)], vec![Refund::Units(i, 2)]),
            1 => (vec![Refund::LineAmount(i, a), Refund::LineAmount(i, b)], vec![Refund::LineAmount(i, a + b)]),
            _ => (vec![Refund::OrderAmount(a), Refund::OrderAmount(b)], vec![Refund::OrderAmount(a + b)]),
        };
        let one = answer(&doc(&rules, &lines, coupon, &whole));
        let two = answer(&doc(&rules, &lines, coupon, &split));
        prop_assert_eq!(one.is_some(), two.is_some());
        if let (Some(one), Some(two)) = (one, two) {
            prop_assert_eq!(&one["current"], &two["current"]);
            prop_assert_eq!(&one["lines"], &two["lines"]);
        }
    }

    #[test]
    fn returning_everything_leaves_nothing((rules, _) in rules_strategy(), lines in prop::collection::vec((1..20_000u64, 1..4u64), 1..4), coupon in 0..2_000u64, money_first in prop::option::of(1..500u64)) {
        let gross: u64 = lines.iter().map(|(p, q)| p * q).sum();
        let coupon = coupon.min(gross);
        let mut seq: Vec<Refund> = money_first.map(|a| vec![Refund::OrderAmount(a.min(gross - coupon).max(1))]).unwrap_or_default();
        if gross == coupon { seq.clear(); }
        seq.extend(lines.iter().enumerate().map(|(i, (_, q))| Refund::Units(i, *q)));
        let now = answer(&doc(&rules, &lines, coupon, &seq)).unwrap();
        prop_assert_eq!(now["total"]["current"].as_str(), Some("0.00"), "{}", now);
        for b in now["beneficiaries"].as_array().unwrap() {
            prop_assert_eq!(b["current"].as_str(), Some("0.00"));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The apportionment of order-level refunds is monotone: one more fen refunded never
    /// gives a line a fen back (largest remainder fails this: the Alabama paradox).
    #[test]
    fn apportionment_only_grows(weights in prop::collection::vec(0..5_000i64, 1..6), t in 0..4_000i64) {
        use fenxiao::{payout::order::apportion, Money, Path};
        let w: Vec<Money> = weights.iter().map(|f| Money::from_fen(*f)).collect();
        let sum: i64 = weights.iter().sum();
        prop_assume!(t < sum);
        let a = apportion(Money::from_fen(t), &w, &Path::root()).unwrap();
        let b = apportion(Money::from_fen(t + 1), &w, &Path::root()).unwrap();
        prop_assert_eq!(a.iter().map(|m| m.fen()).sum::<i64>(), t);
        for ((x, y), wi) in a.iter().zip(&b).zip(&w) {
            prop_assert!(x <= y, "{:?} → {:?}", a, b);
            prop_assert!(y <= wi);
        }
    }
}
