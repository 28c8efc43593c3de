/**
 * Out-of-fold predictions: every row's probability from a pipeline fitted on the folds that do not hold
 * it (scikit-learn's `cross_val_predict(method='predict_proba')`). Segmentation uses these, so no
 * customer is scored by a model that saw it.
 */
import type { Frame, Labels } from '../core/types';
import type { PipelineSpec } from '../preprocess/pipeline';
import { runFitTask, type FitData, type FitResult, type FitTask } from './fit-task';
import type { FitPool } from './pool';
import type { Fold } from './split';

function assemble(n: number, folds: readonly Fold[], results: readonly FitResult[]): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  results.forEach((r, f) => {
    if (r.error || !r.proba) throw new Error(`crossValPredict: fold ${f} failed: ${r.error ?? 'no probabilities'}`);
    const test = folds[f]!.test;
    for (let k = 0; k < test.length; k++) out[test[k]!] = r.proba[k]!;
  });
  return out;
}

function tasksOf(spec: PipelineSpec, folds: readonly Fold[], dataKey: string): FitTask[] {
  return folds.map((_, f) => ({ id: f, dataKey, fold: f, spec, returnProba: true }));
}

/** Out-of-fold P(y = 1) per row, fitting serially in this thread. Rows in no test fold stay NaN. */
export function crossValPredict(spec: PipelineSpec, frame: Frame, y: Labels, folds: readonly Fold[]): Float64Array {
  const data: FitData = { frame, y, folds: [...folds] };
  return assemble(frame.nRows, folds, tasksOf(spec, folds, 'local').map((t) => runFitTask(t, data)));
}

/** {@link crossValPredict} with the folds fitted in a worker pool; identical result. */
export async function crossValPredictParallel(spec: PipelineSpec, frame: Frame, y: Labels, folds: readonly Fold[], pool: FitPool): Promise<Float64Array> {
  const key = `cvp-${Date.now()}-${Math.random()}`;
  pool.setData(key, { frame, y, folds: [...folds] });
  try {
    return assemble(frame.nRows, folds, await pool.run(tasksOf(spec, folds, key)));
  } finally {
    pool.dropData(key);
  }
}
