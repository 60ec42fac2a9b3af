//! Share-poster previews ("share and earn ¥12.80"). A preview is not an estimate: for each
//! SKU it settles the very order the poster describes — one unit at list price, no
//! discount, bought by a non-distributor — with [`crate::payout::commission::compute`], so the figure
//! shown is the figure paid. Levels 2 and 3 are ranges over the tiers the distributor's
//! downline could hold.

use crate::error::{ErrorCode, Errors, Path};
use crate::io::{decode::Decode, emit::Emit};
use crate::limits::{self, MAX_SKUS};
use crate::money::{Money, MoneyText};
use crate::payout::commission::{self, LineState};
use crate::payout::network::{self, Member, MemberDoc, Status};
use crate::payout::order::Line;
use crate::rules::{Eligible, Level, RuleSet};
use schemars::JsonSchema;

/// Arguments of `preview`.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreviewArgs {
    /// The product on the poster.
    pub product: ProductDoc,
    /// The distributor sharing it.
    pub distributor: MemberDoc,
    /// The distributor's own upline, nearest first. Absent: nobody above them.
    #[serde(default)]
    pub upline: Vec<MemberDoc>,
}

/// A product with its SKUs (or a single price when it has none).
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductDoc {
    /// Product id.
    pub id: String,
    /// The price of a product without SKUs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<MoneyText>,
    /// The unit cost of a product without SKUs (profit base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<MoneyText>,
    /// SKUs with their prices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skus: Vec<SkuDoc>,
}

/// A SKU on the poster.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SkuDoc {
    /// SKU id.
    pub id: String,
    /// List price of one unit.
    pub price: MoneyText,
    /// Unit cost (profit base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<MoneyText>,
}

/// The answer of `preview`.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// Product id.
    pub product_id: String,
    /// Whether the distributor is an active distributor under these rules; if not, every
    /// figure is zero.
    pub distributes: bool,
    /// Per level the distributor could be paid at: min–max over SKUs (and downline tiers).
    pub earnings: Vec<Range>,
    /// The same per SKU.
    pub skus: Vec<SkuPreview>,
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
pub struct SkuPreview {
    /// SKU id; absent for a product without SKUs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku_id: Option<String>,
    /// List price.
    pub price: Money,
    /// Per level, min–max over downline tiers.
    pub earnings: Vec<Range>,
}

/// The buyer on a poster order: not a distributor, so self-purchase never applies.
fn poster_buyer() -> Member {
    Member {
        id: "(buyer)".to_owned(),
        tier: None,
        status: Status::Disabled,
        paid_total: None,
    }
}

/// The tiers a downline member could hold and still be an active distributor. When no
/// level pays by tier, one representative tier gives the same figures as all of them.
fn downline_tiers(rules: &RuleSet, by_tier: bool) -> Vec<Option<usize>> {
    if rules.tiers.is_empty() {
        return vec![None];
    }
    let eligible: Vec<Option<usize>> = (0..rules.tiers.len())
        .map(Some)
        .filter(|t| network::tier_may_distribute(rules, *t))
        .collect();
    if by_tier {
        eligible
    } else {
        eligible.into_iter().take(1).collect()
    }
}

fn downline_member(rules: &RuleSet, n: usize, tier: Option<usize>) -> Member {
    let paid_total = match rules.eligibility.who {
        Eligible::Spend(mark) => Some(mark),
        _ => None,
    };
    Member {
        id: format!("(downline {n})"),
        tier,
        status: Status::Active,
        paid_total,
    }
}

/// Previews a distributor's earnings for a product.
pub fn preview(rules: &RuleSet, args: PreviewArgs) -> Result<Preview, Errors> {
    let root = Path::root();
    let mut errs = Errors::new();
    errs.take(limits::check_id(
        &args.product.id,
        &root.field("product").field("id"),
    ));
    let distributor = errs.take_all(Member::check(
        &args.distributor,
        rules,
        &root.field("distributor"),
    ));
    let upline = errs.take_all(Member::check_chain(
        &args.upline,
        rules,
        &root.field("upline"),
    ));
    let items = poster_items(&args.product, &root.field("product"), &mut errs)?;
    let (Some(distributor), Some(upline)) = (distributor, upline) else {
        return Err(errs);
    };
    check_upline(&distributor, &upline, &root.field("upline"), &mut errs);
    if !errs.is_empty() {
        return Err(errs);
    }
    let mut upline = upline;
    upline.truncate(reach(rules, &upline));
    let plan_of = |sku: &Option<String>| rules.paying_plan_for(&args.product.id, sku.as_deref());
    // Every SKU answers for every level any SKU pays, with zero where its own plan stops,
    // so the ranges over SKUs include what a poster for the cheaper plan really pays.
    let depth = items
        .iter()
        .filter_map(|item| plan_of(&item.sku_id).map(|p| p.levels.len()))
        .max()
        .unwrap_or(0);
    let mut skus = Vec::with_capacity(items.len());
    for item in items {
        let poster = Poster {
            rules,
            product_id: &args.product.id,
            distributor: &distributor,
            upline: &upline,
        };
        skus.push(poster.sku(item, depth)?);
    }
    Ok(Preview {
        product_id: args.product.id.clone(),
        distributes: network::is_distributor(rules, &distributor),
        earnings: overall(&skus),
        skus,
    })
}

/// One priced item a poster can show: the product itself, or one of its SKUs.
struct Item {
    sku_id: Option<String>,
    price: Money,
    cost: Option<Money>,
    /// Where the item is written, for errors in its figures.
    path: Path,
}

/// The product's priced items: its `price` (no SKUs) or each SKU, every problem reported.
fn poster_items(product: &ProductDoc, pp: &Path, errs: &mut Errors) -> Result<Vec<Item>, Errors> {
    let sp = pp.field("skus");
    limits::check_len(product.skus.len(), MAX_SKUS, &sp, "SKUs")?;
    let mut items = Vec::new();
    match (&product.price, product.skus.is_empty()) {
        (Some(price), true) => {
            let price = errs.take(price.check(&pp.field("price")));
            let cost = product
                .cost
                .as_ref()
                .and_then(|c| errs.take(c.check(&pp.field("cost"))));
            if let Some(price) = price {
                items.push(Item {
                    sku_id: None,
                    price,
                    cost,
                    path: pp.clone(),
                });
            }
        }
        (None, false) => {
            let mut seen = crate::io::ids::Ids::default();
            for (i, s) in product.skus.iter().enumerate() {
                let p = sp.index(i);
                errs.take(limits::check_id(&s.id, &p.field("id")));
                if !seen.add(&s.id, i) {
                    errs.add(
                        ErrorCode::Duplicate,
                        p.field("id"),
                        format!("SKU `{}` appears twice", s.id),
                    );
                }
                let price = errs.take(s.price.check(&p.field("price")));
                let cost = s
                    .cost
                    .as_ref()
                    .and_then(|c| errs.take(c.check(&p.field("cost"))));
                if let Some(price) = price {
                    items.push(Item {
                        sku_id: Some(s.id.clone()),
                        price,
                        cost,
                        path: p,
                    });
                }
            }
        }
        _ => errs.add(
            ErrorCode::Inconsistent,
            pp.clone(),
            "a product has either `price` (no SKUs) or `skus`",
        ),
    }
    if product.cost.is_some() && !product.skus.is_empty() {
        errs.add(
            ErrorCode::Inconsistent,
            pp.field("cost"),
            "with `skus`, each SKU carries its own `cost`",
        );
    }
    Ok(items)
}

/// As settling refuses it: a member twice in one chain would be a cycle.
fn check_upline(distributor: &Member, upline: &[Member], up: &Path, errs: &mut Errors) {
    if let Some(i) = upline.iter().position(|m| m.id == distributor.id) {
        errs.add(
            ErrorCode::Inconsistent,
            up.index(i).field("id"),
            format!(
                "member `{}` is the distributor and cannot be in their own upline",
                distributor.id
            ),
        );
    }
    let mut seen = crate::io::ids::Ids::default();
    if let Some(i) = upline
        .iter()
        .enumerate()
        .position(|(i, m)| !seen.add(&m.id, i))
    {
        errs.add(
            ErrorCode::Inconsistent,
            up.index(i).field("id"),
            "a member appears twice in the upline, which would be a cycle",
        );
    }
}

/// How much of the upline can take a level. Only those members matter; the rest of a long
/// upline would only be copied into every poster order. Forfeit reaches at most 3 positions
/// up; compress, up to the 3rd active distributor.
fn reach(rules: &RuleSet, upline: &[Member]) -> usize {
    match rules.broken_upline {
        crate::rules::BrokenUpline::Forfeit => crate::limits::MAX_LEVELS,
        crate::rules::BrokenUpline::Compress => {
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
    product_id: &'a str,
    distributor: &'a Member,
    upline: &'a [Member],
}

impl Poster<'_> {
    /// One item's earnings at every level up to `depth`: at level `n`, the range over every
    /// tier the `n − 1` downline members below the distributor may hold.
    fn sku(&self, item: Item, depth: usize) -> Result<SkuPreview, Errors> {
        let rules = self.rules;
        let line = Line {
            id: "(poster)".to_owned(),
            product_id: self.product_id.to_owned(),
            sku_id: item.sku_id.clone(),
            quantity: 1,
            unit_cost: item.cost,
            amount: item.price,
            discount: Money::ZERO,
            paid: item.price,
        };
        let plan = rules.paying_plan_for(self.product_id, item.sku_id.as_deref());
        let by_tier =
            plan.is_some_and(|p| p.levels.iter().any(|l| matches!(l, Level::TierRates(_))));
        let tiers = downline_tiers(rules, by_tier);
        let states = [LineState::sold(&line)];
        let mut earnings = Vec::with_capacity(depth.max(1));
        for level in 1..=depth.max(1) {
            let mut range: Option<(Money, Money)> = None;
            for below in combinations(&tiers, level.saturating_sub(1)) {
                let earned = self.earned(&states, &below, level, &item.path)?;
                range = Some(match range {
                    None => (earned, earned),
                    Some((lo, hi)) => (lo.min(earned), hi.max(earned)),
                });
            }
            let (min, max) = range.unwrap_or((Money::ZERO, Money::ZERO));
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

    /// What the distributor earns at `level` when the members `below` them (with those
    /// tiers) sit between them and the poster's buyer: the settlement of that order.
    fn earned(
        &self,
        states: &[LineState<'_>],
        below: &[Option<usize>],
        level: usize,
        item_path: &Path,
    ) -> Result<Money, Errors> {
        let rules = self.rules;
        let mut chain: Vec<Member> = below
            .iter()
            .enumerate()
            .map(|(n, t)| downline_member(rules, n.saturating_add(1), *t))
            .collect();
        chain.push(self.distributor.clone());
        chain.extend(self.upline.iter().cloned());
        let payout = commission::compute(rules, states, &poster_buyer(), &chain, item_path)
            .map_err(|e| relocate(e, item_path))?;
        Ok(payout
            .beneficiaries
            .iter()
            .find(|b| {
                b.member_id == self.distributor.id && usize::try_from(b.level).ok() == Some(level)
            })
            .map_or(Money::ZERO, |b| b.amount))
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
    crate::io::sort::sort_by(&mut overall, |a, b| a.level.cmp(&b.level));
    overall
}

/// Every assignment of `tiers` to `n` members (n ≤ 2, tiers ≤ 20: at most 400).
fn combinations(tiers: &[Option<usize>], n: usize) -> Vec<Vec<Option<usize>>> {
    let mut out: Vec<Vec<Option<usize>>> = vec![Vec::new()];
    for _ in 0..n {
        let mut next = Vec::with_capacity(out.len().saturating_mul(tiers.len()));
        for prefix in &out {
            for t in tiers {
                let mut v = prefix.clone();
                v.push(*t);
                next.push(v);
            }
        }
        out = next;
    }
    out
}

/// Errors from settling a poster order name the product's fields, not a synthetic order:
/// a missing cost at `cost`, anything else (an overflow) at `price`.
fn relocate(errs: Errors, item: &Path) -> Errors {
    let mut out = Errors::new();
    for e in errs.into_vec() {
        let field = if e.code == ErrorCode::MissingField {
            "cost"
        } else {
            "price"
        };
        out.add(e.code, item.field(field), e.message);
    }
    out
}
