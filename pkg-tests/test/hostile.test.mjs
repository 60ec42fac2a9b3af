// Hostile inputs: each is answered with the engine's error (a FenxiaoError from the object
// API, an envelope from run), nothing traps the module or escapes as a RangeError, and the
// next good call still works.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadNode, native, repo } from '../lib/helpers.mjs';

const fenxiao = loadNode();
const good = JSON.parse(readFileSync(join(repo, 'examples', 'shop', 'settle.json'), 'utf8'));
const goodText = JSON.stringify(good);
const baseline = fenxiao.run('settle', goodText);

function stillWorks() {
  assert.equal(fenxiao.run('settle', goodText), baseline);
  assert.deepEqual(fenxiao.settleOrder(good), JSON.parse(baseline).result);
  const rs = new fenxiao.RuleSet(good.rules);
  const { rules, ...args } = good;
  void rules;
  assert.deepEqual(rs.settleOrder(args), JSON.parse(baseline).result);
  rs.free();
}

function refused(fn, code, path) {
  let error = null;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error, 'expected a refusal');
  assert.ok(error instanceof fenxiao.FenxiaoError, `a FenxiaoError, not ${error && error.name}: ${error && error.message}`);
  assert.equal(error.code, code);
  if (path !== undefined) assert.equal(error.path, path);
  stillWorks();
  return error;
}

function deepObject(depth) {
  let o = { leaf: '1.00' };
  for (let i = 0; i < depth; i += 1) o = { a: o };
  return o;
}

function deepArray(depth) {
  let a = [];
  for (let i = 0; i < depth; i += 1) a = [a];
  return a;
}

test('100,000 levels of nesting: object API and text, objects and arrays', () => {
  refused(() => fenxiao.settleOrder({ ...good, order: deepObject(100000) }), 'tooDeep', '');
  refused(() => fenxiao.validateRules({ rules: deepArray(100000) }), 'tooDeep', '');
  refused(() => new fenxiao.RuleSet(deepObject(100000)), 'tooDeep', '');
  const rs = new fenxiao.RuleSet(good.rules);
  refused(() => rs.settleOrder({ order: deepArray(100000) }), 'tooDeep', '');
  rs.free();
  const text = '{"rules":' + '['.repeat(100000) + ']'.repeat(100000) + '}';
  const answer = fenxiao.run('settle', text);
  assert.equal(JSON.parse(answer).errors[0].code, 'tooDeep');
  assert.equal(answer, native('settle', text));
  stillWorks();
});

test('a cycle is refused, not followed', () => {
  const order = structuredClone(good.order);
  order.self = order;
  refused(() => fenxiao.settleOrder({ ...good, order }), 'invalidValue', 'order.self');
});

test('huge inputs: text above the limit, far above it, and a huge object', () => {
  const limit = 8 * 1024 * 1024;
  const pad = (n) => '{"rules":{},"pad":"' + 'x'.repeat(n) + '"}';
  const nine = pad(9 * 1024 * 1024);
  const a = JSON.parse(fenxiao.run('settle', nine));
  assert.equal(a.errors[0].code, 'tooLarge');
  assert.equal(a.errors[0].message, `the document is ${Buffer.byteLength(nine)} bytes; the limit is ${limit}`);
  // Far above the limit the glue answers before copying anything into wasm memory, with
  // the same message.
  const huge = pad(64 * 1024 * 1024) + '中';
  const b = JSON.parse(fenxiao.run('settle', huge));
  assert.equal(b.errors[0].code, 'tooLarge');
  assert.equal(b.errors[0].message, `the document is ${Buffer.byteLength(huge)} bytes; the limit is ${limit}`);
  stillWorks();
  refused(() => fenxiao.settleOrder({ ...good, pad: 'x'.repeat(20 * 1024 * 1024) }), 'tooLarge', '');
  const lines = new Array(3_000_000).fill({ id: 'l', productId: 'p', unitPrice: '1.00', quantity: 1 });
  refused(() => fenxiao.settleOrder({ ...good, order: { ...good.order, lines } }), 'tooLarge', '');
  const sparse = [];
  sparse.length = 4_000_000_000;
  refused(() => fenxiao.settleOrder({ ...good, upline: sparse }), 'tooLarge', '');
});

test('NaN, Infinity, BigInt, functions and symbols are refused with their path', () => {
  const withPrice = (price) => ({ ...good, order: { ...good.order, lines: [{ ...good.order.lines[0], unitPrice: price }] } });
  refused(() => fenxiao.settleOrder(withPrice(NaN)), 'invalidType', 'order.lines[0].unitPrice');
  refused(() => fenxiao.settleOrder(withPrice(Infinity)), 'invalidType', 'order.lines[0].unitPrice');
  refused(() => fenxiao.settleOrder(withPrice(-Infinity)), 'invalidType', 'order.lines[0].unitPrice');
  refused(() => fenxiao.settleOrder(withPrice(12.5)), 'invalidType', 'order.lines[0].unitPrice');
  refused(() => fenxiao.settleOrder(withPrice(12)), 'invalidType', 'order.lines[0].unitPrice');
  refused(() => fenxiao.settleOrder(withPrice(1250n)), 'invalidType', 'order.lines[0].unitPrice');
  refused(() => fenxiao.settleOrder(withPrice(() => '12.50')), 'invalidType', 'order.lines[0].unitPrice');
  refused(() => fenxiao.settleOrder(withPrice(Symbol('x'))), 'invalidType', 'order.lines[0].unitPrice');
  const qty = { ...good, order: { ...good.order, lines: [{ ...good.order.lines[0], quantity: 2n }] } };
  refused(() => fenxiao.settleOrder(qty), 'invalidType', 'order.lines[0].quantity');
  const fractional = { ...good, order: { ...good.order, lines: [{ ...good.order.lines[0], quantity: 1.5 }] } };
  refused(() => fenxiao.settleOrder(fractional), 'invalidType');
});

test('not an object, broken text, lone surrogates: answered, identical to native', () => {
  refused(() => fenxiao.settleOrder(null), 'invalidType', '');
  refused(() => fenxiao.settleOrder('{"rules":{}}'), 'invalidType', '');
  refused(() => fenxiao.settleOrder([good]), 'invalidType', '');
  for (const text of ['', '{', 'null', '[1,2]', '{"rules":', '{"rules":{}}\u0000', '{"rules":"\ud800"}', '\ufeff{}', '{"a":1e999999}']) {
    const answer = fenxiao.run('settle', text);
    assert.equal(JSON.parse(answer).ok, false, text);
    if (text.trim() !== '') assert.equal(answer, native('settle', text), JSON.stringify(text));
  }
  stillWorks();
});

test('half a million misspelt fields: 100 errors and one tooMany, identical to native', () => {
  // why: every unknown field is an error, but an answer lists at most 100 (MAX_ERRORS), then
  // one tooMany at "" — a short answer, not a half-million-line one or an out-of-memory trap.
  const order = { ...good.order };
  for (let i = 0; i < 500_000; i += 1) order[`f${i}`] = 0;
  const text = JSON.stringify({ ...good, order });
  const answer = fenxiao.run('settle', text);
  assert.equal(answer, native('settle', text));
  const errors = JSON.parse(answer).errors;
  assert.equal(errors.length, 101);
  assert.ok(errors.slice(0, 100).every((e) => e.code === 'unknownField' && e.path.startsWith('order.f')));
  assert.deepEqual([errors[100].code, errors[100].path], ['tooMany', '']);
  refused(() => fenxiao.settleOrder({ ...good, order }), 'unknownField', errors[0].path);
  stillWorks();
});
