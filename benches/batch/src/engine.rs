//! Where the engine's batch path plugs into the table. Each function prepares a run from
//! the rule set's JSON and the workload's columns outside the timed region (checking the
//! rule set, and turning the columns into the engine's `Dataset`: ids interned, every row
//! checked by the one builder) and answers the timed part: a run of `fenxiao::batch` to
//! every member's total in fen (row order).

use crate::workload::{Columns, NONE};
use fenxiao::batch::rows::{Line, Rows};
use fenxiao::batch::{self, Dataset, Options};
use fenxiao::money::time::Timestamp;
use fenxiao::payout::network::Status;
use fenxiao::{api, RuleSet};

/// The timed part of a run: every member's total out.
pub type Runner = Box<dyn Fn() -> Vec<i64>>;

/// The engine's batch path with the members' tiers fixed (`plan::RULES`).
pub fn native(rules: &str, c: &Columns) -> Option<Runner> {
    runner(rules, c)
}

/// The engine's batch path with tiers evolving as orders are paid (`plan::RULES_EVOLVING`,
/// orders paid at `Columns::paid_at_ms`).
pub fn native_evolving(rules: &str, c: &Columns) -> Option<Runner> {
    runner(rules, c)
}

fn runner(rules: &str, c: &Columns) -> Option<Runner> {
    let rules = checked(rules)?;
    let data = dataset(c)?;
    Some(Box::new(move || {
        batch::simulate(&rules, &data, &Options::default())
            .map(|run| run.member_net)
            .unwrap_or_default()
    }))
}

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
