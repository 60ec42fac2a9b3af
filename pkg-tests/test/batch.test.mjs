// The batch path in the node build: the same dataset and rule sets give the CLI's bytes
// (`fenxiao simulate`'s summary and comparison, its per-member CSV), a GBK file reads as the
// native reader reads it, the mini-program build has no batch path, and formatFen formats
// whole fen with integers only.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli, loadNode, pkgDir, repo, scratch } from '../lib/helpers.mjs';

const fenxiao = loadNode();
const SAMPLE = { members: 300, orders: 3000, seed: 11 };

function runCli(args) {
  try {
    return execFileSync(cli, args, { encoding: 'utf8' });
  } catch (e) {
    return e.stdout;
  }
}

/** The sample written by the CLI, and its files' bytes. */
function cliSample() {
  const dir = scratch('batch-sample');
  runCli(['sample', '--members', String(SAMPLE.members), '--orders', String(SAMPLE.orders), '--seed', String(SAMPLE.seed), '--out', dir]);
  return dir;
}

function finished(ruleSet, dataset) {
  const sim = new fenxiao.Simulation(ruleSet, dataset);
  let steps = 0;
  let s;
  do { s = sim.step(500); steps += 1; } while (!s.finished);
  assert.ok(steps >= 6, `stepped ${steps} times`);
  return sim;
}

test('the sample generated in wasm is the CLI\'s sample, and simulates to the CLI\'s bytes', () => {
  const dir = cliSample();
  const { baseline, candidate } = fenxiao.sampleRules();
  // The rule files the CLI wrote are the ones the package carries.
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'rules.json'), 'utf8')), baseline);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'candidate.json'), 'utf8')), candidate);
  const generated = fenxiao.sampleDataset(SAMPLE);
  const files = readdirSync(dir).filter((n) => n.endsWith('.csv'))
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
  const read = fenxiao.readDataset(files);
  assert.equal(read.info.orders, SAMPLE.orders);
  assert.equal(read.info.encoding, 'utf-8-bom');
  const a = new fenxiao.RuleSet(baseline);
  const b = new fenxiao.RuleSet(candidate);
  const want = JSON.parse(runCli(['simulate', '--rules', join(dir, 'rules.json'), '--compare', join(dir, 'candidate.json'), '--members-csv', join(dir, 'members-out.csv'), dir]));
  assert.equal(want.ok, true);
  for (const data of [generated, read]) {
    const sa = finished(a, data);
    const sb = finished(b, data);
    assert.deepEqual(fenxiao.compare(sa, sb), want.result);
    assert.deepEqual(sa.summary(), want.result.baseline);
    assert.equal(fenxiao.compareCsv(sa, sb), readFileSync(join(dir, 'members-out.csv'), 'utf8'));
    // Member totals as whole fen, formatted, are the CSV's figures.
    const ids = data.memberIds();
    const net = sa.memberNet();
    assert.equal(net.length, ids.length);
    const csv = sa.memberCsv().replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
    for (let i = 0; i < ids.length; i += 1) {
      assert.ok(Number.isSafeInteger(net[i]));
      const row = csv[i].split(',');
      assert.equal(row[0], ids[i]);
      assert.equal(row[4], fenxiao.formatFen(net[i]));
    }
    sa.free(); sb.free();
  }
});

test('a GBK products.csv reads as the native reader reads it (TextDecoder in wasm, encoding_rs natively)', () => {
  const dir = cliSample();
  // 新疆燕麦片 and 礼盒装 in GBK, written by hand: a product row whose name and SKU are Chinese.
  const gbk = Buffer.from('productId,name,skuId,price,cost\r\np1,', 'latin1');
  const name = Buffer.from([0xd0, 0xc2, 0xbd, 0xae, 0xd1, 0xe0, 0xc2, 0xf3, 0xc6, 0xac]);
  const rest = Buffer.from(',s1,12.80,\r\n', 'latin1');
  const products = Buffer.concat([gbk, name, rest]);
  writeFileSync(join(dir, 'products.csv'), products);
  writeFileSync(join(dir, 'lines.csv'), 'orderId,lineId,productId,skuId,unitPrice,quantity,cost\r\n');
  writeFileSync(join(dir, 'orders.csv'), 'id,paidAt,completedAt,buyerId,discount,shipping\r\n');
  writeFileSync(join(dir, 'refunds.csv'), 'id,orderId,lineId,quantity,amount,at\r\n');
  const want = JSON.parse(runCli(['dataset', dir]));
  assert.equal(want.ok, true, JSON.stringify(want));
  const files = readdirSync(dir).filter((n) => n.endsWith('.csv'))
    .map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(join(dir, n))) }));
  const got = fenxiao.readDataset(files);
  assert.deepEqual(got.info, want.result);
  assert.equal(got.info.files.find((f) => f.name === 'products.csv').encoding, 'gb18030');
  // A byte sequence that is not GBK is refused at its line and column, as natively.
  writeFileSync(join(dir, 'products.csv'), Buffer.concat([gbk, Buffer.from([0xd0, 0xc2, 0xff, 0xff]), rest]));
  const refused = JSON.parse(runCli(['dataset', dir]));
  assert.equal(refused.ok, false);
  const bad = readdirSync(dir).filter((n) => n.endsWith('.csv'))
    .map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(join(dir, n))) }));
  assert.throws(() => fenxiao.readDataset(bad), (e) => {
    assert.deepEqual(e.errors, refused.errors);
    return true;
  });
});

test('a refused dataset names the file, line and column of every bad row, as the CLI does', () => {
  const dir = cliSample();
  const lines = readFileSync(join(dir, 'lines.csv'), 'utf8').split('\r\n');
  // Line 3 of the file (the second data row): its unit price (column 5) is not money.
  const cells = lines[2].split(',');
  cells[4] = '12.345';
  lines[2] = cells.join(',');
  writeFileSync(join(dir, 'lines.csv'), lines.join('\r\n'));
  const want = JSON.parse(runCli(['dataset', dir]));
  assert.equal(want.ok, false);
  assert.equal(want.errors[0].file, 'lines.csv');
  assert.equal(want.errors[0].line, 3);
  assert.equal(want.errors[0].column, 5);
  const files = readdirSync(dir).filter((n) => n.endsWith('.csv'))
    .map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(join(dir, n))) }));
  assert.throws(() => fenxiao.readDataset(files), (e) => {
    assert.equal(e.name, 'FenxiaoError');
    assert.deepEqual(e.errors, want.errors);
    return true;
  });
});

test('formatFen: whole fen as yuan text by integer arithmetic', () => {
  // why: 123456 fen = ¥1234.56; 5 fen = ¥0.05; -5 fen = -¥0.05; 0 = ¥0.00;
  // 2^53 − 1 fen = 9007199254740991 fen = ¥90071992547409.91; a bigint past it formats too.
  assert.equal(fenxiao.formatFen(123456), '1234.56');
  assert.equal(fenxiao.formatFen(5), '0.05');
  assert.equal(fenxiao.formatFen(-5), '-0.05');
  assert.equal(fenxiao.formatFen(0), '0.00');
  assert.equal(fenxiao.formatFen(9007199254740991), '90071992547409.91');
  assert.equal(fenxiao.formatFen(100000000000000000n), '1000000000000000.00');
  for (const bad of [1.5, 9007199254740992, '12', NaN, null]) {
    assert.throws(() => fenxiao.formatFen(bad), (e) => e.name === 'FenxiaoError');
  }
});

test('the mini-program build carries no batch path', () => {
  const mini = readFileSync(join(pkgDir, 'miniprogram', 'index.js'), 'utf8');
  for (const name of ['readDataset', 'sampleDataset', 'Simulation', 'formatFen']) {
    assert.ok(!mini.includes(`exports.${name}`) && !mini.includes(`${name}:`), name);
  }
  assert.ok(!readFileSync(join(pkgDir, 'miniprogram', 'fenxiao_glue.js'), 'utf8').includes('compareRuns'));
});
