/**
 * Metrics of hard predictions: confusion matrix, accuracy, precision, recall, F1 (positive class 1).
 * Undefined ratios (no predicted or no actual positives) are 0, scikit-learn's `zero_division` default.
 */
import type { Labels } from '../core/types';
import { checkLengths } from './numeric';

/** Counts of a binary confusion matrix. */
export interface ConfusionMatrix {
  tn: number;
  fp: number;
  fn: number;
  tp: number;
}

/** The confusion matrix of labels and predictions; `.matrix` order as sklearn: [[tn, fp], [fn, tp]]. */
export function confusionMatrix(y: Labels, predicted: Labels): ConfusionMatrix & { matrix: number[][] } {
  checkLengths('confusionMatrix', y, predicted);
  let tn = 0, fp = 0, fn = 0, tp = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i]) predicted[i] ? tp++ : fn++;
    else predicted[i] ? fp++ : tn++;
  }
  return { tn, fp, fn, tp, matrix: [[tn, fp], [fn, tp]] };
}

/** Predictions at a threshold: 1 where score >= threshold. */
export function predictAt(scores: ArrayLike<number>, threshold: number): Labels {
  const out = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = scores[i]! >= threshold ? 1 : 0;
  return out;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Share of correct predictions. */
export function accuracy(y: Labels, predicted: Labels): number {
  const c = confusionMatrix(y, predicted);
  return (c.tp + c.tn) / y.length;
}

/** tp / (tp + fp). */
export function precision(y: Labels, predicted: Labels): number {
  const c = confusionMatrix(y, predicted);
  return ratio(c.tp, c.tp + c.fp);
}

/** tp / (tp + fn). */
export function recall(y: Labels, predicted: Labels): number {
  const c = confusionMatrix(y, predicted);
  return ratio(c.tp, c.tp + c.fn);
}

/** Harmonic mean of precision and recall: 2tp / (2tp + fp + fn). */
export function f1Score(y: Labels, predicted: Labels): number {
  const c = confusionMatrix(y, predicted);
  return ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
}

/** Precision, recall, F1, accuracy and the counts of one prediction, in one pass. */
export function classificationSummary(y: Labels, predicted: Labels): ConfusionMatrix & { precision: number; recall: number; f1: number; accuracy: number } {
  const c = confusionMatrix(y, predicted);
  return {
    tn: c.tn, fp: c.fp, fn: c.fn, tp: c.tp,
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    accuracy: (c.tp + c.tn) / y.length,
  };
}
