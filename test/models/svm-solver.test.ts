import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Labels, Matrix } from '../../lib/core/types';
import { SVC, type SVCParams } from '../../lib/models/svc';
import { TrainingKernel, trainCSvc } from '../../lib/models/svm-solver';

// test/fixtures/svc_solver.json: scikit-learn 1.2.1 at tol 1e-3, written by scripts/fixtures/svc_solver.py.
interface JsonMatrix { nRows: number; nCols: number; data: number[] }
interface Case {
  params: { kernel: 'rbf' | 'linear' | 'poly'; C: number; gamma?: number | 'scale'; degree?: number; coef0?: number; class_weight?: 'balanced' };
  support: number[]; dualCoef: number[]; intercept: number; nIter: number; decision: number[];
}
const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'svc_solver.json'), 'utf8')) as {
  X: JsonMatrix; y: number[]; Q: JsonMatrix; cases: Case[];
};
const matrix = (m: JsonMatrix): Matrix => ({ nRows: m.nRows, nCols: m.nCols, data: Float64Array.from(m.data) });
const X = matrix(fixture.X), Q = matrix(fixture.Q);
const y = Uint8Array.from(fixture.y) as unknown as Labels;
const allRows = Int32Array.from({ length: X.nRows }, (_, i) => i);

function svcParams(c: Case): Partial<SVCParams> {
  const p = c.params;
  return {
    kernel: p.kernel, C: p.C, gamma: p.gamma ?? 'scale', degree: p.degree ?? 3, coef0: p.coef0 ?? 0,
    classWeight: p.class_weight ?? null, probability: false,
  };
}

for (const c of fixture.cases) {
  test(`libsvm solver takes sklearn's path at tol 1e-3: ${JSON.stringify(c.params)}`, () => {
    const f = new SVC({ ...svcParams(c), solver: 'smo' }).fit(X, y);
    // Same support vectors in the same order (class 0's first), same coefficients and intercept to rounding:
    // measured 1e-13 and below; a different path would differ by ~tol.
    assert.equal(f.nSupport, c.support.length);
    const p = X.nCols;
    c.support.forEach((row, s) => {
      for (let j = 0; j < p; j++) assert.equal(f.model.supportVectors[s * p + j], X.data[row * p + j], `support vector ${s}`);
      assert.ok(Math.abs(f.model.dualCoef[s]! - c.dualCoef[s]!) < 1e-9, `coef ${s}: ${f.model.dualCoef[s]} vs ${c.dualCoef[s]}`);
    });
    assert.ok(Math.abs(f.model.intercept - c.intercept) < 1e-9, `intercept ${f.model.intercept} vs ${c.intercept}`);
    f.decisionFunction(Q).forEach((v, i) => assert.ok(Math.abs(v - c.decision[i]!) < 1e-9, `row ${i}: ${v} vs ${c.decision[i]}`));
  });
}

test("the solver's iteration count is sklearn's n_iter_", () => {
  for (const c of fixture.cases) {
    const fitted = new SVC({ ...svcParams(c), solver: 'smo' }).fit(X, y);
    const [w0, w1] = c.params.class_weight ? [X.nRows / (2 * (X.nRows - sum(y))), X.nRows / (2 * sum(y))] : [1, 1];
    const kernel = new TrainingKernel(fitted.model.kernel, X.data, X.nRows, X.nCols);
    assert.equal(trainCSvc(kernel, allRows, y, c.params.C * w0, c.params.C * w1, 1e-3).iterations, c.nIter, JSON.stringify(c.params));
  }
});

test('SVC solvers smo and libsvm (libsvm-js, given class 0 first) agree: same support vectors, decision values to 1e-6', () => {
  for (const c of fixture.cases) {
    const a = new SVC({ ...svcParams(c), solver: 'smo' }).fit(X, y);
    const b = new SVC({ ...svcParams(c), solver: 'libsvm' }).fit(X, y);
    assert.equal(a.nSupport, b.nSupport);
    assert.deepEqual(a.model.supportVectors, b.model.supportVectors);
    // libsvm-js's coefficients pass through its model text (%.16g-ish), hence 1e-6 rather than 1e-12.
    a.model.dualCoef.forEach((v, s) => assert.ok(Math.abs(v - b.model.dualCoef[s]!) < 1e-6));
    const fa = a.decisionFunction(Q), fb = b.decisionFunction(Q);
    fa.forEach((v, i) => assert.ok(Math.abs(v - fb[i]!) < 1e-6, `${JSON.stringify(c.params)} row ${i}: ${v} vs ${fb[i]}`));
  }
});

test("class order 'first-row' follows upstream libsvm (libsvm-js on the rows as given)", () => {
  const Svm = require('libsvm-js/asm') as new (o: Record<string, unknown>) => {
    train(r: number[][], l: number[]): void; getSVIndices(): number[]; serializeModel(): string; free(): void;
  };
  const rows = Array.from({ length: X.nRows }, (_, i) => Array.from(X.data.subarray(i * X.nCols, (i + 1) * X.nCols)));
  for (const c of fixture.cases.filter((k) => !k.params.class_weight)) {
    const gamma = typeof c.params.gamma === 'number' ? c.params.gamma : new SVC(svcParams(c)).fit(X, y).gammaValue;
    const spec = { kernel: c.params.kernel, gamma, degree: c.params.degree ?? 3, coef0: c.params.coef0 ?? 0 };
    const ours = trainCSvc(new TrainingKernel(spec, X.data, X.nRows, X.nCols), allRows, y, c.params.C, c.params.C, 1e-3, 'first-row');
    const svm = new Svm({
      type: '0', kernel: { linear: '0', poly: '1', rbf: '2' }[spec.kernel], degree: spec.degree, gamma, coef0: spec.coef0,
      cost: c.params.C, tolerance: 1e-3, shrinking: true, quiet: true,
    });
    svm.train(rows, Array.from(y));
    const indices = svm.getSVIndices();
    const text = svm.serializeModel().split('\n');
    svm.free();
    const sv = text.indexOf('SV');
    // The first row is class 1, so libsvm solves class 1 as +1: its coefficients are already oriented like ours.
    const coefs = indices.map((_, s) => Number(text[sv + 1 + s]!.trim().split(' ', 1)[0]));
    const rho = Number(text.find((l) => l.startsWith('rho '))!.slice(4));
    assert.deepEqual(Array.from(ours.support), indices);
    coefs.forEach((v, s) => assert.ok(Math.abs(v - ours.dualCoef[s]!) < 1e-6, `coef ${s}: ${v} vs ${ours.dualCoef[s]}`));
    assert.ok(Math.abs(-rho - ours.intercept) < 1e-6);
  }
});

test('kernel rows shared across trainings (the Platt folds) give the same solutions as computed columns', () => {
  const spec = { kernel: 'rbf' as const, gamma: 0.2, degree: 3, coef0: 0 };
  const shared = new TrainingKernel(spec, X.data, X.nRows, X.nCols, true);
  const own = new TrainingKernel(spec, X.data, X.nRows, X.nCols, false);
  for (let fold = 0; fold < 3; fold++) {
    const idx = allRows.filter((i) => i % 3 !== fold);
    const a = trainCSvc(shared, idx, y, 2, 2, 1e-3), b = trainCSvc(own, idx, y, 2, 2, 1e-3);
    assert.deepEqual(a, b);
  }
});

function sum(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s;
}

test('kernels reading the shared dot products solve to the bit as kernels computing them (every kernel, a second matrix equal by value)', () => {
  const signs = Int8Array.from(y, (v) => (v === 1 ? 1 : -1));
  for (const c of fixture.cases) {
    const fitted = new SVC({ ...svcParams(c), solver: 'smo' }).fit(X, y);
    const spec = fitted.model.kernel;
    const own = new TrainingKernel(spec, X.data, X.nRows, X.nCols, false, false);
    // A copy of the matrix: the cache matches by value, as a fold's rows scaled again for the next candidate.
    const shared = new TrainingKernel(spec, Float64Array.from(X.data), X.nRows, X.nCols, false, true);
    const a = trainCSvc(own, allRows, y, c.params.C, c.params.C * 2, 1e-3);
    const b = trainCSvc(shared, allRows, y, c.params.C, c.params.C * 2, 1e-3);
    assert.deepEqual(b, a, JSON.stringify(c.params));
    const colA = new Float32Array(X.nRows), colB = new Float32Array(X.nRows);
    for (const row of [0, 7, X.nRows - 1]) {
      own.fillRaw(row, 1, allRows, signs, 0, X.nRows, colA);
      shared.fillRaw(row, 1, allRows, signs, 0, X.nRows, colB);
      assert.deepEqual(colB, colA);
      for (let b2 = 0; b2 < X.nRows; b2 += 5) assert.equal(Object.is(shared.value(row, b2), own.value(row, b2)), true);
    }
  }
});
