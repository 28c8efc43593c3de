/**
 * ROC curve and ROC-AUC exactly as scikit-learn 1.2 computes them (`roc_curve` with
 * `drop_intermediate=True`, `roc_auc_score`): tied scores form one point, collinear points are dropped,
 * the curve starts at (0, 0) with threshold max score + 1, and the area is numpy's trapezoid sum.
 */
import type { Labels } from '../core/types';
import { checkLengths, trapezoid } from './numeric';

/** A ROC curve: false and true positive rates at each threshold (score >= threshold → positive). */
export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  thresholds: Float64Array;
}

/** Cumulative false and true positives at each distinct score, scores descending (sklearn's _binary_clf_curve). */
export function binaryClfCurve(y: Labels, scores: ArrayLike<number>): { fps: Float64Array; tps: Float64Array; thresholds: Float64Array } {
  checkLengths('binaryClfCurve', y, scores);
  const n = y.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i]!)) throw new Error(`ROC: score at row ${i} is NaN`);
    order[i] = i;
  }
  order.sort((a, b) => scores[b]! - scores[a]!);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    tp += y[i]!;
    if (k === n - 1 || scores[order[k + 1]!]! !== scores[i]!) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thresholds.push(scores[i]!);
    }
  }
  return { fps: Float64Array.from(fps), tps: Float64Array.from(tps), thresholds: Float64Array.from(thresholds) };
}

/** The ROC curve of binary labels against scores (higher = more likely positive). */
export function rocCurve(y: Labels, scores: ArrayLike<number>, dropIntermediate = true): RocCurve {
  let { fps, tps, thresholds } = binaryClfCurve(y, scores);
  if (fps.length === 0) throw new Error('rocCurve: no samples');
  if (dropIntermediate && fps.length > 2) {
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      // Keep a point unless it lies on the straight line between its neighbours (second difference 0).
      if (fps[i - 1]! - 2 * fps[i]! + fps[i + 1]! !== 0 || tps[i - 1]! - 2 * tps[i]! + tps[i + 1]! !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = Float64Array.from(keep, (i) => fps[i]!);
    tps = Float64Array.from(keep, (i) => tps[i]!);
    thresholds = Float64Array.from(keep, (i) => thresholds[i]!);
  }
  const m = fps.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const thr = new Float64Array(m);
  const fpTotal = fps[fps.length - 1]!;
  const tpTotal = tps[tps.length - 1]!;
  thr[0] = thresholds[0]! + 1;
  for (let i = 1; i < m; i++) {
    fpr[i] = fpTotal > 0 ? fps[i - 1]! / fpTotal : NaN;
    tpr[i] = tpTotal > 0 ? tps[i - 1]! / tpTotal : NaN;
    thr[i] = thresholds[i - 1]!;
  }
  return { fpr, tpr, thresholds: thr };
}

/** Area under the ROC curve; an error if only one class is present (as scikit-learn). */
export function rocAuc(y: Labels, scores: ArrayLike<number>): number {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i]!;
  if (pos === 0 || pos === y.length) {
    throw new Error(`rocAuc: only one class present in y (${pos} positives of ${y.length}); ROC AUC is not defined`);
  }
  const { fpr, tpr } = rocCurve(y, scores, true);
  return trapezoid(fpr, tpr);
}
