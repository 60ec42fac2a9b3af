// TypeScript: every input and output is typed from the engine's JSON Schema.
import { init, previewEarnings, RuleSet, FenxiaoError, type PreviewInput, type SettleInput, type SettleOutput, type RuleSetDoc, type WithoutRules } from 'fenxiao';

export async function poster(input: PreviewInput): Promise<string> {
  await init();
  const preview = previewEarnings(input);
  const own = preview.earnings.find((e) => e.level === 1);
  return own ? `分享赚 ¥${own.min}–¥${own.max}` : '';
}

export function payouts(rules: RuleSetDoc, order: WithoutRules<SettleInput>): string[] {
  const compiled = new RuleSet(rules);
  try {
    const settlement: SettleOutput = compiled.settleOrder(order);
    // Money is a decimal string, never a number.
    const amounts: string[] = settlement.beneficiaries.map((b) => b.amount);
    return amounts;
  } catch (e) {
    if (e instanceof FenxiaoError) return [`${e.code} at ${e.path}`];
    throw e;
  } finally {
    compiled.free();
  }
}
