//! The engine's promises on random inputs, through the public JSON entry point (the
//! structured fuzz target checks the first ones too, on inputs the fuzzer steers):
//! - no payout is negative, the beneficiaries add up to the total, and the total never
//!   exceeds `floor(commissionBase × cap)`;
//! - with rates that rise by tier, a member moved to a higher tier never earns less;
//! - an opted-out product earns nothing;
//! - the same refunds in any order end at the same figures, and returning every unit leaves
//!   everyone at zero (splitting is tests/refund_props.rs; preview = settle is
//!   tests/preview_matches_settle.rs);
//! - with complete ancestor lists, binding never creates a cycle;
//! - `validate`'s normalized form validates to the same hash, and the hash does not change
//!   with key order or whitespace;
//! - every time the engine writes, it reads back.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use proptest::prelude::*;
use serde_json::{json, Map, Value};

mod common;

use common::{money, rate, TIERS};

fn fen(v: &Value) -> i64 {
    let t = v.as_str().unwrap();
    let (sign, t) = t.strip_prefix('-').map_or((1, t), |t| (-1, t));
    let (i, f) = t.split_once('.').unwrap();
    sign * (i.parse::<i64>().unwrap() * 100 + f.parse::<i64>().unwrap())
}

fn millionths(rate: &str) -> i128 {
    let (i, f) = rate.split_once('.').unwrap_or((rate, ""));
    i.parse::<i128>().unwrap() * 1_000_000 + format!("{f:0<6}").parse::<i128>().unwrap()
}

fn run(command: &str, doc: &Value) -> Value {
    serde_json::from_str(&fenxiao::run(command, &doc.to_string()).text).unwrap()
}

prop_compose! {
    /// A level: a rate, a fixed amount, or rates by tier that rise with the tier.
    fn level(tiers: usize)(kind in 0..3u8, r in 0..400_000u32, f in 0..5_000u64, mut rs in prop::collection::vec(0..300_000u32, 3)) -> Value {
        rs.sort_unstable();
        match (kind, tiers) {
            (1, _) => json!({"fixed": money(f)}),
            (2, t) if t > 0 => json!({"tierRates": (0..t).map(|i| json!({"tier": TIERS[i], "rate": rate(rs[i])})).collect::<Vec<_>>()}),
            _ => json!({"rate": rate(r)}),
        }
    }
}

fn rules_strategy() -> impl Strategy<Value = (Value, usize)> {
    (0..=3usize).prop_flat_map(|tiers| {
        (
            prop::collection::vec(level(tiers), 1..=3),
            prop::option::of(0..1_000_000u32),
            any::<(bool, bool, bool, bool)>(),
        )
            .prop_map(move |(levels, cap, (half_up, profit, compress, own))| {
                let mut r = json!({
                    "schemaVersion": 1,
                    "levels": levels,
                    "rounding": if half_up { "halfUp" } else { "down" },
                    "base": if profit { "profit" } else { "paid" },
                    "brokenUpline": if compress { "compress" } else { "forfeit" },
                    "selfPurchase": own,
                    "products": [{"productId": "gift", "mode": "optOut"}],
                });
                if let Some(c) = cap {
                    r["cap"] = json!(rate(c));
                }
                if tiers > 0 {
                    r["tiers"] = (0..tiers)
                        .map(|t| if t == 0 { json!({"id": TIERS[t]}) } else { json!({"id": TIERS[t], "upgrade": {"type": "directRecruits", "atLeast": t * 3}}) })
                        .collect();
                }
                (r, tiers)
            })
    })
}

fn order_strategy() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec((1..5_000_000u64, 1..5u64, 0..100u64, any::<bool>()), 1..5),
        0..100u64,
    )
        .prop_map(|(lines, coupon_pct)| {
            let gross: u64 = lines.iter().map(|(p, q, _, _)| p * q).sum();
            let mut o = json!({
                "id": "o",
                "buyer": {"id": "buyer", "status": "none"},
                "lines": lines.iter().enumerate().map(|(i, (p, q, c, gift))| json!({
                    "id": format!("l{i}"),
                    "productId": if *gift { "gift".to_owned() } else { format!("p{i}") },
                    "unitPrice": money(*p), "quantity": q, "cost": money(p * c / 100),
                })).collect::<Vec<_>>(),
            });
            if coupon_pct > 0 {
                o["discounts"] = json!([{"amount": money(gross * coupon_pct / 100)}]);
            }
            o
        })
}

fn upline_strategy(tiers: usize) -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec(
        (
            prop::sample::select(vec!["active", "active", "none", "disabled"]),
            0..3usize,
        ),
        0..4,
    )
    .prop_map(move |ms| {
        ms.iter()
            .enumerate()
            .map(|(i, (s, t))| {
                let mut m = json!({"id": format!("u{i}"), "status": s});
                if tiers > 0 {
                    m["tier"] = json!(TIERS[t % tiers]);
                }
                m
            })
            .collect()
    })
}

fn earned(result: &Value, member: &Value) -> i64 {
    result["beneficiaries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["memberId"] == *member)
        .map(|b| fen(&b["amount"]))
        .sum()
}

/// Object keys in reverse order, at every depth.
fn reordered(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, x) in m.iter().rev() {
                out.insert(k.clone(), reordered(x));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(reordered).collect()),
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn settlement_promises((rules, tiers) in rules_strategy(), order in order_strategy(), up in (0..=3usize).prop_flat_map(upline_strategy)) {
        let up: Vec<Value> = up.into_iter().map(|mut m| { if tiers == 0 { m.as_object_mut().unwrap().remove("tier"); } else if m.get("tier").is_none() { m["tier"] = json!(TIERS[0]); } else { let t = TIERS.iter().position(|t| m["tier"] == *t).unwrap() % tiers; m["tier"] = json!(TIERS[t]); } m }).collect();
        let settled = run("settle", &json!({"rules": rules, "order": order, "upline": up}));
        prop_assert_eq!(&settled["ok"], &json!(true), "{}", settled);
        let result = &settled["result"];
        let mut sum = 0;
        for b in result["beneficiaries"].as_array().unwrap() {
            prop_assert!(fen(&b["amount"]) >= 0, "negative: {}", result);
            sum += fen(&b["amount"]);
        }
        prop_assert_eq!(sum, fen(&result["total"]));
        if let Some(c) = rules["cap"].as_str() {
            let base = i128::from(fen(&result["amounts"]["commissionBase"]));
            prop_assert!(i128::from(sum) * 1_000_000 <= base * millionths(c), "above the cap: {}", result);
        }
        for (line, sent) in result["lines"].as_array().unwrap().iter().zip(order["lines"].as_array().unwrap()) {
            if sent["productId"] == "gift" {
                prop_assert_eq!(&line["earns"], &json!(false), "{}", result);
            }
        }
        // One tier up, never less.
        for (i, m) in up.iter().enumerate() {
            let Some(t) = TIERS.iter().position(|t| m["tier"] == *t) else { continue };
            if t + 1 >= tiers { continue; }
            let mut higher = up.clone();
            higher[i]["tier"] = json!(TIERS[t + 1]);
            let after = run("settle", &json!({"rules": rules, "order": order, "upline": higher}));
            prop_assert!(earned(&after["result"], &m["id"]) >= earned(result, &m["id"]), "a higher tier earns less: {} then {}", result, after);
        }
    }

    #[test]
    fn refunds_in_any_order_end_alike((rules, _) in rules_strategy(), order in order_strategy(), units in prop::collection::vec((0..5usize, 1..3u64), 1..6), turn in 0..6usize) {
        let lines = order["lines"].as_array().unwrap();
        let mut left: Vec<u64> = lines.iter().map(|l| l["quantity"].as_u64().unwrap()).collect();
        let mut refunds = Vec::new();
        for (k, (l, q)) in units.iter().enumerate() {
            let l = l % lines.len();
            let q = (*q).min(left[l]);
            if q == 0 { continue; }
            left[l] -= q;
            refunds.push(json!({"id": format!("r{k}"), "lineId": format!("l{l}"), "quantity": q}));
        }
        prop_assume!(!refunds.is_empty());
        let up = json!([{"id": "a", "status": "active"}, {"id": "b", "status": "active"}]);
        let one = run("refund", &json!({"rules": rules, "order": order, "upline": up, "refunds": refunds}));
        let mut other_order = refunds.clone();
        other_order.rotate_left(turn % refunds.len());
        other_order.reverse();
        let other = run("refund", &json!({"rules": rules, "order": order, "upline": up, "refunds": other_order}));
        prop_assert_eq!(&one["ok"], &json!(true), "{}", one);
        let current = |v: &Value| -> Vec<(Value, Value)> { v["result"]["beneficiaries"].as_array().unwrap().iter().map(|b| (b["memberId"].clone(), b["current"].clone())).collect() };
        prop_assert_eq!(current(&one), current(&other));
        prop_assert_eq!(&one["result"]["total"]["current"], &other["result"]["total"]["current"]);
        // Then everything that is left: everyone back to zero.
        for (l, q) in left.iter().enumerate() {
            if *q > 0 { refunds.push(json!({"id": format!("z{l}"), "lineId": format!("l{l}"), "quantity": q})); }
        }
        let full = run("refund", &json!({"rules": rules, "order": order, "upline": up, "refunds": refunds}));
        for b in full["result"]["beneficiaries"].as_array().unwrap() {
            prop_assert_eq!(fen(&b["current"]), 0, "{}", full);
        }
        prop_assert_eq!(fen(&full["result"]["total"]["current"]), 0);
    }

    /// A random forest of members; the sharer's ancestor list is complete. Binding the buyer
    /// to the sharer never puts the buyer among its own ancestors.
    #[test]
    fn binding_never_makes_a_cycle(parents in prop::collection::vec(prop::option::of(0..12usize), 12), buyer in 0..12usize, sharer in 0..12usize) {
        // Member i's parent is below i, so the network is a forest.
        let parent = |i: usize| parents[i].filter(|p| *p < i);
        let ancestors = |mut i: usize| { let mut a = Vec::new(); while let Some(p) = parent(i) { a.push(format!("m{p}")); i = p; } a };
        let mut b = json!({"id": format!("m{buyer}"), "registeredAt": "2026-01-01T00:00:00Z"});
        if let Some(p) = parent(buyer) {
            b["parentId"] = json!(format!("m{p}"));
            b["boundAt"] = json!("2026-01-02T00:00:00Z");
        }
        let doc = json!({
            "rules": {"schemaVersion": 1, "levels": [{"rate": "0.1"}], "binding": {"mode": "latestShare"}},
            "buyer": b,
            "sharer": {"id": format!("m{sharer}"), "status": "active", "ancestors": ancestors(sharer)},
            "at": "2026-03-01T00:00:00Z",
        });
        let v = run("bind", &doc);
        if v["ok"] == json!(true) && v["result"]["bound"] == json!(true) {
            let me = format!("m{buyer}");
            prop_assert!(me != format!("m{sharer}") && !ancestors(sharer).contains(&me), "a cycle: {} {}", doc, v);
        }
    }

    #[test]
    fn hash_is_stable((rules, _) in rules_strategy(), pretty in any::<bool>()) {
        let v = run("validate", &json!({"rules": rules}));
        prop_assert_eq!(&v["ok"], &json!(true), "{}", v);
        let hash = v["result"]["ruleSetHash"].clone();
        let again = run("validate", &json!({"rules": v["result"]["normalized"]}));
        prop_assert_eq!(&again["result"]["ruleSetHash"], &hash);
        let body = if pretty { serde_json::to_string_pretty(&reordered(&rules)).unwrap() } else { reordered(&rules).to_string() };
        let text = format!(" \n{{ \"rules\" :\t{body} }}\r\n");
        let h: Value = serde_json::from_str(&fenxiao::run("hash", &text).text).unwrap();
        prop_assert_eq!(&h["result"]["ruleSetHash"], &hash);
    }

    /// Any instant in range, in any offset: every time bind, status and progress write is
    /// read back as an input time.
    #[test]
    fn every_time_written_reads_back(secs in prop_oneof![0..253_402_300_800i64, 0..200_000i64, 253_402_000_000..253_402_300_800i64], offset_min in -1080..=1080i64, days in 0..400u32) {
        let local = secs + offset_min * 60;
        // An instant whose local time would be in the year 10000 cannot be written with this offset.
        prop_assume!(local <= 253_402_300_799);
        let (sign, a) = if offset_min < 0 { ('-', -offset_min) } else { ('+', offset_min) };
        let at = format!("{}{sign}{:02}:{:02}", utc_text(local).trim_end_matches('Z'), a / 60, a % 60);
        let rules = json!({"schemaVersion": 1, "levels": [{"rate": "0.1"}], "binding": {"mode": "firstShare", "validityDays": days.max(1)}, "lifecycle": {"frozenDays": days}, "utcOffset": format!("{sign}{:02}:{:02}", a / 60, a % 60),
            "tiers": [{"id": "bronze"}, {"id": "silver", "upgrade": {"type": "directRecruits", "atLeast": 1}, "retention": {"period": "quarter", "condition": {"type": "directRecruits", "atLeast": 1}}}]});
        let mut written = Vec::new();
        let bind = run("bind", &json!({"rules": rules, "buyer": {"id": "b", "registeredAt": at}, "sharer": {"id": "s", "status": "active"}, "at": at}));
        written.extend(times(&bind));
        let status = run("status", &json!({"rules": rules, "settlement": {"orderId": "o", "beneficiaries": [{"memberId": "a", "amount": "1.00"}]}, "paidAt": at, "completedAt": at, "now": at}));
        written.extend(times(&status));
        let progress = run("progress", &json!({"rules": rules, "member": {"id": "m", "tier": "silver"}, "now": at, "facts": {}}));
        written.extend(times(&progress));
        for v in [&bind, &status, &progress] {
            if v["ok"] != json!(true) {
                // Only a computed time past the end may refuse an instant in range.
                prop_assert!(v["errors"].as_array().unwrap().iter().all(|e| e["code"] == "outOfRange"), "{} {}", at, v);
            }
        }
        for t in written {
            let back = run("bind", &json!({"rules": {"schemaVersion": 1, "levels": [{"rate": "0.1"}]}, "buyer": {"id": "b", "registeredAt": t}, "sharer": {"id": "s", "status": "active"}, "at": t}));
            prop_assert_eq!(&back["ok"], &json!(true), "{} written from {}, not read back: {}", t, at, back);
            prop_assert_eq!(&back["result"]["boundAt"], &json!(t));
        }
    }
}

/// `secs` since the epoch as RFC 3339 in UTC (days_from_civil inverted).
fn utc_text(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        sod / 3600,
        sod % 3600 / 60,
        sod % 60
    )
}

/// Every instant in an answer (strings shaped `YYYY-MM-DDTHH:MM:SS…Z`).
fn times(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![v];
    while let Some(x) = stack.pop() {
        match x {
            Value::String(s) if s.len() >= 20 && s.as_bytes()[10] == b'T' && s.ends_with('Z') => {
                out.push(s.clone())
            }
            Value::Array(a) => stack.extend(a),
            Value::Object(m) => stack.extend(m.values()),
            _ => {}
        }
    }
    out
}
