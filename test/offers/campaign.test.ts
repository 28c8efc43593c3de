import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../lib/core/random';
import { InvalidParameterError } from '../../lib/core/errors';
import { bootstrapSums, budgetCurve, selectCampaign } from '../../lib/offers/campaign';
import type { OfferOption } from '../../lib/offers/personal';

/** Random customers with 0–3 options each (costs on the 0.05 grid), best first as personalOffers returns them. */
function customers(n: number, seed: number): OfferOption[][] {
  const r = new Random(seed);
  return Array.from({ length: n }, () => {
    const k = r.int(4);
    const opts = Array.from({ length: k }, (_, o) => ({ offer: o, cost: 0.05 * (1 + r.int(20)), value: 0.01 + r.next() * 2, answers: 0 }));
    return opts.sort((a, b) => b.value - a.value);
  });
}

/** Every assignment of at most one option per customer: the best total value within the budget. */
function bruteForce(options: OfferOption[][], maxCost: number, maxOffers = Infinity): number {
  let best = 0;
  const walk = (i: number, cost: number, value: number, count: number): void => {
    if (cost > maxCost + 1e-9 || count > maxOffers) return;
    if (i === options.length) { best = Math.max(best, value); return; }
    walk(i + 1, cost, value, count);
    for (const o of options[i]!) walk(i + 1, cost + o.cost, value + o.value, count + 1);
  };
  walk(0, 0, 0, 0);
  return best;
}

test('a cost budget: the exact solver equals brute force on up to 12 customers', () => {
  for (let seed = 1; seed <= 25; seed++) {
    const options = customers(4 + (seed % 9), seed);
    for (const maxCost of [0, 0.3, 1, 2.5, 100]) {
      const c = selectCampaign(options, { maxCost });
      assert.equal(c.method, 'exact');
      assert.ok(c.totalCost <= maxCost + 1e-9);
      assert.ok(Math.abs(c.totalValue - bruteForce(options, maxCost)) < 1e-9, `seed ${seed}, budget ${maxCost}`);
    }
  }
});

test('a number of offers: the top customers by best value equal brute force', () => {
  for (let seed = 1; seed <= 15; seed++) {
    const options = customers(10, seed);
    for (const maxOffers of [0, 1, 3, 12]) {
      const c = selectCampaign(options, { maxOffers });
      assert.equal(c.offers, Math.min(maxOffers, options.filter((o) => o.length).length));
      assert.ok(Math.abs(c.totalValue - bruteForce(options, Infinity, maxOffers)) < 1e-9);
    }
  }
});

test('a hand-made case: two cheap offers beat one dear one within the budget', () => {
  const options: OfferOption[][] = [
    [{ offer: 0, cost: 1, value: 1.5, answers: 0 }, { offer: 1, cost: 0.5, value: 1.0, answers: 0 }],
    [{ offer: 1, cost: 0.5, value: 0.9, answers: 0 }],
    [],
  ];
  const c = selectCampaign(options, { maxCost: 1 });
  assert.deepEqual([...c.chosen], [1, 0, -1]);
  assert.equal(c.totalValue, 1.9);
  assert.deepEqual([...selectCampaign(options).chosen], [0, 0, -1]);
  const curve = budgetCurve(options);
  assert.deepEqual([...curve.offers], [0, 1, 2]);
  assert.deepEqual([...curve.value], [0, 1.5, 2.4]);
});

test('bad budgets are refused by name', () => {
  assert.throws(() => selectCampaign([], { maxOffers: 2, maxCost: 3 }), InvalidParameterError);
  assert.throws(() => selectCampaign([], { maxCost: -1 }), /campaign budget: parameter 'maxCost' must be a number ≥ 0; got -1/);
  assert.throws(() => selectCampaign([], { maxOffers: 1.5 }), /parameter 'maxOffers' must be a whole number ≥ 0; got 1\.5/);
});

test('the bootstrap is seeded: the same seed repeats, another seed differs, the estimate is the sum', () => {
  const r = new Random(3);
  const q = Float64Array.from({ length: 300 }, () => r.next() * 5);
  const a = bootstrapSums([q], { seed: 42, replicates: 500 })[0]!;
  const b = bootstrapSums([q], { seed: 42, replicates: 500 })[0]!;
  const c = bootstrapSums([q], { seed: 43, replicates: 500 })[0]!;
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(Math.abs(a.estimate - q.reduce((s, v) => s + v, 0)) < 1e-9);
  assert.ok(a.low < a.estimate && a.estimate < a.high);
  // A constant quantity has no spread.
  const one = bootstrapSums([new Float64Array(50).fill(1)], { seed: 1 })[0]!;
  assert.deepEqual([one.estimate, one.low, one.high], [50, 50, 50]);
});
