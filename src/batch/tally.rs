//! The run's running totals, all in fen: per member, per level, per tier (the beneficiary's
//! tier when the order was paid), per product, and the whole. "Gross" counts each order as
//! settled; "net" is gross with every refund's change applied at the refund's time.

use crate::batch::dataset::Dataset;
use crate::batch::kernel::{LineIn, Outcome, Payees};
use crate::batch::lines::line_rows;
use crate::batch::NONE;
use crate::limits::MAX_LEVELS;

/// A figure that left `i64`.
pub(crate) type Overflow = &'static str;

/// Gross and net of one figure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pair {
    /// As settled.
    pub gross: i64,
    /// After refunds.
    pub net: i64,
}

/// One order's figures, for the per-order CSV.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OrderRow {
    /// Paid amount, as paid and after refunds.
    pub paid: Pair,
    /// Commission base.
    pub base: Pair,
    /// Commission.
    pub payout: Pair,
}

/// Running totals.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tally {
    pub member: Vec<Pair>,
    pub level: [Pair; MAX_LEVELS],
    pub tier: Vec<Pair>,
    pub product_paid: Vec<Pair>,
    pub product_base: Vec<Pair>,
    pub paid: Pair,
    pub payout: Pair,
    pub reversals: u64,
    pub reversed: i64,
    pub orders: Option<Vec<OrderRow>>,
}

fn add(to: &mut i64, v: i64, what: Overflow) -> Result<(), Overflow> {
    *to = to.checked_add(v).ok_or(what)?;
    Ok(())
}

fn both(p: &mut Pair, v: i64, what: Overflow) -> Result<(), Overflow> {
    add(&mut p.gross, v, what)?;
    add(&mut p.net, v, what)
}

impl Tally {
    pub fn new(members: usize, products: usize, tiers: usize, orders: Option<usize>) -> Tally {
        Tally {
            member: vec![Pair::default(); members],
            tier: vec![Pair::default(); tiers],
            product_paid: vec![Pair::default(); products],
            product_base: vec![Pair::default(); products],
            orders: orders.map(|n| vec![OrderRow::default(); n]),
            ..Tally::default()
        }
    }

    /// Counts order `o` as settled.
    pub fn settled(
        &mut self,
        data: &Dataset,
        o: usize,
        lines: &[LineIn],
        bases: &[i64],
        payees: &Payees,
        out: &Outcome,
    ) -> Result<(), Overflow> {
        both(&mut self.paid, out.paid, "paid sales")?;
        both(&mut self.payout, out.total, "the payout")?;
        for (((k, p), &a), level) in payees
            .iter()
            .enumerate()
            .zip(&out.amounts)
            .zip(&mut self.level)
        {
            let Some(p) = p else { continue };
            debug_assert!(k < MAX_LEVELS);
            both(level, a, "a level's payout")?;
            if let Some(m) = self.member.get_mut(p.member as usize) {
                both(m, a, "a member's commission")?;
            }
            if let Some(t) = self.tier.get_mut(p.tier as usize) {
                both(t, a, "a tier's payout")?;
            }
        }
        for ((row, l), &b) in line_rows(data, o).zip(lines).zip(bases) {
            let product = data.orders.line_product.get(row).copied().unwrap_or(NONE) as usize;
            if let Some(p) = self.product_paid.get_mut(product) {
                both(p, l.paid, "a product's paid sales")?;
            }
            if let Some(p) = self.product_base.get_mut(product) {
                both(p, b, "a product's base")?;
            }
        }
        if let Some(r) = self.orders.as_mut().and_then(|v| v.get_mut(o)) {
            let pair = |v| Pair { gross: v, net: v };
            *r = OrderRow {
                paid: pair(out.paid),
                base: pair(out.base),
                payout: pair(out.total),
            };
        }
        Ok(())
    }

    /// Applies a refund's change to order `o`: lines and bases before and after, the
    /// commission before and after, to the same payees at the tiers they were paid at.
    #[allow(clippy::too_many_arguments)]
    pub fn refunded(
        &mut self,
        data: &Dataset,
        o: usize,
        before: (&[LineIn], &[i64], &Outcome),
        after: (&[LineIn], &[i64], &Outcome),
        payees: &Payees,
    ) -> Result<(), Overflow> {
        let net = |p: &mut Pair, old: i64, new: i64, what| -> Result<(), Overflow> {
            let d = new.checked_sub(old).ok_or(what)?;
            add(&mut p.net, d, what)
        };
        net(&mut self.paid, before.2.paid, after.2.paid, "paid sales")?;
        net(
            &mut self.payout,
            before.2.total,
            after.2.total,
            "the payout",
        )?;
        let change = before
            .2
            .total
            .checked_sub(after.2.total)
            .ok_or("a reversal")?;
        add(&mut self.reversed, change, "the reversals")?;
        self.reversals = self.reversals.saturating_add(1);
        for (k, p) in payees.iter().enumerate() {
            let Some(p) = p else { continue };
            let old = before.2.amounts.get(k).copied().unwrap_or(0);
            let new = after.2.amounts.get(k).copied().unwrap_or(0);
            if let Some(l) = self.level.get_mut(k) {
                net(l, old, new, "a level's payout")?;
            }
            if let Some(m) = self.member.get_mut(p.member as usize) {
                net(m, old, new, "a member's commission")?;
            }
            if let Some(t) = self.tier.get_mut(p.tier as usize) {
                net(t, old, new, "a tier's payout")?;
            }
        }
        let rows = line_rows(data, o);
        for (i, row) in rows.enumerate() {
            let product = data.orders.line_product.get(row).copied().unwrap_or(NONE) as usize;
            let (Some(lb), Some(la)) = (before.0.get(i), after.0.get(i)) else {
                continue;
            };
            if let Some(p) = self.product_paid.get_mut(product) {
                net(p, lb.paid, la.paid, "a product's paid sales")?;
            }
            let (bb, ba) = (
                before.1.get(i).copied().unwrap_or(0),
                after.1.get(i).copied().unwrap_or(0),
            );
            if let Some(p) = self.product_base.get_mut(product) {
                net(p, bb, ba, "a product's base")?;
            }
        }
        if let Some(r) = self.orders.as_mut().and_then(|v| v.get_mut(o)) {
            r.paid.net = after.2.paid;
            r.base.net = after.2.base;
            r.payout.net = after.2.total;
        }
        Ok(())
    }
}
