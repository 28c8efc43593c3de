/**
 * Typed access to test/fixtures/models_linear.json (written by scripts/fixtures/models_linear.py from
 * scikit-learn 1.2.1) for the logistic, k-NN and SVC tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Labels, Matrix } from '../../lib/core/types';

interface JsonMatrix { nRows: number; nCols: number; data: number[] }

/** The fixture file's shape. */
export interface LinearFixture {
  logistic: {
    datasets: Record<string, { X: JsonMatrix; y: number[] }>;
    cases: Array<{
      dataset: string; params: Record<string, unknown>; solver: string; nIter: number; kktViolation: number;
      coef: number[]; intercept: number; proba: number[];
    }>;
  };
  knn: {
    datasets: Record<string, { X: JsonMatrix; y: number[]; Q: JsonMatrix }>;
    cases: Array<{ dataset: string; params: { k: number; weights: 'uniform' | 'distance'; metric: 'euclidean' | 'manhattan' };
      proba: number[]; predict: number[]; ambiguous: boolean[] }>;
  };
  svc: {
    small: { X: JsonMatrix; y: number[]; Q: JsonMatrix };
    cases: Array<{ params: Record<string, unknown>; decision: number[]; nSupport: number; gammaValue: number }>;
    probability: {
      Xtrain: JsonMatrix; ytrain: number[]; Xtest: JsonMatrix; ytest: number[];
      cases: Array<{ params: Record<string, unknown>; proba: number[]; auc: number; probA: number; probB: number }>;
    };
  };
}

/** The parsed fixture. */
export const linearFixture: LinearFixture = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'models_linear.json'), 'utf8'),
) as LinearFixture;

/** A fixture matrix as a Matrix. */
export function toMatrix(m: JsonMatrix): Matrix {
  return { nRows: m.nRows, nCols: m.nCols, data: Float64Array.from(m.data) };
}

/** Fixture labels as Labels. */
export function toLabels(y: number[]): Labels {
  return Uint8Array.from(y);
}
