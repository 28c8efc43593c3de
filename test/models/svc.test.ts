import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matrixFromRows } from '../../lib/core/types';
import { rocAuc } from '../../lib/metrics/roc';
import { SVC, resolveGamma, sigmoidTrain, type SVCParams } from '../../lib/models/svc';
import { linearFixture, toLabels, toMatrix } from './linear-fixture';

const { small, cases, probability } = linearFixture.svc;
const X = toMatrix(small.X), y = toLabels(small.y), Q = toMatrix(small.Q);

for (const c of cases) {
  for (const solver of ['smo', 'libsvm'] as const) {
    test(`SVC (${solver}) decision function equals sklearn within 1e-3: ${JSON.stringify(c.params)}`, () => {
      const f = new SVC({ ...(c.params as Partial<SVCParams>), probability: false, solver }).fit(X, y);
      assert.ok(Math.abs(f.gammaValue - c.gammaValue) < 1e-12);
      assert.equal(f.nSupport, c.nSupport);
      // Measured: within 2e-6 (smo) and 6e-7 (libsvm) at tol 1e-7.
      f.decisionFunction(Q).forEach((v, i) => assert.ok(Math.abs(v - c.decision[i]!) < 1e-4, `row ${i}: ${v} vs ${c.decision[i]}`));
    });
  }
}

test('SMO and libsvm-js agree at the default tol (same algorithm, same stopping rule)', () => {
  for (const kernel of ['rbf', 'linear', 'poly'] as const) {
    const a = new SVC({ kernel, probability: false, solver: 'smo' }).fit(Xt, yt).decisionFunction(Xe);
    const b = new SVC({ kernel, probability: false, solver: 'libsvm' }).fit(Xt, yt).decisionFunction(Xe);
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-2, `${kernel} row ${i}: ${v} vs ${b[i]}`));
  }
  // Seeded Platt folds are the same for both solvers: probabilities nearly equal.
  const pa = new SVC({ seed: 5, solver: 'smo' }).fit(Xt, yt).predictProba(Xe);
  const pb = new SVC({ seed: 5, solver: 'libsvm' }).fit(Xt, yt).predictProba(Xe);
  pa.forEach((v, i) => assert.ok(Math.abs(v - pb[i]!) < 1e-2));
});

const Xt = toMatrix(probability.Xtrain), yt = toLabels(probability.ytrain);
const Xe = toMatrix(probability.Xtest), ye = toLabels(probability.ytest);
for (const c of probability.cases) {
  test(`SVC Platt probabilities close to sklearn's, same AUC: ${JSON.stringify(c.params)}`, () => {
    const f = new SVC({ ...(c.params as Partial<SVCParams>), seed: 42 }).fit(Xt, yt);
    const p = f.predictProba(Xe);
    // Different random folds than sklearn's: probabilities agree loosely, the ranking exactly.
    p.forEach((v, i) => assert.ok(Math.abs(v - c.proba[i]!) < 0.05, `row ${i}: ${v} vs ${c.proba[i]}`));
    assert.ok(Math.abs(rocAuc(ye, p) - c.auc) < 0.01);
    // sklearn's A, B refer to its decision value for class 0 (= -ours): A alike, B of opposite sign.
    assert.ok(Math.abs(f.probA - c.probA) < 0.2 && Math.abs(f.probB + c.probB) < 0.2, `A ${f.probA} B ${f.probB}`);
  });
}

test('same seed, same probabilities; JSON round-trip predicts identically without libsvm', () => {
  const model = new SVC({ kernel: 'rbf', C: 2, classWeight: 'balanced', seed: 7 });
  const a = model.fit(Xt, yt), b = model.fit(Xt, yt);
  assert.deepEqual(a.predictProba(Xe), b.predictProba(Xe));
  for (const kernel of ['linear', 'rbf', 'poly'] as const) {
    const f = new SVC({ kernel, gamma: 0.2, coef0: 1, seed: 3 }).fit(Xt, yt);
    const json = JSON.parse(JSON.stringify(f.toJSON()));
    assert.equal(json.kind, 'svc');
    const loaded = SVC.load(json);
    assert.deepEqual(loaded.decisionFunction(Xe), f.decisionFunction(Xe));
    assert.deepEqual(loaded.predictProba(Xe), f.predictProba(Xe));
    assert.deepEqual(loaded.predict(Xe, 0.4), f.predict(Xe, 0.4));
  }
  const noProb = new SVC({ probability: false }).fit(X, y);
  const loaded = SVC.load(JSON.parse(JSON.stringify(noProb.toJSON())));
  assert.deepEqual(loaded.predictProba(Q), noProb.predictProba(Q));
  // Without Platt: a logistic of the decision value (ranks like it).
  const f = noProb.decisionFunction(Q);
  noProb.predictProba(Q).forEach((v, i) => assert.ok(Math.abs(v - 1 / (1 + Math.exp(-f[i]!))) < 1e-15));
});

test('gamma scale/auto, parameters and errors', () => {
  const m = matrixFromRows([[0, 2], [2, 0]]);
  assert.equal(resolveGamma('scale', m), 1 / (2 * 1));
  assert.equal(resolveGamma('auto', m), 0.5);
  assert.equal(resolveGamma(0.3, m), 0.3);
  assert.equal(resolveGamma('scale', matrixFromRows([[1, 1], [1, 1]])), 1);
  assert.deepEqual({ ...new SVC().params }, {
    kernel: 'rbf', C: 1, gamma: 'scale', degree: 3, coef0: 0, classWeight: null, probability: true, tol: 1e-3, seed: 0, solver: 'smo',
  });
  assert.equal(new SVC().withParams({ C: 5 }).params.C, 5);
  assert.throws(() => new SVC({ kernel: 'sigmoid' as 'rbf' }), /kernel must be/);
  assert.throws(() => new SVC({ gamma: -1 }), /gamma must be/);
  assert.throws(() => new SVC().fit(X, new Uint8Array(X.nRows)), /only class 0/);
  const f = new SVC({ probability: false }).fit(X, y);
  assert.throws(() => f.predictProba(matrixFromRows([[1]])), /1 columns, the model was fitted on 4/);
});

test('one feature, separable: predicts the classes; constant extra feature changes nothing', () => {
  const X1 = matrixFromRows([[-3], [-2], [-1], [-0.5], [0.5], [1], [2], [3], [-2.5], [2.5]]);
  const y1 = Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1, 0, 1]);
  const f = new SVC({ kernel: 'linear', seed: 1 }).fit(X1, y1);
  assert.deepEqual(Array.from(f.predict(X1)), Array.from(y1));
  const X2 = matrixFromRows([[-3, 5], [-2, 5], [-1, 5], [-0.5, 5], [0.5, 5], [1, 5], [2, 5], [3, 5], [-2.5, 5], [2.5, 5]]);
  const g = new SVC({ kernel: 'rbf', gamma: 0.5, probability: false }).fit(X2, y1);
  const h = new SVC({ kernel: 'rbf', gamma: 0.5, probability: false }).fit(X1, y1);
  g.decisionFunction(X2).forEach((v, i) => assert.ok(Math.abs(v - h.decisionFunction(X1)[i]!) < 1e-9));
});

test('sigmoidTrain: a perfectly ordered score gives a steep increasing sigmoid', () => {
  const dec = Float64Array.from([-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2]);
  const [A] = sigmoidTrain(dec, Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]));
  assert.ok(A < -1);
});
