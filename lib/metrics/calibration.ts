/**
 * Reliability (calibration) curve like `sklearn.calibration.calibration_curve`: bins of predicted
 * probability (uniform widths, or quantiles so each bin holds about as many rows), and in each non-empty
 * bin the observed share of positives against the mean prediction.
 */
import type { Labels } from '../core/types';
import { checkLengths } from './numeric';

/** One reliability curve: per non-empty bin, observed positive share, mean prediction and row count. */
export interface CalibrationCurve {
  probTrue: Float64Array;
  probPred: Float64Array;
  counts: Int32Array;
  /** The bin edges used (n_bins + 1 values). */
  edges: Float64Array;
}

/** numpy.linspace(start, stop, num) with the same rounding. */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  out[num - 1] = stop;
  return out;
}

/** numpy.percentile(a, q) with the default linear method (q in percent), numpy's lerp included. */
export function percentile(values: ArrayLike<number>, q: number): number {
  const a = Float64Array.from(values).sort();
  const n = a.length;
  const virtual = (n - 1) * (q / 100);
  if (virtual >= n - 1) return a[n - 1]!;
  if (virtual < 0) return a[0]!;
  const lo = Math.floor(virtual);
  const t = virtual - lo;
  const x = a[lo]!;
  const yv = a[lo + 1]!;
  const diff = yv - x;
  return t >= 0.5 ? yv - diff * (1 - t) : x + diff * t;
}

/** The reliability curve of binary labels against probabilities in [0, 1]. */
export function calibrationCurve(
  y: Labels,
  proba: ArrayLike<number>,
  options: { nBins?: number; strategy?: 'uniform' | 'quantile' } = {},
): CalibrationCurve {
  checkLengths('calibrationCurve', y, proba);
  const nBins = options.nBins ?? 5;
  const strategy = options.strategy ?? 'uniform';
  for (let i = 0; i < proba.length; i++) {
    const p = proba[i]!;
    if (!(p >= 0 && p <= 1)) throw new Error(`calibrationCurve: probability at row ${i} is ${p}, expected a value in [0, 1]`);
  }
  let edges: Float64Array;
  if (strategy === 'uniform') edges = linspace(0, 1, nBins + 1);
  else {
    const qs = linspace(0, 1, nBins + 1);
    edges = Float64Array.from(qs, (q) => percentile(proba, q * 100));
  }
  const sums = new Float64Array(nBins + 1);
  const trues = new Float64Array(nBins + 1);
  const totals = new Int32Array(nBins + 1);
  const inner = edges.subarray(1, nBins);
  for (let i = 0; i < proba.length; i++) {
    const p = proba[i]!;
    // searchsorted(side='left'): the first inner edge >= p.
    let lo = 0;
    let hi = inner.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inner[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    sums[lo] += p;
    trues[lo] += y[i]!;
    totals[lo]++;
  }
  const probTrue: number[] = [];
  const probPred: number[] = [];
  const counts: number[] = [];
  for (let b = 0; b < totals.length; b++) {
    if (totals[b] === 0) continue;
    probTrue.push(trues[b]! / totals[b]!);
    probPred.push(sums[b]! / totals[b]!);
    counts.push(totals[b]!);
  }
  return { probTrue: Float64Array.from(probTrue), probPred: Float64Array.from(probPred), counts: Int32Array.from(counts), edges };
}
