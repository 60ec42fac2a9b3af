// Every JavaScript snippet of the repository's README and of the package's README runs as
// written against the installed package: a reader who copies one gets working code. Blocks
// are told apart by what they use: `require(` runs as CommonJS, `App(`/`Page(` in a
// mini-program stand-in (App, Page and getApp, with `require('fenxiao')` the mini-program
// build), anything else as an ES module. The Node snippet reads `settle.json`, so the
// example shop's settle document is copied beside it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repo, scratch } from '../lib/helpers.mjs';

/** The ```js blocks of a Markdown file, with the line each starts on. */
function jsBlocks(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks = [];
  let start = -1;
  for (const [i, line] of lines.entries()) {
    if (start < 0 && line.trim() === '```js') start = i + 1;
    else if (start >= 0 && line.trim() === '```') {
      blocks.push({ line: start, code: lines.slice(start, i).join('\n') });
      start = -1;
    }
  }
  return blocks;
}

const miniprogramHarness = (code) => `
const { createRequire } = require('node:module');
const requireHere = createRequire(__filename);
const fenxiao = requireHere('fenxiao');
let app;
let page;
globalThis.App = (o) => { app = o; };
globalThis.Page = (o) => { page = o; };
globalThis.getApp = () => app;
(function (require) {
${code}
})((name) => (name === 'fenxiao' ? fenxiao : requireHere(name)));
app.onLaunch();
page.setData = function (d) { Object.assign(this.data, d); };
Promise.resolve(page.onLoad()).then(() => {
  if (!page.data.preview) throw new Error('the page set no preview');
  console.log(JSON.stringify(page.data.preview));
});
`;

const readmes = [
  ['README.md', join(repo, 'README.md')],
  ['package README', join(repo, 'crates', 'fenxiao-wasm', 'npm', 'README.md')],
];

for (const [name, file] of readmes) {
  const blocks = jsBlocks(file);
  test(`${name} has JavaScript snippets`, () => assert.ok(blocks.length > 0));
  for (const { line, code } of blocks) {
    test(`${name}, the snippet at line ${line} runs as written`, () => {
      const dir = scratch(`readme-${name.replace(/\W/g, '')}-${line}`);
      copyFileSync(join(repo, 'examples', 'shop', 'settle.json'), join(dir, 'settle.json'));
      let script;
      if (/\b(App|Page)\(/.test(code)) {
        script = join(dir, 'snippet.cjs');
        writeFileSync(script, miniprogramHarness(code));
      } else if (/\brequire\(/.test(code)) {
        script = join(dir, 'snippet.cjs');
        writeFileSync(script, code);
      } else {
        script = join(dir, 'snippet.mjs');
        writeFileSync(script, code);
      }
      const run = spawnSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' });
      assert.equal(run.status, 0, `exit ${run.status}\n${run.stderr}`);
      // Where a snippet's comment says what it prints, it prints that.
      for (const m of code.matchAll(/console\.log\([^;]*\/\/ (?:e\.g\. )?([^\n(]+)/g)) {
        const said = m[1].trim().split(' ')[0].replace(/^"|"$/g, '');
        if (/^[\w."-]+$/.test(said)) assert.ok(run.stdout.includes(said), `expected ${said} in ${run.stdout}`);
      }
    });
  }
}
