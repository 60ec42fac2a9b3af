// The batch benchmark's JavaScript baselines, computing what benches/batch/src/floor.rs
// does: each line's paid amount (the coupon prorated by largest remainder, SEMANTICS.md
// 5.2), each order's commission after the cap (5.6-5.8), each member's total.
import Decimal from 'decimal.js';
import { NONE } from './batch-workload.mjs';

/**
 * Hand-written JavaScript on numbers: every figure is an integer of fen below 2^53, so
 * double arithmetic is exact (D × w stays below 2^32; a quotient is floored with at least
 * 1/W between it and the next integer). Answers a Float64Array of fen totals.
 */
export function integers(w, plan) {
  const { parent, tier, buyer, discount, lineStart, unitPrice, quantity } = w;
  const totals = new Float64Array(w.members);
  const paid = new Float64Array(64);
  const rem = new Float64Array(64);
  const r1 = plan.rates[0];
  const r2 = plan.rates[1];
  const r3 = plan.rates[2];
  const cap = plan.cap;
  for (let o = 0; o < w.orders; o += 1) {
    const start = lineStart[o];
    const end = o + 1 < w.orders ? lineStart[o + 1] : w.lines;
    const n = end - start;
    let gross = 0;
    for (let i = 0; i < n; i += 1) {
      const a = unitPrice[start + i] * quantity[start + i];
      paid[i] = a;
      gross += a;
    }
    const d = discount[o];
    let base = gross;
    if (d > 0) {
      let shared = 0;
      for (let i = 0; i < n; i += 1) {
        const dw = d * paid[i];
        const share = Math.floor(dw / gross);
        rem[i] = dw - share * gross;
        paid[i] -= share;
        shared += share;
      }
      for (let left = d - shared; left > 0; left -= 1) {
        let best = 0;
        for (let i = 1; i < n; i += 1) if (rem[i] > rem[best]) best = i;
        paid[best] -= 1;
        rem[best] = -1;
      }
      base = 0;
      for (let i = 0; i < n; i += 1) base += paid[i];
    }
    const m1 = parent[buyer[o]];
    if (m1 === NONE) continue;
    let a1 = Math.floor((base * r1[tier[m1]]) / 100);
    const m2 = parent[m1];
    let a2 = 0;
    let a3 = 0;
    let m3 = NONE;
    if (m2 !== NONE) {
      a2 = Math.floor((base * r2[tier[m2]]) / 100);
      m3 = parent[m2];
      if (m3 !== NONE) a3 = Math.floor((base * r3[tier[m3]]) / 100);
    }
    let excess = a1 + a2 + a3 - Math.floor((base * cap) / 100);
    if (excess > 0) {
      const t3 = Math.min(a3, excess);
      a3 -= t3;
      excess -= t3;
      const t2 = Math.min(a2, excess);
      a2 -= t2;
      excess -= t2;
      a1 -= Math.min(a1, excess);
    }
    totals[m1] += a1;
    if (m2 !== NONE) totals[m2] += a2;
    if (m3 !== NONE) totals[m3] += a3;
  }
  return totals;
}

/**
 * decimal.js, written the straightforward way: money as Decimal yuan, one multiplication
 * per line and level, toDecimalPlaces(2, ROUND_DOWN) where the rules round down. Answers an
 * array of Decimal totals in yuan.
 */
export function decimals(w, plan) {
  const { parent, tier, buyer, discount, lineStart, unitPrice, quantity } = w;
  const rates = plan.rates.map((level) => level.map((r) => new Decimal(r).div(100)));
  const cap = new Decimal(plan.cap).div(100);
  const cent = new Decimal('0.01');
  const zero = new Decimal(0);
  const down = (x) => x.toDecimalPlaces(2, Decimal.ROUND_DOWN);
  const totals = new Array(w.members).fill(zero);
  for (let o = 0; o < w.orders; o += 1) {
    const start = lineStart[o];
    const end = o + 1 < w.orders ? lineStart[o + 1] : w.lines;
    const paid = [];
    for (let l = start; l < end; l += 1) {
      paid.push(new Decimal(unitPrice[l]).div(100).times(quantity[l]));
    }
    const gross = Decimal.sum(...paid);
    const d = new Decimal(discount[o]).div(100);
    const rem = [];
    let left = d;
    for (let i = 0; i < paid.length; i += 1) {
      const share = down(d.times(paid[i]).div(gross));
      rem.push(d.times(paid[i]).minus(share.times(gross)));
      paid[i] = paid[i].minus(share);
      left = left.minus(share);
    }
    while (left.gt(0)) {
      let best = 0;
      for (let i = 1; i < rem.length; i += 1) if (rem[i].gt(rem[best])) best = i;
      paid[best] = paid[best].minus(cent);
      rem[best] = new Decimal(-1);
      left = left.minus(cent);
    }
    const base = Decimal.sum(...paid);
    const who = [];
    const amount = [];
    let m = parent[buyer[o]];
    while (who.length < 3 && m !== NONE) {
      const rate = rates[who.length][tier[m]];
      amount.push(down(Decimal.sum(...paid.map((p) => p.times(rate)))));
      who.push(m);
      m = parent[m];
    }
    let excess = Decimal.sum(zero, ...amount).minus(down(base.times(cap)));
    for (let k = amount.length - 1; k >= 0 && excess.gt(0); k -= 1) {
      const trim = Decimal.min(amount[k], excess);
      amount[k] = amount[k].minus(trim);
      excess = excess.minus(trim);
    }
    for (let k = 0; k < who.length; k += 1) totals[who[k]] = totals[who[k]].plus(amount[k]);
  }
  return totals;
}
