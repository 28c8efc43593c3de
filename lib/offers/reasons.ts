/**
 * Reasons per customer: the features that push each customer's drop probability up most, with the SHAP value
 * behind each and the direction in words («мало страниц за визит: 3,0 против 8,2 в среднем»).
 *
 * The values come from the exact explainer where the model allows (LinearSHAP of a logistic regression in
 * log-odds, TreeSHAP of a tree or forest in probability) and, for the kernel models (SVC, k-NN, a calibrated
 * wrapper), from a linear surrogate: a least-squares fit of the model's probability on the preprocessed
 * training customers, explained exactly (φ_j = w_j (x_j − E x_j), one-hot columns summed to their feature).
 * KernelSHAP of an SVC costs ~0.1 s per customer; the surrogate costs one dot product, so reasons for 10^6
 * customers stay within the scoring budget. Its fidelity (R² on the training customers) is kept, and the
 * offers stage reports its agreement with KernelSHAP on the explained test customers.
 */
import type { Frame, Matrix } from '../core/types';
import { describeDriverValue, type DisplayLanguage } from '../core/labels';
import { columnMeans } from '../explain/linear-shap';
import { shapMethodFor } from '../explain/pipeline-shap';
import { aggregateShap, type ShapExplanation } from '../explain/shap-types';
import { treeShap, type TreeModel } from '../explain/tree-shap';
import { solveSpd } from '../models/linalg';
import type { FittedPipeline } from '../preprocess/pipeline';

/** How reasons are computed. */
export type ReasonMethod = 'linear-shap' | 'tree-shap' | 'linear-surrogate';

/** What the reason explainer keeps (JSON: the model file carries it for scoring). */
export interface ReasonExplainer {
  readonly method: ReasonMethod;
  /** The space of the values: log-odds for LinearSHAP, probability otherwise. */
  readonly outputSpace: 'margin' | 'probability';
  /** The linear form explained (the model's own for LinearSHAP, the surrogate's otherwise); null for TreeSHAP. */
  readonly linear: { readonly coef: number[]; readonly intercept: number; readonly means: number[] } | null;
  /** The surrogate's R² against the model's probability on the training customers; null for exact methods. */
  readonly fidelity: { readonly r2: number; readonly rows: number } | null;
  /** Mean of every numeric feature over the training customers (the "в среднем" of the words). */
  readonly featureMeans: Readonly<Record<string, number>>;
}

/** A customer's reasons: up to k features, largest push towards a drop first. */
export interface CustomerReason {
  readonly feature: string;
  /** The SHAP value (in the explainer's space): how much this feature raises the customer's output. */
  readonly shap: number;
  /** For a numeric feature: is the customer's value below or above the training mean. */
  readonly side: 'low' | 'high' | null;
  readonly value: number | string;
}

/**
 * Ridge least squares of y on the columns of X (centred; the tiny ridge only guards against a constant or
 * collinear one-hot column): the surrogate's weights, intercept and R².
 */
export function fitLinearSurrogate(X: Matrix, y: ArrayLike<number>, ridge = 1e-8): { coef: Float64Array; intercept: number; r2: number } {
  const n = X.nRows;
  const p = X.nCols;
  if (n !== y.length) throw new Error(`fitLinearSurrogate: ${n} rows but ${y.length} outputs`);
  const means = columnMeans(X);
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i]!;
  yMean /= n;
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) row[j] = X.data[i * p + j]! - means[j]!;
    const t = y[i]! - yMean;
    for (let j = 0; j < p; j++) {
      b[j] += row[j]! * t;
      for (let k = 0; k <= j; k++) A[j * p + k] += row[j]! * row[k]!;
    }
  }
  let trace = 0;
  for (let j = 0; j < p; j++) trace += A[j * p + j]!;
  for (let j = 0; j < p; j++) {
    A[j * p + j] += ridge * (trace / p || 1);
    for (let k = 0; k < j; k++) A[k * p + j] = A[j * p + k]!;
  }
  const coef = solveSpd(A, b, p);
  let intercept = yMean;
  for (let j = 0; j < p; j++) intercept -= coef[j]! * means[j]!;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    let f = intercept;
    for (let j = 0; j < p; j++) f += coef[j]! * X.data[i * p + j]!;
    ssRes += (y[i]! - f) ** 2;
    ssTot += (y[i]! - yMean) ** 2;
  }
  return { coef, intercept, r2: ssTot > 0 ? 1 - ssRes / ssTot : 1 };
}

/** The reason method for a model kind: exact where it exists, the linear surrogate otherwise. */
export function reasonMethodFor(kind: string): ReasonMethod {
  const shap = shapMethodFor(kind);
  return shap === 'linear' ? 'linear-shap' : shap === 'tree' ? 'tree-shap' : 'linear-surrogate';
}

/**
 * Fits the reason explainer of a fitted pipeline on its training customers.
 * @example const explainer = fitReasonExplainer(fitted, trainFrame); explainer.method
 */
export function fitReasonExplainer(pipeline: FittedPipeline, trainFrame: Frame, method: ReasonMethod = reasonMethodFor(pipeline.model.kind)): ReasonExplainer {
  const featureMeans: Record<string, number> = {};
  for (const [name, column] of Object.entries(trainFrame.columns)) {
    if (!(column instanceof Float64Array) || column.length === 0) continue;
    let s = 0;
    for (const v of column) s += v;
    featureMeans[name] = s / column.length;
  }
  if (method === 'tree-shap') return { method, outputSpace: 'probability', linear: null, fidelity: null, featureMeans };
  const X = pipeline.preprocessor.transform(trainFrame);
  const means = Array.from(columnMeans(X));
  if (method === 'linear-shap') {
    const model = pipeline.model as unknown as { coef?: ArrayLike<number>; intercept?: number };
    if (!model.coef || typeof model.intercept !== 'number') throw new Error(`fitReasonExplainer: LinearSHAP needs a model with coef and intercept; '${pipeline.model.kind}' has none`);
    return { method, outputSpace: 'margin', linear: { coef: Array.from(model.coef), intercept: model.intercept, means }, fidelity: null, featureMeans };
  }
  const surrogate = fitLinearSurrogate(X, pipeline.model.predictProba(X));
  return {
    method, outputSpace: 'probability',
    linear: { coef: Array.from(surrogate.coef), intercept: surrogate.intercept, means },
    fidelity: { r2: surrogate.r2, rows: X.nRows }, featureMeans,
  };
}

/**
 * SHAP values of the reason explainer for the rows of `frame`, one column per original feature.
 * @example explainReasons(fitted, explainer, frame).values
 */
export function explainReasons(pipeline: FittedPipeline, explainer: ReasonExplainer, frame: Frame, transformed?: Matrix): ShapExplanation {
  // `transformed`: the frame already through the pipeline's preprocessor (a scorer that predicted from it).
  const X = transformed ?? pipeline.preprocessor.transform(frame);
  const sources = pipeline.preprocessor.sourceColumns();
  const names = pipeline.preprocessor.featureNamesOut();
  if (explainer.method === 'tree-shap') {
    const { values, expectedValue } = treeShap(pipeline.model as unknown as TreeModel, X);
    return aggregateShap({ values, expectedValue, featureNames: names, outputSpace: 'probability' }, sources);
  }
  const linear = explainer.linear!;
  const p = X.nCols;
  if (linear.coef.length !== p) throw new Error(`explainReasons: the explainer has ${linear.coef.length} weights, the pipeline ${p} columns`);
  // φ grouped by original feature directly: one pass, no n × p intermediate.
  const groups: string[] = [];
  const groupOf = sources.map((s) => {
    let g = groups.indexOf(s);
    if (g < 0) g = groups.push(s) - 1;
    return g;
  });
  const m = groups.length;
  const values = new Float64Array(X.nRows * m);
  for (let i = 0; i < X.nRows; i++) {
    for (let j = 0; j < p; j++) values[i * m + groupOf[j]!] += linear.coef[j]! * (X.data[i * p + j]! - linear.means[j]!);
  }
  let expectedValue = linear.intercept;
  for (let j = 0; j < p; j++) expectedValue += linear.coef[j]! * linear.means[j]!;
  return { values: { nRows: X.nRows, nCols: m, data: values }, expectedValue, featureNames: groups, outputSpace: explainer.outputSpace };
}

/**
 * The indices of the `count` largest positive values of `values[base .. base + m)`, written into
 * `picked[at ..]` from the largest down; returns how many were positive. Selection, not a sort: k is 3 and
 * m about 16, and this runs once per scored customer. Ties go to the earlier feature, so reasons repeat exactly.
 */
export function largestPositive(values: ArrayLike<number>, base: number, m: number, count: number, picked: Int32Array, at: number): number {
  let found = 0;
  for (let k = 0; k < count; k++) {
    let best = -1;
    let bestValue = 0;
    for (let j = 0; j < m; j++) {
      const v = values[base + j]!;
      if (!(v > bestValue)) continue;
      let used = false;
      for (let q = 0; q < found; q++) if (picked[at + q] === j) { used = true; break; }
      if (!used) { best = j; bestValue = v; }
    }
    if (best < 0) break;
    picked[at + found++] = best;
  }
  return found;
}

/**
 * Each customer's top reasons: the features with the largest positive SHAP values (those that raise the drop
 * probability), at most `count`; a customer with fewer positive values gets fewer reasons.
 */
export function topReasons(explanation: ShapExplanation, frame: Frame, featureMeans: Readonly<Record<string, number>>, count = 3): CustomerReason[][] {
  const { nRows: n, nCols: m, data } = explanation.values;
  const out: CustomerReason[][] = new Array(n);
  const columns = explanation.featureNames.map((f) => frame.columns[f]);
  const means = explanation.featureNames.map((f) => featureMeans[f]);
  const picked = new Int32Array(count);
  for (let i = 0; i < n; i++) {
    const base = i * m;
    const found = largestPositive(data, base, m, count, picked, 0);
    const reasons: CustomerReason[] = new Array(found);
    for (let q = 0; q < found; q++) {
      const j = picked[q]!;
      const column = columns[j];
      const value = column === undefined ? NaN : column[i]!;
      const mean = means[j];
      reasons[q] = { feature: explanation.featureNames[j]!, shap: data[base + j]!, side: typeof value === 'number' && mean !== undefined ? (value < mean ? 'low' : 'high') : null, value };
    }
    out[i] = reasons;
  }
  return out;
}

/** A reason in words, e.g. «мало страниц за визит: 3,0 против 8,2 в среднем». */
export function reasonText(reason: CustomerReason, featureMeans: Readonly<Record<string, number>>, lang: DisplayLanguage = 'ru'): string {
  return describeDriverValue(reason.feature, reason.value, typeof reason.value === 'number' ? featureMeans[reason.feature] ?? null : null, lang);
}

/** How far two explanations of the same customers agree on the reasons. */
export interface ReasonAgreement {
  readonly customers: number;
  /** Mean share of the top-k reasons (positive SHAP, largest first) the two explanations share. */
  readonly topKOverlap: number;
  /** Share of customers whose first reason is the same. */
  readonly sameFirst: number;
  /** Mean |difference| of the SHAP values over customers and features (same space required). */
  readonly meanAbsDifference: number;
  readonly k: number;
}

/**
 * Agreement of an approximate explanation with a reference (e.g. the surrogate's with KernelSHAP's) on the
 * same customers and features.
 */
export function reasonAgreement(approx: ShapExplanation, reference: ShapExplanation, k = 3): ReasonAgreement {
  const n = reference.values.nRows;
  if (approx.values.nRows !== n) throw new Error(`reasonAgreement: ${approx.values.nRows} rows against ${n}`);
  const names = reference.featureNames;
  const index = names.map((f) => approx.featureNames.indexOf(f));
  if (index.some((j) => j < 0)) throw new Error('reasonAgreement: the explanations have different features');
  const m = names.length;
  const top = (row: (j: number) => number): number[] => Array.from({ length: m }, (_, j) => j).filter((j) => row(j) > 0).sort((a, b) => row(b) - row(a) || a - b).slice(0, k);
  let overlap = 0;
  let first = 0;
  let diff = 0;
  for (let i = 0; i < n; i++) {
    const ref = (j: number) => reference.values.data[i * m + j]!;
    const app = (j: number) => approx.values.data[i * approx.values.nCols + index[j]!]!;
    const a = top(app);
    const r = top(ref);
    const denom = Math.max(a.length, r.length);
    overlap += denom === 0 ? 1 : a.filter((j) => r.includes(j)).length / denom;
    if (a[0] === r[0]) first++;
    for (let j = 0; j < m; j++) diff += Math.abs(app(j) - ref(j));
  }
  return { customers: n, topKOverlap: overlap / n, sameFirst: first / n, meanAbsDifference: diff / (n * m), k };
}
