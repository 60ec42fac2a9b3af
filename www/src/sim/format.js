// Counts and the engine's money strings for the simulator: counts (integers) grouped by
// threes, money through money.js (string operations only), and a money string's integer fen
// for chart geometry — the one place a figure becomes a number, and only to size a bar.
import { yuan } from '../money.js';

/** 1234567 → "1,234,567" (integers only). */
export function count(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** An engine money string ("-12.30") → "-¥12.30"; a change gets "+" when positive. */
export function money(s, { signed = false } = {}) {
  const text = yuan(s);
  return signed && !s.startsWith('-') && !/^0+\.00$/.test(s) ? `+${text}` : text;
}

/**
 * "1234.56" → 123456: the integer fen of an engine money string, read from its digits (no
 * float parse), exact while |fen| < 2^53 — for the length of a bar, never for a label.
 */
export function fenForGeometry(s) {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(s);
  if (!m) throw new Error(`not an engine money string: ${JSON.stringify(s)}`);
  const fen = Number.parseInt(m[2] + m[3], 10);
  return m[1] ? -fen : fen;
}
