// fenxiao for browsers and bundlers (ESM). `await init()` once, then call the engine.
import * as glue from './fenxiao_glue.js';
import loadWasm from './fenxiao_glue.js';

/*@@CORE@@*/

/*@@BATCH@@*/

// Bytes and compiled modules are instantiated here rather than by the glue's loader: it first
// asks whether its input is a fetch `Request` or `Response`, and in Node merely naming either
// global loads Node's fetch implementation (about 20 ms, five times the module's compile time).
function load(input) {
  if (typeof WebAssembly === 'object' && input instanceof WebAssembly.Module) {
    glue.initSync({ module: input });
    return undefined;
  }
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    return WebAssembly.compile(input).then((module) => { glue.initSync({ module }); });
  }
  return loadWasm(input === undefined ? undefined : { module_or_path: input });
}

const api = createApi(glue, load);

/** Loads the wasm; pass a URL, Response, bytes or a WebAssembly.Module to load it from elsewhere. */
export const init = api.init;
export const run = api.run;
export const version = api.version;
export const validateRules = api.validateRules;
export const lintRules = api.lintRules;
export const ruleSetHash = api.ruleSetHash;
export const bind = api.bind;
export const settleOrder = api.settleOrder;
export const refundOrder = api.refundOrder;
export const commissionStatus = api.commissionStatus;
export const withdrawQuote = api.withdrawQuote;
export const tierProgress = api.tierProgress;
export const previewEarnings = api.previewEarnings;
/** @deprecated the earlier name of `withdrawQuote`, kept for one release. */
export const withdrawal = api.withdrawal;
export const RuleSet = api.RuleSet;

// The batch path: datasets, stepped runs, comparisons (web and Node builds only).
const batch = createBatch(glue, api);
export const Dataset = batch.Dataset;
export const Simulation = batch.Simulation;
export const readDataset = batch.readDataset;
export const sampleDataset = batch.sampleDataset;
export const datasetFromColumns = batch.datasetFromColumns;
export const sampleRules = batch.sampleRules;
export const compare = batch.compare;
export const compareCsv = batch.compareCsv;
// `formatFen` is batch.js's own top-level function (inlined above): exported by name, since a
// module cannot declare it a second time.
export { FenxiaoError, formatFen };
export default init;
