// The comparison's results (the batch API's Comparison JSON) as figures, tables and charts.
// Every figure shown is an engine string at a named field: each cell carries `data-field`
// (its path in the Comparison, e.g. `candidate.levels[1].net`) and `data-raw` (the string as
// the engine wrote it), which is also what a table's CSV export holds.
import { fillIn, h } from '../dom.js';
import { lintCard } from '../errors-view.js';
import { t } from '../i18n.js';
import { percent } from '../money.js';
import { barChart, disposeCharts } from './charts.js';
import { csvText } from './csv.js';
import { count, fenForGeometry, money, shopTime } from './format.js';

const SIDES = ['baseline', 'candidate'];
/** Upgrades, downgrades and members awaiting approval listed per rule set; the CSV export holds them all. */
const ROWS_SHOWN = 20;

/** A cell's text from its raw value and kind. */
function shown(kind, raw) {
  if (raw === undefined || raw === null || raw === '') return '';
  switch (kind) {
    case 'money': return money(raw);
    case 'signed': return money(raw, { signed: true });
    case 'pct': return percent(raw);
    case 'count': return count(raw);
    default: return String(raw);
  }
}

/** Header rows: grouped columns (`group`) under one spanning cell, the others spanning both rows. */
function header(columns) {
  if (!columns.some((c) => c.group)) return h('tr', {}, columns.map((c) => h('th', { class: c.kind }, c.label)));
  const top = [];
  for (const c of columns) {
    const last = top[top.length - 1];
    if (c.group && last?.group === c.group) last.span += 1;
    else top.push({ group: c.group, span: 1, c });
  }
  return [
    h('tr', {}, top.map((x) => (x.group
      ? h('th', { colspan: x.span, class: 'group' }, x.group)
      : h('th', { rowspan: 2, class: x.c.kind }, x.c.label)))),
    h('tr', {}, columns.filter((c) => c.group).map((c) => h('th', { class: c.kind }, c.label))),
  ];
}

export class ResultsView {
  constructor(root, { onExport }) {
    this.root = root;
    this.onExport = onExport;
    this.tables = new Map();
    root.addEventListener('click', (e) => {
      const btn = e.target.closest('[data-export]');
      if (!btn) return;
      const table = this.tables.get(btn.dataset.export);
      if (table) this.onExport(`${btn.dataset.export}.csv`, csvText(table.header, table.rows));
      else this.onExport(null);
    });
  }

  w(key, params) {
    return t(this.lang, `sim.${key}`, params);
  }

  clear() {
    disposeCharts();
    this.tables.clear();
    fillIn(this.root);
  }

  /**
   * Draws `cmp` (the batch API's Comparison); `tierName(side, id)` names a tier from that
   * side's rule set, `utcOffset(side)` is its `utcOffset` (times are shown at it).
   */
  render(cmp, { lang, tierName, utcOffset }) {
    this.lang = lang;
    this.cmp = cmp;
    this.tierName = tierName;
    this.utcOffset = utcOffset;
    this.clear();
    const charts = [];
    const chartBox = (title, draw) => {
      const el = h('div', { class: 'chart', role: 'img', 'aria-label': title });
      charts.push(() => draw(el));
      return h('figure', { class: 'chart-card' }, h('figcaption', {}, title), el);
    };
    fillIn(this.root,
      h('div', { class: 'results-head' }, h('h2', {}, this.w('results')),
        h('button', { type: 'button', class: 'primary-outline', 'data-export': 'members' }, this.w('exportMembers'))),
      h('p', { class: 'notice stale', hidden: true }, this.w('stale')),
      this.keyFigures(cmp),
      h('section', { class: 'card' }, h('h3', {}, this.w('perLevel')),
        h('div', { class: 'split' }, this.perLevel(cmp), chartBox(this.w('chartLevels'), (el) => this.levelsChart(el, cmp)))),
      h('section', { class: 'card' }, h('h3', {}, this.w('perTier')),
        h('div', { class: 'split' }, this.perTier(cmp), chartBox(this.w('chartTiers'), (el) => this.tiersChart(el, cmp)))),
      h('section', { class: 'card' }, h('h3', {}, this.w('histogram')),
        this.sameBuckets(cmp)
          ? chartBox(this.w('histogram'), (el) => this.histogramChart(el, cmp, SIDES))
          : h('div', { class: 'charts2' }, SIDES.map((s) => chartBox(this.w(s), (el) => this.histogramChart(el, cmp, [s])))),
        h('div', { class: 'pair' }, SIDES.map((s) => this.histogramTable(cmp, s)))),
      h('div', { class: 'pair' }, SIDES.map((s) => h('section', { class: 'card' }, h('h3', {}, `${this.w('top')} · ${this.w(s)}`), this.top(cmp, s)))),
      h('div', { class: 'pair' },
        h('section', { class: 'card' }, h('h3', {}, this.w('gainers')), this.movers(cmp, 'gainers', 'gainerCount')),
        h('section', { class: 'card' }, h('h3', {}, this.w('losers')), this.movers(cmp, 'losers', 'loserCount'))),
      h('div', { class: 'pair' }, SIDES.map((s) => h('section', { class: 'card' }, h('h3', {}, `${this.w('upgrades')} · ${this.w(s)}`), this.upgrades(cmp, s)))),
      h('div', { class: 'pair' }, SIDES.map((s) => h('section', { class: 'card' }, h('h3', {}, `${this.w('downgrades')} · ${this.w(s)}`), this.downgrades(cmp, s)))),
      h('div', { class: 'pair' }, SIDES.map((s) => h('section', { class: 'card' }, h('h3', {}, `${this.w('awaiting')} · ${this.w(s)}`), this.awaiting(cmp, s)))),
      this.products(cmp),
      h('div', { class: 'pair' }, SIDES.map((s) => h('section', { class: 'card lint-side', 'data-side': s }, h('p', { class: 'side-label' }, this.w(s)),
        cmp[s].lint ? lintCard(lang, cmp[s].lint) : h('p', { class: 'form-note', 'data-lint': 'absent' }, this.w('lintAbsent')),
        h('p', { class: 'form-note', 'data-field': `${s}.reversals.amount`, 'data-raw': cmp[s].reversals?.amount },
          this.w('reversals', { count: count(cmp[s].reversals?.count ?? 0), amount: money(cmp[s].reversals?.amount ?? '0.00') }))))));
    for (const draw of charts) draw();
  }

  /**
   * A table with an export button: `columns` `[{label, kind}]` (`exportLabel`, when given,
   * heads the column in the CSV, which holds the raw values), `rows` of `[{raw, field}]`.
   * With `limit`, the first `limit` rows are shown and a note says how many more the CSV export
   * holds (a month's upgrades run to hundreds).
   */
  table(id, columns, rows, { caption = null, limit = Infinity } = {}) {
    this.tables.set(id, { header: columns.map((c) => (c.group ? `${c.group} · ${c.label}` : c.exportLabel ?? c.label)), rows: rows.map((r) => r.map((c) => c?.raw ?? '')) });
    const shownRows = rows.slice(0, limit);
    const more = rows.length - shownRows.length;
    return h('div', { class: 'table-block', 'data-table': id },
      h('div', { class: 'table-tools' }, caption ? h('span', { class: 'form-note' }, caption) : null,
        h('button', { type: 'button', class: 'small quiet', 'data-export': id }, this.w('exportCsv'))),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, header(columns)),
        h('tbody', {}, rows.length
          ? shownRows.map((r) => h('tr', {}, r.map((c, i) => h('td', {
            class: `${columns[i].kind}${c?.raw?.startsWith?.('-') ? ' neg' : ''}${/^0+\.00$/.test(c?.raw ?? '') ? ' zero' : ''}`, 'data-field': c?.field, 'data-raw': c?.field ? c.raw : null,
          }, c?.text ?? shown(columns[i].kind, c?.raw)))))
          : h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, this.w('none')))))),
      more > 0 ? h('p', { class: 'form-note more-rows', 'data-more': String(more) }, this.w('moreRows', { shown: count(shownRows.length), total: count(rows.length) })) : null);
  }

  keyFigures(cmp) {
    const card = (side) => {
      const s = cmp[side];
      const f = (field, kind, raw) => h('span', { 'data-field': `${side}.${field}`, 'data-raw': raw }, shown(kind, raw));
      return h('section', { class: `figure-card ${side}`, 'data-side': side },
        h('p', { class: 'side-label' }, this.w(side)),
        h('p', { class: 'kf-label' }, this.w('totalPayout')),
        h('p', { class: 'kf-big' }, f('payout.gross', 'money', s.payout.gross)),
        h('p', { class: 'kf-small' }, `${this.w('net')} `, f('payout.net', 'money', s.payout.net)),
        h('p', { class: 'kf-label' }, this.w('payoutShare')),
        h('p', { class: 'kf-mid' }, f('payoutShare.gross', 'pct', s.payoutShare.gross), h('small', {}, ` · ${this.w('net')} `, f('payoutShare.net', 'pct', s.payoutShare.net))),
        h('p', { class: 'kf-small' }, `${this.w('paidSales')} `, f('paidSales.gross', 'money', s.paidSales.gross), ` · ${this.w('ordersCount', { count: count(s.orders) })}`));
    };
    const d = cmp.difference.payout;
    return h('div', { class: 'key-figures' }, card('baseline'), card('candidate'),
      h('section', { class: 'figure-card change', 'data-side': 'difference' },
        h('p', { class: 'side-label' }, this.w('change')),
        h('p', { class: 'kf-label' }, this.w('totalPayout')),
        h('p', { class: `kf-big ${d.gross.startsWith('-') ? 'down' : /^0+\.00$/.test(d.gross) ? '' : 'up'}` }, h('span', { 'data-field': 'difference.payout.gross', 'data-raw': d.gross }, money(d.gross, { signed: true }))),
        h('p', { class: 'kf-small' }, `${this.w('net')} `, h('span', { 'data-field': 'difference.payout.net', 'data-raw': d.net }, money(d.net, { signed: true })))));
  }

  /** Rows of a per-level or per-tier comparison, matched by `key` across the three lists. */
  matched(cmp, list, key) {
    const keys = [];
    for (const src of [cmp.baseline[list], cmp.candidate[list], cmp.difference[list]]) {
      for (const x of src ?? []) if (!keys.includes(x[key])) keys.push(x[key]);
    }
    const cell = (src, k, field, kindField) => {
      const i = (cmp[src][list] ?? []).findIndex((x) => x[key] === k);
      return i < 0 ? null : { raw: cmp[src][list][i][kindField], field: `${src === 'difference' ? 'difference' : src}.${list}[${i}].${kindField}` };
    };
    return keys.map((k) => ({ k, cells: ['baseline', 'candidate', 'difference'].flatMap((src) => ['gross', 'net'].map((g) => cell(src, k, list, g))) }));
  }

  moneyColumns() {
    return ['baseline', 'candidate', 'difference'].flatMap((src) => ['gross', 'net'].map((g) => ({
      group: this.w(src), label: this.w(g), kind: src === 'difference' ? 'signed' : 'money',
    })));
  }

  perLevel(cmp) {
    const rows = this.matched(cmp, 'levels', 'level').map(({ k, cells }) => [{ raw: String(k), text: this.w('levelN', { level: k }) }, ...cells]);
    return this.table('levels', [{ label: this.w('colLevel'), kind: 'text' }, ...this.moneyColumns()], rows);
  }

  perTier(cmp) {
    const rows = this.matched(cmp, 'tiers', 'tier').map(({ k, cells }) => [{ raw: k, text: this.tierName('candidate', k) }, ...cells]);
    return this.table('tiers', [{ label: this.w('colTier'), kind: 'text' }, ...this.moneyColumns()], rows);
  }

  pairChart(el, cmp, list, key, label) {
    const keys = this.matched(cmp, list, key).map((r) => r.k);
    barChart(el, {
      categories: keys.map(label),
      series: SIDES.map((side) => ({
        key: side,
        name: this.w(side),
        points: keys.map((k) => {
          const x = cmp[side][list].find((y) => y[key] === k);
          return x ? { value: fenForGeometry(x.gross), label: money(x.gross) } : { value: 0, label: '—' };
        }),
      })),
    });
  }

  levelsChart(el, cmp) {
    this.pairChart(el, cmp, 'levels', 'level', (k) => this.w('levelN', { level: k }));
  }

  tiersChart(el, cmp) {
    this.pairChart(el, cmp, 'tiers', 'tier', (k) => this.tierName('candidate', k));
  }

  /** Whether both histograms have the same buckets (then one chart shows both). */
  sameBuckets(cmp) {
    const edges = (s) => JSON.stringify(cmp[s].histogram.map((b) => [b.from, b.to]));
    return edges('baseline') === edges('candidate');
  }

  /** A bucket's label: `from–to`, or `≥ from` for the last, open one (it has no `to`). */
  bucketLabel(b) {
    return b.to === undefined ? `≥ ${money(b.from)}` : `${money(b.from)}–${money(b.to)}`;
  }

  histogramChart(el, cmp, sides) {
    const range = (b) => this.bucketLabel(b);
    const buckets = cmp[sides[0]].histogram.map(range);
    barChart(el, {
      money: false,
      categories: buckets,
      series: sides.map((side) => ({
        key: side,
        name: this.w(side),
        points: buckets.map((r) => {
          const b = cmp[side].histogram.find((x) => range(x) === r);
          return b ? { value: b.members, label: this.w('membersCount', { count: count(b.members) }) } : { value: 0, label: '—' };
        }),
      })),
    });
  }

  histogramTable(cmp, side) {
    const rows = cmp[side].histogram.map((b, i) => [
      { raw: b.from, field: `${side}.histogram[${i}].from` },
      b.to === undefined ? { raw: '', text: this.w('openEnded') } : { raw: b.to, field: `${side}.histogram[${i}].to` },
      { raw: String(b.members), field: `${side}.histogram[${i}].members` }]);
    return h('div', {}, h('p', { class: 'side-label' }, this.w(side)),
      this.table(`histogram-${side}`, [{ label: this.w('colFrom'), kind: 'money' }, { label: this.w('colTo'), kind: 'money' }, { label: this.w('colMembers'), kind: 'count' }], rows));
  }

  top(cmp, side) {
    // `tier` and `finalTier` are absent under a rule set without tiers.
    const tierCell = (x, i, f) => (x[f] === undefined ? { raw: '' } : { raw: x[f], field: `${side}.top[${i}].${f}`, text: this.tierName(side, x[f]) });
    const rows = cmp[side].top.map((x, i) => [{ raw: String(i + 1) }, { raw: x.memberId, field: `${side}.top[${i}].memberId` },
      tierCell(x, i, 'tier'), tierCell(x, i, 'finalTier'), { raw: x.gross, field: `${side}.top[${i}].gross` }, { raw: x.net, field: `${side}.top[${i}].net` }]);
    return this.table(`top-${side}`, [{ label: this.w('colRank'), kind: 'count' }, { label: this.w('colMember'), kind: 'text' }, { label: this.w('colTier'), kind: 'text' },
      { label: this.w('colFinalTier'), kind: 'text' }, { label: this.w('gross'), kind: 'money' }, { label: this.w('net'), kind: 'money' }], rows);
  }

  /** The largest gains or losses (the engine lists the first few; `countField` says how many in all). */
  movers(cmp, list, countField) {
    const rows = (cmp.difference[list] ?? []).map((x, i) => [{ raw: x.memberId, field: `difference.${list}[${i}].memberId` },
      { raw: x.baseline, field: `difference.${list}[${i}].baseline` }, { raw: x.candidate, field: `difference.${list}[${i}].candidate` },
      { raw: x.change, field: `difference.${list}[${i}].change` }]);
    return this.table(list, [{ label: this.w('colMember'), kind: 'text' }, { label: this.w('baseline'), kind: 'money' },
      { label: this.w('candidate'), kind: 'money' }, { label: this.w('change'), kind: 'signed' }], rows,
    { caption: this.countNote(`difference.${countField}`, cmp.difference[countField], 'moversCount') });
  }

  /** A note around a count the engine gave (`{n}` in the words), the count at its field. */
  countNote(field, n, key) {
    if (n === undefined) return null;
    const [before, after = ''] = this.w(key).split('{n}');
    return h('span', {}, before, h('span', { 'data-field': field, 'data-raw': String(n) }, count(n)), after);
  }

  /** An instant's cell: the engine's UTC text as its data, shown at the rule set's offset. */
  atCell(side, at, field) {
    return { raw: at, field, text: shopTime(at, this.utcOffset(side)) };
  }

  /** The time column's header, naming the offset its times are shown at (the CSV keeps UTC). */
  atColumn(side) {
    return { label: this.w('colAt', { offset: `UTC${this.utcOffset(side)}` }), exportLabel: this.w('colAt', { offset: 'UTC' }), kind: 'text' };
  }

  trigger(u) {
    if (u.trigger?.order !== undefined) return this.w('triggerOrder', { id: u.trigger.order });
    if (u.trigger?.join !== undefined) return this.w('triggerJoin', { id: u.trigger.join });
    if (u.trigger?.refund !== undefined) return this.w('triggerRefund', { id: u.trigger.refund });
    if (u.trigger?.periodEnd) return this.w('triggerPeriodEnd');
    if (u.trigger?.start) return this.w('triggerStart');
    return '';
  }

  /**
   * `side`'s upgrades (the first few; the export holds all), and the members upgraded under
   * this side only (`upgradesOnlyIn`: the engine's count and its list of ids).
   */
  upgrades(cmp, side) {
    const rows = cmp[side].upgrades.map((u, i) => [{ raw: u.memberId, field: `${side}.upgrades[${i}].memberId` },
      { raw: u.from, field: `${side}.upgrades[${i}].from`, text: this.tierName(side, u.from) }, { raw: u.to, field: `${side}.upgrades[${i}].to`, text: this.tierName(side, u.to) },
      { raw: u.trigger?.order ?? u.trigger?.join ?? u.trigger?.refund ?? (u.trigger?.periodEnd ? 'periodEnd' : u.trigger?.start ? 'start' : ''), text: this.trigger(u) }, this.atCell(side, u.at, `${side}.upgrades[${i}].at`)]);
    const onlyIn = cmp.difference.upgradesOnlyIn;
    const ids = onlyIn?.[side] ?? [];
    const only = h('p', { class: 'form-note only-in', 'data-side': side },
      this.countNote(`difference.upgradesOnlyIn.${side}Count`, onlyIn?.[`${side}Count`], side === 'baseline' ? 'onlyBaselineCount' : 'onlyCandidateCount'),
      ids.length ? ' · ' : null,
      ids.flatMap((id, i) => [i ? ', ' : null, h('span', { 'data-field': `difference.upgradesOnlyIn.${side}[${i}]`, 'data-raw': id }, id)]));
    return h('div', {}, only, this.table(`upgrades-${side}`, [{ label: this.w('colMember'), kind: 'text' }, { label: this.w('colFrom'), kind: 'text' },
      { label: this.w('colTo'), kind: 'text' }, { label: this.w('colTrigger'), kind: 'text' }, this.atColumn(side)], rows,
    { limit: ROWS_SHOWN }));
  }

  downgrades(cmp, side) {
    const rows = (cmp[side].downgrades ?? []).map((d, i) => [{ raw: d.memberId, field: `${side}.downgrades[${i}].memberId` },
      { raw: d.from, field: `${side}.downgrades[${i}].from`, text: this.tierName(side, d.from) }, { raw: d.to, field: `${side}.downgrades[${i}].to`, text: this.tierName(side, d.to) },
      this.atCell(side, d.at, `${side}.downgrades[${i}].at`)]);
    return this.table(`downgrades-${side}`, [{ label: this.w('colMember'), kind: 'text' }, { label: this.w('colFrom'), kind: 'text' },
      { label: this.w('colTo'), kind: 'text' }, this.atColumn(side)], rows, { limit: ROWS_SHOWN });
  }

  /** Upgrades earned but held for the merchant's approval (the tier's `approval`). */
  awaiting(cmp, side) {
    const rows = (cmp[side].awaitingApproval ?? []).map((a, i) => [{ raw: a.memberId, field: `${side}.awaitingApproval[${i}].memberId` },
      { raw: a.tier, field: `${side}.awaitingApproval[${i}].tier`, text: this.tierName(side, a.tier) }, this.atCell(side, a.at, `${side}.awaitingApproval[${i}].at`)]);
    return this.table(`awaiting-${side}`, [{ label: this.w('colMember'), kind: 'text' }, { label: this.w('colTier'), kind: 'text' },
      this.atColumn(side)], rows, { limit: ROWS_SHOWN });
  }

  /**
   * Per product: paid sales (the dataset's, the same under both rule sets) and each side's
   * commission base, gross and net. The engine has no per-product payout (commission is
   * rounded per beneficiary over the whole order), so none is shown.
   */
  products(cmp) {
    const ids = [...new Set(SIDES.flatMap((s) => (cmp[s].products ?? []).map((p) => p.productId)))];
    if (!ids.length) return null;
    const cells = (s, id, f) => {
      const i = (cmp[s].products ?? []).findIndex((p) => p.productId === id);
      return ['gross', 'net'].map((g) => (i < 0 ? null : { raw: cmp[s].products[i][f][g], field: `${s}.products[${i}].${f}.${g}` }));
    };
    const rows = ids.map((id) => {
      const p = cmp.baseline.products?.find((x) => x.productId === id) ?? cmp.candidate.products?.find((x) => x.productId === id);
      return [{ raw: id, text: p?.name ? `${p.name}（${id}）` : id }, ...cells('baseline', id, 'paidSales'), ...cells('baseline', id, 'base'), ...cells('candidate', id, 'base')];
    });
    const group = (label) => ['gross', 'net'].map((g) => ({ group: label, label: this.w(g), kind: 'money' }));
    return h('section', { class: 'card' }, h('h3', {}, this.w('perProduct')),
      this.table('products', [{ label: this.w('colProduct'), kind: 'text' }, ...group(this.w('colPaidSales')),
        ...group(`${this.w('colBase')} · ${this.w('baseline')}`), ...group(`${this.w('colBase')} · ${this.w('candidate')}`)], rows));
  }
  /** Marks the results as from before the last edit (or not). */
  setStale(stale) {
    const note = this.root.querySelector('.stale');
    if (note) note.hidden = !stale;
    this.root.classList.toggle('is-stale', stale);
  }
}
