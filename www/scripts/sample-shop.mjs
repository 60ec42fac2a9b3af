// The sample shop read from examples/sample-shop/ in Node (the page imports the same files
// through Vite), for the document writer and the tests.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const wwwDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repo = resolve(wwwDir, '..');
export const sampleDir = join(repo, 'examples', 'sample-shop');
export const cliDir = join(sampleDir, 'cli');

const read = (name) => JSON.parse(readFileSync(join(sampleDir, name), 'utf8'));

/** `{ rules, info, products, distributors }`, as src/shop.js takes it. */
export function loadSampleShop() {
  return {
    rules: read('rules.json'),
    info: read('shop.json'),
    products: read('products.json'),
    distributors: read('distributors.json'),
  };
}

/** A CLI document as committed: two-space JSON and a final newline. */
export function renderDocument(doc) {
  return JSON.stringify(doc, null, 2) + '\n';
}
