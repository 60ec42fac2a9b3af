// A scan of each build's wasm: no i64 in any imported or exported function (no BigInt on
// the JavaScript side); for the mini-program build also no exported globals (iOS WeChat
// refuses them), no multivalue results, no reference types, and binaryen's validator
// accepting it with nothing but the MVP feature set. And the size budget of every build.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import binaryen from 'binaryen';
import { pkgDir } from '../lib/helpers.mjs';
import { readModule } from '../lib/wasm-module.mjs';

const builds = {
  web: readFileSync(join(pkgDir, 'web', 'fenxiao_bg.wasm')),
  node: readFileSync(join(pkgDir, 'node', 'fenxiao_bg.wasm')),
  miniprogram: zlib.brotliDecompressSync(readFileSync(join(pkgDir, 'miniprogram', 'fenxiao_bg.wasm.br'))),
};

function signatures(m) {
  const out = [];
  for (const imp of m.imports) if (imp.kind === 'func') out.push([`import ${imp.module}.${imp.name}`, m.types[imp.type]]);
  for (const exp of m.exports) if (exp.kind === 'func') out.push([`export ${exp.name}`, m.functionType(exp.index)]);
  return out;
}

for (const [build, bytes] of Object.entries(builds)) {
  test(`${build}: no i64 in imported or exported functions`, () => {
    const m = readModule(bytes);
    const sigs = signatures(m);
    assert.ok(sigs.length > 5, 'found the functions');
    const wide = sigs.filter(([, t]) => t.params.includes('i64') || t.results.includes('i64')).map(([n]) => n);
    assert.deepEqual(wide, []);
    for (const exp of m.exports) {
      if (exp.kind === 'global') {
        const imported = m.imports.filter((i) => i.kind === 'global').length;
        const g = m.globals[exp.index - imported];
        assert.notEqual(g && g.valtype, 'i64', `global ${exp.name} is i64`);
      }
    }
  });
}

test('miniprogram: no exported globals, no multivalue, no reference types', () => {
  const m = readModule(builds.miniprogram);
  assert.deepEqual(m.exports.filter((e) => e.kind === 'global').map((e) => e.name), []);
  const multi = m.types.filter((t) => t.results.length > 1);
  assert.equal(multi.length, 0, 'multivalue function types');
  const refs = m.types.filter((t) => [...t.params, ...t.results].some((v) => v === 'externref' || v === 'funcref'));
  assert.equal(refs.length, 0, 'reference types in signatures');
  assert.ok(m.tables.every((t) => t.elem === 'funcref'), 'only funcref tables');
  assert.ok(m.tables.length + m.imports.filter((i) => i.kind === 'table').length <= 1, 'at most one table');
  assert.deepEqual(m.imports.filter((i) => i.kind !== 'func').map((i) => i.name), []);
});

test('miniprogram: valid with only the MVP feature set (binaryen validator)', () => {
  const mod = binaryen.readBinary(builds.miniprogram);
  try {
    mod.setFeatures(binaryen.Features.MVP);
    assert.ok(mod.validate(), 'binaryen rejects the mini-program wasm under MVP features');
  } finally {
    mod.dispose();
  }
});

test('web and node builds: export only functions and memory besides wasm-bindgen\'s globals', () => {
  for (const build of ['web', 'node']) {
    const m = readModule(builds[build]);
    const kinds = new Set(m.exports.map((e) => e.kind));
    assert.ok(kinds.has('func') && kinds.has('memory'), build);
  }
});

// Each build's size budget, for its use (KB = 1,000 bytes, the stricter reading). The
// mini-program build is what a phone downloads: its shipped `.wasm.br` at most 140 KB and
// the wasm inside at most 400 KB. The web and Node builds serve the admin page and servers:
// at most 250 KB gzip. Gzip is Node's zlib at level 9, the one gzip figure the project
// reports (.ci/build-npm prints the same).
const budgets = {
  web: { gzip: 250_000 },
  node: { gzip: 250_000 },
  miniprogram: { raw: 400_000, shipped: 140_000 },
};
for (const [build, bytes] of Object.entries(builds)) {
  const budget = budgets[build];
  test(`${build}: within its size budget (${JSON.stringify(budget)})`, () => {
    const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
    console.log(`${build}: ${bytes.length} B raw, ${gzip} B gzip`);
    if (budget.raw !== undefined) assert.ok(bytes.length <= budget.raw, `${build}: ${bytes.length} B raw`);
    if (budget.gzip !== undefined) assert.ok(gzip <= budget.gzip, `${build}: ${gzip} B gzip`);
    if (budget.shipped !== undefined) {
      const shipped = statSync(join(pkgDir, 'miniprogram', 'fenxiao_bg.wasm.br')).size;
      console.log(`${build}: ${shipped} B shipped (.wasm.br)`);
      assert.ok(shipped <= budget.shipped, `${build}: ${shipped} B .wasm.br`);
    }
  });
}
