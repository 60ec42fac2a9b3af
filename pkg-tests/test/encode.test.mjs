// The object API writes plain arguments with JSON.stringify after a quick look (`isPlain` in
// core.js) and everything else with its careful walk (`toJsonText`): on any value, within any
// limits, both must give the same text or the same error. core.js is read from the source
// tree, as the build composes it into each entry file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repo } from '../lib/helpers.mjs';

const core = {};
new Function('core', `${readFileSync(join(repo, 'crates', 'fenxiao-wasm', 'npm', 'core.js'), 'utf8')}
core.toJsonText = toJsonText; core.jsonText = jsonText;`)(core);

test('JSON.stringify after the quick look writes what the walk writes, or the walk answers', () => {
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  const leaves = [null, true, false, 0, -0, 1.5, NaN, Infinity, 'x', 'a"b\u0001\ud800', undefined, () => 1,
    Symbol('s'), 10n, new Date(0), new String('s'), new Number(3), [], {}, Object.create(null)];
  const value = (depth) => {
    if (depth > 4 || rnd() < 0.3) return leaves[Math.floor(rnd() * leaves.length)];
    if (rnd() < 0.5) {
      const a = [];
      for (let n = Math.floor(rnd() * 4); n > 0; n -= 1) a.push(value(depth + 1));
      if (rnd() < 0.1) a[5] = 1; // holes
      return a;
    }
    const o = rnd() < 0.1 ? Object.create(null) : {};
    for (let n = Math.floor(rnd() * 4); n > 0; n -= 1) o[['a', 'b', '1', 'k'][Math.floor(rnd() * 4)]] = value(depth + 1);
    return o;
  };
  for (let i = 0; i < 50000; i += 1) {
    const v = value(0);
    const depth = 1 + Math.floor(rnd() * 5);
    const chars = Math.floor(rnd() * 200);
    assert.deepEqual(core.jsonText(v, depth, chars), core.toJsonText(v, depth, chars));
  }
  const cycle = { a: 1 };
  cycle.self = cycle;
  assert.deepEqual(core.jsonText(cycle, 32, 1e6), core.toJsonText(cycle, 32, 1e6));
});
