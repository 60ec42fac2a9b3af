// Node, CommonJS: the same engine through require(), and the text entry point `run`, which
// answers exactly what the `fenxiao` CLI prints.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const fenxiao = require('fenxiao');

const text = readFileSync(join(__dirname, '..', 'shop', 'preview.json'), 'utf8');
const envelope = JSON.parse(fenxiao.run('preview', text));
if (envelope.ok) {
  const own = envelope.result.earnings.find((e) => e.level === 1);
  console.log(`share and earn ¥${own.min}–¥${own.max}`);
} else {
  for (const e of envelope.errors) console.log(`${e.code} at ${e.path}: ${e.message}`);
}
console.log(fenxiao.version());
