/**
 * Pearson and Spearman correlations and matrices over numeric columns, with pandas' conventions:
 * pairwise-complete observations (a row with NaN in either column is skipped for that pair only) and
 * Spearman on average ranks (ties share their mean rank, as `DataFrame.corr(method='spearman')`).
 */
import type { Frame } from '../core/types';
import { averageRanks } from './describe';

/** Pearson correlation of two equally long arrays, NaN pairs skipped; NaN if fewer than 2 pairs or zero variance. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new Error(`pearson: lengths differ (${x.length} vs ${y.length})`);
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    n++;
    sx += a;
    sy += b;
  }
  if (n < 2) return NaN;
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    const dx = a - mx;
    const dy = b - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** Spearman rank correlation: Pearson on average ranks of the complete pairs. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new Error(`spearman: lengths differ (${x.length} vs ${y.length})`);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue;
    a.push(x[i]!);
    b.push(y[i]!);
  }
  return pearson(averageRanks(a), averageRanks(b));
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
