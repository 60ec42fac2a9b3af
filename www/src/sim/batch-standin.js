// DEVELOPMENT STAND-IN for the package's batch API (readDataset, sampleDataset, Simulation,
// compare, compareCsv, formatFen), used by engine-batch.js ONLY while the installed package
// has no `Simulation`. It answers in the batch API's shapes (the Summary and Comparison JSON,
// the per-member CSV) from a deliberately tiny integer computation: each order's paid amount,
// the buyer's upline by `parent`, each level's rate (per tier: the member's tier as given,
// no upgrades), fixed amounts per unit, the cap trimming the deepest level first, rounding
// down; no refunds, binding, eligibility, product overrides or lifecycle. Its figures are NOT
// the engine's: the page says so while it is in use. Delete this file when the binding lands.

const MAX_ERRORS = 200;
const CSV_FILES = {
  'members.csv': ['id', 'parent', 'tier', 'status', 'joinedAt'],
  'products.csv': ['productId', 'name', 'skuId', 'price', 'cost'],
  'orders.csv': ['id', 'paidAt', 'completedAt', 'buyer', 'discount', 'shipping'],
  'lines.csv': ['orderId', 'lineId', 'productId', 'skuId', 'unitPrice', 'quantity', 'cost'],
  'refunds.csv': ['id', 'orderId', 'lineId', 'quantity', 'amount', 'at'],
};
const REQUIRED = { 'members.csv': ['id'], 'orders.csv': ['id', 'paidAt', 'buyer'], 'lines.csv': ['orderId', 'lineId', 'productId', 'unitPrice', 'quantity'] };
const MONEY = /^(0|[1-9]\d{0,12})(\.\d{1,2})?$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The batch API's error: `errors` lists every row error. */
class StandinError extends Error {
  constructor(errors) {
    super(errors[0]?.message ?? 'refused');
    this.name = 'FenxiaoError';
    this.code = errors[0]?.code;
    this.path = '';
    this.errors = errors;
  }
}

/** "12.30" → 1230 (integer fen), by the digits. */
function fenOf(text) {
  const [whole, frac = ''] = text.split('.');
  return Number.parseInt(whole + frac.padEnd(2, '0'), 10);
}

/** Integer fen → "12.30": integer arithmetic only (BigInt), as the package's formatFen. */
export function formatFen(fen) {
  const big = BigInt(fen);
  const abs = big < 0n ? -big : big;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${big < 0n ? '-' : ''}${abs / 100n}.${cents}`;
}

/** ⌊a × b / c⌋ for non-negative integers, exactly. */
function mulDiv(a, b, c) {
  return Number.parseInt(((BigInt(a) * BigInt(b)) / BigInt(c)).toString(), 10);
}

/** A rate string ("0.12") → millionths (120000). */
function micros(rate) {
  const [whole, frac = ''] = String(rate).split('.');
  return Number.parseInt(whole + frac.padEnd(6, '0').slice(0, 6), 10);
}

class Dataset {
  constructor(members, orders, encoding, refunds = 0) {
    this.members = members; // [{ id, parent (row or -1), tier (id or null) }]
    this.orders = orders; // [{ id, buyer (row), paid (fen), units }]
    this.info = { members: members.length, orders: orders.length, lines: orders.reduce((n, o) => n + o.lines, 0), refunds, encoding };
  }

  memberIds() {
    return this.members.map((m) => m.id);
  }

  free() {}
}

/** A seeded generator (mulberry32): the same seed, the same members and orders. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), a | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) % 1000000;
  };
}

export function sampleDataset({ members, orders, seed }) {
  const next = random(seed);
  const ms = [];
  for (let i = 0; i < members; i++) {
    const parent = i === 0 || next() < 150000 ? -1 : next() % i;
    ms.push({ id: `m${String(i + 1).padStart(6, '0')}`, parent, tier: null });
  }
  const os = [];
  for (let i = 0; i < orders; i++) {
    const units = 1 + (next() % 3);
    os.push({ id: `o${String(i + 1).padStart(7, '0')}`, buyer: next() % members, paid: units * (1000 + (next() % 40000)), units, lines: 1 });
  }
  return new Dataset(ms, os, 'utf-8');
}

/** Bytes → text: UTF-8 (with or without BOM) when it decodes, else GB18030 (Excel's GBK). */
function decode(bytes) {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gbk' };
  }
}

/** One CSV line's fields (quotes as RFC 4180, within the line), each with its 1-based column number. */
function splitCsv(line) {
  const out = [];
  let i = 0;
  while (i <= line.length) {
    const column = out.length + 1;
    let value = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length && !(line[i] === '"' && line[i + 1] !== '"')) { value += line[i]; i += line[i] === '"' ? 2 : 1; }
      i += 2;
    } else {
      const end = line.indexOf(',', i);
      value = line.slice(i, end < 0 ? line.length : end);
      i = end < 0 ? line.length + 1 : end + 1;
    }
    out.push({ value, column });
  }
  return out;
}

/** The CSV set or one NDJSON file as rows `{ file, kind, line, cells: {name: {value, column}} }`. */
function rowsOf(files, errors) {
  const rows = [];
  let encoding = 'utf-8';
  for (const { name, bytes } of files) {
    const base = name.split(/[\\/]/).pop();
    const decoded = decode(bytes);
    if (decoded.encoding !== 'utf-8') encoding = decoded.encoding;
    const lines = decoded.text.replace(/^\uFEFF/, '').split(/\r?\n/);
    if (/\.(nd)?jsonl?$/i.test(base) || base.endsWith('.ndjson')) {
      lines.forEach((text, i) => {
        if (!text.trim()) return;
        let obj;
        try { obj = JSON.parse(text); } catch (e) { errors.push({ code: 'invalidJson', file: base, line: i + 1, column: 1, message: e.message }); return; }
        const kind = Object.keys(obj)[0];
        const file = { member: 'members.csv', order: 'orders.csv', product: 'products.csv', refund: 'refunds.csv' }[kind];
        if (!file) { errors.push({ code: 'unknownField', file: base, line: i + 1, column: 2, message: `unknown record ${kind}` }); return; }
        const cells = Object.fromEntries(Object.entries(obj[kind]).map(([k, v]) => [k, { value: typeof v === 'string' ? v : JSON.stringify(v), column: 1 }]));
        rows.push({ file: base, kind: file, line: i + 1, cells, lines: obj[kind].lines });
      });
      continue;
    }
    const header = CSV_FILES[base];
    if (!header) { errors.push({ code: 'invalidValue', file: base, line: 1, column: 1, message: `${base} is not a file of the dataset` }); continue; }
    const names = splitCsv(lines[0] ?? '').map((c) => c.value.trim());
    const missing = (REQUIRED[base] ?? []).filter((n) => !names.includes(n));
    const unknown = names.findIndex((n) => !header.includes(n));
    if (missing.length || unknown >= 0) {
      errors.push({ code: 'unknownField', file: base, line: 1, column: unknown >= 0 ? splitCsv(lines[0])[unknown].column : 1, message: `header of ${base}: expected ${header.join(',')}` });
      continue;
    }
    for (let i = 1; i < lines.length; i++) {
      if (!lines[i].trim()) continue;
      const fields = splitCsv(lines[i]);
      rows.push({ file: base, kind: base, line: i + 1, cells: Object.fromEntries(names.map((n, k) => [n, fields[k] ?? { value: '', column: k + 1 }])) });
    }
  }
  return { rows, encoding };
}

export function readDataset(files) {
  const errors = [];
  const { rows, encoding } = rowsOf(files, errors);
  const bad = (row, name, code, message) => {
    if (errors.length < MAX_ERRORS) errors.push({ code, file: row.file, line: row.line, column: row.cells[name]?.column ?? 1, message });
  };
  const cell = (row, name) => row.cells[name]?.value ?? '';
  const memberRow = new Map();
  const members = [];
  for (const row of rows.filter((r) => r.kind === 'members.csv')) {
    const id = cell(row, 'id');
    if (!id) bad(row, 'id', 'missingField', 'id is empty');
    else if (memberRow.has(id)) bad(row, 'id', 'duplicate', `member ${id} twice`);
    else { memberRow.set(id, members.length); members.push({ id, parentId: cell(row, 'parent'), tier: cell(row, 'tier') || null, row }); }
  }
  for (const m of members) {
    m.parent = m.parentId ? memberRow.get(m.parentId) ?? -2 : -1;
    if (m.parent === -2) bad(m.row, 'parent', 'unknownReference', `parent ${m.parentId} is not a member`);
  }
  const orders = [];
  const orderRow = new Map();
  for (const row of rows.filter((r) => r.kind === 'orders.csv')) {
    const id = cell(row, 'id');
    if (!TIME.test(cell(row, 'paidAt'))) bad(row, 'paidAt', 'invalidTime', `paidAt ${cell(row, 'paidAt')}`);
    if (!memberRow.has(cell(row, 'buyer'))) bad(row, 'buyer', 'unknownReference', `buyer ${cell(row, 'buyer')} is not a member`);
    orderRow.set(id, orders.length);
    orders.push({ id, buyer: memberRow.get(cell(row, 'buyer')) ?? 0, paid: 0, units: 0, lines: 0 });
    for (const line of row.lines ?? []) addLine(orders[orders.length - 1], line.unitPrice, line.quantity, () => bad(row, 'lines', 'invalidMoney', 'a line of the order'));
  }
  for (const row of rows.filter((r) => r.kind === 'lines.csv')) {
    const order = orders[orderRow.get(cell(row, 'orderId'))];
    if (!order) { bad(row, 'orderId', 'unknownReference', `order ${cell(row, 'orderId')} is not an order`); continue; }
    if (!MONEY.test(cell(row, 'unitPrice'))) { bad(row, 'unitPrice', 'invalidMoney', `unitPrice ${cell(row, 'unitPrice')}`); continue; }
    if (!/^[1-9]\d{0,5}$/.test(cell(row, 'quantity'))) { bad(row, 'quantity', 'invalidValue', `quantity ${cell(row, 'quantity')}`); continue; }
    addLine(order, cell(row, 'unitPrice'), cell(row, 'quantity'), () => {});
  }
  if (errors.length) throw new StandinError(errors);
  return new Dataset(members, orders, encoding, rows.filter((r) => r.kind === 'refunds.csv').length);
}

function addLine(order, unitPrice, quantity, fail) {
  const q = typeof quantity === 'number' ? quantity : Number.parseInt(String(quantity), 10);
  if (typeof unitPrice !== 'string' || !MONEY.test(unitPrice) || !(q > 0)) return fail();
  order.paid += fenOf(unitPrice) * q;
  order.units += q;
  order.lines += 1;
}

export class Simulation {
  constructor(ruleSet, dataset) {
    const rules = ruleSet.validateRules().normalized;
    this.hash = ruleSet.hash;
    this.lint = ruleSet.lintRules({ profile: 'wechat' });
    this.data = dataset;
    this.firstTier = rules.tiers?.[0]?.id ?? null;
    this.levels = rules.levels.map((l) => ({
      rate: l.rate !== undefined ? micros(l.rate) : null,
      fixed: l.fixed !== undefined ? fenOf(l.fixed) : null,
      tierRates: l.tierRates ? new Map(l.tierRates.map((x) => [x.tier, micros(x.rate)])) : null,
    }));
    this.cap = rules.cap !== undefined ? micros(rules.cap) : null;
    const n = dataset.members.length;
    this.net = new Float64Array(n);
    this.perLevel = this.levels.map(() => 0);
    this.perTier = new Map();
    this.paid = 0;
    this.done = 0;
  }

  tierOf(row) {
    return this.data.members[row].tier ?? this.firstTier;
  }

  /** Pays `max` more orders; answers how far the run is. */
  step(max) {
    const orders = this.data.orders;
    const end = Math.min(orders.length, this.done + max);
    for (; this.done < end; this.done++) this.payOrder(orders[this.done]);
    return { done: this.done, total: orders.length, finished: this.done === orders.length };
  }

  payOrder(order) {
    this.paid += order.paid;
    const shares = [];
    let member = this.data.members[order.buyer].parent;
    for (const level of this.levels) {
      if (member < 0) break;
      const rate = level.tierRates ? level.tierRates.get(this.tierOf(member)) ?? 0 : level.rate;
      shares.push({ member, fen: level.fixed !== null ? level.fixed * order.units : mulDiv(order.paid, rate, 1000000) });
      member = this.data.members[member].parent;
    }
    if (this.cap !== null) {
      let room = mulDiv(order.paid, this.cap, 1000000);
      for (const s of shares) { s.fen = Math.min(s.fen, room); room -= s.fen; }
    }
    shares.forEach((s, k) => {
      this.net[s.member] += s.fen;
      this.perLevel[k] += s.fen;
      const tier = this.tierOf(s.member) ?? '';
      this.perTier.set(tier, (this.perTier.get(tier) ?? 0) + s.fen);
    });
  }

  memberNet() {
    return this.net;
  }

  summary() {
    const payout = this.perLevel.reduce((a, b) => a + b, 0);
    const ids = this.data.members;
    const order = [...this.net.keys()].sort((a, b) => this.net[b] - this.net[a] || (ids[a].id < ids[b].id ? -1 : 1));
    const both = (fen) => ({ gross: formatFen(fen), net: formatFen(fen) });
    const share = this.paid === 0 ? '0.0000' : `0.${String(mulDiv(payout, 10000, this.paid)).padStart(4, '0')}`;
    return {
      ruleSetHash: this.hash,
      orders: this.data.orders.length,
      members: ids.length,
      refunds: 0,
      paidSales: both(this.paid),
      payout: both(payout),
      payoutShare: { gross: share, net: share },
      levels: this.perLevel.map((fen, k) => ({ level: k + 1, ...both(fen) })),
      tiers: [...this.perTier].map(([tier, fen]) => ({ tier, ...both(fen) })),
      products: [],
      top: order.slice(0, 10).filter((r) => this.net[r] > 0).map((r) => ({ memberId: ids[r].id, tier: this.tierOf(r) ?? '', ...both(this.net[r]) })),
      histogram: histogram(this.net),
      upgrades: [],
      awaitingApproval: [],
      reversals: { count: 0, amount: '0.00' },
      lint: this.lint,
    };
  }

  memberCsv() {
    const rows = this.data.members.map((m, r) => `${m.id},${this.tierOf(r) ?? ''},${this.tierOf(r) ?? ''},${formatFen(this.net[r])},${formatFen(this.net[r])}`);
    return `\uFEFFmemberId,tier,finalTier,gross,net\r\n${rows.join('\r\n')}\r\n`;
  }

  free() {}
}

/** Ten buckets of whole yuan from 0 to the largest earning, members counted in each. */
function histogram(net) {
  let max = 0;
  for (const v of net) max = Math.max(max, v);
  const width = Math.max(100, Math.ceil(max / 1000) * 100);
  const buckets = Array.from({ length: 10 }, (_, i) => ({ from: formatFen(i * width), to: formatFen((i + 1) * width), members: 0 }));
  for (const v of net) buckets[Math.min(9, Math.floor(v / width))].members += 1;
  return buckets;
}

function memberDiff(a, b, sign) {
  const ids = a.data.members;
  const rows = [];
  for (let r = 0; r < ids.length; r++) {
    const change = b.net[r] - a.net[r];
    if (change * sign > 0) rows.push({ r, change });
  }
  rows.sort((x, y) => (y.change - x.change) * sign || (ids[x.r].id < ids[y.r].id ? -1 : 1));
  return rows.slice(0, 20).map(({ r, change }) => ({ memberId: ids[r].id, baseline: formatFen(a.net[r]), candidate: formatFen(b.net[r]), change: formatFen(change) }));
}

export function compare(a, b) {
  const sa = a.summary();
  const sb = b.summary();
  const diff = (x, y) => ({ gross: formatFen(fenOf0(y.gross) - fenOf0(x.gross)), net: formatFen(fenOf0(y.net) - fenOf0(x.net)) });
  const tiers = [...new Set([...sa.tiers, ...sb.tiers].map((x) => x.tier))];
  const zero = { gross: '0.00', net: '0.00' };
  return {
    baseline: sa,
    candidate: sb,
    difference: {
      payout: diff(sa.payout, sb.payout),
      levels: Array.from({ length: Math.max(sa.levels.length, sb.levels.length) }, (_, k) => ({ level: k + 1, ...diff(sa.levels[k] ?? zero, sb.levels[k] ?? zero) })),
      tiers: tiers.map((tier) => ({ tier, ...diff(sa.tiers.find((x) => x.tier === tier) ?? zero, sb.tiers.find((x) => x.tier === tier) ?? zero) })),
      gainers: memberDiff(a, b, 1),
      losers: memberDiff(a, b, -1),
      upgradesOnlyIn: { baseline: [], candidate: [] },
    },
  };
}

function fenOf0(text) {
  return text.startsWith('-') ? -fenOf(text.slice(1)) : fenOf(text);
}

export function compareCsv(a, b) {
  const rows = a.data.members.map((m, r) => {
    const tier = a.tierOf(r) ?? '';
    return `${m.id},${tier},${tier},${formatFen(a.net[r])},${formatFen(a.net[r])},${formatFen(b.net[r])},${formatFen(b.net[r])},${formatFen(b.net[r] - a.net[r])}`;
  });
  return `\uFEFFmemberId,tier,finalTier,gross,net,candidateGross,candidateNet,change\r\n${rows.join('\r\n')}\r\n`;
}
