//! The reference workload settled the straightforward way with `rust_decimal`: money as
//! decimal yuan with two places, one multiplication per line and level, `round_dp` toward
//! zero where the rules round down. The same figures as the floor, at the cost of decimal
//! arithmetic.

use crate::plan::Plan;
use crate::workload::{Columns, NONE};
use rust_decimal::{Decimal, RoundingStrategy};

fn down(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::ToZero)
}

/// Every member's total in yuan.
pub fn totals(c: &Columns, plan: &Plan) -> Vec<Decimal> {
    let hundredths = |n: i64| Decimal::new(n, 2);
    let rates: Vec<Vec<Decimal>> = plan
        .rates
        .iter()
        .map(|level| level.iter().map(|&r| hundredths(r)).collect())
        .collect();
    let cap = hundredths(plan.cap);
    let cent = Decimal::new(1, 2);
    let mut totals = vec![Decimal::ZERO; c.parent.len()];
    let mut paid: Vec<Decimal> = Vec::new();
    let mut rem: Vec<Decimal> = Vec::new();
    for o in 0..c.orders() {
        paid.clear();
        for l in c.lines(o) {
            paid.push(Decimal::new(c.unit_price[l], 2) * Decimal::from(c.quantity[l]));
        }
        let gross: Decimal = paid.iter().sum();
        let discount = Decimal::new(c.discount[o], 2);
        rem.clear();
        let mut left = discount;
        for w in paid.iter_mut() {
            let share = down(discount * *w / gross);
            rem.push(discount * *w - share * gross);
            *w -= share;
            left -= share;
        }
        while left > Decimal::ZERO {
            let mut best = 0;
            for i in 1..rem.len() {
                if rem[i] > rem[best] {
                    best = i;
                }
            }
            paid[best] -= cent;
            rem[best] = Decimal::NEGATIVE_ONE;
            left -= cent;
        }
        let base: Decimal = paid.iter().sum();
        let mut who = Vec::with_capacity(3);
        let mut amount = Vec::with_capacity(3);
        let mut m = c.parent[c.buyer[o] as usize];
        while who.len() < 3 && m != NONE {
            let rate = rates[who.len()][c.tier[m as usize] as usize];
            let exact: Decimal = paid.iter().map(|p| *p * rate).sum();
            amount.push(down(exact));
            who.push(m as usize);
            m = c.parent[m as usize];
        }
        let limit = down(base * cap);
        let mut excess = amount.iter().sum::<Decimal>() - limit;
        for a in amount.iter_mut().rev() {
            if excess <= Decimal::ZERO {
                break;
            }
            let trim = (*a).min(excess);
            *a -= trim;
            excess -= trim;
        }
        for (w, a) in who.iter().zip(&amount) {
            totals[*w] += *a;
        }
    }
    totals
}

/// Yuan totals as fen, for the summary.
pub fn to_fen(totals: &[Decimal]) -> Vec<i64> {
    totals
        .iter()
        .map(|t| {
            let fen = *t * Decimal::ONE_HUNDRED;
            i64::try_from(fen).unwrap_or(i64::MIN)
        })
        .collect()
}
