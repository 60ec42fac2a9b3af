import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeFromLink, decodeShareCode, encodeShareCode, MAX_SCENE, shareLink } from '../../src/share-code.js';
import { loadSampleShop } from '../../scripts/sample-shop.mjs';

// A mini-program code's scene: at most 32 characters of these.
const SCENE = /^[A-Za-z0-9!#$&'()*+,/:;=?@\-._~]{1,32}$/;

test('share code: version 1 carries the distributor and the product', () => {
  const code = encodeShareCode({ distributorId: 'xiaomei', productId: 'longjing-250g' });
  assert.equal(code, '1.xiaomei.longjing-250g');
  assert.match(code, SCENE);
  assert.deepEqual(decodeShareCode(code), { distributorId: 'xiaomei', productId: 'longjing-250g' });
});

test('share code: every distributor and product of the sample shop fits a scene and round-trips', () => {
  const shop = loadSampleShop();
  for (const d of shop.distributors) {
    for (const p of shop.products) {
      const code = encodeShareCode({ distributorId: d.id, productId: p.id });
      assert.match(code, SCENE);
      assert.deepEqual(decodeShareCode(code), { distributorId: d.id, productId: p.id });
      const link = shareLink(shop.info.shareLinkBase, code);
      assert.equal(link, `https://shop.example/s/${code}`);
      assert.equal(codeFromLink(link), code);
    }
  }
});

test('share code: a code longer than a scene is refused, never cut', () => {
  const productId = 'p'.repeat(MAX_SCENE);
  assert.throws(() => encodeShareCode({ distributorId: 'xiaomei', productId }), (e) => e.reason === 'tooLong' && e.length === 3 + 7 + MAX_SCENE);
  // Exactly 32 passes.
  const fits = encodeShareCode({ distributorId: 'd', productId: 'p'.repeat(MAX_SCENE - 4) });
  assert.equal(fits.length, MAX_SCENE);
});

test('share code: ids with characters outside letters, digits, _ and - are refused', () => {
  for (const id of ['a.b', '小美', 'a b', '', 'a/b', 'a?b']) {
    assert.throws(() => encodeShareCode({ distributorId: id, productId: 'tea' }), (e) => e.reason === 'badId' && e.field === 'distributorId');
    assert.throws(() => encodeShareCode({ distributorId: 'me', productId: id }), (e) => e.reason === 'badId' && e.field === 'productId');
  }
});

test('share code: anything else does not decode', () => {
  for (const bad of ['', '1', '1.a', '2.a.b', '1.a.b.c', '1..b', '1.a.', '1.a b.c', `1.${'a'.repeat(40)}.b`, null, 7]) {
    assert.throws(() => decodeShareCode(bad), (e) => e.reason === 'malformed', String(bad));
  }
  assert.throws(() => codeFromLink('not a link'), (e) => e.reason === 'malformed');
  assert.throws(() => codeFromLink('https://shop.example/s/hello'), (e) => e.reason === 'malformed');
});
