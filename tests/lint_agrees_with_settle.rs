//! Cross-check of the compliance lint against settlement: when the lint reports no error
//! (and no rounding warning), no order settled under those rules pays more levels or more
//! of the paid amount than the profile allows. The lint reasons about the worst case; the
//! settlement computes actual orders; they must agree on random rule sets and orders.

use proptest::prelude::*;
use serde_json::{json, Value};

fn level() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => (0u32..=40).prop_map(|p| json!({"rate": format!("0.{p:02}")})),
        1 => (0i64..=500).prop_map(|f| json!({"fixed": format!("{}.{:02}", f / 100, f % 100)})),
    ]
}

fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn no_lint_error_means_settlement_within_the_line(
        legal in any::<bool>(),
        levels in prop::collection::vec(level(), 1..=3),
        cap in prop::option::of(0u32..=60),
        half_up in any::<bool>(),
        self_purchase in any::<bool>(),
        buyer_active in any::<bool>(),
        lines in prop::collection::vec((1i64..=10_000, 1u64..=5), 1..=3),
        discount_share in 0u32..=100,
    ) {
        let mut rules = json!({"schemaVersion": 1, "levels": levels, "selfPurchase": self_purchase,
            "rounding": if half_up { "halfUp" } else { "down" }});
        if let Some(c) = cap {
            rules["cap"] = json!(format!("0.{c:02}"));
        }
        let profile = if legal { "legal" } else { "wechat" };
        let lint: Value = serde_json::from_str(&fenxiao::run("lint", &json!({"rules": rules, "profile": profile}).to_string()).text).unwrap_or(Value::Null);
        prop_assert_eq!(&lint["ok"], &json!(true), "lint refused valid rules: {}", lint);
        let findings = lint["result"]["findings"].as_array().cloned().unwrap_or_default();
        let blocked = findings.iter().any(|f| f["severity"] == "error" || f["code"] == "roundingAboveLimit");
        prop_assume!(!blocked);

        let gross: i64 = lines.iter().map(|(p, q)| p.saturating_mul(i64::try_from(*q).unwrap_or(1))).fold(0i64, i64::saturating_add);
        let discount = gross.saturating_mul(i64::from(discount_share)).checked_div(100).unwrap_or(0);
        let order_lines: Vec<Value> = lines.iter().enumerate()
            .map(|(i, (p, q))| json!({"id": format!("l{i}"), "productId": format!("p{i}"), "unitPrice": yuan(*p), "quantity": q}))
            .collect();
        let mut order = json!({"id": "o", "buyer": {"id": "buyer", "status": if buyer_active { "active" } else { "none" }}, "lines": order_lines});
        if discount > 0 {
            order["discounts"] = json!([{"kind": "coupon", "amount": yuan(discount)}]);
        }
        let upline = json!([{"id": "a", "status": "active"}, {"id": "b", "status": "active"}, {"id": "c", "status": "active"}]);
        let settled: Value = serde_json::from_str(&fenxiao::run("settle", &json!({"rules": rules, "order": order, "upline": upline}).to_string()).text).unwrap_or(Value::Null);
        prop_assert_eq!(&settled["ok"], &json!(true), "settle refused: {}", settled);
        let r = &settled["result"];
        let fen = |v: &Value| -> i64 { v.as_str().map_or(0, |s| s.replace('.', "").parse().unwrap_or(0)) };
        let total = fen(&r["total"]);
        let paid = fen(&r["amounts"]["paid"]);
        let limit_pct: i64 = if legal { 50 } else { 30 };
        prop_assert!(total.saturating_mul(100) <= limit_pct.saturating_mul(paid), "paid {} of {} under {}: {}", total, paid, profile, settled);
        let max_levels = if legal { 3 } else { 2 };
        let paid_people = r["beneficiaries"].as_array().map_or(0, |b| b.iter().filter(|b| fen(&b["amount"]) > 0).count());
        prop_assert!(paid_people <= max_levels, "{} people paid under {}: {}", paid_people, profile, settled);
    }
}
