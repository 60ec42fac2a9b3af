// Writes the committed seed corpus of the `run_bytes` target from the golden vectors and the
// shop examples: one file per input, the first byte naming the command by its place in the
// engine's list of commands, the rest the document. Run with `node fuzz/seed-corpus.mjs`
// from the repository root after vectors or examples change.
import { readFileSync, readdirSync, mkdirSync, writeFileSync, rmSync, statSync } from "node:fs";
import { join, basename } from "node:path";

const COMMANDS = ["validate", "lint", "hash", "bind", "settle", "refund", "status", "withdraw", "progress", "preview", "schema"];
const out = "fuzz/corpus/run_bytes";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (name.endsWith(".json")) yield p;
  }
}

let n = 0;
function seed(name, command, text) {
  const i = COMMANDS.indexOf(command);
  if (i < 0) return;
  writeFileSync(join(out, name), Buffer.concat([Buffer.from([i]), Buffer.from(text)]));
  n += 1;
}

for (const p of files("tests/vectors")) {
  const v = JSON.parse(readFileSync(p, "utf8"));
  if (typeof v.command !== "string") continue;
  const text = typeof v.inputText === "string" ? v.inputText : JSON.stringify(v.input ?? {});
  seed(`vector-${p.slice("tests/vectors/".length).replaceAll("/", "-")}`, v.command, text);
}
const rules = JSON.parse(readFileSync("examples/shop/rules.json", "utf8"));
for (const p of files("examples/shop")) {
  const command = basename(p, ".json").replace(/-.*/, "");
  const doc = JSON.parse(readFileSync(p, "utf8"));
  if (command === "rules") continue;
  seed(`example-${basename(p)}`, command, JSON.stringify(doc));
}
seed("example-rules-validate.json", "validate", JSON.stringify({ rules }));
seed("example-rules-hash.json", "hash", JSON.stringify({ rules }));
console.log(`${n} seeds in ${out}`);
