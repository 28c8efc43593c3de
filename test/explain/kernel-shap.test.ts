import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../lib/core/random';
import type { Matrix } from '../../lib/core/types';
import { groupsFromSources, kernelShap, sampleBackground } from '../../lib/explain/kernel-shap';
import { linearMargin, linearShap } from '../../lib/explain/linear-shap';
import { additivityGap } from '../../lib/explain/shap-types';

function randomMatrix(n: number, p: number, seed: number): Matrix {
  const rng = new Random(seed);
  return { nRows: n, nCols: p, data: Float64Array.from({ length: n * p }, () => rng.normal()) };
}

const linear = { coef: Float64Array.from([1.5, -2, 0.7, 0, 0.3, -0.4]), intercept: -0.2 };
const margin = (X: Matrix): Float64Array => linearMargin(linear, X);
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
/** A non-linear probability model with an interaction; ignores column 3. */
const nonlinear = (X: Matrix): Float64Array => {
  const p = X.nCols;
  return Float64Array.from({ length: X.nRows }, (_, i) => {
    const x = X.data.subarray(i * p, (i + 1) * p);
    return sigmoid(x[0]! * x[1]! + Math.sin(x[2]!) - 0.5 * x[4]! ** 2 + 0.8 * x[5]! + (p > 6 ? 0.6 * x[6]! - 0.3 * x[7]! * x[0]! : 0));
  });
};

test('full enumeration equals LinearSHAP on a linear margin (1e-6) and adds up (1e-8)', () => {
  const X = randomMatrix(8, 6, 1);
  const bg = randomMatrix(20, 6, 2);
  const k = kernelShap(margin, X, bg, { nSamples: 100, outputSpace: 'margin' }); // 2^6 − 2 = 62 ≤ 100: exact
  const l = linearShap(linear, X, bg);
  for (let i = 0; i < k.values.data.length; i++) assert.ok(Math.abs(k.values.data[i]! - l.values.data[i]!) < 1e-6, `value ${i}`);
  assert.ok(Math.abs(k.expectedValue - l.expectedValue) < 1e-12);
  assert.ok(additivityGap(k, margin(X)) < 1e-8);
});

test('probability output: rows add up to f(x) − E[f(background)], an ignored feature gets ~0', () => {
  const X = randomMatrix(6, 6, 3);
  const bg = randomMatrix(25, 6, 4);
  const e = kernelShap(nonlinear, X, bg);
  let fnull = 0;
  for (const v of nonlinear(bg)) fnull += v / 25;
  assert.ok(Math.abs(e.expectedValue - fnull) < 1e-12);
  assert.ok(additivityGap(e, nonlinear(X)) < 1e-8);
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(e.values.data[i * 6 + 3]!) < 1e-10, `row ${i}: ${e.values.data[i * 6 + 3]}`);
});

test('sampled estimate is close to the exact values, ignores the unused feature, is seeded', () => {
  const p = 10;
  const X = randomMatrix(3, p, 5);
  const bg = randomMatrix(15, p, 6);
  const exact = kernelShap(nonlinear, X, bg, { nSamples: 2000 }); // 1022 coalitions: exact
  const sampled = kernelShap(nonlinear, X, bg, { nSamples: 300, seed: 7 });
  assert.ok(additivityGap(sampled, nonlinear(X)) < 1e-8);
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < exact.values.data.length; i++) {
    worst = Math.max(worst, Math.abs(exact.values.data[i]! - sampled.values.data[i]!));
    scale = Math.max(scale, Math.abs(exact.values.data[i]!));
  }
  assert.ok(worst < 0.1 * scale, `worst ${worst} vs largest value ${scale}`);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(sampled.values.data[i * p + 3]!) < 0.05 * scale);
  const again = kernelShap(nonlinear, X, bg, { nSamples: 300, seed: 7 });
  assert.deepEqual(Array.from(again.values.data), Array.from(sampled.values.data));
});

test('groups move columns together: a group equals the sum of its columns for a linear margin', () => {
  const X = randomMatrix(4, 6, 8);
  const bg = randomMatrix(10, 6, 9);
  const { groups, groupNames } = groupsFromSources(['a', 'cat', 'cat', 'b', 'c', 'c']);
  assert.deepEqual(groups, [[0], [1, 2], [3], [4, 5]]);
  const e = kernelShap(margin, X, bg, { groups, groupNames });
  const l = linearShap(linear, X, bg);
  assert.deepEqual(e.featureNames, ['a', 'cat', 'b', 'c']);
  for (let i = 0; i < 4; i++) {
    assert.ok(Math.abs(e.values.data[i * 4 + 1]! - (l.values.data[i * 6 + 1]! + l.values.data[i * 6 + 2]!)) < 1e-8);
    assert.ok(Math.abs(e.values.data[i * 4 + 3]! - (l.values.data[i * 6 + 4]! + l.values.data[i * 6 + 5]!)) < 1e-8);
  }
  assert.ok(Number.isNaN(e.data!.data[1]!));
});

test('a feature equal to every background value gets exactly 0; background sample is seeded', () => {
  const bg = randomMatrix(10, 6, 10);
  for (let r = 0; r < 10; r++) bg.data[r * 6] = 1;
  const X = randomMatrix(2, 6, 11);
  X.data[0] = 1;
  const e = kernelShap(margin, X, bg);
  assert.equal(e.values.data[0], 0);
  const big = randomMatrix(100, 3, 1);
  const s1 = sampleBackground(big, 10, 3);
  assert.equal(s1.nRows, 10);
  assert.deepEqual(Array.from(sampleBackground(big, 10, 3).data), Array.from(s1.data));
  assert.equal(sampleBackground(big, 500).nRows, 100);
});
