// The CLI documents in examples/sample-shop/cli/ are what the page asks the engine: the
// committed files must equal what scripts/sample-docs.mjs writes from the shop's files
// with the page's own argument builders (src/shop.js).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliDir, loadSampleShop, renderDocument } from '../../scripts/sample-shop.mjs';
import { cliDocuments } from '../../src/shop.js';

test('sample shop: the committed CLI documents are up to date (npm run sample-docs)', () => {
  const docs = cliDocuments(loadSampleShop());
  const committed = readdirSync(cliDir).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(committed, docs.map((d) => d.file).sort());
  for (const { file, doc } of docs) assert.equal(readFileSync(join(cliDir, file), 'utf8'), renderDocument(doc), file);
});

test('sample shop: what it must hold for the page to show every case', () => {
  const shop = loadSampleShop();
  assert.ok(shop.rules.tiers.length >= 3, 'three tiers or more');
  assert.ok(shop.products.some((p) => p.skus && new Set(p.skus.map((s) => s.price)).size > 1), 'a product whose SKUs differ in price');
  assert.ok(shop.rules.products.some((p) => p.mode === 'optOut' && shop.products.some((q) => q.id === p.productId)), 'an opted-out product');
  assert.ok(new Set(shop.distributors.map((d) => d.tier)).size >= 3, 'distributors at three tiers');
  for (const p of shop.products) assert.ok(/\p{Script=Han}/u.test(p.name.zh), `${p.id} has a Chinese name`);
});
