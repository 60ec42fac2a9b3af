// Money in the page is the engine's decimal string from end to end: no source file of
// www/src converts a figure to a float or formats one through a number.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { wwwDir } from '../../scripts/sample-shop.mjs';

const FORBIDDEN = [/parseFloat/, /\.toFixed\(/, /\bNumber\(/, /toLocaleString/, /Intl\.NumberFormat/, /Math\.round/];

test('no float on the money path: www/src never parses or formats a number as money', () => {
  const src = join(wwwDir, 'src');
  const files = readdirSync(src, { recursive: true }).filter((n) => n.endsWith('.js'));
  assert.ok(files.some((f) => f.startsWith('sim')), 'the simulator is scanned too');
  for (const f of files) {
    const text = readFileSync(join(src, f), 'utf8');
    for (const re of FORBIDDEN) assert.doesNotMatch(text, re, `${f} uses ${re}`);
  }
});
