// The package's batch API (readDataset, sampleDataset, Simulation, compare, compareCsv,
// formatFen), for the worker only: the one module that knows where the batch path comes from.
import * as pkg from 'fenxiao';

const NAMES = ['readDataset', 'sampleDataset', 'Simulation', 'compare', 'compareCsv', 'formatFen'];

/** Loads the wasm and answers `{ RuleSet, FenxiaoError, ...batch }`, the package's batch functions. */
export async function loadBatch() {
  await pkg.init();
  const api = { RuleSet: pkg.RuleSet, FenxiaoError: pkg.FenxiaoError };
  for (const name of NAMES) {
    api[name] = Reflect.get(pkg, name);
    // A package built without the batch path (the mini-program build) cannot run the simulator.
    if (typeof api[name] !== 'function') throw new Error(`the fenxiao package has no ${name}: it was built without the batch path`);
  }
  return api;
}
