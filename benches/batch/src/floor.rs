//! The floor: the reference workload settled in plain `i64` fen, the least work that gives
//! the engine's figures. Per order: each line's amount; the coupon prorated by largest
//! remainder (SEMANTICS.md 5.2); the upline walked to three levels; each beneficiary's exact
//! commission `Σ paid_i × rate` rounded down once (5.6, 5.7); the cap `floor(base × 0.3)`
//! trimmed deepest level first (5.8).
//!
//! Every line of an order has the same plan here (the global levels), so a beneficiary's
//! exact figure `Σ paid_i × rate` is computed as `(Σ paid_i) × rate`: the same integer (in
//! hundredths of a fen), with one multiplication instead of one per line.

use crate::plan::Plan;
use crate::workload::{Columns, NONE};

/// Reusable room for one order's lines.
#[derive(Debug, Default)]
pub struct Scratch {
    /// Each line's amount, then its paid amount, fen.
    pub paid: Vec<i64>,
    /// Each line's proration remainder `(D × w_i) mod W`.
    rem: Vec<i64>,
}

/// Fills `s.paid` with order `o`'s paid amount per line and answers their sum, the order's
/// commission base (every line earns).
#[inline]
pub fn prorate(c: &Columns, o: usize, s: &mut Scratch) -> i64 {
    s.paid.clear();
    let mut gross = 0i64;
    for l in c.lines(o) {
        let w = c.unit_price[l] * c.quantity[l] as i64;
        s.paid.push(w);
        gross += w;
    }
    let d = c.discount[o];
    if d == 0 {
        return gross;
    }
    s.rem.clear();
    let mut shared = 0i64;
    for w in s.paid.iter_mut() {
        let dw = d * *w;
        let share = dw / gross;
        s.rem.push(dw % gross);
        *w -= share;
        shared += share;
    }
    // The fen left over go one each to the largest remainders, the earlier line on a tie.
    for _ in 0..d - shared {
        let mut best = 0;
        for (i, &r) in s.rem.iter().enumerate() {
            if r > s.rem[best] {
                best = i;
            }
        }
        s.paid[best] -= 1;
        s.rem[best] = -1;
    }
    gross - d
}

/// Pays order commission on `base` to the buyer's upline (at most three levels, each at the
/// rate of the beneficiary's tier), capped, into `totals`.
#[inline]
pub fn pay(plan: &Plan, parent: &[u32], tier: &[u32], buyer: u32, base: i64, totals: &mut [i64]) {
    let mut who = [0usize; 3];
    let mut amount = [0i64; 3];
    let mut sum = 0i64;
    let mut levels = 0;
    let mut m = parent[buyer as usize];
    while levels < 3 && m != NONE {
        let member = m as usize;
        let rounded = base * plan.rates[levels][tier[member] as usize] / 100;
        who[levels] = member;
        amount[levels] = rounded;
        sum += rounded;
        m = parent[member];
        levels += 1;
    }
    let mut excess = sum - base * plan.cap / 100;
    let mut k = levels;
    while excess > 0 && k > 0 {
        k -= 1;
        let trim = amount[k].min(excess);
        amount[k] -= trim;
        excess -= trim;
    }
    for k in 0..levels {
        totals[who[k]] += amount[k];
    }
}

/// Every member's total, fen, with the members' tiers fixed.
pub fn totals(c: &Columns, plan: &Plan) -> Vec<i64> {
    let mut totals = vec![0i64; c.parent.len()];
    let mut s = Scratch::default();
    for o in 0..c.orders() {
        let base = prorate(c, o, &mut s);
        pay(plan, &c.parent, &c.tier, c.buyer[o], base, &mut totals);
    }
    totals
}
