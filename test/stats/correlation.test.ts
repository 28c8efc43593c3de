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
