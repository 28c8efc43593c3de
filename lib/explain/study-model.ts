/**
 * The study's chosen model for the explanation and segmentation notebooks (07-09): the same split, folds
 * and search as `lib/study/run-study.ts` (stratified 25 % test split and stratified shuffled 5-fold with
 * the seed, `runStudySearch` over every registered family, the best mean CV ROC-AUC wins), so the
 * notebooks and `npm run study` describe the same model for the same budget. The search result (family,
 * parameters, scores) is cached in reports/chosen-model.json, keyed by the data's fingerprint and the
 * search settings, so notebooks 08 and 09 reuse what 07 found; the pipeline is refit from the spec
 * (a single fit) every time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Random } from '../core/random';
import { takeFrameRows, takeLabels, type Frame, type Json, type Labels } from '../core/types';
import type { ModelTable } from '../data/model-table';
import { writeFileAtomic } from '../io/atomic';
import { jsonFingerprint, tableFingerprint } from '../io/fingerprint';
import { hasClassifier } from '../models/index';
import { Pipeline, type FittedPipeline, type PathParams, type PipelineSpec } from '../preprocess/pipeline';
import { stratifiedKFold, type Fold } from '../selection/split';
import { defaultWorkerCount } from '../selection/pool';
import { cachedStudySearch, libraryCodeFingerprint, SEARCH_TABLE_FILE } from '../selection/search-cache';
import { STUDY_FAMILIES, type StudyFamily } from '../selection/study-space';
import { DEFAULT_TEST_SIZE, studySeed, studySettings, studySplit } from '../study/settings';
import { explainPipeline, shapMethodFor, type PipelineExplanation } from './pipeline-shap';

/** Options of {@link chooseStudyModel}. */
export interface StudyModelOptions {
  /** Seed of the split, folds and candidate draws (default 42, as the study). */
  seed?: number;
  /** Candidates per family (default 50, as the study). */
  nCandidates?: number;
  /** CV folds (default 5). */
  nSplits?: number;
  /** Families to search (default every registered one of STUDY_FAMILIES). */
  families?: readonly StudyFamily[];
  /** Worker threads (default: all cores; 0 = serial). The result does not depend on it. */
  parallel?: number;
  /**
   * Cache file (default chosen-model.json in the run's reports folder); null = no cache. The search table
   * beside it ({@link SEARCH_TABLE_FILE}, shared with notebook 06) is read and written too.
   */
  cacheFile?: string | null;
}

/** One family's best candidate. */
export interface FamilyBest {
  family: string;
  params: PathParams;
  cvRocAuc: number;
  cvRocAucStd: number;
}

/** The chosen model, its split and the search it came from. */
export interface StudyModel {
  family: string;
  spec: PipelineSpec;
  params: PathParams;
  cvRocAuc: number;
  cvRocAucStd: number;
  /** Every searched family's best, in search order. */
  families: FamilyBest[];
  /** The train/test split (row indices of the table). */
  split: Fold;
  trainFrame: Frame;
  testFrame: Frame;
  yTrain: Labels;
  yTest: Labels;
  /** The chosen pipeline fitted on the training part. */
  fitted: FittedPipeline;
  /** True when the search result came from the cache. */
  fromCache: boolean;
  /** Search settings: candidates per family and folds. */
  nCandidates: number;
  nSplits: number;
  /** Seed of the split, folds and candidate draws. */
  seed: number;
  /** Share of the customers held out as the test part (as given, or as the given test ids make it). */
  testSize: number;
  /** How the test part was chosen, in words: the seeded stratified split, or the given test ids. */
  splitMethod: string;
}

/** Share of the customers the study holds out as its test part (the one value lib/study/run-study.ts uses too). */
export const STUDY_TEST_SIZE = DEFAULT_TEST_SIZE;

interface CacheEntry {
  key: string;
  family: string;
  spec: PipelineSpec;
  params: PathParams;
  cvRocAuc: number;
  cvRocAucStd: number;
  families: FamilyBest[];
}

/**
 * Finds (or reads from the cache) the study's chosen model and fits it on the training part.
 * @example const chosen = await chooseStudyModel(table); chosen.family; chosen.fitted.predictProba(chosen.testFrame)
 */
export async function chooseStudyModel(table: ModelTable, options: StudyModelOptions = {}): Promise<StudyModel> {
  // The seed, test ids and reports folder `npm start -- --seed N --test-ids F --out DIR` ran with, else the defaults.
  const settings = studySettings();
  const seed = options.seed ?? settings.seed;
  const nCandidates = options.nCandidates ?? 50;
  const nSplits = options.nSplits ?? 5;
  const families = (options.families ?? STUDY_FAMILIES).filter((f) => hasClassifier(f));
  if (families.length === 0) throw new Error(`chooseStudyModel: no model family of ${(options.families ?? STUDY_FAMILIES).join(', ')} is registered in lib/models`);
  const split = studySplit(table, { seed, testIds: settings.testIds, testSize: STUDY_TEST_SIZE });
  const trainFrame = takeFrameRows(table.features, split.train);
  const testFrame = takeFrameRows(table.features, split.test);
  const yTrain = takeLabels(table.target, split.train);
  const yTest = takeLabels(table.target, split.test);
  // The modelling code is part of the key: a changed model or search must not be answered from an old run.
  const code = libraryCodeFingerprint();
  const key = jsonFingerprint({ code, data: tableFingerprint(table), seed, nCandidates, nSplits, families: [...families], ...(settings.testIds ? { testIds: [...settings.testIds] } : {}) } as unknown as Json);
  const cacheFile = options.cacheFile === undefined ? path.join(settings.reportsDir, 'chosen-model.json') : options.cacheFile;

  let entry: CacheEntry | null = null;
  if (cacheFile && fs.existsSync(cacheFile)) {
    try {
      const cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as CacheEntry;
      if (cached.key === key) entry = cached;
    } catch {
      entry = null; // A broken cache is ignored and rewritten.
    }
  }
  const fromCache = entry !== null;
  if (!entry) {
    const folds = stratifiedKFold(yTrain, { nSplits, shuffle: true, seed });
    // The same search as notebook 06 (same split, folds and candidates): its table, when 06 has written it
    // with the same key (data, folds, candidates, code), is read instead of fitting the 1250 models again.
    const searchCache = cacheFile ? path.join(path.dirname(cacheFile), SEARCH_TABLE_FILE) : null;
    const { searches } = await cachedStudySearch(trainFrame, yTrain, { families, nCandidates, seed, folds, parallel: options.parallel ?? defaultWorkerCount(), refit: false, cacheFile: searchCache, codeFingerprint: code });
    const bests: FamilyBest[] = searches.map((s) => ({ family: s.family, params: s.result.best.params, cvRocAuc: s.result.best.meanScore, cvRocAucStd: s.result.best.stdScore }));
    let chosen = -1;
    searches.forEach((s, i) => {
      const score = s.result.best.meanScore;
      if (Number.isFinite(score) && (chosen === -1 || score > searches[chosen]!.result.best.meanScore)) chosen = i;
    });
    if (chosen === -1) throw new Error('chooseStudyModel: every candidate of every family failed');
    const best = searches[chosen]!;
    entry = { key, family: best.family, spec: best.result.bestSpec, params: best.result.best.params, cvRocAuc: best.result.best.meanScore, cvRocAucStd: best.result.best.stdScore, families: bests };
    if (cacheFile) writeFileAtomic(cacheFile, JSON.stringify(entry, null, 2) + '\n');
  }
  const fitted = new Pipeline(entry.spec).fit(trainFrame, yTrain);
  return {
    family: entry.family,
    spec: entry.spec,
    params: entry.params,
    cvRocAuc: entry.cvRocAuc,
    cvRocAucStd: entry.cvRocAucStd,
    families: entry.families,
    split,
    trainFrame,
    testFrame,
    yTrain,
    yTest,
    fitted,
    fromCache,
    nCandidates,
    nSplits,
    seed,
    testSize: settings.testIds ? split.test.length / table.ids.length : STUDY_TEST_SIZE,
    splitMethod: settings.testIds
      ? `given test ids (${settings.testIdsFile ?? 'STUDY_TEST_IDS'})`
      : `stratified, test share ${STUDY_TEST_SIZE}, seed ${seed}`,
  };
}

/**
 * How the study explains its chosen model, shared by notebooks 07 (importance) and 09 (conclusions) so the
 * two explain the same customers with the same settings and report the same drivers in the same order.
 * The seeds are the run's ({@link studySeed}: `STUDY_SEED`, default 42), read when the module loads.
 */
export const STUDY_EXPLANATION = {
  /** Permutation importance on the test part: shuffles per feature, and their seed. */
  permutation: { nRepeats: 10, seed: studySeed() },
  /**
   * KernelSHAP (k-NN, SVC) explains at most this many test customers, a seeded sample: it calls the model on
   * nSamples × backgroundSize synthetic rows per customer, which is slow for those models. The exact
   * methods (TreeSHAP, LinearSHAP) explain every test customer.
   */
  maxKernelCustomers: 100,
  /** Seed of that sample. */
  sampleSeed: studySeed(),
  /** KernelSHAP: coalitions per customer, background customers drawn from the training part, seed. */
  kernel: { nSamples: 400, backgroundSize: 25, seed: studySeed() },
  /** Top features described in words ("what drives a drop"). */
  drivers: 8,
} as const;

/** The settings {@link explainStudyModel} reads (the shape of {@link STUDY_EXPLANATION}). */
export interface StudyExplanationSettings {
  readonly maxKernelCustomers: number;
  readonly sampleSeed: number;
  readonly kernel: { readonly nSamples: number; readonly backgroundSize: number; readonly seed: number };
}

/** The chosen model's SHAP explanation on the test part. */
export interface StudyExplanation {
  /** Rows of the test part explained, ascending (all of them unless KernelSHAP sampled). */
  rows: number[];
  /** Those test customers' original features. */
  frame: Frame;
  explanation: PipelineExplanation;
}

/**
 * SHAP values of the chosen model for the test customers, by the algorithm that fits the model, with the
 * study's settings: the one place notebooks 07 and 09 get their explanation from.
 * @example const { explanation, frame } = explainStudyModel(await chooseStudyModel(table)); describeDrivers(explanation, frame)
 */
export function explainStudyModel(
  chosen: Pick<StudyModel, 'fitted' | 'testFrame' | 'trainFrame'>,
  settings: StudyExplanationSettings = STUDY_EXPLANATION,
): StudyExplanation {
  const n = chosen.testFrame.nRows;
  const sample = shapMethodFor(chosen.fitted.model.kind) === 'kernel' && n > settings.maxKernelCustomers;
  const rows = sample
    ? Array.from(new Random(settings.sampleSeed).permutation(n).subarray(0, settings.maxKernelCustomers)).sort((a, b) => a - b)
    : Array.from({ length: n }, (_, i) => i);
  const frame = takeFrameRows(chosen.testFrame, rows);
  const explanation = explainPipeline(chosen.fitted, frame, chosen.trainFrame, { kernel: { ...settings.kernel } });
  return { rows, frame, explanation };
}
