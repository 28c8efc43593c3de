import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from '../../lib/core/types';

/** Reference values from scripts/fixtures/stats_reference.py (pandas, scipy, numpy). */
export interface StatsReference {
  columns: Record<string, (number | null)[]>;
  category: string[];
  y: number[];
  describe: Record<string, Record<string, number> & { mannwhitney: { u: number; p: number; p_auto: number }; ks: number }>;
  categorical: { count: number; distinct: number; top: string; freq: number };
  pearson: number[][];
  spearman: number[][];
  vif: Record<string, { r2: number; vif: number }>;
  complete_rows: number;
}

export const reference: StatsReference = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'stats_reference.json'), 'utf8'));

/** The reference columns as a Frame (null -> NaN), plus the category column. */
export function referenceFrame(): Frame {
  const columns: Record<string, Float64Array | string[]> = {};
  for (const [k, v] of Object.entries(reference.columns)) columns[k] = Float64Array.from(v, (x) => (x === null ? NaN : x));
  columns.category = reference.category;
  return { nRows: reference.y.length, columns };
}

/** |a - b| <= tol * max(1, |b|). */
export function close(a: number, b: number, tol = 1e-10): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}
