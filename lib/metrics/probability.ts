/** Metrics of predicted probabilities: log loss and Brier score, as scikit-learn computes them. */
import type { Labels } from '../core/types';
import { checkLengths } from './numeric';

/** Mean negative log-likelihood; probabilities clipped to [eps, 1 - eps] (sklearn's eps='auto' for float64). */
export function logLoss(y: Labels, proba: ArrayLike<number>, eps = Number.EPSILON): number {
  checkLengths('logLoss', y, proba);
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, proba[i]!));
    sum -= y[i] ? Math.log(p) : Math.log(1 - p);
  }
  return sum / y.length;
}

/** Mean squared difference between label and probability. */
export function brierScore(y: Labels, proba: ArrayLike<number>): number {
  checkLengths('brierScore', y, proba);
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const d = y[i]! - proba[i]!;
    sum += d * d;
  }
  return sum / y.length;
}
