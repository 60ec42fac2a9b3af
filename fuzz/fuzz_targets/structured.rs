//! Valid documents built from the fuzzer's bytes — rule sets, orders, uplines, refund
//! sequences — so the search spends its time in the arithmetic rather than the parser, and
//! the engine's promises are checked on every input:
//! - no payout is negative, the beneficiaries add up to the total, and the total never
//!   exceeds the cap after rounding (`floor(commissionBase × cap)`);
//! - with rates that rise by tier, a member moved to a higher tier never earns less;
//! - an opted-out product earns nothing;
//! - refunding every unit returns every beneficiary to zero, and the same refunds in
//!   another order end at the same figures;
//! - `validate`'s normalized form validates to the same hash, and the hash does not change
//!   with key order or whitespace;
//! - the batch run over a small dataset (a few members, orders and refunds at their times,
//!   tiers rising by recruits) equals the single-order API order by order, and each of its
//!   tier events is what `progress` answers at that moment (`tests/batch_oracle`).
#![no_main]

#[path = "../../tests/batch_oracle/mod.rs"]
mod batch_oracle;
#[path = "../../tests/common/mod.rs"]
mod common;

use arbitrary::Arbitrary;
use batch_oracle::{checked, fit_after, oracle, run_and_events, try_dataset, MemberRow, OrderRow};
use common::TIERS;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

#[derive(Arbitrary, Debug)]
struct Input {
    levels: Vec<(u8, u32, u16)>,
    tier_count: u8,
    cap: Option<u32>,
    half_up: bool,
    profit: bool,
    compress: bool,
    self_purchase: bool,
    opt_out: bool,
    lines: Vec<(u32, u8, u16, bool)>,
    coupon: u32,
    upline: Vec<(u8, u8)>,
    refunds: Vec<(u8, u8, u32)>,
    rotate: u8,
    batch: Batch,
}

/// A small dataset for the batch run: members (parent pick, a root, tier, status, hours
/// after the start they joined), orders (minutes after the start, buyer, lines as product,
/// SKU, price, quantity and whether a cost is given, coupon), refunds (order, kind, line,
/// units, amount, how much later).
#[derive(Arbitrary, Debug)]
struct Batch {
    members: Vec<(u8, bool, u8, u8, u8)>,
    orders: Vec<(u16, u8, Vec<(u8, u8, u32, u8, bool)>, u16)>,
    refunds: Vec<(u8, u8, u8, u8, u16, u8)>,
}

fn money(fen: u64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

fn rate(millionths: u32) -> String {
    let r = format!("{}.{:06}", millionths / 1_000_000, millionths % 1_000_000);
    r.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn fen(v: &Value) -> i128 {
    let t = v.as_str().unwrap_or_else(|| panic!("not money: {v}"));
    let (neg, t) = t.strip_prefix('-').map_or((false, t), |t| (true, t));
    let (i, f) = t.split_once('.').unwrap_or((t, "0"));
    let n = i.parse::<i128>().unwrap() * 100 + f.parse::<i128>().unwrap();
    if neg {
        -n
    } else {
        n
    }
}

fn run(command: &str, doc: &Value) -> Value {
    let answer = fenxiao::run(command, &doc.to_string());
    serde_json::from_str(&answer.text).unwrap_or_else(|e| panic!("{e}: {}", answer.text))
}

/// Rates that rise by tier: each level's tier rates are sorted ascending.
fn rules(input: &Input, tiers: usize) -> Value {
    let levels: Vec<Value> = input
        .levels
        .iter()
        .take(3)
        .map(|&(kind, r, f)| {
            let r = r % 400_001;
            match kind % 3 {
                1 => json!({"fixed": money(u64::from(f % 5_000))}),
                2 if tiers > 0 => {
                    let mut rs: Vec<u32> = (0..tiers as u32).map(|t| (r >> (t * 7)) % 300_001).collect();
                    rs.sort_unstable();
                    json!({"tierRates": rs.iter().enumerate().map(|(t, x)| json!({"tier": TIERS[t], "rate": rate(*x)})).collect::<Vec<_>>()})
                }
                _ => json!({"rate": rate(r)}),
            }
        })
        .collect();
    let levels = if levels.is_empty() {
        vec![json!({"rate": "0.1"})]
    } else {
        levels
    };
    let mut r = json!({
        "schemaVersion": 1,
        "levels": levels,
        "rounding": if input.half_up { "halfUp" } else { "down" },
        "base": if input.profit { "profit" } else { "paid" },
        "brokenUpline": if input.compress { "compress" } else { "forfeit" },
        "selfPurchase": input.self_purchase,
    });
    if let Some(c) = input.cap {
        r["cap"] = json!(rate(c % 1_000_001));
    }
    if input.opt_out {
        r["products"] = json!([{"productId": "gift", "mode": "optOut"}]);
    }
    if tiers > 0 {
        r["tiers"] = json!((0..tiers)
            .map(|t| if t == 0 {
                json!({"id": TIERS[t]})
            } else {
                json!({"id": TIERS[t], "upgrade": {"type": "directRecruits", "atLeast": t * 3}})
            })
            .collect::<Vec<_>>());
    }
    r
}

fn order(input: &Input) -> (Value, Vec<(String, u64)>, Vec<String>) {
    let mut gross: u64 = 0;
    let mut ids = Vec::new();
    let mut gifts = Vec::new();
    let lines: Vec<Value> = input
        .lines
        .iter()
        .take(5)
        .enumerate()
        .map(|(i, &(price, q, cost, gift))| {
            let price = u64::from(price % 10_000_000) + 1;
            let q = u64::from(q % 5) + 1;
            gross += price * q;
            ids.push((format!("l{i}"), q));
            let product = if gift && input.opt_out {
                gifts.push(format!("l{i}"));
                "gift".to_owned()
            } else {
                format!("p{i}")
            };
            json!({"id": format!("l{i}"), "productId": product, "unitPrice": money(price), "quantity": q, "cost": money(u64::from(cost).min(price))})
        })
        .collect();
    let lines = if lines.is_empty() {
        ids.push(("l0".to_owned(), 1));
        gross = 100;
        vec![
            json!({"id": "l0", "productId": "p0", "unitPrice": "1.00", "quantity": 1, "cost": "0.50"}),
        ]
    } else {
        lines
    };
    let coupon = u64::from(input.coupon) % (gross + 1);
    let mut o = json!({"id": "o", "buyer": {"id": "buyer", "status": "none"}, "lines": lines});
    if coupon > 0 {
        o["discounts"] = json!([{"amount": money(coupon)}]);
    }
    (o, ids, gifts)
}

fn upline(input: &Input, tiers: usize) -> Vec<Value> {
    input
        .upline
        .iter()
        .take(4)
        .enumerate()
        .map(|(i, &(status, tier))| {
            let status = ["active", "active", "none", "disabled"][usize::from(status % 4)];
            let mut m = json!({"id": format!("u{i}"), "status": status});
            if tiers > 0 {
                m["tier"] = json!(TIERS[usize::from(tier) % tiers]);
            }
            m
        })
        .collect()
}

fn check_settlement(result: &Value, rules: &Value, gifts: &[String]) {
    let list = result["beneficiaries"].as_array().unwrap();
    let mut sum = 0;
    for b in list {
        let a = fen(&b["amount"]);
        assert!(a >= 0, "a negative payout: {result}");
        sum += a;
    }
    let total = fen(&result["total"]);
    assert_eq!(sum, total, "the beneficiaries do not add up: {result}");
    if rules["cap"].is_string() {
        let c = millionths(rules["cap"].as_str().unwrap());
        let base = fen(&result["amounts"]["commissionBase"]);
        assert!(
            total * 1_000_000 <= base * c,
            "the total is above the cap: {result}"
        );
    }
    for line in result["lines"].as_array().unwrap() {
        let id = line["lineId"].as_str().unwrap_or_default();
        if gifts.iter().any(|g| g == id) {
            assert_eq!(
                line["earns"],
                json!(false),
                "an opted-out line earns: {result}"
            );
        }
    }
}

fn millionths(rate: &str) -> i128 {
    let (i, f) = rate.split_once('.').unwrap_or((rate, ""));
    let f = format!("{f:0<6}");
    i.parse::<i128>().unwrap() * 1_000_000 + f.parse::<i128>().unwrap()
}

/// Every member moved one tier up earns at least what they earned before.
fn check_tiers(rules: &Value, order: &Value, up: &[Value], before: &Value, tiers: usize) {
    for (i, m) in up.iter().enumerate() {
        let Some(t) = TIERS.iter().position(|t| m["tier"] == json!(t)) else {
            continue;
        };
        if t + 1 >= tiers {
            continue;
        }
        let mut higher = up.to_vec();
        higher[i]["tier"] = json!(TIERS[t + 1]);
        let after = run(
            "settle",
            &json!({"rules": rules, "order": order, "upline": higher}),
        );
        assert_eq!(after["ok"], json!(true), "{after}");
        let earned = |r: &Value| -> i128 {
            r["beneficiaries"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|b| b["memberId"] == m["id"])
                .map(|b| fen(&b["amount"]))
                .sum()
        };
        assert!(
            earned(&after["result"]) >= earned(before),
            "a higher tier earns less: {before} then {after}"
        );
    }
}

fn check_refunds(input: &Input, doc: &Value, ids: &[(String, u64)]) {
    let mut refunds: Vec<Value> = Vec::new();
    let mut left: Vec<u64> = ids.iter().map(|(_, q)| *q).collect();
    for (k, &(line, units, _)) in input.refunds.iter().take(6).enumerate() {
        let l = usize::from(line) % ids.len();
        let q = (u64::from(units) % 3 + 1).min(left[l]);
        if q == 0 {
            continue;
        }
        left[l] -= q;
        refunds.push(json!({"id": format!("r{k}"), "lineId": ids[l].0, "quantity": q}));
    }
    // Return what is left of every line, so the whole order is refunded.
    for (l, q) in left.iter().enumerate() {
        if *q > 0 {
            refunds.push(json!({"id": format!("z{l}"), "lineId": ids[l].0, "quantity": q}));
        }
    }
    let mut d = doc.clone();
    d["refunds"] = json!(refunds);
    let full = run("refund", &d);
    assert_eq!(full["ok"], json!(true), "{full}");
    for b in full["result"]["beneficiaries"].as_array().unwrap() {
        assert_eq!(
            fen(&b["current"]),
            0,
            "a full refund leaves a payout: {full}"
        );
    }
    // The same refunds in another order end at the same figures.
    let n = refunds.len();
    let mut partial: Vec<Value> = refunds[..n.saturating_sub(1)].to_vec();
    if partial.is_empty() {
        return;
    }
    let turn = usize::from(input.rotate) % partial.len();
    d["refunds"] = json!(partial);
    let one = run("refund", &d);
    partial.rotate_left(turn);
    partial.reverse();
    d["refunds"] = json!(partial);
    let other = run("refund", &d);
    assert_eq!(one["ok"], other["ok"], "{one} vs {other}");
    if one["ok"] == json!(true) {
        let current = |v: &Value| -> Vec<Value> {
            v["result"]["beneficiaries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| json!([b["memberId"], b["current"]]))
                .collect()
        };
        assert_eq!(
            current(&one),
            current(&other),
            "refund order matters: {one} vs {other}"
        );
        assert_eq!(
            one["result"]["total"]["current"],
            other["result"]["total"]["current"]
        );
    }
}

/// Object keys in reverse order, pretty-printed: the same rule set to the hash.
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

fn check_hash(rules: &Value) {
    let v = run("validate", &json!({"rules": rules}));
    assert_eq!(v["ok"], json!(true), "{v}");
    let hash = &v["result"]["ruleSetHash"];
    let again = run("validate", &json!({"rules": v["result"]["normalized"]}));
    assert_eq!(
        &again["result"]["ruleSetHash"], hash,
        "the normalized form hashes differently"
    );
    let text = format!(
        "{{\n  \"rules\" :\n{}\n}}",
        serde_json::to_string_pretty(&reordered(rules)).unwrap()
    );
    let answer = fenxiao::run("hash", &text);
    let h: Value = serde_json::from_str(&answer.text).unwrap();
    assert_eq!(
        &h["result"]["ruleSetHash"], hash,
        "key order or whitespace changes the hash"
    );
}

/// The batch run equals the single-order API on the input's small dataset, under the
/// input's rules with all three tiers.
fn check_batch(input: &Input) {
    let b = &input.batch;
    let mut members: Vec<MemberRow> = b
        .members
        .iter()
        .take(6)
        .enumerate()
        .map(|(i, &(p, root, tier, status, hours))| MemberRow {
            parent: (i > 0 && !root).then(|| usize::from(p) % i),
            tier: (tier % 4 < 3).then_some(usize::from(tier % 4)),
            status: status % 4,
            joined: i64::from(hours) * 3_600,
        })
        .collect();
    if members.is_empty() {
        members.push(MemberRow {
            parent: None,
            tier: None,
            status: 0,
            joined: 0,
        });
    }
    let orders: Vec<OrderRow> = b
        .orders
        .iter()
        .filter(|o| !o.2.is_empty())
        .take(6)
        .map(|(at, buyer, lines, coupon)| OrderRow {
            at: i64::from(*at) * 60,
            buyer: usize::from(*buyer),
            lines: lines
                .iter()
                .take(3)
                .map(|&(p, s, price, q, cost)| {
                    (
                        p % 3,
                        s % 2,
                        i64::from(price % 2_000_000),
                        u64::from(q % 4) + 1,
                        cost,
                    )
                })
                .collect(),
            coupon: i64::from(*coupon % 3_000),
        })
        .collect();
    if orders.is_empty() {
        return;
    }
    let raw = b
        .refunds
        .iter()
        .take(4)
        .map(|&(k, kind, line, q, amount, later)| {
            let (k, kind, line) = (usize::from(k), kind % 3, usize::from(line));
            (
                k,
                kind,
                line,
                u64::from(q % 3) + 1,
                i64::from(amount) + 1,
                i64::from(later),
            )
        })
        .collect();
    let (orders, refunds) = fit_after(&members, orders, raw, 3_600);
    let data = try_dataset(&members, &orders, &refunds).expect("a small dataset is valid");
    let rules = rules(input, 3);
    let got = run_and_events(&checked(&rules), &data);
    let events = got.as_ref().map(|g| g.1.clone()).unwrap_or_default();
    let expected = oracle(
        &rules,
        &members,
        &orders,
        &refunds,
        &events,
        Some(got.is_some()),
    );
    match expected {
        None => assert!(got.is_none(), "the API refused, the run answered {got:?}"),
        Some(e) => assert_eq!(Some(e), got.map(|g| g.0), "the run differs from the API"),
    }
}

fuzz_target!(|input: Input| {
    check_batch(&input);
    let tiers = usize::from(input.tier_count % 4);
    let rules = rules(&input, tiers);
    let (order, ids, gifts) = order(&input);
    let up = upline(&input, tiers);
    let doc = json!({"rules": rules, "order": order, "upline": up});
    let settled = run("settle", &doc);
    if settled["ok"] != json!(true) {
        // Only an order whose figures leave the engine's range may be refused.
        let codes: Vec<&Value> = settled["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["code"])
            .collect();
        assert!(
            codes
                .iter()
                .all(|c| *c == "overflow" || *c == "invalidMoney"),
            "{settled}"
        );
        return;
    }
    check_settlement(&settled["result"], &rules, &gifts);
    check_tiers(&rules, &order, &up, &settled["result"], tiers);
    check_refunds(&input, &doc, &ids);
    check_hash(&rules);
});
