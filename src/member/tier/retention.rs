//! Retention: whether the member would keep their current tier if its period ended now.
//! The rule is checked at the period's end; until then the answer is a forecast from the
//! period to date, which is what a "keep gold: ¥300 more this month" line needs.

use super::evaluate::{evaluate, ConditionProgress};
use super::ledger::Ledger;
use super::window::{of_period, period_bounds};
use crate::error::{Error, ErrorCode, Path};
use crate::io::emit::Emit;
use crate::money::time::{LocalDate, Timestamp};
use crate::rules::{Period, RuleSet};
use schemars::JsonSchema;

/// The retention check of the member's current tier, as if its period ended now.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct RetentionProgress {
    /// The tier whose retention rule this is: the member's current tier.
    pub tier: String,
    /// The period the rule is checked over.
    pub period: Period,
    /// The first day of the period containing `now`, in the rule set's offset.
    pub period_start: LocalDate,
    /// When the period ends and the rule is checked: the next period's first day at 00:00 in
    /// the rule set's offset, written in UTC.
    pub check_at: Timestamp,
    /// Whether the condition holds over the period to date.
    pub met: bool,
    /// What would happen if the period ended now.
    pub outcome: Outcome,
    /// The tier the member would drop to: the one just below.
    pub downgrade_to: String,
    /// The condition's progress; every window in it is the period to date.
    pub condition: ConditionProgress,
}

/// The result of a retention check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// The member keeps the tier for the next period.
    Keep,
    /// The member drops one tier.
    Downgrade,
}

/// The retention check of tier `current`, when it has a rule.
pub(crate) fn check(
    rules: &RuleSet,
    current: usize,
    ledger: &Ledger,
) -> Result<Option<RetentionProgress>, Error> {
    let Some(tier) = rules.tiers.get(current) else {
        return Ok(None);
    };
    let Some(rule) = &tier.retention else {
        return Ok(None);
    };
    // The first tier cannot have a rule, so there is always a tier below.
    let Some(below) = current.checked_sub(1).and_then(|i| rules.tiers.get(i)) else {
        return Ok(None);
    };
    let condition = evaluate(&rule.condition, ledger, Some(of_period(rule.period)))?;
    let (start, next) = period_bounds(rule.period, ledger.today);
    let met = condition.met();
    // `checkAt` is written: it must be a time the engine reads back.
    let check_at = next.checked_start_at(rules.offset).ok_or_else(|| {
        Error::new(
            ErrorCode::OutOfRange,
            Path::root().field("now"),
            "the next retention check would fall after 9999-12-31T23:59:59Z",
        )
    })?;
    Ok(Some(RetentionProgress {
        tier: tier.id.clone(),
        period: rule.period,
        period_start: start,
        check_at,
        met,
        outcome: if met {
            Outcome::Keep
        } else {
            Outcome::Downgrade
        },
        downgrade_to: below.id.clone(),
        condition,
    }))
}
