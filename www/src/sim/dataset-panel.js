// The dataset: the engine's sample generator (members, orders, seed) or the merchant's own
// files (the CSV set or one NDJSON file), dropped or picked and read as bytes — the engine
// decodes them (UTF-8 or GBK) in the worker. The reader's row errors are listed by file, line
// and column in the page's language; a dataset with any error is not imported at all.
import { fillIn, h } from '../dom.js';
import { errorText } from '../errors-view.js';
import { t } from '../i18n.js';
import { count } from './format.js';

/**
 * The reader's encoding: one name when the files agree, else (`mixed`) each file's, e.g.
 * `mixed (members.csv utf-8-bom, products.csv gb18030)`.
 */
export function encodingText(info) {
  if (info.encoding !== 'mixed' || !Array.isArray(info.files)) return info.encoding;
  return `${info.encoding} (${info.files.map((f) => `${f.name} ${f.encoding}`).join(', ')})`;
}

export const LIMITS = { members: [1, 1000000], orders: [1, 1000000], seed: [0, 4294967295] };
const SIZES = [1000, 10000, 100000, 1000000];
const ERRORS_SHOWN = 100;

/** A whole number in `[min, max]` from an input's text, or null. */
export function wholeNumber(text, [min, max]) {
  if (!/^\d{1,10}$/.test(text.trim())) return null;
  const n = Number.parseInt(text.trim(), 10);
  return n >= min && n <= max ? n : null;
}

export class DatasetPanel {
  /** `value`: `{kind:'sample', members, orders, seed}` or `{kind:'files', names}`; `onChange(reload)`. */
  constructor(root, { lang, value, onChange }) {
    this.root = root;
    this.lang = lang;
    this.onChange = onChange;
    this.kind = value.kind === 'files' ? 'files' : 'sample';
    this.sample = { members: value.members, orders: value.orders, seed: value.seed };
    this.files = [];
    this.namedOnly = value.kind === 'files' ? value.names ?? [] : [];
    this.info = null;
    this.errors = [];
    this.reading = false;
    this.generation = 0;
    root.addEventListener('change', (e) => this.changed(e));
    root.addEventListener('input', (e) => { if (e.target.dataset.sample) this.changed(e); });
    root.addEventListener('click', (e) => {
      const size = e.target.closest('[data-size]');
      if (size) { this.sample.orders = Number.parseInt(size.dataset.size, 10); this.touch(); this.render(); }
      if (e.target.closest('[data-act="clear"]')) { this.files = []; this.namedOnly = []; this.touch(); this.render(); }
    });
    root.addEventListener('dragover', (e) => { e.preventDefault(); root.querySelector('.drop')?.classList.add('over'); });
    root.addEventListener('dragleave', () => root.querySelector('.drop')?.classList.remove('over'));
    root.addEventListener('drop', (e) => {
      e.preventDefault();
      this.kind = 'files';
      this.take([...e.dataTransfer.files]);
    });
    this.render();
  }

  w(key, params) {
    return t(this.lang, `sim.${key}`, params);
  }

  /** Restores saved settings (files by name only: the merchant chooses them again). */
  setValue(value) {
    this.kind = value.kind === 'files' ? 'files' : 'sample';
    if (value.kind === 'sample') this.sample = { members: value.members, orders: value.orders, seed: value.seed };
    this.files = [];
    this.namedOnly = value.kind === 'files' ? value.names ?? [] : [];
    this.touch();
    this.render();
  }

  /** What the state saves: the generator's settings, or the files' names (never their bytes). */
  get state() {
    return this.kind === 'sample' ? { kind: 'sample', ...this.sample } : { kind: 'files', names: this.files.length ? this.files.map((f) => f.name) : this.namedOnly };
  }

  /** The worker's dataset spec, or null while the settings are not usable. */
  get spec() {
    if (this.kind === 'sample') {
      const { members, orders, seed } = this.sample;
      const ok = (x, [min, max]) => Number.isInteger(x) && x >= min && x <= max;
      if (!ok(members, LIMITS.members) || !ok(orders, LIMITS.orders) || !ok(seed, LIMITS.seed)) return null;
      return { key: `sample:${members}:${orders}:${seed}`, kind: 'sample', members, orders, seed };
    }
    if (!this.files.length) return null;
    return { key: `files:${this.generation}`, kind: 'files', files: this.files.map((f) => ({ name: f.name, bytes: f.bytes })) };
  }

  get ready() {
    return this.spec !== null && this.errors.length === 0 && !this.reading;
  }

  touch() {
    this.generation += 1;
    this.info = null;
    this.errors = [];
    this.onChange();
  }

  changed(e) {
    const el = e.target;
    if (el.name === 'dataset-kind') {
      this.kind = el.value;
      this.touch();
      this.render();
    } else if (el.dataset.sample) {
      const key = el.dataset.sample;
      this.sample[key] = wholeNumber(el.value, LIMITS[key]);
      el.setAttribute('aria-invalid', String(this.sample[key] === null));
      el.parentElement.querySelector('.ff-msgs').replaceChildren(this.sample[key] === null
        ? h('li', { class: 'ff-msg error' }, this.w('countError', { min: count(LIMITS[key][0]), max: count(LIMITS[key][1]) })) : '');
      if (e.type === 'change') this.touch();
    } else if (el.type === 'file') {
      this.take([...el.files]);
      el.value = '';
    }
  }

  /** Reads the chosen files as bytes (the engine decodes them), then asks for a load. */
  async take(list) {
    if (!list.length) return;
    this.reading = true;
    this.render();
    const files = await Promise.all(list.map(async (f) => ({ name: f.name, size: f.size, bytes: await f.arrayBuffer() })));
    this.files = files;
    this.namedOnly = [];
    this.reading = false;
    this.touch();
    this.render();
  }

  setInfo(info) {
    this.info = info;
    this.errors = [];
    this.render();
  }

  setErrors(errors) {
    this.info = null;
    this.errors = errors;
    this.render();
  }

  setLang(lang) {
    this.lang = lang;
    this.render();
  }

  render() {
    const sampleInput = (key) => h('label', { class: 'ff' },
      h('span', { class: 'ff-label' }, this.w(key)),
      h('input', { type: 'text', inputmode: 'numeric', 'data-sample': key, value: this.sample[key] ?? '', class: 'w-count' }),
      h('ul', { class: 'ff-msgs' }));
    const kindRadio = (kind, label) => h('label', { class: 'radio' },
      h('input', { type: 'radio', name: 'dataset-kind', value: kind, checked: this.kind === kind }), ' ', label);
    const body = this.kind === 'sample'
      ? h('div', { class: 'sample-settings' },
        h('div', { class: 'row' }, sampleInput('orders'), sampleInput('members'), sampleInput('seed'),
          h('div', { class: 'sizes' }, h('span', { class: 'ff-label' }, this.w('sizes')),
            h('div', { class: 'row' }, SIZES.map((n) => h('button', { type: 'button', class: 'small', 'data-size': n, 'aria-pressed': String(this.sample.orders === n) }, count(n)))))),
        h('p', { class: 'form-note' }, this.w('sampleNote')))
      : this.filesBox();
    fillIn(this.root,
      h('div', { class: 'panel-head' }, h('h3', {}, this.w('dataset')),
        h('div', { class: 'radios', role: 'radiogroup' }, kindRadio('sample', this.w('datasetSample')), kindRadio('files', this.w('datasetFiles')))),
      body,
      this.info ? h('p', { class: 'dataset-info', 'data-orders': this.info.orders, 'data-members': this.info.members },
        this.w('datasetInfo', { members: count(this.info.members), orders: count(this.info.orders), lines: count(this.info.lines), refunds: count(this.info.refunds) }),
        this.kind === 'files' && this.info.encoding ? ` · ${this.w('encoding', { encoding: encodingText(this.info) })}` : '') : null,
      this.errors.length ? this.errorsTable() : null);
  }

  filesBox() {
    const names = this.files.length ? this.files : this.namedOnly.map((name) => ({ name }));
    return h('div', { class: 'files' },
      h('div', { class: 'drop', tabindex: '-1' },
        h('span', {}, this.w('dropHere'), ' '),
        h('label', { class: 'button small pick-files' }, this.w('pickFiles'),
          h('input', { type: 'file', id: 'dataset-files', multiple: true, accept: '.csv,.ndjson,.jsonl,.txt', class: 'visually-hidden' })),
        h('p', { class: 'form-note' }, this.w('filesHint'))),
      this.reading ? h('p', { class: 'form-note' }, this.w('reading')) : null,
      this.namedOnly.length && !this.files.length ? h('p', { class: 'notice' }, this.w('stateFilesNamed', { files: this.namedOnly.join('、') })) : null,
      names.length
        ? h('div', { class: 'row file-list' }, h('ul', {}, names.map((f) => h('li', { 'data-file': f.name }, f.name, f.size !== undefined ? h('small', {}, ` ${count(f.size)} B`) : null))),
          h('button', { type: 'button', class: 'small quiet', 'data-act': 'clear' }, this.w('clearFiles')))
        : h('p', { class: 'form-note' }, this.w('noFiles')));
  }

  errorsTable() {
    const shown = this.errors.slice(0, ERRORS_SHOWN);
    return h('div', { class: 'row-errors', role: 'alert' },
      h('p', { class: 'bad' }, this.w('rowErrors', { count: count(this.errors.length) })),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['colFile', 'colLine', 'colColumn', 'colError'].map((k) => h('th', {}, this.w(k))))),
        h('tbody', {}, shown.map((e) => h('tr', { class: 'row-error', 'data-code': e.code, 'data-file': e.file, 'data-line': e.line, 'data-column': e.column, title: e.message },
          h('td', {}, e.file), h('td', {}, count(e.line)), h('td', {}, count(e.column)), h('td', { class: 'msg' }, errorText(this.lang, e))))))),
      this.errors.length > ERRORS_SHOWN ? h('p', { class: 'form-note' }, this.w('rowErrorsMore', { count: count(this.errors.length - ERRORS_SHOWN) })) : null);
  }
}
