import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureFigures, retentionLine, tierHeadline } from '../../src/progress-text.js';

const names = { zh: { silver: '银牌推广员', gold: '金牌推广员' }, en: { silver: 'Silver promoter', gold: 'Gold promoter' } };

// `fenxiao progress examples/sample-shop/cli/progress-xiaomei.json`, its nextTier.
const xiaomei = {
  memberId: 'xiaomei', currentTier: 'silver', tier: 'silver', upgraded: false, reached: [],
  nextTier: {
    tier: 'gold', approval: 'automatic', met: false,
    condition: {
      type: 'any', path: 'rules.tiers[2].upgrade', met: false,
      conditions: [
        { type: 'measure', path: 'rules.tiers[2].upgrade.of[0]', metric: 'directRecruits', window: { kind: 'allTime', to: '2026-11-23' }, current: 3, target: 5, remaining: 2, fraction: '0.6000', met: false },
        { type: 'measure', path: 'rules.tiers[2].upgrade.of[1]', metric: 'teamPaidTotal', window: { kind: 'month', from: '2026-11-01', to: '2026-11-23' }, current: '1700.00', target: '2000.00', remaining: '300.00', fraction: '0.8500', met: false },
      ],
    },
  },
};

test('progress words: the upgrade sentence from the engine figures', () => {
  assert.equal(tierHeadline('zh', xiaomei, (id) => names.zh[id]), '再邀请 2 人 或 本月团队业绩再 ¥300.00 升级为金牌推广员');
  assert.equal(tierHeadline('en', xiaomei, (id) => names.en[id]), 'Invite 2 more or ¥300.00 more team sales this month to become Gold promoter');
  assert.equal(measureFigures(xiaomei.nextTier.condition.conditions[1]), '¥1,700.00 / ¥2,000.00');
  assert.equal(measureFigures(xiaomei.nextTier.condition.conditions[0]), '3 / 5');
});

test('progress words: met measures are left out, groups nest, the top tier and upgrades say so', () => {
  const all = {
    ...xiaomei,
    nextTier: { ...xiaomei.nextTier, condition: { type: 'all', met: false, conditions: [
      { ...xiaomei.nextTier.condition.conditions[0], met: true, remaining: 0 },
      { type: 'any', met: false, conditions: [xiaomei.nextTier.condition.conditions[1], { ...xiaomei.nextTier.condition.conditions[0], metric: 'ownPaidTotal', window: { kind: 'lastDays', days: 30 }, remaining: '12.50' }] },
    ] } },
  };
  assert.equal(tierHeadline('zh', all, (id) => names.zh[id]), '(本月团队业绩再 ¥300.00 或 近 30 天自购再 ¥12.50) 升级为金牌推广员');
  assert.equal(tierHeadline('zh', { ...xiaomei, nextTier: undefined }, (id) => names.zh[id]), '已是最高等级');
  assert.equal(tierHeadline('zh', { ...xiaomei, upgraded: true, tier: 'gold' }, (id) => names.zh[id]), '已达到金牌推广员，下一单起生效');
  const retention = { tier: 'gold', period: 'quarter', met: false, condition: { ...xiaomei.nextTier.condition.conditions[1], window: { kind: 'quarter' }, remaining: '620.00' } };
  assert.equal(retentionLine('zh', retention, (id) => names.zh[id]), '本季度团队业绩再 ¥620.00 可保住金牌推广员');
  assert.equal(retentionLine('zh', { ...retention, met: true }, (id) => names.zh[id]), '本季度保级条件已达成');
});
