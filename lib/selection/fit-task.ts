/**
 * One unit of search work, the same in a worker thread and in the serial fallback: fit a pipeline spec on
 * one fold's training rows, score ROC-AUC on its test rows (and optionally return the probabilities).
 */
import { takeFrameRows, takeLabels, type FittedJson, type Frame, type Labels } from '../core/types';
import { rocAuc } from '../metrics/roc';
import { Pipeline, type PipelineSpec } from '../preprocess/pipeline';
import type { Fold } from './split';

/** A fit to do: which data set, which fold, which pipeline. */
export interface FitTask {
  id: number;
  dataKey: string;
  fold: number;
  spec: PipelineSpec;
  /** Return the test rows' probabilities too (cross_val_predict). */
  returnProba: boolean;
  /** Fit on every row of the data set instead of a fold and return the fitted pipeline's JSON (a refit). */
  refit?: boolean;
  /**
   * Estimated relative cost (e.g. {@link estimatedFitCost}); the pool starts the costliest tasks of a run
   * first, so its workers finish together. Scheduling only: results do not depend on it.
   */
  cost?: number;
}

/** Its outcome; `error` set (and score NaN) when the fit failed. */
export interface FitResult {
  id: number;
  score: number;
  fitMs: number;
  scoreMs: number;
  proba?: Float64Array;
  /** The fitted pipeline's `toJSON()` (refit tasks only). */
  fitted?: FittedJson;
  error?: string;
}

/** The data a task refers to by key. */
export interface FitData {
  frame: Frame;
  y: Labels;
  folds: Fold[];
}

/**
 * A rough relative cost of fitting a spec, for scheduling only (the pool runs costly fits first so that no
 * worker is left alone with a long fit at the end). Forests: trees x (features evaluated per node, about 3x
 * more with maxFeatures = null on the study's 20 features) x a depth factor; other kinds cost 1.
 */
export function estimatedFitCost(spec: PipelineSpec): number {
  const params = (spec.model.params ?? {}) as Record<string, unknown>;
  if (spec.model.kind !== 'forest') return 1;
  const trees = typeof params['nEstimators'] === 'number' ? params['nEstimators'] : 100;
  const allFeatures = params['maxFeatures'] === null ? 3 : 1;
  const depth = typeof params['maxDepth'] === 'number' ? Math.min(params['maxDepth'], 16) : 16;
  return trees * allFeatures * (4 + depth);
}

/** Runs one task; never throws (a failing candidate scores NaN, like scikit-learn's error_score=nan). */
export function runFitTask(task: FitTask, data: FitData): FitResult {
  if (task.refit) {
    try {
      const t0 = performance.now();
      const fitted = new Pipeline(task.spec).fit(data.frame, data.y).toJSON();
      return { id: task.id, score: NaN, fitMs: performance.now() - t0, scoreMs: 0, fitted };
    } catch (e) {
      return { id: task.id, score: NaN, fitMs: 0, scoreMs: 0, error: e instanceof Error ? e.message : String(e) };
    }
  }
  const fold = data.folds[task.fold];
  if (!fold) return { id: task.id, score: NaN, fitMs: 0, scoreMs: 0, error: `fold ${task.fold} does not exist` };
  try {
    const t0 = performance.now();
    const fitted = new Pipeline(task.spec).fit(takeFrameRows(data.frame, fold.train), takeLabels(data.y, fold.train));
    const t1 = performance.now();
    const proba = fitted.predictProba(takeFrameRows(data.frame, fold.test));
    const yTest = takeLabels(data.y, fold.test);
    const score = rocAuc(yTest, proba);
    const t2 = performance.now();
    return { id: task.id, score, fitMs: t1 - t0, scoreMs: t2 - t1, ...(task.returnProba ? { proba } : {}) };
  } catch (e) {
    return { id: task.id, score: NaN, fitMs: 0, scoreMs: 0, error: e instanceof Error ? e.message : String(e) };
  }
}
