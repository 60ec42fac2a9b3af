//! The single-order API as an oracle for the batch run: a dataset's orders settled one by
//! one through `settle` with each buyer and upline at the tiers the run had them when the
//! order was paid, each refund reversed through `refund` with all of the order's refunds so
//! far, the answers summed as the run's report sums them. Each tier event of the run is
//! checked against `progress` on the member's facts at its moment. Shared by the property
//! tests (`tests/batch_props.rs`) and the structured fuzz target (`fuzz/`).

// Each crate that includes this module uses its own part of it.
#![allow(dead_code)]

use crate::common::{money, TIERS};
use fenxiao::batch::rows::{Line as LineRow, Rows as Builder};
use fenxiao::batch::{simulate, Cause, Dataset, Options, TierEvent};
use fenxiao::money::time::Timestamp;
use fenxiao::payout::network::Status;
use fenxiao::RuleSet;
use serde_json::{json, Map, Value};

pub fn fen(v: &Value) -> i64 {
    let text = v.as_str().unwrap();
    let (sign, t) = text.strip_prefix('-').map_or((1, text), |t| (-1, t));
    let (i, f) = t.split_once('.').unwrap();
    sign * (i.parse::<i64>().unwrap() * 100 + f.parse::<i64>().unwrap())
}

pub fn checked(rules: &Value) -> RuleSet {
    let mut map = Map::new();
    map.insert("rules".to_owned(), rules.clone());
    fenxiao::api::split_rules(map).0.unwrap()
}

#[derive(Clone, Debug)]
pub struct MemberRow {
    pub parent: Option<usize>,
    pub tier: Option<usize>,
    pub status: u8,
    /// Seconds after `T0`.
    pub joined: i64,
}

#[derive(Clone, Debug)]
pub struct OrderRow {
    pub at: i64,
    pub buyer: usize,
    pub lines: Vec<(u8, u8, i64, u64, bool)>,
    pub coupon: i64,
}

#[derive(Clone, Debug)]
pub enum RefundRow {
    Units(usize, usize, u64),
    Line(usize, usize, i64),
    Order(usize, i64),
}

pub const STATUS: [&str; 4] = ["active", "pending", "none", "disabled"];
pub const STATUSES: [Status; 4] = [
    Status::Active,
    Status::Pending,
    Status::None,
    Status::Disabled,
];

pub fn line_doc(i: usize, l: &(u8, u8, i64, u64, bool)) -> Value {
    let mut d = json!({"id": format!("l{i}"), "productId": format!("p{}", l.0), "unitPrice": money(l.2 as u64), "quantity": l.3});
    if l.0 == 1 {
        d["skuId"] = json!(format!("s{}", l.1));
    }
    if l.4 {
        d["cost"] = json!(money((l.2 / 3) as u64));
    }
    d
}

pub fn order_doc(k: usize, o: &OrderRow, st: &State) -> Value {
    json!({
        "id": format!("o{k}"),
        "buyer": member_doc(o.buyer, st),
        "lines": o.lines.iter().enumerate().map(|(i, l)| line_doc(i, l)).collect::<Vec<_>>(),
        "discounts": if o.coupon > 0 { json!([{"amount": money(o.coupon as u64)}]) } else { json!([]) },
    })
}

/// The member as the API takes them, at the tier the run gave them by now; `paidTotal`
/// (for eligibility by spend) held to the input bound, which every mark here is far below.
pub fn member_doc(m: usize, st: &State) -> Value {
    let mut d = json!({"id": format!("m{m}"), "status": STATUS[st.members[m].status as usize], "paidTotal": money(st.own[m].clamp(0, 999_999_999_999_999) as u64)});
    if let Some(t) = st.tier[m] {
        d["tier"] = json!(TIERS[t]);
    }
    d
}

pub fn upline(m: usize, st: &State) -> Vec<Value> {
    let mut out = Vec::new();
    let mut p = st.members[m].parent;
    while let Some(q) = p {
        out.push(member_doc(q, st));
        p = st.members[q].parent;
    }
    out
}

pub fn refund_doc(k: usize, r: &RefundRow) -> Value {
    match r {
        RefundRow::Units(_, i, q) => {
            json!({"id": format!("r{k}"), "lineId": format!("l{i}"), "quantity": q})
        }
        RefundRow::Line(_, i, a) => {
            json!({"id": format!("r{k}"), "lineId": format!("l{i}"), "amount": money(*a as u64)})
        }
        RefundRow::Order(_, a) => json!({"id": format!("r{k}"), "amount": money(*a as u64)}),
    }
}

pub fn call(command: &str, doc: &Value) -> Option<Value> {
    let v: Value = serde_json::from_str(&fenxiao::run(command, &doc.to_string()).text).unwrap();
    (v["ok"] == json!(true)).then(|| v["result"].clone())
}

/// What the API answers, summed as the run should.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sums {
    pub member_gross: Vec<i64>,
    pub member_net: Vec<i64>,
    pub level: Vec<(i64, i64)>,
    pub tier: Vec<(i64, i64)>,
    pub paid: (i64, i64),
    pub payout: (i64, i64),
}

/// The order's settlement context, kept for its refunds and for tier facts.
pub struct Settled {
    pub order: Value,
    pub upline: Vec<Value>,
    pub refunds: Vec<Value>,
    /// Level, member, tier at settlement, amount now.
    pub paid_to: Vec<(u64, usize, usize, i64)>,
    pub paid: i64,
}

/// The replay's state: members' tiers as the run had them, own paid totals, settled orders.
pub struct State<'a> {
    pub members: &'a [MemberRow],
    pub orders: &'a [OrderRow],
    pub tier: Vec<Option<usize>>,
    pub own: Vec<i64>,
    pub settled: Vec<Option<Settled>>,
    pub sums: Sums,
}

/// A checked sum: a total beyond `i64` is refused by the run, so the oracle answers `None`.
pub fn ad(x: &mut i64, v: i64) -> Option<()> {
    *x = x.checked_add(v)?;
    Some(())
}

pub const T0: i64 = 1_767_196_800; // 2026-01-01T00:00:00+08:00

pub fn time(t: i64) -> String {
    Timestamp::from_unix(T0 + t).to_string()
}

/// Replays the dataset through the API; `None` when the API refuses an order or a refund.
/// With the run's tier events, each is applied when it happened (an order's after that
/// order), each upgrade is checked against `progress` on the member's facts at that moment,
/// and after each order the members whose facts changed are checked not to qualify higher.
pub fn oracle(
    rules: &Value,
    members: &[MemberRow],
    orders: &[OrderRow],
    refunds: &[(RefundRow, i64)],
    events: &[TierEvent],
    check: Option<bool>,
) -> Option<Sums> {
    let n = members.len();
    let mut st = State {
        members,
        orders,
        tier: members.iter().map(|m| m.tier.or(Some(0))).collect(),
        own: vec![0; n],
        settled: (0..orders.len()).map(|_| None).collect(),
        sums: Sums {
            member_gross: vec![0; n],
            member_net: vec![0; n],
            level: vec![(0, 0); 3],
            tier: vec![(0, 0); 3],
            ..Sums::default()
        },
    };
    let mut seq: Vec<usize> = (0..orders.len()).collect();
    seq.sort_by_key(|&k| (orders[k].at, k));
    let mut rseq: Vec<usize> = (0..refunds.len()).collect();
    rseq.sort_by_key(|&k| (refunds[k].1, k));
    let (mut next_refund, mut next_event) = (0, 0);
    for pos in 0..=seq.len() {
        let until = seq.get(pos).map(|&k| orders[k].at);
        while next_refund < rseq.len() && until.is_none_or(|u| refunds[rseq[next_refund]].1 < u) {
            let r = rseq[next_refund];
            timed_events(rules, &mut st, events, &mut next_event, Some(refunds[r].1));
            apply_refund(rules, r, &refunds[r].0, &mut st)?;
            while let Some(e) = events
                .get(next_event)
                .filter(|e| e.cause == Cause::Refund(r as u32))
            {
                apply_event(rules, &mut st, e);
                next_event += 1;
            }
            next_refund += 1;
        }
        timed_events(rules, &mut st, events, &mut next_event, until);
        let Some(&k) = seq.get(pos) else { break };
        settle(rules, k, &mut st)?;
        while let Some(e) = events
            .get(next_event)
            .filter(|e| e.cause == Cause::Order(k as u32))
        {
            apply_event(rules, &mut st, e);
            next_event += 1;
        }
        if let Some(true) = check {
            no_higher_tier(rules, &st, k);
        }
    }
    assert_eq!(
        next_event,
        events.len(),
        "every tier event was applied in its place"
    );
    Some(st.sums)
}

/// Applies the join and period-end events due by `until` (all with `None`).
pub fn timed_events(
    rules: &Value,
    st: &mut State,
    events: &[TierEvent],
    next: &mut usize,
    until: Option<i64>,
) {
    while let Some(e) = events.get(*next) {
        let due = matches!(e.cause, Cause::Join(_) | Cause::PeriodEnd | Cause::Start)
            && until.is_none_or(|u| e.at.unix() - T0 <= u);
        if !due {
            return;
        }
        apply_event(rules, st, e);
        *next += 1;
    }
}

/// Checks an upgrade against `progress` at its moment, then applies it.
pub fn apply_event(rules: &Value, st: &mut State, e: &TierEvent) {
    let m = e.member as usize;
    assert_eq!(
        st.tier[m],
        Some(e.from as usize),
        "the event starts from the member's tier"
    );
    if e.to > e.from {
        let p = progress(rules, st, m, e.at.unix() - T0);
        assert_eq!(
            p["tier"],
            json!(TIERS[e.to as usize]),
            "upgrade {:?} against {}",
            e,
            p
        );
    }
    st.tier[m] = Some(e.to as usize);
}

/// After order `k`, the members whose facts it changed qualify for no tier above their own.
pub fn no_higher_tier(rules: &Value, st: &State, k: usize) {
    let o = &st.orders[k];
    let mut who = vec![o.buyer];
    let mut p = st.members[o.buyer].parent;
    while let Some(q) = p.filter(|_| who.len() < 4) {
        who.push(q);
        p = st.members[q].parent;
    }
    if let Some(s) = &st.settled[k] {
        who.extend(s.paid_to.iter().map(|x| x.1));
    }
    for m in who {
        let p = progress(rules, st, m, o.at);
        assert_eq!(
            p["tier"],
            json!(TIERS[st.tier[m].unwrap()]),
            "after o{k}, m{m}: {}",
            p
        );
    }
}

/// `progress` for member `m` at `now` on the facts the replay has so far.
pub fn progress(rules: &Value, st: &State, m: usize, now: i64) -> Value {
    let mut own = Vec::new();
    let mut team = Vec::new();
    let mut commissions = Vec::new();
    for (k, s) in st.settled.iter().enumerate() {
        let Some(s) = s else { continue };
        let o = &st.orders[k];
        if o.buyer == m {
            let products: Vec<String> = o.lines.iter().map(|l| format!("p{}", l.0)).collect();
            own.push(json!({"id": format!("o{k}"), "at": time(o.at), "amount": money(s.paid as u64), "products": products}));
        }
        let mut depth = 0;
        let mut p = st.members[o.buyer].parent;
        while let Some(q) = p {
            depth += 1;
            if q == m {
                team.push(json!({"id": format!("o{k}"), "at": time(o.at), "amount": money(s.paid as u64), "depth": depth}));
            }
            p = st.members[q].parent;
        }
        for &(_, who, _, amount) in &s.paid_to {
            if who == m {
                commissions.push(json!({"at": time(o.at), "amount": money(amount as u64)}));
            }
        }
    }
    let recruits: Vec<Value> = (0..st.members.len())
        .filter(|&c| st.members[c].parent == Some(m) && st.members[c].joined <= now)
        .map(|c| json!({"id": format!("m{c}"), "joinedAt": time(st.members[c].joined), "tier": TIERS[st.tier[c].unwrap()]}))
        .collect();
    let doc = json!({
        "rules": rules,
        "member": {"id": format!("m{m}"), "tier": TIERS[st.tier[m].unwrap()]},
        "now": time(now),
        "facts": {"orders": own, "teamOrders": team, "commissions": commissions, "recruits": recruits},
    });
    call("progress", &doc).unwrap_or_else(|| panic!("progress refused {doc}"))
}

pub fn settle(rules: &Value, k: usize, st: &mut State) -> Option<()> {
    let o = &st.orders[k];
    let order = order_doc(k, o, st);
    let up = upline(o.buyer, st);
    let a = call(
        "settle",
        &json!({"rules": rules, "order": order, "upline": up}),
    )?;
    let s = &mut st.sums;
    let paid = fen(&a["amounts"]["paid"]);
    ad(&mut s.paid.0, paid)?;
    ad(&mut s.paid.1, paid)?;
    ad(&mut s.payout.0, fen(&a["total"]))?;
    ad(&mut s.payout.1, fen(&a["total"]))?;
    let mut paid_to = Vec::new();
    for b in a["beneficiaries"].as_array().unwrap() {
        let m: usize = b["memberId"].as_str().unwrap()[1..].parse().unwrap();
        let amount = fen(&b["amount"]);
        let level = b["level"].as_u64().unwrap();
        let t = TIERS
            .iter()
            .position(|t| Some(*t) == b["tier"].as_str())
            .unwrap();
        ad(&mut s.member_gross[m], amount)?;
        ad(&mut s.member_net[m], amount)?;
        ad(&mut s.level[level as usize - 1].0, amount)?;
        ad(&mut s.level[level as usize - 1].1, amount)?;
        ad(&mut s.tier[t].0, amount)?;
        ad(&mut s.tier[t].1, amount)?;
        paid_to.push((level, m, t, amount));
    }
    ad(&mut st.own[o.buyer], paid)?;
    st.settled[k] = Some(Settled {
        order,
        upline: up,
        refunds: Vec::new(),
        paid_to,
        paid,
    });
    Some(())
}

pub fn apply_refund(rules: &Value, r: usize, row: &RefundRow, st: &mut State) -> Option<()> {
    let k = match row {
        RefundRow::Units(k, ..) | RefundRow::Line(k, ..) | RefundRow::Order(k, _) => *k,
    };
    let buyer = st.orders[k].buyer;
    let so = st.settled[k].as_mut()?;
    so.refunds.push(refund_doc(r, row));
    let a = call(
        "refund",
        &json!({"rules": rules, "order": so.order, "upline": so.upline, "refunds": so.refunds}),
    )?;
    let s = &mut st.sums;
    let paid = fen(&a["current"]["amounts"]["paid"]);
    ad(&mut s.paid.1, paid - so.paid)?;
    ad(&mut st.own[buyer], paid - so.paid)?;
    so.paid = paid;
    ad(&mut s.payout.1, fen(&a["total"]["change"]))?;
    for b in a["beneficiaries"].as_array().unwrap() {
        let m: usize = b["memberId"].as_str().unwrap()[1..].parse().unwrap();
        let change = fen(&b["change"]);
        let level = b["level"].as_u64().unwrap();
        let entry = so.paid_to.iter_mut().find(|x| x.0 == level).unwrap();
        entry.3 += change;
        let t = entry.2;
        ad(&mut s.member_net[m], change)?;
        ad(&mut s.level[level as usize - 1].1, change)?;
        ad(&mut s.tier[t].1, change)?;
    }
    Some(())
}

pub fn dataset(
    members: &[MemberRow],
    orders: &[OrderRow],
    refunds: &[(RefundRow, i64)],
) -> Dataset {
    try_dataset(members, orders, refunds).unwrap()
}

/// The dataset, or the checked builder's refusal (a line past what can be computed exactly
/// is refused as the data is read, where the API refuses it when the order is settled).
pub fn try_dataset(
    members: &[MemberRow],
    orders: &[OrderRow],
    refunds: &[(RefundRow, i64)],
) -> Result<Dataset, fenxiao::Errors> {
    let mut b = Builder::default();
    for (i, m) in members.iter().enumerate() {
        let parent = m.parent.map(|p| format!("m{p}"));
        b.member(
            &format!("m{i}"),
            parent.as_deref(),
            m.tier.map(|t| TIERS[t]),
            STATUSES[m.status as usize],
            Timestamp::from_unix(T0 + m.joined),
        );
    }
    b.product("p0", "P0")
        .product("p1", "P1")
        .sku("s0", 100, None)
        .sku("s1", 100, None)
        .product("p2", "P2");
    for (k, o) in orders.iter().enumerate() {
        let lines = o
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| LineRow {
                id: format!("l{i}"),
                product: format!("p{}", l.0),
                sku: (l.0 == 1).then(|| format!("s{}", l.1)),
                unit_price: l.2,
                quantity: l.3,
                cost: l.4.then_some(l.2 / 3),
            })
            .collect();
        b.order(
            &format!("o{k}"),
            Timestamp::from_unix(T0 + o.at),
            &format!("m{}", o.buyer),
            o.coupon,
            0,
            lines,
        );
    }
    for (r, (row, at)) in refunds.iter().enumerate() {
        let (k, line, q, a) = match row {
            RefundRow::Units(k, i, q) => (*k, Some(format!("l{i}")), *q, None),
            RefundRow::Line(k, i, a) => (*k, Some(format!("l{i}")), 0, Some(*a)),
            RefundRow::Order(k, a) => (*k, None, 0, Some(*a)),
        };
        b.refund(
            &format!("r{r}"),
            &format!("o{k}"),
            line.as_deref(),
            q,
            a,
            Timestamp::from_unix(T0 + *at),
        );
    }
    b.build()
}

/// Fits the random rows to one another: buyers exist, discounts within the order, refunds
/// on existing orders and lines, dated at or after the order's time.
pub fn fit(
    members: &[MemberRow],
    orders: Vec<OrderRow>,
    raw: Vec<(usize, u8, usize, u64, i64, i64)>,
) -> (Vec<OrderRow>, Vec<(RefundRow, i64)>) {
    fit_after(members, orders, raw, 1)
}

/// [`fit`], refunds `stretch` times later after their orders (days apart, for windows).
pub fn fit_after(
    members: &[MemberRow],
    mut orders: Vec<OrderRow>,
    raw: Vec<(usize, u8, usize, u64, i64, i64)>,
    stretch: i64,
) -> (Vec<OrderRow>, Vec<(RefundRow, i64)>) {
    for o in &mut orders {
        o.buyer %= members.len();
        let gross: i128 = o
            .lines
            .iter()
            .map(|l| i128::from(l.2) * i128::from(l.3))
            .sum();
        o.coupon = o.coupon.min(i64::try_from(gross).unwrap_or(i64::MAX));
    }
    let refunds = raw
        .into_iter()
        .map(|(k, kind, i, q, a, later)| {
            let k = k % orders.len();
            let i = i % orders[k].lines.len();
            let row = match kind {
                0 => RefundRow::Units(k, i, q),
                1 => RefundRow::Line(k, i, a),
                _ => RefundRow::Order(k, a),
            };
            (row, orders[k].at + later * stretch)
        })
        .collect();
    (orders.clone(), keep_valid(&orders, refunds))
}

/// Drops the refunds the API refuses (more units or money than the order has left), so that
/// most random datasets are valid; the refused ones are covered by the oracle's `None`.
pub fn keep_valid(orders: &[OrderRow], refunds: Vec<(RefundRow, i64)>) -> Vec<(RefundRow, i64)> {
    let rules = json!({"schemaVersion": 1, "levels": [{"rate": "0.1"}]});
    let one = [MemberRow {
        parent: None,
        tier: None,
        status: 0,
        joined: 0,
    }];
    let mut kept: Vec<(RefundRow, i64)> = Vec::new();
    let mut seq: Vec<usize> = (0..refunds.len()).collect();
    seq.sort_by_key(|&r| (refunds[r].1, r));
    let mut keep = vec![false; refunds.len()];
    for &r in &seq {
        let k = match refunds[r].0 {
            RefundRow::Units(k, ..) | RefundRow::Line(k, ..) | RefundRow::Order(k, _) => k,
        };
        let mut o = orders[k].clone();
        o.buyer = 0;
        let mut docs: Vec<Value> = seq.iter().filter(|&&q| keep[q]).filter(|&&q| matches!(refunds[q].0, RefundRow::Units(j, ..) | RefundRow::Line(j, ..) | RefundRow::Order(j, _) if j == k)).map(|&q| refund_doc(q, &refunds[q].0)).collect();
        docs.push(refund_doc(r, &refunds[r].0));
        keep[r] = call(
            "refund",
            &json!({"rules": rules, "order": order_doc(k, &o, &State { members: &one, orders, tier: vec![None], own: vec![0], settled: Vec::new(), sums: Sums::default() }), "refunds": docs}),
        )
        .is_some();
    }
    for (r, row) in refunds.into_iter().enumerate() {
        if keep[r] {
            kept.push(row);
        }
    }
    kept
}

/// Spreads random figures over magnitudes: each price and quantity shifted right by a
/// random number of bits, so that some orders overflow and most do not.
pub fn spread(mut orders: Vec<OrderRow>) -> Vec<OrderRow> {
    for o in &mut orders {
        for l in &mut o.lines {
            l.2 >>= l.2 % 50;
            l.3 = (l.3 >> (l.3 % 21)).max(1);
        }
        o.coupon >>= o.coupon % 60;
    }
    orders
}

pub fn run_sums(rules: &RuleSet, data: &Dataset) -> Option<Sums> {
    run_and_events(rules, data).map(|(s, _)| s)
}

/// The run's sums and its tier events.
pub fn run_and_events(rules: &RuleSet, data: &Dataset) -> Option<(Sums, Vec<TierEvent>)> {
    let run = simulate(rules, data, &Options::default()).ok()?;
    let s = &run.summary;
    let pair = |g: &fenxiao::Money, n: &fenxiao::Money| (g.fen(), n.fen());
    let mut level: Vec<(i64, i64)> = s.levels.iter().map(|l| pair(&l.gross, &l.net)).collect();
    level.resize(3, (0, 0));
    Some(Sums {
        member_gross: run.member_gross.clone(),
        member_net: run.member_net.clone(),
        level,
        tier: s.tiers.iter().map(|t| pair(&t.gross, &t.net)).collect(),
        paid: pair(&s.paid_sales.gross, &s.paid_sales.net),
        payout: pair(&s.payout.gross, &s.payout.net),
    })
    .map(|sums| (sums, run.tier_events.clone()))
}
