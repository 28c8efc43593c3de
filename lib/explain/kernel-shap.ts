/**
 * Model-agnostic KernelSHAP (Lundberg & Lee 2017, "A Unified Approach to Interpreting Model Predictions"),
 * following shap's `KernelExplainer`: a feature (or group of columns) absent from a coalition takes the
 * values of background rows (interventional expectation), the coalitions are weighted by the Shapley
 * kernel π(z) = (M − 1) / (C(M, |z|) |z| (M − |z|)), and a weighted least squares with the constraint
 * Σ φ = f(x) − E[f(background)] gives the values.
 *
 * Coalitions: all 2^M − 2 of them when that fits the budget (then the values are the exact Shapley
 * values); otherwise shap's scheme: subset sizes (paired with their complements) are enumerated fully from
 * the smallest and largest inwards while the budget covers them, and the rest are drawn by kernel weight
 * with paired sampling, repeated draws adding weight. Seeded, so a run repeats.
 *
 * Differences from shap: no L1 feature pre-selection (shap's `l1_reg='auto'` applies an AIC lasso when the
 * budget is below 20 % of 2^M; here all varying features keep a value), and the background is a sample of
 * rows, not k-means centres.
 */
import { Random } from '../core/random';
import type { Matrix } from '../core/types';
import { takeRows } from '../core/types';
import type { ShapExplanation } from './shap-types';

/** A model output per row, e.g. `(X) => model.predictProba(X)` or a margin function. */
export type PredictFunction = (X: Matrix) => Float64Array;

/** Options of {@link kernelShap}. */
export interface KernelShapOptions {
  /** Coalitions evaluated per explained row (default shap's 'auto': 2M + 2048). */
  nSamples?: number;
  /** Seed of the coalition draws (default 42). */
  seed?: number;
  /**
   * Position of X's first row among all rows being explained (default 0). Row i draws its coalitions from
   * seed + (firstRowIndex + i)·7919, so the rows explained in parts (one part per worker thread) get exactly
   * the values they get explained together.
   */
  firstRowIndex?: number;
  /** Names of X's columns (default `x0`, ...); ignored when `groups` is given. */
  featureNames?: readonly string[];
  /** Column index sets that enter or leave a coalition together (e.g. one-hot columns of a category); a partition of the columns. */
  groups?: readonly (readonly number[])[];
  /** Names of the groups (default: the name of each group's first column). */
  groupNames?: readonly string[];
  /**
   * A model's own way to compute the coalition outputs (mean output over the background with the masked groups
   * set to x), e.g. FittedSVC.coalitionProba; null from it falls back to scoring the coalition rows with `f`.
   */
  coalitionOutputs?: (x: Float64Array, background: Matrix, groups: readonly (readonly number[])[], masks: readonly Uint8Array[]) => Float64Array | null;
  /** Largest number of rows passed to the model in one call (default 65536). */
  batchRows?: number;
  /** Labels the output space in the result (default 'probability'). */
  outputSpace?: 'margin' | 'probability';
  /** Called after each explained row. */
  onProgress?: (done: number, total: number) => void;
}

/** A seeded sample of k distinct rows of X (all rows when k ≥ nRows), in row order: a KernelSHAP background. */
export function sampleBackground(X: Matrix, k: number, seed = 42): Matrix {
  if (k >= X.nRows) return X;
  const perm = new Random(seed).permutation(X.nRows);
  const chosen = Array.from(perm.subarray(0, k)).sort((a, b) => a - b);
  return takeRows(X, chosen);
}

/** Groups and their names from each column's source feature (`FittedColumnTransformer.sourceColumns()`), first appearance order. */
export function groupsFromSources(sources: readonly string[]): { groups: number[][]; groupNames: string[] } {
  const groupNames: string[] = [];
  const groups: number[][] = [];
  sources.forEach((s, j) => {
    let g = groupNames.indexOf(s);
    if (g < 0) {
      g = groupNames.length;
      groupNames.push(s);
      groups.push([]);
    }
    groups[g]!.push(j);
  });
  return { groups, groupNames };
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Every k-subset of 0..n-1 in lexicographic order. */
function* combinations(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  while (true) {
    yield idx.slice();
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}

/** Coalitions (rows of 0/1 over the M varying features) and their kernel weights. */
interface Coalitions {
  masks: Uint8Array[];
  weights: number[];
}

/** All 2^M − 2 proper non-empty coalitions with their exact Shapley kernel weights. */
function enumerateAll(M: number): Coalitions {
  const masks: Uint8Array[] = [];
  const weights: number[] = [];
  const total = 2 ** M;
  for (let code = 1; code < total - 1; code++) {
    const mask = new Uint8Array(M);
    let size = 0;
    for (let j = 0; j < M; j++) if ((code >> j) & 1) { mask[j] = 1; size++; }
    masks.push(mask);
    weights.push((M - 1) / (binomial(M, size) * size * (M - size)));
  }
  return { masks, weights };
}

/** shap's coalition scheme: full enumeration of the outer subset sizes within budget, paired sampling of the rest. */
function sampleCoalitions(M: number, nSamples: number, rng: Random): Coalitions {
  const masks: Uint8Array[] = [];
  const weights: number[] = [];
  const nSubsetSizes = Math.ceil((M - 1) / 2);
  const nPairedSizes = Math.floor((M - 1) / 2);
  const weightVector = Array.from({ length: nSubsetSizes }, (_, k) => (M - 1) / ((k + 1) * (M - k - 1)));
  for (let k = 0; k < nPairedSizes; k++) weightVector[k]! *= 2;
  const wSum = weightVector.reduce((a, b) => a + b, 0);
  for (let k = 0; k < nSubsetSizes; k++) weightVector[k]! /= wSum;

  let nFullSubsets = 0;
  let samplesLeft = nSamples;
  let remaining = weightVector.slice();
  for (let size = 1; size <= nSubsetSizes; size++) {
    let nSubsets = binomial(M, size);
    const paired = size <= nPairedSizes;
    if (paired) nSubsets *= 2;
    if ((samplesLeft * remaining[size - 1]!) / nSubsets < 1 - 1e-8) break;
    nFullSubsets++;
    samplesLeft -= nSubsets;
    if (remaining[size - 1]! < 1) {
      const scale = 1 - remaining[size - 1]!;
      remaining = remaining.map((w) => w / scale);
    }
    let w = weightVector[size - 1]! / binomial(M, size);
    if (paired) w /= 2;
    for (const inds of combinations(M, size)) {
      const mask = new Uint8Array(M);
      for (const j of inds) mask[j] = 1;
      masks.push(mask);
      weights.push(w);
      if (paired) {
        masks.push(Uint8Array.from(mask, (v) => 1 - v));
        weights.push(w);
      }
    }
  }
  const nFixed = masks.length;
  samplesLeft = nSamples - nFixed;
  if (nFullSubsets !== nSubsetSizes && samplesLeft > 0) {
    // Draw subset sizes by their remaining kernel weight (paired sizes halved: each draw adds two coalitions).
    const rw = weightVector.slice();
    for (let k = 0; k < nPairedSizes; k++) rw[k]! /= 2;
    const rest = rw.slice(nFullSubsets);
    const restSum = rest.reduce((a, b) => a + b, 0);
    const cumulative: number[] = [];
    let acc = 0;
    for (const w of rest) cumulative.push((acc += w / restSum));
    const seen = new Map<string, number>();
    const add = (mask: Uint8Array): void => {
      const key = mask.join('');
      const at = seen.get(key);
      if (at === undefined) {
        seen.set(key, masks.length);
        masks.push(mask);
        weights.push(1);
        samplesLeft--;
      } else weights[at]! += 1;
    };
    const maxDraws = 4 * samplesLeft;
    for (let draw = 0; draw < maxDraws && samplesLeft > 0; draw++) {
      const u = rng.next();
      let k = 0;
      while (k < cumulative.length - 1 && u >= cumulative[k]!) k++;
      const size = k + nFullSubsets + 1;
      const perm = rng.permutation(M);
      const mask = new Uint8Array(M);
      for (let j = 0; j < size; j++) mask[perm[j]!] = 1;
      add(mask);
      if (samplesLeft > 0 && size <= nPairedSizes) add(Uint8Array.from(mask, (v) => 1 - v));
    }
    // The sampled coalitions share the kernel weight the enumerated sizes left over.
    const weightLeft = weightVector.slice(nFullSubsets).reduce((a, b) => a + b, 0);
    let sampledSum = 0;
    for (let s = nFixed; s < weights.length; s++) sampledSum += weights[s]!;
    for (let s = nFixed; s < weights.length; s++) weights[s] = (weights[s]! * weightLeft) / sampledSum;
  }
  return { masks, weights };
}

/** Solves A x = b (A symmetric positive semi-definite, n × n) by Gaussian elimination with partial pivoting; a tiny ridge if singular. */
function solve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += A[i * n + i]!;
  for (const ridge of [0, 1e-10 * (trace / n || 1), 1e-6 * (trace / n || 1)]) {
    const a = new Float64Array(A);
    const x = new Float64Array(b);
    for (let i = 0; i < n; i++) a[i * n + i] += ridge;
    let ok = true;
    for (let c = 0; c < n && ok; c++) {
      let piv = c;
      for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[piv * n + c]!)) piv = r;
      if (Math.abs(a[piv * n + c]!) <= 1e-13 * (trace / n || 1)) { ok = false; break; }
      if (piv !== c) {
        for (let k = 0; k < n; k++) { const t = a[c * n + k]!; a[c * n + k] = a[piv * n + k]!; a[piv * n + k] = t; }
        const t = x[c]!; x[c] = x[piv]!; x[piv] = t;
      }
      for (let r = c + 1; r < n; r++) {
        const f = a[r * n + c]! / a[c * n + c]!;
        if (f === 0) continue;
        for (let k = c; k < n; k++) a[r * n + k] -= f * a[c * n + k]!;
        x[r] -= f * x[c]!;
      }
    }
    if (!ok) continue;
    for (let r = n - 1; r >= 0; r--) {
      let s = x[r]!;
      for (let k = r + 1; k < n; k++) s -= a[r * n + k]! * x[k]!;
      x[r] = s / a[r * n + r]!;
    }
    return x;
  }
  throw new Error('kernelShap: the weighted least squares system is singular; raise nSamples');
}

/** Mean model output over the background with the coalition's features set to x's values, for each coalition. */
function coalitionOutputs(
  f: PredictFunction,
  x: Float64Array,
  background: Matrix,
  varyingCols: readonly (readonly number[])[],
  masks: readonly Uint8Array[],
  batchRows: number,
): Float64Array {
  const N = background.nRows;
  const p = background.nCols;
  const out = new Float64Array(masks.length);
  const perBatch = Math.max(1, Math.floor(batchRows / N));
  for (let start = 0; start < masks.length; start += perBatch) {
    const end = Math.min(masks.length, start + perBatch);
    const rows = (end - start) * N;
    const data = new Float64Array(rows * p);
    for (let s = start; s < end; s++) {
      const mask = masks[s]!;
      const base = (s - start) * N * p;
      data.set(background.data, base);
      for (let g = 0; g < mask.length; g++) {
        if (!mask[g]) continue;
        for (const j of varyingCols[g]!) {
          const v = x[j]!;
          for (let r = 0; r < N; r++) data[base + r * p + j] = v;
        }
      }
    }
    const y = f({ nRows: rows, nCols: p, data });
    if (y.length !== rows) throw new Error(`kernelShap: the model returned ${y.length} outputs for ${rows} rows`);
    for (let s = start; s < end; s++) {
      let sum = 0;
      const off = (s - start) * N;
      for (let r = 0; r < N; r++) sum += y[off + r]!;
      out[s] = sum / N;
    }
  }
  return out;
}

/**
 * KernelSHAP values of the rows of X for any model output `f`, against a background sample.
 * Each row satisfies `expectedValue + Σ_j values[i, j] = f(x_i)` to rounding.
 * @example kernelShap((X) => knn.predictProba(X), Xtest, sampleBackground(Xtrain, 50, 42), {nSamples: 500, seed: 42})
 */
export function kernelShap(f: PredictFunction, X: Matrix, background: Matrix, options: KernelShapOptions = {}): ShapExplanation {
  const p = X.nCols;
  if (background.nCols !== p) throw new Error(`kernelShap: background has ${background.nCols} columns, X has ${p}`);
  if (background.nRows === 0) throw new Error('kernelShap: the background has no rows');
  let groups: number[][];
  let names: string[];
  if (options.groups) {
    groups = options.groups.map((g) => [...g]);
    const seen = new Uint8Array(p);
    for (const g of groups) {
      if (g.length === 0) throw new Error('kernelShap: a group is empty');
      for (const j of g) {
        if (!(j >= 0 && j < p) || seen[j]) throw new Error(`kernelShap: groups must partition the ${p} columns (column ${j} is out of range or repeated)`);
        seen[j] = 1;
      }
    }
    if (seen.some((v) => v === 0)) throw new Error(`kernelShap: groups must partition the ${p} columns (column ${seen.indexOf(0)} is in no group)`);
    const fallback = options.featureNames ?? Array.from({ length: p }, (_, j) => `x${j}`);
    names = options.groupNames ? [...options.groupNames] : groups.map((g) => fallback[g[0]!]!);
    if (names.length !== groups.length) throw new Error(`kernelShap: ${names.length} group names for ${groups.length} groups`);
  } else {
    groups = Array.from({ length: p }, (_, j) => [j]);
    names = options.featureNames ? [...options.featureNames] : Array.from({ length: p }, (_, j) => `x${j}`);
    if (names.length !== p) throw new Error(`kernelShap: ${names.length} feature names for ${p} columns`);
  }
  const G = groups.length;
  const seed = options.seed ?? 42;
  const batchRows = options.batchRows ?? 65536;
  const firstRowIndex = options.firstRowIndex ?? 0;
  const bgOut = f(background);
  let fnull = 0;
  for (let r = 0; r < bgOut.length; r++) fnull += bgOut[r]!;
  fnull /= bgOut.length;
  const fx = f(X);
  const values = new Float64Array(X.nRows * G);
  const data = new Float64Array(X.nRows * G).fill(NaN);
  const N = background.nRows;

  for (let i = 0; i < X.nRows; i++) {
    const x = X.data.subarray(i * p, (i + 1) * p);
    groups.forEach((g, k) => { if (g.length === 1) data[i * G + k] = x[g[0]!]!; });
    // Only groups where x differs from some background row can change the output (shap's varying features).
    const varying: number[] = [];
    for (let k = 0; k < G; k++) {
      let differs = false;
      for (const j of groups[k]!) {
        for (let r = 0; r < N && !differs; r++) if (background.data[r * p + j] !== x[j]) differs = true;
        if (differs) break;
      }
      if (differs) varying.push(k);
    }
    const M = varying.length;
    const total = fx[i]! - fnull;
    if (M === 1) values[i * G + varying[0]!] = total;
    if (M >= 2) {
      const nSamples = options.nSamples ?? 2 * M + 2048;
      const rng = new Random(seed + (firstRowIndex + i) * 7919);
      const { masks, weights } = M <= 30 && 2 ** M - 2 <= nSamples ? enumerateAll(M) : sampleCoalitions(M, nSamples, rng);
      const varyingCols = varying.map((k) => groups[k]!);
      const ey = options.coalitionOutputs?.(x, background, varyingCols, masks) ?? coalitionOutputs(f, x, background, varyingCols, masks, batchRows);
      // Eliminate the last feature through the constraint Σ φ = f(x) − fnull, then solve the weighted normal equations.
      const m = M - 1;
      const A = new Float64Array(m * m);
      const b = new Float64Array(m);
      const row = new Float64Array(m);
      for (let s = 0; s < masks.length; s++) {
        const mask = masks[s]!;
        const last = mask[m]!;
        for (let j = 0; j < m; j++) row[j] = mask[j]! - last;
        const target = ey[s]! - fnull - last * total;
        const w = weights[s]!;
        for (let a = 0; a < m; a++) {
          const wa = w * row[a]!;
          if (wa === 0) continue;
          b[a] += wa * target;
          for (let c = a; c < m; c++) A[a * m + c] += wa * row[c]!;
        }
      }
      for (let a = 0; a < m; a++) for (let c = 0; c < a; c++) A[a * m + c] = A[c * m + a]!;
      const phi = solve(A, b, m);
      let sum = 0;
      for (let j = 0; j < m; j++) {
        values[i * G + varying[j]!] = phi[j]!;
        sum += phi[j]!;
      }
      values[i * G + varying[m]!] = total - sum;
    }
    options.onProgress?.(i + 1, X.nRows);
  }
  return {
    values: { nRows: X.nRows, nCols: G, data: values },
    expectedValue: fnull,
    featureNames: names,
    data: { nRows: X.nRows, nCols: G, data },
    outputSpace: options.outputSpace ?? 'probability',
  };
}
