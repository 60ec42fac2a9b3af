// The engine's batch path in WebAssembly in the batch benchmark (batch.mjs): the npm
// package's Node build (target/npm/fenxiao/node, as .ci/build-npm leaves it), through its
// public API. `engineWasm(rules)` prepares a run from the rule set's JSON outside the timed
// region and answers null when the package is not built (the table then prints the engine's
// rows as "pending"), or an object of three phases, timed together and `settle` also alone:
//
//   load(w)   datasetFromColumns: the workload's typed arrays copied into wasm memory and
//             checked (members as rows 0..N-1, parents and buyers as rows, money as fen);
//   settle()  a Simulation of the dataset run to its end, inside the module;
//   totals()  every member's net total copied out, fen, as a Float64Array in row order.
//
// Columns the workload does not carry as the engine takes them — the tier names, the one
// product and its SKU row, each line's SKU row (all 0), quantities as a Uint32Array and each
// order's payment instant — are made once per workload, outside the timed runs.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** 2026-11-01T00:00:00+08:00 in Unix milliseconds, and the step between orders. */
const FIRST_PAID_AT_MS = 1793462400000;
const ORDER_STEP_MS = 2592;

const here = dirname(fileURLToPath(import.meta.url));

/** The engine's batch path in WebAssembly, or null while the package is not built. */
export async function engineWasm(rules) {
  const target = process.env.CARGO_TARGET_DIR || join(here, '..', '..', 'target');
  const entry = join(target, 'npm', 'fenxiao', 'node', 'index.cjs');
  if (!existsSync(entry)) return null;
  const fenxiao = createRequire(import.meta.url)(entry);
  await fenxiao.init();
  const ruleSet = new fenxiao.RuleSet(JSON.parse(rules));
  const made = new WeakMap();
  const extra = (w) => {
    if (!made.has(w)) {
      const paidAt = new Float64Array(w.orders);
      for (let o = 0; o < w.orders; o += 1) paidAt[o] = FIRST_PAID_AT_MS + o * ORDER_STEP_MS;
      made.set(w, {
        tierNames: ['t0', 't1', 't2', 't3'],
        sku: new Uint32Array(w.lines),
        quantity: Uint32Array.from(w.quantity),
        paidAt,
      });
    }
    return made.get(w);
  };
  let data = null;
  let sim = null;
  const release = () => {
    if (sim) sim.free();
    if (data) data.free();
    sim = null;
    data = null;
  };
  return {
    load(w) {
      release();
      const x = extra(w);
      data = fenxiao.datasetFromColumns({
        members: { parent: w.parent, tier: w.tier, tierNames: x.tierNames },
        products: { name: ['reference'] },
        skus: { product: new Uint32Array(1), price: new Float64Array(1) },
        orders: { buyer: w.buyer, paidAt: x.paidAt, lineStart: w.lineStart, discount: w.discount },
        lines: { sku: x.sku, unitPrice: w.unitPrice, quantity: x.quantity },
      });
    },
    settle() {
      sim = new fenxiao.Simulation(ruleSet, data);
      sim.run();
    },
    totals() {
      return sim.memberNet();
    },
  };
}
