// Turns wasm-bindgen's `--target web` glue into the mini-program glue: CommonJS, a bundled
// UTF-8 codec instead of TextEncoder/TextDecoder, and loading by path with WXWebAssembly.
// Every anchor is checked, so a wasm-bindgen upgrade that changes the glue fails the build
// here instead of shipping a broken package.
// Usage: node patch-miniprogram.mjs <web glue in> <mini-program glue out>
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [input, output] = process.argv.slice(2);
let glue = readFileSync(input, 'utf8');
const codec = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'utf8.js'), 'utf8');

function replace(from, to) {
  if (!glue.includes(from)) throw new Error(`patch-miniprogram: the glue no longer contains ${JSON.stringify(from)}`);
  glue = glue.split(from).join(to);
}

replace("new TextDecoder('utf-8', { ignoreBOM: true })", 'new Utf8Decoder()');
replace('new TextEncoder()', 'new Utf8Encoder()');
glue = glue.replace(/^\/\* @ts-self-types=.*\*\/\n/m, '');

const names = [];
glue = glue.replace(/^export (class|function) (\w+)/gm, (_, kind, name) => {
  names.push(name);
  return `${kind} ${name}`;
});
if (names.length === 0) throw new Error('patch-miniprogram: no exports found in the glue');

const cut = glue.indexOf('async function __wbg_load(');
if (cut < 0) throw new Error('patch-miniprogram: the glue no longer has __wbg_load');
if (!glue.includes('function __wbg_finalize_init(instance, module)')) {
  throw new Error('patch-miniprogram: the glue no longer has __wbg_finalize_init');
}
glue = glue.slice(0, cut);

const loader = `
// Instantiates the wasm from a file inside the mini-program package (WXWebAssembly takes a
// path, not bytes; a .wasm.br file needs base library 2.14.0).
let instantiating;
function __instantiate(path) {
    if (wasm !== undefined) return Promise.resolve(wasm);
    if (instantiating === undefined) {
        instantiating = WXWebAssembly.instantiate(path, __wbg_get_imports()).then((result) => {
            const instance = result && result.instance ? result.instance : result;
            return __wbg_finalize_init(instance, result && result.module);
        }, (e) => {
            instantiating = undefined;
            throw e;
        });
    }
    return instantiating;
}

module.exports = { ${names.join(', ')}, __instantiate };
`;

const out = `'use strict';\n// Generated from wasm-bindgen's glue by crates/fenxiao-wasm/npm/patch-miniprogram.mjs.\n${codec}\n${glue}${loader}`;
for (const forbidden of [/\bTextDecoder\b/, /\bTextEncoder\b/, /\bWebAssembly\b/, /\bimport\.meta\b/, /\bBigInt\b/, /\bfetch\(/]) {
  if (forbidden.test(out)) throw new Error(`patch-miniprogram: the patched glue still mentions ${forbidden}`);
}
if (/^export /m.test(out)) throw new Error('patch-miniprogram: the patched glue still has an ESM export');
writeFileSync(output, out);
