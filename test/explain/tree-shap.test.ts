import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../lib/core/random';
import { matrixFromRows, type Matrix } from '../../lib/core/types';
import { treeExpectedValue, treeShap, treeShapRecursive } from '../../lib/explain/tree-shap';
import { LEAF, type TreeNodes } from '../../lib/models/cart';
import { RandomForestClassifier } from '../../lib/models/forest';
import { DecisionTreeClassifier } from '../../lib/models/tree';

/** Seeded data: p features, some discrete, a nonlinear target with interactions. */
function makeData(n: number, p: number, seed: number): { X: Matrix; y: Uint8Array } {
  const rng = new Random(seed);
  const data = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) data[i * p + j] = j % 2 === 0 ? rng.normal() : rng.int(4);
    const x = data.subarray(i * p, i * p + p);
    const z = x[0]! + 0.6 * x[1]! * (x[2]! > 0 ? 1 : -0.5) - 0.8 * (p > 3 ? x[3]! : 0) * 0.3 + 0.5 * rng.normal();
    y[i] = z > 0.4 ? 1 : 0;
  }
  return { X: { nRows: n, nCols: p, data }, y };
}

/** E[f(x) | x_S] as path-dependent TreeSHAP defines it: off-S splits average the children by cover. */
function conditionalExpectation(tree: TreeNodes, x: ArrayLike<number>, inS: boolean[], k = 0): number {
  const f = tree.feature[k]!;
  if (f === LEAF) return tree.value[k]!;
  const l = tree.left[k]!;
  const r = tree.right[k]!;
  if (inS[f]) return conditionalExpectation(tree, x, inS, x[f]! <= tree.threshold[k]! ? l : r);
  const w = tree.nodeSampleWeight[k]!;
  return (tree.nodeSampleWeight[l]! / w) * conditionalExpectation(tree, x, inS, l) + (tree.nodeSampleWeight[r]! / w) * conditionalExpectation(tree, x, inS, r);
}

/** Exact Shapley values by enumerating all 2^p coalitions (p <= ~10). */
function bruteForceShap(trees: readonly TreeNodes[], x: ArrayLike<number>, p: number): number[] {
  const v = (mask: number): number => {
    const inS = Array.from({ length: p }, (_, j) => (mask & (1 << j)) !== 0);
    let s = 0;
    for (const t of trees) s += conditionalExpectation(t, x, inS);
    return s / trees.length;
  };
  const fact = [1];
  for (let k = 1; k <= p; k++) fact.push(fact[k - 1]! * k);
  const values = new Array<number>(1 << p);
  for (let m = 0; m < 1 << p; m++) values[m] = v(m);
  const phi = new Array<number>(p).fill(0);
  for (let j = 0; j < p; j++) {
    for (let m = 0; m < 1 << p; m++) {
      if (m & (1 << j)) continue;
      let size = 0;
      for (let t = m; t; t &= t - 1) size++;
      phi[j] += (fact[size]! * fact[p - size - 1]! / fact[p]!) * (values[m | (1 << j)]! - values[m]!);
    }
  }
  return phi;
}

function row(X: Matrix, i: number): Float64Array {
  return X.data.subarray(i * X.nCols, (i + 1) * X.nCols);
}

test('agrees with brute-force exact Shapley values (cover-conditional expectations, all subsets) on a tree with 5 features', () => {
  const { X, y } = makeData(300, 5, 1);
  for (const params of [{ maxDepth: 6 }, { minSamplesLeaf: 3, criterion: 'entropy' as const }, { maxDepth: 4, classWeight: 'balanced' as const }]) {
    const fitted = new DecisionTreeClassifier(params).fit(X, y);
    assert.ok(fitted.tree.maxDepth >= 4, 'a tree deep enough for features to repeat on paths');
    const shap = treeShap(fitted, X);
    for (let i = 0; i < 40; i++) {
      const expected = bruteForceShap([fitted.tree], row(X, i), 5);
      for (let j = 0; j < 5; j++) {
        assert.ok(Math.abs(shap.values.data[i * 5 + j]! - expected[j]!) < 1e-10, `row ${i} feature ${j}: ${shap.values.data[i * 5 + j]} vs ${expected[j]}`);
      }
    }
  }
});

test('agrees with brute force on a small bootstrap forest (mean of the trees)', () => {
  const { X, y } = makeData(250, 4, 2);
  const forest = new RandomForestClassifier({ nEstimators: 7, maxDepth: 7, seed: 5 }).fit(X, y);
  const shap = treeShap(forest, X);
  for (let i = 0; i < 25; i++) {
    const expected = bruteForceShap(forest.trees, row(X, i), 4);
    for (let j = 0; j < 4; j++) assert.ok(Math.abs(shap.values.data[i * 4 + j]! - expected[j]!) < 1e-10);
  }
});

test('additivity: expectedValue + row sum = predictProba for every row (1e-9), tree and forest', () => {
  const { X, y } = makeData(600, 8, 3);
  const Xtest = makeData(300, 8, 4).X;
  const tree = new DecisionTreeClassifier({ minSamplesLeaf: 2 }).fit(X, y);
  const forest = new RandomForestClassifier({ nEstimators: 40, seed: 1 }).fit(X, y);
  for (const model of [tree, forest]) {
    const shap = treeShap(model, Xtest);
    const proba = model.predictProba(Xtest);
    let worst = 0;
    for (let i = 0; i < Xtest.nRows; i++) {
      let s = shap.expectedValue;
      for (let j = 0; j < 8; j++) s += shap.values.data[i * 8 + j]!;
      worst = Math.max(worst, Math.abs(s - proba[i]!));
    }
    assert.ok(worst < 1e-9, `largest additivity gap ${worst}`);
    assert.equal(shap.outputSpace, 'probability');
    assert.equal(shap.featureNames.length, 8);
  }
  // The base value is the training mean of the output: the root's (weighted) class-1 fraction.
  assert.ok(Math.abs(treeExpectedValue(tree.tree) - tree.tree.value[0]!) < 1e-12);
});

test('the leaf-wise memoised evaluation equals the published recursion (Algorithm 2)', () => {
  const { X, y } = makeData(500, 9, 8);
  const forest = new RandomForestClassifier({ nEstimators: 15, seed: 4 }).fit(X, y);
  const fast = treeShap(forest, X);
  const reference = treeShapRecursive(forest, X);
  assert.ok(Math.abs(fast.expectedValue - reference.expectedValue) < 1e-15);
  for (let k = 0; k < fast.values.data.length; k++) assert.ok(Math.abs(fast.values.data[k]! - reference.values.data[k]!) < 1e-12);
});

test('a feature the model never splits on gets exactly 0', () => {
  const { X, y } = makeData(300, 4, 6);
  // Column 4: constant, never split; with maxDepth 2 some real column is unused too.
  const data = new Float64Array(300 * 5);
  for (let i = 0; i < 300; i++) {
    data.set(row(X, i), i * 5);
    data[i * 5 + 4] = 7;
  }
  const X5 = { nRows: 300, nCols: 5, data };
  for (const model of [new DecisionTreeClassifier({ maxDepth: 2 }).fit(X5, y), new RandomForestClassifier({ nEstimators: 10, seed: 2 }).fit(X5, y)]) {
    const trees = 'trees' in model ? model.trees : [model.tree];
    const used = new Set<number>();
    for (const t of trees) for (const f of t.feature) if (f >= 0) used.add(f);
    assert.ok(!used.has(4));
    const shap = treeShap(model, X5);
    for (let j = 0; j < 5; j++) {
      if (used.has(j)) continue;
      for (let i = 0; i < 300; i++) assert.equal(shap.values.data[i * 5 + j], 0, `unused feature ${j}, row ${i}`);
    }
  }
});

test('symmetric features on a symmetric tree get equal values (y = x0 AND x1)', () => {
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let r = 0; r < 10; r++) {
    for (const [a, b] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
      rows.push([a, b, r % 3]);
      labels.push(a & b);
    }
  }
  const fitted = new DecisionTreeClassifier().fit(matrixFromRows(rows), Uint8Array.from(labels));
  const shap = treeShap(fitted, matrixFromRows([[1, 1, 0], [0, 1, 2], [1, 0, 1], [0, 0, 0]]));
  const v = (i: number, j: number): number => shap.values.data[i * 3 + j]!;
  assert.ok(Math.abs(shap.expectedValue - 0.25) < 1e-15);
  // (1,1): both raise the output from 0.25 to 1 equally.
  assert.ok(Math.abs(v(0, 0) - 0.375) < 1e-12 && Math.abs(v(0, 1) - 0.375) < 1e-12);
  // (0,1) and (1,0) mirror each other: the zero feature takes -0.375, the one feature +0.125.
  assert.ok(Math.abs(v(1, 0) + 0.375) < 1e-12 && Math.abs(v(1, 1) - 0.125) < 1e-12);
  assert.ok(Math.abs(v(2, 1) + 0.375) < 1e-12 && Math.abs(v(2, 0) - 0.125) < 1e-12);
  assert.ok(Math.abs(v(3, 0) - v(3, 1)) < 1e-12 && Math.abs(v(3, 0) + 0.125) < 1e-12);
  for (let i = 0; i < 4; i++) assert.equal(v(i, 2), 0);
});

test('checks its input', () => {
  const { X, y } = makeData(100, 3, 7);
  const fitted = new DecisionTreeClassifier({ maxDepth: 3 }).fit(X, y);
  assert.throws(() => treeShap(fitted, matrixFromRows([[1, 2]])), /2 columns, the model was fitted on 3/);
  assert.throws(() => treeShap(fitted, X, ['a']), /1 feature names for 3 features/);
  assert.deepEqual(treeShap(fitted, X, ['a', 'b', 'c']).featureNames, ['a', 'b', 'c']);
});

test('a tree that is a single leaf explains nothing: zero values, expectedValue = its prediction', () => {
  const X = matrixFromRows([[1], [1], [1], [1]]);
  const fitted = new DecisionTreeClassifier().fit(X, Uint8Array.from([0, 1, 1, 1]));
  assert.equal(fitted.tree.nodeCount, 1);
  for (const engine of [treeShap, treeShapRecursive]) {
    const shap = engine(fitted, X);
    assert.deepEqual(Array.from(shap.values.data), [0, 0, 0, 0]);
    assert.equal(shap.expectedValue, 0.75);
  }
});
