/**
 * The shape every SHAP explainer of the library returns (LinearSHAP, KernelSHAP, TreeSHAP), and helpers on
 * it: grouping one-hot columns back to their original feature, mean |SHAP| ranking, additivity checks.
 */
import type { Matrix } from '../core/types';

/**
 * SHAP values of some rows: `values[i, j]` is feature j's contribution to row i's output, and for every row
 * `expectedValue + Σ_j values[i, j]` equals the model's output for that row (in the explainer's space:
 * log-odds for LinearSHAP, probability for KernelSHAP on `predictProba` and TreeSHAP).
 */
export interface ShapExplanation {
  /** nRows × nFeatures contributions. */
  values: Matrix;
  /** The base value: the mean output over the background (E[f(X)]). */
  expectedValue: number;
  /** One name per column of `values`. */
  featureNames: string[];
  /** The explained rows' feature values (same shape as `values`; NaN where a column has no single value, e.g. a grouped category). */
  data?: Matrix;
  /** What the output is: 'margin' (log-odds) or 'probability'. */
  outputSpace?: 'margin' | 'probability';
}

/**
 * Sums SHAP columns that come from the same original feature (the one-hot columns of a category), which is
 * exact for additive explanations: a feature's contribution is the sum of its columns' contributions.
 * `sources[j]` is the original feature of column j (e.g. `FittedColumnTransformer.sourceColumns()`).
 * Output features keep the order of first appearance; a group of one column keeps its data, a larger
 * group gets NaN data (no single numeric value).
 */
export function aggregateShap(explanation: ShapExplanation, sources: readonly string[]): ShapExplanation {
  const { values } = explanation;
  if (sources.length !== values.nCols) throw new Error(`aggregateShap: ${sources.length} sources for ${values.nCols} SHAP columns`);
  const groups: string[] = [];
  const groupOf = new Int32Array(sources.length);
  const sizes: number[] = [];
  sources.forEach((s, j) => {
    let g = groups.indexOf(s);
    if (g < 0) {
      g = groups.length;
      groups.push(s);
      sizes.push(0);
    }
    groupOf[j] = g;
    sizes[g]!++;
  });
  const n = values.nRows;
  const m = groups.length;
  const out = new Float64Array(n * m);
  const data = new Float64Array(n * m).fill(NaN);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < values.nCols; j++) {
      const g = groupOf[j]!;
      out[i * m + g] += values.data[i * values.nCols + j]!;
      if (explanation.data && sizes[g] === 1) data[i * m + g] = explanation.data.data[i * values.nCols + j]!;
    }
  }
  const result: ShapExplanation = { values: { nRows: n, nCols: m, data: out }, expectedValue: explanation.expectedValue, featureNames: groups };
  if (explanation.data) result.data = { nRows: n, nCols: m, data };
  if (explanation.outputSpace) result.outputSpace = explanation.outputSpace;
  return result;
}

/** One feature's mean |SHAP| and mean signed SHAP over the explained rows. */
export interface ShapFeatureSummary {
  feature: string;
  meanAbs: number;
  mean: number;
  /**
   * Correlation between the feature's value and its SHAP value (Pearson; NaN for grouped or constant
   * columns): positive means higher values push the output up.
   */
  direction: number;
}

/** Features ranked by mean |SHAP|, largest first, with their direction of effect. */
export function shapSummary(explanation: ShapExplanation): ShapFeatureSummary[] {
  const { values, data } = explanation;
  const n = values.nRows;
  const p = values.nCols;
  const out: ShapFeatureSummary[] = [];
  for (let j = 0; j < p; j++) {
    let abs = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = values.data[i * p + j]!;
      abs += Math.abs(v);
      sum += v;
    }
    let direction = NaN;
    if (data) {
      const x = new Float64Array(n);
      const s = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        x[i] = data.data[i * p + j]!;
        s[i] = values.data[i * p + j]!;
      }
      direction = pearson(x, s);
    }
    out.push({ feature: explanation.featureNames[j]!, meanAbs: abs / n, mean: sum / n, direction });
  }
  return out.sort((a, b) => b.meanAbs - a.meanAbs);
}

function pearson(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(x[i]!)) return NaN;
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** The largest |expectedValue + Σ_j values[i, j] − output[i]| over rows: 0 (to rounding) for a correct explanation. */
export function additivityGap(explanation: ShapExplanation, output: ArrayLike<number>): number {
  const { values } = explanation;
  if (output.length !== values.nRows) throw new Error(`additivityGap: ${output.length} outputs for ${values.nRows} rows`);
  let worst = 0;
  for (let i = 0; i < values.nRows; i++) {
    let s = explanation.expectedValue;
    for (let j = 0; j < values.nCols; j++) s += values.data[i * values.nCols + j]!;
    worst = Math.max(worst, Math.abs(s - output[i]!));
  }
  return worst;
}

/** The column of `values` (or `data`) for one feature, by name. */
export function shapColumn(explanation: ShapExplanation, feature: string, which: 'values' | 'data' = 'values'): Float64Array {
  const j = explanation.featureNames.indexOf(feature);
  if (j < 0) throw new Error(`shapColumn: no feature '${feature}' (features: ${explanation.featureNames.join(', ')})`);
  const m = which === 'values' ? explanation.values : explanation.data;
  if (!m) throw new Error(`shapColumn: the explanation carries no data`);
  const out = new Float64Array(m.nRows);
  for (let i = 0; i < m.nRows; i++) out[i] = m.data[i * m.nCols + j]!;
  return out;
}
