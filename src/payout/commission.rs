//! Multi-level commission for one order: who is paid at each level, each line's base,
//! each beneficiary's exact figure, rounding once per beneficiary, then the cap. Settlement
//! and refunds call [`compute`], and a preview's figure is what it pays on the poster's
//! order (a property test holds them equal), so a poster's figure and the payout cannot
//! differ.

use crate::error::{At, Error, Errors};
use crate::io::decode::Loc;
use crate::io::emit::Emit;
use crate::money::{Exact, Money, Rate, Rounding};
use crate::payout::network::{self, Member};
use crate::payout::order::Line;
use crate::rules::{Base, Level, Plan, RuleSet};
use schemars::JsonSchema;

/// What a line is worth to commission at one moment: after discounts, and after refunds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineState<'l, 'd> {
    /// The order line.
    pub line: &'l Line<'d>,
    /// Units still sold.
    pub units: u64,
    /// Paid amount still kept.
    pub paid: Money,
    /// For fixed amounts after an amount refund: the line's fixed commission is scaled by
    /// `kept / before` (both paid amounts) and rounded down to the fen on the line.
    pub fixed_scale: Option<(Money, Money)>,
}

impl<'l, 'd> LineState<'l, 'd> {
    /// The state of a line as sold.
    pub fn sold(line: &'l Line<'d>) -> Self {
        LineState {
            line,
            units: line.quantity,
            paid: line.paid,
            fixed_scale: None,
        }
    }
}

/// The commission answer for one order.
// Its ids are borrowed from the arguments and the rule set: an answer copies no id.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct Payout<'a> {
    /// Order-level figures.
    pub amounts: OrderAmounts,
    /// Per line: paid amount, base, and whether it earns commission.
    pub lines: Vec<LineBase<'a>>,
    /// One entry per level that has a beneficiary, level 1 first.
    pub beneficiaries: Vec<Beneficiary<'a>>,
    /// Sum of beneficiaries' amounts.
    pub total: Money,
    /// The cap and what it trimmed, when the rule set has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<CapApplied>,
    /// What the engine decided and why: forfeited levels, skipped members, distribution off.
    pub notes: Vec<Note>,
}

/// Order-level figures.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct OrderAmounts {
    /// Paid amount of all lines (list price less discounts, refunds taken out).
    pub paid: Money,
    /// Sum of the bases of lines that earn commission.
    pub commission_base: Money,
}

/// One line's base.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct LineBase<'a> {
    /// Line id.
    pub line_id: &'a str,
    /// Units counted.
    pub quantity: u64,
    /// Paid amount counted.
    pub paid: Money,
    /// The commission base: paid amount, or profit; zero when the line earns nothing.
    pub base: Money,
    /// False when the product or SKU opted out.
    pub earns: bool,
}

/// One beneficiary's commission on the order.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct Beneficiary<'a> {
    /// 1, 2 or 3.
    pub level: u32,
    /// Member id.
    pub member_id: &'a str,
    /// Their tier id, if the rule set has tiers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<&'a str>,
    /// What they are paid, after rounding and the cap.
    pub amount: Money,
    /// The exact figure before rounding.
    pub exact: Exact,
    /// After rounding, before the cap.
    pub rounded: Money,
    /// Taken off by the cap.
    pub trimmed: Money,
    /// How each line contributed.
    pub lines: Vec<LineShare<'a>>,
}

/// A line's contribution to one beneficiary.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct LineShare<'a> {
    /// Line id.
    pub line_id: &'a str,
    /// The rate applied to the line's base, for rate and tier-rate levels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<Rate>,
    /// The fixed amount per unit, for fixed levels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<Money>,
    /// The exact contribution.
    pub exact: Exact,
}

/// The cap as applied.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct CapApplied {
    /// The configured share.
    pub rate: Rate,
    /// `floor(commission base × rate)`.
    pub limit: Money,
    /// Total taken off, deepest level first.
    pub trimmed: Money,
}

/// A decision the engine made, for people reading the answer.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct Note {
    /// Stable code: `distributionOff`, `levelForfeited`, `memberSkipped`, `noBeneficiary`,
    /// `lineOptedOut`, `capTrimmed`, `selfPurchase`.
    pub code: &'static str,
    /// In words.
    pub message: String,
}

impl Note {
    fn new(code: &'static str, message: String) -> Note {
        Note { code, message }
    }
}

/// Computes commission for `lines` paid by `buyer` with `upline` above them (nearest first).
/// `path` locates the order in the input, for overflow errors.
pub fn compute<'d>(
    rules: &'d RuleSet,
    lines: &[LineState<'_, 'd>],
    buyer: &Member<'d>,
    upline: &[Member<'d>],
    path: &Loc<'_>,
) -> Result<Payout<'d>, Errors> {
    let mut notes = Vec::new();
    let lp = Loc::Field(path, "lines");
    let (bases, amounts) = line_bases(rules, lines, &lp, &mut notes)?;
    let line_bases: Vec<LineBase<'d>> = lines
        .iter()
        .zip(&bases)
        .map(|(s, (plan, base))| LineBase {
            line_id: s.line.id,
            quantity: s.units,
            paid: s.paid,
            base: *base,
            earns: plan.is_some(),
        })
        .collect();
    if !rules.enabled {
        notes.push(Note::new(
            "distributionOff",
            "distribution is switched off in this rule set: nobody is paid".to_owned(),
        ));
        return Ok(Payout {
            amounts,
            lines: line_bases,
            beneficiaries: Vec::new(),
            total: Money::ZERO,
            cap: None,
            notes,
        });
    }
    let depth = bases
        .iter()
        .filter_map(|(p, _)| p.map(|p| p.levels.len()))
        .max()
        .unwrap_or(0);
    let chain = paid_chain(rules, buyer, upline, &mut notes);
    let assignment = network::assign_levels(rules, &chain, depth);
    note_passed_over(rules, &assignment, depth, &mut notes);
    let mut beneficiaries = exact_then_rounded(rules, lines, &bases, &assignment.levels, path)?;
    let (total, cap) = apply_cap(
        rules,
        &mut beneficiaries,
        amounts.commission_base,
        path,
        &mut notes,
    )?;
    Ok(Payout {
        amounts,
        lines: line_bases,
        beneficiaries,
        total,
        cap,
        notes,
    })
}

/// A line's paying plan (none when it earns nothing) and its commission base.
type LinePlan<'r> = (Option<&'r Plan>, Money);

/// Each line's paying plan and commission base, and the order's paid amount and commission
/// base (the sum of the bases of lines that earn). A line under `profit` without a cost is an
/// error; every such line is reported.
fn line_bases<'r>(
    rules: &'r RuleSet,
    lines: &[LineState<'_, '_>],
    lp: &Loc<'_>,
    notes: &mut Vec<Note>,
) -> Result<(Vec<LinePlan<'r>>, OrderAmounts), Errors> {
    let mut bases = Vec::with_capacity(lines.len());
    let mut paid_total = Money::ZERO;
    let mut commission_base = Money::ZERO;
    let mut errs = Errors::new();
    for (i, s) in lines.iter().enumerate() {
        let plan = rules.paying_plan_for(s.line.product_id, s.line.sku_id);
        paid_total = paid_total.add(s.paid, lp, "the order's paid amount")?;
        let base = match (plan, rules.base) {
            (None, _) => Money::ZERO,
            (Some(_), Base::Paid) => s.paid,
            (Some(_), Base::Profit) => match s.line.unit_cost {
                Some(c) => {
                    let at = Loc::Index(lp, i);
                    let cost = c.times(s.units, &Loc::Field(&at, "cost"), "cost × quantity")?;
                    s.paid.sub(cost, &at, "profit")?.max(Money::ZERO)
                }
                None => {
                    errs.add(
                        crate::error::ErrorCode::MissingField,
                        lp.path().index(i).field("cost"),
                        "the commission base is profit, so this line needs `cost`",
                    );
                    Money::ZERO
                }
            },
        };
        debug_assert!(
            base <= s.paid,
            "a line's base is at most what was paid for it"
        );
        if plan.is_some() {
            commission_base = commission_base.add(base, lp, "the commission base")?;
        } else if rules.enabled {
            notes.push(Note::new(
                "lineOptedOut",
                format!(
                    "line `{}` earns no commission: its product or SKU opted out",
                    s.line.id
                ),
            ));
        }
        bases.push((plan, base));
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let amounts = OrderAmounts {
        paid: paid_total,
        commission_base,
    };
    Ok((bases, amounts))
}

/// The chain levels are paid along: the buyer first when self-purchase pays them, then the
/// upline, nearest first.
fn paid_chain<'m, 'd>(
    rules: &RuleSet,
    buyer: &'m Member<'d>,
    upline: &'m [Member<'d>],
    notes: &mut Vec<Note>,
) -> Vec<&'m Member<'d>> {
    // References: the members themselves are not copied.
    let mut chain: Vec<&Member<'d>> = Vec::with_capacity(upline.len().saturating_add(1));
    if rules.self_purchase && network::is_distributor(rules, buyer) {
        chain.push(buyer);
        notes.push(Note::new(
            "selfPurchase",
            format!(
                "buyer `{}` is an active distributor and earns level 1 on their own purchase",
                buyer.id
            ),
        ));
    }
    chain.extend(upline);
    chain
}

/// A note for each member passed over, and for an order no distributor is in reach of.
fn note_passed_over(
    rules: &RuleSet,
    assignment: &network::Assignment<'_, '_>,
    depth: usize,
    notes: &mut Vec<Note>,
) {
    for (pos, m) in &assignment.passed_over {
        let (code, what) = match rules.broken_upline {
            crate::rules::BrokenUpline::Forfeit => (
                "levelForfeited",
                format!("level {} is not paid", pos.saturating_add(1)),
            ),
            crate::rules::BrokenUpline::Compress => (
                "memberSkipped",
                "the next distributor up takes the level".to_owned(),
            ),
        };
        notes.push(Note::new(
            code,
            format!("member `{}` is not an active distributor: {what}", m.id),
        ));
    }
    if depth > 0 && assignment.levels.iter().all(Option::is_none) {
        notes.push(Note::new(
            "noBeneficiary",
            "no active distributor is in reach of this order".to_owned(),
        ));
    }
}

/// Each paid level's exact figure over the lines, rounded once per beneficiary.
fn exact_then_rounded<'d>(
    rules: &'d RuleSet,
    lines: &[LineState<'_, 'd>],
    bases: &[LinePlan<'_>],
    levels: &[Option<&Member<'d>>],
    path: &Loc<'_>,
) -> Result<Vec<Beneficiary<'d>>, Errors> {
    let lp = Loc::Field(path, "lines");
    let mut beneficiaries = Vec::new();
    for (k, member) in levels.iter().enumerate() {
        let Some(member) = member else { continue };
        let mut exact = Exact::ZERO;
        let mut shares = Vec::new();
        for (i, (s, (plan, base))) in lines.iter().zip(bases).enumerate() {
            let Some(level) = plan.and_then(|p| p.levels.get(k)) else {
                continue;
            };
            let share = line_share(level, s, *base, member, &Loc::Index(&lp, i))?;
            exact = exact.add(share.exact, path)?;
            shares.push(share);
        }
        let rounded = exact.round(rules.rounding, path)?;
        debug_assert!(rounded >= Money::ZERO, "commission is never negative");
        beneficiaries.push(Beneficiary {
            level: u32::try_from(k.saturating_add(1)).unwrap_or(u32::MAX),
            member_id: member.id,
            tier: rules.tier_id(member.tier),
            amount: rounded,
            exact,
            rounded,
            trimmed: Money::ZERO,
            lines: shares,
        });
    }
    Ok(beneficiaries)
}

/// The cap, after rounding: whatever the total exceeds `floor(base × cap)` by is taken off,
/// deepest level first. Answers the total paid and what the cap did.
fn apply_cap(
    rules: &RuleSet,
    beneficiaries: &mut [Beneficiary<'_>],
    commission_base: Money,
    path: &Loc<'_>,
    notes: &mut Vec<Note>,
) -> Result<(Money, Option<CapApplied>), Errors> {
    let mut total = Money::ZERO;
    for b in beneficiaries.iter() {
        total = total.add(b.amount, path, "total commission")?;
    }
    let Some(rate) = rules.cap else {
        return Ok((total, None));
    };
    let limit = rate
        .of(commission_base, path)?
        .round(Rounding::Down, path)?;
    let mut excess = total.sub(limit, path, "the cap")?.max(Money::ZERO);
    let trimmed_total = excess;
    for b in beneficiaries.iter_mut().rev() {
        let t = excess.min(b.amount);
        b.trimmed = t;
        b.amount = b.amount.sub(t, path, "the cap")?;
        excess = excess.sub(t, path, "the cap")?;
    }
    debug_assert!(excess.is_zero(), "the cap never trims more than was paid");
    if !trimmed_total.is_zero() {
        notes.push(Note::new("capTrimmed", format!("total commission {total} was above the cap of {limit} ({rate} of {commission_base}); {trimmed_total} was taken off, deepest level first")));
        total = limit;
    }
    debug_assert!(
        total <= limit,
        "the total never exceeds the cap after rounding"
    );
    Ok((
        total,
        Some(CapApplied {
            rate,
            limit,
            trimmed: trimmed_total,
        }),
    ))
}

/// One line's contribution at one level; `lp` is the line's path, for overflow errors.
fn line_share<'d>(
    level: &Level,
    s: &LineState<'_, 'd>,
    base: Money,
    member: &Member,
    lp: &Loc<'_>,
) -> Result<LineShare<'d>, Error> {
    let line_id = s.line.id;
    match level {
        Level::Rate(r) => Ok(LineShare {
            line_id,
            rate: Some(*r),
            fixed: None,
            exact: r.of(base, lp)?,
        }),
        Level::TierRates(rates) => {
            let r = member
                .tier
                .and_then(|t| rates.get(t))
                .copied()
                .unwrap_or(Rate::ZERO);
            Ok(LineShare {
                line_id,
                rate: Some(r),
                fixed: None,
                exact: r.of(base, lp)?,
            })
        }
        Level::Fixed(f) => {
            // A line whose paid amount is zero pays nothing, fixed amounts included.
            let amount = if s.paid.is_zero() {
                Money::ZERO
            } else {
                let whole = f.times(
                    s.units,
                    &Loc::Field(lp, "quantity"),
                    "fixed amount × quantity",
                )?;
                match s.fixed_scale {
                    None => whole,
                    Some((kept, before)) => scale_down(whole, kept, before, lp)?,
                }
            };
            Ok(LineShare {
                line_id,
                rate: None,
                fixed: Some(*f),
                exact: amount.as_exact(),
            })
        }
    }
}

/// `floor(amount × kept / before)`, exactly, in fen.
fn scale_down(amount: Money, kept: Money, before: Money, path: &impl At) -> Result<Money, Error> {
    if before.is_zero() {
        return Ok(Money::ZERO);
    }
    let num = i128::from(amount.fen())
        .checked_mul(i128::from(kept.fen()))
        .ok_or_else(|| Error::overflow(path.path(), "a reversed fixed amount"))?;
    let q = num.checked_div(i128::from(before.fen())).unwrap_or(0);
    i64::try_from(q)
        .map(Money::from_fen)
        .map_err(|_| Error::overflow(path.path(), "a reversed fixed amount"))
}
