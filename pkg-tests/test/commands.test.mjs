// The package's command names against the engine's command table
// (crates/fenxiao-wasm/npm/commands.json, `fenxiao commands --json`): the entry points keep
// explicit export lists for bundlers, so this fails when a list and the table disagree.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadNode, pkgDir, repo } from '../lib/helpers.mjs';

const fenxiao = loadNode();
const table = JSON.parse(readFileSync(join(repo, 'crates', 'fenxiao-wasm', 'npm', 'commands.json'), 'utf8'));
/** What every entry point exports besides the commands' functions. */
const FIXED = ['init', 'run', 'version', 'RuleSet', 'FenxiaoError'];
/** The batch path, in the web and Node builds only (npm/batch.js). */
const BATCH = ['Dataset', 'Simulation', 'readDataset', 'sampleDataset', 'datasetFromColumns', 'sampleRules', 'compare', 'compareCsv', 'formatFen'];

function jsNames(build) {
  return table.filter((c) => c.builds[build] && c.js !== '').flatMap((c) => [c.js, ...c.jsDeprecated]);
}

function sorted(list) {
  return [...new Set(list)].sort();
}

test('each build exports exactly the table\'s functions (and the fixed API)', () => {
  assert.deepEqual(sorted(Object.keys(fenxiao).filter((k) => k !== 'default')), sorted([...FIXED, ...BATCH, ...jsNames('webNode')]), 'node');
  const web = readFileSync(join(pkgDir, 'web', 'index.mjs'), 'utf8');
  const webExports = [...web.matchAll(/^export const (\w+) =/gm)].map((m) => m[1])
    .concat([...web.matchAll(/^export \{ ([\w, ]+) \};/gm)].flatMap((m) => m[1].split(/,\s*/)));
  assert.deepEqual(sorted(webExports), sorted([...FIXED, ...BATCH, ...jsNames('webNode')]), 'web');
  const mini = readFileSync(join(pkgDir, 'miniprogram', 'index.js'), 'utf8');
  const miniExports = [...mini.matchAll(/^exports\.(\w+) =/gm)].map((m) => m[1]).filter((k) => k !== 'DEFAULT_WASM_PATH');
  assert.deepEqual(sorted(miniExports), sorted([...FIXED, ...jsNames('miniprogram')]), 'miniprogram');
});

test('each function and RuleSet method runs its table row\'s command on the row\'s example', () => {
  let checked = 0;
  for (const c of table) {
    if (c.js === '' || !c.builds.webNode) continue;
    assert.ok(c.exampleFile, `${c.name} has an example file`);
    const text = readFileSync(join(repo, c.exampleFile), 'utf8');
    const expected = JSON.parse(fenxiao.run(c.name, text));
    assert.equal(expected.ok, true, `${c.name}: ${c.exampleFile}`);
    const { rules, ...args } = JSON.parse(text);
    const rs = new fenxiao.RuleSet(rules);
    try {
      for (const name of [c.js, ...c.jsDeprecated]) {
        assert.deepEqual(fenxiao[name](JSON.parse(text)), expected.result, `${name}`);
        assert.deepEqual(rs[name](args), expected.result, `RuleSet#${name}`);
        checked += 1;
      }
    } finally {
      rs.free();
    }
  }
  assert.ok(checked >= 11, `${checked} names`);
});

test('the withdraw quote has one name, withdrawQuote; withdrawal is its deprecated alias', () => {
  const row = table.find((c) => c.name === 'withdraw');
  assert.equal(row.js, 'withdrawQuote');
  assert.deepEqual(row.jsDeprecated, ['withdrawal']);
  const types = readFileSync(join(pkgDir, 'index.d.ts'), 'utf8');
  assert.match(types, /@deprecated[^\n]*withdrawQuote[^\n]*\*\/\nexport declare function withdrawal\(/);
  assert.match(types, /export declare function withdrawQuote\(args: WithdrawInput\): WithdrawOutput;/);
});

test('the TypeScript Command type is the table\'s commands', () => {
  const types = readFileSync(join(pkgDir, 'index.d.ts'), 'utf8');
  const union = types.slice(types.indexOf('export type Command ='), types.indexOf(';', types.indexOf('export type Command =')));
  const names = [...union.matchAll(/'(\w+)'/g)].map((m) => m[1]);
  assert.deepEqual(names, table.filter((c) => c.js !== '' && c.builds.webNode).map((c) => c.name));
});
