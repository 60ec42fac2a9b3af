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

// The classes of docs/BAD-INPUTS.md in wasm: each answered with the same text as the native
// CLI, and the module still works after each. A watchdog fails any one that takes past 30 s.
const small = {
  rules: { schemaVersion: 1, levels: [{ rate: '0.10' }] },
  order: { id: 'o', buyer: { id: 'b', status: 'none' }, lines: [{ id: 'l1', productId: 'p', unitPrice: '10.00', quantity: 1 }] },
  upline: [{ id: 'a', status: 'active' }],
};
const smallText = JSON.stringify(small);
const withRaw = (field, raw) => smallText.replace(new RegExp(`"${field}":("[^"]*"|[^,}]*)`), `"${field}":${raw}`);
const bindDoc = (at) => JSON.stringify({ rules: small.rules, buyer: { id: 'b', registeredAt: '1970-01-01T00:00:00Z' }, sharer: { id: 's', status: 'active' }, at });

const classes = [
  ['money as numbers and in hostile strings', ['12.5', '10', '123456789012345678901234567890', 'NaN', 'Infinity', '"1e3"', '"-0.00"', '" 1.00"', '"1.000"', '"123456789012345678901234567890"'].map((r) => ['settle', withRaw('unitPrice', r)])],
  ['8 MiB of 1E308 floats', [['settle', smallText.slice(0, -1) + ',"pad":[' + new Array(Math.floor((8 * 1024 * 1024 - smallText.length - 16) / 6)).fill('1E308').join(',') + ']}']]],
  ['rates above 1, negative, seven decimals', ['"1.01"', '"-0.1"', '"0.1234567"', '0.1'].map((r) => ['settle', withRaw('rate', r)])],
  ['quantities 0, negative, 2^53, 2^64, below -2^63', ['0', '-1', '9007199254740992', '18446744073709551616', '-9223372036854775809', '1.5'].map((r) => ['settle', withRaw('quantity', r)])],
  ['duplicate keys: the last wins', [['settle', smallText.replace('"levels":[{"rate":"0.10"}]', '"levels":[{"rate":"0.50"}],"levels":[{"rate":"0.10"}]')]]],
  ['duplicate ids and cycles', [
    ['settle', JSON.stringify({ ...small, order: { ...small.order, lines: [small.order.lines[0], small.order.lines[0]] } })],
    ['settle', JSON.stringify({ ...small, upline: [{ id: 'b', status: 'active' }] })],
  ]],
  ['unknown fields, long and path-like names', [
    ['settle', JSON.stringify({ ...small, 'rules.levels[0].rate': '0.5' })],
    ['settle', JSON.stringify({ ...small, order: { ...small.order, ['x'.repeat(200)]: 1, 'a"b': 2, '': 3 } })],
  ]],
  ['wrong types', [null, true, 7, 1.5, 'x', [], {}].map((w) => ['settle', JSON.stringify({ ...small, order: { ...small.order, buyer: w } })])],
  ['BOM, lone surrogates, empty, null', ['\ufeff' + smallText, smallText.replace('"o"', '"\\ud800"'), '', ' ', 'null'].map((t) => ['settle', t])],
  ['a 7 MB id and a 10 MB id', [7, 10].map((mb) => ['settle', JSON.stringify({ ...small, order: { ...small.order, id: 'x'.repeat(mb << 20) } })])],
  ['times: not RFC 3339, 23:59:60, years 0000 and 9999, offsets +14:00 and -12:00', [
    '2026-11-20 09:58:00+08:00', '2026-11-20T23:59:60Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z',
    '9999-12-31T23:59:59-12:00', '9999-12-31T11:59:59-12:00', '1970-01-01T00:00:00+14:00', '1970-01-01T14:00:00+14:00',
  ].map((at) => ['bind', bindDoc(at)])],
  ['sums that overflow across many lines', [['settle', JSON.stringify({ ...small, order: { ...small.order, lines: Array.from({ length: 500 }, (_, i) => ({ id: `l${i}`, productId: 'p', unitPrice: '9999999999999.99', quantity: 1000000 })) } })]]],
  ['discounts above the total', [['settle', JSON.stringify({ ...small, order: { ...small.order, discounts: [{ amount: '10.01' }] } })]]],
  ['upline of 10,000 members, 1,000 tiers', [
    ['settle', JSON.stringify({ ...small, upline: Array.from({ length: 10000 }, (_, i) => ({ id: `m${i}`, status: 'active' })) })],
    ['validate', JSON.stringify({ rules: { ...small.rules, tiers: Array.from({ length: 1000 }, (_, i) => ({ id: `t${i}` })) } })],
  ]],
  ['count conditions out of range', ['-1', '18446744073709551616', '2.5'].map((n) => ['validate', `{"rules":{"schemaVersion":1,"levels":[{"rate":"0.1"}],"tiers":[{"id":"a"},{"id":"b","upgrade":{"type":"directRecruits","atLeast":${n}}}]}}`])],
];

for (const [name, docs] of classes) {
  test(`hostile class in wasm, identical to native: ${name}`, { timeout: 30_000 }, () => {
    for (const [command, text] of docs) {
      const answer = fenxiao.run(command, text);
      const parsed = JSON.parse(answer);
      // Past the 8 MiB limit the CLI stops reading (its message counts the bytes it read);
      // the code and path are the same.
      const over = Buffer.byteLength(text) > 8 * 1024 * 1024;
      if (text.trim() !== '' && !over) assert.equal(answer, native(command, text), `${command} ${text.slice(0, 200)}`);
      if (over) assert.deepEqual([parsed.errors[0].code, parsed.errors[0].path], ['tooLarge', '']);
      if (name.startsWith('duplicate keys')) assert.equal(parsed.result.total, '1.00');
      else if (!name.startsWith('times')) assert.equal(parsed.ok, false, `${command} ${text.slice(0, 200)}: ${answer.slice(0, 300)}`);
      stillWorks();
    }
  });
}

test('paths in wasm quote names that are not identifiers, and never cut them', { timeout: 30_000 }, () => {
  const long = 'y'.repeat(100);
  const e = refused(() => fenxiao.settleOrder({ ...small, order: { ...small.order, [long]: 1 } }), 'unknownField');
  assert.equal(e.path, `order.${long}`);
  refused(() => fenxiao.settleOrder({ ...small, 'rules.levels[0].rate': '0.5' }), 'unknownField', '["rules.levels[0].rate"]');
  refused(() => fenxiao.bind(JSON.parse(bindDoc('9999-12-31T23:59:59-12:00'))), 'invalidTime', 'at');
});
