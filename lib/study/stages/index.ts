/**
 * The study's stages in their order, and the run that resolves them: the one list `npm start`, `npm run study`
 * and notebooks 01–09 share (docs/architecture.md describes each stage and its artefact).
 */
import '../../models/index';
import type { StudyConfig, StudyConfigOptions } from '../config';
import { openStages } from '../open';
import type { StudyRun, StudyRunOptions } from '../stage';
import { calibrateStage } from './calibrate';
import { chooseStage } from './choose';
import { cleanStage, loadStage, mergeStage } from './data';
import { evaluateStage } from './evaluate';
import { explainStage } from './explain';
import { offersStage } from './offers';
import { searchStage } from './search';
import { segmentStage } from './segment';
import { splitStage } from './split';

/** The stages in study order: each depends only on stages before it. */
export const STUDY_STAGES = {
  load: loadStage,
  clean: cleanStage,
  merge: mergeStage,
  split: splitStage,
  search: searchStage,
  choose: chooseStage,
  evaluate: evaluateStage,
  explain: explainStage,
  calibrate: calibrateStage,
  segment: segmentStage,
  offers: offersStage,
} as const;

/** A stage's name. */
export type StageName = keyof typeof STUDY_STAGES;

/** A run of the study's stages. */
export type StudyStages = StudyRun<typeof STUDY_STAGES>;

/**
 * Opens a run of the study: the config from `options`, the environment `npm start` sets and the defaults
 * (lib/study/config.ts studyConfig); artefacts are read from and saved to its run folder (default `reports/run`).
 * @example const run = openStudy(); const chosen = await run.get('choose'); chosen.family
 */
export function openStudy(options: StudyConfigOptions | StudyConfig = {}, runOptions: StudyRunOptions = {}): StudyStages {
  return openStages(STUDY_STAGES, options, runOptions);
}

export { splitParts, type SplitArtefact, type StudyParts } from './split';
export { dataFingerprint, dataSourceOf, DATA_STAGES, type CleanArtefact } from './data';
export { openDataStages } from '../open';
export type { SearchArtefact, FamilySearchArtefact } from './search';
export { familyBests, type ChosenModel, type FamilyBest } from './choose';
export type { EvaluationArtefact, FamilyTest, ClassificationSummary } from './evaluate';
export { explainTestCustomers, explainTestCustomersInParallel, type ExplanationArtefact } from './explain';
export type { CalibrationArtefact } from './calibrate';
export type { OffersStudy } from '../../offers/study';
