import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matrixFromRows } from '../../lib/core/types';
import { KNeighborsClassifier } from '../../lib/models/knn';
import { linearFixture, toLabels, toMatrix } from './linear-fixture';

const { datasets, cases } = linearFixture.knn;

for (const c of cases) {
  test(`k-NN equals sklearn (brute): ${c.dataset} ${JSON.stringify(c.params)}`, () => {
    const ds = datasets[c.dataset]!;
    const fitted = new KNeighborsClassifier(c.params).fit(toMatrix(ds.X), toLabels(ds.y));
    const Q = toMatrix(ds.Q);
    const proba = fitted.predictProba(Q);
    const { distances } = fitted.kneighbors(Q);
    let compared = 0;
    proba.forEach((v, i) => {
      // sklearn computes Euclidean distances as |x|^2 - 2x.y + |y|^2: a query equal to a training row gets
      // a distance of ~1e-8 instead of 0, so its zero-distance rule does not fire there; ours does.
      if (c.params.metric === 'euclidean' && c.params.weights === 'distance' && distances[i * c.params.k] === 0 &&
        c.dataset === 'continuous') return;
      compared++;
      // Equal k-th distances (flagged ambiguous) are included: the heap selection matches sklearn's.
      assert.ok(Math.abs(v - c.proba[i]!) < 1e-12, `row ${i}: ${v} vs sklearn ${c.proba[i]}${c.ambiguous[i] ? ' (tie)' : ''}`);
      if (v !== 0.5) assert.equal(v > 0.5 ? 1 : 0, c.predict[i], `row ${i} prediction`);
    });
    assert.ok(compared >= (c.dataset === 'continuous' ? 50 : 40), `compared ${compared} rows`);
  });
}

test('distance weights with exact-zero distances: only the zero-distance neighbours count (sklearn rule)', () => {
  const X = matrixFromRows([[0, 0], [0, 0], [1, 0], [0, 1], [5, 5]]);
  const y = Uint8Array.from([1, 0, 0, 0, 1]);
  const f = new KNeighborsClassifier({ k: 4, weights: 'distance' }).fit(X, y);
  assert.deepEqual(Array.from(f.predictProba(matrixFromRows([[0, 0]]))), [0.5]);
  // No zero distance: inverse-distance weights.
  const p = f.predictProba(matrixFromRows([[0.5, 0]]))[0]!;
  const w = [1 / 0.5, 1 / 0.5, 1 / 0.5, 1 / Math.hypot(0.5, 1)];
  // Neighbours: rows 0, 1, 2 at 0.5 and row 3 at sqrt(1.25); class 1 only row 0.
  assert.ok(Math.abs(p - w[0]! / (w[0]! + w[1]! + w[2]! + w[3]!)) < 1e-15);
});

test('equal distances: the same neighbours as sklearn\'s heap (earlier rows first when the heap is not full)', () => {
  const X = matrixFromRows([[1], [-1], [1], [-1]]);
  const y = Uint8Array.from([1, 0, 0, 1]);
  const f = new KNeighborsClassifier({ k: 1 }).fit(X, y);
  const { indices } = f.kneighbors(matrixFromRows([[0], [0.9]]));
  assert.deepEqual(Array.from(indices), [0, 0]);
  const f2 = new KNeighborsClassifier({ k: 2, metric: 'manhattan' }).fit(X, y);
  assert.deepEqual(Array.from(f2.kneighbors(matrixFromRows([[0]])).indices), [0, 1]);
});

test('JSON round-trip predicts identically; the state holds the training data', () => {
  const ds = datasets['continuous']!;
  const X = toMatrix(ds.X);
  const f = new KNeighborsClassifier({ k: 7, weights: 'distance', metric: 'manhattan' }).fit(X, toLabels(ds.y));
  const json = JSON.parse(JSON.stringify(f.toJSON()));
  assert.equal(json.kind, 'knn');
  assert.equal(json.state.X.length, X.data.length);
  const loaded = KNeighborsClassifier.load(json);
  const Q = toMatrix(ds.Q);
  assert.deepEqual(loaded.predictProba(Q), f.predictProba(Q));
  assert.deepEqual(loaded.predict(Q), f.predict(Q));
});

test('parameters, defaults and errors', () => {
  const m = new KNeighborsClassifier();
  assert.deepEqual({ ...m.params }, { k: 5, weights: 'uniform', metric: 'euclidean' });
  assert.equal(m.withParams({ k: 3 }).params.k, 3);
  assert.throws(() => new KNeighborsClassifier({ k: 0 }), /k must be a positive integer/);
  assert.throws(() => new KNeighborsClassifier({ metric: 'cosine' as 'euclidean' }), /metric must be/);
  const X = matrixFromRows([[0], [1], [2]]);
  assert.throws(() => new KNeighborsClassifier({ k: 4 }).fit(X, Uint8Array.from([0, 1, 0])), /k = 4 exceeds the 3/);
  const f = new KNeighborsClassifier({ k: 1 }).fit(X, Uint8Array.from([0, 1, 0]));
  assert.throws(() => f.predictProba(matrixFromRows([[0, 1]])), /2 columns/);
  // One feature, k = n: every query gets the class share of the whole training set.
  const all = new KNeighborsClassifier({ k: 3 }).fit(X, Uint8Array.from([0, 1, 0]));
  assert.deepEqual(Array.from(all.predictProba(matrixFromRows([[10], [-3]]))), [1 / 3, 1 / 3]);
});
