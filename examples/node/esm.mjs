// Node, ES modules: settle an order of the example shop, and handle a refusal.
import { readFileSync } from 'node:fs';
import { init, settleOrder, RuleSet, FenxiaoError } from 'fenxiao';

await init(); // a no-op on Node, kept so the same code runs in every build

const doc = JSON.parse(readFileSync(new URL('../shop/settle.json', import.meta.url), 'utf8'));
const settlement = settleOrder(doc);
for (const b of settlement.beneficiaries) {
  console.log(`level ${b.level} ${b.memberId}: ¥${b.amount}`);
}

// Validate once, evaluate many.
const rules = new RuleSet(doc.rules);
const again = rules.settleOrder({ order: doc.order, upline: doc.upline });
console.log(again.ruleSetHash === rules.hash);
rules.free();

try {
  settleOrder({ ...doc, order: { ...doc.order, lines: [{ ...doc.order.lines[0], unitPrice: 12.5 }] } });
} catch (e) {
  if (!(e instanceof FenxiaoError)) throw e;
  console.log(`${e.code} at ${e.path}`); // invalidType at order.lines[0].unitPrice
}
