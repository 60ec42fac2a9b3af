//! The everyday order settled in one loop: the upline walked, each level's amount worked
//! out as its payee is found, the cap, and the member, level and tier tallies, the way the
//! floor settles an order. The run's own totals (paid sales, payout, per level, per tier)
//! are held in a [`Sums`] on the stack for the length of a step and written back to the
//! [`Tally`] at its end, or before anything else reads or changes the tally.
//!
//! Why: the run's time beside the floor went to stalls on the per-member columns and to an
//! order's payees and amounts passing through memory (`Payees`, `Outcome`) between three
//! functions; here they stay in registers and small stack arrays.
//!
//! The run takes this loop when the upline is one column (`Links`: everyone approved is a
//! distributor), self-purchase pays nothing, tiers do not evolve and the rule set has at
//! most [`TIERS`] tiers; the order itself must be on the fast path ([`crate::batch::fast`]).
//! The figures, and the order in which an overflow is found and named, are those of
//! [`crate::batch::fast::amounts`] and [`Tally::settled_order`].

use crate::batch::dataset::{Dataset, NONE};
use crate::batch::fast::{Lines, MICRO};
use crate::batch::lines::line_rows;
use crate::batch::plan::{Plans, Step};
use crate::batch::tally::{OrderRow, Overflow, Pair, Tally};
use crate::limits::{MAX_CHAIN, MAX_LEVELS};

/// Rule sets with more tiers keep their tier totals in the tally.
pub(crate) const TIERS: usize = 8;

/// No parent, in the upline column: [`crate::batch::run`]'s `Links`.
pub(crate) const NO_LINK: u32 = 0x7FFF_FFFF;

/// Approved, in the upline column.
pub(crate) const APPROVED: u32 = 0x8000_0000;

/// The run's totals while a step settles everyday orders.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sums {
    paid: Pair,
    payout: Pair,
    level: [Pair; MAX_LEVELS],
    tier: [Pair; TIERS],
}

impl Sums {
    /// The tally's totals, or `None` when it has more tiers than [`TIERS`].
    pub fn load(t: &Tally) -> Option<Sums> {
        if t.tier.len() > TIERS {
            return None;
        }
        let mut s = Sums {
            paid: t.paid,
            payout: t.payout,
            level: t.level,
            ..Sums::default()
        };
        for (to, from) in s.tier.iter_mut().zip(&t.tier) {
            *to = *from;
        }
        Some(s)
    }

    /// Writes the totals back.
    pub fn store(&self, t: &mut Tally) {
        t.paid = self.paid;
        t.payout = self.payout;
        t.level = self.level;
        for (to, from) in t.tier.iter_mut().zip(&self.tier) {
            *to = *from;
        }
    }
}

/// What the walk reads: the upline column and each member's tier now.
pub(crate) struct Walk<'r> {
    pub up: &'r [u32],
    pub tier: &'r [u32],
    pub compress: bool,
    /// How many tiers the rule set has (tier totals beyond are not kept).
    pub tiers: usize,
}

/// One order's levels: who is paid, at which tier, and how much.
struct Levels {
    who: [u32; MAX_LEVELS],
    tier: [u32; MAX_LEVELS],
    amount: [i64; MAX_LEVELS],
    total: i64,
}

fn add(to: &mut i64, v: i64, what: Overflow) -> Result<(), Overflow> {
    *to = to.checked_add(v).ok_or(what)?;
    Ok(())
}

fn both(p: &mut Pair, v: i64, what: Overflow) -> Result<(), Overflow> {
    add(&mut p.gross, v, what)?;
    add(&mut p.net, v, what)
}

/// Settles order `o` by `buyer`, its lines `q` prorated: pays and counts it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn settle(
    plans: &Plans,
    data: &Dataset,
    w: &Walk,
    o: usize,
    buyer: u32,
    q: &Lines,
    sums: &mut Sums,
    tally: &mut Tally,
) -> Result<(), Overflow> {
    let mut lv = walk(plans, w, buyer, q);
    cap(plans, q.base, &mut lv);
    both(&mut sums.paid, q.total, "paid sales")?;
    both(&mut sums.payout, lv.total, "the payout")?;
    let paid = lv.who.iter().zip(&lv.tier).zip(&lv.amount);
    for (((&m, &t), &a), level) in paid.zip(&mut sums.level) {
        if m == NONE {
            continue;
        }
        both(level, a, "a level's payout")?;
        if let Some(total) = tally.member.get_mut(m as usize) {
            add(total, a, "a member's commission")?;
        }
        if (t as usize) < w.tiers {
            if let Some(tier) = sums.tier.get_mut(t as usize) {
                both(tier, a, "a tier's payout")?;
            }
        }
    }
    if let Some(r) = tally.orders.as_mut().and_then(|v| v.get_mut(o)) {
        let pair = |v| Pair { gross: v, net: v };
        *r = OrderRow {
            paid: pair(q.total),
            base: pair(q.base),
            payout: pair(lv.total),
        };
    }
    let products = data
        .orders
        .line_product
        .get(line_rows(data, o))
        .unwrap_or(&[]);
    for ((&product, &paid), &earns) in products.iter().zip(&q.paid).zip(&q.earns) {
        tally.product_line(product, paid, if earns { paid } else { 0 })?;
    }
    Ok(())
}

/// Walks the buyer's ancestors (at most `MAX_CHAIN`) for the plan's levels, an unapproved
/// one skipped (compress) or its level forfeited, working out each payee's `rate × base`
/// rounded once as it is found.
fn walk(plans: &Plans, w: &Walk, buyer: u32, q: &Lines) -> Levels {
    let mut lv = Levels {
        who: [NONE; MAX_LEVELS],
        tier: [NONE; MAX_LEVELS],
        amount: [0; MAX_LEVELS],
        total: 0,
    };
    let steps = plans
        .levels
        .get(q.plan as usize)
        .map_or(&[][..], Vec::as_slice);
    let depth = steps.len().min(MAX_LEVELS);
    let bump = if plans.half_up { MICRO / 2 } else { 0 };
    let link = |m: u32| w.up.get(m as usize).copied().unwrap_or(NO_LINK);
    let mut m = link(buyer) & NO_LINK;
    let (mut pos, mut n) = (0usize, 0usize);
    while m != NO_LINK && n < MAX_CHAIN && pos < depth {
        let l = link(m);
        if l & APPROVED != 0 {
            let tier = w.tier.get(m as usize).copied().unwrap_or(NONE);
            let rate = match steps.get(pos) {
                Some(&Step::Rate(r)) => r,
                Some(&Step::Tiers(at)) => plans.tier_rate(at, tier),
                _ => 0,
            };
            debug_assert!((0..=MICRO).contains(&rate) && (0..(1 << 31)).contains(&q.base));
            // rate ≤ 10^6 < 2^20 and base < 2^31 (the fast path's bounds): below 2^51
            // with the bump; each amount is at most the base, their sum below 3 × 2^31.
            let a = rate
                .wrapping_mul(q.base)
                .wrapping_add(bump)
                .wrapping_div(MICRO);
            if let (Some(who), Some(t), Some(am)) = (
                lv.who.get_mut(pos),
                lv.tier.get_mut(pos),
                lv.amount.get_mut(pos),
            ) {
                (*who, *t, *am) = (m, tier, a);
            }
            lv.total = lv.total.wrapping_add(a);
            // pos < depth ≤ MAX_LEVELS: no wrap.
            pos = pos.wrapping_add(1);
        } else if !w.compress {
            pos = pos.wrapping_add(1);
        }
        m = l & NO_LINK;
        // n < MAX_CHAIN: no wrap.
        n = n.wrapping_add(1);
    }
    lv
}

/// Trims the amounts to the cap, deepest level first.
fn cap(plans: &Plans, base: i64, lv: &mut Levels) {
    let Some(cap) = plans.cap else { return };
    // The cap is at most 10^6 millionths and base < 2^31: below 2^51.
    let limit = cap.wrapping_mul(base).wrapping_div(MICRO);
    let mut excess = lv.total.wrapping_sub(limit).max(0);
    if excess > 0 {
        for a in lv.amount.iter_mut().rev() {
            let t = excess.min(*a);
            *a = a.wrapping_sub(t);
            excess = excess.wrapping_sub(t);
        }
        lv.total = limit;
    }
}
