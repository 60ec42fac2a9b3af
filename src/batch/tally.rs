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

/// Running totals. Per member and per product the settled figures and the refunds' changes
/// are kept apart (net = gross + change), so that settling an order writes 8 bytes per
/// beneficiary and 16 per line, not twice that.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tally {
    pub member: Vec<i64>,
    pub member_change: Vec<i64>,
    pub level: [Pair; MAX_LEVELS],
    pub tier: Vec<Pair>,
    /// Paid amount and base, as settled.
    pub product: Vec<(i64, i64)>,
    /// Their changes by refunds.
    pub product_change: Vec<(i64, i64)>,
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
            member: vec![0; members],
            member_change: vec![0; members],
            tier: vec![Pair::default(); tiers],
            product: vec![(0, 0); products],
            product_change: vec![(0, 0); products],
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
        self.settled_order(o, payees, out)?;
        for ((row, l), &b) in line_rows(data, o).zip(lines).zip(bases) {
            let product = data.orders.line_product.get(row).copied().unwrap_or(NONE);
            self.product_line(product, l.paid, b)?;
        }
        Ok(())
    }

    /// Counts order `o`'s figures but its lines: the whole, each level, member and tier.
    pub fn settled_order(
        &mut self,
        o: usize,
        payees: &Payees,
        out: &Outcome,
    ) -> Result<(), Overflow> {
        both(&mut self.paid, out.paid, "paid sales")?;
        both(&mut self.payout, out.total, "the payout")?;
        for ((p, &a), level) in payees.iter().zip(&out.amounts).zip(&mut self.level) {
            let Some(p) = p else { continue };
            both(level, a, "a level's payout")?;
            if let Some(m) = self.member.get_mut(p.member as usize) {
                add(m, a, "a member's commission")?;
            }
            if let Some(t) = self.tier.get_mut(p.tier as usize) {
                both(t, a, "a tier's payout")?;
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

    /// Counts one settled line of product row `product`: its paid amount and base.
    #[inline]
    pub fn product_line(&mut self, product: u32, paid: i64, base: i64) -> Result<(), Overflow> {
        if let Some(p) = self.product.get_mut(product as usize) {
            add(&mut p.0, paid, "a product's paid sales")?;
            add(&mut p.1, base, "a product's base")?;
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
            if let Some(m) = self.member_change.get_mut(p.member as usize) {
                add(
                    m,
                    new.checked_sub(old).ok_or("a member's commission")?,
                    "a member's commission",
                )?;
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
            let (bb, ba) = (
                before.1.get(i).copied().unwrap_or(0),
                after.1.get(i).copied().unwrap_or(0),
            );
            if let Some(p) = self.product_change.get_mut(product) {
                let dp = la
                    .paid
                    .checked_sub(lb.paid)
                    .ok_or("a product's paid sales")?;
                add(&mut p.0, dp, "a product's paid sales")?;
                add(
                    &mut p.1,
                    ba.checked_sub(bb).ok_or("a product's base")?,
                    "a product's base",
                )?;
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

impl Tally {
    /// Each product's paid sales and base, gross and net.
    pub fn products(&self) -> Result<Vec<(Pair, Pair)>, Overflow> {
        self.product
            .iter()
            .zip(&self.product_change)
            .map(|(&(p, b), &(dp, db))| {
                let paid = Pair {
                    gross: p,
                    net: p.checked_add(dp).ok_or("a product's paid sales")?,
                };
                let base = Pair {
                    gross: b,
                    net: b.checked_add(db).ok_or("a product's base")?,
                };
                Ok((paid, base))
            })
            .collect()
    }
}
