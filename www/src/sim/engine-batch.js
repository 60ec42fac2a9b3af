// The package's batch API (readDataset, sampleDataset, Simulation, compare, compareCsv,
// formatFen), for the worker only: the one module that knows where the batch path comes
// from. A package without `Simulation` (one built before the batch binding) gets the
// development stand-in in batch-standin.js instead, and `standin` says so to the page.
import * as pkg from 'fenxiao';
import * as standinApi from './batch-standin.js';

const NAMES = ['readDataset', 'sampleDataset', 'Simulation', 'compare', 'compareCsv', 'formatFen'];

/**
 * Loads the wasm and answers `{ RuleSet, FenxiaoError, standin, ...batch }`: the package's
 * batch functions, or the stand-in's when the package has none.
 */
export async function loadBatch() {
  await pkg.init();
  // Looked up by name at run time, so a package without the batch path still builds.
  const fromPackage = typeof Reflect.get(pkg, 'Simulation') === 'function';
  const source = fromPackage ? pkg : standinApi;
  const api = { RuleSet: pkg.RuleSet, FenxiaoError: pkg.FenxiaoError, standin: !fromPackage };
  for (const name of NAMES) api[name] = Reflect.get(source, name);
  return api;
}
