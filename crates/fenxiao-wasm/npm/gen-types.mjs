// Writes the package's TypeScript declarations from the engine's JSON Schema (the output of
// `fenxiao schema`, itself generated from the Rust types), so the types cannot drift from
// the engine. The API's own declarations (functions, RuleSet, FenxiaoError) come from
// api.d.ts beside this file and name the generated types.
// Usage: node gen-types.mjs <schema.json> <out.d.ts> <dir with node_modules>
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [schemaPath, outPath, toolsDir] = process.argv.slice(2);
const require = createRequire(join(toolsDir, 'package.json'));
const { compile } = require('json-schema-to-typescript');
const here = dirname(fileURLToPath(import.meta.url));

// The engine's commands and the object API's name for each (crates/fenxiao-wasm/npm/core.js).
const COMMANDS = {
  validate: 'Validate', lint: 'Lint', hash: 'Hash', bind: 'Bind', settle: 'Settle', refund: 'Refund',
  status: 'Status', withdraw: 'Withdraw', progress: 'Progress', preview: 'Preview',
};
// Generated names that would shadow a global the declarations need.
const RENAME = { Error: 'ErrorRecord' };

const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const commands = (schema && typeof schema.commands === 'object' && schema.commands) || {};
const defs = {};
for (const [name, def] of Object.entries((schema && schema.$defs) || {})) defs[RENAME[name] || name] = def;

const JSON_OBJECT = { type: 'object' };

const root = { title: 'FenxiaoTypes', type: 'object', additionalProperties: false, properties: {}, $defs: defs };
function add(name, def) {
  if (name in defs) throw new Error(`gen-types: ${name} is both a command type and a schema type`);
  defs[name] = { ...def, title: name };
  root.properties[name] = { $ref: `#/$defs/${name}` };
}
let missing = [];
for (const [command, pascal] of Object.entries(COMMANDS)) {
  const c = commands[command];
  if (c && c.input && c.output) {
    add(`${pascal}Input`, c.input);
    add(`${pascal}Output`, c.output);
  } else {
    // Not published yet: a JSON object, so the declarations still type-check.
    missing.push(command);
    add(`${pascal}Input`, { ...JSON_OBJECT, properties: { rules: defs.RuleSetDoc ? { $ref: '#/$defs/RuleSetDoc' } : JSON_OBJECT }, required: ['rules'] });
    add(`${pascal}Output`, JSON_OBJECT);
  }
}
if (!defs.RuleSetDoc) add('RuleSetDoc', JSON_OBJECT);
// Names the API's declarations use directly.
if (defs.ErrorCode) root.properties.ErrorCode = { $ref: '#/$defs/ErrorCode' };
else add('ErrorCode', { type: 'string' });
if (schema && schema.error) add('EngineError', schema.error);
else add('EngineError', { type: 'object', properties: { code: { type: 'string' }, path: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'path', 'message'] });

let text = JSON.stringify(root);
for (const [from, to] of Object.entries(RENAME)) text = text.split(`"#/$defs/${from}"`).join(`"#/$defs/${to}"`);

const generated = await compile(JSON.parse(text), 'FenxiaoTypes', {
  bannerComment: '',
  additionalProperties: false,
  unknownAny: true,
  strictIndexSignatures: true,
  format: true,
  declareExternallyReferenced: true,
});
const code = generated.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '').replace(/"[^"\n]*"|'[^'\n]*'/g, '""');
if (/\bany\b/.test(code)) {
  throw new Error('gen-types: the generated declarations contain `any`');
}
const api = readFileSync(join(here, 'api.d.ts'), 'utf8');
const header = `// fenxiao ${schema && schema.engineVersion ? schema.engineVersion : ''}: TypeScript declarations.
// Generated from the engine's JSON Schema (schema.json) by crates/fenxiao-wasm/npm/gen-types.mjs; do not edit.
`;
writeFileSync(outPath, `${header}\n${api}\n// ---- Types of every command's input and output, from schema.json ----\n\n${generated}`);
if (missing.length > 0) console.warn(`gen-types: no schema yet for ${missing.join(', ')}: typed as JSON objects`);
