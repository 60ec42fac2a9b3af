// The mini-program build in an emulated WeChat runtime (lib/miniprogram-runtime.mjs): the
// example in examples/miniprogram/ runs with the package laid out as the DevTools' "build
// npm" lays it out, and shows the same poster and progress the node build computes.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createRuntime } from '../lib/miniprogram-runtime.mjs';
import { loadNode, pkgDir, repo, scratch } from '../lib/helpers.mjs';

const fenxiao = loadNode();

function project(name) {
  const dir = scratch(name);
  cpSync(join(repo, 'examples', 'miniprogram'), dir, { recursive: true });
  // What "build npm" does for a package with a `miniprogram` field: copy that directory.
  const field = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).miniprogram;
  assert.equal(field, 'miniprogram');
  cpSync(join(pkgDir, field), join(dir, 'miniprogram_npm', 'fenxiao'), { recursive: true });
  return dir;
}

const shop = (() => {
  const preview = JSON.parse(readFileSync(join(repo, 'examples', 'shop', 'preview.json'), 'utf8'));
  const progress = JSON.parse(readFileSync(join(repo, 'examples', 'shop', 'progress.json'), 'utf8'));
  return { preview, progress };
})();

test('the example\'s data is the example shop\'s documents', () => {
  const rt = createRuntime(project('mp-data'));
  const data = rt.require('/data/shop.js');
  const plain = JSON.parse(JSON.stringify(data));
  assert.deepEqual(plain.rules, shop.preview.rules);
  assert.deepEqual(plain.rules, shop.progress.rules);
  const { rules: r1, ...preview } = shop.preview;
  const { rules: r2, ...progress } = shop.progress;
  void r1; void r2;
  assert.deepEqual(plain.preview, preview);
  assert.deepEqual(plain.progress, progress);
});

for (const finalizationRegistry of [true, false]) {
  test(`the example mini-program runs with only WXWebAssembly (FinalizationRegistry ${finalizationRegistry ? 'present' : 'absent'})`, async () => {
    const dir = project(`mp-${finalizationRegistry}`);
    const rt = createRuntime(dir, { finalizationRegistry });
    for (const g of ['WebAssembly', 'TextEncoder', 'TextDecoder']) {
      assert.equal(rt.context[g], undefined, `${g} is absent`);
    }
    const [page] = await rt.launch();
    assert.equal(page.data.error, '', page.data.error);
    assert.deepEqual(rt.instantiated, ['/miniprogram_npm/fenxiao/fenxiao_bg.wasm.br']);

    const view = rt.require('/pages/index/view.js');
    const preview = fenxiao.previewEarnings(shop.preview);
    const progress = fenxiao.tierProgress(shop.progress);
    assert.deepEqual(page.data.poster, JSON.parse(JSON.stringify(view.poster(shop.preview.product, preview))));
    assert.deepEqual(page.data.progress, JSON.parse(JSON.stringify(view.progress(progress))));
    // Figures worked out from examples/shop (a gold distributor's level-1 rate on each SKU).
    assert.equal(page.data.poster.headline, '分享赚 ¥8.00–¥19.20');
    assert.deepEqual(page.data.poster.skus.map((s) => s.earn), ['¥19.20', '¥8.00']);
    assert.equal(page.data.progress.tier, 'silver');
    assert.equal(page.data.progress.next, 'gold');
    assert.equal(page.data.progress.conditions[0].percent, '56.80%');
  });
}

test('the mini-program build answers run, objects and errors like the node build', async () => {
  const rt = createRuntime(project('mp-api'));
  const mp = rt.require('fenxiao');
  assert.throws(() => mp.run('hash', '{}'), /init/);
  await mp.init();
  const docs = [
    ['settle', readFileSync(join(repo, 'examples', 'shop', 'settle.json'), 'utf8')],
    ['refund', readFileSync(join(repo, 'examples', 'shop', 'refund.json'), 'utf8')],
    ['preview', JSON.stringify(shop.preview)],
    ['progress', JSON.stringify(shop.progress)],
    ['settle', '{"rules":{"schemaVersion":1,"levels":[{"rate":"0.10"}]},"order":{"id":"中文","lines":[]}}'],
    ['schema', '{}'],
    ['settle', '{"rules":' + '['.repeat(50000) + ']'.repeat(50000) + '}'],
  ];
  for (const [command, text] of docs) assert.equal(mp.run(command, text), fenxiao.run(command, text), command);
  const e = (() => { try { mp.settleOrder({ rules: { schemaVersion: 1, levels: [{ rate: 0.1 }] } }); } catch (err) { return err; } return null; })();
  assert.ok(e, 'refused');
  assert.equal(e.name, 'FenxiaoError');
  assert.equal(e.path, 'rules.levels[0].rate');
  assert.ok(e instanceof mp.FenxiaoError);
  // A path that is not a file in the package is refused by WXWebAssembly.
  const other = createRuntime(project('mp-path'));
  const mp2 = other.require('fenxiao');
  await assert.rejects(mp2.init('/nowhere/fenxiao_bg.wasm.br'), /no such file/);
  await mp2.init();
  assert.equal(mp2.version().schemaVersion, 1);
});
