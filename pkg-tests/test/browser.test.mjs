// The package in a real browser: headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core, which downloads no browser of its own) opens the Vite example's built site
// and a plain HTML page that imports the package's web ES module with no bundler, each served
// from 127.0.0.1 as a static host would. The figures each page shows must be the native
// CLI's for the same document, and a console error or an uncaught page error fails the test.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildViteExample, native, pkgDir, repo, requireFromTests } from '../lib/helpers.mjs';
import { serve } from '../lib/static-server.mjs';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT_MS = 30_000;

const closers = [];
after(async () => {
  // Last opened, first closed: pages and the browser before the servers they talk to.
  for (const close of closers.reverse()) await close().catch(() => {});
});

let launched = null;
/** The one browser of this file, launched on first use. */
function browser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: the browser tests need Debian's chromium package `
      + '(.ci/test-npm installs it with apt-get install chromium fonts-noto-cjk; it could not here)');
  }
  if (launched === null) {
    const { chromium } = requireFromTests('playwright-core');
    launched = chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
    closers.push(async () => (await launched).close());
  }
  return launched;
}

async function server(options) {
  const s = await serve(options);
  closers.push(s.close);
  return s;
}

/**
 * A new page in a fresh context, with what it reports: `problems` lists its console errors
 * and uncaught errors, `failed` rejects at the first (race it with a wait, so a broken page
 * fails at once rather than at a time-out), `responses` maps each URL to status and type.
 */
async function open() {
  const context = await (await browser()).newContext();
  closers.push(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const problems = [];
  const responses = new Map();
  let fail;
  const failed = new Promise((_, reject) => { fail = reject; });
  failed.catch(() => {});
  const note = (what) => {
    problems.push(what);
    fail(new Error(`the page reported ${what}`));
  };
  page.on('console', (m) => { if (m.type() === 'error') note(`a console error: ${m.text()}`); });
  page.on('pageerror', (e) => note(`a page error: ${e.message}`));
  page.on('response', (r) => responses.set(r.url(), { status: r.status(), type: r.headers()['content-type'] }));
  const clean = () => assert.deepEqual(problems, [], `the page reported problems:\n${problems.join('\n')}`);
  return { page, problems, failed, responses, clean };
}

/** The text of `#id` once it is no longer `loading…`. */
async function shown(view, id) {
  await Promise.race([
    view.page.waitForFunction((el) => {
      const node = document.getElementById(el);
      return node !== null && node.textContent !== 'loading…';
    }, id),
    view.failed,
  ]);
  return view.page.textContent(`#${id}`);
}

/** The one .wasm response of the page: fetched once, 200, as application/wasm. */
function assertWasmServed(view, pathPattern) {
  const wasm = [...view.responses].filter(([url]) => url.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `one wasm fetched: ${[...view.responses.keys()].join(', ')}`);
  const [url, { status, type }] = wasm[0];
  assert.match(new URL(url).pathname, pathPattern);
  assert.equal(status, 200);
  assert.equal(type, 'application/wasm');
}

const shopText = (name) => readFileSync(join(repo, 'examples', 'shop', name), 'utf8');

test('browser: a console error or an uncaught page error fails the test', { timeout: 120_000 }, async () => {
  const s = await server({
    pages: {
      '/broken.html': {
        type: 'text/html; charset=utf-8',
        body: `<!doctype html><meta charset="utf-8"><title>broken</title><pre id="out">loading…</pre>
          <script>console.error('boom'); Promise.reject(new Error('refused'));</script>
          <script>throw new Error('kaboom');</script>`,
      },
    },
  });
  const view = await open();
  await view.page.goto(`${s.url}/broken.html`);
  await assert.rejects(shown(view, 'out'), /the page reported a (console|page) error/);
  const deadline = Date.now() + WAIT_MS;
  while (view.problems.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.throws(view.clean, (e) => /a console error: boom/.test(e.message)
    && /a page error: refused/.test(e.message) && /a page error: kaboom/.test(e.message));
});

test('browser: the Vite example (examples/vite) built and served shows the poster preview', { timeout: 180_000 }, async () => {
  const { dist } = buildViteExample('browser-vite');
  const s = await server({ mounts: { '/': dist } });
  const view = await open();
  await view.page.goto(`${s.url}/`);
  const text = await shown(view, 'app');
  // main.js previews examples/shop/rules.json for the product and distributor that
  // examples/shop/preview.json also holds: level 1 is ¥8.00 (the tin's own fixed 8.00) to
  // ¥19.20 (the bag, 128.00 × 0.15 at gold), level 2 ¥2.00 (fixed) to ¥6.40 (128.00 × 0.05).
  const shop = JSON.parse(shopText('preview.json'));
  const doc = { rules: JSON.parse(shopText('rules.json')), product: shop.product, distributor: shop.distributor };
  const answer = JSON.parse(native('preview', JSON.stringify(doc)));
  assert.equal(answer.ok, true, JSON.stringify(answer));
  const expected = answer.result.earnings.map((e) => `level ${e.level}: ¥${e.min}–¥${e.max}`).join('\n');
  assert.equal(text, expected);
  assertWasmServed(view, /^\/assets\/fenxiao_bg-[\w-]+\.wasm$/);
  view.clean();
});

test('browser: the web ES module, imported by a plain page with no bundler, settles and refuses', { timeout: 120_000 }, async () => {
  // The path a bundler would take: the package's `import` condition.
  const exported = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).exports['.'].import.default;
  assert.equal(exported, './web/index.mjs');
  const entry = `/fenxiao/${exported.slice(2)}`;
  const page = `<!doctype html>
<html lang="zh-CN">
  <head><meta charset="utf-8"><title>fenxiao as a plain ES module</title></head>
  <body>
    <pre id="out">loading…</pre>
    <script type="module">
      import init, { settleOrder, FenxiaoError, formatFen } from '${entry}';
      const doc = await (await fetch('/shop/settle.json')).json();
      await init();
      const settlement = settleOrder(doc);
      let refusal = null;
      try {
        settleOrder({ ...doc, order: { ...doc.order, lines: [{ ...doc.order.lines[0], unitPrice: 12.5 }] } });
      } catch (e) {
        refusal = { isFenxiaoError: e instanceof FenxiaoError, name: e.name, code: e.code, path: e.path, message: e.message };
      }
      // The batch path's one top-level function is exported once (a module cannot declare it twice).
      const fen = [formatFen(123456), formatFen(-5)];
      document.getElementById('out').textContent = JSON.stringify({ settlement, refusal, fen });
    </script>
  </body>
</html>
`;
  const s = await server({
    mounts: { '/fenxiao/': pkgDir, '/shop/': join(repo, 'examples', 'shop') },
    pages: { '/settle.html': { type: 'text/html; charset=utf-8', body: page } },
  });
  const view = await open();
  await view.page.goto(`${s.url}/settle.html`);
  const got = JSON.parse(await shown(view, 'out'));

  const doc = JSON.parse(shopText('settle.json'));
  const answer = JSON.parse(native('settle', JSON.stringify(doc)));
  assert.equal(answer.ok, true, JSON.stringify(answer));
  assert.deepEqual(got.settlement, answer.result);
  // 123456 fen is ¥1234.56; −5 fen is −¥0.05.
  assert.deepEqual(got.fen, ['1234.56', '-0.05']);
  // Why: the ¥25.00 of discounts spread over the lines by amount leaves the bags (l1) 243.79
  // paid, the tin (l2) its own fixed amounts, the gift card (l3) none; level 1 (gold)
  // 243.79 × 0.15 + 8.00 = 44.5685 rounds down to 44.56, level 2 243.79 × 0.05 + 2.00 =
  // 14.1895 to 14.18.
  assert.deepEqual(got.settlement.beneficiaries.map((b) => [b.memberId, b.amount]), [['xiaomei', '44.56'], ['laowang', '14.18']]);

  const bad = { ...doc, order: { ...doc.order, lines: [{ ...doc.order.lines[0], unitPrice: 12.5 }] } };
  const refused = JSON.parse(native('settle', JSON.stringify(bad)));
  assert.equal(refused.ok, false);
  const { code, path, message } = refused.errors[0];
  assert.deepEqual(got.refusal, { isFenxiaoError: true, name: 'FenxiaoError', code, path, message });
  assert.equal(code, 'invalidType');
  assert.equal(path, 'order.lines[0].unitPrice');

  assertWasmServed(view, /^\/fenxiao\/web\/fenxiao_bg\.wasm$/);
  view.clean();
});
