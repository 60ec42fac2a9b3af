// Prints the batch benchmark's table from the rows bench-batch (native) and batch.mjs
// (WebAssembly, JavaScript) printed, one JSON object a line, in the files named on the
// command line: each figure, its target, the ratio, met or missed, and every grand total
// and checksum. A row may come once per round (`round`): its figure is the median of its
// rounds' medians, and a ratio is taken within each round where both rows ran, then its
// median. Exits 1 when two implementations of the same run disagree.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

const rows = new Map(); // row name -> its entries, one per round
for (const file of process.argv.slice(2)) {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim().startsWith('{')) {
      const r = JSON.parse(line);
      if (!rows.has(r.row)) rows.set(r.row, []);
      rows.get(r.row).push(r);
    }
  }
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const get = (name) => rows.get(name)?.[0];
const timed = (name) => (rows.get(name) ?? []).filter((r) => !r.pending && r.ms !== undefined);
const ms = (name) => (timed(name).length ? median(timed(name).map((r) => r.ms)) : null);
/** The median over rounds of a / b, each within one round; null when never both ran. */
function ratioOf(a, b) {
  const bs = new Map(timed(b).map((r) => [r.round, r.ms]));
  const pairs = timed(a).filter((r) => bs.has(r.round)).map((r) => r.ms / bs.get(r.round));
  return pairs.length ? { ratio: median(pairs), rounds: pairs.length } : null;
}

const rustc = (() => {
  try {
    return execFileSync('rustc', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'rustc (unknown)';
  }
})();
const size = get('size') || {};
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ` +
  `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}; ${rustc}; Node ${process.version}`);
console.log(`workload: ${size.members ?? '?'} members, ${size.orders ?? '?'} orders; memory run: ` +
  `${size.memoryMembers ?? '?'} members, ${size.memoryOrders ?? '?'} orders`);
console.log('');
console.log('| implementation | median | runs | grand total (¥) | checksum |');
console.log('|---|---:|---:|---:|---:|');
const fmtMs = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
for (const [name, entries] of rows) {
  const r = entries[0];
  if (name === 'size') continue;
  if (r.pending) {
    console.log(`| ${name} | pending | | | |`);
  } else if (r.peakKiB !== undefined) {
    console.log(`| ${name} | ${(r.peakKiB / 1024).toFixed(0)} MiB peak | 1 | ${r.grandTotal} | ${r.checksum} |`);
  } else {
    const runs = entries.reduce((n, e) => n + e.runs.length, 0);
    console.log(`| ${name} | ${fmtMs(ms(name))} | ${runs} | ${r.grandTotal} | ${r.checksum} |`);
  }
}

// Targets: [figure, numerator row, denominator row, bound, "max" | "min" | "report"].
const targets = [
  ['engine batch native / the floor', 'engine native', 'floor native', 1.4, 'max'],
  ['engine batch compute: wasm / native (copies excluded)', 'engine wasm compute', 'engine native', 1.3, 'max'],
  ['engine batch wasm in Node, copies in and out / the floor', 'engine wasm', 'floor native', 2, 'max'],
  ['decimal.js / engine batch wasm (times faster)', 'decimal.js', 'engine wasm', 50, 'min'],
  ['JS integers / engine batch wasm', 'JS integers', 'engine wasm', null, 'report'],
  ['engine batch with tier evolution, native / the floor', 'engine evolving native', 'floor native', 4, 'max'],
  ['(the floor) floor wasm compute / floor native', 'floor wasm compute', 'floor native', 1.3, 'max'],
  ['(the floor) floor wasm, copies in and out / floor native', 'floor wasm', 'floor native', 2, 'max'],
  ['(the floor) decimal.js / floor wasm (times faster)', 'decimal.js', 'floor wasm', 50, 'min'],
  ['(the floor) JS integers / floor wasm', 'JS integers', 'floor wasm', null, 'report'],
  ['(the floor) floor with tier evolution / floor native', 'floor evolving native', 'floor native', 4, 'max'],
  ['(baseline) rust_decimal / floor native', 'rust_decimal native', 'floor native', null, 'report'],
];
console.log('');
console.log('| figure | target | ratio | verdict |');
console.log('|---|---:|---:|---|');
for (const [label, a, b, bound, kind] of targets) {
  const target = kind === 'max' ? `≤ ${bound}×` : kind === 'min' ? `≥ ${bound}×` : 'reported';
  const pair = ratioOf(a, b);
  if (pair === null) {
    console.log(`| ${label} | ${target} | pending | pending |`);
    continue;
  }
  const { ratio } = pair;
  const verdict = kind === 'report' ? 'reported' : (kind === 'max' ? ratio <= bound : ratio >= bound) ? 'met' : 'missed';
  console.log(`| ${label} | ${target} | ${ratio.toFixed(2)}× | ${verdict} |`);
}
const LIMIT_KIB = 1.5e9 / 1024; // 1.5 GB
for (const [label, name] of [['engine batch native, peak memory', 'engine native (memory run)'],
  ['engine batch with tier evolution, peak memory', 'engine evolving native (memory run)'],
  ['(the floor) floor native, peak memory', 'floor native (memory run)'],
  ['(the floor) floor with tier evolution, peak memory', 'floor evolving native (memory run)']]) {
  const r = get(name);
  if (!r || r.pending) {
    console.log(`| ${label} | ≤ 1.5 GB | pending | pending |`);
  } else {
    console.log(`| ${label} | ≤ 1.5 GB | ${(r.peakKiB / 1024).toFixed(0)} MiB | ${r.peakKiB <= LIMIT_KIB ? 'met' : 'missed'} |`);
  }
}

// Every implementation of the same run must print the same figures.
const groups = [
  ['floor native', 'rust_decimal native', 'engine native', 'floor wasm', 'floor wasm compute',
    'engine wasm', 'engine wasm compute', 'JS integers', 'decimal.js'],
  ['floor evolving native', 'engine evolving native'],
  ['floor native (memory run)', 'engine native (memory run)'],
  ['floor evolving native (memory run)', 'engine evolving native (memory run)'],
];
let disagree = 0;
for (const group of groups) {
  const done = group.flatMap((name) => rows.get(name) ?? []).filter((r) => !r.pending);
  for (const r of done) {
    if (r.grandTotal !== done[0].grandTotal || r.checksum !== done[0].checksum) {
      console.error(`bench-batch: ${r.row} prints ${r.grandTotal} / ${r.checksum}, ` +
        `${done[0].row} ${done[0].grandTotal} / ${done[0].checksum}`);
      disagree += 1;
    }
  }
}
if (rows.size === 0) {
  console.error('bench-batch: no rows');
  process.exit(1);
}
console.log('');
console.log(disagree === 0 ? 'grand totals and checksums: all agree' : `grand totals and checksums: ${disagree} disagree`);
process.exit(disagree === 0 ? 0 : 1);
