//! The reference workload's check values (given with the workload, worked out by hand), the
//! proration examples of SEMANTICS.md 5.2, and the floor held to the engine's single-order
//! `settle` (and, with tiers evolving, to `progress`) order by order, to the fen.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use fenxiao_bench_batch::floor::{prorate, Scratch};
use fenxiao_bench_batch::plan::{PLAN, RULES, RULES_EVOLVING, TIERS};
use fenxiao_bench_batch::workload::{generate, Rng, FIRST_PAID_AT_MS};
use fenxiao_bench_batch::{decimal, engine, evolve, floor, Columns, Summary, NONE};
use serde_json::{json, Value};

#[test]
fn the_first_three_draws() {
    let mut r = Rng::new(42);
    assert_eq!(r.next(), 45_454_805_674);
    assert_eq!(r.next(), 11_532_217_803_599_905_471);
    assert_eq!(r.next(), 10_021_416_941_527_320_954);
}

#[test]
fn members_zero_to_four_and_order_zero() {
    let c = generate(100_000, 1);
    let n = NONE;
    assert_eq!(c.tier[..5], [2, 2, 2, 3, 0]);
    assert_eq!(c.parent[..5], [n, 0, 0, 2, 3]);
    assert_eq!(c.unit_price, [131_303, 174_731, 34_124]);
    assert_eq!(c.quantity, [5, 5, 1]);
    assert_eq!(c.discount, [195]);
    assert_eq!(c.buyer, [49_669]);
    assert_eq!(c.paid_at_ms, [FIRST_PAID_AT_MS]);
}

/// Lines ¥15,642.94 less the ¥1.95 coupon: base ¥15,640.99, limit ¥4,692.29; member 44798
/// (t3) 20%, 7370 (t0) 5%, 2739 (t2) 3%, each rounded down, ¥4,379.45 in all, under the cap.
#[test]
fn order_zero_pays_three_levels() {
    let c = generate(100_000, 1);
    let mut s = Scratch::default();
    assert_eq!(prorate(&c, 0, &mut s), 1_564_099);
    let b = c.buyer[0] as usize;
    assert_eq!(c.parent[b], 44_798);
    assert_eq!(c.parent[44_798], 7_370);
    assert_eq!(c.parent[7_370], 2_739);
    assert_eq!((c.tier[44_798], c.tier[7_370], c.tier[2_739]), (3, 0, 2));
    let t = floor::totals(&c, &PLAN);
    assert_eq!((t[44_798], t[7_370], t[2_739]), (312_819, 78_204, 46_922));
    assert_eq!(t.iter().sum::<i64>(), 312_819 + 78_204 + 46_922);
    assert_eq!(Summary::of(&t).yuan(), "4379.45");
    assert_eq!(decimal::to_fen(&decimal::totals(&c, &PLAN)), t);
}

fn one_order(prices: &[i64], discount: i64) -> Columns {
    Columns {
        parent: vec![NONE],
        tier: vec![0],
        buyer: vec![0],
        discount: vec![discount],
        line_start: vec![0],
        paid_at_ms: vec![FIRST_PAID_AT_MS],
        unit_price: prices.to_vec(),
        quantity: vec![1; prices.len()],
    }
}

/// SEMANTICS.md 5.2: three ¥0.01 lines and a ¥0.02 coupon pay 0.00, 0.00, 0.01; the example
/// shop's 256.00, 168.00, 100.00 less ¥25.00 pay 243.79, 159.98, 95.23.
#[test]
fn proration_by_largest_remainder() {
    let mut s = Scratch::default();
    assert_eq!(prorate(&one_order(&[1, 1, 1], 2), 0, &mut s), 1);
    assert_eq!(s.paid, [0, 0, 1]);
    assert_eq!(
        prorate(&one_order(&[25_600, 16_800, 10_000], 2_500), 0, &mut s),
        49_900
    );
    assert_eq!(s.paid, [24_379, 15_998, 9_523]);
}

fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

fn fen(text: &str) -> i64 {
    let (y, f) = text.split_once('.').unwrap();
    y.parse::<i64>().unwrap() * 100 + f.parse::<i64>().unwrap()
}

/// Milliseconds since the epoch as RFC 3339 UTC (days to a civil date, Howard Hinnant's
/// algorithm).
fn rfc3339(ms: i64) -> String {
    let (days, ms) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let (h, mi, s, f) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{f:03}Z")
}

/// Settles order `o` through `fenxiao::api::run("settle")` at the given tiers and adds each
/// beneficiary's amount to `totals`; answers the order's paid total and whether the cap
/// trimmed anything.
fn settle(c: &Columns, o: usize, rules: &Value, tier: &[u32], totals: &mut [i64]) -> (i64, bool) {
    let lines: Vec<Value> = c
        .lines(o)
        .map(|l| {
            json!({"id": format!("l{l}"), "productId": "p", "unitPrice": yuan(c.unit_price[l]),
                   "quantity": c.quantity[l]})
        })
        .collect();
    let mut upline = Vec::new();
    let mut m = c.parent[c.buyer[o] as usize];
    while m != NONE && upline.len() < 3 {
        upline.push(
            json!({"id": format!("m{m}"), "tier": TIERS[tier[m as usize] as usize],
                           "status": "active"}),
        );
        m = c.parent[m as usize];
    }
    let doc = json!({
        "rules": rules,
        "order": {"id": format!("o{o}"), "buyer": {"id": format!("m{}", c.buyer[o]), "status": "active"},
                  "lines": lines, "discounts": [{"kind": "coupon", "amount": yuan(c.discount[o])}]},
        "upline": upline,
    });
    let answer = fenxiao::api::run("settle", &doc.to_string());
    let v: Value = serde_json::from_str(&answer.text).unwrap();
    assert!(answer.ok, "order {o}: {}", answer.text);
    let r = &v["result"];
    for b in r["beneficiaries"].as_array().unwrap() {
        let id = b["memberId"].as_str().unwrap();
        totals[id[1..].parse::<usize>().unwrap()] += fen(b["amount"].as_str().unwrap());
    }
    (
        fen(r["amounts"]["paid"].as_str().unwrap()),
        r["cap"]["trimmed"] != "0.00",
    )
}

fn agree_with_settle(c: &Columns) -> usize {
    let rules: Value = serde_json::from_str(RULES).unwrap();
    let mut totals = vec![0i64; c.parent.len()];
    let mut trimmed = 0;
    for o in 0..c.orders() {
        trimmed += usize::from(settle(c, o, &rules, &c.tier, &mut totals).1);
    }
    assert_eq!(floor::totals(c, &PLAN), totals);
    assert_eq!(decimal::to_fen(&decimal::totals(c, &PLAN)), totals);
    trimmed
}

/// The first 3,000 orders of the reference workload, each settled alone by the engine.
#[test]
fn the_floor_is_the_engine_on_the_first_3000_orders() {
    let c = generate(100_000, 3_000);
    assert!(agree_with_settle(&c) > 0, "the cap never trimmed");
}

/// The same orders with coupons near each order's whole amount, so that nearly every fen of
/// the proration is a leftover given by remainder.
#[test]
fn the_floor_is_the_engine_on_large_coupons() {
    let mut c = generate(2_000, 3_000);
    for o in 0..c.orders() {
        let gross: i64 = c
            .lines(o)
            .map(|l| c.unit_price[l] * c.quantity[l] as i64)
            .sum();
        c.discount[o] = gross - (o as i64 % 7).min(gross);
        if o % 3 == 0 {
            c.discount[o] = gross / 3 + 1;
        }
    }
    agree_with_settle(&c);
}

fn fact(at_ms: i64, paid: i64, o: usize, depth: Option<u32>) -> Value {
    let mut f = json!({"id": format!("o{o}"), "at": rfc3339(at_ms), "amount": yuan(paid)});
    if let Some(d) = depth {
        f["depth"] = json!(d);
    }
    f
}

/// Tiers evolving: every order settled by the engine at the tiers its upline holds, then its
/// buyer and the buyer's parent asked `progress` with every order they have as facts. Orders
/// are 43.2 minutes apart and prices scaled down, so the 30-day windows drop orders and
/// members cross the marks over weeks.
#[test]
fn the_evolving_floor_is_the_engine_with_progress() {
    let mut c = generate(200, 2_500);
    for (o, at) in c.paid_at_ms.iter_mut().enumerate() {
        *at = FIRST_PAID_AT_MS + o as i64 * 2_592_000;
    }
    for p in c.unit_price.iter_mut() {
        *p /= 20;
    }
    for o in 0..c.orders() {
        let gross: i64 = c
            .lines(o)
            .map(|l| c.unit_price[l] * c.quantity[l] as i64)
            .sum();
        c.discount[o] = c.discount[o].min(gross);
    }
    let rules: Value = serde_json::from_str(RULES_EVOLVING).unwrap();
    let n = c.parent.len();
    let mut tier = c.tier.clone();
    let mut totals = vec![0i64; n];
    let (mut own, mut team) = (vec![Vec::new(); n], vec![Vec::new(); n]);
    let mut upgrades = 0;
    for o in 0..c.orders() {
        let (paid, _) = settle(&c, o, &rules, &tier, &mut totals);
        let b = c.buyer[o] as usize;
        own[b].push(fact(c.paid_at_ms[o], paid, o, None));
        let p = c.parent[b];
        if p != NONE {
            team[p as usize].push(fact(c.paid_at_ms[o], paid, o, Some(1)));
        }
        for m in [Some(b), (p != NONE).then_some(p as usize)]
            .into_iter()
            .flatten()
        {
            let doc = json!({"rules": rules, "member": {"id": format!("m{m}"), "tier": TIERS[tier[m] as usize]},
                             "now": rfc3339(c.paid_at_ms[o]),
                             "facts": {"orders": own[m], "teamOrders": team[m]}});
            let answer = fenxiao::api::run("progress", &doc.to_string());
            assert!(answer.ok, "{}", answer.text);
            let v: Value = serde_json::from_str(&answer.text).unwrap();
            let t = v["result"]["tier"].as_str().unwrap();
            let t = TIERS.iter().position(|x| *x == t).unwrap() as u32;
            upgrades += usize::from(t != tier[m]);
            tier[m] = t;
        }
    }
    let (floor_totals, floor_tiers) = evolve::totals(&c, &PLAN);
    assert_eq!(floor_tiers, tier);
    assert_eq!(floor_totals, totals);
    eprintln!("{upgrades} upgrades");
    assert!(upgrades > 20, "only {upgrades} upgrades");
    assert_ne!(
        floor_totals,
        floor::totals(&c, &PLAN),
        "tiers changed no figure"
    );
}

/// Member 1 pays ¥1,500.00 at 2026-11-01T00:30+08:00 (still 2026-10-31 in UTC) and ¥600.00
/// later; the `lastDays` 30 window counts local days at +08:00. On 2026-11-30 (12:00) the
/// window is Nov 1–30: ¥2,100.00, `t1` reached, and member 2's next order of ¥1,000.00 pays
/// member 1 at 17% (¥170.00). On 2026-12-01 (00:10) the window is Nov 2 – Dec 1: ¥600.00,
/// still `t0`, 16% (¥160.00). Member 0 is paid at 16% on every order of member 1 and 5% on
/// member 2's (¥240.00 + ¥96.00 + ¥50.00).
#[test]
fn the_window_is_thirty_local_days() {
    for (second_at, tier, paid) in [
        (29 * 86_400_000 + 43_200_000, 1, 17_000),
        (30 * 86_400_000 + 600_000, 0, 16_000),
    ] {
        let c = Columns {
            parent: vec![NONE, 0, 1],
            tier: vec![0, 0, 0],
            buyer: vec![1, 1, 2],
            discount: vec![0, 0, 0],
            line_start: vec![0, 1, 2],
            paid_at_ms: [1_800_000, second_at, second_at + 1]
                .map(|at| FIRST_PAID_AT_MS + at)
                .to_vec(),
            unit_price: vec![150_000, 60_000, 100_000],
            quantity: vec![1, 1, 1],
        };
        let (totals, tiers) = evolve::totals(&c, &PLAN);
        assert_eq!(tiers, [0, tier, 0]);
        assert_eq!(totals, [24_000 + 9_600 + 5_000, paid, 0]);
    }
}

/// The engine's batch path (`engine.rs`) gives the floor's totals, with tiers fixed and
/// evolving, on a workload where windows drop orders.
#[test]
fn the_engine_batch_path_is_the_floor() {
    let mut c = generate(2_000, 20_000);
    for (o, at) in c.paid_at_ms.iter_mut().enumerate() {
        *at = FIRST_PAID_AT_MS + o as i64 * 259_200;
    }
    let run = engine::native(RULES, c.clone()).expect("the engine takes the reference workload");
    assert_eq!(run(), floor::totals(&c, &PLAN));
    let run = engine::native_evolving(RULES_EVOLVING, c.clone()).expect("and its evolving rules");
    assert_eq!(run(), evolve::totals(&c, &PLAN).0);
}
