// node run.mjs FILE.wasm [EVOLVING] [RUNS]: the engine's run in WebAssembly, one JSON line
// (the median, every run, milliseconds, and the grand total in fen), as engine-native prints.
import { readFileSync } from 'node:fs';
const [file, evolving = '0', runs = '5'] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
const x = instance.exports;
x.prepare(100000, 1000000, Number(evolving));
x.run();
const times = [];
let total = 0;
for (let i = 0; i < Number(runs); i++) {
  const start = performance.now();
  total = x.run();
  times.push(performance.now() - start);
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[sorted.length >> 1];
console.log(JSON.stringify({ where: 'wasm', median: +median.toFixed(2), runs: times.map((t) => +t.toFixed(2)), total }));
