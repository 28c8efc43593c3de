import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../lib/core/random';
import type { Frame, Matrix } from '../../lib/core/types';
import { permutationImportanceFrame, permutationImportanceMatrix, rankImportances } from '../../lib/explain/permutation';

/** Rows where x0 decides the label (with noise), x1 matters a little, x2 is ignored by the scorer. */
function data(n: number, seed: number): { X: Matrix; y: Uint8Array } {
  const rng = new Random(seed);
  const X = new Float64Array(n * 3);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    X[i * 3] = rng.normal();
    X[i * 3 + 1] = rng.normal();
    X[i * 3 + 2] = rng.normal();
    y[i] = X[i * 3]! + 0.3 * X[i * 3 + 1]! + 0.5 * rng.normal() > 0 ? 1 : 0;
  }
  return { X: { nRows: n, nCols: 3, data: X }, y };
}

const scorer = (X: Matrix): Float64Array => {
  const out = new Float64Array(X.nRows);
  for (let i = 0; i < X.nRows; i++) out[i] = 2 * X.data[i * 3]! + 0.6 * X.data[i * 3 + 1]!;
  return out;
};

test('matrix importance: the decisive feature first, the ignored one exactly 0, deterministic for a seed', () => {
  const { X, y } = data(300, 1);
  const r = permutationImportanceMatrix(scorer, X, y, { nRepeats: 5, seed: 3, featureNames: ['a', 'b', 'c'] });
  assert.equal(r.importances.length, 3);
  const [a, b, c] = r.importances;
  assert.ok(a!.mean > 0.2, `a: ${a!.mean}`);
  assert.ok(b!.mean > 0 && b!.mean < a!.mean);
  assert.equal(c!.mean, 0);
  assert.equal(c!.std, 0);
  assert.deepEqual(rankImportances(r).map((f) => f.feature), ['a', 'b', 'c']);
  const again = permutationImportanceMatrix(scorer, X, y, { nRepeats: 5, seed: 3, featureNames: ['a', 'b', 'c'] });
  assert.deepEqual(Array.from(again.importances[0]!.drops), Array.from(a!.drops));
  const other = permutationImportanceMatrix(scorer, X, y, { nRepeats: 5, seed: 4, featureNames: ['a', 'b', 'c'] });
  assert.notDeepEqual(Array.from(other.importances[0]!.drops), Array.from(a!.drops));
  // The input matrix is left unchanged.
  assert.deepEqual(Array.from(X.data), Array.from(data(300, 1).X.data));
});

test('mean and std are those of the per-repeat drops (ddof 0)', () => {
  const { X, y } = data(200, 2);
  const r = permutationImportanceMatrix(scorer, X, y, { nRepeats: 4, seed: 9 });
  const d = Array.from(r.importances[0]!.drops);
  assert.equal(d.length, 4);
  const mean = d.reduce((s, v) => s + v, 0) / 4;
  const std = Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / 4);
  assert.ok(Math.abs(r.importances[0]!.mean - mean) < 1e-15);
  assert.ok(Math.abs(r.importances[0]!.std - std) < 1e-15);
});

test('frame importance permutes an original column, so its one-hot columns move together', () => {
  const { X, y } = data(240, 5);
  const colour: string[] = [];
  for (let i = 0; i < 240; i++) colour.push(X.data[i * 3]! > 0.5 ? 'red' : X.data[i * 3]! < -0.5 ? 'blue' : 'green');
  const frame: Frame = { nRows: 240, columns: { colour, b: Float64Array.from({ length: 240 }, (_, i) => X.data[i * 3 + 1]!) } };
  // A model over the one-hot columns of colour: its importance is one number for the whole category.
  let calls = 0;
  const predict = (f: Frame): Float64Array => {
    calls++;
    const c = f.columns.colour as string[];
    const b = f.columns.b as Float64Array;
    return Float64Array.from({ length: f.nRows }, (_, i) => (c[i] === 'red' ? 1 : 0) - (c[i] === 'blue' ? 1 : 0) + 0.1 * b[i]!);
  };
  const r = permutationImportanceFrame(predict, frame, y, { nRepeats: 3, seed: 1 });
  assert.deepEqual(r.importances.map((f) => f.feature), ['colour', 'b']);
  assert.ok(r.importances[0]!.mean > r.importances[1]!.mean);
  assert.equal(calls, 1 + 2 * 3);
  // Same permutations as the matrix version when the frame is numeric.
  const numeric: Frame = { nRows: 240, columns: { a: Float64Array.from({ length: 240 }, (_, i) => X.data[i * 3]!), b: frame.columns.b! } };
  const viaFrame = permutationImportanceFrame((f) => Float64Array.from({ length: f.nRows }, (_, i) => 2 * (f.columns.a as Float64Array)[i]! + 0.6 * (f.columns.b as Float64Array)[i]!), numeric, y, { nRepeats: 3, seed: 1 });
  const viaMatrix = permutationImportanceMatrix(scorer, X, y, { nRepeats: 3, seed: 1, featureNames: ['a', 'b', 'c'], features: ['a', 'b'] });
  assert.deepEqual(viaFrame.importances.map((f) => Array.from(f.drops)), viaMatrix.importances.map((f) => Array.from(f.drops)));
});

test('unknown features and mismatched labels are reported', () => {
  const { X, y } = data(20, 1);
  assert.throws(() => permutationImportanceMatrix(scorer, X, y.subarray(0, 10)), /20 rows but 10 labels/);
  assert.throws(() => permutationImportanceFrame(() => new Float64Array(20), { nRows: 20, columns: {} }, y, { features: ['zzz'] }), /'zzz' is not a column/);
});
