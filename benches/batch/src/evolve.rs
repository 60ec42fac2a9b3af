//! The floor with tiers evolving as the orders are paid (SEMANTICS.md 9): orders are settled
//! in payment order, each at the tiers its upline holds before it; then the order counts for
//! its buyer's own paid total and its buyer's parent's team paid total (depth 1), and those
//! two members are re-qualified: `t2` when the team total over the last 30 days reaches
//! ¥20,000, else `t1` when the own total over the last 30 days reaches ¥2,000, only ever
//! upwards (`t3` is assigned, never reached). The new tier pays from the next order.
//!
//! A member's window totals only grow when one of their orders is counted, and a tier is
//! never lost, so qualifying at those moments is enough. The 30-day windows slide with one
//! queue of counted orders: an order leaves both totals when its local day (+08:00) is 30 or
//! more days before the current order's.

use crate::floor::{pay, prorate, Scratch};
use crate::plan::{Plan, OWN_PAID_FOR_T1, TEAM_PAID_FOR_T2, UTC_OFFSET_MS, WINDOW_DAYS};
use crate::workload::{Columns, NONE};
use std::collections::VecDeque;

const DAY_MS: i64 = 86_400_000;

/// Every member's total, fen, and every member's tier at the end.
pub fn totals(c: &Columns, plan: &Plan) -> (Vec<i64>, Vec<u32>) {
    let members = c.parent.len();
    let mut totals = vec![0i64; members];
    let mut tier = c.tier.clone();
    let mut own = vec![0i64; members];
    let mut team = vec![0i64; members];
    let mut counted: VecDeque<(i64, u32, i64)> = VecDeque::new();
    let mut s = Scratch::default();
    for o in 0..c.orders() {
        let day = (c.paid_at_ms[o] + UTC_OFFSET_MS).div_euclid(DAY_MS);
        while let Some(&(at, b, paid)) = counted.front() {
            if at > day - WINDOW_DAYS {
                break;
            }
            own[b as usize] -= paid;
            let p = c.parent[b as usize];
            if p != NONE {
                team[p as usize] -= paid;
            }
            counted.pop_front();
        }
        let buyer = c.buyer[o];
        let base = prorate(c, o, &mut s);
        pay(plan, &c.parent, &tier, buyer, base, &mut totals);
        // Every line earns and there is no shipping: the order's paid total is its base.
        own[buyer as usize] += base;
        qualify(&mut tier, &own, &team, buyer as usize);
        let p = c.parent[buyer as usize];
        if p != NONE {
            team[p as usize] += base;
            qualify(&mut tier, &own, &team, p as usize);
        }
        counted.push_back((day, buyer, base));
    }
    (totals, tier)
}

/// The highest tier member `m` reaches above the one held, or the one held.
#[inline]
fn qualify(tier: &mut [u32], own: &[i64], team: &[i64], m: usize) {
    let t = tier[m];
    if t < 2 && team[m] >= TEAM_PAID_FOR_T2 {
        tier[m] = 2;
    } else if t < 1 && own[m] >= OWN_PAID_FOR_T1 {
        tier[m] = 1;
    }
}
