/**
 * Pearson and Spearman correlations and matrices over numeric columns, with pandas' conventions:
 * pairwise-complete observations (a row with NaN in either column is skipped for that pair only) and
 * Spearman on average ranks (ties share their mean rank, as `DataFrame.corr(method='spearman')`).
 * The arithmetic is simple-statistics' (`sampleCorrelation`, `sampleRankCorrelation`, which ranks ties
 * by their midrank since 7.12); this file adds the NaN-pair filter, the undefined cases and the clamp.
 */
import type { Frame } from '../core/types';

/** The two simple-statistics functions used here, with the signatures of the package's index.d.ts. */
interface SimpleStatisticsCorrelation {
  sampleCorrelation(x: readonly number[], y: readonly number[]): number;
  sampleRankCorrelation(x: readonly number[], y: readonly number[]): number;
}

// simple-statistics declares itself an ES module ("type": "module"), so TypeScript refuses a static import
// from this CommonJS project under NodeNext (TS1479), although the package's "require" condition serves a
// CommonJS build. Hence require() with the signatures restated above (as lib/models/svc.ts loads libsvm-js).
const simpleStatistics = require('simple-statistics') as SimpleStatisticsCorrelation;

/** The pairs where neither value is NaN, as plain arrays (simple-statistics maps over its input: no typed arrays). */
function completePairs(name: string, x: ArrayLike<number>, y: ArrayLike<number>): { a: number[]; b: number[] } {
  if (x.length !== y.length) throw new Error(`${name}: lengths differ (${x.length} vs ${y.length})`);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const u = x[i]!;
    const v = y[i]!;
    if (Number.isNaN(u) || Number.isNaN(v)) continue;
    a.push(u);
    b.push(v);
  }
  return { a, b };
}

/**
 * True when every value equals the first. Tested exactly rather than as a zero variance: the mean of a
 * constant column need not equal its value in floating point, which would leave a tiny spurious variance.
 */
function isConstant(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/**
 * The correlation of the complete pairs, or NaN where it is undefined (fewer than 2 pairs, or a constant
 * column, where simple-statistics would throw or divide 0 by 0), clamped to [-1, 1] against rounding.
 */
function correlationOfPairs(name: string, x: ArrayLike<number>, y: ArrayLike<number>, correlate: (a: readonly number[], b: readonly number[]) => number): number {
  const { a, b } = completePairs(name, x, y);
  if (a.length < 2 || isConstant(a) || isConstant(b)) return NaN;
  return Math.max(-1, Math.min(1, correlate(a, b)));
}

/** Pearson correlation of two equally long arrays, NaN pairs skipped; NaN if fewer than 2 pairs or zero variance. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return correlationOfPairs('pearson', x, y, simpleStatistics.sampleCorrelation);
}

/** Spearman rank correlation: Pearson on average ranks of the complete pairs; NaN as for {@link pearson}. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return correlationOfPairs('spearman', x, y, simpleStatistics.sampleRankCorrelation);
}

/** Correlation method. */
export type CorrelationMethod = 'pearson' | 'spearman';

/** A labelled square correlation matrix. */
export interface CorrelationMatrix {
  readonly columns: readonly string[];
  /** values[i][j], symmetric, diagonal 1. */
  readonly values: number[][];
}

/** Names of the numeric (Float64Array) columns of a frame, in frame order. */
export function numericColumns(frame: Frame): string[] {
  return Object.keys(frame.columns).filter((c) => frame.columns[c] instanceof Float64Array);
}

/**
 * Correlation matrix over numeric columns (pandas `DataFrame.corr(method)`).
 * @example correlationMatrix(table.features, 'spearman').values
 */
export function correlationMatrix(frame: Frame, method: CorrelationMethod = 'pearson', columns: readonly string[] = numericColumns(frame)): CorrelationMatrix {
  const cols = columns.map((c) => {
    const col = frame.columns[c];
    if (!(col instanceof Float64Array)) throw new Error(`correlationMatrix: column "${c}" is missing or not numeric`);
    return col;
  });
  const f = method === 'pearson' ? pearson : spearman;
  const k = cols.length;
  const values = Array.from({ length: k }, () => new Array<number>(k).fill(1));
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) {
      const r = f(cols[i]!, cols[j]!);
      values[i]![j] = r;
      values[j]![i] = r;
    }
  return { columns: [...columns], values };
}

/** A pair of columns whose |correlation| exceeds a threshold. */
export interface CorrelatedPair {
  readonly a: string;
  readonly b: string;
  readonly value: number;
}

/** Pairs with |value| > threshold (default 0.9), strongest first. */
export function highCorrelationPairs(matrix: CorrelationMatrix, threshold = 0.9): CorrelatedPair[] {
  const out: CorrelatedPair[] = [];
  const k = matrix.columns.length;
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) {
      const v = matrix.values[i]![j]!;
      if (Math.abs(v) > threshold) out.push({ a: matrix.columns[i]!, b: matrix.columns[j]!, value: v });
    }
  return out.sort((p, q) => Math.abs(q.value) - Math.abs(p.value));
}
