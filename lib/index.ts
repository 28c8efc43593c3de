/**
 * The public face of the study's library: what another script imports.
 *
 * @example
 * import { prepareStudyData, runStudy, scoreCustomers } from 'odin-klik-activity-study';
 * const { table } = prepareStudyData();                 // load, validate, clean, merge
 * const { summary } = await runStudy({ seed: 42 });     // the whole study, outputs written atomically
 * await scoreCustomers({ model: 'models/model.json', data: 'data/', out: 'scores.csv' });
 *
 * Areas: data (locate, load, validate, clean, merge, synthetic data), preprocessing (encoders, scalers,
 * column transformer, pipeline), models (registry, classifiers), selection (splits, k-fold, search, the
 * study's space), metrics, stats, explain (permutation importance, SHAP), segment, report (figure builders
 * and HTML helpers, under the `report` namespace), study (runStudy, model files), score (streaming scorer),
 * sql (the scorer as DuckDB / PostgreSQL SQL), io (atomic writes, progress, fingerprints). Each area is also
 * its own entry point (`odin-klik-activity-study/models`, `/data`, …; see package.json "exports").
 */

// Start here: the few entry points a newcomer needs (everything else follows, by area).
export { prepareStudyData } from './data/prepare';
export { openStudy } from './study/stages/index';
export { runStudy } from './study/run-study';
export { fitModelFile } from './study/model';
export { readModelFile, writeModelFile } from './model-file';
export { scoreRecords } from './score/records-scorer';
export { scoreCustomers } from './score/scorer';
export { StudyError, InvalidParameterError } from './core/errors';

export * from './core/types';
export { Random } from './core/random';
export * from './data/index';
export * from './preprocess/index';
export * from './models/index';
export * from './selection/index';
export * from './metrics/index';
// stats/phik has its own pairwiseSum (numpy's); the public one is metrics' (identical results).
export { pairwiseSum } from './metrics/index';
export * from './stats/index';
export * from './explain/index';
export * from './segment/index';
export * from './io/index';
export * from './model-file';
export * from './score/index';
export * from './offers/index';
export * from './sql/index';
export { readTestIds } from './study/run-study';
export { STUDY_STAGES, openDataStages, DATA_STAGES, splitParts, dataSourceOf, dataFingerprint, familyBests, explainTestCustomers } from './study/stages/index';
export type {
  StageName, StudyStages, SplitArtefact, StudyParts, CleanArtefact, SearchArtefact, FamilySearchArtefact, ChosenModel, FamilyBest,
  EvaluationArtefact, FamilyTest, ClassificationSummary, ExplanationArtefact, CalibrationArtefact,
} from './study/stages/index';
export { StudyRun, defineStage } from './study/stage';
export type { StageDefinition, StageContext, StageStatus, StudyRunOptions, ArtefactFile, ArtefactOf, AnyStage, StageInputsReader } from './study/stage';
export { openStages } from './study/open';
export { computeStageInWorker } from './study/stages/parallel';
export { studyConfig, DEFAULT_EXPLANATION, DEFAULT_SEGMENTATION, DEFAULT_OFFER_ECONOMICS, DEFAULT_SEARCH, RUN_FOLDER } from './study/config';
export type { StudyConfig, StudyConfigOptions, ExplanationSettings, StudySegmentationSettings } from './study/config';
export { encodeArtefact, decodeArtefact } from './study/artefact-codec';
export { codeFingerprint, moduleClosure, relativeImports } from './study/code-fingerprint';
export type { StudyOptions, StudyResult, StudySummary, FamilyOutcome } from './study/run-study';
export { modelFileOf } from './study/model';
export type { ModelFileInput } from './study/model';
export { studyHtml, plotlyBundle } from './study/study-html';
export { studySeed, studySettings, studySettingsEnv, studySplit, STUDY_ENV, DEFAULT_STUDY_SEED, DEFAULT_TEST_SIZE } from './study/settings';
export type { StudySettings } from './study/settings';
export type { StudyHtmlInput } from './study/study-html';

import * as reportDisplay from './report/display';
import * as reportFigures from './report/figures';
import * as reportExplainFigures from './report/explain-figures';
import * as reportFacts from './report/facts';
import * as reportHtml from './report/html';

/**
 * Report helpers: plotly figure builders (`report.figures`, `report.explainFigures`), notebook/HTML display
 * (`report.display`), the facts file (`report.facts`) and the report index page (`report.html`).
 */
export const report = {
  display: reportDisplay,
  figures: reportFigures,
  explainFigures: reportExplainFigures,
  facts: reportFacts,
  html: reportHtml,
} as const;
export * from './core/errors';
export * from './core/params';
