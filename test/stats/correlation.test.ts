import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correlationMatrix, highCorrelationPairs, pearson, spearman } from '../../lib/stats/correlation';
import { close, reference, referenceFrame } from './fixture';

const frame = referenceFrame();

test('Pearson and Spearman matrices match pandas DataFrame.corr (pairwise-complete, average ranks)', () => {
  for (const method of ['pearson', 'spearman'] as const) {
    const m = correlationMatrix(frame, method);
    assert.deepEqual(m.columns, Object.keys(reference.columns));
    m.values.forEach((row, i) => row.forEach((v, j) => assert.ok(close(v, reference[method][i]![j]!, 1e-12), `${method} ${i},${j}: ${v}`)));
  }
});

test('known values: perfect, anti, ties, constant', () => {
  assert.equal(pearson([1, 2, 3], [2, 4, 6]), 1);
  assert.equal(pearson([1, 2, 3], [3, 2, 1]), -1);
  assert.ok(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])));
  // Monotone but not linear: Spearman 1, Pearson < 1.
  assert.ok(Math.abs(spearman([1, 2, 3, 4], [1, 8, 27, 64]) - 1) < 1e-15);
  // Ties averaged: ranks x=[1.5,1.5,3], y=[1,2,3] -> r = 0.8660...
  assert.ok(Math.abs(spearman([5, 5, 7], [1, 2, 3]) - Math.sqrt(3) / 2) < 1e-15);
  assert.throws(() => correlationMatrix(frame, 'pearson', ['category']), /not numeric/);
});

test('high-correlation pairs above a threshold', () => {
  const m = correlationMatrix(frame, 'pearson');
  const pairs = highCorrelationPairs(m, 0.9);
  assert.ok(pairs.every((p) => Math.abs(p.value) > 0.9));
  assert.deepEqual(highCorrelationPairs(m, 0.99), []);
  const loose = highCorrelationPairs(m, 0.5);
  assert.ok(loose.some((p) => p.a === 'normal' && p.b === 'collinear'));
});

test('undefined cases give NaN; NaN pairs are skipped for that pair only', () => {
  // Fewer than two complete pairs.
  assert.ok(Number.isNaN(pearson([1], [2])));
  assert.ok(Number.isNaN(spearman([1, NaN, 3], [NaN, 2, NaN])));
  // A constant column whose float mean is not exactly its value (0.1 * 3 / 3 !== 0.1): still NaN, not noise.
  assert.ok(Number.isNaN(pearson([0.1, 0.1, 0.1], [1, 2, 3])));
  assert.ok(Number.isNaN(spearman([1, 2, 3], [7, 7, 7])));
  // The NaN row is dropped from both columns: same value as without it.
  assert.equal(pearson([1, 2, NaN, 4, 5], [2, 1, 9, 4, 3]), pearson([1, 2, 4, 5], [2, 1, 4, 3]));
  assert.equal(spearman(Float64Array.from([1, 2, NaN, 4, 5]), Float64Array.from([2, 1, 9, 4, 3])), spearman([1, 2, 4, 5], [2, 1, 4, 3]));
  assert.throws(() => pearson([1, 2], [1]), /lengths differ/);
});

test('Spearman ties do not depend on the order of the pairs', () => {
  const x = [3, 1, 3, 2, 1, 3];
  const y = [5, 2, 4, 4, 1, 6];
  const order = [5, 0, 3, 1, 4, 2];
  assert.ok(Math.abs(spearman(x, y) - spearman(order.map((i) => x[i]!), order.map((i) => y[i]!))) < 1e-15);
});
