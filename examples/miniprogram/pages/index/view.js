// Turns the engine's answers into what the page shows. Money stays a decimal string from
// the engine to the screen: nothing here does arithmetic on it.

function yuan(amount) {
  return '¥' + amount;
}

function range(r) {
  return r.min === r.max ? yuan(r.min) : yuan(r.min) + '–' + yuan(r.max);
}

/** The poster: what the distributor earns selling it, and when their downline does. */
function poster(product, preview) {
  const own = preview.earnings.find((e) => e.level === 1);
  const team = preview.earnings.filter((e) => e.level > 1);
  return {
    title: product.id,
    distributes: preview.distributes,
    headline: own ? '分享赚 ' + range(own) : '暂不参与分销',
    team: team.map((e) => ({ level: e.level, text: '下级售出赚 ' + range(e) })),
    skus: preview.skus.map((s) => {
      const first = s.earnings.find((e) => e.level === 1);
      return { id: s.skuId, price: yuan(s.price), earn: first ? range(first) : yuan('0.00') };
    }),
    ruleSetHash: preview.ruleSetHash,
  };
}

function percent(fraction) {
  // The engine answers ratios as decimal strings rounded down to 4 decimals: "0.5680".
  const [whole, decimals = ''] = fraction.split('.');
  const d = (decimals + '0000').slice(0, 4);
  const pct = String(Number(whole) * 100 + Number(d.slice(0, 2)));
  return pct + '.' + d.slice(2) + '%';
}

function leaves(condition, out) {
  if (condition.type === 'measure') out.push(condition);
  else if (Array.isArray(condition.conditions)) condition.conditions.forEach((c) => leaves(c, out));
  return out;
}

/** Tier progress: the current tier, the next one and each condition's progress. */
function progress(answer) {
  const next = answer.nextTier;
  return {
    tier: answer.tier,
    next: next ? next.tier : null,
    conditions: next ? leaves(next.condition, []).map((c) => ({
      metric: c.metric,
      current: String(c.current),
      target: String(c.target),
      remaining: String(c.remaining),
      percent: percent(c.fraction),
      width: Math.min(100, Math.round(Number(c.fraction) * 100)),
      met: c.met,
    })) : [],
    candidateUpgrades: answer.candidate ? answer.candidate.upgrades : false,
  };
}

module.exports = { poster, progress, percent };
