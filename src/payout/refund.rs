//! Refunds reverse commission in proportion to what was refunded. The caller sends every
//! refund so far; the engine works out what each line still holds, settles that again with
//! the same function as the original payout, and answers what each beneficiary keeps and the
//! change the latest refund made. Because the state is a function of the refund totals, a
//! run of partial refunds ends exactly where one refund of their sum does.

use crate::error::{Error, ErrorCode, Errors, Path};
use crate::io::ids::Ids;
use crate::io::{decode::Decode, decode::Loc, emit::Emit};
use crate::limits::{self, MAX_CHAIN, MAX_REFUNDS};
use crate::money::{Money, MoneyText};
use crate::payout::commission::{self, LineState, Payout};
use crate::payout::network::MemberDoc;
use crate::payout::order::{apportion, Line, OrderDoc};
use crate::payout::settlement;
use crate::rules::RuleSet;
use schemars::JsonSchema;

/// Arguments of `refund`.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefundArgs<'a> {
    /// The original order, exactly as settled.
    pub order: OrderDoc<'a>,
    /// The same upline as at settlement.
    #[serde(default)]
    pub upline: Vec<MemberDoc<'a>>,
    /// Every refund so far, oldest first. The last one is "the latest".
    pub refunds: Vec<RefundDoc>,
    /// Beneficiaries' available balances, to tell how much of a reversal they cannot cover.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub balances: Vec<BalanceDoc>,
}

/// One refund: `lineId` + `quantity` (units returned), `lineId` + `amount` (money back on a
/// line), or `amount` alone (an order-level refund, prorated like discounts).
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefundDoc {
    /// Refund id, echoed.
    pub id: String,
    /// The line refunded; absent for an order-level refund.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_id: Option<String>,
    /// Units returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u64>,
    /// Money refunded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<MoneyText>,
}

/// A beneficiary's available balance.
#[derive(Clone, Debug, JsonSchema, Decode)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BalanceDoc {
    /// Member id.
    pub member_id: String,
    /// What they could give back now.
    pub available: MoneyText,
}

/// The answer of `refund`.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct RefundOutcome<'a> {
    /// The order's id, echoed.
    pub order_id: &'a str,
    /// The id of the latest refund, whose effect `change` shows.
    pub latest_refund_id: &'a str,
    /// What each line still holds.
    pub lines: Vec<LineRemaining<'a>>,
    /// Per beneficiary: original, before the latest refund, now, and the change.
    pub beneficiaries: Vec<Reversal<'a>>,
    /// The same figures summed.
    pub total: Totals,
    /// The full explanation of commission as it stands now.
    pub current: Payout<'a>,
}

/// What a line still holds after all refunds.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct LineRemaining<'a> {
    /// Line id.
    pub line_id: &'a str,
    /// Units refunded so far.
    pub refunded_quantity: u64,
    /// Paid amount taken off so far (by units, line amounts and order-level refunds).
    pub refunded_paid: Money,
    /// Units still sold.
    pub quantity: u64,
    /// Paid amount still kept.
    pub paid: Money,
}

/// One beneficiary's commission through the refunds.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct Reversal<'a> {
    /// Level.
    pub level: u32,
    /// Member id.
    pub member_id: &'a str,
    /// At settlement.
    pub original: Money,
    /// Before the latest refund.
    pub previous: Money,
    /// What they keep now.
    pub current: Money,
    /// `current − previous`: zero or negative, except where a cap that trimmed this level
    /// leaves it more room on the smaller base (the kept state is always exactly what
    /// settling the kept order pays).
    pub change: Money,
    /// The part of the reversal their available balance cannot cover, when a balance was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<Money>,
}

/// Sums over beneficiaries.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Emit)]
#[cfg_attr(feature = "serialize", derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    /// At settlement.
    pub original: Money,
    /// Before the latest refund.
    pub previous: Money,
    /// Now.
    pub current: Money,
    /// `current − previous`.
    pub change: Money,
}

/// Cumulative refunds on one line.
#[derive(Clone, Copy, Debug, Default)]
struct LineRefunds {
    units: u64,
    amount: Money,
}

/// The refund totals after some prefix of the refund list.
#[derive(Clone, Debug)]
struct Totaled {
    per_line: Vec<LineRefunds>,
    order_level: Money,
}

/// What a line keeps for a given set of refund totals.
struct Kept {
    units: u64,
    /// Paid amount kept by the units still sold, before money refunds.
    by_units: Money,
    /// After money refunds too (never below zero).
    paid: Money,
}

/// What each line keeps. Returned units take `floor(paid × returned / quantity)`; money
/// refunded on the line (its own amount refunds plus its share of order-level refunds,
/// apportioned over the lines' paid amounts) comes off what the units keep, down to zero.
/// Every term only grows with the refund totals, so a further refund never raises what a
/// line keeps, and the state depends on the totals alone, not on how they were split.
fn kept(lines: &[Line], t: &Totaled, path: &Path) -> Result<Vec<Kept>, Error> {
    let weights: Vec<Money> = lines.iter().map(|l| l.paid).collect();
    let shares = apportion(t.order_level, &weights, path)?;
    let mut out = Vec::with_capacity(lines.len());
    for ((line, r), order_share) in lines.iter().zip(&t.per_line).zip(shares) {
        let units = line.quantity.saturating_sub(r.units);
        let num = i128::from(line.paid.fen()).saturating_mul(i128::from(r.units));
        let share = num.checked_div(i128::from(line.quantity)).unwrap_or(0);
        let share = Money::from_fen(
            i64::try_from(share).map_err(|_| Error::overflow(path.clone(), "a refunded share"))?,
        );
        let by_units = line.paid.sub(share, path, "a line's kept amount")?;
        let money = r.amount.add(order_share, path, "a line's refunds")?;
        let paid = by_units
            .sub(money, path, "a line's kept amount")?
            .max(Money::ZERO);
        out.push(Kept {
            units,
            by_units,
            paid,
        });
    }
    Ok(out)
}

/// Reverses commission for the refunds so far.
pub fn refund<'a>(
    rules: &'a RuleSet,
    args: &'a RefundArgs<'_>,
) -> Result<RefundOutcome<'a>, Errors> {
    let root = Path::root();
    let rp = root.field("refunds");
    let mut errs = Errors::new();
    let checked = errs.take_all(settlement::check(rules, &args.order, &args.upline));
    limits::check_len(args.refunds.len(), MAX_REFUNDS, &rp, "refunds")?;
    limits::check_len(
        args.balances.len(),
        MAX_CHAIN,
        &root.field("balances"),
        "balances",
    )?;
    if args.refunds.is_empty() {
        errs.add(
            ErrorCode::InvalidValue,
            rp.clone(),
            "give at least one refund",
        );
    }
    let balances = Balances::check(&args.balances, &root.field("balances"), &mut errs);
    let Some(c) = checked else { return Err(errs) };
    let lines = &c.order.lines;
    let (before_latest, t) = totals(&args.refunds, lines, c.order.paid(), &rp, &mut errs);
    if !errs.is_empty() {
        return Err(errs);
    }
    let op_path = root.field("order");
    let op = Loc::At(&op_path);
    let settle = |states: &[LineState<'_, 'a>]| {
        commission::compute(rules, states, &c.order.buyer, &c.upline, &op)
    };
    let original_states: Vec<LineState<'_, '_>> = lines.iter().map(LineState::sold).collect();
    let original = settle(&original_states)?;
    let previous = settle(&states(lines, &kept(lines, &before_latest, &rp)?))?;
    let current_kept = kept(lines, &t, &rp)?;
    let current = settle(&states(lines, &current_kept))?;
    debug_assert!(
        current.total <= original.total,
        "refunds never give back more than was paid"
    );
    let beneficiaries = reversals(&original, &previous, &current, &balances, &rp)?;
    let total = Totals {
        original: original.total,
        previous: previous.total,
        current: current.total,
        change: current.total.sub(previous.total, &rp, "a reversal")?,
    };
    let line_out = remaining(lines, &t, &current_kept);
    Ok(RefundOutcome {
        order_id: c.order.id,
        latest_refund_id: args.refunds.last().map_or("", |r| r.id.as_str()),
        lines: line_out,
        beneficiaries,
        total,
        current,
    })
}

/// What each line has left after every refund so far, and what was refunded of it.
fn remaining<'a>(lines: &[Line<'a>], t: &Totaled, kept: &[Kept]) -> Vec<LineRemaining<'a>> {
    debug_assert!(lines.len() == t.per_line.len() && lines.len() == kept.len());
    lines
        .iter()
        .zip(&t.per_line)
        .zip(kept)
        .map(|((l, r), k)| LineRemaining {
            line_id: l.id,
            refunded_quantity: r.units,
            refunded_paid: Money::from_fen(l.paid.fen().saturating_sub(k.paid.fen())),
            quantity: k.units,
            paid: k.paid,
        })
        .collect()
}

/// The beneficiaries' available balances, found by member id, to tell a shortfall.
struct Balances<'a> {
    index: Ids<'a>,
    available: Vec<Money>,
}

impl<'a> Balances<'a> {
    fn check(list: &'a [BalanceDoc], path: &Path, errs: &mut Errors) -> Self {
        let mut index = Ids::default();
        let mut available = vec![Money::ZERO; list.len()];
        for (i, b) in list.iter().enumerate() {
            let bp = path.index(i);
            errs.take(limits::check_id(&b.member_id, &bp.field("memberId")));
            if let Some(a) = errs.take(b.available.check(&bp.field("available"))) {
                if let Some(slot) = available.get_mut(i) {
                    *slot = a;
                }
                if !index.add(&b.member_id, i) {
                    errs.add(
                        ErrorCode::Duplicate,
                        bp.field("memberId"),
                        format!("member `{}` has two balances", b.member_id),
                    );
                }
            }
        }
        Balances { index, available }
    }

    fn of(&self, member_id: &str) -> Option<Money> {
        self.index
            .get(member_id)
            .and_then(|i| self.available.get(i))
            .copied()
    }
}

/// The refunds' totals before the latest refund and after it. Units cannot exceed what was
/// sold, nor money what was paid (on a line, or on the order); every refund past that is
/// reported, and a refund that fails a check adds nothing.
fn totals(
    refunds: &[RefundDoc],
    lines: &[Line],
    order_paid: Money,
    rp: &Path,
    errs: &mut Errors,
) -> (Totaled, Totaled) {
    let mut index = Ids::default();
    for (i, l) in lines.iter().enumerate() {
        index.add(l.id, i);
    }
    let mut t = Totaled {
        per_line: vec![LineRefunds::default(); lines.len()],
        order_level: Money::ZERO,
    };
    let mut before_latest = t.clone();
    let mut ids = Ids::default();
    for (k, r) in refunds.iter().enumerate() {
        let p = rp.index(k);
        errs.take(limits::check_id(&r.id, &p.field("id")));
        if !ids.add(&r.id, k) {
            errs.add(
                ErrorCode::Duplicate,
                p.field("id"),
                format!("refund `{}` appears twice", r.id),
            );
        }
        if k.saturating_add(1) == refunds.len() {
            before_latest = t.clone();
        }
        add_refund(r, lines, order_paid, &index, &mut t, &p, errs);
    }
    (before_latest, t)
}

/// Adds one refund to the totals: units of a line, money of a line, or money of the order.
fn add_refund(
    r: &RefundDoc,
    lines: &[Line],
    order_paid: Money,
    index: &Ids<'_>,
    t: &mut Totaled,
    p: &Path,
    errs: &mut Errors,
) {
    let amount = r
        .amount
        .as_ref()
        .and_then(|a| errs.take(a.check(&p.field("amount"))));
    match (&r.line_id, r.quantity, amount) {
        (Some(line_id), Some(q), None) => {
            let Some((i, slot)) = line_slot(index, t, line_id, p, errs) else {
                return;
            };
            let sold = lines.get(i).map_or(0, |l| l.quantity);
            let total = slot.units.saturating_add(q);
            if q == 0 || total > sold {
                errs.add(
                    ErrorCode::OutOfRange,
                    p.field("quantity"),
                    format!(
                        "{q} units: the line has {} left of {sold}",
                        sold.saturating_sub(slot.units)
                    ),
                );
                return;
            }
            slot.units = total;
        }
        (Some(line_id), None, Some(a)) => {
            let Some((i, slot)) = line_slot(index, t, line_id, p, errs) else {
                return;
            };
            let paid = lines.get(i).map_or(Money::ZERO, |l| l.paid);
            let Some(total) = errs.take(slot.amount.add(a, &p.field("amount"), "refunds")) else {
                return;
            };
            if total > paid {
                errs.add(ErrorCode::Inconsistent, p.field("amount"), format!("refunds on line `{line_id}` would total {total}, more than its paid amount {paid}"));
                return;
            }
            slot.amount = total;
        }
        (None, None, Some(a)) => {
            let Some(total) = errs.take(t.order_level.add(a, &p.field("amount"), "refunds")) else {
                return;
            };
            if total > order_paid {
                errs.add(ErrorCode::Inconsistent, p.field("amount"), format!("order-level refunds would total {total}, more than the order's paid amount {order_paid}"));
                return;
            }
            t.order_level = total;
        }
        (_, _, None) if r.amount.is_some() => {}
        _ => {
            errs.add(
                ErrorCode::Inconsistent,
                p.clone(),
                "a refund is `lineId` with `quantity`, `lineId` with `amount`, or `amount` alone",
            );
        }
    }
}

/// Each original beneficiary's figures: originally, before the latest refund, now, the
/// change, and the shortfall against their balance when one is given.
fn reversals<'a>(
    original: &Payout<'a>,
    previous: &Payout<'_>,
    current: &Payout<'_>,
    balances: &Balances<'_>,
    rp: &Path,
) -> Result<Vec<Reversal<'a>>, Errors> {
    let mut out = Vec::with_capacity(original.beneficiaries.len());
    for b in &original.beneficiaries {
        let amount_in = |p: &Payout<'_>| {
            p.beneficiaries
                .iter()
                .find(|x| x.level == b.level)
                .map_or(Money::ZERO, |x| x.amount)
        };
        let prev = amount_in(previous);
        let now = amount_in(current);
        let change = now.sub(prev, rp, "a reversal")?;
        let shortfall = match balances.of(b.member_id) {
            Some(avail) => Some(
                Money::ZERO
                    .sub(change, rp, "a reversal")?
                    .sub(avail, rp, "a shortfall")?
                    .max(Money::ZERO),
            ),
            None => None,
        };
        out.push(Reversal {
            level: b.level,
            member_id: b.member_id,
            original: b.amount,
            previous: prev,
            current: now,
            change,
            shortfall,
        });
    }
    Ok(out)
}

fn line_slot<'t>(
    index: &Ids<'_>,
    t: &'t mut Totaled,
    line_id: &str,
    p: &Path,
    errs: &mut Errors,
) -> Option<(usize, &'t mut LineRefunds)> {
    let Some(i) = index.get(line_id) else {
        errs.add(
            ErrorCode::UnknownReference,
            p.field("lineId"),
            format!("`{line_id}` is not a line of this order"),
        );
        return None;
    };
    t.per_line.get_mut(i).map(|s| (i, s))
}

fn states<'l, 'd>(lines: &'l [Line<'d>], kept: &[Kept]) -> Vec<LineState<'l, 'd>> {
    lines
        .iter()
        .zip(kept)
        .map(|(line, k)| LineState {
            line,
            units: k.units,
            paid: k.paid,
            fixed_scale: if k.paid == k.by_units {
                None
            } else {
                Some((k.paid, k.by_units))
            },
        })
        .collect()
}
