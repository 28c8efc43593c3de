/**
 * From a fitted pipeline to a sealed model file: the training table's fingerprint and feature schema, the
 * cleaning bound scoring must repeat, the metrics, and the segment rules (lib/segment's default rules at
 * thresholds read from the training customers' probabilities and profit).
 */
import type { Json } from '../core/types';
import { EXTREME_REVENUE_BOUND } from '../data/clean';
import { FEATURES, type ModelTable } from '../data/model-table';
import { tableFingerprint } from '../io/fingerprint';
import { createModelFile, featureSchemaOf, type ModelFile } from '../model-file';
import { Pipeline, type FittedPipeline, type PathParams, type PipelineSpec } from '../preprocess/pipeline';
import { studyPipelineSpec } from '../preprocess/study';
import { segmentCustomers, type Segmentation } from '../segment/rules';
import { DEFAULT_OFFER_CATALOGUE } from '../offers/default-catalogue';
import { explainReasons, fitReasonExplainer } from '../offers/reasons';
import { offersSpecOf } from '../offers/scoring';
import { DEFAULT_OFFER_SETTINGS, offersStudy } from '../offers/study';

/** The parts of a model file that the study decides. */
export interface ModelFileInput {
  /** The rows the pipeline was fitted on. */
  table: ModelTable;
  /** The whole modelling table those rows were split from (default: `table`). */
  fullTable?: ModelTable;
  pipeline: FittedPipeline;
  family: string;
  params: PathParams;
  metrics: { [name: string]: Json };
  /** The segmentation whose rules scoring repeats. */
  segmentation: Segmentation;
  /** Where the training data came from (kind only, so the file does not depend on a path). */
  sourceKind: string;
  /** The cleaning bound used for the training data (default lib/data's EXTREME_REVENUE_BOUND). */
  extremeRevenueBound?: number;
  /** What scoring needs for reasons and offers (lib/offers/scoring.ts offersSpecOf), if the study made them. */
  offers?: Json;
}

/** Seals a model file from the study's choices. */
export function modelFileOf(input: ModelFileInput): ModelFile {
  let positives = 0;
  for (const v of input.table.target) positives += v;
  return createModelFile({
    family: input.family,
    params: input.params,
    trainingData: {
      fingerprint: tableFingerprint(input.table),
      tableFingerprint: tableFingerprint(input.fullTable ?? input.table),
      rows: input.table.ids.length,
      positives,
      source: input.sourceKind,
    },
    features: featureSchemaOf(input.table.features, FEATURES),
    cleaning: { extremeRevenueBound: input.extremeRevenueBound ?? EXTREME_REVENUE_BOUND },
    metrics: input.metrics,
    segments: {
      rules: input.segmentation.rules as unknown as Json[],
      thresholds: (input.segmentation.thresholds ?? null) as unknown as { [name: string]: Json } | null,
    },
    pipeline: input.pipeline,
    ...(input.offers !== undefined ? { offers: input.offers } : {}),
  });
}

/**
 * Fits a pipeline (default: the study's preprocessing + logistic regression) on a whole table and seals it
 * with in-sample segment thresholds. For examples, benchmarks and tests; the study itself chooses the model
 * by cross-validation and segments on out-of-fold probabilities.
 * @example const { file } = fitModelFile(prepareStudyData().table); writeModelFile('models/quick.json', file)
 */
export function fitModelFile(table: ModelTable, options: { spec?: PipelineSpec; sourceKind?: string; offers?: boolean } = {}): { file: ModelFile; pipeline: FittedPipeline } {
  const spec = options.spec ?? studyPipelineSpec({ kind: 'logistic', params: {} });
  const pipeline = new Pipeline(spec).fit(table.features, table.target);
  const proba = pipeline.predictProba(table.features);
  const segmentation = segmentCustomers({ ids: table.ids, dropProbability: proba, profit: table.profit, features: table.features });
  const file = modelFileOf({
    table,
    pipeline,
    family: spec.model.kind,
    params: new Pipeline(spec).pathParams(),
    metrics: {},
    segmentation,
    sourceKind: options.sourceKind ?? 'unknown',
    // The offers part from in-sample probabilities and the default catalogue and settings (the study's own is
    // built from out-of-fold probabilities by its offers stage).
    ...(options.offers ? { offers: offersSpecOf(offersStudy({
      pipeline, trainFrame: table.features, ids: table.ids, frame: table.features, profit: table.profit, dropProbability: proba,
      segment: segmentation.assignment, reference: { shap: explainReasons(pipeline, fitReasonExplainer(pipeline, table.features), table.features), frame: table.features },
      catalogue: DEFAULT_OFFER_CATALOGUE, horizonMonths: 3, settings: DEFAULT_OFFER_SETTINGS, seed: 42,
    })) as unknown as Json } : {}),
  });
  return { file, pipeline };
}
