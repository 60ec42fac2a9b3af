// The simulation's worker: the dataset is read (or generated) and both rule sets are run here,
// in steps, so the page stays responsive. Between steps the worker reports progress and
// yields to its message queue, where a `cancel` stops the run; with `hold` (the page's test
// hook, `?testHold=1`) it waits for a `release` message after every step instead, so a test
// can act at each step without depending on timing.
//
// Page → worker: {type:'load', id, dataset}, {type:'run', id, dataset, baseline, candidate,
// hold}, {type:'cancel', id}, {type:'release'}. Worker → page: {type:'ready'},
// {type:'progress', id, phase, done, total, step}, {type:'held', id, step},
// {type:'dataset', id, info}, {type:'datasetErrors', id, errors}, {type:'rulesRefused', id,
// which, errors}, {type:'result', id, comparison, csv, ms}, {type:'cancelled', id},
// {type:'failed', id, message}. A dataset is `{key, kind:'sample', members, orders, seed}` or
// `{key, kind:'files', files:[{name, bytes}]}`; the last one read is kept for the next run.
import { loadBatch } from './engine-batch.js';

/** Steps per rule set: the progress bar moves twenty times for each. */
const STEPS = 20;

let api = null;
const ready = loadBatch().then((loaded) => {
  api = loaded;
  self.postMessage({ type: 'ready' });
});
let dataset = null;
let datasetKey = null;
let job = null;
let queue = ready;

const post = (msg) => self.postMessage(msg);
const refusal = (e) => e !== null && typeof e === 'object' && Array.isArray(e.errors);

self.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'release') {
    job?.release?.();
    return;
  }
  if (m.type === 'cancel') {
    if (job && job.id === m.id) {
      job.cancelled = true;
      job.release?.();
    }
    return;
  }
  // Loads and runs one after another: a dataset is never replaced under a running simulation.
  queue = queue.then(() => (m.type === 'load' ? load(m) : run(m))).catch((err) => {
    post({ type: 'failed', id: m.id, message: String(err?.message || err) });
  });
};

/** The dataset `spec` names, read once and kept; null (errors posted) when it is refused. */
function load({ id, dataset: spec }) {
  if (spec.key === datasetKey && dataset) {
    post({ type: 'dataset', id, info: dataset.info });
    return dataset;
  }
  dataset?.free();
  dataset = null;
  datasetKey = null;
  try {
    dataset = spec.kind === 'sample'
      ? api.sampleDataset({ members: spec.members, orders: spec.orders, seed: spec.seed })
      : api.readDataset(spec.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })));
  } catch (err) {
    if (!refusal(err)) throw err;
    post({ type: 'datasetErrors', id, errors: err.errors });
    return null;
  }
  datasetKey = spec.key;
  post({ type: 'dataset', id, info: dataset.info });
  return dataset;
}

/** Waits for `release` (held) or for the message queue (so a cancel is seen). */
function pause(current, hold, step) {
  if (!hold) return new Promise((ok) => { setTimeout(ok, 0); });
  post({ type: 'held', id: current.id, step });
  return new Promise((ok) => {
    current.release = () => {
      current.release = null;
      ok();
    };
  });
}

async function run(m) {
  const started = performance.now();
  const current = { id: m.id, cancelled: false, release: null };
  job = current;
  const owned = [];
  const free = () => { for (const x of owned.splice(0).reverse()) x.free(); };
  try {
    post({ type: 'progress', id: m.id, phase: 'read', done: 0, total: 1, step: 0 });
    const data = load(m);
    if (!data) return;
    const sims = [];
    for (const which of ['baseline', 'candidate']) {
      let ruleSet;
      try {
        ruleSet = new api.RuleSet(m[which]);
      } catch (err) {
        if (!refusal(err)) throw err;
        post({ type: 'rulesRefused', id: m.id, which, errors: err.errors });
        return;
      }
      owned.push(ruleSet);
      let sim;
      try {
        sim = new api.Simulation(ruleSet, data);
      } catch (err) {
        // The dataset does not fit this rule set (a member's tier it does not define, …).
        if (!refusal(err)) throw err;
        post({ type: 'rulesRefused', id: m.id, which, errors: err.errors });
        return;
      }
      owned.push(sim);
      sims.push([which, sim]);
    }
    const chunk = Math.max(1, Math.ceil(data.info.orders / STEPS));
    let step = 0;
    for (const [phase, sim] of sims) {
      for (;;) {
        const s = sim.step(chunk);
        step += 1;
        post({ type: 'progress', id: m.id, phase, done: s.done, total: s.total, step });
        await pause(current, m.hold, step);
        if (current.cancelled) {
          post({ type: 'cancelled', id: m.id });
          return;
        }
        if (s.finished) break;
      }
    }
    post({ type: 'progress', id: m.id, phase: 'compare', done: 0, total: 1, step: step + 1 });
    const comparison = api.compare(sims[0][1], sims[1][1]);
    const csv = api.compareCsv(sims[0][1], sims[1][1]);
    post({ type: 'result', id: m.id, comparison, csv, info: data.info, ms: Math.ceil(performance.now() - started) });
  } finally {
    free();
    if (job === current) job = null;
  }
}
