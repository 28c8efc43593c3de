import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectedGain, expectedValueAt, expectedValueCurve } from '../../lib/segment/targeting';

test('expected-value curve by hand: the threshold that maximises retained profit', () => {
  // Gains with retention 0.5, horizon 2, cost 1: p·0.5·profit·2 − 1 = p·profit − 1.
  const p = [0.9, 0.6, 0.6, 0.3, 0.1];
  const profit = [10, 5, 1, 10, 10];
  const econ = { offerCost: 1, retentionShare: 0.5, horizonMonths: 2 };
  // gains: 8, 2, -0.4, 2, 0 → V(0.9)=8, V(0.6)=9.6, V(0.3)=11.6, V(0.1)=11.6
  const c = expectedValueCurve(p, profit, econ);
  assert.deepEqual(Array.from(c.thresholds.subarray(0, 4)), [0.1, 0.3, 0.6, 0.9]);
  const expected = [11.6, 11.6, 9.6, 8, 0];
  c.value.forEach((v, k) => assert.ok(Math.abs(v - expected[k]!) < 1e-12, `k=${k}: ${v}`));
  assert.deepEqual(Array.from(c.targeted), [5, 4, 3, 1, 0]);
  // Tie between 0.1 and 0.3 (the last customer's gain is exactly 0): the higher threshold, fewer offers.
  assert.equal(c.best.threshold, 0.3);
  assert.equal(c.best.targeted, 4);
  assert.ok(Math.abs(c.valueTargetAll - 11.6) < 1e-12);
  assert.ok(Math.abs(expectedValueAt(p, profit, 0.6, econ).value - 9.6) < 1e-12);
  assert.equal(expectedGain(0.9, 10, econ), 8);
});

test('an offer too expensive for anyone: target no one, value 0; default horizon is 3 months', () => {
  const c = expectedValueCurve([0.5, 0.4], [1, 1], { offerCost: 10, retentionShare: 1 });
  assert.equal(c.best.targeted, 0);
  assert.equal(c.best.value, 0);
  assert.ok(c.best.threshold > 0.5);
  assert.equal(expectedGain(0.5, 2, { offerCost: 0, retentionShare: 1 }), 3);
  assert.throws(() => expectedValueCurve([0.5], [1], { offerCost: 1, retentionShare: 2 }), /outside \[0, 1\]/);
});
