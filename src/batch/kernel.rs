//! One order's commission in integers, as [`crate::payout::commission::compute`] answers it:
//! each line's base, each level's exact figure summed over the lines (in millionths of a
//! fen), rounded once per beneficiary, then the cap, deepest level first.
//!
//! Bounds: a line's paid amount, cost × units and fixed × units are `i64` fen, checked as
//! the single-order API checks them (an overflow is an error there and here); a rate is at
//! most 1 000 000 millionths, so `rate × base` is below 2^63 × 2^20 and a level's sum over
//! lines stays far inside `i128`. tests/batch_props.rs holds every figure to the API's.

use crate::batch::dataset::NONE;
use crate::batch::plan::{Plans, Step};
use crate::error::Error;
use crate::limits::MAX_LEVELS;

/// Millionths in one.
const MICRO: i128 = 1_000_000;

/// What a line holds when commission is computed: as sold, or what a refund left.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct LineIn {
    /// The paying plan, or `NONE`.
    pub plan: u32,
    /// Units still sold.
    pub units: u64,
    /// Paid amount still kept, fen.
    pub paid: i64,
    /// Unit cost, fen, or `NO_COST`.
    pub cost: i64,
    /// After an amount refund, fixed amounts scale by `kept / before` (both paid amounts).
    pub scale: Option<(i64, i64)>,
}

/// A beneficiary: the member's row and their tier at the order's paid time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Payee {
    /// Member row.
    pub member: u32,
    /// Tier index, or `NONE`.
    pub tier: u32,
}

/// The payees by level, level 1 first.
pub(crate) type Payees = [Option<Payee>; MAX_LEVELS];

/// An order's commission.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// The order's paid amount (lines as held).
    pub paid: i64,
    /// The commission base: bases of the lines that earn.
    pub base: i64,
    /// What each level is paid, after the cap.
    pub amounts: [i64; MAX_LEVELS],
    /// Their sum.
    pub total: i64,
}

/// Why a figure could not be computed: the line it belongs to (or the order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    /// A figure left `i64` (the single-order API reports `overflow` as well).
    Overflow(&'static str),
    /// The base is profit and this line (by position in the order) has no cost.
    NoCost(usize),
}

impl Fault {
    /// The error at the order's path.
    pub fn error(self, order: &crate::error::Path) -> Error {
        match self {
            Fault::Overflow(what) => Error::overflow(order.clone(), what),
            Fault::NoCost(i) => Error::new(
                crate::error::ErrorCode::MissingField,
                order.field("lines").index(i).field("cost"),
                "the commission base is profit, so this line needs `cost`",
            ),
        }
    }
}

/// Each line's base into `bases`; answers the paid amount, the commission base and the
/// depth (the most levels any earning line's plan has).
pub(crate) fn bases(
    plans: &Plans,
    lines: &[LineIn],
    bases: &mut Vec<i64>,
) -> Result<(i64, i64, usize), Fault> {
    bases.clear();
    let (mut paid, mut base_sum, mut depth) = (0i64, 0i64, 0usize);
    let mut missing = None;
    for (i, l) in lines.iter().enumerate() {
        paid = paid
            .checked_add(l.paid)
            .ok_or(Fault::Overflow("the order's paid amount"))?;
        let base = if l.plan == NONE {
            0
        } else if plans.profit {
            if l.cost == crate::batch::dataset::NO_COST {
                missing = missing.or(Some(i));
                0
            } else {
                let cost = i64::try_from(l.units)
                    .ok()
                    .and_then(|u| l.cost.checked_mul(u))
                    .ok_or(Fault::Overflow("cost × quantity"))?;
                l.paid
                    .checked_sub(cost)
                    .ok_or(Fault::Overflow("profit"))?
                    .max(0)
            }
        } else {
            l.paid
        };
        if l.plan != NONE {
            base_sum = base_sum
                .checked_add(base)
                .ok_or(Fault::Overflow("the commission base"))?;
            let n = plans.levels.get(l.plan as usize).map_or(0, Vec::len);
            depth = depth.max(n);
        }
        bases.push(base);
    }
    match missing {
        Some(i) => Err(Fault::NoCost(i)),
        None => Ok((paid, base_sum, depth)),
    }
}

/// One line's exact contribution at level `k`, in millionths of a fen.
fn share(plans: &Plans, l: &LineIn, base: i64, k: usize, tier: u32) -> Result<i128, Fault> {
    let Some(step) = plans.levels.get(l.plan as usize).and_then(|p| p.get(k)) else {
        return Ok(0);
    };
    let rate = match *step {
        Step::Rate(r) => r,
        Step::Tiers(at) => plans.tier_rate(at, tier),
        Step::Fixed(f) => {
            if l.paid == 0 {
                return Ok(0);
            }
            let whole = i64::try_from(l.units)
                .ok()
                .and_then(|u| f.checked_mul(u))
                .ok_or(Fault::Overflow("fixed amount × quantity"))?;
            let amount = match l.scale {
                None => whole,
                Some((kept, before)) => scale_down(whole, kept, before)?,
            };
            return i128::from(amount)
                .checked_mul(MICRO)
                .ok_or(Fault::Overflow("commission"));
        }
    };
    // Products of everyday figures fit `i64`; the widening multiply is for the rest.
    match rate.checked_mul(base) {
        Some(p) => Ok(i128::from(p)),
        None => i128::from(rate)
            .checked_mul(i128::from(base))
            .ok_or(Fault::Overflow("commission")),
    }
}

/// `floor(amount × kept / before)`, zero when nothing was there before.
fn scale_down(amount: i64, kept: i64, before: i64) -> Result<i64, Fault> {
    if before == 0 {
        return Ok(0);
    }
    let q = i128::from(amount)
        .checked_mul(i128::from(kept))
        .and_then(|n| n.checked_div(i128::from(before)))
        .ok_or(Fault::Overflow("a reversed fixed amount"))?;
    i64::try_from(q).map_err(|_| Fault::Overflow("a reversed fixed amount"))
}

/// Rounds a non-negative exact figure in millionths of a fen to whole fen. Figures that fit
/// `i64` (all but the largest) divide there, where division by a constant is a multiply.
pub(crate) fn round(exact: i128, half_up: bool) -> Result<i64, Fault> {
    if let Ok(x) = i64::try_from(exact) {
        let bumped = if half_up {
            x.checked_add(500_000)
        } else {
            Some(x)
        };
        if let Some(b) = bumped {
            return b
                .checked_div(1_000_000)
                .ok_or(Fault::Overflow("commission"));
        }
    }
    let bumped = if half_up {
        exact.checked_add(MICRO / 2)
    } else {
        Some(exact)
    };
    bumped
        .and_then(|x| x.checked_div(MICRO))
        .and_then(|q| i64::try_from(q).ok())
        .ok_or(Fault::Overflow("commission"))
}

/// The order's commission for `lines` (bases already in `bases`) paid to `payees`.
pub(crate) fn amounts(
    plans: &Plans,
    lines: &[LineIn],
    bases: &[i64],
    payees: &Payees,
    paid: i64,
    base: i64,
) -> Result<Outcome, Fault> {
    let mut out = Outcome {
        paid,
        base,
        ..Outcome::default()
    };
    for (k, payee) in payees.iter().enumerate() {
        let Some(payee) = payee else { continue };
        let mut exact: i128 = 0;
        for (l, b) in lines.iter().zip(bases) {
            if l.plan == NONE {
                continue;
            }
            exact = exact
                .checked_add(share(plans, l, *b, k, payee.tier)?)
                .ok_or(Fault::Overflow("commission"))?;
        }
        let rounded = round(exact, plans.half_up)?;
        if let Some(slot) = out.amounts.get_mut(k) {
            *slot = rounded;
        }
        out.total = out
            .total
            .checked_add(rounded)
            .ok_or(Fault::Overflow("total commission"))?;
    }
    cap(plans, &mut out)?;
    Ok(out)
}

/// The cap after rounding: the excess over `floor(base × cap)` comes off, deepest first.
fn cap(plans: &Plans, out: &mut Outcome) -> Result<(), Fault> {
    let Some(rate) = plans.cap else {
        return Ok(());
    };
    let limit = round(
        i128::from(rate)
            .checked_mul(i128::from(out.base))
            .ok_or(Fault::Overflow("the cap"))?,
        false,
    )?;
    let mut excess = out
        .total
        .checked_sub(limit)
        .ok_or(Fault::Overflow("the cap"))?
        .max(0);
    if excess == 0 {
        return Ok(());
    }
    for a in out.amounts.iter_mut().rev() {
        let t = excess.min(*a);
        *a = a.checked_sub(t).ok_or(Fault::Overflow("the cap"))?;
        excess = excess.checked_sub(t).ok_or(Fault::Overflow("the cap"))?;
    }
    out.total = limit;
    Ok(())
}
