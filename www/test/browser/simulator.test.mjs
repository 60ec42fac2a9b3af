// The simulator page (www/dist/simulator.html) in headless Chromium, as browser.test.mjs
// runs the share page: rule sets checked as typed with every error at its field, the form and
// the JSON in step, the worker held between steps by the page's test hook (`?testHold=1`: it
// waits for a `release` after every step, so nothing here depends on timing), row errors of
// an imported CSV, the state in the address and in a file, table exports, and the figures of
// a comparison against the native CLI (`fenxiao sample` then `fenxiao simulate --compare`).
// A console error or warning fails every test. Screenshots go to $WWW_SCREENSHOTS.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { repo, wwwDir } from '../../scripts/sample-shop.mjs';
import { serveDir } from '../../scripts/static-server.mjs';
import { encodeState, STATE_VERSION } from '../../src/sim/state.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const targetDir = process.env.CARGO_TARGET_DIR || join(repo, 'target');
const CLI = process.env.FENXIAO_CLI || join(targetDir, 'release', 'fenxiao');
const DIST = process.env.WWW_DIST || join(wwwDir, 'dist');
const SHOTS = process.env.WWW_SCREENSHOTS || join(targetDir, 'www-screenshots');
const EXAMPLES = join(repo, 'examples', 'simulator');
// The sample shop's rule sets are the engine's own, as the page imports them.
const SAMPLE_RULES = join(repo, 'src', 'batch');
const WAIT_MS = 30_000;

const baseline = JSON.parse(readFileSync(join(SAMPLE_RULES, 'sample-rules.json'), 'utf8'));
const candidate = JSON.parse(readFileSync(join(SAMPLE_RULES, 'sample-candidate.json'), 'utf8'));
const sample = JSON.parse(readFileSync(join(EXAMPLES, 'sample.json'), 'utf8'));
let server;
let browser;

before(async () => {
  assert.ok(existsSync(join(DIST, 'simulator.html')), `no built simulator at ${DIST}: run .ci/build-www`);
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: .ci/install-chromium installs Debian's chromium`);
  server = await serveDir({ dir: DIST });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The simulator with its console watched: any error or warning fails `clean()`. */
async function open({ width = 1440, height = 1000, query = '', hash = '' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(`${server.url}simulator.html${query}${hash}`);
  await page.waitForSelector('body[data-engine="ready"]');
  return {
    page,
    clean: () => assert.deepEqual(problems, [], problems.join('\n')),
    close: () => context.close(),
  };
}

const body = (page) => page.evaluate(() => ({ ...document.body.dataset }));

/**
 * A whole-page screenshot with the viewport as tall as the page, so the run bar (sticky at
 * the bottom of the viewport) is drawn where it sits, not over the rule sets.
 */
async function shoot(page, name) {
  const { width } = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width, height });
  await page.screenshot({ path: join(SHOTS, name) });
  await page.setViewportSize({ width, height: 1000 });
}

/** Runs to the end: without the hold, waits; with it, releases every step. */
async function runToEnd(page, held = false) {
  await page.click('#run-start');
  if (!held) {
    await page.waitForSelector('body[data-run-state="done"]', { timeout: 120_000 });
    return;
  }
  let released = 0;
  for (;;) {
    await page.waitForFunction((n) => document.body.dataset.runState !== 'running' || Number.parseInt(document.body.dataset.heldStep ?? '0', 10) > n, released);
    const b = await body(page);
    if (b.runState !== 'running') break;
    released = Number.parseInt(b.heldStep, 10);
    await page.evaluate(() => window.simTest.release());
  }
  assert.equal((await body(page)).runState, 'done');
}

/** The value at a path like `baseline.levels[1].net` in an object. */
function at(obj, path) {
  return path.match(/[^.[\]]+/g).reduce((o, k) => (o === undefined ? undefined : o[/^\d+$/.test(k) ? Number(k) : k]), obj);
}

/** Every figure the results show: its field in the Comparison and its raw engine string. */
function shownFigures(page) {
  return page.$$eval('#results [data-field][data-raw]', (els) => els.map((el) => ({ field: el.dataset.field, raw: el.dataset.raw, text: el.textContent })));
}

const editor = (which) => `#rules-${which}`;
const field = (which, path) => `${editor(which)} [data-bind="${path}"]`;
const box = (which, path) => `${editor(which)} .ff[data-path="${path}"]`;

test('the simulator loads Chinese first with both sample rule sets valid, no console error; the pages link to each other', { timeout: 120_000 }, async () => {
  const view = await open();
  const { page } = view;
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('h1'), '佣金方案模拟');
  for (const which of ['baseline', 'candidate']) {
    await page.waitForSelector(`${editor(which)}[data-valid="true"]`);
    // The form shows the committed rule set's figures.
    const doc = which === 'baseline' ? baseline : candidate;
    assert.equal(await page.inputValue(field(which, 'levels[0].tierRates[1].rate')), doc.levels[0].tierRates[1].rate);
    assert.equal(await page.inputValue(field(which, 'cap')), doc.cap);
  }
  // The sample's committed size and seed.
  assert.equal(await page.inputValue('[data-sample="orders"]'), String(sample.orders));
  assert.equal(await page.inputValue('[data-sample="seed"]'), String(sample.seed));
  // The one lint finding of the sample rules, at the cap's field, translated by its code.
  assert.match(await page.textContent(`${box('baseline', 'cap')} .ff-msg[data-code="capSatisfiesLimit"]`), /封顶 30% 不高于微信分账上限 30%/);
  assert.equal(await page.getAttribute('#nav-sim', 'aria-current'), 'page');
  await page.click('#nav-poster');
  await page.waitForSelector('body[data-engine="ready"]');
  assert.match(page.url(), /index\.html\?lang=zh\b/);
  assert.equal(await page.getAttribute('#nav-poster', 'aria-current'), 'page');
  await page.click('#nav-sim');
  await page.waitForSelector('body.sim-page[data-engine="ready"]');
  view.clean();
  await view.close();
});

test('an invalid rate shows the engine error at its field (form and JSON), in both languages, and blocks the run', { timeout: 120_000 }, async () => {
  const view = await open();
  const { page } = view;
  const path = 'levels[0].tierRates[1].rate';
  await page.fill(field('candidate', path), '1.5');
  await page.waitForSelector(`${box('candidate', path)} .ff-msg[data-code="invalidRate"]`);
  // The page shows exactly the errors of `fenxiao validate` on the same rule set, each at its field.
  const bad = structuredClone(candidate);
  bad.levels[0].tierRates[1].rate = '1.5';
  const cli = JSON.parse(spawnSync(CLI, ['validate'], { input: JSON.stringify({ rules: bad }), encoding: 'utf8' }).stdout);
  assert.equal(cli.ok, false);
  const shown = await page.$$eval(`${editor('candidate')} .ff-msg.error`, (els) => els.map((el) => ({
    code: el.dataset.code, path: el.dataset.path, at: el.closest('.ff').dataset.path, text: el.textContent,
  })));
  assert.deepEqual(shown.map(({ code, path: p }) => ({ code, path: p })), cli.errors.map(({ code, path: p }) => ({ code, path: p })));
  assert.equal(shown[0].at, path, 'the error sits in the box of its own field');
  assert.match(shown[0].text, /比例不对/);
  assert.equal(await page.getAttribute(field('candidate', path), 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute(editor('candidate'), 'data-valid'), 'false');
  assert.equal(await page.getAttribute(editor('baseline'), 'data-valid'), 'true');
  assert.equal(await page.isDisabled('#run-start'), true);
  assert.match(await page.textContent('#run-status'), /新方案（候选）有错误/);
  await shoot(page, 'sim-invalid-rate-zh.png');

  // The same error in JSON mode, with its line and column; the path selects the bad value.
  await page.click(`${editor('candidate')} .tab[data-mode="json"]`);
  const item = `${editor('candidate')} .json-problems [data-code="invalidRate"]`;
  await page.waitForSelector(item);
  assert.equal(await page.getAttribute(item, 'data-path'), `rules.${path}`);
  assert.match(await page.textContent(item), /第 \d+ 行第 \d+ 列/);
  await page.click(`${item} button.goto`);
  const selected = await page.$eval(`${editor('candidate')} .rules-json`, (el) => el.value.slice(el.selectionStart, el.selectionEnd));
  assert.equal(selected, '"1.5"');

  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent(item), /not a rate/);
  await page.click(`${editor('candidate')} .tab[data-mode="commission"]`);
  assert.match(await page.textContent(`${box('candidate', path)} .ff-msg`), /not a rate/);
  await shoot(page, 'sim-invalid-rate-en.png');

  // Fixed: the error goes, the run is possible again.
  await page.fill(field('candidate', path), '0.11');
  await page.waitForSelector(`${editor('candidate')}[data-valid="true"]`);
  assert.equal(await page.$(`${box('candidate', path)} .ff-msg`), null);
  assert.equal(await page.isDisabled('#run-start'), false);
  view.clean();
  await view.close();
});

test('errors deeper than a field land at the nearest box: a tier condition, a level, the levels', { timeout: 120_000 }, async () => {
  const view = await open();
  const { page } = view;
  // A money amount that is not one, inside an upgrade condition group.
  assert.equal(baseline.tiers[1].upgrade.of[0].type, 'ownPaidTotal');
  await page.click(`${editor('baseline')} .tab[data-mode="tiers"]`);
  await page.fill(field('baseline', 'tiers[1].upgrade.of[0].atLeast'), '5.005');
  await page.waitForSelector(`${box('baseline', 'tiers[1].upgrade.of[0].atLeast')} .ff-msg[data-code="invalidMoney"]`);
  // The tiers' tab counts the error; the commission tab has none.
  assert.equal(await page.textContent(`${editor('baseline')} .tab[data-mode="tiers"] .tab-count.error`), '1');
  assert.equal(await page.$(`${editor('baseline')} .tab[data-mode="commission"] .tab-count`), null);
  await page.fill(field('baseline', 'tiers[1].upgrade.of[0].atLeast'), '500.00');
  await page.waitForSelector(`${editor('baseline')}[data-valid="true"]`);
  // A third level: valid, but the wechat lint's finding lands at that level's box.
  await page.click(`${editor('baseline')} .tab[data-mode="commission"]`);
  await page.click(`${editor('baseline')} button[data-action="addLevel"]`);
  await page.fill(field('baseline', 'levels[2].rate'), '0.02');
  await page.waitForSelector(`${box('baseline', 'levels[2]')} .ff-msg[data-code="tooManyLevels"]`);
  assert.equal(await page.getAttribute(`${box('baseline', 'levels[2]')} .ff-msg[data-code="tooManyLevels"]`, 'data-severity'), 'error');
  // No level at all: the engine's error is at `rules.levels`, shown at the levels' box.
  for (const k of [2, 1, 0]) await page.click(`${editor('baseline')} button[data-action="removeLevel"][data-path="levels[${k}]"]`);
  await page.waitForSelector(`${box('baseline', 'levels')} > .ff-msgs .ff-msg[data-path="rules.levels"]`);
  assert.equal(await page.getAttribute(editor('baseline'), 'data-valid'), 'false');
  view.clean();
  await view.close();
});

test('the form and the JSON stay in step, and the form keeps the fields it does not show', { timeout: 120_000 }, async () => {
  const view = await open();
  const { page } = view;
  const json = `${editor('candidate')} .rules-json`;
  const text = async () => JSON.parse(await page.inputValue(json));
  // Form → JSON: the cap, a level's kind, a new tier (its per-tier rates follow).
  await page.fill(field('candidate', 'cap'), '0.25');
  await page.selectOption(`${editor('candidate')} select[data-action="levelKind"][data-action-path="levels[1]"]`, 'fixed');
  await page.fill(field('candidate', 'levels[1].fixed'), '2.50');
  await page.click(`${editor('candidate')} .tab[data-mode="tiers"]`);
  await page.fill(field('candidate', 'tiers[2].id'), 'gold2');
  await page.waitForSelector(`${editor('candidate')}[data-valid="true"]`);
  let doc = await text();
  assert.equal(doc.cap, '0.25');
  assert.deepEqual(doc.levels[1], { fixed: '2.50' });
  assert.equal(doc.tiers[2].id, 'gold2');
  assert.equal(doc.levels[0].tierRates[2].tier, 'gold2', 'a renamed tier is renamed in the per-tier rates');
  assert.deepEqual(doc.binding, candidate.binding, 'fields the form does not show are kept');
  assert.deepEqual(doc.lifecycle, candidate.lifecycle);
  assert.deepEqual(doc.products, candidate.products);
  // Clearing the cap removes it (no cap), not an empty string.
  await page.click(`${editor('candidate')} .tab[data-mode="commission"]`);
  await page.fill(field('candidate', 'cap'), '');
  await page.waitForFunction((sel) => !('cap' in JSON.parse(document.querySelector(sel).value)), json);

  // JSON → form.
  await page.click(`${editor('candidate')} .tab[data-mode="json"]`);
  doc = await text();
  doc.levels[0].tierRates[0].rate = '0.09';
  doc.rounding = 'down';
  await page.fill(json, JSON.stringify(doc, null, 2));
  await page.click(`${editor('candidate')} .tab[data-mode="commission"]`);
  assert.equal(await page.inputValue(field('candidate', 'levels[0].tierRates[0].rate')), '0.09');
  assert.equal(await page.inputValue(field('candidate', 'rounding')), 'down');
  // Text that does not parse: the form waits, the status says why.
  await page.click(`${editor('candidate')} .tab[data-mode="json"]`);
  await page.fill(json, '{"levels": [');
  await page.waitForSelector(`${editor('candidate')} .json-problems [data-code="invalidJson"]`);
  await page.click(`${editor('candidate')} .tab[data-mode="commission"]`);
  assert.equal(await page.isVisible(`${editor('candidate')} .form-broken`), true);
  assert.equal(await page.isDisabled('#run-start'), true);
  view.clean();
  await view.close();
});

test('the worker, held between steps: ten and more progress messages, a click handled while held, a cancel, a second run', { timeout: 300_000 }, async () => {
  const view = await open({ query: '?testHold=1' });
  const { page } = view;
  await page.waitForSelector('#run-start:not([disabled])');
  await page.click('#run-start');
  await page.waitForSelector('body[data-held-step="1"]');
  // The page answers while the worker holds: the language switches, a tab opens.
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.click(`${editor('baseline')} .tab[data-mode="json"]`);
  assert.equal(await page.isVisible(`${editor('baseline')} .rules-json`), true);
  assert.equal((await body(page)).runState, 'running');
  for (let step = 1; step <= 11; step++) {
    await page.evaluate(() => window.simTest.release());
    await page.waitForSelector(`body[data-held-step="${step + 1}"]`);
  }
  const b = await body(page);
  assert.ok(Number.parseInt(b.progressCount, 10) >= 10, `progress messages: ${b.progressCount}`);
  assert.match(await page.textContent('#run-status'), /\d+ \/ [\d,]+ orders/);
  const bar = await page.$eval('#run-progress', (el) => el.value);
  assert.ok(bar > 0 && bar < 1000, `the bar is part way: ${bar}`);
  // Cancel while held: the run ends, the page is usable, no results appear.
  await page.click('#run-cancel');
  await page.waitForSelector('body[data-run-state="cancelled"]');
  assert.equal(await page.textContent('#run-status'), 'Cancelled');
  assert.equal(await page.isDisabled('#run-start'), false);
  assert.equal(await page.$('#results .key-figures'), null);
  // A second run completes, every step released by the test.
  await runToEnd(page, true);
  await page.waitForSelector('#results .key-figures');
  assert.ok(Number.parseInt((await body(page)).progressCount, 10) >= 10);
  view.clean();
  await view.close();
});

/** products.csv as Excel saves it in China: GBK (龙井茶 is c1 fa be ae b2 e8 there). */
const GBK_PRODUCTS = Buffer.concat([Buffer.from('productId,name,skuId,price,cost\r\ntea,', 'ascii'), Buffer.from([0xc1, 0xfa, 0xbe, 0xae, 0xb2, 0xe8]), Buffer.from(',,128.00,\r\n', 'ascii')]);

/**
 * A small CSV set (columns as docs/DATASET.md names them): three members, one product, two
 * orders; `badLines` spoils the second order's unit price. lines.csv has LF line ends: with
 * CRLF the reader currently numbers a row one line short (the csv crate's line count after a
 * CRLF), which the page shows as the engine reports it.
 */
function csvFiles({ badLines = false, products = GBK_PRODUCTS } = {}) {
  const members = 'id,parentId,tier,status,joinedAt\r\nm1,,,active,2026-11-01T10:00:00+08:00\r\nm2,m1,,active,2026-11-02T10:00:00+08:00\r\nm3,m2,,active,2026-11-03T10:00:00+08:00\r\n';
  const orders = 'id,paidAt,completedAt,buyerId,discount,shipping\r\no1,2026-11-05T10:00:00+08:00,,m3,,\r\no2,2026-11-06T10:00:00+08:00,,m2,,\r\n';
  const lines = `orderId,lineId,productId,skuId,unitPrice,quantity,cost\no1,l1,tea,,128.00,1,\no2,l1,tea,,${badLines ? '12.3.4' : '64.00'},2,\n`;
  return [...[['members.csv', members], ['orders.csv', orders], ['lines.csv', lines]]
    .map(([name, text]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${text}`, 'utf8') })),
  { name: 'products.csv', mimeType: 'text/csv', buffer: products }];
}

test('a CSV with a bad row shows that row (file, line, column) in the chosen language and imports nothing', { timeout: 120_000 }, async () => {
  const view = await open();
  const { page } = view;
  await page.check('input[name="dataset-kind"][value="files"]');
  await page.setInputFiles('#dataset-files', csvFiles({ badLines: true }));
  const row = '#dataset .row-error';
  await page.waitForSelector(row);
  const errors = await page.$$eval(row, (els) => els.map((el) => ({ ...el.dataset, cells: [...el.cells].map((c) => c.textContent) })));
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].file, 'lines.csv');
  assert.equal(errors[0].line, '3');
  assert.equal(errors[0].column, '5', 'unitPrice is the fifth column');
  assert.equal(errors[0].code, 'invalidMoney');
  assert.deepEqual(errors[0].cells.slice(0, 3), ['lines.csv', '3', '5']);
  assert.match(errors[0].cells[3], /金额格式不对/);
  assert.match(await page.textContent('#dataset .row-errors'), /数据集未导入/);
  assert.equal(await page.$('#dataset .dataset-info'), null, 'nothing imported');
  assert.equal(await page.isDisabled('#run-start'), true);
  await shoot(page, 'sim-row-error-zh.png');
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent(`${row} td.msg`), /not a money amount/);
  assert.match(await page.textContent('#dataset .row-errors'), /Nothing was imported/);

  // The good files import whole (products.csv among them in GBK), and a run completes on them.
  await page.setInputFiles('#dataset-files', csvFiles());
  await page.waitForSelector('#dataset .dataset-info');
  // Three files in UTF-8 with a BOM, one in GB18030: the reader says `mixed`, and each file's.
  assert.match(await page.textContent('#dataset .dataset-info'), /encoding: mixed \(.*products\.csv gb18030/);
  assert.equal(await page.getAttribute('#dataset .dataset-info', 'data-orders'), '2');
  assert.equal(await page.getAttribute('#dataset .dataset-info', 'data-members'), '3');
  assert.equal(await page.$(row), null);
  assert.deepEqual(await page.$$eval('#dataset [data-file]', (els) => els.map((el) => el.dataset.file)), ['members.csv', 'orders.csv', 'lines.csv', 'products.csv']);
  await runToEnd(page);
  // Files dropped on the panel are taken as picked ones are: the bad set again, by drag and drop.
  const dropped = csvFiles({ badLines: true }).map((f) => ({ name: f.name, bytes: [...f.buffer] }));
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: 'text/csv' }));
    document.querySelector('#dataset .drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, dropped);
  await page.waitForSelector(`${row}[data-file="lines.csv"][data-line="3"]`);
  assert.equal(await page.$('#dataset .dataset-info'), null);
  await page.setInputFiles('#dataset-files', csvFiles());
  await page.waitForSelector('#dataset .dataset-info');
  await runToEnd(page);
  // The state names the files, never their content.
  const state = await page.evaluate(() => location.hash);
  const decoded = JSON.parse(Buffer.from(state.slice(3), 'base64url').toString('utf8'));
  assert.deepEqual(decoded.dataset, { kind: 'files', names: ['members.csv', 'orders.csv', 'lines.csv', 'products.csv'] });
  view.clean();
  await view.close();
});

test('the state (both rule sets, the sample settings) is restored from the address and from a saved file', { timeout: 120_000 }, async () => {
  const view = await open();
  const { page } = view;
  await page.fill(field('candidate', 'cap'), '0.2');
  await page.fill(field('baseline', 'levels[1].rate'), '0.02');
  await page.click('[data-size="10000"]');
  await page.fill('[data-sample="seed"]', '7');
  await page.press('[data-sample="seed"]', 'Tab');
  await page.waitForFunction(() => document.querySelector('#rules-baseline .rules-json').value.includes('"0.02"'));
  await page.waitForTimeout(0);
  await page.waitForFunction(() => location.hash.length > 10);
  const url = page.url();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#state-save')]);
  const saved = readFileSync(await download.path(), 'utf8');
  assert.equal(download.suggestedFilename(), 'fenxiao-simulation.json');
  const file = JSON.parse(saved);
  assert.equal(file.format, 'fenxiao-simulation');
  assert.equal(file.candidate.cap, '0.2');
  assert.deepEqual(file.dataset, { kind: 'sample', members: sample.members, orders: 10000, seed: 7 });
  view.clean();
  await view.close();

  const check = async (p) => {
    assert.equal(await p.inputValue(field('candidate', 'cap')), '0.2');
    assert.equal(await p.inputValue(field('baseline', 'levels[1].rate')), '0.02');
    assert.equal(await p.inputValue('[data-sample="orders"]'), '10000');
    assert.equal(await p.inputValue('[data-sample="seed"]'), '7');
  };
  const fromUrl = await open({ hash: url.slice(url.indexOf('#')) });
  await check(fromUrl.page);
  fromUrl.clean();
  await fromUrl.close();

  const fromFile = await open();
  const dir = mkdtempSync(join(tmpdir(), 'sim-state-'));
  writeFileSync(join(dir, 'saved.json'), saved);
  await fromFile.page.setInputFiles('#state-open', join(dir, 'saved.json'));
  await fromFile.page.waitForFunction(() => document.querySelector('#rules-candidate [data-bind="cap"]').value === '0.2');
  await check(fromFile.page);
  fromFile.clean();
  await fromFile.close();
});

test('results: every table exports as CSV with a BOM, holding the figures shown; the per-member CSV downloads', { timeout: 180_000 }, async () => {
  const view = await open();
  const { page } = view;
  await runToEnd(page);
  await page.waitForSelector('#results .key-figures');
  for (const id of ['levels', 'tiers', 'top-candidate', 'gainers']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#results [data-table="${id}"] [data-export]`)]);
    assert.equal(download.suggestedFilename(), `${id}.csv`);
    const text = readFileSync(await download.path(), 'utf8');
    assert.ok(text.startsWith('\uFEFF'), `${id}.csv starts with a BOM`);
    const lines = text.slice(1).trimEnd().split('\r\n');
    const raws = await page.$$eval(`#results [data-table="${id}"] tbody tr`, (trs) => trs.map((tr) => [...tr.cells].map((td) => td.dataset.raw)));
    assert.equal(lines.length - 1, raws.length, `${id}: one CSV row per table row`);
    raws.forEach((row, i) => {
      const cells = lines[i + 1].split(',');
      row.forEach((raw, j) => { if (raw !== undefined) assert.equal(cells[j], raw, `${id} row ${i} column ${j}`); });
    });
  }
  const [members] = await Promise.all([page.waitForEvent('download'), page.click('#results [data-export="members"]')]);
  const csv = readFileSync(await members.path(), 'utf8');
  assert.ok(csv.startsWith('\uFEFFmemberId,tier,finalTier,gross,net,candidateFinalTier,candidateGross,candidateNet,change\r\n'), csv.slice(0, 120));
  // Every figure shown is a string of the comparison at its field, and every level, tier and
  // total of the comparison is shown.
  const cmp = await page.evaluate(() => window.__simComparison);
  const figures = await shownFigures(page);
  for (const f of figures) assert.equal(String(at(cmp, f.field)), f.raw, f.field);
  const fields = new Set(figures.map((f) => f.field));
  for (const side of ['baseline', 'candidate']) {
    for (const f of ['payout.gross', 'payout.net', 'payoutShare.gross', 'payoutShare.net', 'paidSales.gross']) assert.ok(fields.has(`${side}.${f}`), `${side}.${f} shown`);
    for (const list of ['levels', 'tiers']) {
      cmp[side][list].forEach((_, i) => ['gross', 'net'].forEach((g) => assert.ok(fields.has(`${side}.${list}[${i}].${g}`), `${side}.${list}[${i}].${g} shown`)));
    }
  }
  for (const list of ['levels', 'tiers']) {
    cmp.difference[list].forEach((_, i) => ['gross', 'net'].forEach((g) => assert.ok(fields.has(`difference.${list}[${i}].${g}`), `difference.${list}[${i}].${g} shown`)));
  }
  view.clean();
  await view.close();
});

/** Runs the CLI; its stdout parsed, which must be an `ok` answer. */
function cli(args) {
  const r = spawnSync(CLI, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `fenxiao ${args.join(' ')}: ${r.stderr}${r.stdout.slice(0, 500)}`);
  const answer = JSON.parse(r.stdout);
  assert.equal(answer.ok, true, r.stdout.slice(0, 500));
  return answer.result;
}

/**
 * The committed sample written by `fenxiao sample` (the generator the page's worker runs), then
 * `fenxiao simulate --compare` on it with the engine's sample rule sets: the Comparison and the
 * per-member CSV as the CLI writes them.
 */
function cliCompare(dir, candidateRules = candidate) {
  const data = join(dir, 'data');
  cli(['sample', '--members', String(sample.members), '--orders', String(sample.orders), '--seed', String(sample.seed), '--out', data]);
  writeFileSync(join(dir, 'baseline.json'), JSON.stringify(baseline));
  writeFileSync(join(dir, 'candidate.json'), JSON.stringify(candidateRules));
  const comparison = cli(['simulate', '--rules', join(dir, 'baseline.json'), '--compare', join(dir, 'candidate.json'),
    '--members-csv', join(dir, 'members.csv'), data]);
  return { comparison, csv: join(dir, 'members.csv') };
}

test('the comparison on the bundled sample equals fenxiao simulate --compare, field by field, and the per-member CSV byte for byte', { timeout: 600_000 }, async () => {
  const view = await open();
  const { page } = view;
  await page.waitForFunction(() => document.body.dataset.batch === 'engine');
  await runToEnd(page);
  const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
  const { comparison } = cliCompare(dir);
  // The whole Comparison the page rendered is the CLI's.
  assert.deepEqual(await page.evaluate(() => window.__simComparison), comparison);
  const figures = await shownFigures(page);
  const fields = new Set(figures.map((f) => f.field));
  for (const side of ['baseline', 'candidate']) {
    for (const f of ['payout.gross', 'payout.net', 'payoutShare.gross', 'payoutShare.net', 'paidSales.gross']) assert.ok(fields.has(`${side}.${f}`), `${side}.${f} shown`);
    for (const list of ['levels', 'tiers']) {
      comparison[side][list].forEach((_, i) => ['gross', 'net'].forEach((g) => assert.ok(fields.has(`${side}.${list}[${i}].${g}`), `${side}.${list}[${i}].${g} shown`)));
    }
  }
  for (const list of ['levels', 'tiers']) {
    comparison.difference[list].forEach((_, i) => ['gross', 'net'].forEach((g) => assert.ok(fields.has(`difference.${list}[${i}].${g}`), `difference.${list}[${i}].${g} shown`)));
  }
  for (const f of figures) assert.equal(f.raw, String(at(comparison, f.field)), f.field);
  // Every upgrade shown says what triggered it; on the sample, members who meet silver's
  // condition with no facts at all are upgraded at the start of the run (`{"start": true}`).
  const upgradeRows = comparison.baseline.upgrades.slice(0, 20);
  assert.ok(upgradeRows.some((u) => u.trigger?.start), 'the sample has upgrades at the start');
  const triggers = await page.$$eval('#results [data-table="upgrades-baseline"] tbody tr td:nth-child(4)', (tds) => tds.map((td) => td.textContent));
  assert.equal(triggers.length, upgradeRows.length);
  upgradeRows.forEach((u, i) => {
    if (u.trigger?.start) assert.equal(triggers[i], '开始时已达标', `upgrade ${i}`);
    else assert.notEqual(triggers[i], '', `upgrade ${i} says what triggered it`);
  });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#results [data-export="members"]')]);
  const bytes = readFileSync(await download.path());
  assert.ok(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'the CLI\'s CSV starts with a BOM, and so does the export');
  assert.ok(bytes.equals(readFileSync(join(dir, 'members.csv'))), 'the exported per-member CSV is the CLI\'s, byte for byte');
  view.clean();
  await view.close();
});

/**
 * The sample's candidate with gold approved by hand and silver kept only by ¥200.00 of the
 * member's own paid orders each month: the run has upgrades awaiting approval, month-end
 * downgrades and upgrades under the baseline only.
 */
function candidateWithTierRules() {
  const c = structuredClone(candidate);
  const gold = c.tiers.find((t) => t.id === 'gold');
  const silver = c.tiers.find((t) => t.id === 'silver');
  gold.approval = 'manual';
  silver.retention = { period: 'month', condition: { type: 'ownPaidTotal', atLeast: '200.00', window: { kind: 'month' } } };
  return c;
}

test('downgrades, upgrades awaiting approval and upgrades under one rule set only are shown as fenxiao simulate --compare answers them', { timeout: 600_000 }, async () => {
  const tiered = candidateWithTierRules();
  const state = { v: STATE_VERSION, dataset: { kind: 'sample', ...sample }, baseline, candidate: tiered };
  const view = await open({ hash: `#s=${encodeState(state)}` });
  const { page } = view;
  await page.waitForSelector(`${editor('candidate')}[data-valid="true"]`);
  await runToEnd(page);
  await page.waitForSelector('#results .key-figures');
  const dir = mkdtempSync(join(tmpdir(), 'sim-cli-tiers-'));
  const { comparison } = cliCompare(dir, tiered);
  assert.deepEqual(await page.evaluate(() => window.__simComparison), comparison);
  const c = comparison.candidate;
  assert.ok(c.downgrades.length > 0 && c.awaitingApproval.length > 0 && comparison.difference.upgradesOnlyIn.baselineCount > 0,
    'the rule set makes each case happen');
  // The first twenty downgrades and members awaiting approval have their rows, at their
  // fields; a note counts the rest, which the table's CSV export holds.
  const SHOWN = 20;
  const rowsOf = (id) => page.$$eval(`#results [data-table="${id}"] tbody tr`, (trs) => trs.map((tr) => [...tr.cells].map((td) => td.dataset.raw ?? td.textContent)));
  assert.deepEqual((await rowsOf('downgrades-candidate')).map((r) => [r[0], r[1], r[2], r[3]]), c.downgrades.slice(0, SHOWN).map((d) => [d.memberId, d.from, d.to, d.at]));
  assert.deepEqual((await rowsOf('awaiting-candidate')).map((r) => [r[0], r[1], r[2]]), c.awaitingApproval.slice(0, SHOWN).map((a) => [a.memberId, a.tier, a.at]));
  // Times are shown on the shop's clock (the rule set's +08:00), each the same instant as the
  // engine's UTC text the cell keeps as its data, and the header says which clock.
  const shownAt = await page.$$eval('#results [data-table="downgrades-candidate"] tbody tr td:nth-child(4)', (tds) => tds.map((td) => [td.dataset.raw, td.textContent]));
  assert.ok(shownAt.length > 0);
  for (const [raw, text] of shownAt) {
    assert.match(text, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/, `${raw} shown as ${text}`);
    assert.equal(Date.parse(`${text.replace(' ', 'T')}+08:00`), Date.parse(raw), `${raw} shown as ${text}`);
  }
  assert.match(await page.textContent('#results [data-table="downgrades-candidate"] thead'), /时间（UTC\+08:00）/);
  assert.ok(c.awaitingApproval.length > SHOWN, 'more members await approval than the table lists');
  assert.equal(await page.getAttribute('#results [data-table="awaiting-candidate"] .more-rows', 'data-more'), String(c.awaitingApproval.length - SHOWN));
  const [exported] = await Promise.all([page.waitForEvent('download'), page.click('#results [data-table="awaiting-candidate"] [data-export]')]);
  assert.equal(readFileSync(await exported.path(), 'utf8').slice(1).trimEnd().split('\r\n').length - 1, c.awaitingApproval.length, 'the export holds every row');
  // The baseline keeps silver for good: no downgrade, and its table says so.
  assert.equal(comparison.baseline.downgrades.length, 0);
  assert.ok(await page.$('#results [data-table="downgrades-baseline"] td.empty'));
  const figures = await shownFigures(page);
  for (const f of figures) assert.equal(f.raw, String(at(comparison, f.field)), f.field);
  const fields = new Set(figures.map((f) => f.field));
  assert.ok(fields.has('difference.upgradesOnlyIn.baselineCount'));
  comparison.difference.upgradesOnlyIn.baseline.forEach((_, i) => assert.ok(fields.has(`difference.upgradesOnlyIn.baseline[${i}]`), `upgradesOnlyIn.baseline[${i}] shown`));
  await shoot(page, 'sim-tier-rules-zh.png');
  view.clean();
  await view.close();
});

for (const lang of ['zh', 'en']) {
  test(`screenshots (${lang}): the comparison on the sample, at desktop width; nothing sticks out`, { timeout: 180_000 }, async () => {
    const view = await open({ query: `?lang=${lang}` });
    const { page } = view;
    await runToEnd(page);
    await page.waitForSelector('#results .key-figures');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= 1440, `the page is ${overflow} px wide`);
    await shoot(page, `sim-${lang}.png`);
    const results = await page.$('#results');
    await results.screenshot({ path: join(SHOTS, `sim-results-${lang}.png`) });
    view.clean();
    await view.close();
  });
}
