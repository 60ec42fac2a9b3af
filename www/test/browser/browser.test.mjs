// The built pages (www/dist) in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core, which downloads no browser): for every distributor and product of the
// sample shop the figures on the page must be the native CLI's (`fenxiao preview` and
// `fenxiao progress` on the committed documents in examples/sample-shop/cli/), field by
// field; the poster's QR must decode to the share code; the PNG must download and decode;
// no commission figure may be on the poster. A console error fails every test.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { chromium } from 'playwright-core';
import { cliDir, loadSampleShop, repo, wwwDir } from '../../scripts/sample-shop.mjs';
import { serveDir } from '../../scripts/static-server.mjs';
import { codeFromLink, decodeShareCode } from '../../src/share-code.js';
import { cliFile } from '../../src/shop.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const targetDir = process.env.CARGO_TARGET_DIR || join(repo, 'target');
const CLI = process.env.FENXIAO_CLI || join(targetDir, 'release', 'fenxiao');
const DIST = process.env.WWW_DIST || join(wwwDir, 'dist');
const SHOTS = process.env.WWW_SCREENSHOTS || join(targetDir, 'www-screenshots');
const WAIT_MS = 30_000;

const shop = loadSampleShop();
let server;
let browser;

before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), `no built pages at ${DIST}: run .ci/build-www`);
  assert.ok(existsSync(CLI), `no native CLI at ${CLI}: cargo build --release --all-features --bin fenxiao`);
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: .ci/install-chromium installs Debian's chromium`);
  server = await serveDir({ dir: DIST });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The CLI's result for a committed sample document. */
function native(command, file) {
  const r = spawnSync(CLI, [command, join(cliDir, file)], { encoding: 'utf8' });
  if (r.error) throw r.error;
  const answer = JSON.parse(r.stdout);
  assert.equal(answer.ok, true, `fenxiao ${command} ${file}: ${r.stdout}`);
  return answer.result;
}

/** `¥` and the engine's string with its digits grouped: the test's own formatting. */
function yuan(s) {
  const [whole, fen] = s.split('.');
  return `¥${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${fen}`;
}
const range = (e) => (e.min === e.max ? yuan(e.min) : `${yuan(e.min)}–${yuan(e.max)}`);

/** The value at an engine path like `skus[1].earnings[0]` in an object. */
function at(obj, path) {
  return path.match(/[^.[\]]+/g).reduce((o, k) => (o === undefined ? undefined : o[/^\d+$/.test(k) ? Number(k) : k]), obj);
}

/** A page of the site with its console watched: any error is recorded and fails `clean()`. */
async function open({ width = 1280, height = 900, query = '' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: width < 500 ? 2 : 1, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(`${server.url}${query}`);
  await page.waitForSelector('body[data-engine="ready"]');
  return {
    page,
    context,
    clean: () => assert.deepEqual(problems, [], problems.join('\n')),
    close: () => context.close(),
  };
}

/** Waits until the page shows `d` sharing `p` and the poster for them is drawn. */
async function settled(page, d, p) {
  await page.waitForFunction(([dd, pp]) => {
    const card = document.querySelector('.share-card');
    const tier = document.querySelector('.tier-card');
    const poster = document.getElementById('poster');
    return card?.dataset.productId === pp && tier?.dataset.memberId === dd
      && poster?.dataset.state === 'ready' && poster.dataset.code === `1.${dd}.${pp}`;
  }, [d, p]);
}

/** What the share screen shows: every figure element with its engine field and raw strings. */
function scrape(page) {
  return page.evaluate(() => {
    const card = document.querySelector('.share-card');
    const tier = document.querySelector('.tier-card');
    const poster = document.getElementById('poster');
    return {
      card: { ...card.dataset },
      figures: [...card.querySelectorAll('[data-field]')].map((el) => ({ ...el.dataset, text: el.textContent })),
      notices: [...card.querySelectorAll('[data-notice]')].map((el) => el.dataset.notice),
      tier: { ...tier.dataset },
      headline: tier.querySelector('.tier-headline').textContent,
      measures: [...tier.querySelectorAll('[data-measure]')].map((el) => ({ ...el.dataset, figures: el.querySelector('.measure-figures').textContent })),
      poster: { code: poster.dataset.code, link: poster.dataset.link, texts: JSON.parse(poster.dataset.texts) },
      selectedSku: document.getElementById('sku').value,
    };
  });
}

/** Every measure of a progress condition tree, by its path. */
function measuresByPath(node, out = new Map()) {
  if (!node) return out;
  if (node.type === 'measure') out.set(node.path, node);
  else for (const c of node.conditions) measuresByPath(c, out);
  return out;
}

function checkPreview(got, cli, where) {
  assert.equal(got.card.ruleSetHash, cli.ruleSetHash, where);
  assert.equal(got.card.productId, cli.productId, where);
  assert.equal(got.card.distributes, String(cli.distributes), where);
  // Every figure shown is the CLI's at the field it names, shown as ¥ and the engine's digits.
  for (const f of got.figures) {
    const want = at(cli, f.field);
    assert.ok(want !== undefined, `${where}: the page shows ${f.field}, which the CLI has not`);
    if ('price' in f) {
      assert.equal(f.price, want, `${where} ${f.field}`);
      assert.equal(f.text, yuan(want), `${where} ${f.field}`);
    } else {
      assert.equal(f.min, want.min, `${where} ${f.field}.min`);
      assert.equal(f.max, want.max, `${where} ${f.field}.max`);
      assert.equal(f.level, String(want.level), `${where} ${f.field}.level`);
      assert.equal(f.text, range(want), `${where} ${f.field} text`);
    }
  }
  // And every figure of the CLI is shown.
  const shown = new Set(got.figures.map((f) => f.field));
  cli.earnings.forEach((_, i) => assert.ok(shown.has(`earnings[${i}]`), `${where}: earnings[${i}] shown`));
  cli.skus.forEach((s, i) => {
    assert.ok(shown.has(`skus[${i}].price`), `${where}: skus[${i}].price shown`);
    s.earnings.forEach((_, j) => assert.ok(shown.has(`skus[${i}].earnings[${j}]`), `${where}: skus[${i}].earnings[${j}] shown`));
  });
  const zero = cli.earnings.every((e) => e.max === '0.00');
  assert.deepEqual(got.notices, !cli.distributes ? ['notDistributor'] : zero ? ['noCommission'] : [], `${where}: notices`);
}

function checkProgress(got, cli, where) {
  assert.equal(got.tier.ruleSetHash, cli.ruleSetHash, where);
  assert.equal(got.tier.memberId, cli.memberId, where);
  assert.equal(got.tier.currentTier, cli.currentTier, where);
  assert.equal(got.tier.tier, cli.tier, where);
  assert.equal(got.tier.upgraded, String(cli.upgraded), where);
  assert.equal(got.tier.nextTier, cli.nextTier?.tier ?? '', where);
  const want = [...measuresByPath(cli.nextTier?.condition), ...measuresByPath(cli.retention?.condition)];
  assert.equal(got.measures.length, want.length, `${where}: one row per measure`);
  for (const m of got.measures) {
    const w = measuresByPath(m.measure === 'retention' ? cli.retention.condition : cli.nextTier.condition).get(m.path);
    assert.ok(w, `${where}: measure ${m.path} is the CLI's`);
    for (const k of ['metric', 'current', 'target', 'remaining', 'fraction', 'met']) assert.equal(m[k], String(w[k]), `${where} ${m.path}.${k}`);
    const fig = (v) => (typeof v === 'string' ? yuan(v) : String(v));
    assert.equal(m.figures, `${fig(w.current)} / ${fig(w.target)}`, `${where} ${m.path} figures`);
  }
}

/** Every commission figure of a preview, as the page would write it. */
function commissionTexts(cli) {
  const out = new Set();
  for (const e of [...cli.earnings, ...cli.skus.flatMap((s) => s.earnings)]) {
    out.add(yuan(e.min)).add(yuan(e.max)).add(range(e));
  }
  return [...out];
}

/** Downloads the poster PNG; answers the decoded image and the text of its QR code. */
async function downloadPoster(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const bytes = readFileSync(await download.path());
  const png = PNG.sync.read(bytes);
  const qr = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  return { png, bytes, name: download.suggestedFilename(), qr: qr?.data ?? null };
}

test('the page loads Chinese first with the sample shop, and no console error', { timeout: 120_000 }, async () => {
  const view = await open();
  const { page } = view;
  await settled(page, 'xiaomei', 'longjing-250g');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('h1'), '分享海报');
  assert.equal(await page.textContent('.earn-label'), '分享赚');
  // The product whose SKUs differ in price: a range, level 1 at silver (0.10).
  assert.equal(await page.textContent('.earn-figure'), '¥12.80–¥29.80');
  assert.equal(await page.textContent('.tier-headline'), '再邀请 2 人 或 本月团队业绩再 ¥300.00 升级为金牌推广员');
  // The lint's one finding on the sample rules, translated by its code.
  assert.equal(await page.textContent('.lint-card [data-code="capSatisfiesLimit"]'),
    '提示 封顶 30% 不高于微信分账上限 30%：舍入后每笔订单仍在上限内 rules.cap');
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.textContent('.earn-label'), 'Share and earn');
  assert.equal(await page.textContent('.tier-headline'), 'Invite 2 more or ¥300.00 more team sales this month to become Gold promoter');
  view.clean();
  await view.close();
});

test('every distributor and product: the page shows fenxiao preview and progress, field by field; the QR and the PNG', { timeout: 600_000 }, async () => {
  const view = await open();
  const { page } = view;
  for (const d of shop.distributors) {
    await page.selectOption('#distributor', d.id);
    const progress = native('progress', cliFile.progress(d.id));
    for (const p of shop.products) {
      const where = `${d.id} sharing ${p.id}`;
      await page.selectOption('#product', p.id);
      await settled(page, d.id, p.id);
      const got = await scrape(page);
      const preview = native('preview', cliFile.preview(d.id, p.id));
      checkPreview(got, preview, where);
      checkProgress(got, progress, where);

      // The poster: the share code maps back to the distributor and the product; its texts
      // carry the selected SKU's price and no commission figure.
      assert.deepEqual(decodeShareCode(got.poster.code), { distributorId: d.id, productId: p.id }, where);
      assert.equal(got.poster.link, `${shop.info.shareLinkBase}${got.poster.code}`, where);
      const sku = preview.skus.find((s) => (s.skuId ?? '') === got.selectedSku) ?? preview.skus[0];
      assert.ok(got.poster.texts.includes(yuan(sku.price)), `${where}: the poster shows the price ${yuan(sku.price)}`);
      assert.ok(got.poster.texts.some((s) => s.includes(d.nickname)), `${where}: the poster names the sharer`);
      const drawn = got.poster.texts.join('\n');
      for (const c of commissionTexts(preview)) assert.ok(!drawn.includes(c), `${where}: the poster shows a commission figure ${c}`);
      assert.doesNotMatch(drawn, /赚|佣金|返佣|earn|commission/i, `${where}: the poster speaks of earnings`);

      const { png, qr, name } = await downloadPoster(page);
      assert.equal(`${png.width}x${png.height}`, '750x1334', where);
      assert.equal(name, `poster-${got.poster.code}.png`, where);
      assert.equal(qr, got.poster.link, `${where}: the QR in the PNG decodes to the share link`);
      assert.deepEqual(decodeShareCode(codeFromLink(qr)), { distributorId: d.id, productId: p.id }, where);
    }
  }
  view.clean();
  await view.close();
});

test('every SKU picked: the selected SKU line and the poster price follow it', { timeout: 120_000 }, async () => {
  const view = await open({ query: '?d=ahfang&p=longjing-250g' });
  const { page } = view;
  const preview = native('preview', cliFile.preview('ahfang', 'longjing-250g'));
  for (const [i, s] of preview.skus.entries()) {
    await page.selectOption('#sku', s.skuId);
    await page.waitForFunction((id) => document.querySelector('.sku-earn')?.dataset.skuId === id
      && document.getElementById('poster')?.dataset.state === 'ready', s.skuId);
    const line = await page.$eval('.sku-earn [data-field]', (el) => ({ ...el.dataset, text: el.textContent }));
    assert.equal(line.field, `skus[${i}].earnings[0]`);
    assert.equal(line.min, s.earnings[0].min);
    assert.equal(line.text, range(s.earnings[0]));
    const texts = JSON.parse(await page.getAttribute('#poster', 'data-texts'));
    assert.ok(texts.includes(yuan(s.price)), `the poster shows ${yuan(s.price)}`);
  }
  view.clean();
  await view.close();
});

/** The sample rule set with one rate made invalid, as text. */
function badRulesText() {
  const rules = structuredClone(shop.rules);
  rules.levels[0].tierRates[1].rate = '1.5';
  return JSON.stringify(rules, null, 2);
}

test('a pasted rule set with an invalid rate shows the engine error at the field, in both languages', { timeout: 120_000 }, async () => {
  const view = await open();
  const { page } = view;
  await page.check('input[name=source][value=pasted]');
  await page.waitForSelector('#rules-text');
  const text = badRulesText();
  await page.fill('#rules-text', text);
  await page.waitForSelector('#rules-errors [data-code]');
  const validate = JSON.parse(spawnSync(CLI, ['validate'], { input: JSON.stringify({ rules: JSON.parse(text) }), encoding: 'utf8' }).stdout);
  assert.equal(validate.ok, false);
  const shown = await page.$$eval('#rules-errors [data-code]', (els) => els.map((el) => ({ code: el.dataset.code, path: el.dataset.path, text: el.textContent })));
  assert.deepEqual(shown.map(({ code, path }) => ({ code, path })), validate.errors.map(({ code, path }) => ({ code, path })));
  assert.equal(shown[0].code, 'invalidRate');
  assert.equal(shown[0].path, 'rules.levels[0].tierRates[1].rate');
  assert.match(shown[0].text, /比例不对/);
  assert.match(shown[0].text, /第 \d+ 行第 \d+ 列/);
  // The field is marked, and the error's path selects the bad value in the text.
  assert.equal(await page.getAttribute('#rules-text', 'aria-invalid'), 'true');
  await page.click('#rules-errors [data-code] button.goto');
  const selected = await page.$eval('#rules-text', (el) => el.value.slice(el.selectionStart, el.selectionEnd));
  assert.equal(selected, '"1.5"');
  assert.equal(await page.$('.share-card'), null, 'no figures from a refused rule set');
  await page.screenshot({ path: join(SHOTS, 'invalid-rate-zh.png'), fullPage: true });

  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('#rules-errors [data-code]'), /not a rate/);
  await page.click('#rules-errors [data-code] button.goto');
  await page.screenshot({ path: join(SHOTS, 'invalid-rate-en.png'), fullPage: true });

  // A product with a price given as a number: the engine's error, at the product field.
  await page.fill('#rules-text', JSON.stringify(shop.rules, null, 2));
  await page.fill('#product-text', JSON.stringify({ id: 'tea', price: 12.5 }));
  await page.waitForSelector('#product-errors [data-code="invalidType"][data-path="product.price"]');
  assert.equal(await page.getAttribute('#rules-text', 'aria-invalid'), 'false');

  // Fixed: figures come back, from the pasted product.
  await page.fill('#product-text', JSON.stringify({ id: 'tea', price: '128.00' }));
  await page.waitForFunction(() => document.querySelector('.share-card')?.dataset.productId === 'tea');
  assert.equal(await page.textContent('.earn-figure'), '¥12.80');
  await page.waitForFunction(() => document.getElementById('poster')?.dataset.state === 'ready');
  view.clean();
  await view.close();
});

test('a share code too long for a scene is refused on the page, never cut', { timeout: 60_000 }, async () => {
  const view = await open();
  const { page } = view;
  await page.check('input[name=source][value=pasted]');
  await page.waitForSelector('#rules-text');
  await page.fill('#product-text', JSON.stringify({ id: 'a-very-long-product-identifier-0001', price: '10.00' }));
  await page.waitForSelector('[data-share-code-error="tooLong"]');
  assert.equal(await page.$('#poster'), null);
  view.clean();
  await view.close();
});

/** Checks that nothing sticks out sideways at this width. */
async function fitsWidth(page, width) {
  const overflow = await page.evaluate((w) => {
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > w + 0.5 || r.left < -0.5) && !el.closest('.table-wrap')) wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}–${Math.round(r.right)}`);
    }
    return { scroll: document.documentElement.scrollWidth, wide };
  }, width);
  assert.ok(overflow.scroll <= width, `the page is ${overflow.scroll} px wide at ${width}`);
  assert.deepEqual(overflow.wide, [], 'elements beyond the viewport');
}

for (const lang of ['zh', 'en']) {
  test(`screenshots (${lang}): 375 px wide and desktop; the page fits a phone`, { timeout: 120_000 }, async () => {
    for (const [label, width, height] of [['375', 375, 812], ['desktop', 1280, 900]]) {
      const view = await open({ width, height, query: `?lang=${lang}&d=xiaomei&p=longjing-250g&sku=tin` });
      const { page } = view;
      await settled(page, 'xiaomei', 'longjing-250g');
      await fitsWidth(page, width);
      await page.screenshot({ path: join(SHOTS, `share-${lang}-${label}.png`), fullPage: true });
      if (label === 'desktop') {
        const { bytes } = await downloadPoster(page);
        writeFileSync(join(SHOTS, `poster-${lang}.png`), bytes);
      }
      view.clean();
      await view.close();
    }
  });
}

test('screenshots of the other cases: top tier, an opted-out product, a pending application', { timeout: 120_000 }, async () => {
  for (const [d, p] of [['laowang', 'puer-357g'], ['xiaomei', 'gift-card-200'], ['xiaoyu', 'osmanthus-oolong']]) {
    const view = await open({ width: 375, height: 812, query: `?d=${d}&p=${p}` });
    const { page } = view;
    await settled(page, d, p);
    await fitsWidth(page, 375);
    await page.screenshot({ path: join(SHOTS, `share-zh-375-${d}-${p}.png`), fullPage: true });
    view.clean();
    await view.close();
  }
});
