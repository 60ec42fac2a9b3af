//! Properties of `withdraw` and `status` over random inputs: the fee never exceeds the
//! request, fee + net is the request, and a status splits each amount without losing a fen.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test, and the figures are far below u64's range"
)]

use proptest::prelude::*;
use serde_json::{json, Value};

fn yuan(fen: u64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

fn fen(v: &Value) -> u64 {
    let s = v.as_str().unwrap();
    let (i, f) = s.split_once('.').unwrap();
    i.parse::<u64>().unwrap() * 100 + f.parse::<u64>().unwrap()
}

proptest! {
    #[test]
    fn withdraw_fee_and_net_add_up(amount in 0u64..10_000_000, available in 0u64..10_000_000, minimum in 0u64..5_000,
                                   rate in 0u32..=1_000_000, min_fee in 0u64..5_000, half_up in any::<bool>()) {
        let doc = json!({
            "rules": {"schemaVersion": 1, "levels": [{"rate": "0.1"}], "withdrawal": {
                "minimum": yuan(minimum), "feeRate": format!("{}.{:06}", rate / 1_000_000, rate % 1_000_000),
                "feeRounding": if half_up { "halfUp" } else { "down" }, "minimumFee": yuan(min_fee)}},
            "amount": yuan(amount), "available": yuan(available)
        });
        let answer = fenxiao::run("withdraw", &doc.to_string());
        let v: Value = serde_json::from_str(&answer.text).unwrap();
        prop_assert!(answer.ok, "{}", answer.text);
        let r = &v["result"];
        let allowed = r["allowed"].as_bool().unwrap();
        prop_assert_eq!(allowed, amount > 0 && amount >= minimum && amount <= available);
        let (fee, net) = (fen(&r["fee"]), fen(&r["net"]));
        if allowed {
            prop_assert_eq!(fee + net, amount);
            prop_assert!(fee >= min_fee.min(amount));
        } else {
            prop_assert_eq!((fee, net), (0, 0));
        }
    }

    #[test]
    fn status_splits_without_losing_a_fen(a in 0u64..1_000_000, b in 0u64..1_000_000, taken in 0u64..1_000_000,
                                          completed_h in proptest::option::of(0u32..400), now_h in 0u32..400, days in 0u32..10) {
        let at = |h: u32| format!("2026-11-{:02}T{:02}:00:00+08:00", 1 + h / 24, h % 24);
        let mut doc = json!({
            "rules": {"schemaVersion": 1, "levels": [{"rate": "0.1"}], "lifecycle": {"frozenDays": days}},
            "settlement": {"orderId": "o", "beneficiaries": [{"memberId": "a", "amount": yuan(a)}, {"memberId": "b", "amount": yuan(b)}]},
            "paidAt": at(0), "now": at(now_h),
            "withdrawn": [{"memberId": "a", "amount": yuan(taken.min(a))}]
        });
        if let Some(c) = completed_h {
            doc["completedAt"] = json!(at(c));
        }
        let answer = fenxiao::run("status", &doc.to_string());
        let v: Value = serde_json::from_str(&answer.text).unwrap();
        if !answer.ok {
            // Only an early withdrawal may be refused.
            prop_assert_eq!(v["errors"][0]["path"].as_str().unwrap(), "withdrawn[0].amount");
            prop_assert!(taken.min(a) > 0);
            return Ok(());
        }
        for row in v["result"]["beneficiaries"].as_array().unwrap() {
            let parts = ["pending", "frozen", "available", "withdrawn"].iter().map(|k| fen(&row[*k])).sum::<u64>();
            prop_assert_eq!(parts, fen(&row["amount"]));
        }
        let t = &v["result"]["totals"];
        prop_assert_eq!(fen(&t["amount"]), a + b);
    }
}
