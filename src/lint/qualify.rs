//! Pay-to-qualify: a rule that makes a member pay or buy before they may distribute, which
//! WeChat names as a violation and which is the mark of a pyramid scheme. Eligibility by a
//! spend mark is one; eligibility by tiers that can only be reached by buying is the same.

use crate::error::Path;
use crate::rules::{Condition, ConditionKind, Eligible, Metric, RuleSet};

/// Whether becoming a distributor takes spending or buying: a spend mark above zero, or
/// eligibility by tier where the starting tier is not eligible and every eligible tier's
/// own upgrade condition cannot hold without the member's own purchases. Answers the path,
/// the reason in words and the figure.
pub(crate) fn pay_to_qualify(
    rules: &RuleSet,
    rules_path: &Path,
) -> Option<(Path, String, Option<String>)> {
    let ep = rules_path.field("eligibility");
    match &rules.eligibility.who {
        Eligible::Everyone => None,
        Eligible::Spend(mark) if mark.is_zero() => None,
        Eligible::Spend(mark) => Some((
            ep.field("minSpend"),
            format!(
                "members become distributors only once their lifetime paid total reaches ¥{mark}"
            ),
            Some(mark.to_string()),
        )),
        Eligible::Tiers(allowed) => {
            if allowed.first().copied().unwrap_or(false) {
                return None;
            }
            let mut gated = Vec::new();
            for (k, (tier, ok)) in rules.tiers.iter().zip(allowed).enumerate() {
                if !ok {
                    continue;
                }
                match &tier.upgrade {
                    Some(c) if needs_purchase(c) => {
                        gated.push(format!("`{}` (rules.tiers[{k}].upgrade)", tier.id))
                    }
                    _ => return None,
                }
            }
            if gated.is_empty() {
                return None;
            }
            Some((ep.field("tiers"), format!("only members of tiers {} may distribute, and reaching each of them takes the member's own purchases", gated.join(", ")), None))
        }
    }
}

/// Whether a condition cannot hold without the member's own purchases: an own paid total
/// above zero or buying a product, required by every way the tree can be met.
fn needs_purchase(c: &Condition) -> bool {
    match &c.kind {
        ConditionKind::All(list) => list.iter().any(needs_purchase),
        ConditionKind::Any(list) => !list.is_empty() && list.iter().all(needs_purchase),
        ConditionKind::Measure { metric, .. } => match metric {
            Metric::OwnPaidTotal(m) => !m.is_zero(),
            Metric::BoughtProduct(_) => true,
            _ => false,
        },
    }
}
