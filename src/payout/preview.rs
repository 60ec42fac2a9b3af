//! Share-poster previews ("share and earn ¥12.80"). A preview is not an estimate: for each
//! SKU it is the figure that settling the very order the poster describes — one unit at list
//! price, no discount, bought by a non-distributor — pays the distributor
//! ([`crate::payout::commission::compute`]; a property test holds the two equal). Levels 2
//! and 3 are ranges over the tiers the distributor's downline could hold.
//!
//! The figures are worked out directly rather than by settling one order per SKU and per
//! downline tiers: a poster order has one line, so each level's figure is one rounded product,
//! and the cap takes from the deepest level first, so the distributor's figure only falls as
//! the downline's levels rise. The least and most the downline can be paid therefore give the
//! range, with no order settled and nothing allocated but the answer.

use crate::error::{Error, ErrorCode, Errors, Path};
use crate::io::decode::{Decode, Loc};
use crate::io::emit::Emit;
use crate::limits::{self, MAX_SKUS};
use crate::money::{AmountText, Money};
use crate::payout::network::{self, Member, MemberDoc};
use crate::rules::{Base, BrokenUpline, Level, Plan, RuleSet};
use schemars::JsonSchema;
use std::borrow::Cow;

/// Arguments of `preview`.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreviewArgs<'a> {
    /// The product on the poster.
    pub product: ProductDoc<'a>,
    /// The distributor sharing it.
    pub distributor: MemberDoc<'a>,
    /// The distributor's own upline, nearest first. Absent: nobody above them.
    #[serde(default)]
    pub upline: Vec<MemberDoc<'a>>,
}

/// A product with its SKUs (or a single price when it has none).
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductDoc<'a> {
    /// Product id.
    pub id: Cow<'a, str>,
    /// The price of a product without SKUs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<AmountText<'a>>,
    /// The unit cost of a product without SKUs (profit base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<AmountText<'a>>,
    /// SKUs with their prices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skus: Vec<SkuDoc<'a>>,
}

/// A SKU on the poster.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SkuDoc<'a> {
    /// SKU id.
    pub id: Cow<'a, str>,
    /// List price of one unit.
    pub price: AmountText<'a>,
    /// Unit cost (profit base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<AmountText<'a>>,
}

/// The answer of `preview`.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct Preview<'a> {
    /// Product id.
    pub product_id: &'a str,
    /// Whether the distributor is an active distributor under these rules; if not, every
    /// figure is zero.
    pub distributes: bool,
    /// Per level the distributor could be paid at: min–max over SKUs (and downline tiers).
    pub earnings: Vec<Range>,
    /// The same per SKU.
    pub skus: Vec<SkuPreview<'a>>,
}

/// A min–max range at one level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct Range {
    /// 1: the distributor shared it; 2 or 3: someone below them did.
    pub level: u32,
    /// Least.
    pub min: Money,
    /// Most.
    pub max: Money,
}

/// One SKU's figures.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct SkuPreview<'a> {
    /// SKU id; absent for a product without SKUs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku_id: Option<&'a str>,
    /// List price.
    pub price: Money,
    /// Per level, min–max over downline tiers.
    pub earnings: Vec<Range>,
}

/// The tiers a downline member could hold and still be an active distributor (a downline
/// member is active and, under eligibility by spend, has spent the mark). When no level pays
/// by tier, one representative tier gives the same figures as all of them.
fn downline_tiers(rules: &RuleSet, by_tier: bool) -> impl Iterator<Item = Option<usize>> + '_ {
    let none = rules.tiers.is_empty().then_some(None);
    let tiers = (0..rules.tiers.len())
        .filter(|t| network::tier_may_distribute(rules, Some(*t)))
        .take(if by_tier { usize::MAX } else { 1 })
        .map(Some);
    none.into_iter().chain(tiers)
}

/// Previews a distributor's earnings for a product.
pub fn preview<'a>(rules: &RuleSet, args: &'a PreviewArgs<'_>) -> Result<Preview<'a>, Errors> {
    let root = Path::root();
    let top = Loc::At(&root);
    let pp = Loc::Field(&top, "product");
    let up = Loc::Field(&top, "upline");
    let mut errs = Errors::new();
    errs.take(limits::check_id(&args.product.id, &Loc::Field(&pp, "id")));
    let distributor = errs.take_all(Member::check(
        &args.distributor,
        rules,
        &Loc::Field(&top, "distributor"),
    ));
    let upline = errs.take_all(Member::check_chain(&args.upline, rules, &up));
    let items = poster_items(&args.product, &pp, &mut errs)?;
    let (Some(distributor), Some(upline)) = (distributor, upline) else {
        return Err(errs);
    };
    check_upline(&distributor, &upline, &up, &mut errs);
    if !errs.is_empty() {
        return Err(errs);
    }
    let reached = upline.get(..reach(rules, &upline)).unwrap_or_default();
    let plan_of = |sku: Option<&str>| rules.paying_plan_for(&args.product.id, sku);
    // Every SKU answers for every level any SKU pays, with zero where its own plan stops,
    // so the ranges over SKUs include what a poster for the cheaper plan really pays.
    let depth = items
        .iter()
        .filter_map(|item| plan_of(item.sku_id).map(|p| p.levels.len()))
        .max()
        .unwrap_or(0);
    let poster = Poster {
        rules,
        distributor: &distributor,
        distributes: network::is_distributor(rules, &distributor),
        upline: reached,
    };
    let mut skus = Vec::with_capacity(items.len());
    for item in &items {
        skus.push(poster.sku(item, plan_of(item.sku_id), depth, &pp)?);
    }
    Ok(Preview {
        product_id: &args.product.id,
        distributes: poster.distributes,
        earnings: overall(&skus),
        skus,
    })
}

/// One priced item a poster can show: the product itself, or one of its SKUs.
struct Item<'a> {
    sku_id: Option<&'a str>,
    price: Money,
    cost: Option<Money>,
    /// Which SKU it is (`None`: the product itself), for the path of an error in its figures.
    index: Option<usize>,
}

impl Item<'_> {
    /// The path of the item's field `name`, under the product at `pp`.
    fn path(&self, pp: &Loc<'_>, name: &str) -> Path {
        match self.index {
            None => pp.path().field(name),
            Some(i) => pp.path().field("skus").index(i).field(name),
        }
    }
}

/// The product's priced items: its `price` (no SKUs) or each SKU, every problem reported.
fn poster_items<'a>(
    product: &'a ProductDoc<'_>,
    pp: &Loc<'_>,
    errs: &mut Errors,
) -> Result<Vec<Item<'a>>, Errors> {
    let sp = Loc::Field(pp, "skus");
    limits::check_len(product.skus.len(), MAX_SKUS, &sp, "SKUs")?;
    let mut items = Vec::with_capacity(product.skus.len().max(1));
    match (&product.price, product.skus.is_empty()) {
        (Some(price), true) => {
            let price = errs.take(price.check(&Loc::Field(pp, "price")));
            let cost = product
                .cost
                .as_ref()
                .and_then(|c| errs.take(c.check(&Loc::Field(pp, "cost"))));
            if let Some(price) = price {
                items.push(Item {
                    sku_id: None,
                    price,
                    cost,
                    index: None,
                });
            }
        }
        (None, false) => {
            let mut seen = crate::io::ids::Ids::default();
            for (i, s) in product.skus.iter().enumerate() {
                let p = Loc::Index(&sp, i);
                errs.take(limits::check_id(&s.id, &Loc::Field(&p, "id")));
                if !seen.add(&s.id, i) {
                    errs.add(
                        ErrorCode::Duplicate,
                        p.path().field("id"),
                        format!("SKU `{}` appears twice", s.id),
                    );
                }
                let price = errs.take(s.price.check(&Loc::Field(&p, "price")));
                let cost = s
                    .cost
                    .as_ref()
                    .and_then(|c| errs.take(c.check(&Loc::Field(&p, "cost"))));
                if let Some(price) = price {
                    items.push(Item {
                        sku_id: Some(&s.id),
                        price,
                        cost,
                        index: Some(i),
                    });
                }
            }
        }
        _ => errs.add(
            ErrorCode::Inconsistent,
            pp.path(),
            "a product has either `price` (no SKUs) or `skus`",
        ),
    }
    if product.cost.is_some() && !product.skus.is_empty() {
        errs.add(
            ErrorCode::Inconsistent,
            pp.path().field("cost"),
            "with `skus`, each SKU carries its own `cost`",
        );
    }
    Ok(items)
}

/// As settling refuses it: a member twice in one chain would be a cycle.
fn check_upline(distributor: &Member, upline: &[Member], up: &Loc<'_>, errs: &mut Errors) {
    if let Some(i) = upline.iter().position(|m| m.id == distributor.id) {
        errs.add(
            ErrorCode::Inconsistent,
            up.path().index(i).field("id"),
            format!(
                "member `{}` is the distributor and cannot be in their own upline",
                distributor.id
            ),
        );
    }
    let id = |i: usize| upline.get(i).map_or("", |m| m.id);
    if let Some(i) = crate::io::ids::first_repeat(upline.len(), id) {
        errs.add(
            ErrorCode::Inconsistent,
            up.path().index(i).field("id"),
            "a member appears twice in the upline, which would be a cycle",
        );
    }
}

/// How much of the upline can take a level. Only those members matter. Forfeit reaches at
/// most 3 positions up; compress, up to the 3rd active distributor.
fn reach(rules: &RuleSet, upline: &[Member]) -> usize {
    match rules.broken_upline {
        BrokenUpline::Forfeit => crate::limits::MAX_LEVELS,
        BrokenUpline::Compress => {
            let mut found = 0usize;
            upline
                .iter()
                .position(|m| {
                    if network::is_distributor(rules, m) {
                        found = found.saturating_add(1);
                    }
                    found >= crate::limits::MAX_LEVELS
                })
                .map_or(upline.len(), |p| p.saturating_add(1))
        }
    }
}

/// The distributor's poster for one product: what each of its items pays them.
struct Poster<'a> {
    rules: &'a RuleSet,
    distributor: &'a Member<'a>,
    /// Whether the distributor is an active distributor: if not, they are never paid.
    distributes: bool,
    /// The part of their upline that can take a level.
    upline: &'a [Member<'a>],
}

/// One poster order's line as settling sees it: its plan, base and paid amount (the price).
struct PosterLine<'p> {
    plan: &'p Plan,
    base: Money,
    paid: Money,
    /// `floor(base × cap)`, when the rule set has a cap.
    limit: Option<Money>,
}

impl Poster<'_> {
    /// One item's earnings at every level up to `depth` (at least level 1): at level `n`,
    /// the range over every tier the `n − 1` downline members below the distributor may hold.
    fn sku<'i>(
        &self,
        item: &Item<'i>,
        plan: Option<&Plan>,
        depth: usize,
        pp: &Loc<'_>,
    ) -> Result<SkuPreview<'i>, Errors> {
        let line = match plan {
            Some(plan) => Some(self.line(item, plan, pp)?),
            None => None,
        };
        let levels = depth.max(1);
        let mut earnings = Vec::with_capacity(levels);
        for level in 1..=levels {
            let (min, max) = match &line {
                Some(line) if self.distributes => self
                    .range(line, level)
                    .ok_or_else(|| Error::overflow(item.path(pp, "price"), "commission"))?,
                _ => (Money::ZERO, Money::ZERO),
            };
            debug_assert!(
                min <= max && min >= Money::ZERO,
                "a range is ordered and never negative"
            );
            earnings.push(Range {
                level: u32::try_from(level).unwrap_or(u32::MAX),
                min,
                max,
            });
        }
        Ok(SkuPreview {
            sku_id: item.sku_id,
            price: item.price,
            earnings,
        })
    }

    /// The poster order's one line under `plan`: its base (a missing cost under the profit
    /// base is refused at the item's `cost`, as settling refuses the line) and the cap's limit.
    fn line<'p>(
        &self,
        item: &Item<'_>,
        plan: &'p Plan,
        pp: &Loc<'_>,
    ) -> Result<PosterLine<'p>, Errors> {
        let rules = self.rules;
        let overflow = || Error::overflow(item.path(pp, "price"), "commission");
        let base = match (rules.base, item.cost) {
            (Base::Paid, _) => item.price,
            (Base::Profit, Some(cost)) => Money::from_fen(
                item.price
                    .fen()
                    .checked_sub(cost.fen())
                    .ok_or_else(overflow)?
                    .max(0),
            ),
            (Base::Profit, None) => {
                return Err(Error::new(
                    ErrorCode::MissingField,
                    item.path(pp, "cost"),
                    "the commission base is profit, so this line needs `cost`",
                )
                .into())
            }
        };
        let limit = match rules.cap {
            Some(cap) => Some(
                cap.rounded_of(base, crate::money::Rounding::Down)
                    .ok_or_else(overflow)?,
            ),
            None => None,
        };
        Ok(PosterLine {
            plan,
            base,
            paid: item.price,
            limit,
        })
    }

    /// The least and most the distributor is paid at `level` (1-based) on the poster order,
    /// over every tier the members below them may hold; `None` on an overflow.
    fn range(&self, line: &PosterLine<'_>, level: usize) -> Option<(Money, Money)> {
        let rules = self.rules;
        let Some(own_level) = line.plan.levels.get(level.saturating_sub(1)) else {
            return Some((Money::ZERO, Money::ZERO));
        };
        let own = rounded(rules, own_level, line, self.distributor.tier)?;
        // The levels below the distributor: each downline member's figure by their tier.
        let by_tier = line
            .plan
            .levels
            .iter()
            .any(|l| matches!(l, Level::TierRates(_)));
        let (mut least, mut most) = (0_i64, 0_i64);
        for below in line.plan.levels.iter().take(level.saturating_sub(1)) {
            let mut span: Option<(i64, i64)> = None;
            for tier in downline_tiers(rules, by_tier) {
                let f = rounded(rules, below, line, tier)?.fen();
                span = Some(span.map_or((f, f), |(lo, hi)| (lo.min(f), hi.max(f))));
            }
            // No tier may distribute below them: nobody sells at this level.
            let Some((lo, hi)) = span else {
                return Some((Money::ZERO, Money::ZERO));
            };
            least = least.checked_add(lo)?;
            most = most.checked_add(hi)?;
        }
        let deeper = self.deeper(line, level)?;
        let paid = |downline: i64| -> Option<Money> {
            let Some(limit) = line.limit else {
                return Some(own);
            };
            // The cap's excess is taken from the deepest level first.
            let total = downline.checked_add(own.fen())?.checked_add(deeper)?;
            let excess = total.checked_sub(limit.fen())?.max(0);
            let left = excess.checked_sub(deeper)?.max(0);
            Some(Money::from_fen(own.fen().checked_sub(left.min(own.fen()))?))
        };
        Some((paid(most)?, paid(least)?))
    }

    /// What the upline above the distributor (levels `level + 1` and up) is paid, before the
    /// cap, by the broken-upline rule.
    fn deeper(&self, line: &PosterLine<'_>, level: usize) -> Option<i64> {
        let rules = self.rules;
        let above = line.plan.levels.get(level..).unwrap_or_default();
        let mut sum = 0_i64;
        match rules.broken_upline {
            BrokenUpline::Forfeit => {
                for (l, m) in above.iter().zip(self.upline) {
                    if network::is_distributor(rules, m) {
                        sum = sum.checked_add(rounded(rules, l, line, m.tier)?.fen())?;
                    }
                }
            }
            BrokenUpline::Compress => {
                let active = self
                    .upline
                    .iter()
                    .filter(|m| network::is_distributor(rules, m));
                for (l, m) in above.iter().zip(active) {
                    sum = sum.checked_add(rounded(rules, l, line, m.tier)?.fen())?;
                }
            }
        }
        Some(sum)
    }
}

/// One level's figure on the poster line for a beneficiary of `tier`, rounded as settling
/// rounds a beneficiary's total (the line is their only one).
fn rounded(
    rules: &RuleSet,
    level: &Level,
    line: &PosterLine<'_>,
    tier: Option<usize>,
) -> Option<Money> {
    match level {
        Level::Rate(r) => r.rounded_of(line.base, rules.rounding),
        Level::TierRates(rates) => tier
            .and_then(|t| rates.get(t))
            .copied()
            .unwrap_or(crate::money::Rate::ZERO)
            .rounded_of(line.base, rules.rounding),
        // A line whose paid amount is zero pays nothing, fixed amounts included.
        Level::Fixed(_) if line.paid.is_zero() => Some(Money::ZERO),
        Level::Fixed(f) => Some(*f),
    }
}

/// The product's range per level over all its items.
fn overall(skus: &[SkuPreview]) -> Vec<Range> {
    let mut overall: Vec<Range> = Vec::new();
    for s in skus {
        for r in &s.earnings {
            match overall.iter_mut().find(|o| o.level == r.level) {
                Some(o) => {
                    o.min = o.min.min(r.min);
                    o.max = o.max.max(r.max);
                }
                None => overall.push(*r),
            }
        }
    }
    // Every SKU lists the same levels from level 1 up, so the first SKU's order holds.
    debug_assert!(
        overall
            .iter()
            .zip(overall.iter().skip(1))
            .all(|(a, b)| a.level < b.level),
        "levels in ascending order"
    );
    overall
}
