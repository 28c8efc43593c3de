/**
 * Descriptive statistics with pandas' conventions (sample std with ddof = 1, linear-interpolation quantiles,
 * bias-corrected skew and excess kurtosis, NaN skipped), distribution checks per class, IQR outlier flags
 * (reported, never removed) and class balance.
 */
import type { Frame, FrameColumn, Labels } from '../core/types';
import { normalCdf } from './bvn';

/** Non-missing values of a numeric column, as a new array. */
export function finiteValues(values: ArrayLike<number>): Float64Array {
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) k++;
  const out = new Float64Array(k);
  k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) out[k++] = values[i]!;
  return out;
}

/** Quantile q ∈ [0, 1] of ascending values with linear interpolation (pandas/numpy default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Quantile of unsorted values, NaN skipped. */
export function quantile(values: ArrayLike<number>, q: number): number {
  return quantileSorted(finiteValues(values).sort(), q);
}

/** Arithmetic mean, NaN skipped. */
export function mean(values: ArrayLike<number>): number {
  const v = finiteValues(values);
  let s = 0;
  for (const x of v) s += x;
  return v.length === 0 ? NaN : s / v.length;
}

/** Central moment sums Σ(x−m)^2, ^3, ^4 of non-missing values (two-pass, like pandas' nanops). */
function momentSums(v: Float64Array): { n: number; mean: number; m2: number; m3: number; m4: number } {
  const n = v.length;
  let s = 0;
  for (const x of v) s += x;
  const m = s / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const x of v) {
    const d = x - m;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  // pandas zeroes sums that are floating-point noise (|x| < 1e-14), so a constant column has skew 0.
  const zero = (x: number) => (Math.abs(x) < 1e-14 ? 0 : x);
  return { n, mean: m, m2: zero(m2), m3: zero(m3), m4: zero(m4) };
}

/** Sample standard deviation (ddof = 1, pandas' default), NaN skipped. */
export function std(values: ArrayLike<number>, ddof = 1): number {
  const v = finiteValues(values);
  if (v.length - ddof <= 0) return NaN;
  const { m2 } = momentSums(v);
  return Math.sqrt(m2 / (v.length - ddof));
}

/** Bias-corrected sample skewness G1 (pandas `Series.skew`), NaN skipped; NaN below 3 values. */
export function skewness(values: ArrayLike<number>): number {
  const { n, m2, m3 } = momentSums(finiteValues(values));
  if (n < 3) return NaN;
  if (m2 === 0) return 0;
  return ((n * Math.sqrt(n - 1)) / (n - 2)) * (m3 / m2 ** 1.5);
}

/** Bias-corrected excess kurtosis G2 (pandas `Series.kurt`), NaN skipped; NaN below 4 values. */
export function kurtosis(values: ArrayLike<number>): number {
  const { n, m2, m4 } = momentSums(finiteValues(values));
  if (n < 4) return NaN;
  if (m2 === 0) return 0;
  const adj = (3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
  const numerator = n * (n + 1) * (n - 1) * m4;
  const denominator = (n - 2) * (n - 3) * m2 * m2;
  return numerator / denominator - adj;
}

/**
 * Sarle's bimodality coefficient (g1² + 1) / (g2 + 3(n−1)²/((n−2)(n−3))) from the bias-corrected skew and
 * kurtosis. Above 5/9 (the value of a uniform distribution) hints at two modes; a hint, not a test.
 */
export function bimodalityCoefficient(values: ArrayLike<number>): number {
  const v = finiteValues(values);
  const n = v.length;
  if (n < 4) return NaN;
  const g1 = skewness(v);
  const g2 = kurtosis(v);
  return (g1 * g1 + 1) / (g2 + (3 * (n - 1) ** 2) / ((n - 2) * (n - 3)));
}

/** The bimodality coefficient's threshold: a uniform distribution's value. */
export const BIMODALITY_THRESHOLD = 5 / 9;

/** pandas-style description of a numeric column. */
export interface NumericDescription {
  readonly kind: 'numeric';
  readonly count: number;
  readonly missing: number;
  readonly distinct: number;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly q25: number;
  readonly median: number;
  readonly q75: number;
  readonly max: number;
  readonly skew: number;
  readonly kurtosis: number;
}

/** pandas-style description of a categorical column. */
export interface CategoricalDescription {
  readonly kind: 'categorical';
  readonly count: number;
  readonly missing: number;
  readonly distinct: number;
  /** Most frequent value (ties: the first in sorted order). */
  readonly top: string;
  readonly freq: number;
}

/** Describes a numeric column: count, mean, std (ddof 1), min, quartiles, max, missing, distinct, skew, kurtosis. */
export function describeNumeric(values: ArrayLike<number>): NumericDescription {
  const v = finiteValues(values).sort();
  const n = v.length;
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || v[i] !== v[i - 1]) distinct++;
  return {
    kind: 'numeric',
    count: n,
    missing: values.length - n,
    distinct,
    mean: mean(v),
    std: std(v),
    min: n ? v[0]! : NaN,
    q25: quantileSorted(v, 0.25),
    median: quantileSorted(v, 0.5),
    q75: quantileSorted(v, 0.75),
    max: n ? v[n - 1]! : NaN,
    skew: skewness(v),
    kurtosis: kurtosis(v),
  };
}

/** Values that count as missing in a categorical column. */
const MISSING_STRINGS = new Set(['']);

/** Describes a categorical column: count, missing (empty strings), distinct, top value and its frequency. */
export function describeCategorical(values: readonly string[]): CategoricalDescription {
  const counts = valueCounts(values);
  let top = '';
  let freq = 0;
  let count = 0;
  for (const [v, c] of counts) {
    count += c;
    if (c > freq) {
      top = v;
      freq = c;
    }
  }
  return { kind: 'categorical', count, missing: values.length - count, distinct: counts.size, top, freq };
}

/** Counts of each non-missing category, most frequent first (ties in sorted order). */
export function valueCounts(values: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) if (!MISSING_STRINGS.has(v)) m.set(v, (m.get(v) ?? 0) + 1);
  return new Map(Array.from(m).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** A column's description, numeric or categorical. */
export type ColumnDescription = NumericDescription | CategoricalDescription;

/** Describes one column of either kind. */
export function describeColumn(col: FrameColumn): ColumnDescription {
  return col instanceof Float64Array ? describeNumeric(col) : describeCategorical(col as readonly string[]);
}

/**
 * Describes every column of a frame (pandas' `describe(include='all')` plus missing, distinct, skew, kurtosis).
 * @example describe(table.features).find((d) => d.column === 'tenureDays')?.median
 */
export function describe(frame: Frame, columns: readonly string[] = Object.keys(frame.columns)): (ColumnDescription & { column: string })[] {
  return columns.map((column) => {
    const col = frame.columns[column];
    if (col === undefined) throw new Error(`describe: column "${column}" is not in the frame`);
    return { column, ...describeColumn(col) };
  });
}

/** IQR rule outliers of a numeric column: below q1 − k·IQR or above q3 + k·IQR (k = 1.5). Reported, not removed. */
export interface OutlierReport {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  readonly share: number;
  /** Row indices of the outliers. */
  readonly indices: number[];
}

/** Flags IQR outliers (Tukey's fences, k = 1.5 by default) without changing the data. */
export function iqrOutliers(values: ArrayLike<number>, k = 1.5): OutlierReport {
  const v = finiteValues(values).sort();
  const q1 = quantileSorted(v, 0.25);
  const q3 = quantileSorted(v, 0.75);
  const lower = q1 - k * (q3 - q1);
  const upper = q3 + k * (q3 - q1);
  const indices: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x < lower || x > upper) indices.push(i);
  }
  return { lower, upper, count: indices.length, share: v.length ? indices.length / v.length : NaN, indices };
}

/** Counts and shares of the two classes of a binary target. */
export interface ClassBalance {
  readonly n: number;
  readonly positive: number;
  readonly negative: number;
  readonly positiveShare: number;
  /** Majority / minority count. */
  readonly ratio: number;
}

/** Class balance of binary labels. */
export function classBalance(y: Labels): ClassBalance {
  let positive = 0;
  for (const v of y) positive += v;
  const negative = y.length - positive;
  return {
    n: y.length,
    positive,
    negative,
    positiveShare: y.length ? positive / y.length : NaN,
    ratio: Math.max(positive, negative) / Math.min(positive, negative),
  };
}

/** Average ranks (1-based) of values, ties sharing their mean rank (scipy rankdata 'average'). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = r;
    i = j + 1;
  }
  return ranks;
}

/** Mann–Whitney U test result (two-sided). */
export interface MannWhitneyResult {
  /** U of the first sample (scipy's statistic). */
  readonly u: number;
  readonly pValue: number;
  /** U / (n1·n2): P(X > Y) + ½P(X = Y), the "common language" effect size (an AUC). */
  readonly effect: number;
}

/**
 * Two-sided Mann–Whitney U test with tie correction and continuity correction, normal approximation:
 * `scipy.stats.mannwhitneyu(x, y, method='asymptotic')` (scipy's 'auto' picks it for samples over 8 or ties).
 */
export function mannWhitneyU(x: ArrayLike<number>, y: ArrayLike<number>): MannWhitneyResult {
  const a = finiteValues(x);
  const b = finiteValues(y);
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new Error('mannWhitneyU: both samples need at least one value');
  const all = new Float64Array(n1 + n2);
  all.set(a, 0);
  all.set(b, n1);
  const ranks = averageRanks(all);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i]!;
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const u = Math.max(u1, u2);
  const n = n1 + n2;
  const sorted = all.slice().sort();
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && sorted[j + 1] === sorted[i]) j++;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const z = (u - (n1 * n2) / 2 - 0.5) / s;
  const p = Math.min(1, Math.max(0, 2 * normalCdf(-z)));
  return { u: u1, pValue: s === 0 ? 1 : p, effect: u1 / (n1 * n2) };
}

/** Two-sample Kolmogorov–Smirnov statistic D = sup |F1 − F2| (no p-value: scipy's exact one is not ported). */
export function ksStatistic(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const a = finiteValues(x).sort();
  const b = finiteValues(y).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const v = Math.min(a[i]!, b[j]!);
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

/** Distribution of a numeric feature within one class. */
export interface ClassDistribution {
  readonly label: 0 | 1;
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  readonly std: number;
  readonly skew: number;
  readonly kurtosis: number;
  readonly bimodality: number;
}

/** Distribution checks of a numeric feature split by a binary target. */
export interface FeatureByClass {
  readonly feature: string;
  readonly overall: NumericDescription;
  readonly byClass: readonly [ClassDistribution, ClassDistribution];
  /** median(class 1) − median(class 0). */
  readonly medianDifference: number;
  /** Median difference divided by the overall IQR (NaN when IQR = 0): comparable across features. */
  readonly scaledMedianDifference: number;
  readonly mannWhitney: MannWhitneyResult;
  readonly ks: number;
  readonly bimodality: number;
  readonly bimodal: boolean;
  readonly outliers: OutlierReport;
}

/** Splits a numeric column by a binary target. */
export function splitByClass(values: ArrayLike<number>, y: Labels): [Float64Array, Float64Array] {
  if (values.length !== y.length) throw new Error(`splitByClass: ${values.length} values but ${y.length} labels`);
  const zero: number[] = [];
  const one: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] ? one : zero).push(values[i]!);
  return [Float64Array.from(zero), Float64Array.from(one)];
}

/**
 * Per-class distribution checks of one numeric feature: moments, bimodality hint, Mann–Whitney p-value and
 * effect, KS distance, IQR outliers.
 */
export function featureByClass(feature: string, values: ArrayLike<number>, y: Labels): FeatureByClass {
  const [c0, c1] = splitByClass(values, y);
  const part = (label: 0 | 1, v: Float64Array): ClassDistribution => ({
    label,
    n: finiteValues(v).length,
    mean: mean(v),
    median: quantile(v, 0.5),
    std: std(v),
    skew: skewness(v),
    kurtosis: kurtosis(v),
    bimodality: bimodalityCoefficient(v),
  });
  const overall = describeNumeric(values);
  const b0 = part(0, c0);
  const b1 = part(1, c1);
  const iqr = overall.q75 - overall.q25;
  const bimodality = bimodalityCoefficient(values);
  return {
    feature,
    overall,
    byClass: [b0, b1],
    medianDifference: b1.median - b0.median,
    scaledMedianDifference: iqr > 0 ? (b1.median - b0.median) / iqr : NaN,
    mannWhitney: mannWhitneyU(c1, c0),
    ks: ksStatistic(c0, c1),
    bimodality,
    bimodal: bimodality > BIMODALITY_THRESHOLD,
    outliers: iqrOutliers(values),
  };
}

/** Counts of a categorical feature's values within each class, with shares within the class. */
export interface CategoryByClass {
  readonly value: string;
  readonly count0: number;
  readonly count1: number;
  /** Share of class 1 rows among rows with this value. */
  readonly positiveRate: number;
  readonly share0: number;
  readonly share1: number;
}

/** Cross-tab of a categorical feature with a binary target, in value-count order. */
export function categoryByClass(values: readonly string[], y: Labels): CategoryByClass[] {
  if (values.length !== y.length) throw new Error(`categoryByClass: ${values.length} values but ${y.length} labels`);
  const { positive, negative } = classBalance(y);
  const out = new Map<string, [number, number]>();
  for (const v of valueCounts(values).keys()) out.set(v, [0, 0]);
  for (let i = 0; i < values.length; i++) {
    const e = out.get(values[i]!);
    if (e) e[y[i] ? 1 : 0]++;
  }
  return Array.from(out, ([value, [count0, count1]]) => ({
    value,
    count0,
    count1,
    positiveRate: count1 / (count0 + count1),
    share0: count0 / negative,
    share1: count1 / positive,
  }));
}
