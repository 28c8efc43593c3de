import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matrixFromRows } from '../../lib/core/types';
import { LogisticRegression, type LogisticRegressionParams } from '../../lib/models/logistic';
import { linearFixture, toLabels, toMatrix } from './linear-fixture';

const { datasets, cases } = linearFixture.logistic;

function maxCoefError(coef: Float64Array, intercept: number, refCoef: number[], refIntercept: number): number {
  // Absolute below 1, relative above (large coefficients).
  let worst = Math.abs(intercept - refIntercept) / Math.max(1, Math.abs(refIntercept));
  coef.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - refCoef[j]!) / Math.max(1, Math.abs(refCoef[j]!))); });
  return worst;
}

for (const c of cases) {
  test(`logistic equals sklearn's optimum: ${c.dataset} ${JSON.stringify(c.params)}`, () => {
    const X = toMatrix(datasets[c.dataset]!.X);
    const y = toLabels(datasets[c.dataset]!.y);
    const params = { ...c.params, maxIter: 1000 } as Partial<LogisticRegressionParams>;
    // Default tol (1e-4, sklearn's) already lands within the task's tolerances.
    const fitted = new LogisticRegression(params).fit(X, y);
    assert.equal(fitted.converged, true);
    assert.ok(fitted.nIter > 0 && fitted.nIter < 30, `nIter ${fitted.nIter}`);
    assert.ok(maxCoefError(fitted.coef, fitted.intercept, c.coef, c.intercept) < 1e-4);
    const proba = fitted.predictProba(X);
    proba.forEach((v, i) => assert.ok(Math.abs(v - c.proba[i]!) < 1e-5, `row ${i}: ${v} vs ${c.proba[i]}`));
    // A tight tol reaches the optimum to near machine precision.
    const tight = new LogisticRegression({ ...params, tol: 1e-9 }).fit(X, y);
    assert.ok(maxCoefError(tight.coef, tight.intercept, c.coef, c.intercept) < 1e-7);
    // L1 zeros are exact zeros where sklearn's are.
    if (c.params['penalty'] === 'l1') {
      c.coef.forEach((v, j) => { if (v === 0) assert.equal(tight.coef[j], 0, `coef ${j}`); });
    }
  });
}

test('JSON round-trip predicts identically and keeps the solver report', () => {
  const X = toMatrix(datasets['imbalanced']!.X);
  const y = toLabels(datasets['imbalanced']!.y);
  const fitted = new LogisticRegression({ penalty: 'elasticnet', l1Ratio: 0.4, C: 0.7, classWeight: 'balanced' }).fit(X, y);
  const json = JSON.parse(JSON.stringify(fitted.toJSON()));
  const loaded = LogisticRegression.load(json);
  assert.deepEqual(loaded.predictProba(X), fitted.predictProba(X));
  assert.deepEqual(loaded.predict(X, 0.3), fitted.predict(X, 0.3));
  assert.equal(loaded.converged, fitted.converged);
  assert.equal(loaded.nIter, fitted.nIter);
  assert.deepEqual(loaded.params, fitted.params);
  assert.equal(json.kind, 'logistic');
  assert.throws(() => LogisticRegression.load({ ...json, kind: 'knn' }), /kind 'knn'/);
});

test('defaults are sklearn\'s; withParams returns an unfitted copy', () => {
  const m = new LogisticRegression();
  assert.deepEqual({ ...m.params }, { penalty: 'l2', C: 1, l1Ratio: 0.5, fitIntercept: true, classWeight: null, tol: 1e-4, maxIter: 100 });
  const m2 = m.withParams({ C: 0.1 });
  assert.equal(m2.params.C, 0.1);
  assert.equal(m.params.C, 1);
  assert.equal(m2.kind, 'logistic');
});

test('invalid parameters and inputs give clear errors', () => {
  assert.throws(() => new LogisticRegression({ C: 0 }), /C must be a positive/);
  assert.throws(() => new LogisticRegression({ penalty: 'l3' as 'l1' }), /penalty must be/);
  assert.throws(() => new LogisticRegression({ l1Ratio: 2 }), /l1Ratio/);
  const X = matrixFromRows([[1], [2], [3]]);
  assert.throws(() => new LogisticRegression().fit(X, Uint8Array.from([1, 1, 1])), /only class 1/);
  assert.throws(() => new LogisticRegression().fit(X, Uint8Array.from([1, 0])), /3 rows but y has 2/);
  assert.throws(() => new LogisticRegression().fit(matrixFromRows([[1], [NaN], [3]]), Uint8Array.from([1, 0, 1])), /row 1, column 0/);
  const fitted = new LogisticRegression().fit(X, Uint8Array.from([0, 1, 1]));
  assert.throws(() => fitted.predictProba(matrixFromRows([[1, 2]])), /2 columns, the model was fitted on 1/);
});

test('one feature: matches the closed-form check of the optimality conditions', () => {
  const X = matrixFromRows([[0], [1], [2], [3], [4], [5]]);
  const y = Uint8Array.from([0, 0, 1, 0, 1, 1]);
  const f = new LogisticRegression({ C: 10, tol: 1e-12 }).fit(X, y);
  // Gradient of C*sum loss + w^2/2 is zero at the optimum; the intercept's gradient too.
  const p = f.predictProba(X);
  let gw = f.coef[0]!, gb = 0;
  for (let i = 0; i < 6; i++) { gw += 10 * (p[i]! - y[i]!) * X.data[i]!; gb += 10 * (p[i]! - y[i]!); }
  assert.ok(Math.abs(gw) < 1e-9 && Math.abs(gb) < 1e-9);
  assert.ok(f.coef[0]! > 0);
});

test('a constant feature gets a zero coefficient under L1 and L2 and leaves the rest unchanged', () => {
  const X = toMatrix(datasets['correlated']!.X);
  const y = toLabels(datasets['correlated']!.y);
  const withConst = new Float64Array(X.nRows * (X.nCols + 1));
  for (let i = 0; i < X.nRows; i++) {
    withConst.set(X.data.subarray(i * X.nCols, (i + 1) * X.nCols), i * (X.nCols + 1));
    withConst[i * (X.nCols + 1) + X.nCols] = 0;
  }
  const Xc = { nRows: X.nRows, nCols: X.nCols + 1, data: withConst };
  for (const penalty of ['l1', 'l2'] as const) {
    const a = new LogisticRegression({ penalty, C: 0.5, tol: 1e-10 }).fit(X, y);
    const b = new LogisticRegression({ penalty, C: 0.5, tol: 1e-10 }).fit(Xc, y);
    assert.equal(b.coef[X.nCols], 0);
    a.coef.forEach((v, j) => assert.ok(Math.abs(v - b.coef[j]!) < 1e-9));
    assert.equal(b.converged, true);
  }
});

test('separable data without penalty: not converged, with a warning; with a penalty it converges', () => {
  const X = matrixFromRows([[0, 1], [1, 0], [2, 1], [3, 0], [4, 1], [5, 0]]);
  const y = Uint8Array.from([0, 0, 0, 1, 1, 1]);
  const none = new LogisticRegression({ penalty: 'none', maxIter: 200 }).fit(X, y);
  assert.equal(none.converged, false);
  assert.match(none.warnings.join(' '), /linearly separable/);
  assert.deepEqual(Array.from(none.predict(X)), [0, 0, 0, 1, 1, 1]);
  const l2 = new LogisticRegression({ penalty: 'l2' }).fit(X, y);
  assert.equal(l2.converged, true);
  assert.deepEqual(l2.warnings, []);
});

test('maxIter reached: converged is false and nIter equals maxIter', () => {
  const X = toMatrix(datasets['breast']!.X);
  const y = toLabels(datasets['breast']!.y);
  const f = new LogisticRegression({ C: 100, maxIter: 2, tol: 1e-10 }).fit(X, y);
  assert.equal(f.converged, false);
  assert.equal(f.nIter, 2);
});

test('fitIntercept false gives a zero intercept; balanced weights move the intercept toward the minority', () => {
  const X = toMatrix(datasets['imbalanced']!.X);
  const y = toLabels(datasets['imbalanced']!.y);
  assert.equal(new LogisticRegression({ fitIntercept: false }).fit(X, y).intercept, 0);
  const plain = new LogisticRegression().fit(X, y).predictProba(X);
  const balanced = new LogisticRegression({ classWeight: 'balanced' }).fit(X, y).predictProba(X);
  const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;
  assert.ok(mean(balanced) > mean(plain) + 0.1);
});
