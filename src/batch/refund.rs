//! A refund in the run, as [`crate::payout::refund`] reverses one: the refund totals grow,
//! each line keeps what those totals leave it (returned units take their share of the
//! line's paid amount, money refunds come off after, order-level money is apportioned over
//! the lines' paid amounts by [`crate::payout::order::apportion`]), and the kept order is
//! settled again with the same payees at the tiers they were paid at. The change is what
//! the refund reverses.

use crate::batch::dataset::{NONE, NO_AMOUNT};
use crate::batch::kernel::{self, LineIn};
use crate::batch::lines::{line_rows, order_path};
use crate::batch::run::{Held, Simulation};
use crate::error::{Error, ErrorCode, Errors, Path};
use crate::money::Money;

fn refund_path(r: usize) -> Path {
    Path::root().field("data").field("refunds").index(r)
}

/// Applies refund row `r` to the run.
pub(crate) fn apply(sim: &mut Simulation<'_>, r: usize) -> Result<(), Errors> {
    let data_at = sim.data.clone();
    let data = &*data_at;
    let rd = &data.refunds;
    let o = rd.order.get(r).copied().unwrap_or(NONE);
    let Some(mut held) = sim.held.remove(&o) else {
        return Err(Error::new(
            ErrorCode::Inconsistent,
            refund_path(r),
            "the refunded order was not settled",
        )
        .into());
    };
    let o = o as usize;
    let start = line_rows(data, o).start;
    let line = rd.line.get(r).copied().unwrap_or(NONE);
    let pos = (line != NONE).then(|| (line as usize).saturating_sub(start));
    let quantity = rd.quantity.get(r).copied().unwrap_or(0);
    let amount = rd.amount.get(r).copied().unwrap_or(NO_AMOUNT);
    add_refund(&mut held, pos, quantity, amount, r)?;
    let now = kept(&held, r)?;
    let mut bases = Vec::with_capacity(now.len());
    let path = order_path(o);
    let (paid, base, _) =
        kernel::bases(&sim.plans, &now, &mut bases).map_err(|f| f.error(&path))?;
    let after = kernel::amounts(&sim.plans, &now, &bases, &held.payees, paid, base)
        .map_err(|f| f.error(&path))?;
    sim.tally
        .refunded(
            data,
            o,
            (&held.now, &held.bases, &held.current),
            (&now, &bases, &after),
            &held.payees,
        )
        .map_err(|what| Error::overflow(refund_path(r), what))?;
    let less = held.current.paid.saturating_sub(after.paid);
    let buyer = data.orders.buyer.get(o).copied().unwrap_or(NONE);
    sim.refund_paid(buyer, less);
    evolve_facts(sim, &held, &after, less, o, r);
    held.now = now;
    held.bases = bases;
    held.current = after;
    sim.held.insert(u32::try_from(o).unwrap_or(NONE), held);
    Ok(())
}

/// Adds the refund to the order's totals: units of a line, money of a line, or money of the
/// order; none may exceed what was sold or paid.
fn add_refund(
    held: &mut Held,
    pos: Option<usize>,
    quantity: u64,
    amount: i64,
    r: usize,
) -> Result<(), Error> {
    let p = refund_path(r);
    match (pos, amount == NO_AMOUNT) {
        (Some(i), true) => {
            let sold = held.sold.get(i).map_or(0, |l| l.units);
            let slot = held
                .units
                .get_mut(i)
                .ok_or_else(|| Error::overflow(p.clone(), "a line"))?;
            let total = slot.saturating_add(quantity);
            if quantity == 0 || total > sold {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    p.field("quantity"),
                    format!(
                        "{quantity} units: the line has {} left of {sold}",
                        sold.saturating_sub(*slot)
                    ),
                ));
            }
            *slot = total;
        }
        (Some(i), false) => {
            let paid = held.sold.get(i).map_or(0, |l| l.paid);
            let slot = held
                .money
                .get_mut(i)
                .ok_or_else(|| Error::overflow(p.clone(), "a line"))?;
            let total = slot
                .checked_add(amount)
                .ok_or_else(|| Error::overflow(p.clone(), "refunds"))?;
            if amount < 0 || total > paid {
                return Err(Error::new(
                    ErrorCode::Inconsistent,
                    p.field("amount"),
                    "refunds on the line would total more than its paid amount",
                ));
            }
            *slot = total;
        }
        (None, false) => {
            let paid = held
                .sold
                .iter()
                .try_fold(0i64, |a, l| a.checked_add(l.paid));
            let total = held.order_level.checked_add(amount);
            if amount < 0 || total.zip(paid).is_none_or(|(t, p)| t > p) {
                return Err(Error::new(
                    ErrorCode::Inconsistent,
                    p.field("amount"),
                    "order-level refunds would total more than the order's paid amount",
                ));
            }
            held.order_level = total.unwrap_or(0);
        }
        (None, true) => {
            return Err(Error::new(
                ErrorCode::Inconsistent,
                p,
                "a refund is a line with a quantity, a line with an amount, or an amount alone",
            ));
        }
    }
    Ok(())
}

/// What each line keeps for the order's refund totals.
fn kept(held: &Held, r: usize) -> Result<Vec<LineIn>, Error> {
    let p = refund_path(r);
    let weights: Vec<Money> = held.sold.iter().map(|l| Money::from_fen(l.paid)).collect();
    let shares = crate::payout::order::apportion(Money::from_fen(held.order_level), &weights, &p)?;
    let mut out = Vec::with_capacity(held.sold.len());
    for (((l, &units), &money), share) in held
        .sold
        .iter()
        .zip(&held.units)
        .zip(&held.money)
        .zip(shares)
    {
        let num = i128::from(l.paid).saturating_mul(i128::from(units));
        let taken = num.checked_div(i128::from(l.units)).unwrap_or(0);
        let taken =
            i64::try_from(taken).map_err(|_| Error::overflow(p.clone(), "a refunded share"))?;
        let by_units = l
            .paid
            .checked_sub(taken)
            .ok_or_else(|| Error::overflow(p.clone(), "a line's kept amount"))?;
        let money = money
            .checked_add(share.fen())
            .ok_or_else(|| Error::overflow(p.clone(), "a line's refunds"))?;
        let paid = by_units
            .checked_sub(money)
            .ok_or_else(|| Error::overflow(p.clone(), "a line's kept amount"))?
            .max(0);
        out.push(LineIn {
            units: l.units.saturating_sub(units),
            paid,
            scale: (paid != by_units).then_some((paid, by_units)),
            ..*l
        });
    }
    Ok(out)
}

/// The refund's change to the tier facts: the order's paid amount and each payee's
/// commission; a payee whose commission rose (a cap leaving room) is evaluated.
fn evolve_facts(
    sim: &mut Simulation<'_>,
    held: &Held,
    after: &kernel::Outcome,
    less: i64,
    o: usize,
    r: usize,
) {
    let data_at = sim.data.clone();
    let data = &*data_at;
    let buyer = data.orders.buyer.get(o).copied().unwrap_or(NONE);
    if let Some(e) = sim.evo.as_mut() {
        let mut changes = [0i64; crate::limits::MAX_LEVELS];
        for ((c, a), b) in changes
            .iter_mut()
            .zip(&after.amounts)
            .zip(&held.current.amounts)
        {
            *c = a.saturating_sub(*b);
        }
        let paid_at = data
            .orders
            .paid_at
            .get(o)
            .copied()
            .unwrap_or(crate::money::time::Timestamp::from_unix(0));
        e.refund_facts(
            data,
            paid_at,
            buyer,
            0i64.saturating_sub(less),
            &held.payees,
            &changes,
        );
        let at = data.refunds.at.get(r).copied().unwrap_or(paid_at);
        let cause = crate::batch::Cause::Refund(u32::try_from(r).unwrap_or(NONE));
        for (p, c) in held.payees.iter().zip(changes) {
            if let (Some(p), true) = (p, c > 0) {
                e.evaluate(p.member, at, cause, &mut sim.tier, data);
            }
        }
    }
}
