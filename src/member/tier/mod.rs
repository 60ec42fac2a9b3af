//! Tier progress (等级进度): the "my tier" page and the server's upgrade check are the same
//! function of the same facts. Given a member's current tier, their dated facts and `now`,
//! the engine applies the windows itself, so a caller cannot count a different month than
//! the one the server counts. `docs/SEMANTICS.md` states the rules precisely.
//!
//! The pieces: [`facts`] checks the input, [`ledger`] arranges the facts that exist at
//! `now` by local date, [`window`] turns windows into days, [`evaluate`] measures condition
//! trees, [`upgrade`] picks the qualified tier and [`retention`] forecasts the period check.

pub mod evaluate;
pub mod facts;
mod ledger;
pub mod retention;
mod upgrade;
pub mod window;

use crate::error::{ErrorCode, Errors, Path};
use crate::io::{decode::Decode, emit::Emit};
use crate::limits;
use crate::money::time::{LocalDate, TimeText, Timestamp};
use crate::money::{Money, MoneyText};
use crate::rules::{Approval, RuleSet};
use evaluate::ConditionProgress;
use facts::{Facts, FactsDoc};
use ledger::{Extra, Ledger};
use retention::RetentionProgress;
use schemars::JsonSchema;

/// Arguments of `progress` (besides `rules`, which must define tiers).
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgressArgs {
    /// The member and the tier they hold now.
    pub member: ProgressMemberDoc,
    /// The moment of evaluation, RFC 3339 with an offset. "Today", "this month" and "this
    /// quarter" are its date in the rule set's offset; facts dated after it are ignored.
    pub now: TimeText,
    /// What the member has done. Facts dated after `now` are ignored.
    #[serde(default)]
    pub facts: FactsDoc,
    /// A hypothetical own paid order at `now`: would it upgrade the member?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate_order: Option<CandidateOrderDoc>,
}

/// The member whose progress is asked for.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgressMemberDoc {
    /// Member id, echoed.
    pub id: String,
    /// The tier they hold now; absent means the rule set's first tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

/// An own paid order the member might place at `now`.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CandidateOrderDoc {
    /// The amount it would pay.
    pub amount: MoneyText,
    /// Ids of the products in it, for `boughtProduct` conditions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub products: Vec<String>,
}

/// The answer of `progress`.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// The member's id, echoed.
    pub member_id: String,
    /// `now`, in UTC.
    pub now: Timestamp,
    /// The date of `now` in the rule set's offset: the last day of every window.
    pub today: LocalDate,
    /// The tier the member holds now, as given.
    pub current_tier: String,
    /// The tier the member qualifies for: the highest automatic tier above the current one
    /// whose upgrade condition is met, else the current tier. Never lower than the current.
    pub tier: String,
    /// True when `tier` is above `currentTier`.
    pub upgraded: bool,
    /// With an upgrade: when it applies. Always `nextOrder`: the order that completed the
    /// condition was placed at the old tier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<Effective>,
    /// Tiers above the current one whose upgrade condition is met, lowest first (automatic
    /// and manual alike).
    pub reached: Vec<String>,
    /// The highest tier above `tier` that needs manual approval and whose condition is met:
    /// the member waits for an administrator to approve it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub awaiting_approval: Option<String>,
    /// The first tier above `tier` and the progress of its condition; absent at the top.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_tier: Option<NextTier>,
    /// With `candidateOrder`: where that order would leave the member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidate: Option<CandidateOutcome>,
    /// When the current tier has a retention rule: its outcome if the period ended now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention: Option<RetentionProgress>,
}

/// When an upgrade applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub enum Effective {
    /// From the member's next order on; orders already placed keep the old tier.
    NextOrder,
}

/// The tier to reach next.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct NextTier {
    /// Its id.
    pub tier: String,
    /// Whether reaching it needs an administrator's approval.
    pub approval: Approval,
    /// Whether its condition is met already (only possible for a manual tier awaiting approval;
    /// never for an assigned tier).
    pub met: bool,
    /// True when the tier has no upgrade condition: the merchant assigns it (指定), so there is
    /// no progress towards it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub assigned: bool,
    /// Its upgrade condition's progress; absent for an assigned tier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<ConditionProgress>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Where a candidate order would leave the member.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct CandidateOutcome {
    /// The order's amount, echoed.
    pub amount: Money,
    /// The tier the member would qualify for with the order counted.
    pub tier: String,
    /// True when that tier is above `tier` without the order: this order makes the difference.
    pub upgrades: bool,
    /// The manual tier that would await approval with the order counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub awaiting_approval: Option<String>,
}

/// Computes a member's tier progress, in steps: the arguments are checked (every problem
/// reported), the member's standing is measured on the facts that exist at `now`, then again
/// with the candidate order counted, and the current tier's retention is forecast.
pub fn progress(rules: &RuleSet, args: ProgressArgs) -> Result<Progress, Errors> {
    let mut errs = Errors::new();
    let root = Path::root();
    if rules.tiers.is_empty() {
        errs.add(
            ErrorCode::MissingField,
            root.field("rules").field("tiers"),
            "`progress` needs a rule set that defines tiers",
        );
    }
    let current = current_tier(rules, &args.member, &root.field("member"), &mut errs);
    let now = errs.take(args.now.check(&root.field("now")));
    let facts = errs.take_all(Facts::check(&args.facts, rules, &root.field("facts")));
    let cp = root.field("candidateOrder");
    let candidate = args.candidate_order.as_ref().map(|c| {
        let ap = cp.field("amount");
        let amount = errs.take(c.amount.check(&ap));
        let products = facts::product_ids(&c.products, &cp.field("products"), &mut errs);
        (amount, products, ap)
    });
    let (Some(current), Some(now), Some(facts), true) = (current, now, facts, errs.is_empty())
    else {
        return Err(errs);
    };
    debug_assert!(
        current < rules.tiers.len(),
        "the current tier is one of the rule set's"
    );
    let tier_id = |i: usize| rules.tier_id(Some(i)).unwrap_or_default().to_owned();

    let ledger = Ledger::build(&facts, None, now, rules.offset, rules.tiers.len())?;
    let standing = upgrade::qualify(rules, current, &ledger)?;
    debug_assert!(standing.tier >= current, "progress never lowers a tier");
    let next_tier = next_tier(rules, standing.tier, &standing.progress);
    let candidate = match candidate {
        Some((Some(amount), products, source)) => {
            let extra = Extra {
                amount,
                products: &products,
                source,
            };
            let with = Ledger::build(&facts, Some(&extra), now, rules.offset, rules.tiers.len())?;
            let s = upgrade::qualify(rules, current, &with)?;
            Some(CandidateOutcome {
                amount,
                tier: tier_id(s.tier),
                upgrades: s.tier > standing.tier,
                awaiting_approval: s.awaiting.map(tier_id),
            })
        }
        _ => None,
    };
    let retention = retention::check(rules, current, &ledger)?;
    let upgraded = standing.tier > current;
    Ok(Progress {
        member_id: args.member.id.clone(),
        now,
        today: ledger.today,
        current_tier: tier_id(current),
        tier: tier_id(standing.tier),
        upgraded,
        effective: upgraded.then_some(Effective::NextOrder),
        reached: standing.reached.iter().map(|i| tier_id(*i)).collect(),
        awaiting_approval: standing.awaiting.map(tier_id),
        next_tier,
        candidate,
        retention,
    })
}

/// The member's id, and the index of the tier they hold (absent means the first). Under a
/// rule set without tiers an unknown tier is not reported again: that is reported once, as
/// the rule set's own problem.
fn current_tier(
    rules: &RuleSet,
    member: &ProgressMemberDoc,
    mp: &Path,
    errs: &mut Errors,
) -> Option<usize> {
    errs.take(limits::check_id(&member.id, &mp.field("id")));
    let Some(t) = &member.tier else {
        return Some(0);
    };
    let found = rules.tier_index(t);
    if found.is_none() && !rules.tiers.is_empty() {
        errs.add(
            ErrorCode::UnknownReference,
            mp.field("tier"),
            format!(
                "`{}` is not a tier of this rule set",
                t.chars().take(40).collect::<String>()
            ),
        );
    }
    found
}

/// The tier just above `tier` with its progress, if there is one.
fn next_tier(
    rules: &RuleSet,
    tier: usize,
    progress: &[Option<ConditionProgress>],
) -> Option<NextTier> {
    let i = tier.checked_add(1)?;
    let t = rules.tiers.get(i)?;
    let condition = progress.get(i)?.clone();
    debug_assert!(
        condition.is_some() == t.upgrade.is_some(),
        "a tier above the current one has progress exactly when it has a condition"
    );
    Some(NextTier {
        tier: t.id.clone(),
        approval: t.approval,
        met: condition.as_ref().is_some_and(ConditionProgress::met),
        assigned: t.upgrade.is_none(),
        condition,
    })
}
