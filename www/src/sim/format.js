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

/**
 * An engine instant ("2026-10-31T16:01:30Z", always UTC) as the shop's wall-clock time at
 * the rule set's offset ("+08:00" → "2026-11-01 00:01:30"), so an upgrade reads on the date
 * the shop's days and months count it (docs/SEMANTICS.md: days are local dates at
 * `utcOffset`). The same instant; the engine's text stays in the cell's data and exports.
 * Anything else is returned as it is.
 */
export function shopTime(instant, offset) {
  const t = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/.exec(instant ?? '');
  const o = /^([+-])(\d{2}):(\d{2})$/.exec(offset ?? '');
  if (!t || !o) return instant ?? '';
  const [, y, mo, d, h, mi, sec, frac = ''] = t;
  const int = (digits) => Number.parseInt(digits, 10);
  const minutes = (o[1] === '-' ? -1 : 1) * (int(o[2]) * 60 + int(o[3]));
  // setUTCFullYear, not Date.UTC: years below 100 stay themselves.
  const local = new Date(0);
  local.setUTCFullYear(int(y), int(mo) - 1, int(d));
  local.setUTCHours(int(h), int(mi) + minutes, int(sec), 0);
  if (Number.isNaN(local.getTime())) return instant;
  const two = (n) => String(n).padStart(2, '0');
  const year = String(local.getUTCFullYear()).padStart(4, '0');
  return `${year}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}${frac}`;
}
