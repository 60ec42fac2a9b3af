import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isZero, percent, yuan, yuanRange } from '../../src/money.js';

test('money: engine strings formatted by string operations', () => {
  assert.equal(yuan('0.00'), '¥0.00');
  assert.equal(yuan('12.80'), '¥12.80');
  assert.equal(yuan('999.99'), '¥999.99');
  assert.equal(yuan('1000.00'), '¥1,000.00');
  assert.equal(yuan('1234.56'), '¥1,234.56');
  assert.equal(yuan('1234567.89'), '¥1,234,567.89');
  // Beyond 2^53 fen: a float would change the digits; strings keep them.
  assert.equal(yuan('92233720368547758.07'), '¥92,233,720,368,547,758.07');
  assert.equal(yuan('-5.10'), '-¥5.10');
  for (const bad of ['12.8', '12', 12.8, '1,234.56', ' 1.00', '1.000', '']) assert.throws(() => yuan(bad), /not an engine money string/);
});

test('money: ranges use the engine min and max as given', () => {
  assert.equal(yuanRange('12.80', '29.80'), '¥12.80–¥29.80');
  assert.equal(yuanRange('6.00', '6.00'), '¥6.00');
  assert.equal(isZero('0.00'), true);
  assert.equal(isZero('0.01'), false);
  assert.equal(isZero('10.00'), false);
});

test('money: rates as percentages by moving the decimal point', () => {
  assert.equal(percent('0.3'), '30%');
  assert.equal(percent('0.51'), '51%');
  assert.equal(percent('0.125'), '12.5%');
  assert.equal(percent('0.006'), '0.6%');
  assert.equal(percent('1.0000'), '100%');
  assert.equal(percent('0'), '0%');
  assert.equal(percent('0.8500'), '85%');
});
