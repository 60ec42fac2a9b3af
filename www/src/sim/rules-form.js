// The rule set's common fields as a form: levels and their rates (one rate, a fixed amount or
// a rate per tier), cap, base, rounding, broken upline, self-purchase, and the tiers with their
// upgrade and retention conditions (any depth of all/any groups). Every input is bound to the
// engine's path of its value (`data-bind="levels[0].tierRates[1].rate"`) and sits in a box
// with that path (`data-path`), so an error or a lint finding at a path lands at its field,
// or at the nearest enclosing box. The form edits the document in place and never drops a
// field it does not show: everything else is edited in JSON.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { percent } from '../money.js';
import { ancestors, getAt, joinPath, pathSegments, setAt } from './paths.js';

const RATE = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;
const LEAF_TYPES = ['directRecruits', 'recruitsAtTier', 'ownPaidTotal', 'teamPaidTotal', 'commissionEarned', 'boughtProduct'];
const WINDOWS = ['allTime', 'lastDays', 'month', 'quarter'];

/** A condition of `type` with the fields it needs, empty for the merchant to fill. */
function newCondition(type, tiers) {
  switch (type) {
    case 'any': case 'all': return { type, of: [{ type: 'directRecruits', atLeast: 1 }] };
    case 'directRecruits': return { type, atLeast: 1 };
    case 'recruitsAtTier': return { type, tier: tiers[0]?.id ?? '', atLeast: 1 };
    case 'teamPaidTotal': return { type, atLeast: '0.00', depth: 1 };
    case 'boughtProduct': return { type, products: [] };
    default: return { type, atLeast: '0.00' };
  }
}

/** What an input's text becomes in the document: counts as numbers, ids as lists. */
function valueOf(el) {
  const { type, optional } = el.dataset;
  if (type === 'bool') return el.checked;
  const text = el.value;
  if (text.trim() === '' && optional !== undefined) return undefined;
  if (type === 'count') return /^\d{1,15}$/.test(text.trim()) ? Number.parseInt(text.trim(), 10) : text;
  if (type === 'ids') return text.split(/[,，\s]+/).filter(Boolean);
  return text;
}

/** The text an input shows for a document value. */
function textOf(value) {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export class RulesForm {
  /** `onChange(structural)` is called after every edit of the document. */
  constructor(root, { lang, onChange }) {
    this.root = root;
    this.lang = lang;
    this.doc = null;
    this.onChange = onChange;
    root.addEventListener('input', (e) => this.edited(e.target));
    root.addEventListener('change', (e) => this.edited(e.target));
    root.addEventListener('click', (e) => {
      const btn = e.target.closest('button[data-action]');
      if (btn) this.act(btn.dataset.action, btn.dataset.path);
    });
  }

  w(key, params) {
    return t(this.lang, `sim.${key}`, params);
  }

  /** Draws the form for `doc` (an object, edited in place from now on). */
  render(doc) {
    this.doc = doc;
    const tiers = Array.isArray(doc.tiers) ? doc.tiers : [];
    this.root.replaceChildren(
      this.box('', null, h('p', { class: 'form-note' }, this.w('otherFields'))),
      h('div', { class: 'part part-commission' }, this.levelsSection(doc, tiers), this.generalSection()),
      h('div', { class: 'part part-tiers' }, this.tiersSection(tiers)));
  }

  /** A box at `path`: its label, its content and the list its problems go to. */
  box(path, label, ...content) {
    // The box's label names its control for assistive technology (the label is a span: the
    // box also holds the control's messages, which a <label> may not).
    const control = content.flat().map((c) => (c?.matches?.('input, select') ? c : c?.querySelector?.(':scope > input'))).find(Boolean);
    if (label && control) control.setAttribute('aria-label', label);
    return h('div', { class: 'ff', 'data-path': path },
      label ? h('span', { class: 'ff-label' }, label) : null,
      ...content,
      h('ul', { class: 'ff-msgs', 'aria-live': 'polite' }));
  }

  input(path, type, { optional = false, placeholder = '', width = '' } = {}) {
    const value = getAt(this.doc, path);
    const el = h('input', {
      type: 'text', 'data-bind': path, 'data-type': type, 'data-optional': optional || null,
      value: textOf(value), placeholder, spellcheck: 'false', autocomplete: 'off', class: width,
      inputmode: type === 'count' ? 'numeric' : type === 'rate' || type === 'money' ? 'decimal' : null,
    });
    if (type !== 'rate') return el;
    return h('span', { class: 'with-pct' }, el, h('span', { class: 'pct', 'data-pct-for': path }, pctText(value)));
  }

  select(path, options, { action = null, fallback, current, label = null } = {}) {
    const value = current ?? getAt(this.doc, path) ?? fallback;
    return h('select', { 'data-bind': action ? null : path, 'data-action-path': action ? path : null, 'data-action': action, 'data-type': 'enum', 'aria-label': label },
      options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  }

  button(action, path, label, cls = 'small') {
    return h('button', { type: 'button', class: cls, 'data-action': action, 'data-path': path }, label);
  }

  levelsSection(doc, tiers) {
    const levels = Array.isArray(doc.levels) ? doc.levels : [];
    return h('section', { class: 'form-section' },
      this.box('levels', null,
        h('h4', {}, this.w('levels')),
        h('div', { class: 'levels' }, levels.map((level, k) => this.levelBox(level, k, tiers))),
        levels.length < 3 ? this.button('addLevel', 'levels', `+ ${this.w('addLevel')}`) : null));
  }

  levelBox(level, k, tiers) {
    const path = `levels[${k}]`;
    const kind = level && typeof level === 'object' ? (['tierRates', 'fixed', 'rate'].find((x) => x in level) ?? 'rate') : 'rate';
    const hint = t(this.lang, `sim.levelHint.${k + 1}`);
    let body;
    if (kind === 'tierRates') {
      const list = Array.isArray(level.tierRates) ? level.tierRates : [];
      body = this.box(`${path}.tierRates`, null, h('div', { class: 'tier-rates' }, list.map((entry, i) => {
        const name = tiers.find((x) => x.id === entry?.tier)?.name;
        return this.box(`${path}.tierRates[${i}].rate`, name ? `${name}（${entry?.tier}）` : String(entry?.tier ?? ''),
          this.input(`${path}.tierRates[${i}].rate`, 'rate', { width: 'w-rate' }));
      })));
    } else if (kind === 'fixed') {
      body = this.box(`${path}.fixed`, this.w('fixed'), this.input(`${path}.fixed`, 'money', { width: 'w-money' }));
    } else {
      body = this.box(`${path}.rate`, this.w('rate'), this.input(`${path}.rate`, 'rate', { width: 'w-rate' }));
    }
    return h('fieldset', { class: 'level ff', 'data-path': path },
      h('legend', {}, this.w('levelN', { level: k + 1 }), hint !== `sim.levelHint.${k + 1}` ? h('small', {}, ` · ${hint}`) : null),
      h('div', { class: 'row' },
        h('label', { class: 'ff-inline' }, h('span', { class: 'ff-label' }, this.w('levelKind')),
          this.select(path, ['rate', 'fixed', 'tierRates'].map((x) => [x, t(this.lang, `sim.kind.${x}`)]), { action: 'levelKind', current: kind })),
        this.button('removeLevel', path, this.w('removeLevel'), 'small quiet')),
      body,
      h('ul', { class: 'ff-msgs' }));
  }

  generalSection() {
    const opts = (key, values) => values.map((v) => [v, t(this.lang, `sim.${key}.${v}`)]);
    return h('section', { class: 'form-section grid2' },
      this.box('cap', this.w('cap'), this.input('cap', 'rate', { optional: true, placeholder: this.w('capHint'), width: 'w-rate' })),
      this.box('base', this.w('base'), this.select('base', opts('baseOpt', ['paid', 'profit']), { fallback: 'paid' })),
      this.box('rounding', this.w('rounding'), this.select('rounding', opts('roundingOpt', ['down', 'halfUp']), { fallback: 'down' })),
      this.box('brokenUpline', this.w('brokenUpline'), this.select('brokenUpline', opts('brokenUplineOpt', ['forfeit', 'compress']), { fallback: 'forfeit' })),
      this.box('selfPurchase', null, h('label', { class: 'check' },
        h('input', { type: 'checkbox', 'data-bind': 'selfPurchase', 'data-type': 'bool', checked: getAt(this.doc, 'selfPurchase') === true }),
        ' ', this.w('selfPurchase'))));
  }

  tiersSection(tiers) {
    return h('section', { class: 'form-section' },
      this.box('tiers', null,
        h('h4', {}, this.w('tiers')),
        h('div', { class: 'tiers' }, tiers.map((tier, i) => this.tierBox(tier, i, tiers))),
        tiers.length < 20 ? this.button('addTier', 'tiers', `+ ${this.w('addTier')}`) : null));
  }

  tierBox(tier, i, tiers) {
    const path = `tiers[${i}]`;
    const approval = [['automatic', t(this.lang, 'sim.approvalOpt.automatic')], ['manual', t(this.lang, 'sim.approvalOpt.manual')]];
    const head = h('div', { class: 'row tier-head' },
      this.box(`${path}.id`, this.w('tierId'), this.input(`${path}.id`, 'text', { width: 'w-id' })),
      this.box(`${path}.name`, this.w('tierName'), this.input(`${path}.name`, 'text', { optional: true, width: 'w-name' })),
      i > 0 ? this.box(`${path}.approval`, this.w('tierApproval'), this.select(`${path}.approval`, approval, { fallback: 'automatic' })) : null,
      this.button('removeTier', path, this.w('removeTier'), 'small quiet'));
    let upgrade;
    if (i === 0 && tier?.upgrade === undefined) upgrade = h('p', { class: 'form-note' }, this.w('firstTier'));
    else if (tier?.upgrade === undefined) upgrade = h('p', { class: 'form-note' }, this.w('assignedTier'), ' ', this.button('addUpgrade', `${path}.upgrade`, `+ ${this.w('addUpgrade')}`));
    else upgrade = this.box(`${path}.upgrade`, this.w('upgrade'), this.condition(`${path}.upgrade`, tier.upgrade, tiers, 0));
    let retention = null;
    if (tier?.retention !== undefined) {
      const period = [['month', t(this.lang, 'sim.periodOpt.month')], ['quarter', t(this.lang, 'sim.periodOpt.quarter')]];
      retention = this.box(`${path}.retention`, this.w('retention'),
        h('div', { class: 'row' }, this.box(`${path}.retention.period`, this.w('retentionPeriod'), this.select(`${path}.retention.period`, period, { fallback: 'quarter' })),
          this.button('removeCondition', `${path}.retention`, this.w('removeCondition'), 'small quiet')),
        this.condition(`${path}.retention.condition`, tier.retention?.condition, tiers, 0, false));
    } else if (i > 0) {
      retention = this.button('addRetention', `${path}.retention`, `+ ${this.w('addRetention')}`);
    }
    return h('fieldset', { class: 'tier ff', 'data-path': path },
      h('legend', {}, tier?.name || tier?.id || `#${i + 1}`), head, upgrade, retention, h('ul', { class: 'ff-msgs' }));
  }

  /** A condition: a group (any/all with its conditions) or a measure, at `path`. */
  condition(path, node, tiers, depth, removable = true) {
    const type = node?.type;
    const typeOptions = [...LEAF_TYPES, 'any', 'all'].map((x) => [x, t(this.lang, `sim.condType.${x}`)]);
    const remove = removable ? this.button('removeCondition', path, '×', 'small quiet icon') : null;
    if (type === 'any' || type === 'all') {
      const list = Array.isArray(node.of) ? node.of : [];
      return h('div', { class: `cond group depth${depth} ff`, 'data-path': path },
        h('div', { class: 'row' },
          this.select(`${path}.type`, [['any', t(this.lang, 'sim.group.any')], ['all', t(this.lang, 'sim.group.all')]], { label: this.w('groupKind') }), remove),
        this.box(`${path}.of`, null, list.map((c, i) => this.condition(`${path}.of[${i}]`, c, tiers, depth + 1))),
        h('div', { class: 'row' },
          this.button('addCond', `${path}.of`, `+ ${this.w('addCondition')}`),
          depth < 2 ? this.button('addGroup', `${path}.of`, `+ ${this.w('addGroup')}`) : null),
        h('ul', { class: 'ff-msgs' }));
    }
    const fields = [];
    if (type === 'recruitsAtTier') {
      fields.push(this.box(`${path}.tier`, this.w('tier'), this.select(`${path}.tier`, tiers.map((x) => [x.id, x.name || x.id]))));
    }
    if (type === 'boughtProduct') fields.push(this.box(`${path}.products`, this.w('productsList'), this.input(`${path}.products`, 'ids', { width: 'w-name' })));
    else fields.push(this.box(`${path}.atLeast`, this.w('atLeast'), this.input(`${path}.atLeast`, ['directRecruits', 'recruitsAtTier'].includes(type) ? 'count' : 'money', { width: 'w-money' })));
    if (type === 'teamPaidTotal') {
      fields.push(this.box(`${path}.depth`, this.w('depth'), this.input(`${path}.depth`, 'count', { optional: true, placeholder: '1', width: 'w-count' })));
      fields.push(this.box(`${path}.includeSelf`, null, h('label', { class: 'check' },
        h('input', { type: 'checkbox', 'data-bind': `${path}.includeSelf`, 'data-type': 'bool', checked: node.includeSelf === true }), ' ', this.w('includeSelf'))));
    }
    const kind = node?.window?.kind ?? 'allTime';
    fields.push(this.box(`${path}.window`, this.w('window'),
      this.select(`${path}.window.kind`, WINDOWS.map((x) => [x, t(this.lang, `sim.windowOpt.${x}`)]), { action: 'window', fallback: 'allTime' })));
    if (kind === 'lastDays') fields.push(this.box(`${path}.window.days`, this.w('days'), this.input(`${path}.window.days`, 'count', { width: 'w-count' })));
    return h('div', { class: 'cond measure ff', 'data-path': path },
      h('div', { class: 'row' }, this.select(`${path}.type`, typeOptions, { action: 'condType', label: this.w('conditionType') }), ...fields, remove),
      h('ul', { class: 'ff-msgs' }));
  }

  /** An input changed: its value goes into the document at its path. */
  edited(el) {
    if (el.dataset.action && el.tagName === 'SELECT') {
      this.act(el.dataset.action, el.dataset.actionPath, el.value);
      return;
    }
    const path = el.dataset.bind;
    if (!path || !this.doc) return;
    const value = valueOf(el);
    const before = getAt(this.doc, path);
    setAt(this.doc, path, value);
    if (el.dataset.type === 'rate') {
      const pct = this.root.querySelector(`[data-pct-for="${CSS.escape(path)}"]`);
      if (pct) pct.textContent = pctText(value);
    }
    if (/^tiers\[\d+\]\.id$/.test(path) && typeof before === 'string') this.renameTier(before, value);
    // A group's type (any/all) or a tier's approval changes no layout; a condition's type does.
    this.onChange(false);
  }

  /** A tier's id renamed: the per-tier rates naming it follow, so the rule set stays whole. */
  renameTier(from, to) {
    for (const level of Array.isArray(this.doc.levels) ? this.doc.levels : []) {
      for (const entry of Array.isArray(level?.tierRates) ? level.tierRates : []) {
        if (entry?.tier === from) entry.tier = to ?? '';
      }
    }
  }

  /** A structural edit: adds, removes or retypes a part, then draws the form again. */
  act(action, path, value) {
    const doc = this.doc;
    const tiers = Array.isArray(doc.tiers) ? doc.tiers : [];
    const list = (p) => {
      if (!Array.isArray(getAt(doc, p))) setAt(doc, p, []);
      return getAt(doc, p);
    };
    switch (action) {
      case 'addLevel': list('levels').push({ rate: '' }); break;
      case 'removeLevel': case 'removeTier': case 'removeCondition': setAt(doc, path, undefined); break;
      case 'levelKind': {
        const fresh = { rate: { rate: '' }, fixed: { fixed: '' }, tierRates: { tierRates: tiers.map((x) => ({ tier: x.id, rate: '' })) } };
        setAt(doc, path, fresh[value]);
        break;
      }
      case 'addTier': {
        const id = `tier${tiers.length + 1}`;
        list('tiers').push(tiers.length === 0 ? { id } : { id, upgrade: newCondition('directRecruits', tiers) });
        for (const level of Array.isArray(doc.levels) ? doc.levels : []) {
          if (Array.isArray(level?.tierRates)) level.tierRates.push({ tier: id, rate: '' });
        }
        break;
      }
      case 'addUpgrade': setAt(doc, path, newCondition('any', tiers)); break;
      case 'addRetention': setAt(doc, path, { period: 'quarter', condition: newCondition('teamPaidTotal', tiers) }); break;
      case 'addCond': list(path).push(newCondition('directRecruits', tiers)); break;
      case 'addGroup': list(path).push(newCondition('all', tiers)); break;
      case 'condType': {
        const node = getAt(doc, path.replace(/\.type$/, ''));
        const fresh = newCondition(value, tiers);
        if ((value === 'any' || value === 'all') && (node?.type === 'any' || node?.type === 'all')) fresh.of = node.of;
        setAt(doc, path.replace(/\.type$/, ''), fresh);
        break;
      }
      case 'window': {
        const at = path.replace(/\.kind$/, '');
        setAt(doc, at, value === 'allTime' ? undefined : value === 'lastDays' ? { kind: value, days: 30 } : { kind: value });
        break;
      }
      default: return;
    }
    this.render(doc);
    this.onChange(true);
  }

  /**
   * Puts each problem (`{ path, severity, code, text, title }`, paths without `rules.`) in
   * the box of its path, or of the nearest enclosing path the form has; answers the paths
   * of the boxes used, for the test and the list below the form.
   */
  place(problems) {
    for (const ul of this.root.querySelectorAll('.ff-msgs')) ul.replaceChildren();
    for (const el of this.root.querySelectorAll('.has-error, .has-finding')) el.classList.remove('has-error', 'has-finding');
    for (const el of this.root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    const placed = [];
    for (const p of problems) {
      const box = ancestors(p.path).map((a) => this.root.querySelector(`.ff[data-path="${CSS.escape(a)}"]`)).find(Boolean);
      if (!box) continue;
      box.classList.add(p.severity === 'error' ? 'has-error' : 'has-finding');
      const input = box.querySelector(':scope > input, :scope > .with-pct > input, :scope > select');
      if (input && p.severity === 'error') input.setAttribute('aria-invalid', 'true');
      box.querySelector(':scope > .ff-msgs')?.append(h('li', {
        class: `ff-msg ${p.severity}`, 'data-code': p.code, 'data-path': p.enginePath, 'data-severity': p.severity, title: p.title,
      }, p.text));
      placed.push(box.dataset.path);
    }
    return placed;
  }
}

function pctText(value) {
  return typeof value === 'string' && RATE.test(value) ? `= ${percent(value)}` : '';
}

/** The rules-relative path of a problem box an engine path lands in (exported for tests). */
export function boxPathFor(paths, enginePath) {
  const have = new Set(paths);
  return ancestors(enginePath).find((a) => have.has(a)) ?? '';
}

export { joinPath, pathSegments };
