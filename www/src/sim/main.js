// The merchant's what-if simulator: a dataset (the engine's sample generator or the shop's own
// files), two rule sets edited side by side (form or JSON, checked as typed), one run of both
// in a Web Worker through the batch API (progress, cancel), and the comparison's figures,
// tables and charts. The state lives in the address (`#s=`) and in a downloadable file.
// The sample shop's two rule sets are the engine's own (the ones `fenxiao sample` writes and
// the package's `sampleRules()` answers): one copy, in the engine's sources.
import baselineRules from '../../../src/batch/sample-rules.json';
import candidateRules from '../../../src/batch/sample-candidate.json';
import sample from '../../../examples/simulator/sample.json';
import { fillIn, h } from '../dom.js';
import { loadEngine } from '../engine.js';
import { errorText } from '../errors-view.js';
import { LANGS, t } from '../i18n.js';
import { withBom, download } from './csv.js';
import { DatasetPanel } from './dataset-panel.js';
import { count } from './format.js';
import { ResultsView } from './results-view.js';
import { resizeCharts } from './charts.js';
import { RulesEditor } from './rules-editor.js';
import { encodeState, STATE_VERSION, stateFileText, stateFromFile, stateFromHash } from './state.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
/** The test hook: the worker waits for a `release` after every step (see worker.js). */
const HOLD = params.get('testHold') === '1';
const SAMPLES = { baseline: baselineRules, candidate: candidateRules };

const page = {
  lang: LANGS.includes(params.get('lang')) ? params.get('lang') : 'zh',
  editors: {},
  dataset: null,
  results: null,
  worker: null,
  runId: 0,
  running: null,
  lastResult: null,
  progressCount: 0,
};

const w = (key, p) => t(page.lang, `sim.${key}`, p);

function staticTexts() {
  document.documentElement.lang = page.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = w('title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(page.lang, el.dataset.i18n);
  $('lang').textContent = t(page.lang, 'switchLang');
  $('nav-poster').href = `./index.html?lang=${page.lang}`;
}

/** The initial state: the address's `#s=`, else the committed sample and rule sets. */
function initialState() {
  const fallback = { v: STATE_VERSION, dataset: { kind: 'sample', ...sample }, baseline: structuredClone(baselineRules), candidate: structuredClone(candidateRules) };
  try {
    return stateFromHash(location.hash) ?? fallback;
  } catch (e) {
    notice(w('stateError', { message: e.message }));
    return fallback;
  }
}

function currentState() {
  return { v: STATE_VERSION, dataset: page.dataset.state, baseline: page.editors.baseline.value, candidate: page.editors.candidate.value };
}

function syncUrl() {
  const q = new URLSearchParams(location.search);
  q.set('lang', page.lang);
  history.replaceState(null, '', `?${q}#s=${encodeState(currentState())}`);
}

function notice(text) {
  $('page-notice').hidden = !text;
  $('page-notice').textContent = text || '';
}

/** Something the run depends on changed: the address follows, old results are marked. */
function changed() {
  syncUrl();
  if (page.lastResult) page.results.setStale(true);
  runButton();
}

function runButton() {
  const blocked = ['baseline', 'candidate'].find((k) => !page.editors[k].valid);
  $('run-start').disabled = page.running !== null || Boolean(blocked) || !page.dataset.ready;
  if (page.running) return;
  let status = w('runIdle');
  if (blocked) status = w('runBlockedRules', { which: w(blocked) });
  else if (!page.dataset.ready) status = w('runBlockedData');
  else if (page.statusOverride) status = page.statusOverride;
  $('run-status').textContent = status;
}

function setRunState(state) {
  document.body.dataset.runState = state;
}

function startRun() {
  const spec = page.dataset.spec;
  if (!spec || page.running) return;
  page.runId += 1;
  page.running = { id: page.runId };
  page.statusOverride = null;
  page.progressCount = 0;
  document.body.dataset.progressCount = '0';
  setRunState('running');
  $('run-cancel').hidden = false;
  $('run-progress').hidden = false;
  $('run-progress').value = 0;
  runButton();
  page.worker.postMessage({
    type: 'run', id: page.runId, dataset: spec, hold: HOLD,
    baseline: page.editors.baseline.value, candidate: page.editors.candidate.value,
  });
}

function endRun(state, status) {
  page.running = null;
  page.statusOverride = status;
  setRunState(state);
  delete document.body.dataset.heldStep;
  $('run-cancel').hidden = true;
  $('run-progress').hidden = state !== 'done';
  runButton();
}

const PHASES = ['read', 'baseline', 'candidate', 'compare'];

/** The bar's position (of 1000): each rule set is half the run. */
function progressValue(m) {
  if (m.phase === 'read') return 0;
  if (m.phase === 'compare') return 1000;
  const half = m.total === 0 ? 500 : Math.floor((500 * m.done) / m.total);
  return m.phase === 'baseline' ? half : 500 + half;
}

function onMessage(m) {
  if (m.type === 'ready') {
    document.body.dataset.batch = 'engine';
    return;
  }
  if (m.type === 'dataset') { page.dataset.setInfo(m.info); runButton(); return; }
  if (m.type === 'datasetErrors') {
    page.dataset.setErrors(m.errors);
    if (page.running?.id === m.id) endRun('refused', w('runBlockedData'));
    runButton();
    return;
  }
  if (!page.running || m.id !== page.running.id) return;
  switch (m.type) {
    case 'progress':
      page.progressCount += 1;
      document.body.dataset.progressCount = String(page.progressCount);
      $('run-progress').value = progressValue(m);
      $('run-status').textContent = w('runProgress', { phase: w(`runPhase.${m.phase}`), done: count(m.done), total: count(m.total) });
      break;
    case 'held':
      document.body.dataset.heldStep = String(m.step);
      break;
    case 'rulesRefused':
      endRun('refused', `${w('runRefused', { which: w(m.which) })}: ${m.errors.map((e) => `${e.path} ${errorText(page.lang, e)}`).join('; ')}`);
      break;
    case 'cancelled':
      endRun('cancelled', w('runCancelled'));
      break;
    case 'failed':
      endRun('failed', w('runFailed', { message: m.message }));
      break;
    case 'result':
      page.lastResult = m;
      endRun('done', w('runDone', { orders: count(m.info.orders), seconds: seconds(m.ms) }));
      showResults();
      break;
    default:
  }
}

/** Milliseconds as seconds with one decimal, by digits. */
function seconds(ms) {
  const tenths = String(Math.ceil(ms / 100)).padStart(2, '0');
  return `${tenths.slice(0, -1)}.${tenths.slice(-1)}`;
}

function tierName(side, id) {
  const doc = page.editors[side].value;
  const tier = typeof doc === 'object' && Array.isArray(doc.tiers) ? doc.tiers.find((x) => x?.id === id) : null;
  return tier?.name ? `${tier.name}（${id}）` : String(id ?? '');
}

/** A side's `utcOffset`, as the engine defaults it (`+08:00`) when the rule set has none. */
function utcOffset(side) {
  const doc = page.editors[side].value;
  return typeof doc === 'object' && typeof doc?.utcOffset === 'string' ? doc.utcOffset : '+08:00';
}

function showResults() {
  if (!page.lastResult) return;
  page.results.render(page.lastResult.comparison, { lang: page.lang, tierName, utcOffset });
  // The engine's raw Comparison, for the browser tests (every figure shown is a string of it).
  window.__simComparison = page.lastResult.comparison;
  document.body.dataset.results = String(page.runId);
}

function exportFile(name, text) {
  if (name === null) download('fenxiao-members.csv', withBom(page.lastResult.csv));
  else download(name, text);
}

function wire() {
  $('run-start').addEventListener('click', startRun);
  $('run-cancel').addEventListener('click', () => {
    if (page.running) page.worker.postMessage({ type: 'cancel', id: page.running.id });
  });
  $('lang').addEventListener('click', () => {
    page.lang = page.lang === 'zh' ? 'en' : 'zh';
    staticTexts();
    for (const ed of Object.values(page.editors)) ed.setLang(page.lang);
    page.dataset.setLang(page.lang);
    showResults();
    page.results.setStale(Boolean(document.querySelector('.is-stale')));
    runButton();
    syncUrl();
  });
  $('state-save').addEventListener('click', () => download('fenxiao-simulation.json', stateFileText(currentState()), 'application/json'));
  $('state-open').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (!file) return;
    try {
      applyState(stateFromFile(await file.text()));
      notice(null);
    } catch (err) {
      notice(w('stateError', { message: err.message }));
    }
  });
  window.addEventListener('resize', resizeCharts);
  if (HOLD) {
    window.simTest = { release: () => page.worker.postMessage({ type: 'release' }) };
  }
}

function applyState(state) {
  page.dataset.setValue(state.dataset);
  page.editors.baseline.setValue(state.baseline);
  page.editors.candidate.setValue(state.candidate);
  changed();
}

function datasetChanged() {
  const spec = page.dataset.spec;
  // Files are read (and their row errors shown) as soon as they are chosen.
  if (spec?.kind === 'files') page.worker.postMessage({ type: 'load', id: 0, dataset: spec });
  changed();
}

async function main() {
  staticTexts();
  const state = initialState();
  page.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  page.worker.addEventListener('message', (e) => onMessage(e.data));
  page.worker.addEventListener('error', (e) => { console.error(e.message); endRun('failed', w('runFailed', { message: e.message })); });
  await loadEngine();
  page.results = new ResultsView($('results'), { onExport: exportFile });
  page.dataset = new DatasetPanel($('dataset'), { lang: page.lang, value: state.dataset, onChange: datasetChanged });
  for (const which of ['baseline', 'candidate']) {
    page.editors[which] = new RulesEditor($(`rules-${which}`), {
      which, lang: page.lang, value: state[which], sample: SAMPLES[which], onChange: changed,
      onCopy: (ed) => {
        const other = page.editors[which === 'baseline' ? 'candidate' : 'baseline'].value;
        ed.setValue(typeof other === 'string' ? other : structuredClone(other));
        changed();
      },
    });
  }
  wire();
  setRunState('idle');
  syncUrl();
  runButton();
  document.body.dataset.engine = 'ready';
}

main().catch((e) => {
  console.error(e);
  fillIn($('results'), h('p', { class: 'refusal' }, String(e?.message || e)));
});
