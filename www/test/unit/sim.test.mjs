// The simulator's plain modules: engine paths into a rule set, the saved state, counts and
// money strings (and the fen a chart bar is sized by), CSV quoting. Expected values are
// written out by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvText, withBom } from '../../src/sim/csv.js';
import { count, fenForGeometry, money, shopTime } from '../../src/sim/format.js';
import { ancestors, getAt, inRules, joinPath, setAt } from '../../src/sim/paths.js';
import { checkState, decodeState, encodeState, stateFileText, stateFromFile, stateFromHash } from '../../src/sim/state.js';
import { encodingText, wholeNumber } from '../../src/sim/dataset-panel.js';

test('paths: the engine spelling, get and set, enclosing boxes', () => {
  assert.equal(joinPath(['levels', 0, 'tierRates', 1, 'rate']), 'levels[0].tierRates[1].rate');
  assert.equal(joinPath([]), '');
  assert.equal(inRules('rules.levels[2]'), 'levels[2]');
  assert.equal(inRules('rules'), '');
  assert.deepEqual(ancestors('tiers[1].upgrade.of[0].atLeast'),
    ['tiers[1].upgrade.of[0].atLeast', 'tiers[1].upgrade.of[0]', 'tiers[1].upgrade.of', 'tiers[1].upgrade', 'tiers[1]', 'tiers', '']);
  const doc = { levels: [{ rate: '0.1' }, { rate: '0.05' }] };
  assert.equal(getAt(doc, 'levels[1].rate'), '0.05');
  assert.equal(getAt(doc, 'levels[5].rate'), undefined);
  setAt(doc, 'cap', '0.3');
  setAt(doc, 'tiers[0].id', 't0');
  assert.deepEqual(doc.tiers, [{ id: 't0' }]);
  setAt(doc, 'levels[0]', undefined);
  assert.deepEqual(doc.levels, [{ rate: '0.05' }], 'deleting an array item removes it');
  setAt(doc, 'cap', undefined);
  assert.equal('cap' in doc, false);
});

test('state: through the address and a file, refused when its shape is wrong', () => {
  const state = { v: 1, dataset: { kind: 'sample', members: 500, orders: 2000, seed: 7 }, baseline: { schemaVersion: 1, levels: [{ rate: '0.1' }] }, candidate: '{"levels": [' };
  const encoded = encodeState(state);
  assert.match(encoded, /^[A-Za-z0-9_-]+$/, 'base64url, no padding');
  assert.deepEqual(decodeState(encoded), state);
  assert.deepEqual(stateFromHash(`#s=${encoded}`), state);
  assert.equal(stateFromHash(''), null);
  // Chinese text survives (UTF-8 inside base64url).
  const named = { ...state, dataset: { kind: 'files', names: ['会员.csv'] } };
  assert.deepEqual(decodeState(encodeState(named)), named);
  assert.deepEqual(stateFromFile(stateFileText(state)), state);
  assert.throws(() => stateFromFile('{"v":1}'), /not a saved simulation/);
  assert.throws(() => checkState({ ...state, v: 2 }), /version 2/);
  assert.throws(() => checkState({ ...state, dataset: { kind: 'db' } }), /dataset.kind/);
  assert.throws(() => checkState({ ...state, baseline: [] }), /baseline must be a rule set/);
});

test('counts and money strings: grouped by threes, signed changes; bar lengths in integer fen', () => {
  assert.equal(count(0), '0');
  assert.equal(count(999), '999');
  assert.equal(count(1000), '1,000');
  assert.equal(count(1234567), '1,234,567');
  assert.equal(money('75354.87'), '¥75,354.87');
  assert.equal(money('14275.01', { signed: true }), '+¥14,275.01');
  assert.equal(money('-0.05', { signed: true }), '-¥0.05');
  assert.equal(money('0.00', { signed: true }), '¥0.00');
  assert.equal(fenForGeometry('75354.87'), 7535487);
  assert.equal(fenForGeometry('-0.05'), -5);
  assert.equal(fenForGeometry('90071992547409.91'), 9007199254740991, 'exact up to 2^53 − 1 fen');
  assert.throws(() => fenForGeometry('12.3'), /not an engine money string/);
});

test('instants at the shop\'s offset: the same instant on the shop\'s wall clock', () => {
  // why: 16:01:30 UTC on 31 October + 8 h = 00:01:30 on 1 November in a +08:00 shop (the
  // upgrade belongs to November's counts there).
  assert.equal(shopTime('2026-10-31T16:01:30Z', '+08:00'), '2026-11-01 00:01:30');
  // why: 02:30 UTC on 1 January − 5 h 30 min = 21:00 on 31 December of the year before.
  assert.equal(shopTime('2026-01-01T02:30:00Z', '-05:30'), '2025-12-31 21:00:00');
  // why: +00:00 moves nothing; a fraction of a second is kept as written.
  assert.equal(shopTime('2026-03-01T09:05:07.250Z', '+00:00'), '2026-03-01 09:05:07.250');
  // why: 29 February 2028 exists (a leap year): 20:00 UTC on the 28th + 8 h is its 04:00.
  assert.equal(shopTime('2028-02-28T20:00:00Z', '+08:00'), '2028-02-29 04:00:00');
  // why: a year below 100 stays itself (not 19xx), and 23:00 + 1 h rolls to the next day.
  assert.equal(shopTime('0099-12-31T23:00:00Z', '+01:00'), '0100-01-01 00:00:00');
  // Anything that is not an engine instant or offset is shown as it is.
  assert.equal(shopTime('2026-10-31 16:01', '+08:00'), '2026-10-31 16:01');
  assert.equal(shopTime('2026-10-31T16:01:30Z', 'Asia/Shanghai'), '2026-10-31T16:01:30Z');
  assert.equal(shopTime(undefined, '+08:00'), '');
});

test('CSV: a BOM, CRLF, quotes only where needed', () => {
  assert.equal(csvText(['层级', 'gross'], [['1', '12.30'], ['a,b', 'say "hi"']]),
    '\uFEFF层级,gross\r\n1,12.30\r\n"a,b","say ""hi"""\r\n');
  assert.equal(withBom('memberId\r\n'), '\uFEFFmemberId\r\n');
  assert.equal(withBom('\uFEFFmemberId\r\n'), '\uFEFFmemberId\r\n');
});

test('the sample settings: whole numbers within their limits only', () => {
  assert.equal(wholeNumber('2000', [1, 1000000]), 2000);
  assert.equal(wholeNumber(' 7 ', [0, 10]), 7);
  assert.equal(wholeNumber('0', [1, 10]), null);
  assert.equal(wholeNumber('1e3', [1, 10000]), null);
  assert.equal(wholeNumber('2.5', [1, 10]), null);
  assert.equal(wholeNumber('1000001', [1, 1000000]), null);
});

test('the encoding read: one name when the files agree, each file\'s when mixed', () => {
  assert.equal(encodingText({ encoding: 'gb18030', files: [{ name: 'orders.csv', encoding: 'gb18030', rows: 2 }] }), 'gb18030');
  assert.equal(encodingText({ encoding: 'mixed', files: [{ name: 'members.csv', encoding: 'utf-8-bom', rows: 3 }, { name: 'products.csv', encoding: 'gb18030', rows: 1 }] }),
    'mixed (members.csv utf-8-bom, products.csv gb18030)');
});
