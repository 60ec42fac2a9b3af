// Every golden vector through the wasm `run` of the installed package: the expected figures
// match, and the text is byte-identical to the native CLI's answer to the same document.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadNode, mismatch, native, nativeNdjson, vectors } from '../lib/helpers.mjs';

const fenxiao = loadNode();
const all = vectors();

test('there are golden vectors to run', () => {
  assert.ok(all.length >= 60, `found ${all.length}`);
});

// The CLI refuses an unknown command name as a usage error (exit 2, nothing on stdout), so
// vectors naming one are compared with `expect` only.
const CLI_COMMANDS = new Set(['validate', 'lint', 'hash', 'bind', 'settle', 'refund', 'status', 'withdraw', 'progress', 'preview', 'schema']);

function answers() {
  const byCommand = new Map();
  for (const v of all) {
    if (!CLI_COMMANDS.has(v.command)) { v.cli = null; continue; }
    const oneLine = !/[\n\r]/.test(v.text) && v.text.trim() !== '';
    if (oneLine) {
      if (!byCommand.has(v.command)) byCommand.set(v.command, []);
      byCommand.get(v.command).push(v);
    } else {
      v.cli = native(v.command, v.text);
    }
  }
  for (const [command, list] of byCommand) {
    const got = nativeNdjson(command, list.map((v) => v.text));
    list.forEach((v, i) => { v.cli = got[i]; });
  }
  for (const v of all) v.wasm = fenxiao.run(v.command, v.text);
}
answers();

test('every vector: the wasm answer is byte-identical to the native CLI\'s', () => {
  const failures = [];
  for (const v of all) {
    if (v.cli !== null && v.wasm !== v.cli) {
      failures.push(`${v.name}: wasm and native differ\n    wasm:   ${v.wasm.slice(0, 300)}\n    native: ${v.cli.slice(0, 300)}`);
    }
  }
  assert.equal(failures.length, 0, `${failures.length} of ${all.length} vectors:\n${failures.join('\n')}`);
});

test('every vector: the wasm answer matches `expect`', () => {
  const failures = [];
  for (const v of all) {
    const m = mismatch(v.expect, JSON.parse(v.wasm));
    if (m) failures.push(`${v.name}: ${m}\n    answer: ${v.wasm.slice(0, 400)}`);
  }
  assert.equal(failures.length, 0, `${failures.length} of ${all.length} vectors:\n${failures.join('\n')}`);
});
