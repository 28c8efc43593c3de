import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matrixFromRows } from '../../lib/core/types';
import { rocAuc } from '../../lib/metrics/roc';
import { MlLogisticBaseline } from '../../lib/models/ml-logistic-baseline';
import { linearFixture, toLabels, toMatrix } from './linear-fixture';

const ds = linearFixture.logistic.datasets['correlated']!;
// Centred columns: the package has no intercept.
const X = toMatrix(ds.X);
const y = toLabels(ds.y);
for (let j = 0; j < X.nCols; j++) {
  let mean = 0;
  for (let i = 0; i < X.nRows; i++) mean += X.data[i * X.nCols + j]! / X.nRows;
  for (let i = 0; i < X.nRows; i++) X.data[i * X.nCols + j] -= mean;
}

test('fits, scores with the package\'s sigmoid(Xw) and ranks better than chance', () => {
  const f = new MlLogisticBaseline({ numSteps: 300 }).fit(X, y);
  const p = f.predictProba(X);
  assert.equal(p.length, X.nRows);
  p.forEach((v) => assert.ok(v > 0 && v < 1));
  assert.ok(rocAuc(y, p) > 0.7, `AUC ${rocAuc(y, p)}`);
  // The score is sigmoid(X w) with the package's y = 1 model weights and no intercept.
  let z = 0;
  for (let j = 0; j < X.nCols; j++) z += X.data[j]! * f.weightsClass1[j]!;
  assert.ok(Math.abs(p[0]! - 1 / (1 + Math.exp(-z))) < 1e-12);
  // The package's own predict mostly agrees with thresholding the score.
  const own = f.packagePredict(X), thr = f.predict(X);
  let agree = 0;
  own.forEach((v, i) => { agree += v === thr[i] ? 1 : 0; });
  assert.ok(agree / own.length > 0.9);
});

test('JSON round-trip predicts identically', () => {
  const f = new MlLogisticBaseline({ numSteps: 50, learningRate: 1e-3 }).fit(X, y);
  const json = JSON.parse(JSON.stringify(f.toJSON()));
  assert.equal(json.kind, 'ml-logistic');
  const loaded = MlLogisticBaseline.load(json);
  assert.deepEqual(loaded.predictProba(X), f.predictProba(X));
  assert.deepEqual(loaded.packagePredict(X), f.packagePredict(X));
  assert.deepEqual(loaded.params, f.params);
});

test('parameters and errors', () => {
  assert.deepEqual({ ...new MlLogisticBaseline().params }, { numSteps: 1000, learningRate: 5e-4 });
  assert.equal(new MlLogisticBaseline().withParams({ numSteps: 5 }).params.numSteps, 5);
  assert.throws(() => new MlLogisticBaseline({ numSteps: 0 }), /numSteps/);
  const f = new MlLogisticBaseline({ numSteps: 5 }).fit(matrixFromRows([[1], [-1], [2]]), Uint8Array.from([1, 0, 1]));
  assert.throws(() => f.predictProba(matrixFromRows([[1, 2]])), /2 columns/);
});
