import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareNumeric, distinctiveFeatures, profileSegment } from '../../lib/segment/profile';
import { recommendForSegment } from '../../lib/segment/recommend';
import type { SegmentInput } from '../../lib/segment/rules';

const input: SegmentInput = {
  ids: Int32Array.from([1, 2, 3, 4, 5, 6]),
  dropProbability: Float64Array.from([0.9, 0.8, 0.7, 0.3, 0.2, 0.1]),
  profit: Float64Array.from([5, 3, 1, 4, 2, 6]),
  features: {
    nRows: 6,
    columns: {
      promoPurchaseShare: Float64Array.from([0.9, 0.8, 0.7, 0.2, 0.1, 0.3]),
      pagesPerVisit: Float64Array.from([2, 3, 4, 8, 9, 10]),
      popularCategory: ['a', 'b', 'a', 'b', 'a', 'c'],
      allowMessages: ['да', 'нет', 'да', 'да', 'да', 'нет'],
    },
  },
};
const mask = Uint8Array.from([1, 1, 1, 0, 0, 0]);

test('numeric comparison by hand: means, medians, Cohen d with pooled sample variance', () => {
  const r = compareNumeric('pagesPerVisit', input.features.columns.pagesPerVisit as Float64Array, mask);
  assert.equal(r.meanIn, 3);
  assert.equal(r.meanRest, 9);
  assert.equal(r.medianIn, 3);
  assert.equal(r.medianRest, 9);
  assert.equal(r.standardizedDiff, -6); // both groups have sample variance 1
});

test('profile: category mix, profit by category, behaviour rows, distinctive features', () => {
  const p = profileSegment(input, mask, { name: 'risky' });
  assert.equal(p.size, 3);
  assert.equal(p.restSize, 3);
  const cat = p.categorical.find((c) => c.feature === 'popularCategory')!;
  assert.deepEqual(cat.levels[0], { level: 'a', countIn: 2, shareIn: 2 / 3, shareRest: 1 / 3 });
  const a = p.profitByCategory.find((c) => c.category === 'a')!;
  assert.equal(a.countIn, 2);
  assert.equal(a.totalProfitIn, 6);
  assert.ok(Math.abs(a.profitAtStakeIn - (0.9 * 5 + 0.7 * 1)) < 1e-12);
  assert.equal(a.meanProfitRest, 2);
  assert.deepEqual(p.behaviour.map((r) => r.feature), ['pagesPerVisit']);
  assert.deepEqual(distinctiveFeatures(p, 2).map((r) => r.feature).sort(), ['pagesPerVisit', 'promoPurchaseShare']);
});

test('recommendations follow the profile: promo lever for high promo share, engagement lever for few pages', () => {
  const r = recommendForSegment(profileSegment(input, mask, { name: 'risky' }));
  assert.equal(r.segment, 'risky');
  assert.match(r.findings[0]!, /^3 customers; mean drop probability 0\.80/);
  assert.ok(r.findings.some((f) => f.startsWith('share of purchases on promotion: 0.80 vs 0.20 in the rest (higher')));
  assert.ok(r.actions.some((a) => a.includes('promo codes')));
  assert.ok(r.actions.some((a) => a.includes('engagement')));
  assert.ok(r.actions.some((a) => a.startsWith('67 % allow offers')));
});

test('a segment less at risk than the rest gets no retention lever', () => {
  const r = recommendForSegment(profileSegment(input, Uint8Array.from([0, 0, 0, 1, 1, 1]), { name: 'calm' }));
  assert.equal(r.actions[0], 'no retention offer needed: keep the current service and contact level');
  assert.ok(!r.actions.some((a) => a.includes('promo codes')));
});

test('targeting: the expected-value threshold says how many of a segment get an offer', () => {
  const calm = recommendForSegment(profileSegment(input, Uint8Array.from([0, 0, 0, 1, 1, 1]), { name: 'calm' }), { targeting: { threshold: 0.25, targeted: 1 } });
  assert.equal(calm.actions[0], 'only the 1 of 3 customers with p ≥ 0.250 (the expected-value threshold) go on the offer list; keep the rest at the current service and contact level');
  const risky = recommendForSegment(profileSegment(input, mask, { name: 'risky' }), { targeting: { threshold: 0.25, targeted: 3 } });
  assert.equal(risky.actions[0], '3 of 3 customers have p ≥ 0.250, the threshold at which offering everyone above it maximises the total expected retained profit: put them on the offer list');
});
