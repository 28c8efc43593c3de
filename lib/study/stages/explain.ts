/**
 * Stage `explain`: the chosen model opened up on the held-out test part — permutation importance of every
 * original feature (its one-hot columns shuffled together, seeded repeats) and SHAP values by the algorithm
 * that fits the model (TreeSHAP, LinearSHAP, or seeded KernelSHAP on a capped, seeded sample of customers).
 * Notebooks 07 and 09 and the study's summary read this one explanation.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Random } from '../../core/random';
import { takeFrameRows, type Frame, type Json } from '../../core/types';
import type { ModelTable } from '../../data/model-table';
import { permutationImportanceFrame, rankImportances, type FeatureImportance, type PermutationImportance } from '../../explain/permutation';
import { explainPipeline, shapMethodFor, type PipelineExplanation } from '../../explain/pipeline-shap';
import type { FittedPipeline } from '../../preprocess/pipeline';
import { workerSource } from '../../io/worker-source';
import { decodeArtefact, encodeArtefact } from '../artefact-codec';
import type { ExplanationSettings } from '../config';
import { defineStage } from '../stage';
import type { ChosenModel } from './choose';
import { splitParts, type SplitArtefact } from './split';

/** The explain stage's artefact. */
export interface ExplanationArtefact {
  readonly permutation: PermutationImportance;
  /** The features by mean fall of ROC-AUC, largest first. */
  readonly ranked: FeatureImportance[];
  /** Rows of the test part explained by SHAP, ascending (all of them unless KernelSHAP sampled). */
  readonly rows: number[];
  /** Those test customers' original features. */
  readonly frame: Frame;
  readonly shap: PipelineExplanation;
  /** Seconds the SHAP values took when they were computed. */
  readonly shapSeconds: number;
}

/** The test rows SHAP explains: all of them for the exact methods, a seeded sample of at most `maxKernelCustomers` for KernelSHAP. */
function explainedRows(fitted: FittedPipeline, n: number, settings: ExplanationSettings, seed: number): number[] {
  const sample = shapMethodFor(fitted.model.kind) === 'kernel' && n > settings.maxKernelCustomers;
  return sample
    ? Array.from(new Random(seed).permutation(n).subarray(0, settings.maxKernelCustomers)).sort((a, b) => a - b)
    : Array.from({ length: n }, (_, i) => i);
}

/**
 * SHAP values of a fitted pipeline for test customers with the study's settings: every customer for the exact
 * methods, a seeded sample of at most `maxKernelCustomers` for KernelSHAP.
 */
export function explainTestCustomers(
  fitted: FittedPipeline,
  parts: { testFrame: Frame; trainFrame: Frame },
  settings: ExplanationSettings,
  seed: number,
): { rows: number[]; frame: Frame; shap: PipelineExplanation } {
  const rows = explainedRows(fitted, parts.testFrame.nRows, settings, seed);
  const frame = takeFrameRows(parts.testFrame, rows);
  const shap = explainPipeline(fitted, frame, parts.trainFrame, { kernel: { nSamples: settings.kernelSamples, backgroundSize: settings.backgroundSize, seed } });
  return { rows, frame, shap };
}

/**
 * {@link explainTestCustomers} with KernelSHAP's customers split into `workers` contiguous parts, one per thread
 * (this one and worker threads): the same values to the bit, since each customer's coalitions are drawn from
 * its own seed (KernelShapOptions.firstRowIndex) and the background sample depends only on the seed. The exact
 * methods take milliseconds and stay in this thread.
 */
export async function explainTestCustomersInParallel(
  fitted: FittedPipeline,
  parts: { testFrame: Frame; trainFrame: Frame },
  settings: ExplanationSettings,
  seed: number,
  workers: number,
): Promise<{ rows: number[]; frame: Frame; shap: PipelineExplanation }> {
  if (workers <= 1 || shapMethodFor(fitted.model.kind) !== 'kernel') return explainTestCustomers(fitted, parts, settings, seed);
  const rows = explainedRows(fitted, parts.testFrame.nRows, settings, seed);
  const frame = takeFrameRows(parts.testFrame, rows);
  const kernel = { nSamples: settings.kernelSamples, backgroundSize: settings.backgroundSize, seed };
  const count = Math.min(workers, rows.length);
  const bounds = Array.from({ length: count + 1 }, (_, k) => Math.round((k * rows.length) / count));
  const partFrame = (k: number): Frame => takeFrameRows(frame, Array.from({ length: bounds[k + 1]! - bounds[k]! }, (_, i) => bounds[k]! + i));
  const pipeline = encodeArtefact(fitted);
  const background = encodeArtefact(parts.trainFrame);
  // Parts 1.. go to worker threads; part 0 is explained here meanwhile.
  const others = Array.from({ length: count - 1 }, (_, j) => explainPartInWorker({ pipeline, frame: encodeArtefact(partFrame(j + 1)), background, kernel: { ...kernel, firstRowIndex: bounds[j + 1]! } }));
  others.forEach((part) => part.catch(() => {})); // awaited below; a failure must not be reported as unhandled first
  const first = explainPipeline(fitted, partFrame(0), parts.trainFrame, { kernel });
  const explained = [first, ...(await Promise.all(others))];
  return { rows, frame, shap: concatenateExplanations(explained) };
}

function explainPartInWorker(request: { pipeline: Json; frame: Json; background: Json; kernel: Json }): Promise<PipelineExplanation> {
  // stage-code: ../explain-worker
  const worker = new Worker(workerSource(path.join(__dirname, '..', 'explain-worker'), __filename.endsWith('.js')).code, { eval: true });
  return new Promise<PipelineExplanation>((resolve, reject) => {
    worker.once('message', (reply: { ok: boolean; json?: Json; error?: string }) => (reply.ok ? resolve(decodeArtefact<PipelineExplanation>(reply.json!)) : reject(new Error(`explain (worker thread): ${reply.error}`))));
    worker.once('error', reject);
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}

/** The parts' explanations as one, rows in order (they share the base value: the same background). */
function concatenateExplanations(parts: PipelineExplanation[]): PipelineExplanation {
  const first = parts[0]!;
  const nCols = first.values.nCols;
  const nRows = parts.reduce((n, p) => n + p.values.nRows, 0);
  const stack = (pick: (p: PipelineExplanation) => Float64Array): Float64Array => {
    const out = new Float64Array(nRows * nCols);
    let at = 0;
    for (const part of parts) {
      out.set(pick(part), at);
      at += pick(part).length;
    }
    return out;
  };
  return {
    ...first,
    values: { nRows, nCols, data: stack((p) => p.values.data) },
    ...(first.data ? { data: { nRows, nCols: first.data.nCols, data: stack((p) => p.data!.data) } } : {}),
  };
}

/** Stage `explain`. */
export const explainStage = defineStage<{ merge: ModelTable; split: SplitArtefact; choose: ChosenModel }, ExplanationArtefact>({
  name: 'explain',
  description: 'permutation importance on the test part and SHAP values of the chosen model (exact where the model allows, KernelSHAP otherwise)',
  deps: ['merge', 'split', 'choose'],
  module: __filename,
  settings: (c) => ({ seed: c.seed, explanation: { ...c.explanation } }),
  compute: async ({ merge, split, choose }, { config }) => {
    const parts = splitParts(merge, split);
    const permutation = permutationImportanceFrame((f) => choose.fitted.predictProba(f), parts.testFrame, parts.yTest, { nRepeats: config.explanation.permutationRepeats, seed: config.seed });
    const started = Date.now();
    // KernelSHAP in two threads (the study's other stages after `choose` leave a core idle most of the time);
    // the number of threads does not change a value, so it is not a setting of the stage.
    const threads = Math.min(2, Math.max(1, config.search.parallel));
    const { rows, frame, shap } = await explainTestCustomersInParallel(choose.fitted, parts, config.explanation, config.seed, threads);
    return { permutation, ranked: rankImportances(permutation), rows, frame, shap, shapSeconds: (Date.now() - started) / 1000 };
  },
});
