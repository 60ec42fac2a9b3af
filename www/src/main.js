// The share-poster page: pick a distributor, a product and a SKU of the sample shop (or
// paste a rule set and a product); the share screen shows what the engine's `preview` and
// `progress` answer, and the poster buyers see is drawn beside it.
import rules from '../../examples/sample-shop/rules.json';
import info from '../../examples/sample-shop/shop.json';
import products from '../../examples/sample-shop/products.json';
import distributors from '../../examples/sample-shop/distributors.json';
import { fillIn, h } from './dom.js';
import { call, CheckedRules, loadEngine } from './engine.js';
import { errorsAt, errorText, fieldErrors, lintCard } from './errors-view.js';
import { LANGS, t } from './i18n.js';
import { renderPoster } from './poster-view.js';
import { engineProduct, previewArgs, productById, progressArgs } from './shop.js';
import { shareCard, tierCard } from './share-screen.js';

const shop = { rules, info, products, distributors };
const imageUrls = import.meta.glob('../../examples/sample-shop/images/*.svg', { eager: true, query: '?url', import: 'default' });
const imageOf = (product) => imageUrls[`../../examples/sample-shop/${product.image}`] || null;

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const state = {
  lang: LANGS.includes(params.get('lang')) ? params.get('lang') : 'zh',
  distributorId: params.get('d') || 'xiaomei',
  productId: params.get('p') || products[0].id,
  skuId: params.get('sku'),
  source: 'sample',
};
if (!distributors.some((d) => d.id === state.distributorId)) state.distributorId = distributors[0].id;
if (!products.some((p) => p.id === state.productId)) state.productId = products[0].id;

const checked = new CheckedRules();
let lintCache = { key: null, lint: null };

/** The sample shop's name for a tier in the page's language, else the rule set's, else its id. */
function tierNamer(rulesDoc) {
  return (id) => info.tiers?.[id]?.[state.lang] ?? rulesDoc?.tiers?.find?.((x) => x.id === id)?.name ?? id;
}

function localName(name) {
  return typeof name === 'string' ? name : name[state.lang] ?? name.zh;
}

/** Parses a textarea's JSON; `{ value }` or `{ error }` with the parser's message. */
function parseField(text) {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: e.message };
  }
}

/** Fills the select with options `[value, label]`, keeping `selected`. */
function options(select, list, selected) {
  fillIn(select, list.map(([value, label]) => h('option', { value, selected: value === selected }, label)));
}

function staticTexts() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `${t(state.lang, 'title')} · ${localName(info.name)}`;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(state.lang, el.dataset.i18n);
  $('lang').textContent = t(state.lang, 'switchLang');
  $('shop-name').textContent = localName(info.name);
  $('nav-sim').href = `./simulator.html?lang=${state.lang}`;
}

function syncUrl() {
  const q = new URLSearchParams({ lang: state.lang, d: state.distributorId, p: state.productId });
  if (state.skuId) q.set('sku', state.skuId);
  history.replaceState(null, '', `?${q}`);
}

/** The product being shared: `{ doc, name, image, skus }` from the sample shop or the pasted text. */
function currentProduct() {
  if (state.source === 'sample') {
    const p = productById(shop, state.productId);
    return { doc: engineProduct(p), name: localName(p.name), image: imageOf(p), skuName: (id) => localName(p.skus.find((s) => s.id === id).name) };
  }
  const parsed = parseField($('product-text').value);
  if (parsed.error) return { parseError: parsed.error };
  const doc = parsed.value;
  return { doc, name: String(doc?.id ?? ''), image: null, skuName: (id) => id };
}

/** Selects `start`–`end` in a textarea and scrolls it there (setSelectionRange alone does not scroll). */
function selectInField(field, start, end) {
  field.focus();
  field.setSelectionRange(start, end);
  const line = field.value.slice(0, start).split('\n').length;
  const lineHeight = Number.parseInt(getComputedStyle(field).lineHeight, 10) || 18;
  field.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

function showFieldProblem(fieldId, listId, content, span) {
  const field = $(fieldId);
  field.classList.toggle('invalid', content !== null);
  field.setAttribute('aria-invalid', String(content !== null));
  fillIn($(listId), content);
  if (span && document.activeElement !== field) selectInField(field, span.start, span.end);
}

/** Recomputes everything shown from the current inputs: one engine call per figure set. */
function update() {
  const lang = state.lang;
  staticTexts();
  const pasted = state.source === 'pasted';
  $('paste').hidden = !pasted;
  $('product-pick').hidden = pasted;

  // Rules: the sample shop's, or the pasted text; checked once per text.
  let rulesDoc = shop.rules;
  let rulesKey = 'sample';
  showFieldProblem('rules-text', 'rules-errors', null);
  showFieldProblem('product-text', 'product-errors', null);
  if (pasted) {
    const text = $('rules-text').value;
    const parsed = parseField(text);
    if (parsed.error) {
      showFieldProblem('rules-text', 'rules-errors', h('p', { class: 'field-error', 'data-code': 'invalidJson' }, t(lang, 'invalidJson', { message: parsed.error })));
      return refused();
    }
    rulesDoc = parsed.value;
    rulesKey = `pasted:${text}`;
  }
  const { ruleSet, error } = checked.check(rulesKey, rulesDoc);
  if (error) {
    const { list, first } = fieldErrors(lang, errorsAt(error, 'rules'), 'rules', pasted ? $('rules-text').value : null);
    showFieldProblem('rules-text', 'rules-errors', list, first);
    return refused();
  }
  if (lintCache.key !== rulesKey) lintCache = { key: rulesKey, lint: call(() => ruleSet.lintRules({ profile: 'wechat' })) };
  fillIn($('lint'), lintCache.lint.result ? lintCard(lang, lintCache.lint.result) : null);

  // The product and the distributor's preview: one call.
  const product = currentProduct();
  if (product.parseError) {
    showFieldProblem('product-text', 'product-errors', h('p', { class: 'field-error', 'data-code': 'invalidJson' }, t(lang, 'invalidJson', { message: product.parseError })));
    return refused();
  }
  const skuIds = Array.isArray(product.doc?.skus) ? product.doc.skus.map((s) => s?.id) : [];
  if (!skuIds.includes(state.skuId)) state.skuId = skuIds[0] ?? null;
  $('sku-pick').hidden = skuIds.length === 0;
  options($('sku'), skuIds.map((id) => [id, product.skuName(id)]), state.skuId);
  syncUrl();

  const preview = call(() => ruleSet.previewEarnings(previewArgs(shop, state.distributorId, product.doc)));
  if (preview.error) {
    const productErrors = errorsAt(preview.error, 'product');
    if (pasted && productErrors.length) {
      const { list, first } = fieldErrors(lang, productErrors, 'product', $('product-text').value);
      showFieldProblem('product-text', 'product-errors', list, first);
    }
    return refused(preview.error);
  }
  const progress = call(() => ruleSet.tierProgress(progressArgs(shop, state.distributorId)));
  const tierName = tierNamer(rulesDoc);
  const distributor = distributors.find((d) => d.id === state.distributorId);

  fillIn($('share'),
    h('div', { class: 'who' },
      product.image ? h('img', { src: product.image, alt: '', width: 64, height: 64 }) : null,
      h('div', {}, h('p', { class: 'product-name' }, product.name), h('p', { class: 'nickname' }, distributor.nickname))),
    shareCard(lang, preview.result, { skuNames: product.skuName, selectedSku: state.skuId }),
    progress.result ? tierCard(lang, progress.result, tierName) : engineRefusal(progress.error));

  const sku = preview.result.skus.find((s) => (s.skuId ?? null) === state.skuId) || preview.result.skus[0];
  renderPoster($('poster-area'), {
    lang,
    shop,
    shopName: localName(info.name),
    distributor,
    productId: preview.result.productId,
    name: product.name,
    skuName: sku.skuId !== undefined ? product.skuName(sku.skuId) : '',
    price: sku.price,
    image: product.image,
  });
}

function engineRefusal(error) {
  return h('div', { class: 'refusal', 'data-code': error.code, 'data-path': error.path },
    h('p', {}, t(state.lang, 'refused')),
    h('ul', {}, error.errors.map((e) => h('li', { 'data-code': e.code, 'data-path': e.path, title: e.message },
      h('code', {}, e.path), ' ', errorText(state.lang, e)))));
}

/** Nothing can be previewed: the share screen says why, the poster is cleared. */
function refused(error) {
  fillIn($('share'), error ? engineRefusal(error) : h('p', { class: 'refusal' }, t(state.lang, 'refusedField')));
  fillIn($('poster-area'));
  if (!error) fillIn($('lint'));
}

function wire() {
  options($('distributor'), distributors.map((d) => [d.id, d.nickname]), state.distributorId);
  const productOptions = () => options($('product'), products.map((p) => [p.id, localName(p.name)]), state.productId);
  productOptions();
  $('distributor').addEventListener('change', (e) => { state.distributorId = e.target.value; update(); });
  $('product').addEventListener('change', (e) => { state.productId = e.target.value; state.skuId = null; update(); });
  $('sku').addEventListener('change', (e) => { state.skuId = e.target.value; update(); });
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    productOptions();
    update();
  });
  for (const radio of document.querySelectorAll('input[name=source]')) {
    radio.addEventListener('change', (e) => {
      state.source = e.target.value;
      if (state.source === 'pasted' && !$('rules-text').value) resetPasted();
      update();
    });
  }
  let timer = null;
  for (const id of ['rules-text', 'product-text']) {
    $(id).addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(update, 150);
    });
  }
  $('reset').addEventListener('click', () => { resetPasted(); update(); });
  for (const [list, field] of [['rules-errors', 'rules-text'], ['product-errors', 'product-text']]) {
    $(list).addEventListener('click', (e) => {
      const go = e.target.closest('[data-start]');
      if (!go) return;
      selectInField($(field), Number.parseInt(go.dataset.start, 10), Number.parseInt(go.dataset.end, 10));
    });
  }
}

/** The pasted fields filled with the sample shop's rules and the current product's engine document. */
function resetPasted() {
  $('rules-text').value = JSON.stringify(shop.rules, null, 2);
  $('product-text').value = JSON.stringify(engineProduct(productById(shop, state.productId)), null, 2);
}

async function main() {
  staticTexts();
  wire();
  await loadEngine();
  document.body.dataset.engine = 'ready';
  update();
}

main().catch((e) => {
  console.error(e);
  fillIn($('share'), h('p', { class: 'refusal' }, String(e?.message || e)));
});
