/**
 * Stage `explain`: the chosen model opened up on the held-out test part — permutation importance of every
 * original feature (its one-hot columns shuffled together, seeded repeats) and SHAP values by the algorithm
 * that fits the model (TreeSHAP, LinearSHAP, or seeded KernelSHAP on a capped, seeded sample of customers).
 * Notebooks 07 and 09 and the study's summary read this one explanation.
 */
import { Random } from '../../core/random';
import { takeFrameRows, type Frame } from '../../core/types';
import type { ModelTable } from '../../data/model-table';
import { permutationImportanceFrame, rankImportances, type FeatureImportance, type PermutationImportance } from '../../explain/permutation';
import { explainPipeline, shapMethodFor, type PipelineExplanation } from '../../explain/pipeline-shap';
import type { FittedPipeline } from '../../preprocess/pipeline';
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
  const n = parts.testFrame.nRows;
  const sample = shapMethodFor(fitted.model.kind) === 'kernel' && n > settings.maxKernelCustomers;
  const rows = sample
    ? Array.from(new Random(seed).permutation(n).subarray(0, settings.maxKernelCustomers)).sort((a, b) => a - b)
    : Array.from({ length: n }, (_, i) => i);
  const frame = takeFrameRows(parts.testFrame, rows);
  const shap = explainPipeline(fitted, frame, parts.trainFrame, { kernel: { nSamples: settings.kernelSamples, backgroundSize: settings.backgroundSize, seed } });
  return { rows, frame, shap };
}

/** Stage `explain`. */
export const explainStage = defineStage<{ merge: ModelTable; split: SplitArtefact; choose: ChosenModel }, ExplanationArtefact>({
  name: 'explain',
  description: 'permutation importance on the test part and SHAP values of the chosen model (exact where the model allows, KernelSHAP otherwise)',
  deps: ['merge', 'split', 'choose'],
  module: __filename,
  settings: (c) => ({ seed: c.seed, explanation: { ...c.explanation } }),
  compute: ({ merge, split, choose }, { config }) => {
    const parts = splitParts(merge, split);
    const permutation = permutationImportanceFrame((f) => choose.fitted.predictProba(f), parts.testFrame, parts.yTest, { nRepeats: config.explanation.permutationRepeats, seed: config.seed });
    const started = Date.now();
    const { rows, frame, shap } = explainTestCustomers(choose.fitted, parts, config.explanation, config.seed);
    return { permutation, ranked: rankImportances(permutation), rows, frame, shap, shapSeconds: (Date.now() - started) / 1000 };
  },
});
