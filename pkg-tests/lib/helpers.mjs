// Shared by the package tests: where things are, the native CLI, the installed package, and
// the vectors' matching rule (the same as tests/vectors.rs).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const testsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repo = resolve(testsDir, '..');
export const targetDir = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(repo, 'target');
export const cli = process.env.FENXIAO_CLI || join(targetDir, 'release', 'fenxiao');
/** The installed package (npm install of the packed tarball into pkg-tests/node_modules). */
export const pkgDir = join(testsDir, 'node_modules', 'fenxiao');
export const requireFromTests = createRequire(join(testsDir, 'package.json'));

/** The node build, as `require('fenxiao')` gives it. */
export function loadNode() {
  return requireFromTests('fenxiao');
}

/** A fresh scratch directory inside pkg-tests (so `fenxiao` resolves from its node_modules). */
export function scratch(name) {
  const dir = join(testsDir, '.tmp', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A tool of pkg-tests' dev dependencies (node_modules/.bin). */
export function bin(name) {
  return join(testsDir, 'node_modules', '.bin', name);
}

/** A scratch copy of examples/node, vite and shop (they refer to each other by relative path). */
export function copyExamples(name) {
  const dir = scratch(name);
  for (const d of ['node', 'vite', 'shop']) cpSync(join(repo, 'examples', d), join(dir, d), { recursive: true });
  return dir;
}

/**
 * `vite build` of examples/vite in a scratch copy named `name`. Answers the copy's root and
 * the built site, `<root>/vite/dist` (index.html, and the bundle and wasm in assets/).
 */
export function buildViteExample(name) {
  const root = copyExamples(name);
  const r = spawnSync(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: join(root, 'vite'), encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`vite build exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return { root, dist: join(root, 'vite', 'dist') };
}

/** The native CLI's answer to one document. */
export function native(command, text) {
  const r = spawnSync(cli, [command], { input: text, maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  return r.stdout.toString('utf8').replace(/\n$/, '');
}

/** The native CLI's answers to many documents (one per line) through `--ndjson`. */
export function nativeNdjson(command, texts) {
  for (const t of texts) if (t.includes('\n') || t.includes('\r') || t.trim() === '') throw new Error('not one line: ' + t);
  const r = spawnSync(cli, [command, '--ndjson'], { input: texts.join('\n') + '\n', maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`fenxiao ${command} --ndjson exited ${r.status}: ${r.stderr}`);
  const lines = r.stdout.toString('utf8').split('\n');
  lines.pop();
  if (lines.length !== texts.length) throw new Error(`--ndjson answered ${lines.length} of ${texts.length}`);
  return lines;
}

function walk(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.json')) out.push(p);
  }
  return out;
}

/** Every golden vector: `{ name, command, text, input?, expect }`. */
export function vectors() {
  const root = join(repo, 'tests', 'vectors');
  return walk(root, []).sort().map((p) => {
    const v = JSON.parse(readFileSync(p, 'utf8'));
    const text = 'input' in v ? JSON.stringify(v.input) : v.inputText;
    return { name: p.slice(root.length + 1), command: v.command, text, input: v.input, expect: v.expect };
  });
}

/** The first difference between `want` and `got` (tests/vectors.rs's rule), or null. */
export function mismatch(want, got, at = '') {
  const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (isObj(want) && isObj(got)) {
    for (const [k, wv] of Object.entries(want)) {
      if (!(k in got)) return `${at}.${k}: missing; expected ${JSON.stringify(wv)}`;
      const m = mismatch(wv, got[k], `${at}.${k}`);
      if (m) return m;
    }
    return null;
  }
  if (Array.isArray(want) && Array.isArray(got)) {
    if (want.length !== got.length) return `${at}: ${got.length} elements, expected ${want.length}`;
    for (let i = 0; i < want.length; i += 1) {
      const m = mismatch(want[i], got[i], `${at}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if (JSON.stringify(want) === JSON.stringify(got)) return null;
  return `${at}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
}

export function cliAvailable() {
  return existsSync(cli);
}
