/**
 * SHAP for a fitted pipeline (column transformer + classifier), in the business's original features:
 * TreeSHAP for trees and forests, LinearSHAP for logistic regression (log-odds), KernelSHAP for everything
 * else (probability). One-hot columns are summed back to their category (exact for additive values;
 * KernelSHAP toggles them as one group), and the explanation's data carries the ORIGINAL feature values
 * (not the scaled ones), so plots read in the customers' units.
 */
import type { FittedClassifier, Frame, Matrix } from '../core/types';
import { groupsFromSources, kernelShap, sampleBackground, type KernelShapOptions } from './kernel-shap';
import { linearShap, type LinearModel } from './linear-shap';
import { aggregateShap, type ShapExplanation } from './shap-types';
import { treeShap, type TreeModel } from './tree-shap';

/** Which SHAP algorithm explains a model. */
export type ShapMethod = 'tree' | 'linear' | 'kernel';

/** What the explainer needs of a fitted pipeline (lib/preprocess's FittedPipeline has it). */
export interface ExplainablePipeline {
  readonly preprocessor: { transform(frame: Frame): Matrix; featureNamesOut(): string[]; sourceColumns(): string[] };
  readonly model: FittedClassifier;
}

/** A TreeSHAP engine: values in probability space for a fitted tree or forest (lib/explain/tree-shap.ts). */
export type TreeShapEngine = (model: FittedClassifier, X: Matrix) => { values: Matrix; expectedValue: number };

/** The SHAP algorithm for a model kind: tree kinds → 'tree', 'logistic' → 'linear', others → 'kernel'. */
export function shapMethodFor(kind: string): ShapMethod {
  if (kind === 'tree' || kind === 'forest') return 'tree';
  if (kind === 'logistic') return 'linear';
  return 'kernel';
}

/** Options of {@link explainPipeline}. */
export interface ExplainPipelineOptions {
  /** Force an algorithm (default {@link shapMethodFor} the model's kind). */
  method?: ShapMethod;
  /** TreeSHAP implementation for 'tree' (default lib/explain/tree-shap's exact path-dependent TreeSHAP). */
  treeShap?: TreeShapEngine;
  /** KernelSHAP: background rows sampled from `background` (default 50) and its options (nSamples, seed...). */
  kernel?: KernelShapOptions & { backgroundSize?: number };
}

/** A pipeline explanation: SHAP values per original feature plus the algorithm used. */
export interface PipelineExplanation extends ShapExplanation {
  method: ShapMethod;
}

/**
 * SHAP values of a fitted pipeline for the rows of `frame`, against `background` (usually the training rows).
 * @example explainPipeline(fitted, testFrame, trainFrame, {kernel: {nSamples: 500, backgroundSize: 40}})
 */
export function explainPipeline(pipeline: ExplainablePipeline, frame: Frame, background: Frame, options: ExplainPipelineOptions = {}): PipelineExplanation {
  const method = options.method ?? shapMethodFor(pipeline.model.kind);
  const X = pipeline.preprocessor.transform(frame);
  const sources = pipeline.preprocessor.sourceColumns();
  const names = pipeline.preprocessor.featureNamesOut();
  let grouped: ShapExplanation;
  if (method === 'linear') {
    const model = pipeline.model as unknown as Partial<LinearModel>;
    if (!model.coef || typeof model.intercept !== 'number') throw new Error(`explainPipeline: LinearSHAP needs a model with coef and intercept; '${pipeline.model.kind}' has none`);
    const e = linearShap(model as LinearModel, X, pipeline.preprocessor.transform(background), { featureNames: names });
    grouped = aggregateShap(e, sources);
  } else if (method === 'tree') {
    const engine: TreeShapEngine = options.treeShap ?? ((model, M) => treeShap(model as unknown as TreeModel, M));
    const { values, expectedValue } = engine(pipeline.model, X);
    grouped = aggregateShap({ values, expectedValue, featureNames: names, data: X, outputSpace: 'probability' }, sources);
  } else {
    const k = options.kernel ?? {};
    const bg = sampleBackground(pipeline.preprocessor.transform(background), k.backgroundSize ?? 50, k.seed ?? 42);
    const { groups, groupNames } = groupsFromSources(sources);
    // A model that computes coalition outputs itself (the RBF SVC) is asked to; any other is scored row by row.
    const own = pipeline.model as Partial<{ coalitionProba: NonNullable<KernelShapOptions['coalitionOutputs']> }>;
    const coalitionOutputs = typeof own.coalitionProba === 'function' ? own.coalitionProba.bind(pipeline.model) : undefined;
    grouped = kernelShap((m) => pipeline.model.predictProba(m), X, bg, { ...k, groups, groupNames, ...(coalitionOutputs ? { coalitionOutputs } : {}) });
  }
  // Show each feature in its own units: numeric features from the frame, others keep what they had.
  const data = grouped.data ?? { nRows: X.nRows, nCols: grouped.featureNames.length, data: new Float64Array(X.nRows * grouped.featureNames.length).fill(NaN) };
  const m = grouped.featureNames.length;
  grouped.featureNames.forEach((name, g) => {
    const col = frame.columns[name];
    if (col instanceof Float64Array) for (let i = 0; i < X.nRows; i++) data.data[i * m + g] = col[i]!;
  });
  return { ...grouped, data, method };
}
