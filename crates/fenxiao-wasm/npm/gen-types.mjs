// Writes the package's TypeScript declarations from the engine's JSON Schema (the output of
// `fenxiao schema`, itself generated from the Rust types), so the types cannot drift from
// the engine. The API's own declarations (functions, RuleSet, FenxiaoError) come from
// api.d.ts beside this file and name the generated types.
// The command names and the API's function for each come from commands.json beside this file
// (the engine's command table, `fenxiao commands --json`).
// Usage: node gen-types.mjs <schema.json> <out.d.ts> <dir with node_modules>
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [schemaPath, outPath, toolsDir] = process.argv.slice(2);
const require = createRequire(join(toolsDir, 'package.json'));
const { compile } = require('json-schema-to-typescript');
const here = dirname(fileURLToPath(import.meta.url));

// The engine's commands the package carries, each with its JS function: the command table.
const TABLE = JSON.parse(readFileSync(join(here, 'commands.json'), 'utf8'))
  .filter((c) => c.kind === 'document' && c.js !== '' && c.builds.webNode);
if (TABLE.length === 0) throw new Error('gen-types: commands.json lists no command');
const COMMANDS = Object.fromEntries(TABLE.map((c) => [c.name, c.name[0].toUpperCase() + c.name.slice(1)]));
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
/** `check a rule set; …` → `Check a rule set; ….` */
function sentence(help) {
  const s = help[0].toUpperCase() + help.slice(1);
  return s.endsWith('.') ? s : s + '.';
}

/** Whether a command takes nothing but `rules` required (its RuleSet method's argument may be left out). */
function rulesOnly(command) {
  const input = commands[command] && commands[command].input;
  const required = (input && Array.isArray(input.required)) ? input.required : [];
  return required.every((r) => r === 'rules');
}

/** The per-command declarations of api.d.ts, from the table. */
function commandDeclarations() {
  const names = TABLE.map((c) => `  | '${c.name}'`).join('\n') + ';';
  const functions = [];
  const methods = [];
  for (const c of TABLE) {
    const pascal = COMMANDS[c.name];
    const optional = rulesOnly(c.name) ? '?' : '';
    const aliases = [[c.js, `/** ${sentence(c.help)} (\`${c.name}\`) */`]];
    for (const old of c.jsDeprecated) {
      aliases.push([old, `/** @deprecated the earlier name of \`${c.js}\`, kept for one release: use \`${c.js}\`. */`]);
    }
    for (const [name, doc] of aliases) {
      functions.push(`${doc}\nexport declare function ${name}(args: ${pascal}Input): ${pascal}Output;`);
      methods.push(`  ${doc}\n  ${name}(args${optional}: WithoutRules<${pascal}Input>): ${pascal}Output;`);
    }
  }
  return { names, functions: functions.join('\n'), methods: methods.join('\n') };
}

function fill(text, marker, value) {
  const re = new RegExp(`^[ ]*// @@${marker}@@.*$`, 'm');
  if (!re.test(text)) throw new Error(`gen-types: api.d.ts has no ${marker} marker`);
  return text.replace(re, () => value);
}

const declared = commandDeclarations();
let api = readFileSync(join(here, 'api.d.ts'), 'utf8');
api = fill(api, 'COMMAND_NAMES', declared.names);
api = fill(api, 'COMMAND_FUNCTIONS', declared.functions);
api = fill(api, 'COMMAND_METHODS', declared.methods);
const header = `// fenxiao ${schema && schema.engineVersion ? schema.engineVersion : ''}: TypeScript declarations.
// Generated from the engine's JSON Schema (schema.json) by crates/fenxiao-wasm/npm/gen-types.mjs; do not edit.
`;
writeFileSync(outPath, `${header}\n${api}\n// ---- Types of every command's input and output, from schema.json ----\n\n${generated}`);
if (missing.length > 0) console.warn(`gen-types: no schema yet for ${missing.join(', ')}: typed as JSON objects`);
