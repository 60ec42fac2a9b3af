// The README's examples, each run against the installed package: Node ESM and CommonJS
// (one copy of the module for both), a TypeScript type-check, and a Vite build whose bundle
// loads the wasm through the URL Vite gave it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bin, buildViteExample, copyExamples, loadNode, native, repo } from '../lib/helpers.mjs';

const fenxiao = loadNode();

function node(args, cwd) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `node ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test('Node ESM example (examples/node/esm.mjs)', () => {
  const dir = copyExamples('ex-esm');
  const out = node(['node/esm.mjs'], dir).trim().split('\n');
  const settleText = readFileSync(join(repo, 'examples', 'shop', 'settle.json'), 'utf8');
  const expected = JSON.parse(native('settle', settleText)).result.beneficiaries.map((b) => `level ${b.level} ${b.memberId}: ¥${b.amount}`);
  assert.deepEqual(out, [...expected, 'true', 'invalidType at order.lines[0].unitPrice']);
});

test('Node CommonJS example (examples/node/cjs.cjs)', () => {
  const dir = copyExamples('ex-cjs');
  const out = node(['node/cjs.cjs'], dir).trim().split('\n');
  const preview = JSON.parse(native('preview', readFileSync(join(repo, 'examples', 'shop', 'preview.json'), 'utf8'))).result;
  const own = preview.earnings.find((e) => e.level === 1);
  assert.equal(out[0], `share and earn ¥${own.min}–¥${own.max}`);
  assert.match(out[1], /engine: '[0-9.]+', schemaVersion: 1/);
});

test('Node loads one copy of the package for import and require', () => {
  const dir = copyExamples('ex-one-copy');
  writeFileSync(join(dir, 'one.mjs'), `
    import * as ns from 'fenxiao';
    import { createRequire } from 'node:module';
    const required = createRequire(import.meta.url)('fenxiao');
    console.log(ns.RuleSet === required.RuleSet && ns.settleOrder === required.settleOrder && ns.default === required);
  `);
  assert.equal(node(['one.mjs'], dir).trim(), 'true');
});

for (const resolution of ['nodenext', 'bundler']) {
  test(`TypeScript: tsc --noEmit on examples/node/usage.ts (moduleResolution ${resolution})`, () => {
    const dir = copyExamples(`ex-ts-${resolution}`);
    const compilerOptions = resolution === 'nodenext'
      ? { module: 'nodenext', moduleResolution: 'nodenext' }
      : { module: 'esnext', moduleResolution: 'bundler' };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { ...compilerOptions, target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: [], lib: ['es2022'] },
      files: ['node/usage.ts'],
    }));
    const r = spawnSync(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
}

test('TypeScript catches a number given as money and an unknown field', () => {
  const dir = copyExamples('ex-ts-wrong');
  writeFileSync(join(dir, 'wrong.ts'), `
    import { previewEarnings } from 'fenxiao';
    previewEarnings({ rules: { schemaVersion: 1, levels: [{ rate: '0.10' }] }, product: { id: 'p', skus: [{ id: 's', price: 12.5 }] }, distributor: { id: 'd', status: 'active' } });
    previewEarnings({ rules: { schemaVersion: 1, levels: [{ rate: '0.10' }] }, product: { id: 'p', skus: [] }, distributor: { id: 'd', status: 'active' }, colour: 'red' });
  `);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [], lib: ['es2022'] },
    files: ['wrong.ts'],
  }));
  const r = spawnSync(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stdout, /wrong\.ts\(3,.*Type 'number' is not assignable to type 'string'/);
  assert.match(r.stdout, /wrong\.ts\(4,.*'colour'/);
});

test('Vite example (examples/vite): vite build, then the bundle loads the wasm asset and previews', () => {
  const { root: dir, dist } = buildViteExample('ex-vite');
  const assets = readdirSync(join(dist, 'assets'));
  const js = assets.find((f) => f.endsWith('.js'));
  assert.ok(assets.some((f) => /\.wasm$/.test(f)), `a wasm asset: ${assets.join(', ')}`);
  // Run the bundle in Node with a fetch that serves files, as a static host would.
  writeFileSync(join(dir, 'run-bundle.mjs'), `
    import { readFileSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    globalThis.document = { createElement: () => ({ relList: { supports: () => true } }), querySelectorAll: () => [], getElementById: () => ({}) };
    // A static host serving vite/dist at the site's root.
    const dist = fileURLToPath(new URL('./vite/dist', import.meta.url));
    globalThis.fetch = async (url) => new Response(readFileSync(dist + new URL(url).pathname), { headers: { 'content-type': 'application/wasm' } });
    await import('./vite/dist/assets/${js}');
    console.log(await globalThis.fenxiaoExample);
  `);
  const out = node(['run-bundle.mjs'], dir).trim();
  const shop = JSON.parse(readFileSync(join(repo, 'examples', 'shop', 'preview.json'), 'utf8'));
  const expected = fenxiao.previewEarnings({ rules: shop.rules, product: shop.product, distributor: shop.distributor })
    .earnings.map((e) => `level ${e.level}: ¥${e.min}–¥${e.max}`).join('\n');
  assert.equal(out, expected);
});
