//! The rule set compiled once for a run: every plan's levels as integers (rates in
//! millionths, fixed amounts in fen), which plan pays each product and SKU of the dataset,
//! each member's starting tier as the rule set's index, and the switches commission reads.
//!
//! Which plan pays a line is asked of [`RuleSet::paying_plan_for`] once per product and SKU
//! row, so a run and the single-order API cannot disagree on overrides or opt-outs.

use crate::batch::dataset::{Dataset, NONE};
use crate::error::{Error, ErrorCode, Errors, Path};
use crate::money::{Rate, Rounding};
use crate::rules::{Base, BrokenUpline, Level, Plan, RuleSet};

/// One level of a compiled plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// A share of the base, in millionths.
    Rate(i64),
    /// A fixed amount per unit, fen.
    Fixed(i64),
    /// A share by the beneficiary's tier: the offset of the plan's row of rates (one per
    /// tier, millionths) in `Plans::tier_rates`.
    Tiers(usize),
}

/// The compiled rule set.
#[derive(Clone, Debug)]
pub(crate) struct Plans {
    /// Each plan's levels, level 1 first (at most three).
    pub levels: Vec<Vec<Step>>,
    /// Rates by tier, rows of `tiers` entries.
    pub tier_rates: Vec<i64>,
    /// The plan paying a SKU row, or `NONE` when it earns nothing.
    pub by_sku: Vec<u32>,
    /// The plan paying a product row's lines without a SKU, or `NONE`.
    pub by_product: Vec<u32>,
    /// The number of tiers in the rule set.
    pub tiers: usize,
    /// Each member's starting tier as the rule set's index, or `NONE` when it has no tiers.
    pub start_tier: Vec<u32>,
    /// Profit or paid amount.
    pub profit: bool,
    /// The cap in millionths.
    pub cap: Option<i64>,
    /// Half up (else down).
    pub half_up: bool,
    /// Self-purchase pays the buyer level 1.
    pub self_purchase: bool,
    /// Compress (else forfeit).
    pub compress: bool,
    /// Per plan: its orders may take the unchecked fast path (`batch::fast`): the base is
    /// the paid amount and no level is a fixed amount.
    pub fast: Vec<bool>,
}

/// A rate in millionths: rates have at most six decimals and lie in 0..=1.
pub(crate) fn micro(r: Rate, path: &Path) -> Result<i64, Error> {
    let mut d = r.as_decimal();
    d.rescale(6);
    i64::try_from(d.mantissa())
        .ok()
        .filter(|m| (0..=1_000_000).contains(m))
        .ok_or_else(|| Error::overflow(path.clone(), "a rate"))
}

impl Plans {
    /// Compiles `rules` for `data`; refuses a dataset naming a tier the rule set lacks.
    pub fn compile(rules: &RuleSet, data: &Dataset) -> Result<Plans, Errors> {
        let mut plans = Plans {
            levels: Vec::new(),
            tier_rates: Vec::new(),
            by_sku: Vec::new(),
            by_product: Vec::new(),
            tiers: rules.tiers.len(),
            start_tier: Vec::new(),
            profit: rules.base == Base::Profit,
            cap: None,
            half_up: rules.rounding == Rounding::HalfUp,
            self_purchase: rules.self_purchase,
            compress: rules.broken_upline == BrokenUpline::Compress,
            fast: Vec::new(),
        };
        let rp = Path::root().field("rules");
        if let Some(c) = rules.cap {
            plans.cap = Some(micro(c, &rp.field("cap"))?);
        }
        let all = rules.all_plans();
        for (_, p) in &all {
            plans.add_plan(p, &rp)?;
        }
        let find = |p: Option<&Plan>| -> u32 {
            p.and_then(|p| all.iter().position(|(_, q)| std::ptr::eq(*q, p)))
                .and_then(|i| u32::try_from(i).ok())
                .unwrap_or(NONE)
        };
        let pr = &data.products;
        plans.by_product = pr
            .id
            .iter()
            .map(|id| find(rules.paying_plan_for(id, None)))
            .collect();
        plans.by_sku = pr
            .sku_id
            .iter()
            .zip(&pr.sku_product)
            .map(|(sku, &p)| {
                let product = pr.id.get(p as usize).unwrap_or("");
                let sku = Some(sku).filter(|s| !s.is_empty());
                find(rules.paying_plan_for(product, sku))
            })
            .collect();
        plans.start_tier = start_tiers(rules, data)?;
        Ok(plans)
    }

    fn add_plan(&mut self, p: &Plan, rp: &Path) -> Result<(), Error> {
        let mut steps = Vec::with_capacity(p.levels.len());
        for level in &p.levels {
            steps.push(match level {
                Level::Rate(r) => Step::Rate(micro(*r, rp)?),
                Level::Fixed(f) => Step::Fixed(f.fen()),
                Level::TierRates(rates) => {
                    let at = self.tier_rates.len();
                    for t in 0..self.tiers {
                        let r = rates.get(t).copied().unwrap_or(Rate::ZERO);
                        self.tier_rates.push(micro(r, rp)?);
                    }
                    Step::Tiers(at)
                }
            });
        }
        let fast = !self.profit && !steps.iter().any(|s| matches!(s, Step::Fixed(_)));
        self.fast.push(fast);
        self.levels.push(steps);
        Ok(())
    }

    /// The rate of a tier-rate level for a beneficiary's tier (zero without a tier).
    pub fn tier_rate(&self, at: usize, tier: u32) -> i64 {
        if tier == NONE {
            return 0;
        }
        at.checked_add(tier as usize)
            .and_then(|i| self.tier_rates.get(i))
            .copied()
            .unwrap_or(0)
    }

    /// The plan paying a line of this product and SKU row.
    pub fn line_plan(&self, product: u32, sku: u32) -> u32 {
        let found = if sku == NONE {
            self.by_product.get(product as usize)
        } else {
            self.by_sku.get(sku as usize)
        };
        found.copied().unwrap_or(NONE)
    }
}

/// Each member's starting tier as an index of the rule set's tiers: the dataset's tier
/// names must all be tiers of the rule set (an unnamed tier is the first one).
fn start_tiers(rules: &RuleSet, data: &Dataset) -> Result<Vec<u32>, Errors> {
    let m = &data.members;
    let mut errs = Errors::new();
    let mut map = Vec::with_capacity(m.tier_names.len());
    for (i, name) in m.tier_names.iter().enumerate() {
        let found = rules.tier_index(name).and_then(|t| u32::try_from(t).ok());
        if found.is_none() {
            let detail = if rules.tiers.is_empty() {
                "this rule set defines none"
            } else {
                "the rule set does not define it"
            };
            errs.add(
                ErrorCode::UnknownReference,
                Path::root().field("data").field("tierNames").index(i),
                format!("the dataset's members start at tier `{name}`, but {detail}"),
            );
        }
        map.push(found.unwrap_or(NONE));
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let first = if rules.tiers.is_empty() { NONE } else { 0 };
    Ok(m.tier
        .iter()
        .map(|&t| {
            if t == NONE {
                first
            } else {
                map.get(t as usize).copied().unwrap_or(first)
            }
        })
        .collect())
}
