// Per-call time of a share-poster preview through a RuleSet handle (node build), and of a
// settlement, on the example shop, and the JSON text work around each call.
// Usage: node bench/preview.mjs [calls]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const fenxiao = require(process.env.FENXIAO_MODULE || 'fenxiao');
const root = new URL('../../examples/shop/', import.meta.url);
const preview = JSON.parse(readFileSync(new URL('preview.json', root), 'utf8'));
const settle = JSON.parse(readFileSync(new URL('settle.json', root), 'utf8'));
const calls = Number(process.argv[2] || 20000);
const BATCHES = 10;

// The machine's own noise (other work on shared cores) only ever adds time, so the fastest
// of several batches is the figure to compare; the median shows the spread.
function time(label, fn) {
  for (let i = 0; i < 2000; i += 1) fn();
  const per = [];
  const batch = Math.max(1, Math.floor(calls / BATCHES));
  for (let b = 0; b < BATCHES; b += 1) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i += 1) fn();
    per.push(Number(process.hrtime.bigint() - start) / batch / 1000);
  }
  per.sort((a, b) => a - b);
  const median = per[Math.floor(per.length / 2)];
  console.log(`${label.padEnd(44)} ${per[0].toFixed(2)} µs/call (fastest batch; median ${median.toFixed(2)})`);
}

const rs = new fenxiao.RuleSet(preview.rules);
const { rules, ...previewArgs } = preview;
const previewText = JSON.stringify(previewArgs);
const { rules: r2, ...settleArgs } = settle;
void rules; void r2;
const settleText = JSON.stringify(settleArgs);
time('preview, RuleSet.previewEarnings (objects)', () => rs.previewEarnings(previewArgs));
time('preview, RuleSet.run (text)', () => rs.run('preview', previewText));
time('preview, run (text, rules checked each call)', () => fenxiao.run('preview', JSON.stringify(preview)));
time('settle, RuleSet.settleOrder (objects)', () => rs.settleOrder(settleArgs));
time('settle, RuleSet.run (text)', () => rs.run('settle', settleText));
// Where a call's time goes besides the engine: the argument walk and JSON.stringify before,
// JSON.parse of the answer after.
const previewAnswer = rs.run('preview', previewText);
const settleAnswer = rs.run('settle', settleText);
time('preview, JSON.stringify of its arguments', () => JSON.stringify(previewArgs));
time('preview, JSON.parse of its answer', () => JSON.parse(previewAnswer));
time('settle, JSON.stringify of its arguments', () => JSON.stringify(settleArgs));
time('settle, JSON.parse of its answer', () => JSON.parse(settleAnswer));
rs.free();
