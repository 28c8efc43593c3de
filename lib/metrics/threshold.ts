/**
 * Choosing the decision threshold for a stated goal: the best F1, the best precision while recall stays at
 * or above a target, or the least total cost of errors. Candidates are the distinct scores (predict 1 where
 * score >= threshold) plus "nobody" (threshold above every score).
 */
import type { Labels } from '../core/types';
import { binaryClfCurve } from './roc';

/** What the threshold should achieve. */
export type ThresholdGoal =
  | { goal: 'max-f1' }
  | { goal: 'recall'; target: number }
  | { goal: 'cost'; costFalsePositive: number; costFalseNegative: number };

/** The chosen threshold and the prediction it gives on the data it was chosen on. */
export interface ThresholdChoice {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  /** Total cost (for the cost goal; 0 otherwise). */
  cost: number;
}

/** The threshold meeting the goal; ties go to the higher threshold (fewer customers flagged). */
export function chooseThreshold(y: Labels, scores: ArrayLike<number>, goal: ThresholdGoal): ThresholdChoice {
  const { fps, tps, thresholds } = binaryClfCurve(y, scores);
  const P = tps[tps.length - 1]!;
  const N = fps[fps.length - 1]!;
  const candidates: ThresholdChoice[] = [];
  const make = (threshold: number, tp: number, fp: number): ThresholdChoice => {
    const fn = P - tp;
    const tn = N - fp;
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = P === 0 ? 0 : tp / P;
    const f1 = 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    const cost = goal.goal === 'cost' ? fp * goal.costFalsePositive + fn * goal.costFalseNegative : 0;
    return { threshold, tp, fp, tn, fn, precision, recall, f1, cost };
  };
  candidates.push(make(thresholds[0]! + 1, 0, 0));
  for (let i = 0; i < thresholds.length; i++) candidates.push(make(thresholds[i]!, tps[i]!, fps[i]!));
  let best: ThresholdChoice | null = null;
  for (const c of candidates) {
    if (goal.goal === 'max-f1') {
      if (!best || c.f1 > best.f1) best = c;
    } else if (goal.goal === 'recall') {
      if (c.recall < goal.target) continue;
      if (!best || c.precision > best.precision) best = c;
    } else if (!best || c.cost < best.cost) best = c;
  }
  if (!best) throw new Error(`chooseThreshold: no threshold reaches recall ${(goal as { target: number }).target}`);
  return best;
}
