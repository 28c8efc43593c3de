/**
 * Small numeric helpers shared by the linear, neighbour and SVM models: input checks with clear messages,
 * a numerically stable sigmoid / log-loss, class weights as scikit-learn computes them, and a dense
 * Cholesky solve for the few-dozen-variable Newton systems of logistic regression.
 */
import type { Json, Labels, Matrix } from '../core/types';

/** Class weights as the models accept them: none, scikit-learn's 'balanced', or explicit weights per class. */
export type ClassWeight = null | 'balanced' | { '0': number; '1': number };

/**
 * Checks a training matrix and its labels: same length, at least one column, finite values, labels 0/1 and
 * both classes present. `who` names the model in the message (e.g. 'LogisticRegression.fit').
 */
export function checkFitInput(X: Matrix, y: Labels, who: string): void {
  if (X.nRows !== y.length) throw new Error(`${who}: X has ${X.nRows} rows but y has ${y.length} labels`);
  if (X.nRows === 0) throw new Error(`${who}: X has no rows`);
  if (X.nCols === 0) throw new Error(`${who}: X has no columns`);
  if (X.data.length !== X.nRows * X.nCols) {
    throw new Error(`${who}: X.data has ${X.data.length} values, expected nRows*nCols = ${X.nRows * X.nCols}`);
  }
  checkFinite(X, who);
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (v !== 0 && v !== 1) throw new Error(`${who}: label at row ${i} is ${v}, expected 0 or 1`);
    positives += v;
  }
  if (positives === 0 || positives === y.length) {
    throw new Error(`${who}: y has only class ${positives === 0 ? 0 : 1}; a binary classifier needs both classes`);
  }
}

/** Checks a matrix to predict: the column count the model was fitted on and finite values. */
export function checkPredictInput(X: Matrix, nFeatures: number, who: string): void {
  if (X.nCols !== nFeatures) throw new Error(`${who}: X has ${X.nCols} columns, the model was fitted on ${nFeatures}`);
  if (X.data.length !== X.nRows * X.nCols) {
    throw new Error(`${who}: X.data has ${X.data.length} values, expected nRows*nCols = ${X.nRows * X.nCols}`);
  }
  checkFinite(X, who);
}

function checkFinite(X: Matrix, who: string): void {
  const d = X.data;
  for (let k = 0; k < d.length; k++) {
    if (!Number.isFinite(d[k]!)) {
      throw new Error(`${who}: X has a non-finite value (${d[k]}) at row ${Math.floor(k / X.nCols)}, column ${k % X.nCols}; ` +
        'impute or drop missing values before the model');
    }
  }
}

/** 1 / (1 + e^-z) without overflow. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow or loss of precision for large |z|. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Thresholds probabilities: 1 where p >= threshold. */
export function thresholdProba(proba: Float64Array, threshold: number): Labels {
  const out = new Uint8Array(proba.length);
  for (let i = 0; i < proba.length; i++) out[i] = proba[i]! >= threshold ? 1 : 0;
  return out;
}

/**
 * Per-class weights [w0, w1] as scikit-learn computes them: 'balanced' gives n / (2 * n_c), explicit
 * weights are taken as given, null gives [1, 1].
 */
export function classWeights(y: Labels, classWeight: ClassWeight | undefined): [number, number] {
  if (classWeight == null) return [1, 1];
  if (classWeight === 'balanced') {
    let n1 = 0;
    for (let i = 0; i < y.length; i++) n1 += y[i]!;
    const n0 = y.length - n1;
    return [y.length / (2 * n0), y.length / (2 * n1)];
  }
  return [classWeight['0'], classWeight['1']];
}

/** Validates a classWeight parameter value (who names the model). */
export function checkClassWeight(cw: unknown, who: string): void {
  if (cw == null || cw === 'balanced') return;
  if (typeof cw === 'object' && cw !== null) {
    const w = cw as Record<string, unknown>;
    const ok = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;
    if (ok(w['0']) && ok(w['1'])) return;
  }
  throw new Error(`${who}: classWeight must be null, 'balanced' or {"0": w0, "1": w1} with positive weights, got ${JSON.stringify(cw)}`);
}

/**
 * Solves A x = b in place for a symmetric positive (semi-)definite n x n matrix A (row-major), by Cholesky.
 * When a pivot is not positive (a singular system: collinear features without penalty) a small ridge,
 * relative to the diagonal, is added and the factorisation retried. Returns x (b is not modified).
 */
export function solveSpd(A: Float64Array, b: Float64Array, n: number): Float64Array {
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(A[i * n + i]!));
  let ridge = 0;
  const L = new Float64Array(n * n);
  for (let attempt = 0; attempt < 12; attempt++) {
    if (choleskyInto(A, L, n, ridge)) {
      const x = Float64Array.from(b);
      for (let i = 0; i < n; i++) {
        let s = x[i]!;
        for (let k = 0; k < i; k++) s -= L[i * n + k]! * x[k]!;
        x[i] = s / L[i * n + i]!;
      }
      for (let i = n - 1; i >= 0; i--) {
        let s = x[i]!;
        for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * x[k]!;
        x[i] = s / L[i * n + i]!;
      }
      return x;
    }
    ridge = ridge === 0 ? Math.max(maxDiag, 1e-300) * 1e-12 : ridge * 100;
  }
  throw new Error('solveSpd: the matrix is not positive definite even with a ridge (non-finite values?)');
}

function choleskyInto(A: Float64Array, L: Float64Array, n: number, ridge: number): boolean {
  L.fill(0);
  for (let j = 0; j < n; j++) {
    let s = A[j * n + j]! + ridge;
    for (let k = 0; k < j; k++) s -= L[j * n + k]! * L[j * n + k]!;
    if (!(s > 0)) return false;
    const ljj = Math.sqrt(s);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let t = A[i * n + j]!;
      for (let k = 0; k < j; k++) t -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = t / ljj;
    }
  }
  return true;
}

/** A Float64Array as a plain JSON array. */
export function toJsonArray(a: ArrayLike<number>): number[] {
  return Array.from(a);
}

/** Reads a numeric array field from a model's saved state, with a clear message when it is missing. */
export function readNumberArray(state: Json, field: string, who: string): Float64Array {
  const v = (state as Record<string, Json> | null)?.[field];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) {
    throw new Error(`${who}: saved state has no numeric array '${field}'`);
  }
  return Float64Array.from(v as number[]);
}

/** Reads a number field from a model's saved state. */
export function readNumber(state: Json, field: string, who: string): number {
  const v = (state as Record<string, Json> | null)?.[field];
  if (typeof v !== 'number') throw new Error(`${who}: saved state has no number '${field}'`);
  return v;
}

/** Checks that a saved model is of the expected kind. */
export function checkKind(kind: string, expected: string, who: string): void {
  if (kind !== expected) throw new Error(`${who}: JSON is of kind '${kind}', expected '${expected}'`);
}
