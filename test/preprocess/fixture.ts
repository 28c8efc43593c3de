/** Loads the scikit-learn reference values (scripts/fixtures/preprocess_metrics_selection.py). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from '../../lib/core/types';

/** A matrix as the fixture stores it. */
export interface FixtureMatrix { nRows: number; nCols: number; data: number[] }
interface FixtureFrame { nRows: number; columns: Record<string, number[] | string[]> }

/** The parsed fixture file. */
export const fixture = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'preprocess_metrics_selection.json'), 'utf8'),
) as {
  preprocess: Record<string, { train: FixtureMatrix; test: FixtureMatrix; names?: string[] }> & { train: FixtureFrame; test: FixtureFrame };
  metrics: Array<Record<string, unknown> & { name: string; y: number[]; scores: number[]; auc: number }>;
  kfold: Array<{ y: number[]; nSplits: number; testFolds: number[][] }>;
};

/** A fixture frame as a Frame (numbers → Float64Array). */
export function toFrame(f: FixtureFrame, columns?: string[]): Frame {
  const out: Record<string, Float64Array | string[]> = {};
  for (const name of columns ?? Object.keys(f.columns)) {
    const col = f.columns[name]!;
    out[name] = typeof col[0] === 'number' ? Float64Array.from(col as number[]) : [...(col as string[])];
  }
  return { nRows: f.nRows, columns: out };
}

/** Largest absolute difference between two arrays of equal length (throws on length mismatch). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
