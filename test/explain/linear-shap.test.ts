import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matrixFromRows } from '../../lib/core/types';
import { columnMeans, linearMargin, linearShap } from '../../lib/explain/linear-shap';
import { additivityGap, aggregateShap, shapSummary } from '../../lib/explain/shap-types';

const model = { coef: Float64Array.from([2, -1, 0.5]), intercept: 0.25 };
const background = matrixFromRows([[0, 0, 1], [2, 4, 1], [1, 2, 4]]); // means 1, 2, 2

test('φ_ij = w_j (x_ij − mean_j), base value = margin at the background mean (hand-computed)', () => {
  assert.deepEqual(Array.from(columnMeans(background)), [1, 2, 2]);
  const X = matrixFromRows([[3, 1, 0], [1, 2, 2]]);
  const e = linearShap(model, X, background, { featureNames: ['a', 'b', 'c'] });
  assert.equal(e.expectedValue, 0.25 + 2 * 1 - 1 * 2 + 0.5 * 2); // 1.25
  assert.deepEqual(Array.from(e.values.data, (v) => v + 0), [4, 1, -1, 0, 0, 0]);
  assert.equal(e.outputSpace, 'margin');
  assert.ok(additivityGap(e, linearMargin(model, X)) < 1e-12);
  // Means can be passed directly.
  assert.deepEqual(Array.from(linearShap(model, X, Float64Array.from([1, 2, 2])).values.data), Array.from(e.values.data));
});

test('one-hot columns aggregate to their feature by summing; summary ranks by mean |SHAP| with direction', () => {
  const X = matrixFromRows([[3, 1, 0], [1, 2, 2], [0, 5, 3]]);
  const e = linearShap(model, X, background, { featureNames: ['num', 'cat_b', 'cat_c'] });
  const g = aggregateShap(e, ['num', 'cat', 'cat']);
  assert.deepEqual(g.featureNames, ['num', 'cat']);
  for (let i = 0; i < 3; i++) {
    assert.equal(g.values.data[i * 2], e.values.data[i * 3]);
    assert.equal(g.values.data[i * 2 + 1], e.values.data[i * 3 + 1]! + e.values.data[i * 3 + 2]!);
  }
  assert.ok(Number.isNaN(g.data!.data[1]!));
  assert.equal(g.data!.data[0], 3);
  assert.ok(additivityGap(g, linearMargin(model, X)) < 1e-12);
  const s = shapSummary(e);
  assert.equal(s[0]!.feature, 'num');
  assert.ok(Math.abs(s[0]!.direction - 1) < 1e-12); // positive weight: value and SHAP move together
  assert.ok(s.find((f) => f.feature === 'cat_b')!.direction < 0);
});

test('shape mismatches are reported', () => {
  assert.throws(() => linearShap(model, matrixFromRows([[1, 2]]), background), /3 weights but X has 2 columns/);
});

test('a feature with coefficient 0 gets exactly 0 for every row, whatever its value', () => {
  const ignoring = { coef: Float64Array.from([1.5, 0, -0.75]), intercept: 0.1 };
  const X = matrixFromRows([[3, -1e6, 0], [1, 2, 2], [-4, 1e-9, 7], [0, 123.456, -2]]);
  const e = linearShap(ignoring, X, background, { featureNames: ['a', 'ignored', 'c'] });
  // `=== 0`, not Object.is: 0 · (a value below the mean) is −0, which is exactly zero.
  for (let i = 0; i < X.nRows; i++) assert.ok(e.values.data[i * 3 + 1] === 0, `row ${i}: ${e.values.data[i * 3 + 1]}`);
  // The others still carry the whole difference from the base value.
  assert.ok(additivityGap(e, linearMargin(ignoring, X)) < 1e-9);
  assert.equal(shapSummary(e).find((s) => s.feature === 'ignored')!.meanAbs, 0);
});
