// One rule set's panel (baseline or candidate): the form for the common fields and the JSON
// text for everything, kept in step, checked by the engine as the merchant types. Errors and
// lint findings are placed at their field in the form and listed with line and column under
// the JSON; a text that does not parse keeps the form read-only until it does.
import { fillIn, h } from '../dom.js';
import { errorText, fieldErrors, findingText } from '../errors-view.js';
import { t } from '../i18n.js';
import { lineColumn, locate, pathSegments } from '../json-locate.js';
import { inRules } from './paths.js';
import { checkRules } from './rules-check.js';
import { RulesForm } from './rules-form.js';

const CHECK_DELAY_MS = 120;

export class RulesEditor {
  /**
   * `which` is `baseline` or `candidate`; `value` a rule set object or, when it did not
   * parse, its text; `sample` the rule set "reset" restores; `onChange()` after each edit.
   */
  constructor(root, { which, lang, value, sample, onChange, onCopy }) {
    this.root = root;
    this.which = which;
    this.lang = lang;
    this.sample = sample;
    /** `commission` (levels, cap, …) and `tiers` are the form's two parts; `json` the text. */
    this.mode = 'commission';
    this.onChange = onChange;
    this.check = { errors: [], findings: [] };
    this.timer = null;
    root.dataset.which = which;
    this.title = h('h3', {});
    this.status = h('p', { class: 'rules-status', 'aria-live': 'polite' });
    this.tabs = ['commission', 'tiers', 'json'].map((m) => h('button', { type: 'button', class: 'tab', 'data-mode': m }));
    this.resetBtn = h('button', { type: 'button', class: 'small quiet', 'data-act': 'reset' });
    this.copyBtn = h('button', { type: 'button', class: 'small quiet', 'data-act': 'copy' });
    this.formRoot = h('div', { class: 'rules-form' });
    this.broken = h('p', { class: 'form-broken', hidden: true });
    this.text = h('textarea', { class: 'rules-json', spellcheck: 'false', rows: 24, 'aria-label': 'JSON' });
    this.jsonProblems = h('div', { class: 'json-problems' });
    this.jsonBody = h('div', { class: 'json-body', hidden: true }, this.text, this.jsonProblems);
    root.replaceChildren(
      h('div', { class: 'rules-head' }, this.title, h('div', { class: 'tabs', role: 'group' }, this.tabs), this.resetBtn, this.copyBtn),
      this.status, this.broken, this.formRoot, this.jsonBody);
    this.form = new RulesForm(this.formRoot, { lang, onChange: () => this.formEdited() });
    for (const tab of this.tabs) tab.addEventListener('click', () => this.setMode(tab.dataset.mode));
    this.resetBtn.addEventListener('click', () => { this.setValue(structuredClone(this.sample)); this.onChange(); });
    this.copyBtn.addEventListener('click', () => onCopy(this));
    this.text.addEventListener('input', () => this.textEdited());
    this.jsonProblems.addEventListener('click', (e) => {
      const go = e.target.closest('[data-start]');
      if (go) this.selectText(Number.parseInt(go.dataset.start, 10), Number.parseInt(go.dataset.end, 10));
    });
    this.setValue(value);
  }

  /** The rule set as an object, or its text when it does not parse (for the saved state). */
  get value() {
    return this.doc ?? this.text.value;
  }

  /** Whether the engine accepts the rule set (no parse error, no engine error). */
  get valid() {
    return this.doc !== null && this.check.errors.length === 0;
  }

  setValue(value) {
    if (typeof value === 'string') {
      this.text.value = value;
      this.textEdited(true);
      return;
    }
    this.doc = value;
    this.text.value = JSON.stringify(value, null, 2);
    this.parseError = null;
    this.form.render(this.doc);
    this.validate();
  }

  setLang(lang) {
    this.lang = lang;
    this.form.lang = lang;
    if (this.doc) this.form.render(this.doc);
    this.show();
  }

  setMode(mode) {
    this.mode = mode;
    this.show();
  }

  formEdited() {
    this.text.value = JSON.stringify(this.doc, null, 2);
    this.schedule();
  }

  textEdited(now = false) {
    try {
      const doc = JSON.parse(this.text.value);
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new SyntaxError('not an object');
      this.doc = doc;
      this.parseError = null;
      this.form.render(doc);
    } catch (e) {
      this.doc = null;
      this.parseError = e.message;
    }
    if (now) this.validate();
    else this.schedule();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.validate(); this.onChange(); }, CHECK_DELAY_MS);
  }

  /** Checks the rule set now (the engine's validation and lint) and shows the outcome. */
  validate() {
    clearTimeout(this.timer);
    this.check = this.doc ? checkRules(this.doc) : { errors: [], findings: [] };
    this.show();
  }

  /** Problems with their rules-relative path, words in the page's language. */
  problems() {
    const errors = this.check.errors.map((e) => ({
      path: inRules(e.path), enginePath: e.path, severity: 'error', code: e.code, text: errorText(this.lang, e), title: e.message,
    }));
    const findings = this.check.findings.map((f) => ({
      path: inRules(f.path), enginePath: f.path, severity: f.severity, code: f.code, text: findingText(this.lang, f), title: f.message,
    }));
    return [...errors, ...findings];
  }

  show() {
    const w = (k, p) => t(this.lang, `sim.${k}`, p);
    this.title.textContent = w(this.which);
    const problems = this.problems();
    this.tabs.forEach((tab) => {
      const m = tab.dataset.mode;
      // A part's tab shows how many errors (or findings) are in it, so none goes unseen.
      const inPart = problems.filter((p) => p.severity !== 'note' && m !== 'json' && (p.path.startsWith('tiers') ? 'tiers' : 'commission') === m);
      const errors = inPart.filter((p) => p.severity === 'error').length;
      fillIn(tab, w(`mode.${m}`), inPart.length ? h('span', { class: `tab-count ${errors ? 'error' : 'finding'}` }, String(errors || inPart.length)) : null);
      tab.setAttribute('aria-pressed', String(m === this.mode));
    });
    this.resetBtn.textContent = w('resetRules');
    this.copyBtn.textContent = w('copyFromOther');
    const broken = this.doc === null;
    const form = this.mode !== 'json';
    this.broken.hidden = !broken || !form;
    this.broken.textContent = broken ? w('jsonBroken', { message: this.parseError }) : '';
    this.formRoot.hidden = !form || broken;
    this.formRoot.dataset.section = this.mode;
    this.jsonBody.hidden = this.mode !== 'json';
    this.root.dataset.valid = String(this.valid);
    this.root.dataset.errors = String(broken ? 1 : this.check.errors.length);
    const nErr = this.check.errors.length;
    const nFind = this.check.findings.length;
    fillIn(this.status,
      broken ? h('span', { class: 'bad' }, t(this.lang, 'invalidJson', { message: this.parseError }))
        : nErr ? h('span', { class: 'bad' }, w('rulesErrors', { count: nErr })) : h('span', { class: 'good' }, `✓ ${w('rulesOk')}`),
      nFind && !broken ? h('span', { class: 'warn' }, ` · ${w('findings', { count: nFind })}`) : null,
      this.check.hash ? h('code', { class: 'hash', title: this.check.hash }, this.check.hash.slice(0, 15)) : null);
    if (!broken) this.form.place(problems);
    this.text.classList.toggle('invalid', broken || nErr > 0);
    this.text.setAttribute('aria-invalid', String(broken || nErr > 0));
    this.showJsonProblems(broken);
  }

  showJsonProblems(broken) {
    if (broken) {
      fillIn(this.jsonProblems, h('p', { class: 'field-error', 'data-code': 'invalidJson' }, t(this.lang, 'invalidJson', { message: this.parseError })));
      return;
    }
    const text = this.text.value;
    const { list } = fieldErrors(this.lang, this.check.errors, 'rules', text);
    const findings = this.check.findings.map((f) => {
      const span = locate(text, pathSegments(inRules(f.path)));
      return h('li', { class: `finding ${f.severity}`, 'data-code': f.code, 'data-path': f.path, title: f.message },
        span ? h('button', { type: 'button', class: 'goto', 'data-start': span.start, 'data-end': span.end }, h('code', {}, f.path)) : h('code', {}, f.path),
        span ? h('span', { class: 'where' }, ` (${t(this.lang, 'lineCol', lineColumn(text, span.start))})`) : null,
        ' ', h('span', { class: 'severity' }, t(this.lang, `severity.${f.severity}`)), ' ', findingText(this.lang, f));
    });
    fillIn(this.jsonProblems, this.check.errors.length ? list : null, findings.length ? h('ul', { class: 'json-findings' }, findings) : null);
  }

  selectText(start, end) {
    const field = this.text;
    field.focus();
    field.setSelectionRange(start, end);
    const line = field.value.slice(0, start).split('\n').length;
    const lineHeight = Number.parseInt(getComputedStyle(field).lineHeight, 10) || 18;
    field.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }
}
