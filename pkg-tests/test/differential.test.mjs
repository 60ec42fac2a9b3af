// Differential test: 100,000 seeded random documents through the native CLI's --ndjson
// mode and through wasm — the node build and the mini-program build in its emulated runtime —
// over every command the CLI and the builds share; the answers must be the same text. The
// documents are the golden vectors' inputs, mutated: money, rates, counts, ids and enum
// values swapped for others (valid and not), list items dropped or repeated, fields removed;
// a share of them is then broken as text (cut short, a character swapped, a bracket or a
// quote dropped). Also through a RuleSet handle where the rules survived, against run.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createRuntime } from '../lib/miniprogram-runtime.mjs';
import { loadNode, nativeNdjson, pkgDir, repo, scratch, vectors } from '../lib/helpers.mjs';

const fenxiao = loadNode();
const SEED = Number(process.env.FENXIAO_SEED || 20240601);
const COUNT = Number(process.env.FENXIAO_DIFF_COUNT || 100000);
/** Share of documents broken as text after their mutations. */
const BROKEN = 0.1;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (n) => Math.floor(random() * n);

const MONEY = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
function randomMoney() {
  const r = random();
  if (r < 0.3) return pick(['0', '0.00', '0.01', '0.1', '1', '9.99', '12.80', '100', '999.99', '1000000.00', '9999999999999.99', '10000000000000']);
  if (r < 0.85) return `${int(r < 0.6 ? 200 : 100000)}.${String(int(100)).padStart(2, '0')}`;
  return pick(['-1.00', '1.234', '01.00', '1e3', '+1', '', '1.', '.5', ' 1', '0.001', '12,50']);
}
function randomRate() {
  const r = random();
  if (r < 0.7) return pick(['0', '0.01', '0.05', '0.1', '0.10', '0.15', '0.16', '0.17', '0.18', '0.2', '0.3', '0.30', '0.5', '1', '0.333333']);
  if (r < 0.9) return `0.${String(int(1000)).padStart(3, '0')}`;
  return pick(['1.01', '-0.1', '0.1234567', '2', 'abc']);
}
function randomInt() {
  return pick([0, 1, 1, 2, 3, 5, 7, 10, 30, 100, 999, 1000000, 1000001, -1, 2.5, 4294967296, 9007199254740993]);
}

// Values seen at each key across all vectors, to swap ids and enum names for realistic ones.
const seen = new Map();
function collect(v, key) {
  if (Array.isArray(v)) v.forEach((x) => collect(x, key));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) collect(x, k);
  else if (typeof v === 'string' || typeof v === 'boolean') {
    if (!seen.has(key)) seen.set(key, []);
    seen.get(key).push(v);
  }
}

function mutateLeaf(value, key) {
  if (typeof value === 'string') {
    if (/rate|cap|fee/i.test(key) && /^[0-9.]+$/.test(value)) return randomRate();
    if (MONEY.test(value)) return random() < 0.9 ? randomMoney() : Number(value);
    const others = seen.get(key);
    if (others && random() < 0.8) return pick(others);
    return pick([value + 'x', '', '2024-02-29T23:59:59+08:00', '2024-13-01T00:00:00Z', value.toUpperCase()]);
  }
  if (typeof value === 'number') return randomInt();
  if (typeof value === 'boolean') return !value;
  return value;
}

/** One mutation at a random place in `doc` (mutated in place). */
function mutate(doc) {
  // Pick a random container and a member of it.
  const containers = [];
  (function walk(v, depth) {
    if (depth > 12) return;
    if (Array.isArray(v)) { containers.push(v); v.forEach((x) => walk(x, depth + 1)); }
    else if (v !== null && typeof v === 'object') { containers.push(v); Object.values(v).forEach((x) => walk(x, depth + 1)); }
  })(doc, 0);
  const c = pick(containers);
  if (Array.isArray(c)) {
    if (c.length === 0) return;
    const i = int(c.length);
    const r = random();
    if (r < 0.2) c.splice(i, 1);
    else if (r < 0.35) c.push(structuredClone(c[i]));
    else if (r < 0.45) c.reverse();
    else if (c[i] === null || typeof c[i] !== 'object') c[i] = mutateLeaf(c[i], '');
  } else {
    const keys = Object.keys(c);
    if (keys.length === 0) return;
    const k = pick(keys);
    const r = random();
    if (r < 0.1 && k !== 'rules') delete c[k];
    else if (c[k] === null || typeof c[k] !== 'object') c[k] = mutateLeaf(c[k], k);
  }
}

const CLI_COMMANDS = ['validate', 'lint', 'hash', 'bind', 'settle', 'refund', 'status', 'withdraw', 'progress', 'preview'];
const bases = vectors().filter((v) => v.input && typeof v.input === 'object' && CLI_COMMANDS.includes(v.command));
bases.forEach((v) => collect(v.input, ''));

/** `text` broken as JSON text; still one non-blank line, as --ndjson reads it. */
function breakText(text) {
  const i = int(text.length);
  const r = random();
  let out;
  if (r < 0.3) out = text.slice(0, i);
  else if (r < 0.55) out = text.slice(0, i) + pick(['"', '{', ']', ',', ':', '\\', '\u0000', 'é', '\ud800', '1e999', ' ']) + text.slice(i + 1);
  else if (r < 0.75) out = text.replace(pick(['}', ']', '"', ':', ',']), '');
  else if (r < 0.9) out = text + pick(['}', ' x', ',', '{}', '\u0000']);
  else out = text.slice(i) + text.slice(0, i);
  return out.replace(/[\r\n]/g, ' ').trim() === '' ? '{' : out.replace(/[\r\n]/g, ' ');
}

// Every command with vectors is drawn equally often, so each gets its share of the documents.
const byBase = new Map();
for (const v of bases) {
  if (!byBase.has(v.command)) byBase.set(v.command, []);
  byBase.get(v.command).push(v);
}
const commands = [...byBase.keys()].sort();

const docs = [];
for (let n = 0; n < COUNT; n += 1) {
  const base = pick(byBase.get(commands[n % commands.length]));
  const doc = structuredClone(base.input);
  const times = 1 + int(4);
  for (let m = 0; m < times; m += 1) mutate(doc);
  const broken = random() < BROKEN;
  docs.push({ command: base.command, doc: broken ? null : doc, text: broken ? breakText(JSON.stringify(doc)) : JSON.stringify(doc) });
}

/** The native CLI's answers to `docs`, in order, one --ndjson process per command. */
function nativeAnswers() {
  const answers = new Array(docs.length);
  for (const command of commands) {
    const at = [];
    docs.forEach((d, i) => { if (d.command === command) at.push(i); });
    const cli = nativeNdjson(command, at.map((i) => docs[i].text));
    at.forEach((i, k) => { answers[i] = cli[k]; });
  }
  return answers;
}
const cli = nativeAnswers();

/** Compares one build's `run` with the CLI on every document. */
function compare(build, run) {
  let ok = 0;
  let brokenRefused = 0;
  const failures = [];
  docs.forEach((d, i) => {
    const answer = run(d.command, d.text);
    if (answer !== cli[i]) failures.push(`${d.command} ${d.text.slice(0, 2000)}\n  ${build}: ${answer}\n  native: ${cli[i]}`);
    if (answer.startsWith('{"ok":true')) ok += 1;
    else if (d.doc === null) brokenRefused += 1;
  });
  assert.equal(failures.length, 0, `${failures.length} of ${docs.length} differ; first:\n${failures.slice(0, 3).join('\n')}`);
  return { ok, brokenRefused };
}

test(`${COUNT} seeded random documents (seed ${SEED}): the node build and the native CLI answer the same text`, () => {
  const { ok, brokenRefused } = compare('node', (c, t) => fenxiao.run(c, t));
  // The mutations must leave a good share of documents accepted, or only refusals are compared.
  assert.ok(ok > COUNT / 10, `only ${ok} of ${COUNT} documents were accepted`);
  const broken = docs.filter((d) => d.doc === null).length;
  assert.ok(broken > COUNT / 20, `only ${broken} broken documents`);
  console.log(`differential: ${docs.length} documents over ${commands.join(', ')}; ${ok} accepted, ${docs.length - ok} refused (${brokenRefused} of ${broken} broken), all identical`);
});

test(`${COUNT} seeded random documents: the mini-program build in its runtime answers the same text`, async () => {
  const dir = scratch('mp-differential');
  cpSync(join(repo, 'examples', 'miniprogram'), dir, { recursive: true });
  const field = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).miniprogram;
  cpSync(join(pkgDir, field), join(dir, 'miniprogram_npm', 'fenxiao'), { recursive: true });
  const mp = createRuntime(dir).require('fenxiao');
  await mp.init();
  const { ok } = compare('miniprogram', (c, t) => mp.run(c, t));
  assert.ok(ok > COUNT / 10);
});

test('the same documents through a RuleSet handle answer what run answers', () => {
  let compared = 0;
  for (const d of docs.filter((x) => x.doc !== null).slice(0, 1500)) {
    const { rules, ...args } = d.doc;
    if (!JSON.parse(fenxiao.run('validate', JSON.stringify({ rules }))).ok) continue;
    const rs = new fenxiao.RuleSet(rules);
    try {
      assert.equal(rs.run(d.command, JSON.stringify(args)), fenxiao.run(d.command, d.text), d.text);
      compared += 1;
    } finally {
      rs.free();
    }
  }
  assert.ok(compared > 100, `${compared} compared`);
});
