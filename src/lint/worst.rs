//! The worst case of each plan (the global levels, each product's and each SKU's own
//! levels): how deep it pays, the sum of its rates against the paid amount, and its fixed
//! amounts per unit. Everything is exact: rates are decimals, amounts whole fen, and shares
//! that do not divide evenly are rounded up, so a figure is never below the truth.

use super::catalogue::ListPrice;
use super::report::WorstCase;
use crate::error::{Error, Path};
use crate::money::{Money, Rate};
use crate::rules::{Level, Plan, RuleSet};
use rust_decimal::Decimal;

/// One plan's worst case.
pub(crate) struct PlanFigures<'a> {
    /// Where the plan's `levels` are written, e.g. `rules.products[3].skus[0].levels`.
    pub path: Path,
    /// The plan itself, to recognise which plan a catalogue item falls under.
    pub plan: &'a Plan,
    /// The deepest level (1-based) that can pay anything; 0 when none can.
    pub depth: usize,
    /// Each level's highest rate: its rate, or its highest tier rate; zero for fixed levels.
    pub rates: Vec<LevelRate>,
    /// The sum of `rates`: the most the plan takes of a line's paid amount, fixed aside.
    pub rate_sum: Rate,
    /// The sum of its fixed amounts per unit.
    pub fixed_sum: Money,
}

/// A level's highest rate, and the tier that earns it for per-tier rates.
pub(crate) struct LevelRate {
    /// The rate.
    pub rate: Rate,
    /// For per-tier rates, the id of the first tier with the highest rate.
    pub tier: Option<String>,
}

/// The figures of every plan the rule set can apply, global first, then products and
/// their SKUs in the order the rule set lists them.
pub(crate) fn plans(rules: &RuleSet) -> Result<Vec<PlanFigures<'_>>, Error> {
    rules
        .all_plans()
        .into_iter()
        .map(|(path, plan)| figures(rules, Path::from_written(&path), plan))
        .collect()
}

/// The first plan with the largest `key`, so ties go to the global levels, then to the
/// rule set's order.
pub(crate) fn first_max<'p, 'a, K: Ord>(
    plans: &'p [PlanFigures<'a>],
    key: impl Fn(&PlanFigures<'a>) -> K,
) -> Option<&'p PlanFigures<'a>> {
    let mut best: Option<&PlanFigures<'a>> = None;
    for p in plans {
        if best.is_none_or(|b| key(p) > key(b)) {
            best = Some(p);
        }
    }
    best
}

/// The worst case over every plan, as the report's `worstCase` states it: the deepest plan,
/// the largest sum of rates, the largest fixed amounts, and the largest share of a list
/// price (each the first such plan, so ties go to the global levels).
pub(crate) fn summary(
    rules: &RuleSet,
    plans: &[PlanFigures<'_>],
    at_list: &[Option<ListPrice<'_>>],
    rules_path: &Path,
) -> WorstCase {
    let deepest = first_max(plans, |p| p.depth);
    let worst_rate = first_max(plans, |p| p.rate_sum);
    let worst_fixed = first_max(plans, |p| p.fixed_sum).filter(|p| !p.fixed_sum.is_zero());
    let worst_list = at_list
        .iter()
        .flatten()
        .fold(None::<&ListPrice<'_>>, |best, w| match best {
            Some(b) if b.total >= w.total => Some(b),
            _ => Some(w),
        });
    WorstCase {
        paid_levels: deepest.map_or(0, |p| u32::try_from(p.depth).unwrap_or(u32::MAX)),
        paid_levels_path: deepest.map_or_else(|| rules_path.field("levels"), |p| p.path.clone()),
        rate_sum: worst_rate.map_or(Rate::ZERO, |p| p.rate_sum),
        rate_sum_path: worst_rate.map_or_else(|| rules_path.field("levels"), |p| p.path.clone()),
        fixed_per_unit: worst_fixed.map(|p| p.fixed_sum),
        fixed_per_unit_path: worst_fixed.map(|p| p.path.clone()),
        list_price_share: worst_list.map(|w| w.total.normalize().to_string()),
        list_price_path: worst_list.map(|w| w.item.path.clone()),
        cap: rules.cap,
    }
}

fn figures<'a>(rules: &RuleSet, path: Path, plan: &'a Plan) -> Result<PlanFigures<'a>, Error> {
    let mut depth = 0;
    let mut rates = Vec::with_capacity(plan.levels.len());
    let mut rate_sum = Rate::ZERO;
    let mut fixed_sum = Money::ZERO;
    for (k, level) in plan.levels.iter().enumerate() {
        let (rate, tier, pays) = match level {
            Level::Rate(r) => (*r, None, !r.is_zero()),
            Level::Fixed(f) => {
                fixed_sum = fixed_sum.add(*f, &path, "the sum of fixed amounts")?;
                (Rate::ZERO, None, !f.is_zero())
            }
            Level::TierRates(list) => {
                // The first tier holding the highest rate, so the answer does not depend on ties.
                let mut best: Option<(usize, Rate)> = None;
                for (t, r) in list.iter().enumerate() {
                    if best.is_none_or(|(_, b)| *r > b) {
                        best = Some((t, *r));
                    }
                }
                let (t, r) = best.unwrap_or((0, Rate::ZERO));
                (r, rules.tier_id(Some(t)).map(str::to_owned), !r.is_zero())
            }
        };
        if pays {
            depth = k.saturating_add(1);
        }
        rate_sum = rate_sum.sum(rate);
        rates.push(LevelRate { rate, tier });
    }
    Ok(PlanFigures {
        path,
        plan,
        depth,
        rates,
        rate_sum,
        fixed_sum,
    })
}

/// What a cap takes off the plan's worst case, deepest level first, as the settlement
/// trims: `(level, taken, its rate)` for each level it touches. Empty when the rates fit.
pub(crate) fn trimmed(p: &PlanFigures<'_>, cap: Rate) -> Vec<(usize, Decimal, Decimal)> {
    let mut excess = p
        .rate_sum
        .as_decimal()
        .checked_sub(cap.as_decimal())
        .unwrap_or(Decimal::ZERO)
        .max(Decimal::ZERO);
    let mut out = Vec::new();
    for (k, level) in p.rates.iter().enumerate().rev() {
        if excess.is_zero() {
            break;
        }
        let r = level.rate.as_decimal();
        let take = excess.min(r);
        if !take.is_zero() {
            out.push((k.saturating_add(1), take, r));
            excess = excess.checked_sub(take).unwrap_or(Decimal::ZERO);
        }
    }
    out
}

/// A fraction as an exact percentage: `0.51` → `51%`, `0.125` → `12.5%`.
pub(crate) fn pct(d: Decimal) -> String {
    match d.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", p.normalize()),
        None => format!("{} (as a fraction)", d.normalize()),
    }
}

/// `fixed / price` as a fraction rounded up to six decimals, and whether it was exact.
/// `None` for a zero price: a line paid nothing earns nothing, fixed amounts included.
pub(crate) fn share_of(fixed: Money, price: Money) -> Option<(Decimal, bool)> {
    if price.fen() <= 0 {
        return None;
    }
    let num = i128::from(fixed.fen()).checked_mul(1_000_000)?;
    let den = i128::from(price.fen());
    let q = num.checked_div(den)?;
    let rem = num.checked_rem(den)?;
    let micro = if rem == 0 { q } else { q.checked_add(1)? };
    let share = Decimal::try_from_i128_with_scale(micro, 6).ok()?;
    Some((share.normalize(), rem == 0))
}
