import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Random } from '../../lib/core/random';
import { matrixFromRows, type FittedJson, type Matrix } from '../../lib/core/types';
import { CartWorkspace, LEAF, growTree, rankFeatures, resolveMaxFeatures, type TreeNodes } from '../../lib/models/cart';
import { DecisionTreeClassifier, type DecisionTreeParams } from '../../lib/models/tree';

interface NodesFixture {
  nodeCount: number; feature: number[]; threshold: (number | null)[]; left: number[]; right: number[];
  classWeights: number[]; nodeSamples: number[]; nodeSampleWeight: number[]; impurity: number[]; maxDepth: number;
}
interface TreeCase { name: string; ties: boolean[]; testRowsWithoutTies: number[]; params: Partial<DecisionTreeParams>; tree: NodesFixture; probaTest: number[]; featureImportances: number[] }
interface Fixture {
  tree: { X: Matrix & { data: number[] }; y: number[]; Xtest: Matrix & { data: number[] }; ytest: number[]; cases: TreeCase[] };
}
const fixture = JSON.parse(readFileSync(join(__dirname, '../fixtures/models_tree.json'), 'utf8')) as Fixture;
const asMatrix = (m: { nRows: number; nCols: number; data: number[] }): Matrix => ({ nRows: m.nRows, nCols: m.nCols, data: Float64Array.from(m.data) });
const X = asMatrix(fixture.tree.X);
const y = Uint8Array.from(fixture.tree.y);
const Xtest = asMatrix(fixture.tree.Xtest);

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tol * Math.max(1, Math.abs(expected[i]!)), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

/** Improvement of a split as sklearn's proxy: -(wL * impurityL + wR * impurityR). */
function splitProxy(t: NodesFixture | TreeNodes, k: number): number {
  const l = t.left[k]!;
  const r = t.right[k]!;
  const w = (n: number): number => t.classWeights[2 * n]! + t.classWeights[2 * n + 1]!;
  return -(w(l) * t.impurity[l]! + w(r) * t.impurity[r]!);
}

for (const c of fixture.tree.cases) {
  test(`tree matches scikit-learn 1.2.1 node for node: ${c.name}`, () => {
    const e = c.tree;
    const hasTies = c.ties.some(Boolean);
    // Several seeds: where no splits tie, the feature visit order must not matter.
    for (const seed of [0, 1, 7]) {
      const fitted = new DecisionTreeClassifier({ ...c.params, seed }).fit(X, y);
      const t = fitted.tree;
      let exact = 0;
      const walk = (k: number, s: number): void => {
        const where = `node ${s} (sklearn numbering)`;
        assert.equal(t.nodeSamples[k], e.nodeSamples[s], `${where}: n_node_samples`);
        assertClose(t.classWeights.subarray(2 * k, 2 * k + 2), e.classWeights.slice(2 * s, 2 * s + 2), 1e-12, `${where}: value`);
        assertClose([t.nodeSampleWeight[k]!, t.impurity[k]!], [e.nodeSampleWeight[s]!, e.impurity[s]!], 1e-12, `${where}: weight, impurity`);
        const pure = e.classWeights[2 * s] === 0 || e.classWeights[2 * s + 1] === 0;
        if (e.feature[s] === LEAF || pure) {
          // sklearn may split a pure node whose impurity rounds to 4e-16 with fractional weights (balanced);
          // both children then predict the same class, so a leaf here is equivalent.
          assert.equal(t.feature[k], LEAF, `${where}: leaf`);
          return;
        }
        assert.notEqual(t.feature[k], LEAF, `${where}: split`);
        if (c.ties[s]) {
          // Another split is as good: sklearn's random visit order chose; ours must be as good.
          assertClose([splitProxy(t, k)], [splitProxy(e, s)], 1e-9, `${where}: tied split's improvement`);
          return;
        }
        exact++;
        assert.equal(t.feature[k], e.feature[s], `${where}: feature`);
        assert.equal(t.threshold[k], e.threshold[s], `${where}: threshold (exact)`);
        walk(t.left[k]!, e.left[s]!);
        walk(t.right[k]!, e.right[s]!);
      };
      walk(0, 0);
      assert.ok(exact >= 10, `compared ${exact} untied splits exactly`);
      const proba = fitted.predictProba(Xtest);
      assertClose(c.testRowsWithoutTies.map((i) => proba[i]!), c.testRowsWithoutTies.map((i) => c.probaTest[i]!), 1e-12, 'predict_proba');
      if (!hasTies) {
        assert.equal(t.nodeCount, e.nodeCount, 'node count');
        assert.deepEqual(Array.from(t.feature), e.feature, 'features, preorder');
        assert.deepEqual(Array.from(t.left), e.left, 'left children');
        assert.deepEqual(Array.from(t.right), e.right, 'right children');
        assert.equal(t.maxDepth, e.maxDepth, 'max depth');
        assertClose(fitted.featureImportances, c.featureImportances, 1e-12, 'feature_importances_');
      } else {
        // Tied splits move a little impurity decrease between features.
        assertClose(fitted.featureImportances, c.featureImportances, 0.05, 'feature_importances_ (ties)');
      }
    }
  });
}

test('JSON round trip restores identical predictions', () => {
  const fitted = new DecisionTreeClassifier({ criterion: 'entropy', minSamplesLeaf: 2, classWeight: 'balanced' }).fit(X, y);
  const json = JSON.parse(JSON.stringify(fitted.toJSON())) as FittedJson;
  assert.equal(json.kind, 'tree');
  const loaded = DecisionTreeClassifier.load(json);
  assert.deepEqual(loaded.predictProba(Xtest), fitted.predictProba(Xtest));
  assert.deepEqual(loaded.featureImportances, fitted.featureImportances);
  assert.deepEqual(loaded.params, fitted.params);
  assert.throws(() => DecisionTreeClassifier.load({ ...json, kind: 'forest' }), /kind 'forest', expected 'tree'/);
});

test('defaults, withParams and validation', () => {
  const model = new DecisionTreeClassifier();
  assert.equal(model.kind, 'tree');
  assert.deepEqual({ ...model.params }, {
    criterion: 'gini', maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: null, classWeight: null, seed: 0,
  });
  const deeper = model.withParams({ maxDepth: 3 });
  assert.equal(deeper.params.maxDepth, 3);
  assert.equal(model.params.maxDepth, null);
  assert.throws(() => new DecisionTreeClassifier({ criterion: 'log' as 'gini' }), /criterion/);
  assert.throws(() => new DecisionTreeClassifier({ maxDepth: 0 }), /maxDepth/);
  assert.throws(() => new DecisionTreeClassifier({ minSamplesSplit: 1 }), /minSamplesSplit/);
  assert.throws(() => new DecisionTreeClassifier({ maxFeatures: 'all' as 'sqrt' }), /maxFeatures/);
  assert.throws(() => model.fit(matrixFromRows([[1], [2]]), Uint8Array.from([1, 1])), /only class 1/);
  assert.throws(() => model.fit(X, y).predictProba(matrixFromRows([[1, 2]])), /2 columns, the model was fitted on 5/);
  assert.equal(resolveMaxFeatures('sqrt', 17, 't'), 4);
  assert.equal(resolveMaxFeatures(0.5, 17, 't'), 8);
  assert.equal(resolveMaxFeatures(3, 17, 't'), 3);
});

test('maxDepth, minSamplesLeaf and pure leaves are respected; probabilities are leaf fractions', () => {
  const fitted = new DecisionTreeClassifier({ maxDepth: 3, minSamplesLeaf: 10 }).fit(X, y);
  const t = fitted.tree;
  assert.ok(t.maxDepth <= 3);
  for (let k = 0; k < t.nodeCount; k++) {
    assert.ok(t.nodeSamples[k]! >= 10);
    if (t.feature[k] === LEAF) assert.equal(t.value[k], t.classWeights[2 * k + 1]! / (t.classWeights[2 * k]! + t.classWeights[2 * k + 1]!));
  }
  // Unlimited growth on distinct rows memorises the training set.
  const full = new DecisionTreeClassifier().fit(X, y);
  assert.deepEqual(Array.from(full.predict(X)), Array.from(y));
  const s = full.featureImportances.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(s - 1) < 1e-12);
});

test('maxFeatures draws per split and stays deterministic per seed', () => {
  const a = new DecisionTreeClassifier({ maxFeatures: 2, seed: 3 }).fit(X, y);
  const b = new DecisionTreeClassifier({ maxFeatures: 2, seed: 3 }).fit(X, y);
  const c = new DecisionTreeClassifier({ maxFeatures: 2, seed: 4 }).fit(X, y);
  assert.deepEqual(a.tree.feature, b.tree.feature);
  assert.notDeepEqual(Array.from(a.tree.feature), Array.from(c.tree.feature));
});

test('ties, constant and duplicated values: splits fall between distinct values, x <= threshold goes left', () => {
  const Xs = matrixFromRows([[1, 5], [1, 5], [2, 5], [2, 5], [3, 5], [3, 5]]);
  const ys = Uint8Array.from([0, 0, 0, 1, 1, 1]);
  const t = new DecisionTreeClassifier().fit(Xs, ys).tree;
  assert.equal(t.feature[0], 0, 'the constant column is never split');
  assert.ok([1.5, 2.5].includes(t.threshold[0]!));
  const ranks = rankFeatures(Xs);
  assert.deepEqual(Array.from(ranks.distinct[0]!), [1, 2, 3]);
  assert.deepEqual(Array.from(ranks.distinct[1]!), [5]);
  // Row [2, 5] is ambiguous (one of each class): its leaf gives 0.5.
  const fitted = new DecisionTreeClassifier().fit(Xs, ys);
  assert.deepEqual(Array.from(fitted.predictProba(matrixFromRows([[2, 5], [1, 0], [3, 9]]))), [0.5, 0, 1]);
});

test('random data with many ties: sample counts add up and the tree classifies its training data as well as possible', () => {
  const rng = new Random(11);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 400; i++) {
    const r = [rng.int(4), rng.int(3), Math.round(rng.normal() * 4) / 4];
    rows.push(r);
    labels.push(r[0]! + r[2]! + rng.normal() > 1.5 ? 1 : 0);
  }
  const Xr = matrixFromRows(rows);
  const fitted = new DecisionTreeClassifier({ classWeight: 'balanced' }).fit(Xr, Uint8Array.from(labels));
  const t = fitted.tree;
  for (let k = 0; k < t.nodeCount; k++) {
    if (t.feature[k] === LEAF) continue;
    assert.equal(t.nodeSamples[k], t.nodeSamples[t.left[k]!]! + t.nodeSamples[t.right[k]!]!);
    assert.ok(Math.abs(t.nodeSampleWeight[k]! - t.nodeSampleWeight[t.left[k]!]! - t.nodeSampleWeight[t.right[k]!]!) < 1e-9);
  }
  assert.ok(Math.abs(t.nodeSampleWeight[0]! - 400) < 1e-9, 'balanced weights sum to n');
});

test('the split searches (presorted scan, rank histogram, rank sort) grow the same trees', () => {
  // Mixed columns: the fixture's continuous ones (presorted or sorted) plus a low-cardinality one (histogram).
  const p = X.nCols + 1;
  const data = new Float64Array(X.nRows * p);
  for (let i = 0; i < X.nRows; i++) {
    data.set(X.data.subarray(i * X.nCols, (i + 1) * X.nCols), i * p);
    data[i * p + X.nCols] = (i * 7) % 5;
  }
  const ws = new CartWorkspace(rankFeatures({ nRows: X.nRows, nCols: p, data }));
  const rng = new Random(0);
  for (const criterion of ['gini', 'entropy'] as const) {
    for (const maxFeatures of [p, 2]) {
      for (let t = 0; t < 4; t++) {
        const weights = new Float64Array(X.nRows);
        for (let k = 0; k < X.nRows; k++) weights[rng.int(X.nRows)]++;
        const settings = { criterion, maxDepth: Infinity, minSamplesSplit: 2, minSamplesLeaf: 1 + t, maxFeatures };
        const a = growTree(ws, y, weights, { ...settings, splitSearch: 'presorted' }, new Random(t));
        const b = growTree(ws, y, weights, { ...settings, splitSearch: 'rank' }, new Random(t));
        assert.deepEqual(a.feature, b.feature);
        assert.deepEqual(a.threshold, b.threshold);
        assert.deepEqual(a.classWeights, b.classWeights);
        assert.ok(a.nodeCount > 20);
      }
    }
  }
});

test('sibling histogram subtraction grows the same trees as building every histogram (random trees)', () => {
  // Columns of every path: continuous (presorted), 41- and 5-value (histogram, subtracted), binary.
  const rng = new Random(11);
  for (let t = 0; t < 60; t++) {
    const n = 60 + rng.int(400);
    const p = 3 + rng.int(6);
    const data = new Float64Array(n * p);
    const ys = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        const kind = j % 4;
        data[i * p + j] = kind === 0 ? rng.normal() : kind === 1 ? rng.int(41) : kind === 2 ? rng.int(5) : rng.int(2);
      }
      ys[i] = rng.next() < 0.3 + 0.4 * (data[i * p + 1]! > 20 ? 1 : 0) * (data[i * p]! > 0 ? 1 : 0.5) ? 1 : 0;
    }
    const ws = new CartWorkspace(rankFeatures({ nRows: n, nCols: p, data }));
    const weights = new Float64Array(n);
    for (let k = 0; k < n; k++) weights[rng.int(n)]++;
    const settings = {
      criterion: rng.next() < 0.5 ? 'gini' as const : 'entropy' as const,
      maxDepth: rng.next() < 0.5 ? Infinity : 2 + rng.int(10),
      minSamplesSplit: 2 + rng.int(8),
      minSamplesLeaf: 1 + rng.int(6),
      maxFeatures: p,
    };
    const a = growTree(ws, ys, weights, settings, new Random(t));
    const b = growTree(ws, ys, weights, { ...settings, histogramSubtraction: false }, new Random(t));
    const c = growTree(ws, ys, weights, { ...settings, splitSearch: 'rank' }, new Random(t));
    for (const other of [b, c]) {
      assert.deepEqual(a.feature, other.feature);
      assert.deepEqual(a.threshold, other.threshold);
      assert.deepEqual(a.classWeights, other.classWeights);
      assert.deepEqual(a.impurity, other.impurity);
    }
  }
});

test('load rejects a corrupted tree with a clear message', () => {
  const json = new DecisionTreeClassifier({ maxDepth: 2 }).fit(X, y).toJSON();
  const state = JSON.parse(JSON.stringify(json.state)) as { tree: { left: number[]; feature: number[] } };
  state.tree.left[0] = 0;
  assert.throws(() => DecisionTreeClassifier.load({ ...json, state }), /node 0 has an invalid feature or child index/);
  const short = JSON.parse(JSON.stringify(json.state)) as { tree: { feature: number[] } };
  short.tree.feature.pop();
  assert.throws(() => DecisionTreeClassifier.load({ ...json, state: short }), /'feature' must be an array of/);
});
