//! The workload's columns as the engine's rule set and dataset: the same as
//! `fenxiao_bench_batch::engine` (which that crate builds natively only).

use fenxiao::batch::rows::{Line, Rows};
use fenxiao::batch::Dataset;
use fenxiao::money::time::Timestamp;
use fenxiao::payout::network::Status;
use fenxiao::{api, RuleSet};
use fenxiao_bench_batch::{Columns, NONE};

/// The rule set of a bare rule-set document, checked.
pub fn checked(rules: &str) -> Option<RuleSet> {
    let doc = format!("{{\"rules\":{rules}}}");
    let map = api::parse_document(&doc).ok()?;
    api::split_rules(map).0.ok()
}

/// The workload as the engine's dataset: member `i` is `m{i}` at tier `t{tier}`, one product
/// without SKUs, order `o` is `o{o}` with its coupon as the order's discount.
pub fn dataset(c: &Columns) -> Option<Dataset> {
    let joined = Timestamp::from_unix(0);
    let mut rows = Rows::default();
    rows.product("p", "reference");
    for (i, (&parent, &tier)) in c.parent.iter().zip(&c.tier).enumerate() {
        let parent = (parent != NONE).then(|| format!("m{parent}"));
        let tier = format!("t{tier}");
        rows.member(
            &format!("m{i}"),
            parent.as_deref(),
            Some(&tier),
            Status::Active,
            joined,
        );
    }
    let orders = c.buyer.len();
    for o in 0..orders {
        let start = *c.line_start.get(o)? as usize;
        let end = c
            .line_start
            .get(o + 1)
            .map_or(c.unit_price.len(), |&e| e as usize);
        let lines = (start..end)
            .map(|l| Line {
                id: format!("l{}", l - start),
                product: "p".to_owned(),
                sku: None,
                unit_price: c.unit_price[l],
                quantity: c.quantity[l],
                cost: None,
            })
            .collect();
        let paid = Timestamp::from_unix_millis(*c.paid_at_ms.get(o)?);
        let buyer = format!("m{}", c.buyer[o]);
        rows.order(&format!("o{o}"), paid, &buyer, c.discount[o], 0, lines);
    }
    rows.build().ok()
}
