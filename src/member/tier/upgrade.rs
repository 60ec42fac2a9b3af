//! Upgrade: which tier a member qualifies for. A member may skip tiers; a tier that needs
//! manual approval is only ever *awaiting approval*, never reached by the engine alone; and
//! upgrade evaluation never lowers a tier (losing one is retention's business).

use super::evaluate::{evaluate, ConditionProgress};
use super::ledger::Ledger;
use crate::error::Error;
use crate::rules::{Approval, RuleSet};

/// Where the upgrade conditions leave a member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Standing {
    /// The tier index the member holds from their next order: the highest automatic tier
    /// above the current one whose condition is met, else the current one.
    pub tier: usize,
    /// Tier indexes above the current one whose condition is met, lowest first.
    pub reached: Vec<usize>,
    /// The highest manual tier above `tier` whose condition is met.
    pub awaiting: Option<usize>,
    /// Each tier's upgrade progress, by tier index; `None` at and below the current tier.
    pub progress: Vec<Option<ConditionProgress>>,
}

/// Evaluates every tier above `current` on `ledger`.
pub(crate) fn qualify(rules: &RuleSet, current: usize, ledger: &Ledger) -> Result<Standing, Error> {
    let mut progress = Vec::with_capacity(rules.tiers.len());
    let mut tier = current;
    let mut reached = Vec::new();
    let mut highest_manual = None;
    for (i, t) in rules.tiers.iter().enumerate() {
        let p = match (&t.upgrade, i > current) {
            (Some(c), true) => Some(evaluate(c, ledger, None)?),
            _ => None,
        };
        if p.as_ref().is_some_and(ConditionProgress::met) {
            reached.push(i);
            match t.approval {
                Approval::Automatic => tier = i,
                Approval::Manual => highest_manual = Some(i),
            }
        }
        progress.push(p);
    }
    let awaiting = highest_manual.filter(|m| *m > tier);
    Ok(Standing {
        tier,
        reached,
        awaiting,
        progress,
    })
}
