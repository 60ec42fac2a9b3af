// The object API and the RuleSet handle against the text entry point `run`: for every golden
// vector given as an object, the result equals run's result, and a refusal is thrown as a
// FenxiaoError carrying run's errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { loadNode, vectors } from '../lib/helpers.mjs';

const fenxiao = loadNode();
const FUNCTION_OF = {
  validate: 'validateRules', lint: 'lintRules', hash: 'ruleSetHash', bind: 'bind', settle: 'settleOrder',
  refund: 'refundOrder', status: 'commissionStatus', withdraw: 'withdrawal', progress: 'tierProgress',
  preview: 'previewEarnings',
};
const cases = vectors().filter((v) => v.input !== undefined && FUNCTION_OF[v.command]);

function outcome(fn) {
  try {
    return { ok: true, result: fn() };
  } catch (e) {
    if (!(e instanceof fenxiao.FenxiaoError)) throw e;
    return { ok: false, error: e };
  }
}

function sameAsRun(envelopeText, got, name) {
  const envelope = JSON.parse(envelopeText);
  if (envelope.ok) {
    assert.ok(got.ok, `${name}: threw ${got.error && got.error.message}`);
    assert.deepEqual(got.result, envelope.result, name);
  } else {
    assert.ok(!got.ok, `${name}: answered instead of throwing`);
    const e = got.error;
    assert.ok(e instanceof Error, name);
    assert.equal(e.name, 'FenxiaoError');
    assert.deepEqual(e.errors, envelope.errors, name);
    assert.equal(e.code, envelope.errors[0].code, name);
    assert.equal(e.path, envelope.errors[0].path, name);
    assert.equal(e.message, envelope.errors[0].message, name);
  }
}

test('the object API answers what run answers, for every vector given as an object', () => {
  assert.ok(cases.length >= 50, `${cases.length} vectors with an input object`);
  for (const v of cases) {
    const got = outcome(() => fenxiao[FUNCTION_OF[v.command]](v.input));
    sameAsRun(fenxiao.run(v.command, JSON.stringify(v.input)), got, v.name);
  }
});

test('a RuleSet handle answers what run answers, for every vector with valid rules', () => {
  let checked = 0;
  for (const v of cases) {
    if (v.input === null || typeof v.input !== 'object' || !('rules' in v.input)) continue;
    const valid = JSON.parse(fenxiao.run('validate', JSON.stringify({ rules: v.input.rules }))).ok;
    if (!valid) {
      assert.throws(() => new fenxiao.RuleSet(v.input.rules), fenxiao.FenxiaoError, v.name);
      continue;
    }
    const { rules, ...args } = v.input;
    const rs = new fenxiao.RuleSet(rules);
    try {
      const runText = fenxiao.run(v.command, JSON.stringify(v.input));
      assert.equal(rs.run(v.command, JSON.stringify(args)), runText, v.name);
      sameAsRun(runText, outcome(() => rs[FUNCTION_OF[v.command]](args)), v.name);
      assert.equal(rs.hash, JSON.parse(fenxiao.run('hash', JSON.stringify({ rules }))).result.ruleSetHash);
      checked += 1;
    } finally {
      rs.free();
    }
  }
  assert.ok(checked >= 40, `${checked} vectors through a handle`);
});

test('a refused rule set throws a FenxiaoError with paths from `rules`', () => {
  const e = assert.throws(() => new fenxiao.RuleSet({ schemaVersion: 1, levels: [{ rate: '1.5' }] }), fenxiao.FenxiaoError);
  void e;
  try {
    new fenxiao.RuleSet({ schemaVersion: 1, levels: [{ rate: '1.5' }] });
  } catch (err) {
    assert.equal(err.path, 'rules.levels[0].rate');
    assert.equal(err.code, 'invalidRate');
    assert.ok(Array.isArray(err.errors) && err.errors.length >= 1);
    assert.ok(!err.message.includes('{'), 'no JSON inside the message');
  }
});

test('a freed handle refuses further calls, and free() twice is harmless', () => {
  const rs = new fenxiao.RuleSet({ schemaVersion: 1, levels: [{ rate: '0.10' }] });
  assert.match(rs.hash, /^sha256:[0-9a-f]{64}$/);
  rs.free();
  rs.free();
  assert.throws(() => rs.validateRules(), /freed/);
});

test('a method on a freed RuleSet throws a FenxiaoError with code `freed`', () => {
  const rs = new fenxiao.RuleSet({ schemaVersion: 1, levels: [{ rate: '0.10' }] });
  rs.free();
  for (const call of [() => rs.settleOrder({}), () => rs.withdrawQuote({}), () => rs.run('hash', '{}')]) {
    let e = null;
    try {
      call();
    } catch (thrown) {
      e = thrown;
    }
    assert.ok(e instanceof fenxiao.FenxiaoError, String(e));
    assert.equal(e.name, 'FenxiaoError');
    assert.equal(e.code, 'freed');
    assert.equal(e.path, '');
    assert.deepEqual(e.errors.map((x) => x.code), ['freed']);
    assert.match(e.message, /freed/);
  }
});

test('version, schema and init', async () => {
  await fenxiao.init();
  await fenxiao.init();
  const v = fenxiao.version();
  assert.equal(typeof v.engine, 'string');
  assert.equal(v.schemaVersion, 1);
  // The schema ships as a file (the wasm does not carry it): the repository's published one.
  const s = createRequire(import.meta.url)('fenxiao/schema.json');
  assert.deepEqual(s, JSON.parse(readFileSync(new URL('../../docs/schema.json', import.meta.url), 'utf8')));
  assert.ok(s.commands && s.commands.settle && s.commands.settle.input, 'schema has commands');
  const refused = JSON.parse(fenxiao.run('schema', '{}'));
  assert.equal(refused.ok, false);
  assert.equal(refused.errors[0].code, 'unknownCommand');
  assert.match(refused.errors[0].message, /fenxiao\/schema\.json/);
});

test('run takes text only: anything else is answered, not thrown', () => {
  for (const [command, text] of [['settle', {}], ['settle', undefined], [42, '{}'], [null, null]]) {
    const envelope = JSON.parse(fenxiao.run(command, text));
    assert.equal(envelope.ok, false);
    assert.equal(envelope.errors[0].code, 'invalidType');
  }
});

test('money as a JavaScript number is refused with its path', () => {
  const doc = {
    rules: { schemaVersion: 1, levels: [{ rate: '0.10' }] },
    order: { id: 'o-1', buyer: { id: 'b', status: 'none' }, lines: [{ id: 'l1', productId: 'tea', unitPrice: 12.5, quantity: 1 }] },
    upline: [{ id: 'a', status: 'active' }],
  };
  try {
    fenxiao.settleOrder(doc);
    assert.fail('accepted a number as money');
  } catch (e) {
    assert.ok(e instanceof fenxiao.FenxiaoError);
    assert.equal(e.code, 'invalidType');
    assert.equal(e.path, 'order.lines[0].unitPrice');
  }
});
