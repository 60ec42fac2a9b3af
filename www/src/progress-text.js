// Words for `progress`'s answer: "再邀请 2 人 或 本月团队业绩再 ¥300.00 升级为金牌推广员".
// Only wording: every figure (remaining, current, target, fraction, met) is the engine's,
// and whether a tier is reached is the engine's `met` / `upgraded`, never decided here.
import { fill, lookup, t } from './i18n.js';
import { yuan } from './money.js';

/** A measure's window in words ("本月", " this month"); empty for all time. */
function windowWords(lang, window) {
  const template = lookup(lang, `window.${window?.kind || 'allTime'}`);
  return typeof template === 'string' ? fill(template, { days: window?.days }) : '';
}

/** Money for totals, a plain count for counts: the engine's `remaining` as it wrote it. */
function figure(value) {
  return typeof value === 'string' ? yuan(value) : String(value);
}

/** What is still missing for one measure, in words. */
export function measurePhrase(lang, m) {
  const remaining = m.remaining;
  return t(lang, `metric.${m.metric}`, {
    n: remaining,
    money: typeof remaining === 'string' ? yuan(remaining) : remaining,
    window: windowWords(lang, m.window),
  });
}

/**
 * The unmet part of a condition tree in words: measures the engine marks met are left out,
 * groups join their unmet members with 或 / 且 (or / and), nested groups in brackets.
 */
export function conditionPhrase(lang, node, nested = false) {
  if (node.type === 'measure') return node.met ? '' : measurePhrase(lang, node);
  const parts = node.conditions.map((c) => conditionPhrase(lang, c, true)).filter(Boolean);
  const joined = parts.join(t(lang, node.type === 'any' ? 'or' : 'and'));
  return nested && parts.length > 1 ? `(${joined})` : joined;
}

/** Every measure of a condition tree, in order, with the engine's fields. */
export function measures(node, out = []) {
  if (node.type === 'measure') out.push(node);
  else for (const c of node.conditions) measures(c, out);
  return out;
}

/** `current / target` of a measure as shown beside its bar. */
export function measureFigures(m) {
  return `${figure(m.current)} / ${figure(m.target)}`;
}

/** Capitalizes the first letter (English sentences start with a phrase). */
function sentence(lang, text) {
  return lang === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/**
 * The headline of the tier card from `progress`'s result: the upgrade sentence, or that
 * the member reached or awaits a tier, or that they hold the highest one.
 */
export function tierHeadline(lang, result, tierName) {
  if (result.upgraded) return t(lang, 'tierUpgraded', { tier: tierName(result.tier) });
  if (result.awaitingApproval) return t(lang, 'tierAwaiting', { tier: tierName(result.awaitingApproval) });
  if (!result.nextTier) return t(lang, 'tierTop');
  if (result.nextTier.assigned) return t(lang, 'tierAssigned', { tier: tierName(result.nextTier.tier) });
  const conditions = conditionPhrase(lang, result.nextTier.condition);
  return sentence(lang, t(lang, 'upgradeLine', { conditions, tier: tierName(result.nextTier.tier) }));
}

/** The retention line, when the current tier has a retention rule. */
export function retentionLine(lang, retention, tierName) {
  const period = lookup(lang, `period.${retention.period}`) || retention.period;
  if (retention.met) return sentence(lang, t(lang, 'retentionMet', { period }));
  return sentence(lang, t(lang, 'retentionNeed', { conditions: conditionPhrase(lang, retention.condition), tier: tierName(retention.tier) }));
}
