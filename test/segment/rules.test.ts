import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultThresholds, segmentCustomers, segmentMask, type SegmentInput } from '../../lib/segment/rules';

// Six customers, hand-made: p, profit, promo share.
const input: SegmentInput = {
  ids: Int32Array.from([1, 2, 3, 4, 5, 6]),
  dropProbability: Float64Array.from([0.9, 0.8, 0.7, 0.5, 0.2, 0.1]),
  profit: Float64Array.from([5, 2, 1, 4, 3, 6]),
  features: { nRows: 6, columns: { promoPurchaseShare: Float64Array.from([0.1, 0.9, 0.2, 0.95, 0.3, 0.2]), popularCategory: ['a', 'b', 'a', 'b', 'a', 'c'] } },
};

test('explicit thresholds: first matching rule wins; sizes and profit at stake by hand', () => {
  const s = segmentCustomers(input, { thresholds: { highRisk: 0.7, lowRisk: 0.3, highProfit: 4, promoShare: 0.8 } });
  assert.deepEqual(s.assignment, ['highRiskHighProfit', 'promoDriven', 'highRiskOther', 'mediumRisk', 'lowRisk', 'lowRisk']);
  // Customer 4 has promo 0.95 but p 0.5 < 0.7: not promo-driven. Membership ignores priority.
  assert.deepEqual(Array.from(s.membership.highRiskOther!), [1, 1, 1, 0, 0, 0]);
  const by = Object.fromEntries(s.summaries.map((x) => [x.name, x]));
  assert.equal(by.highRiskHighProfit!.size, 1);
  assert.ok(Math.abs(by.highRiskHighProfit!.profitAtStake - 4.5) < 1e-12);
  assert.ok(Math.abs(by.lowRisk!.profitAtStake - (0.2 * 3 + 0.1 * 6)) < 1e-12);
  assert.ok(Math.abs(by.lowRisk!.meanDropProbability - 0.15) < 1e-12);
  assert.equal(by.mediumRisk!.size, 1);
  assert.equal(by.other, undefined); // the default rules cover everyone
  assert.equal(s.summaries.reduce((a, x) => a + x.size, 0), 6);
  assert.deepEqual(Array.from(segmentMask(s, 'lowRisk')), [0, 0, 0, 0, 1, 1]);
});

test('default thresholds are numpy linear quantiles of the data, overridable', () => {
  const t = defaultThresholds(input);
  // p sorted: .1 .2 .5 .7 .8 .9; q70 at position 3.5 → 0.75; q30 at 1.5 → 0.35.
  assert.ok(Math.abs(t.highRisk - 0.75) < 1e-12);
  assert.ok(Math.abs(t.lowRisk - 0.35) < 1e-12);
  assert.ok(Math.abs(t.highProfit - 3.5) < 1e-12);
  assert.equal(defaultThresholds(input, { overrides: { highRisk: 0.6 } }).highRisk, 0.6);
  assert.ok(Math.abs(defaultThresholds(input, { quantiles: { highRisk: 0.5 } }).highRisk - 0.6) < 1e-12);
});

test('custom rules and clear errors', () => {
  const s = segmentCustomers(input, [{ name: 'bigStake', description: 'p·profit ≥ 2', conditions: [{ field: 'expectedLoss', op: '>=', value: 2 }] }]);
  assert.deepEqual(s.assignment, ['bigStake', 'other', 'other', 'bigStake', 'other', 'other']);
  assert.deepEqual(s.summaries.map((x) => [x.name, x.size]), [['bigStake', 2], ['other', 4]]);
  assert.throws(() => segmentCustomers(input, [{ name: 'x', description: '', conditions: [{ field: 'nope', op: '>=', value: 1 }] }]), /'nope' is neither/);
  assert.throws(() => segmentCustomers(input, [{ name: 'x', description: '', conditions: [{ field: 'popularCategory', op: '>=', value: 1 }] }]), /category column/);
});
