// The distributor's share screen: "分享赚 ¥X" from `preview`, what the downline earns them,
// the per-SKU table, and the tier card from `progress`. Every figure element carries the
// engine's raw strings in data- attributes (`data-field` names where in the engine's result
// it comes from) so the browser tests compare them with the CLI field by field.
import { h } from './dom.js';
import { lookup, t } from './i18n.js';
import { isZero, yuan, yuanRange } from './money.js';
import { measureFigures, measures, retentionLine, tierHeadline } from './progress-text.js';

/** A figure range element: `¥min–¥max`, with the engine's strings and where they come from. */
function range(field, e, cls = 'figure') {
  return h('span', { class: cls, 'data-field': field, 'data-level': e.level, 'data-min': e.min, 'data-max': e.max }, yuanRange(e.min, e.max));
}

/**
 * The share card for `preview`'s result. `skuNames` maps an SKU id to its display name,
 * `selectedSku` is the SKU picked (or null for a product without SKUs).
 */
export function shareCard(lang, preview, { skuNames, selectedSku }) {
  const level1 = preview.earnings[0];
  const allZero = preview.earnings.every((e) => isZero(e.max));
  const skuIndex = Math.max(0, preview.skus.findIndex((s) => (s.skuId ?? null) === selectedSku));
  const sku = preview.skus[skuIndex];
  const skuName = (s) => (s.skuId === undefined ? t(lang, 'noSkuName') : skuNames(s.skuId));

  const notice = !preview.distributes
    ? h('p', { class: 'notice', 'data-notice': 'notDistributor' }, t(lang, 'notDistributor'))
    : allZero
      ? h('p', { class: 'notice', 'data-notice': 'noCommission' }, t(lang, 'noCommission'))
      : null;

  const downline = preview.earnings.slice(1).map((e, i) => h('li', { class: 'level' },
    h('span', { class: 'level-name' }, t(lang, 'level', { level: e.level }),
      h('small', {}, lookup(lang, `levelHint.${e.level}`) || '')),
    range(`earnings[${i + 1}]`, e)));

  const header = h('tr', {}, h('th', {}, t(lang, 'colSku')), h('th', {}, t(lang, 'colPrice')),
    preview.earnings.map((e) => h('th', {}, t(lang, 'colLevel', { level: e.level }))));
  const rows = preview.skus.map((s, i) => h('tr', { 'data-sku-id': s.skuId ?? '', class: i === skuIndex ? 'selected' : null },
    h('td', {}, skuName(s)),
    h('td', {}, h('span', { 'data-field': `skus[${i}].price`, 'data-price': s.price }, yuan(s.price))),
    s.earnings.map((e, j) => h('td', {}, range(`skus[${i}].earnings[${j}]`, e)))));

  return h('div', { class: 'share-card', 'data-product-id': preview.productId, 'data-distributes': String(preview.distributes), 'data-rule-set-hash': preview.ruleSetHash },
    h('p', { class: 'earn-label' }, t(lang, 'shareEarn')),
    h('p', { class: 'earn' }, range('earnings[0]', level1, 'figure earn-figure')),
    h('p', { class: 'hint' }, preview.skus.length > 1 ? t(lang, 'shareEarnHintSkus', { skus: preview.skus.length }) : t(lang, 'shareEarnHint')),
    sku && preview.skus.length > 1
      ? h('p', { class: 'sku-earn', 'data-sku-id': sku.skuId },
        t(lang, 'skuEarn', { sku: skuName(sku), price: yuan(sku.price) }),
        range(`skus[${skuIndex}].earnings[0]`, sku.earnings[0]))
      : null,
    notice,
    downline.length ? h('div', { class: 'downline' }, h('h3', {}, t(lang, 'downline')), h('ul', {}, downline)) : null,
    h('details', { class: 'sku-table', open: true }, h('summary', {}, t(lang, 'skuTable')),
      h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, header), h('tbody', {}, rows)))));
}

/** One measure's row: what it counts, current / target, a bar at the engine's fraction. */
function measureRow(lang, m, kind) {
  return h('li', { class: m.met ? 'measure met' : 'measure', 'data-measure': kind, 'data-path': m.path, 'data-metric': m.metric,
    'data-current': m.current, 'data-target': m.target, 'data-remaining': m.remaining, 'data-fraction': m.fraction, 'data-met': String(m.met) },
  h('span', { class: 'measure-name' }, lookup(lang, `measureDone.${m.metric}`) || m.metric),
  h('span', { class: 'measure-figures' }, measureFigures(m)),
  // The engine's fraction (a decimal string, "0.8500") scales the bar in CSS: no float here.
  h('span', { class: 'bar' }, h('span', { style: `width: calc(${m.fraction} * 100%)` })));
}

/** The tier card for `progress`'s result; `tierName(id)` gives a tier's name in `lang`. */
export function tierCard(lang, progress, tierName) {
  const next = progress.nextTier;
  return h('div', { class: 'tier-card', 'data-member-id': progress.memberId, 'data-current-tier': progress.currentTier,
    'data-tier': progress.tier, 'data-upgraded': String(progress.upgraded), 'data-next-tier': next?.tier ?? '', 'data-rule-set-hash': progress.ruleSetHash },
  h('h3', {}, t(lang, 'tierCard')),
  h('p', { class: 'tier-now' }, h('span', { class: 'badge', 'data-tier-id': progress.tier }, tierName(progress.tier))),
  h('p', { class: 'tier-headline' }, tierHeadline(lang, progress, tierName)),
  next?.condition ? h('ul', { class: 'measures' }, measures(next.condition).map((m) => measureRow(lang, m, 'nextTier'))) : null,
  progress.retention ? h('div', { class: 'retention', 'data-met': String(progress.retention.met) },
    h('p', {}, retentionLine(lang, progress.retention, tierName)),
    h('ul', { class: 'measures' }, measures(progress.retention.condition).map((m) => measureRow(lang, m, 'retention')))) : null);
}
