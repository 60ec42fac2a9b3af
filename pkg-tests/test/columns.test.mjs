// datasetFromColumns in the node build: a shop given as typed arrays is the dataset whose ids
// are its row numbers (the same summary and per-member CSV, byte for byte, as the same shop
// read from CSV), and every bad value is refused at its column and row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadNode } from '../lib/helpers.mjs';

const fenxiao = loadNode();

// Ids as the columns imply them: each row's number. Product 0 has no SKUs (one SKU row);
// product 1 has SKU rows 1 and 2, named by those rows. Lines are named by their row.
const CSV = {
  'members.csv': 'id,parentId,tier,status,joinedAt\n0,,gold,active,2026-10-01T01:00:00Z\n1,0,,active,2026-10-05T02:00:00Z\n2,1,silver,pending,2026-11-02T00:00:00Z\n',
  'products.csv': 'productId,name,skuId,price,cost\n0,茶,,128.00,60.00\n1,杯,1,39.90,\n1,杯,2,59.90,20.00\n',
  'orders.csv': 'id,paidAt,completedAt,buyerId,discount,shipping\n0,2026-11-05T12:00:00Z,,2,10.00,\n1,2026-11-06T04:30:00Z,,1,,\n',
  'lines.csv': 'orderId,lineId,productId,skuId,unitPrice,quantity,cost\n0,0,0,,128.00,2,\n0,1,1,1,39.90,1,15.00\n1,2,1,2,59.90,1,\n',
};

const RULES = {
  schemaVersion: 1, cap: '0.3', rounding: 'down',
  tiers: [{ id: 'gold' }, { id: 'silver' }],
  levels: [
    { tierRates: [{ tier: 'gold', rate: '0.10' }, { tier: 'silver', rate: '0.05' }] },
    { tierRates: [{ tier: 'gold', rate: '0.03' }, { tier: 'silver', rate: '0.02' }] },
  ],
};

function columns() {
  return {
    members: {
      parent: new Int32Array([-1, 0, 1]),
      tier: new Int32Array([0, -1, 1]),
      tierNames: ['gold', 'silver'],
      status: new Uint8Array([0, 0, 1]),
      joinedAt: new Float64Array([Date.parse('2026-10-01T01:00:00Z'), Date.parse('2026-10-05T02:00:00Z'), Date.parse('2026-11-02T00:00:00Z')]),
    },
    products: { name: ['茶', '杯'] },
    skus: { product: new Uint32Array([0, 1, 1]), price: new Float64Array([12800, 3990, 5990]), cost: new Float64Array([6000, NaN, 2000]) },
    orders: {
      buyer: new Uint32Array([2, 1]),
      paidAt: new Float64Array([Date.parse('2026-11-05T12:00:00Z'), Date.parse('2026-11-06T04:30:00Z')]),
      lineStart: new Uint32Array([0, 2]),
      discount: new Float64Array([1000, 0]),
    },
    lines: {
      sku: new Uint32Array([0, 1, 2]),
      unitPrice: new Float64Array([12800, 3990, 5990]),
      quantity: new Uint32Array([2, 1, 1]),
      cost: new Float64Array([NaN, 1500, NaN]),
    },
  };
}

function run(data) {
  const sim = new fenxiao.Simulation(new fenxiao.RuleSet(RULES), data);
  sim.run();
  const out = { summary: JSON.stringify(sim.summary()), csv: sim.memberCsv(), net: [...sim.memberNet()] };
  sim.free();
  return out;
}

test('columns are the dataset their row numbers name: the same run, byte for byte, as from CSV', () => {
  const files = Object.entries(CSV).map(([name, text]) => ({ name, bytes: new TextEncoder().encode(text) }));
  const csv = fenxiao.readDataset(files);
  const cols = fenxiao.datasetFromColumns(columns());
  assert.equal(cols.info.encoding, 'columns');
  for (const k of ['members', 'products', 'skus', 'orders', 'lines', 'refunds']) assert.equal(cols.info[k], csv.info[k], k);
  assert.deepEqual(cols.memberIds(), ['0', '1', '2']);
  const a = run(cols);
  const b = run(csv);
  assert.equal(a.summary, b.summary);
  assert.equal(a.csv, b.csv);
  // Worked by hand: order 0 pays 128.00 × 2 + 39.90 − 10.00 = 285.90, order 1 pays 59.90.
  // Order 0 (buyer 2): level 1 is member 1 (no tier given: the first, gold, 10%) and
  // level 2 member 0 (gold, 3%). Order 1 (buyer 1): level 1 is member 0 (gold, 10%).
  // Member 0: 285.90 × 3% = 8.577 → 8.57, plus 59.90 × 10% = 5.99: 14.56 (1456 fen).
  // Member 1: 285.90 × 10% = 28.59 (2859 fen). Member 2 has no downline.
  assert.deepEqual(a.net, [1456, 2859, 0]);
  assert.equal(JSON.parse(a.summary).paidSales.gross, '345.80');
  cols.free();
  csv.free();
});

function refused(c) {
  let errors;
  assert.throws(() => fenxiao.datasetFromColumns(c), (e) => {
    assert.ok(e instanceof fenxiao.FenxiaoError);
    errors = e.errors;
    return true;
  });
  return errors.map((e) => [e.code, e.path]).sort();
}

test('a value that is no whole number of fen or milliseconds is refused at its column and index', () => {
  const c = columns();
  c.lines.unitPrice[1] = 39.9; // yuan, not fen
  c.orders.discount[0] = 2 ** 53; // past what a double holds exactly
  c.members.joinedAt[2] = NaN; // only a cost may be NaN (none)
  assert.deepEqual(refused(c), [
    ['invalidValue', 'lines.unitPrice[1]'],
    ['invalidValue', 'members.joinedAt[2]'],
    ['invalidValue', 'orders.discount[0]'],
  ]);
});

test('the engine\'s checks: rows in range, money, quantities, cycles, discounts — each at its column and row', () => {
  let c = columns();
  c.orders.buyer[1] = 3; // three members: rows 0 to 2
  c.lines.quantity[2] = 0; // at least 1
  c.skus.price[0] = -1; // money is never negative
  c.members.parent = new Int32Array([1, 0, 1]); // members 0 and 1 are each other's parent
  assert.deepEqual(refused(c), [
    ['inconsistent', 'members.parent[0]'],
    ['invalidMoney', 'skus.price[0]'],
    ['outOfRange', 'lines.quantity[2]'],
    ['unknownReference', 'orders.buyer[1]'],
  ].sort());
  c = columns();
  // Order 1 has one line of 59.90: a discount of 59.91 is more than it.
  c.orders.discount[1] = 5991;
  assert.deepEqual(refused(c), [['inconsistent', 'orders.discount[1]']]);
});

test('a column of the wrong kind is refused before anything is copied', () => {
  const c = columns();
  c.members.parent = [-1, 0, 1]; // a plain array, not a typed one
  assert.deepEqual(refused(c), [['invalidType', 'members.parent']]);
  const d = columns();
  d.orders.paidAt = new Float64Array([0]); // one instant for two orders
  assert.deepEqual(refused(d), [['inconsistent', 'orders.paidAt']]);
});
