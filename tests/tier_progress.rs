//! Tier progress beyond the golden vectors: sums too large for money, the published schema,
//! and arbitrary facts never making the engine panic.

use proptest::prelude::*;
use serde_json::{json, Value};

fn rules() -> Value {
    json!({"schemaVersion": 1, "levels": [{"rate": "0.1"}], "tiers": [
        {"id": "bronze"},
        {"id": "silver", "upgrade": {"type": "any", "of": [
            {"type": "ownPaidTotal", "atLeast": "100", "window": {"kind": "month"}},
            {"type": "teamPaidTotal", "atLeast": "500", "depth": 3, "includeSelf": true, "window": {"kind": "lastDays", "days": 3}},
            {"type": "recruitsAtTier", "tier": "silver", "atLeast": 1, "window": {"kind": "quarter"}}]}},
        {"id": "gold", "approval": "manual", "upgrade": {"type": "all", "of": [
            {"type": "commissionEarned", "atLeast": "10"},
            {"type": "boughtProduct", "products": ["p1"]}]},
         "retention": {"period": "month", "condition": {"type": "directRecruits", "atLeast": 1}}}]})
}

fn answer(doc: &Value) -> Value {
    let a = fenxiao::run("progress", &doc.to_string());
    serde_json::from_str(&a.text).unwrap_or(Value::Null)
}

#[test]
fn a_window_total_beyond_money_is_an_overflow_error() {
    // 9,300 orders of the largest amount, 10^15 fen each, sum past i64::MAX (≈ 9.22 × 10^18).
    let orders: Vec<Value> = (0..9_300)
        .map(|i| json!({"id": format!("o{i}"), "at": "2026-11-01T10:00:00+08:00", "amount": "9999999999999.99"}))
        .collect();
    let doc = json!({"rules": rules(), "member": {"id": "m"}, "now": "2026-11-02T00:00:00+08:00", "facts": {"orders": orders}});
    let got = answer(&doc);
    assert_eq!(got["ok"], json!(false), "{got}");
    assert_eq!(got["errors"][0]["code"], json!("overflow"), "{got}");
    assert_eq!(got["errors"][0]["path"], json!("facts"), "{got}");
}

#[test]
fn just_below_the_money_bound_is_summed_exactly() {
    // 9,000 × 999,999,999,999,999 fen = 8,999,999,999,999,991,000 fen, below i64::MAX.
    let orders: Vec<Value> = (0..9_000)
        .map(|i| json!({"id": format!("o{i}"), "at": "2026-11-01T10:00:00+08:00", "amount": "9999999999999.99"}))
        .collect();
    let doc = json!({"rules": rules(), "member": {"id": "m"}, "now": "2026-11-02T00:00:00+08:00", "facts": {"orders": orders}});
    let got = answer(&doc);
    assert_eq!(got["ok"], json!(true), "{got}");
    assert_eq!(got["result"]["tier"], json!("silver"));
    assert_eq!(got["result"]["nextTier"]["tier"], json!("gold"));
}

#[test]
fn the_schema_of_arguments_and_answer_is_generated() {
    let args = fenxiao::api::args_schema::<fenxiao::member::tier::ProgressArgs>();
    let out = serde_json::to_value(schemars::schema_for!(fenxiao::member::tier::Progress))
        .unwrap_or(Value::Null);
    let text = format!("{args}{out}");
    for name in [
        "candidateOrder",
        "dailyTotals",
        "teamOrders",
        "joinedAt",
        "awaitingApproval",
        "checkAt",
        "downgradeTo",
    ] {
        assert!(text.contains(name), "schema lacks {name}");
    }
}

fn time() -> impl Strategy<Value = String> {
    (
        2025i32..2028,
        1u32..13,
        1u32..29,
        0u32..24,
        prop_oneof![Just("Z"), Just("+08:00"), Just("-05:30")],
    )
        .prop_map(|(y, m, d, h, o)| format!("{y:04}-{m:02}-{d:02}T{h:02}:00:00{o}"))
}

fn amount() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_owned()),
        Just("0.01".to_owned()),
        Just("9999999999999.99".to_owned()),
        Just("12.345".to_owned()),
        (0u32..100_000).prop_map(|f| format!("{}.{:02}", f / 100, f % 100))
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_facts_answer_without_panicking(
        now in time(),
        tier in prop_oneof![Just(None), Just(Some("bronze")), Just(Some("silver")), Just(Some("gold")), Just(Some("nope"))],
        orders in prop::collection::vec((time(), amount(), any::<bool>()), 0..12),
        team in prop::collection::vec((time(), amount(), 0u64..6), 0..12),
        recruits in prop::collection::vec((time(), prop_oneof![Just(None), Just(Some("silver")), Just(Some("gold"))]), 0..6),
        commissions in prop::collection::vec((time(), amount()), 0..6),
        days in prop::collection::vec(("2026-0[1-9]-1[0-9]", amount()), 0..4),
        candidate in prop::option::of(amount()),
    ) {
        let mut member = json!({"id": "m"});
        if let Some(t) = tier { member["tier"] = json!(t); }
        let facts = json!({
            "orders": orders.iter().enumerate().map(|(i, (at, a, p))| json!({"id": format!("o{i}"), "at": at, "amount": a, "products": if *p { vec!["p1"] } else { vec![] }})).collect::<Vec<_>>(),
            "teamOrders": team.iter().enumerate().map(|(i, (at, a, d))| json!({"id": format!("t{i}"), "at": at, "amount": a, "depth": d})).collect::<Vec<_>>(),
            "recruits": recruits.iter().enumerate().map(|(i, (at, t))| { let mut r = json!({"id": format!("r{i}"), "joinedAt": at}); if let Some(t) = t { r["tier"] = json!(t); } r }).collect::<Vec<_>>(),
            "commissions": commissions.iter().map(|(at, a)| json!({"at": at, "amount": a})).collect::<Vec<_>>(),
            "dailyTotals": days.iter().map(|(d, a)| json!({"date": d, "own": a, "team": [{"depth": 1, "amount": a}]})).collect::<Vec<_>>(),
        });
        let mut doc = json!({"rules": rules(), "member": member, "now": now, "facts": facts});
        if let Some(a) = candidate { doc["candidateOrder"] = json!({"amount": a, "products": ["p1"]}); }
        let got = answer(&doc);
        prop_assert!(got["ok"].is_boolean(), "{}", got);
        if got["ok"] == json!(true) {
            let r = &got["result"];
            let order = ["bronze", "silver", "gold"];
            let pos = |v: &Value| order.iter().position(|t| Some(*t) == v.as_str());
            // Never lower than the current tier; never a manual tier by itself.
            prop_assert!(pos(&r["tier"]) >= pos(&r["currentTier"]));
            prop_assert!(r["tier"] != json!("gold") || r["currentTier"] == json!("gold"));
        }
    }
}

/// An assigned tier (no `upgrade`) is never reached by evaluation, and the `nextTier` that
/// names it has no condition to show progress on. (`tests/vectors/progress/assigned-*.json`
/// hold the figures; the vectors' matching cannot say that a field is absent.)
#[test]
fn an_assigned_next_tier_has_no_condition() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/progress/assigned-next-tier.json"
    );
    let vector: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let got = answer(&vector["input"]);
    let next = &got["result"]["nextTier"];
    assert_eq!(next["tier"], "partner", "{got}");
    assert_eq!(next["assigned"], true, "{got}");
    assert!(next.get("condition").is_none(), "{got}");
    // A tier with a condition says nothing of being assigned.
    let mut at_partner = vector["input"].clone();
    at_partner["member"]["tier"] = json!("partner");
    let got = answer(&at_partner);
    let next = &got["result"]["nextTier"];
    assert_eq!(next["tier"], "director", "{got}");
    assert!(next.get("assigned").is_none(), "{got}");
    assert!(next.get("condition").is_some(), "{got}");
}
