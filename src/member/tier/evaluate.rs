//! Condition evaluation: each measured fact against its mark, and all/any groups over them.
//! The answer keeps the whole tree, because a "my tier" page shows every condition's
//! progress ("¥300 more team sales, or 2 more direct recruits"), not only the verdict.

use super::ledger::Ledger;
use super::window::Span;
use crate::error::Error;
use crate::io::emit::Emit;
use crate::money::{Money, Ratio};
use crate::rules::{Condition, ConditionKind, Metric, Window};
use schemars::JsonSchema;

/// The progress of one condition: a group of conditions, or one measured fact.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ConditionProgress {
    /// Met when every condition in it is met.
    All {
        /// Where the group is written in the rule set.
        path: String,
        /// Whether every condition is met.
        met: bool,
        /// Each condition's progress, in the rule set's order.
        conditions: Vec<ConditionProgress>,
    },
    /// Met when at least one condition in it is met.
    Any {
        /// Where the group is written in the rule set.
        path: String,
        /// Whether at least one condition is met.
        met: bool,
        /// Each condition's progress, in the rule set's order.
        conditions: Vec<ConditionProgress>,
    },
    /// One fact measured over a window.
    Measure(Measured),
}

impl ConditionProgress {
    /// Whether the condition is met.
    pub fn met(&self) -> bool {
        match self {
            Self::All { met, .. } | Self::Any { met, .. } => *met,
            Self::Measure(m) => m.met,
        }
    }
}

impl crate::io::emit::Emit for ConditionProgress {
    fn emit(&self, w: &mut crate::io::emit::Writer) {
        w.open('{');
        match self {
            Self::All {
                path,
                met,
                conditions,
            }
            | Self::Any {
                path,
                met,
                conditions,
            } => {
                w.field(
                    "type",
                    &if matches!(self, Self::All { .. }) {
                        "all"
                    } else {
                        "any"
                    },
                );
                w.field("path", path);
                w.field("met", met);
                w.field("conditions", conditions);
            }
            Self::Measure(m) => {
                w.field("type", &"measure");
                crate::io::emit::Fields::fields(m, w);
            }
        }
        w.close('}');
    }
}

/// One measured fact against its mark.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct Measured {
    /// Where the condition is written in the rule set, e.g. `rules.tiers[1].upgrade.of[0]`.
    pub path: String,
    /// What is measured.
    pub metric: MetricName,
    /// The days that were counted.
    pub window: Span,
    /// The figure reached: money for totals, an integer for counts (`boughtProduct`: 1 or 0).
    pub current: Figure,
    /// The mark (`boughtProduct`: 1).
    pub target: Figure,
    /// `target − current`, not below zero.
    pub remaining: Figure,
    /// `current / target`, rounded down to four decimals, at most `1.0000`.
    pub fraction: Ratio,
    /// `current ≥ target`.
    pub met: bool,
}

/// The measured facts, named as in the rule set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum MetricName {
    /// Commission earned.
    CommissionEarned,
    /// The member's own paid orders.
    OwnPaidTotal,
    /// The team's paid orders.
    TeamPaidTotal,
    /// Bought one of the listed products.
    BoughtProduct,
    /// Direct recruits.
    DirectRecruits,
    /// Direct recruits at or above a tier.
    RecruitsAtTier,
}

/// A figure: money for totals, a whole number for counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(untagged)]
pub enum Figure {
    /// An amount, `"12.80"`.
    Money(Money),
    /// A count.
    Count(u64),
}

impl crate::io::emit::Emit for Figure {
    fn emit(&self, w: &mut crate::io::emit::Writer) {
        match self {
            Self::Money(m) => m.emit(w),
            Self::Count(n) => n.emit(w),
        }
    }
}

/// Evaluates `condition` on `ledger`. With `window`, every window in the tree is replaced by
/// it (retention measures the period, whatever the conditions say).
pub(crate) fn evaluate(
    condition: &Condition,
    ledger: &Ledger,
    window: Option<Window>,
) -> Result<ConditionProgress, Error> {
    let path = condition.path.clone();
    Ok(match &condition.kind {
        ConditionKind::All(children) => {
            let conditions = children
                .iter()
                .map(|c| evaluate(c, ledger, window))
                .collect::<Result<Vec<_>, _>>()?;
            ConditionProgress::All {
                path,
                met: conditions.iter().all(ConditionProgress::met),
                conditions,
            }
        }
        ConditionKind::Any(children) => {
            let conditions = children
                .iter()
                .map(|c| evaluate(c, ledger, window))
                .collect::<Result<Vec<_>, _>>()?;
            ConditionProgress::Any {
                path,
                met: conditions.iter().any(ConditionProgress::met),
                conditions,
            }
        }
        ConditionKind::Measure {
            metric,
            window: own,
        } => {
            let span = Span::of(window.unwrap_or(*own), ledger.today);
            ConditionProgress::Measure(measure(path, metric, span, ledger)?)
        }
    })
}

fn measure(path: String, metric: &Metric, span: Span, ledger: &Ledger) -> Result<Measured, Error> {
    let (name, current, target) = match metric {
        Metric::CommissionEarned(mark) => (
            MetricName::CommissionEarned,
            Figure::Money(ledger.commission_total(&span)?),
            Figure::Money(*mark),
        ),
        Metric::OwnPaidTotal(mark) => (
            MetricName::OwnPaidTotal,
            Figure::Money(ledger.own_total(&span)?),
            Figure::Money(*mark),
        ),
        Metric::TeamPaidTotal {
            at_least,
            depth,
            include_self,
        } => (
            MetricName::TeamPaidTotal,
            Figure::Money(ledger.team_total(&span, *depth, *include_self)?),
            Figure::Money(*at_least),
        ),
        Metric::BoughtProduct(products) => (
            MetricName::BoughtProduct,
            Figure::Count(u64::from(ledger.bought_any(products, &span))),
            Figure::Count(1),
        ),
        Metric::DirectRecruits(n) => (
            MetricName::DirectRecruits,
            Figure::Count(ledger.recruits_from(0, &span)),
            Figure::Count(u64::from(*n)),
        ),
        Metric::RecruitsAtTier { tier, at_least } => (
            MetricName::RecruitsAtTier,
            Figure::Count(ledger.recruits_from(*tier, &span)),
            Figure::Count(u64::from(*at_least)),
        ),
    };
    let (cur, tgt) = (value(current), value(target));
    let left = tgt.saturating_sub(cur).max(0);
    let remaining = match target {
        Figure::Money(_) => Figure::Money(Money::from_fen(i64::try_from(left).unwrap_or(i64::MAX))),
        Figure::Count(_) => Figure::Count(u64::try_from(left).unwrap_or(u64::MAX)),
    };
    Ok(Measured {
        path,
        metric: name,
        window: span,
        current,
        target,
        remaining,
        fraction: Ratio::of(cur, tgt),
        met: cur >= tgt,
    })
}

/// A figure as a number of fen or units, for comparison.
fn value(f: Figure) -> i128 {
    match f {
        Figure::Money(m) => i128::from(m.fen()),
        Figure::Count(n) => i128::from(n),
    }
}
