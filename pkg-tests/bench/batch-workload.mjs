// The batch benchmark's reference workload in JavaScript, drawn from the same xorshift64
// stream as benches/batch/src/workload.rs, into typed arrays: numbers for the JavaScript
// kernels, and the 64-bit columns the WebAssembly modules read.

export const NONE = 0xffffffff;

/** The rule set as integers: rates[level][tier] and the cap, in hundredths. */
export const PLAN = { rates: [[16, 17, 18, 20], [5, 6, 7, 8], [2, 3, 3, 4]], cap: 30 };

/** The rule set as the engine reads it (the same text as benches/batch/src/plan.rs). */
export const RULES = '{"schemaVersion": 1, "cap": "0.3", "rounding": "down", "tiers": [{"id": "t0"}, {"id": "t1"}, {"id": "t2"}, {"id": "t3"}], "levels": [ {"tierRates": [{"tier": "t0", "rate": "0.16"}, {"tier": "t1", "rate": "0.17"}, {"tier": "t2", "rate": "0.18"}, {"tier": "t3", "rate": "0.20"}]}, {"tierRates": [{"tier": "t0", "rate": "0.05"}, {"tier": "t1", "rate": "0.06"}, {"tier": "t2", "rate": "0.07"}, {"tier": "t3", "rate": "0.08"}]}, {"tierRates": [{"tier": "t0", "rate": "0.02"}, {"tier": "t1", "rate": "0.03"}, {"tier": "t2", "rate": "0.03"}, {"tier": "t3", "rate": "0.04"}]}]}';

// The stream's state as two unsigned 32-bit halves: x ^= x << 13; x ^= x >> 7; x ^= x << 17.
let hi = 0;
let lo = 42;
function draw() {
  let h = (hi ^ ((hi << 13) | (lo >>> 19))) >>> 0;
  let l = (lo ^ (lo << 13)) >>> 0;
  l = (l ^ ((l >>> 7) | (h << 25))) >>> 0;
  h = (h ^ (h >>> 7)) >>> 0;
  hi = (h ^ ((h << 17) | (l >>> 15))) >>> 0;
  lo = (l ^ (l << 17)) >>> 0;
}
/** The draw modulo m (m below 2^21, so every product stays exact). */
function mod(m) {
  return ((hi % m) * (4294967296 % m) + lo) % m;
}
function big() {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** The first draws, as BigInts (for the check values). */
export function firstDraws(n) {
  hi = 0;
  lo = 42;
  const out = [];
  for (let i = 0; i < n; i += 1) {
    draw();
    out.push(big());
  }
  return out;
}

/** The workload: `members` members, then `orders` orders, buyers drawn `% members`. */
export function generate(members, orders) {
  hi = 0;
  lo = 42;
  const parent = new Uint32Array(members);
  const tier = new Uint32Array(members);
  for (let i = 0; i < members; i += 1) {
    draw();
    tier[i] = mod(4);
    draw();
    parent[i] = i === 0 || mod(10) === 0 ? NONE : Number((big() / 10n) % BigInt(i));
  }
  const buyer = new Uint32Array(orders);
  const discount = new Float64Array(orders);
  const lineStart = new Uint32Array(orders);
  let unitPrice = new Float64Array(orders * 3);
  let quantity = new Float64Array(orders * 3);
  let lines = 0;
  for (let o = 0; o < orders; o += 1) {
    lineStart[o] = lines;
    draw();
    const n = 1 + mod(3);
    let gross = 0;
    for (let k = 0; k < n; k += 1) {
      draw();
      const price = 990 + mod(199011);
      draw();
      const q = 1 + mod(5);
      unitPrice[lines] = price;
      quantity[lines] = q;
      gross += price * q;
      lines += 1;
    }
    draw();
    discount[o] = Math.min(mod(2001), gross);
    draw();
    buyer[o] = mod(members);
  }
  unitPrice = unitPrice.slice(0, lines);
  quantity = quantity.slice(0, lines);
  return {
    members, orders, lines, parent, tier, buyer, discount, lineStart, unitPrice, quantity,
    // The same money and quantities as 64-bit integers, as the Rust columns hold them.
    discount64: BigInt64Array.from(discount, BigInt),
    unitPrice64: BigInt64Array.from(unitPrice, BigInt),
    quantity64: BigUint64Array.from(quantity, BigInt),
  };
}

/** The grand total (yuan, two decimals) and checksum Σ (i + 1) × total_i of fen totals. */
export function summary(totals) {
  let grand = 0n;
  let checksum = 0n;
  for (let i = 0; i < totals.length; i += 1) {
    const t = BigInt(totals[i]);
    grand += t;
    checksum += BigInt(i + 1) * t;
  }
  const cents = String(grand % 100n).padStart(2, '0');
  return { grandTotal: `${grand / 100n}.${cents}`, checksum: String(checksum) };
}
