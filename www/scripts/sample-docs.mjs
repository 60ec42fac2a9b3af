// Writes examples/sample-shop/cli/: one `fenxiao preview` document per distributor and
// product and one `fenxiao progress` document per distributor, built by the same functions
// the page uses (src/shop.js). A unit test fails when the committed files differ from what
// this writes, so run it after editing the sample shop: `npm run sample-docs`.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliDir, loadSampleShop, renderDocument } from './sample-shop.mjs';
import { cliDocuments } from '../src/shop.js';

mkdirSync(cliDir, { recursive: true });
for (const f of readdirSync(cliDir)) if (f.endsWith('.json')) rmSync(join(cliDir, f));
const docs = cliDocuments(loadSampleShop());
for (const { file, doc } of docs) writeFileSync(join(cliDir, file), renderDocument(doc));
console.log(`sample-docs: ${docs.length} documents in ${cliDir}`);
