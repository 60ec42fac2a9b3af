// Money as the engine writes it: a decimal string ("1234.56"). The page formats it with
// string operations only — no float ever holds an amount, so what is shown is, digit for
// digit, what the engine computed and the server pays.

const MONEY = /^(-?)(\d+)\.(\d{2})$/;

/** `"1234.56"` → `"¥1,234.56"` (digits grouped by threes). Throws on anything else. */
export function yuan(amount) {
  const m = MONEY.exec(amount);
  if (!m) throw new Error(`not an engine money string: ${JSON.stringify(amount)}`);
  const [, sign, whole, fen] = m;
  return `${sign}¥${group(whole)}.${fen}`;
}

/** A range from the engine's min and max strings: one figure when they are equal. */
export function yuanRange(min, max) {
  return min === max ? yuan(min) : `${yuan(min)}–${yuan(max)}`;
}

/** Whether an engine money string is zero ("0.00"). */
export function isZero(amount) {
  return /^-?0+\.00$/.test(amount);
}

function group(digits) {
  let out = '';
  for (let i = digits.length; i > 0; i -= 3) {
    const part = digits.slice(Math.max(0, i - 3), i);
    out = out ? `${part},${out}` : part;
  }
  return out;
}

/**
 * A rate or fraction as the engine writes it (`"0.51"`, `"0.3"`, `"0.125"`, `"1.0000"`) as a
 * percentage (`"51%"`, `"30%"`, `"12.5%"`, `"100%"`): the decimal point moved two places in
 * the text, trailing zeros dropped.
 */
export function percent(rate) {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (!m) throw new Error(`not an engine rate: ${JSON.stringify(rate)}`);
  const frac = (m[2] || '').padEnd(2, '0');
  const whole = (m[1] + frac.slice(0, 2)).replace(/^0+(?=\d)/, '');
  const rest = frac.slice(2).replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''}%`;
}
