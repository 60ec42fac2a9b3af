//! The everyday order, settled without a per-operation overflow check: the same figures as
//! [`crate::batch::lines::sold`], [`crate::batch::kernel::bases`] and
//! [`crate::batch::kernel::amounts`], in `i64` with plain (wrapping) multiplications whose
//! results a bound proves exact.
//!
//! Why: a checked `i64` multiplication costs one `imul` and a `jo` natively, but WebAssembly
//! has no overflow flag and no 64 × 64 → 128 multiplication, so each one becomes a call to a
//! 128-bit software multiply (`__multi3`) and a test of its high half. The run takes this path
//! for an order when:
//!
//! - the rule set's base is the paid amount and no plan has a fixed amount per unit
//!   (decided once per run, [`Plans::fast`]);
//! - the order has at most [`LINES`] lines, every unit price and quantity is below
//!   [`LIMIT`] and so is the order's total at list price;
//! - every line that earns is paid by one plan (then a level's exact figure
//!   `Σ rate × base_i` is `rate × Σ base_i`, the same integer);
//! - it has no refund (a refunded order keeps its lines for the reversal).
//!
//! Every other order takes the general path, checked at every step, so no input can give a
//! wrong figure or a panic here. The bounds, with `L` = [`LIMIT`] = 2^31:
//!
//! - a line's amount `unit × quantity` < 2^31 × 2^31 = 2^62 < 2^63;
//! - a proration numerator `discount × amount` ≤ gross × gross < 2^62 (discount ≤ gross);
//! - a level's exact figure `rate × base` ≤ 10^6 × 2^31 < 2^20 × 2^31 = 2^51 (a rate is at
//!   most 1 000 000 millionths, [`crate::batch::plan::micro`]), plus 500 000 for half up;
//!   the cap's `cap × base` likewise;
//! - each level's rounded amount is at most the base, so their sum is below 3 × 2^31.

use crate::batch::dataset::{Dataset, NONE};
use crate::batch::kernel::{Outcome, Payees};
use crate::batch::plan::{Plans, Step};

/// Unit prices, quantities and an order's total at list price below this (fen, units) take
/// the fast path: ¥21,474,836.48 an order.
pub(crate) const LIMIT: i64 = 1 << 31;

/// Orders with more lines take the general path.
pub(crate) const LINES: usize = 8;

/// Millionths in one.
pub(crate) const MICRO: i64 = 1_000_000;

/// An order's lines as the fast path holds them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lines {
    /// How many lines.
    pub n: usize,
    /// Each line's paid amount (discounts prorated), fen.
    pub paid: [i64; LINES],
    /// Each line's proration remainder.
    rem: [i64; LINES],
    /// Whether the line earns (its plan pays).
    pub earns: [bool; LINES],
    /// The plan paying every earning line, `NONE` when no line earns.
    pub plan: u32,
    /// The order's paid amount.
    pub total: i64,
    /// The commission base: the earning lines' paid amounts.
    pub base: i64,
}

/// Order `o`'s lines, prorated, or `None` when the order is outside the fast path's bounds
/// (the general path then settles it, or answers its error). Inlined into each of the
/// run's two loops, where it is the most of an order's work.
#[inline(always)]
pub(crate) fn lines(plans: &Plans, data: &Dataset, o: usize) -> Option<Lines> {
    let od = &data.orders;
    let mut q = Lines {
        n: 0,
        paid: [0; LINES],
        rem: [0; LINES],
        earns: [false; LINES],
        plan: NONE,
        total: 0,
        base: 0,
    };
    let mut gross: i64 = 0;
    for (l, i) in crate::batch::lines::line_rows(data, o).zip(0..) {
        let unit = *od.line_unit_price.get(l)?;
        let qty = *od.line_quantity.get(l)?;
        if !(0..LIMIT).contains(&unit) || qty >= LIMIT.unsigned_abs() {
            return None;
        }
        // Both below 2^31: the product is below 2^62 (the module's bounds).
        #[allow(clippy::cast_possible_wrap)]
        let amount = unit.wrapping_mul(qty as i64);
        debug_assert_eq!(Some(amount), unit.checked_mul(qty as i64));
        gross = gross.checked_add(amount)?;
        let plan = plans.line_plan(
            *od.line_product.get(l)?,
            od.line_sku.get(l).copied().unwrap_or(NONE),
        );
        if plan != NONE {
            if q.plan == NONE {
                q.plan = plan;
            } else if q.plan != plan {
                return None;
            }
        }
        *q.paid.get_mut(i)? = amount;
        *q.earns.get_mut(i)? = plan != NONE;
        q.n = i.wrapping_add(1);
    }
    if gross >= LIMIT || (q.plan != NONE && !plans.fast.get(q.plan as usize).copied()?) {
        return None;
    }
    let discount = *od.discount.get(o)?;
    if discount > gross {
        return None;
    }
    if discount > 0 {
        prorate(&mut q, discount, gross)?;
    }
    // 0 < discount ≤ gross, or no discount: the paid amount is what the lines keep.
    q.total = gross.wrapping_sub(discount.max(0));
    q.base = q
        .paid
        .iter()
        .zip(&q.earns)
        .take(q.n)
        .filter(|(_, &e)| e)
        .fold(0i64, |sum, (&p, _)| sum.wrapping_add(p));
    Some(q)
}

/// Takes `discount` (in 1..=`gross`) off the lines in proportion to their amounts, by
/// largest remainder, ties to the earlier line: [`crate::payout::order::prorate`].
fn prorate(q: &mut Lines, discount: i64, gross: i64) -> Option<()> {
    let mut given: i64 = 0;
    for (p, r) in q.paid.iter_mut().zip(q.rem.iter_mut()).take(q.n) {
        // discount ≤ gross < 2^31 and amount ≤ gross: the product is below 2^62.
        let num = discount.wrapping_mul(*p);
        debug_assert_eq!(Some(num), discount.checked_mul(*p));
        let share = num.checked_div(gross)?;
        *r = num.checked_rem(gross)?;
        *p = p.wrapping_sub(share);
        given = given.wrapping_add(share);
    }
    // Each share is at most its amount, and the remainders sum to fewer than n × gross: fewer
    // than n fen are left, one each to the largest remainders.
    let left = discount.wrapping_sub(given);
    debug_assert!((0..=i64::try_from(q.n).unwrap_or(i64::MAX)).contains(&left));
    for _ in 0..left {
        let mut best = 0usize;
        let mut most = -1i64;
        for (i, &r) in q.rem.iter().enumerate().take(q.n) {
            if r > most {
                (best, most) = (i, r);
            }
        }
        *q.paid.get_mut(best)? = q.paid.get(best)?.wrapping_sub(1);
        *q.rem.get_mut(best)? = -1;
    }
    Some(())
}

impl Lines {
    /// How many levels the order pays: its plan's.
    pub fn depth(&self, plans: &Plans) -> usize {
        plans.levels.get(self.plan as usize).map_or(0, Vec::len)
    }
}

/// The order's commission paid to `payees`: each level `rate × base` rounded once, then the
/// cap, deepest level first, as [`crate::batch::kernel::amounts`] answers it.
pub(crate) fn amounts(plans: &Plans, q: &Lines, payees: &Payees) -> Outcome {
    let mut out = Outcome {
        paid: q.total,
        base: q.base,
        ..Outcome::default()
    };
    let steps = plans
        .levels
        .get(q.plan as usize)
        .map_or(&[][..], Vec::as_slice);
    let bump = if plans.half_up { MICRO / 2 } else { 0 };
    for ((payee, step), slot) in payees.iter().zip(steps).zip(out.amounts.iter_mut()) {
        let Some(payee) = payee else { continue };
        let rate = match *step {
            Step::Rate(r) => r,
            Step::Tiers(at) => plans.tier_rate(at, payee.tier),
            Step::Fixed(_) => 0,
        };
        debug_assert!((0..=MICRO).contains(&rate) && (0..LIMIT).contains(&q.base));
        // rate ≤ 10^6 < 2^20 and base < 2^31: below 2^51 with the bump.
        *slot = rate
            .wrapping_mul(q.base)
            .wrapping_add(bump)
            .wrapping_div(MICRO);
        out.total = out.total.wrapping_add(*slot);
    }
    if let Some(cap) = plans.cap {
        // The cap is at most 10^6 millionths: below 2^51 as well.
        let limit = cap.wrapping_mul(q.base).wrapping_div(MICRO);
        let mut excess = out.total.wrapping_sub(limit).max(0);
        if excess > 0 {
            for a in out.amounts.iter_mut().rev() {
                let t = excess.min(*a);
                *a = a.wrapping_sub(t);
                excess = excess.wrapping_sub(t);
            }
            out.total = limit;
        }
    }
    out
}
