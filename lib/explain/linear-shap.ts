/**
 * Exact SHAP values of a linear model (shap's `LinearExplainer` with the interventional / independent
 * feature assumption): for a margin f(x) = b + Σ_j w_j x_j, the Shapley value of feature j is
 * φ_j(x) = w_j (x_j − E[x_j]), the expectation taken over a background sample, and the base value is the
 * margin at the background mean. Values are in log-odds (margin) space, where the model is additive.
 */
import type { Matrix } from '../core/types';
import type { ShapExplanation } from './shap-types';

/** What LinearSHAP needs of a model: its weights and intercept (a fitted logistic regression has both). */
export interface LinearModel {
  readonly coef: ArrayLike<number>;
  readonly intercept: number;
}

/** Options of {@link linearShap}. */
export interface LinearShapOptions {
  /** Names of X's columns (default `x0`, `x1`, ...). */
  featureNames?: readonly string[];
}

/** Column means of a matrix (the background expectation). */
export function columnMeans(background: Matrix): Float64Array {
  if (background.nRows === 0) throw new Error('columnMeans: the background has no rows');
  const p = background.nCols;
  const means = new Float64Array(p);
  for (let i = 0; i < background.nRows; i++) for (let j = 0; j < p; j++) means[j] += background.data[i * p + j]!;
  for (let j = 0; j < p; j++) means[j] /= background.nRows;
  return means;
}

/**
 * SHAP values of a linear model for the rows of X, against a background (a Matrix, usually the training
 * rows, or its column means directly).
 * @example linearShap(fittedLogistic, pipeline.transform(frame), pipeline.transform(trainFrame), {featureNames: pipeline.featureNamesOut()})
 */
export function linearShap(model: LinearModel, X: Matrix, background: Matrix | Float64Array, options: LinearShapOptions = {}): ShapExplanation {
  const p = X.nCols;
  if (model.coef.length !== p) throw new Error(`linearShap: the model has ${model.coef.length} weights but X has ${p} columns`);
  const means = background instanceof Float64Array ? background : columnMeans(background);
  if (means.length !== p) throw new Error(`linearShap: the background has ${means.length} columns, X has ${p}`);
  const names = options.featureNames ? [...options.featureNames] : Array.from({ length: p }, (_, j) => `x${j}`);
  if (names.length !== p) throw new Error(`linearShap: ${names.length} feature names for ${p} columns`);
  let expectedValue = model.intercept;
  for (let j = 0; j < p; j++) expectedValue += model.coef[j]! * means[j]!;
  const values = new Float64Array(X.nRows * p);
  for (let i = 0; i < X.nRows; i++) {
    for (let j = 0; j < p; j++) values[i * p + j] = model.coef[j]! * (X.data[i * p + j]! - means[j]!);
  }
  return {
    values: { nRows: X.nRows, nCols: p, data: values },
    expectedValue,
    featureNames: names,
    data: { nRows: X.nRows, nCols: p, data: new Float64Array(X.data) },
    outputSpace: 'margin',
  };
}

/** The linear model's margin (log-odds) b + w·x for each row. */
export function linearMargin(model: LinearModel, X: Matrix): Float64Array {
  const p = X.nCols;
  const out = new Float64Array(X.nRows);
  for (let i = 0; i < X.nRows; i++) {
    let z = model.intercept;
    for (let j = 0; j < p; j++) z += model.coef[j]! * X.data[i * p + j]!;
    out[i] = z;
  }
  return out;
}
