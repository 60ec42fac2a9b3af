import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineColumn, locate, pathSegments } from '../../src/json-locate.js';

const text = `{
  "schemaVersion": 1,
  "levels": [
    { "rate": "0.10" },
    { "tierRates": [ { "tier": "a", "rate": "1.5" } ] }
  ],
  "name": "级 \\" x"
}`;

const at = (path) => {
  const span = locate(text, pathSegments(path));
  return span && { value: text.slice(span.start, span.end), exact: span.exact };
};

test('json-locate: paths as the engine writes them', () => {
  assert.deepEqual(pathSegments('levels[1].tierRates[0].rate'), ['levels', 1, 'tierRates', 0, 'rate']);
  assert.deepEqual(pathSegments(''), []);
});

test('json-locate: the span of a value at a path', () => {
  assert.deepEqual(at('levels[0].rate'), { value: '"0.10"', exact: true });
  assert.deepEqual(at('levels[1].tierRates[0].rate'), { value: '"1.5"', exact: true });
  assert.deepEqual(at('schemaVersion'), { value: '1', exact: true });
  assert.deepEqual(at('name'), { value: '"级 \\" x"', exact: true });
  assert.equal(at('').value, text);
});

test('json-locate: a missing field points at the deepest value found', () => {
  assert.deepEqual(at('levels[0].fixed'), { value: '{ "rate": "0.10" }', exact: false });
  assert.equal(at('levels[5]').exact, false);
  assert.equal(locate('{"a": ', ['a']), null);
});

test('json-locate: line and column', () => {
  const span = locate(text, pathSegments('levels[1].tierRates[0].rate'));
  assert.deepEqual(lineColumn(text, span.start), { line: 5, column: 45 });
});
