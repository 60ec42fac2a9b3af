//! The batch run on a tiny shop whose every figure is worked out by hand (docs/SEMANTICS.md,
//! "Batch re-simulation", holds the same example): three members a ← b ← c, two products,
//! three orders, one refund, and a rule set whose level 1 pays by tier with an upgrade on the
//! member's own paid total.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use fenxiao::batch::rows::{Line as LineRow, Rows as Builder};
use fenxiao::batch::{
    compare, compare_csv, member_csv, order_csv, simulate, Dataset, Options, Simulation,
};
use fenxiao::money::time::Timestamp;
use fenxiao::payout::network::Status;
use fenxiao::RuleSet;
use serde_json::{json, Map, Value};

fn rules(level2: &str) -> RuleSet {
    let doc = json!({
        "schemaVersion": 1,
        "tiers": [
            {"id": "bronze"},
            {"id": "silver", "upgrade": {"type": "ownPaidTotal", "atLeast": "100.00"}}
        ],
        "levels": [
            {"tierRates": [{"tier": "bronze", "rate": "0.10"}, {"tier": "silver", "rate": "0.20"}]},
            {"rate": level2}
        ]
    });
    let mut map = Map::new();
    map.insert("rules".to_owned(), doc);
    fenxiao::api::split_rules(map).0.unwrap()
}

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn line(id: &str, product: &str, unit_price: i64, quantity: u64) -> LineRow {
    LineRow {
        id: id.to_owned(),
        product: product.to_owned(),
        sku: None,
        unit_price,
        quantity,
        cost: None,
    }
}

/// The example shop.
fn shop() -> Dataset {
    let joined = at("2026-02-01T09:00:00+08:00");
    let mut b = Builder::default();
    b.member("a", None, None, Status::Active, joined)
        .member("b", Some("a"), None, Status::Active, joined)
        .member("c", Some("b"), None, Status::None, joined)
        .product("p1", "Tea")
        .product("p2", "Cup")
        .order(
            "o1",
            at("2026-03-01T10:00:00+08:00"),
            "c",
            1_000,
            0,
            vec![line("l1", "p1", 6_000, 1), line("l2", "p2", 4_000, 2)],
        )
        .order(
            "o2",
            at("2026-03-01T11:00:00+08:00"),
            "b",
            0,
            800,
            vec![line("l1", "p1", 6_000, 2)],
        )
        .order(
            "o3",
            at("2026-03-01T12:00:00+08:00"),
            "c",
            0,
            0,
            vec![line("l1", "p2", 4_000, 1)],
        )
        .refund(
            "r1",
            "o1",
            Some("l2"),
            1,
            None,
            at("2026-03-02T10:00:00+08:00"),
        );
    b.build().unwrap()
}

fn summary_json(run: &fenxiao::batch::Run) -> Value {
    serde_json::from_str(&fenxiao::io::to_text(&run.summary)).unwrap()
}

/// o1: coupon 10.00 over 60.00 and 80.00 by largest remainder → 4.29 and 5.71 (remainders
/// 8000 and 6000 of 14000: the spare fen goes to l1); paid 55.71 + 74.29 = 130.00. Level 1 b
/// (bronze, 0.10) 13.00, level 2 a (0.05) 6.50. c's own paid total 130.00 ≥ 100.00: c is
/// silver from o1's next order on (c earns nothing here: no self-purchase).
/// o2: b buys 120.00 (shipping 8.00 outside every base): level 1 a 12.00, no level 2; b's own
/// paid total 120.00: b is silver after o2.
/// o3: c buys 40.00: level 1 b, now silver, 0.20 → 8.00; level 2 a 2.00.
/// r1: one of l2's two units back: l2 keeps 74.29 − floor(74.29 / 2) = 37.15, the order
/// 92.86; at the tiers o1 was settled with, b 0.10 × 92.86 = 9.28 (−3.72), a 4.64 (−1.86).
#[test]
fn the_example_shop_by_hand() {
    let data = shop();
    let run = simulate(
        &rules("0.05"),
        &data,
        &Options {
            top: 2,
            per_order: true,
        },
    )
    .unwrap();
    let s = summary_json(&run);
    assert_eq!(s["orders"], json!(3));
    assert_eq!(s["members"], json!(3));
    assert_eq!(s["refunds"], json!(1));
    assert_eq!(s["paidSales"], json!({"gross": "290.00", "net": "252.86"}));
    assert_eq!(s["payout"], json!({"gross": "41.50", "net": "35.92"}));
    // 41.50 / 290.00 = 0.14310…; 35.92 / 252.86 = 0.14205…
    assert_eq!(
        s["payoutShare"],
        json!({"gross": "0.1431", "net": "0.1420"})
    );
    assert_eq!(
        s["levels"],
        json!([
            {"level": 1, "gross": "33.00", "net": "29.28"},
            {"level": 2, "gross": "8.50", "net": "6.64"}
        ])
    );
    // Bronze: b's 13.00 on o1 and all of a's (6.50 + 12.00 + 2.00); silver: b's 8.00 on o3.
    assert_eq!(
        s["tiers"],
        json!([
            {"tier": "bronze", "gross": "33.50", "net": "27.92"},
            {"tier": "silver", "gross": "8.00", "net": "8.00"}
        ])
    );
    assert_eq!(
        s["products"],
        json!([
            {"productId": "p1", "name": "Tea", "paidSales": {"gross": "175.71", "net": "175.71"}, "base": {"gross": "175.71", "net": "175.71"}},
            {"productId": "p2", "name": "Cup", "paidSales": {"gross": "114.29", "net": "77.15"}, "base": {"gross": "114.29", "net": "77.15"}}
        ])
    );
    assert_eq!(
        s["top"],
        json!([
            {"memberId": "a", "tier": "bronze", "finalTier": "bronze", "gross": "20.50", "net": "18.64"},
            {"memberId": "b", "tier": "bronze", "finalTier": "silver", "gross": "21.00", "net": "17.28"}
        ])
    );
    assert_eq!(
        s["histogram"][0],
        json!({"from": "0.00", "to": "0.01", "members": 1})
    );
    assert_eq!(
        s["histogram"][2],
        json!({"from": "10.00", "to": "100.00", "members": 2})
    );
    assert_eq!(
        s["histogram"][6],
        json!({"from": "100000.00", "members": 0})
    );
    assert_eq!(
        s["upgrades"],
        json!([
            {"memberId": "c", "from": "bronze", "to": "silver", "trigger": {"order": "o1"}, "at": at("2026-03-01T10:00:00+08:00").to_string()},
            {"memberId": "b", "from": "bronze", "to": "silver", "trigger": {"order": "o2"}, "at": at("2026-03-01T11:00:00+08:00").to_string()}
        ])
    );
    assert_eq!(s["downgrades"], json!([]));
    assert_eq!(s["awaitingApproval"], json!([]));
    assert_eq!(s["reversals"], json!({"count": 1, "amount": "5.58"}));
    assert_eq!(s["lint"]["profile"], json!("wechat"));
    assert_eq!(run.member_gross, vec![2_050, 2_100, 0]);
    assert_eq!(run.member_net, vec![1_864, 1_728, 0]);
    assert_eq!(run.member_final_tier, vec![0, 1, 1]);
}

/// The files: a BOM, CRLF, money as yuan; orders in paid-time order.
#[test]
fn the_example_shop_as_files() {
    let data = shop();
    let run = simulate(
        &rules("0.05"),
        &data,
        &Options {
            top: 2,
            per_order: true,
        },
    )
    .unwrap();
    assert_eq!(
        member_csv(&run, &data),
        "\u{feff}memberId,tier,finalTier,gross,net\r\na,bronze,bronze,20.50,18.64\r\nb,bronze,silver,21.00,17.28\r\nc,bronze,silver,0.00,0.00\r\n"
    );
    let orders = order_csv(&run, &data).unwrap();
    let rows: Vec<&str> = orders.split("\r\n").collect();
    assert_eq!(
        rows[0],
        "\u{feff}orderId,paidAt,buyerId,paid,netPaid,base,netBase,payout,netPayout"
    );
    assert!(
        rows[1].starts_with("o1,") && rows[1].ends_with(",c,130.00,92.86,130.00,92.86,19.50,13.92"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].ends_with(",b,120.00,120.00,120.00,120.00,12.00,12.00"),
        "{}",
        rows[2]
    );
    assert!(
        rows[3].ends_with(",c,40.00,40.00,40.00,40.00,10.00,10.00"),
        "{}",
        rows[3]
    );
    let plain = simulate(&rules("0.05"), &data, &Options::default()).unwrap();
    assert!(order_csv(&plain, &data).is_none());
}

/// Level 2 at 0.08 instead of 0.05: a earns 10.40 on o1 (7.42 after r1, 0.08 × 92.86 =
/// 7.4288) and 3.20 on o3: 25.60 gross, 22.62 net, +3.98; b is unchanged.
#[test]
fn comparing_two_rule_sets() {
    let data = shop();
    let a = simulate(&rules("0.05"), &data, &Options::default()).unwrap();
    let b = simulate(&rules("0.08"), &data, &Options::default()).unwrap();
    let c: Value = serde_json::from_str(&fenxiao::io::to_text(&compare(&a, &b, &data))).unwrap();
    let d = &c["difference"];
    assert_eq!(d["payout"], json!({"gross": "5.10", "net": "3.98"}));
    assert_eq!(
        d["levels"],
        json!([{"level": 1, "gross": "0.00", "net": "0.00"}, {"level": 2, "gross": "5.10", "net": "3.98"}])
    );
    assert_eq!(
        d["gainers"],
        json!([{"memberId": "a", "baseline": "18.64", "candidate": "22.62", "change": "3.98"}])
    );
    assert_eq!(d["losers"], json!([]));
    assert_eq!(d["gainerCount"], json!(1));
    assert_eq!(
        d["upgradesOnlyIn"],
        json!({"baseline": [], "candidate": [], "baselineCount": 0, "candidateCount": 0})
    );
    assert_eq!(
        c["candidate"]["payout"],
        json!({"gross": "46.60", "net": "39.90"})
    );
    let csv = compare_csv(&a, &b, &data);
    assert!(
        csv.contains("\r\na,bronze,bronze,20.50,18.64,bronze,25.60,22.62,3.98\r\n"),
        "{csv}"
    );
}

/// Stepping one order at a time ends where the whole run does.
#[test]
fn stepping_ends_where_the_whole_run_does() {
    let data = shop();
    let r = rules("0.05");
    let mut sim = Simulation::new(&r, &data, &Options::default()).unwrap();
    let mut seen = Vec::new();
    loop {
        let step = sim.step(1).unwrap();
        seen.push((step.done, step.total, step.finished));
        if step.finished {
            break;
        }
    }
    assert_eq!(seen, vec![(1, 3, false), (2, 3, false), (3, 3, true)]);
    assert_eq!(
        sim.finish(),
        simulate(&r, &data, &Options::default()).unwrap()
    );
}

/// A refund dated before its order was paid is refused, with its path.
#[test]
fn a_refund_before_its_order_is_refused() {
    let mut b = Builder::default();
    b.member(
        "a",
        None,
        None,
        Status::Active,
        at("2026-02-01T09:00:00+08:00"),
    )
    .product("p1", "Tea")
    .order(
        "o1",
        at("2026-03-01T10:00:00+08:00"),
        "a",
        0,
        0,
        vec![line("l1", "p1", 100, 1)],
    )
    .refund(
        "r1",
        "o1",
        None,
        0,
        Some(50),
        at("2026-03-01T09:00:00+08:00"),
    );
    // The dataset's own check refuses it, before any run.
    let e = b.build().unwrap_err();
    assert_eq!(e.as_slice()[0].path.as_str(), "data.refunds[0].at");
    assert_eq!(e.as_slice()[0].code, fenxiao::ErrorCode::Inconsistent);
}

/// Retention, approval and a join, by hand. Silver: 100.00 of own orders in the month, kept
/// by 50.00 a month; gold: one direct recruit, approved by hand.
/// - o1, 2026-01-10: `a` pays 120.00 → silver (January: 120.00 ≥ 100.00), trigger o1.
/// - 2026-02-01 check: January 120.00 ≥ 50.00, `a` keeps silver.
/// - o2, 2026-02-20: 30.00. 2026-03-01 check: February 30.00 < 50.00 → bronze from
///   2026-03-01T00:00+08:00 (2026-02-28T16:00:00Z); evaluated again at once: March has nothing.
/// - `b` joins 2026-03-10 10:00 → `a` meets gold, which waits for approval.
/// - o3, 2026-03-15: `b` pays 50.00; level 1 `a` 0.10 × 50.00 = 5.00.
#[test]
fn retention_approval_and_a_join_by_hand() {
    let doc = json!({
        "schemaVersion": 1,
        "tiers": [
            {"id": "bronze"},
            {"id": "silver", "upgrade": {"type": "ownPaidTotal", "atLeast": "100.00", "window": {"kind": "month"}},
             "retention": {"period": "month", "condition": {"type": "ownPaidTotal", "atLeast": "50.00"}}},
            {"id": "gold", "approval": "manual", "upgrade": {"type": "directRecruits", "atLeast": 1}}
        ],
        "levels": [{"rate": "0.10"}]
    });
    let mut map = Map::new();
    map.insert("rules".to_owned(), doc);
    let rules = fenxiao::api::split_rules(map).0.unwrap();
    let mut b = Builder::default();
    b.member(
        "a",
        None,
        None,
        Status::Active,
        at("2026-01-05T09:00:00+08:00"),
    )
    .member(
        "b",
        Some("a"),
        None,
        Status::Active,
        at("2026-03-10T10:00:00+08:00"),
    )
    .product("p1", "Tea")
    .order(
        "o1",
        at("2026-01-10T12:00:00+08:00"),
        "a",
        0,
        0,
        vec![line("l1", "p1", 12_000, 1)],
    )
    .order(
        "o2",
        at("2026-02-20T12:00:00+08:00"),
        "a",
        0,
        0,
        vec![line("l1", "p1", 3_000, 1)],
    )
    .order(
        "o3",
        at("2026-03-15T12:00:00+08:00"),
        "b",
        0,
        0,
        vec![line("l1", "p1", 5_000, 1)],
    );
    let data = b.build().unwrap();
    let run = simulate(&rules, &data, &Options::default()).unwrap();
    let s = summary_json(&run);
    assert_eq!(
        s["upgrades"],
        json!([
            {"memberId": "a", "from": "bronze", "to": "silver", "trigger": {"order": "o1"}, "at": "2026-01-10T04:00:00Z"}
        ])
    );
    assert_eq!(
        s["downgrades"],
        json!([
            {"memberId": "a", "from": "silver", "to": "bronze", "at": "2026-02-28T16:00:00Z"}
        ])
    );
    assert_eq!(
        s["awaitingApproval"],
        json!([
            {"memberId": "a", "tier": "gold", "at": "2026-03-10T02:00:00Z"}
        ])
    );
    assert_eq!(s["payout"], json!({"gross": "5.00", "net": "5.00"}));
    assert_eq!(run.member_final_tier, vec![0, 0]);
}
