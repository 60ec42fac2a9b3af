//! Where the engine's batch path plugs into the table. Each function prepares a run from
//! the rule set's JSON and the workload's columns outside the timed region (checking the
//! rule set, and turning the columns into the engine's `Dataset` through
//! `Dataset::from_columns`: every value checked, ids implicit) and answers the timed part: a
//! run of `fenxiao::batch` to every member's total in fen (row order).

use crate::workload::Columns;
use fenxiao::batch::columns;
use fenxiao::batch::{self, Dataset, Options};
use fenxiao::{api, RuleSet};

/// The timed part of a run: every member's total out.
pub type Runner = Box<dyn Fn() -> Vec<i64>>;

/// The engine's batch path with the members' tiers fixed (`plan::RULES`). The columns
/// become the dataset's own (moved, not copied).
pub fn native(rules: &str, c: Columns) -> Option<Runner> {
    runner(rules, c)
}

/// The engine's batch path with tiers evolving as orders are paid (`plan::RULES_EVOLVING`,
/// orders paid at `Columns::paid_at_ms`).
pub fn native_evolving(rules: &str, c: Columns) -> Option<Runner> {
    runner(rules, c)
}

fn runner(rules: &str, c: Columns) -> Option<Runner> {
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

/// The workload as the engine's dataset: member `i` at tier `t{tier}`, all active and
/// joined at the epoch; one product without SKUs (one SKU row, price 0: the lines carry
/// their own prices); each order's coupon as its discount.
pub fn dataset(c: Columns) -> Option<Dataset> {
    let lines = c.unit_price.len();
    Dataset::from_columns(columns::Columns {
        parent: c.parent,
        tier: c.tier,
        tier_names: (0..4).map(|t| format!("t{t}")).collect(),
        product_names: vec!["reference".to_owned()],
        sku_product: vec![0],
        sku_price: vec![0],
        buyer: c.buyer,
        paid_at_ms: c.paid_at_ms,
        line_start: c.line_start,
        discount: c.discount,
        line_sku: vec![0; lines],
        unit_price: c.unit_price,
        quantity: c.quantity,
        ..columns::Columns::default()
    })
    .ok()
}
