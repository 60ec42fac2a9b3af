// The batch benchmark's WebAssembly and JavaScript rows (.ci/bench-batch prints the whole
// table): the floor kernel compiled to WebAssembly (benches/batch, no bindings) with the
// columns copied in and the totals out, then its compute alone; hand-written JavaScript on
// numbers; decimal.js; and the engine's batch path in WebAssembly (batch-engine.mjs).
// Prints one JSON line per row: {row, ms (the median), runs, grandTotal, checksum}, or
// {row, pending: true}.
//
// Usage: node bench/batch.mjs FLOOR.wasm [--members N] [--orders M] [--runs R]
//   [--decimal-runs D (0 leaves it out)]   (defaults: 100,000 members, 1,000,000 orders, 11 runs after one
//   warm-up; decimal.js 1 run, without warm-up: about 40 s a run)
import { readFileSync } from 'node:fs';
import { engineWasm } from './batch-engine.mjs';
import { decimals, integers } from './batch-kernels.mjs';
import { PLAN, RULES, firstDraws, generate, summary } from './batch-workload.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : Number(args[i + 1]);
};
const wasmPath = args[0];
const members = option('--members', 100000);
const orders = option('--orders', 1000000);
const runs = Math.max(1, option('--runs', 11));
const decimalRuns = option('--decimal-runs', 1); // 0: leave decimal.js out

const want = [45454805674n, 11532217803599905471n, 10021416941527320954n];
if (firstDraws(3).some((d, i) => d !== want[i])) throw new Error('xorshift64 draws differ');
const w = generate(members, orders);
// The workload's check values: members 0-4 (t2, none), (t2, 0), (t2, 0), (t3, 2), (t0, 3);
// order 0: 1313.03 × 5, 1747.31 × 5, 341.24 × 1, coupon 1.95, buyer 49669.
if (members === 100000 && orders > 0) {
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const ok = same([...w.tier.slice(0, 5)], [2, 2, 2, 3, 0]) &&
    same([...w.parent.slice(0, 5)], [0xffffffff, 0, 0, 2, 3]) &&
    same([...w.unitPrice.slice(0, 3)], [131303, 174731, 34124]) &&
    same([...w.quantity.slice(0, 3)], [5, 5, 1]) && w.discount[0] === 195 && w.buyer[0] === 49669;
  if (!ok) throw new Error('the workload differs from its check values');
}

/** Times fn n times after one warm-up (none when n is 1); answers the median, every run
 * (ms) and the last answer. */
function time(n, fn) {
  const times = [];
  let last;
  if (n > 1) fn();
  for (let i = 0; i < n; i += 1) {
    const start = process.hrtime.bigint();
    last = fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { ms: sorted[Math.floor(sorted.length / 2)], times, last };
}

function row(name, t, totals) {
  const s = summary(totals);
  const line = { row: name, ms: Number(t.ms.toFixed(3)), runs: t.times.map((x) => Number(x.toFixed(3))), ...s };
  console.log(JSON.stringify(line));
}

/** Runs a module of the three phases: the whole, and settle alone in the same runs. */
function phases(name, module) {
  const compute = [];
  const whole = time(runs, () => {
    module.load(w);
    const start = process.hrtime.bigint();
    module.settle();
    compute.push(Number(process.hrtime.bigint() - start) / 1e6);
    return module.totals();
  });
  row(`${name} wasm`, whole, whole.last);
  compute.splice(0, compute.length - whole.times.length); // the warm-up's
  const sorted = [...compute].sort((a, b) => a - b);
  row(`${name} wasm compute`, { ms: sorted[Math.floor(sorted.length / 2)], times: compute }, whole.last);
}

/** The floor's WebAssembly module as the three phases. */
async function floorWasm(path) {
  const { instance } = await WebAssembly.instantiate(readFileSync(path), {});
  const x = instance.exports;
  const at = (k, Type, n) => new Type(x.memory.buffer, x.column(k), n);
  return {
    load(c) {
      x.reserve(c.members, c.orders, c.lines);
      at(0, Uint32Array, c.members).set(c.parent);
      at(1, Uint32Array, c.members).set(c.tier);
      at(2, Uint32Array, c.orders).set(c.buyer);
      at(3, BigInt64Array, c.orders).set(c.discount64);
      at(4, Uint32Array, c.orders).set(c.lineStart);
      at(5, BigInt64Array, c.lines).set(c.unitPrice64);
      at(6, BigUint64Array, c.lines).set(c.quantity64);
    },
    settle() {
      x.settle();
    },
    totals() {
      return at(7, BigInt64Array, members).slice();
    },
  };
}

phases('floor', await floorWasm(wasmPath));
const engine = await engineWasm(RULES);
if (engine) {
  phases('engine', engine);
} else {
  console.log(JSON.stringify({ row: 'engine wasm', pending: true }));
  console.log(JSON.stringify({ row: 'engine wasm compute', pending: true }));
}
const js = time(runs, () => integers(w, PLAN));
row('JS integers', js, js.last);
if (decimalRuns > 0) {
  const dec = time(decimalRuns, () => decimals(w, PLAN));
  row('decimal.js', dec, dec.last.map((t) => t.times(100).toFixed(0)));
}
