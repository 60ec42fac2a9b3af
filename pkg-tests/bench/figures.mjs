// The package's figures for .ci/bench, one per line as `<kind> <what> <value>`: per-call time
// in Node through a RuleSet (the Node build), instantiation time of each build (each in a
// fresh Node process), and each build's wasm size (raw, gzip by Node's zlib at level 9,
// brotli by Node's zlib at quality 11). Every time is a median; nothing is asserted.
// Usage: node bench/figures.mjs <dir holding fenxiao/ and mini.wasm, e.g. target/npm> [calls]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const out = resolve(process.argv[2] || join(fileURLToPath(import.meta.url), '../../../target/npm'));
const pkg = join(out, 'fenxiao');
const calls = Number(process.argv[3] || 100000);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Per call: `calls` calls in batches of 1,000 after a warm-up; the median batch's mean.
function perCall(fn) {
  for (let i = 0; i < 5000; i += 1) fn();
  const batch = 1000;
  const per = [];
  for (let done = 0; done < calls; done += batch) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i += 1) fn();
    per.push(Number(process.hrtime.bigint() - start) / batch / 1000);
  }
  return median(per);
}

const fenxiao = createRequire(import.meta.url)(join(pkg, 'node', 'index.cjs'));
const shop = (name) => JSON.parse(readFileSync(join(repo, 'examples', 'shop', `${name}.json`), 'utf8'));
const { rules, ...previewArgs } = shop('preview');
const { rules: settleRules, ...settleArgs } = shop('settle');
const rs = new fenxiao.RuleSet(rules);
const rs2 = new fenxiao.RuleSet(settleRules);
console.log(`node preview ${perCall(() => rs.previewEarnings(previewArgs)).toFixed(3)}`);
console.log(`node settle ${perCall(() => rs2.settleOrder(settleArgs)).toFixed(3)}`);
rs.free();
rs2.free();

// Instantiation, each in a fresh process (a module instantiates once per process): the web
// build's init() given the wasm's bytes, the Node build's require(), the mini-program
// build's init() under an emulated WXWebAssembly (the .wasm.br read and decompressed, as the
// WeChat runtime does it). The file is read before the clock starts, where there is one.
const scripts = {
  web: `import { readFileSync } from 'node:fs';
    const bytes = readFileSync(${JSON.stringify(join(pkg, 'web', 'fenxiao_bg.wasm'))});
    const m = await import(${JSON.stringify(join(pkg, 'web', 'index.mjs'))});
    const t = performance.now(); await m.init(bytes); const ms = performance.now() - t;
    m.version(); console.log(ms);`,
  node: `import { createRequire } from 'node:module';
    const t = performance.now(); const m = createRequire(import.meta.url)(${JSON.stringify(join(pkg, 'node', 'index.cjs'))});
    const ms = performance.now() - t; m.version(); console.log(ms);`,
  miniprogram: `import { readFileSync } from 'node:fs'; import zlib from 'node:zlib'; import { createRequire } from 'node:module';
    const dir = ${JSON.stringify(join(pkg, 'miniprogram'))};
    globalThis.WXWebAssembly = { instantiate: (path, imports) =>
      WebAssembly.instantiate(zlib.brotliDecompressSync(readFileSync(dir + path.replace('/miniprogram_npm/fenxiao', ''))), imports) };
    const m = createRequire(import.meta.url)(dir + '/index.js');
    const t = performance.now(); await m.init(); const ms = performance.now() - t;
    m.version(); console.log(ms);`,
};
for (const [build, script] of Object.entries(scripts)) {
  const runs = [];
  for (let i = 0; i < 9; i += 1) {
    runs.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim()));
  }
  console.log(`init ${build} ${median(runs).toFixed(2)}`);
}

const wasm = { web: join(pkg, 'web', 'fenxiao_bg.wasm'), node: join(pkg, 'node', 'fenxiao_bg.wasm'), miniprogram: join(out, 'mini.wasm') };
for (const [build, file] of Object.entries(wasm)) {
  const bytes = readFileSync(file);
  console.log(`size ${build} raw ${bytes.length}`);
  console.log(`size ${build} gzip ${zlib.gzipSync(bytes, { level: 9 }).length}`);
  console.log(`size ${build} brotli ${zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length}`);
}
// What a phone downloads: the mini-program's `.wasm.br` as the package ships it.
console.log(`size miniprogram shipped ${readFileSync(join(pkg, 'miniprogram', 'fenxiao_bg.wasm.br')).length}`);
