/**
 * The whole study in one call, without Jupyter: load (data found as lib/data finds it), clean, merge,
 * split, search the five families' space by stratified CV ROC-AUC, choose the family with the best CV score,
 * evaluate every family's best on the held-out test part, explain the chosen model (permutation importance
 * on the test part), segment every customer on probabilities from models that did not see them (notebook 08's
 * segmentationStudy: out-of-fold over all customers, calibrated when that lowers the Brier score), then
 * write reports/summary.json, reports/study.html, reports/search-06.json (the search table notebooks 06–09
 * read instead of searching again) and models/model.json (the chosen pipeline, wrapped in the
 * adopted calibration so scoring reads probabilities on the segments' scale) as one atomic batch.
 *
 * summary.json and model.json hold no timestamps or timings, so one seed gives byte-identical files; the
 * run's timings and environment go to reports/run-info.json.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { yieldToEventLoop } from '../core/event-loop';
import { takeFrameRows, takeLabels, type Json, type Labels } from '../core/types';
import { cleaningCounts } from '../data/clean';
import { findProjectRoot } from '../data/locate';
import { prepareStudyData, type StudyData } from '../data/prepare';
import { FEATURES } from '../data/model-table';
import { permutationImportanceFrame, rankImportances } from '../explain/permutation';
import { writeFilesAtomic } from '../io/atomic';
import { canonicalJson } from '../io/fingerprint';
import { startProgress, type ProgressOptions } from '../io/progress';
import { brierScore, logLoss } from '../metrics/probability';
import { rocAuc, rocCurve } from '../metrics/roc';
import { classificationSummary, predictAt } from '../metrics/classification';
import { serializeModelFile, type ModelFile } from '../model-file';
import { hasClassifier } from '../models/index';
import { stratifiedKFold, type Fold } from '../selection/split';
import { searchCacheFor, SEARCH_TABLE_FILE } from '../selection/search-cache';
import { runStudySearch, STUDY_FAMILIES, type FamilySearch, type StudyFamily } from '../selection/study-space';
import { checkCalibration, segmentationStudy, STUDY_OFFER_ECONOMICS, STUDY_SEGMENTATION } from '../segment/study';
import type { CalibrationMethod } from '../models/calibrated';
import { Pipeline, type FittedPipeline } from '../preprocess/pipeline';
import { modelFileOf } from './model';
import { DEFAULT_STUDY_SEED, DEFAULT_TEST_SIZE, studySplit } from './settings';
import { studyHtml } from './study-html';

/** Options of {@link runStudy}; every one has a default, so `runStudy()` runs the full study. */
export interface StudyOptions {
  /** Directory holding the four files (else MARKET_DATA_DIR, ./data, ../shared/data, synthetic). */
  dataDir?: string;
  /** Environment read for MARKET_DATA_DIR (tests). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Size and seed of the synthetic fallback data. */
  synthetic?: { customers?: number; seed?: number };
  /** Seed of the split, the folds, the candidate draws and the permutations (default 42). */
  seed?: number;
  /** Output root: reports/ and models/ are written under it (default: the project root). */
  outDir?: string;
  /** Customer ids of the test part (instead of a seeded stratified 25 % split). */
  testIds?: readonly number[];
  /** Share of customers in the test part when no testIds are given (default 0.25). */
  testSize?: number;
  /** The search budget; smaller values make quick runs (tests). */
  search?: {
    /** Candidates per family (default 50). */
    nCandidates?: number;
    /** CV folds (default 5). */
    nSplits?: number;
    /** Families to compare (default all five that lib/models registers). */
    families?: readonly StudyFamily[];
    /** Worker threads (default all cores; 0 = serial). */
    parallel?: number;
  };
  /** Permutation repeats for the top features (default 10). */
  permutationRepeats?: number;
  /** Write reports/study.html (default true). */
  html?: boolean;
  /** Progress of long steps (default: on stdout). */
  progress?: ProgressOptions;
  /** Where step messages go (default: none). */
  log?: (line: string) => void;
}

/** One family's line in the summary. */
export interface FamilyOutcome {
  family: string;
  candidates: number;
  failedCandidates: number;
  bestParams: { [path: string]: Json };
  cvRocAuc: number;
  cvRocAucStd: number;
  testRocAuc: number;
}

/** What summary.json holds. */
export interface StudySummary {
  seed: number;
  data: { source: string; sourceKind: string };
  rows: { file: string; before: number; after: number; removed: number; changed: number }[];
  cleaning: { rule: string; file: string; action: string; count: number; description: string }[];
  table: { customers: number; dropped: number; features: number };
  split: { method: string; train: number; test: number; trainDropped: number; testDropped: number };
  search: { folds: number; candidatesPerFamily: number; families: FamilyOutcome[]; skippedFamilies: string[] };
  chosen: {
    family: string;
    params: { [path: string]: Json };
    cvRocAuc: number;
    testRocAuc: number;
    testLogLoss: number;
    testBrier: number;
    testAt05: { precision: number; recall: number; f1: number; accuracy: number };
  };
  topFeatures: { feature: string; importance: number; std: number }[];
  segments: {
    probabilitySource: string;
    /** The calibration applied to the segmentation's probabilities and to the model file ('none': raw). */
    calibration: CalibrationMethod | 'none';
    /** Brier score of the raw out-of-fold probabilities, and of the calibrated ones when calibration was adopted. */
    rawOutOfFoldBrier: number;
    calibratedOutOfFoldBrier: number | null;
    /** The drop probability above which an offer maximises the expected retained profit (STUDY_OFFER_ECONOMICS). */
    expectedValueThreshold: number;
    thresholds: { [name: string]: Json } | null;
    sizes: { name: string; description: string; size: number; share: number; meanDropProbability: number; profitAtStake: number }[];
  };
  /**
   * The model file. Its pipeline is the chosen model wrapped in the adopted calibration (`calibration`), so
   * its test metrics can differ from `chosen`'s, which are the raw model's (the family comparison).
   */
  model: {
    file: string;
    checksum: string;
    trainingFingerprint: string;
    tableFingerprint: string;
    calibration: CalibrationMethod | 'none';
    testRocAuc: number;
    testLogLoss: number;
    testBrier: number;
  };
}

/** What {@link runStudy} returns: the summary, the model file, the paths written and the run's timings. */
export interface StudyResult {
  summary: StudySummary;
  modelFile: ModelFile;
  paths: { summary: string; html: string | null; model: string; runInfo: string; searchTable: string };
  /** Milliseconds per step (also in run-info.json, never in summary.json). */
  timings: Record<string, number>;
}

/** Reads a test-ids file (see lib/study/settings.ts); re-exported here, where it was first defined. */
export { readTestIds } from './settings';

const round = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(12)) : x);

/**
 * Runs the whole study and writes its outputs (see the file comment).
 * @example const { summary } = await runStudy({ seed: 42 }); summary.chosen.family
 */
export async function runStudy(options: StudyOptions = {}): Promise<StudyResult> {
  const seed = options.seed ?? DEFAULT_STUDY_SEED;
  const log = options.log ?? (() => {});
  const progressOptions = options.progress ?? {};
  const timings: Record<string, number> = {};
  const started = Date.now();
  let stepStart = started;
  // Each step ends with a turn of the event loop: an interrupt (Ctrl-C) during a long synchronous step is
  // handled before the next one starts, so it can never come after the outputs were written.
  const step = async (name: string) => {
    const now = Date.now();
    timings[name] = now - stepStart;
    stepStart = now;
    await yieldToEventLoop();
  };

  // 1. Data: locate, load, validate, clean, merge.
  const data: StudyData = prepareStudyData({
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
    ...(options.synthetic !== undefined ? { synthetic: options.synthetic } : {}),
  });
  const { table } = data;
  log(`data: ${data.source.description}`);
  log(`table: ${table.ids.length} customers, ${FEATURES.length} features`);
  await step('data');

  // 2. Split.
  const split: Fold = studySplit(table, { seed, testIds: options.testIds ?? null, testSize: options.testSize ?? DEFAULT_TEST_SIZE });
  const trainFrame = takeFrameRows(table.features, split.train);
  const testFrame = takeFrameRows(table.features, split.test);
  const yTrain = takeLabels(table.target, split.train);
  const yTest = takeLabels(table.target, split.test);
  const sum = (y: Labels) => y.reduce((s, v) => s + v, 0);
  log(`split: ${split.train.length} train, ${split.test.length} test${options.testIds ? ' (given test ids)' : ''}`);
  await step('split');

  // 3. Search: every registered family on the same folds.
  const wanted = options.search?.families ?? STUDY_FAMILIES;
  const families = wanted.filter((f) => hasClassifier(f));
  const skipped = wanted.filter((f) => !hasClassifier(f));
  if (families.length === 0) throw new Error(`no model family of ${wanted.join(', ')} is registered in lib/models`);
  if (skipped.length > 0) log(`search: skipping ${skipped.join(', ')} (not registered in lib/models)`);
  const nCandidates = options.search?.nCandidates ?? 50;
  const nSplits = options.search?.nSplits ?? 5;
  const folds = stratifiedKFold(yTrain, { nSplits, shuffle: true, seed });
  const totalFits = families.length * nCandidates * nSplits;
  const progress = startProgress('search', totalFits, progressOptions);
  let finishedFamilies = 0;
  const searches: FamilySearch[] = await runStudySearch(trainFrame, yTrain, {
    families,
    nCandidates,
    seed,
    folds,
    ...(options.search?.parallel !== undefined ? { parallel: options.search.parallel } : {}),
    onProgress: (done, total) => {
      progress.update(finishedFamilies * nCandidates * nSplits + done);
      if (done === total) finishedFamilies++;
    },
  });
  progress.done(`${totalFits} fits`);
  await step('search');

  // 4. Choose by CV; 5. evaluate every family's best on the test part.
  const outcomes: FamilyOutcome[] = [];
  const testProba = new Map<string, Float64Array>();
  for (const s of searches) {
    const pipeline = s.result.bestPipeline;
    const proba = pipeline ? pipeline.predictProba(testFrame) : null;
    if (proba) testProba.set(s.family, proba);
    outcomes.push({
      family: s.family,
      candidates: s.result.table.length,
      failedCandidates: s.result.table.filter((r) => r.error !== undefined).length,
      bestParams: s.result.best.params,
      cvRocAuc: round(s.result.best.meanScore),
      cvRocAucStd: round(s.result.best.stdScore),
      testRocAuc: proba ? round(rocAuc(yTest, proba)) : NaN,
    });
  }
  let chosenIndex = -1;
  searches.forEach((s, i) => {
    const score = s.result.best.meanScore;
    if (s.result.bestPipeline && Number.isFinite(score) && (chosenIndex === -1 || score > searches[chosenIndex]!.result.best.meanScore)) chosenIndex = i;
  });
  if (chosenIndex === -1) throw new Error('every candidate of every family failed; see the search errors');
  const chosen = searches[chosenIndex]!;
  const chosenPipeline = chosen.result.bestPipeline!;
  const chosenProba = testProba.get(chosen.family)!;
  const at05 = classificationSummary(yTest, predictAt(chosenProba, 0.5));
  log(`chosen: ${chosen.family} (CV ROC-AUC ${chosen.result.best.meanScore.toFixed(4)}, test ${outcomes[chosenIndex]!.testRocAuc.toFixed(4)})`);
  await step('evaluate');

  // 6. Explain: permutation importance of the original features on the test part.
  const importance = permutationImportanceFrame((f) => chosenPipeline.predictProba(f), testFrame, yTest, { nRepeats: options.permutationRepeats ?? 10, seed });
  const ranked = rankImportances(importance);
  const topFeatures = ranked.slice(0, 8).map((r) => ({ feature: r.feature, importance: round(r.mean), std: round(r.std) }));
  await step('explain');

  // 7. Segment every customer on probabilities from models that did not see them: notebook 08's procedure
  // (segmentationStudy: out-of-fold over all customers, calibrated when the nested check on the training part
  // says it helps), so
  // summary.json, study.html and the notebook reports show the same segments.
  // Whether to calibrate is decided on the training part only (the nested check), as notebooks 08 and 09 do.
  const calibrationCheck = checkCalibration(chosen.result.bestSpec, trainFrame, yTrain, { ...STUDY_SEGMENTATION, seed });
  const segmentationResult = segmentationStudy(table, chosen.result.bestSpec, { economics: STUDY_OFFER_ECONOMICS, seed, calibration: calibrationCheck.choice });
  const { segmentation, applied: calibration } = segmentationResult;
  const dropProbability = Float64Array.from(segmentationResult.input.dropProbability);
  await step('segment');

  // 8. Model file and summary. The segment thresholds are on the calibrated scale when calibration was
  // adopted, so the model file's pipeline must output that scale too: the chosen model wrapped in the same
  // calibration (internal stratified 5-fold on the training part, as sklearn's CalibratedClassifierCV).
  const deployedPipeline: FittedPipeline =
    calibration === 'none'
      ? chosenPipeline
      : new Pipeline({ ...chosen.result.bestSpec, model: { kind: 'calibrated', params: { method: calibration, base: chosen.result.bestSpec.model, cv: STUDY_SEGMENTATION.nSplits, seed } } }).fit(trainFrame, yTrain);
  const deployedProba = calibration === 'none' ? chosenProba : deployedPipeline.predictProba(testFrame);
  const modelFile = modelFileOf({
    table: { ids: takeIds(table.ids, split.train), target: yTrain, profit: takeFloat(table.profit, split.train), features: trainFrame },
    fullTable: table,
    pipeline: deployedPipeline,
    family: chosen.family,
    params: chosen.result.best.params,
    metrics: {
      cvRocAuc: round(chosen.result.best.meanScore),
      cvRocAucStd: round(chosen.result.best.stdScore),
      testRocAuc: round(rocAuc(yTest, deployedProba)),
      testLogLoss: round(logLoss(yTest, deployedProba)),
      testBrier: round(brierScore(yTest, deployedProba)),
      testRows: split.test.length,
    },
    segmentation,
    sourceKind: data.source.kind,
  });
  const outDir = path.resolve(options.outDir ?? findProjectRoot());
  const paths = {
    summary: path.join(outDir, 'reports', 'summary.json'),
    html: options.html === false ? null : path.join(outDir, 'reports', 'study.html'),
    model: path.join(outDir, 'models', 'model.json'),
    runInfo: path.join(outDir, 'reports', 'run-info.json'),
    searchTable: path.join(outDir, 'reports', SEARCH_TABLE_FILE),
  };
  const summary: StudySummary = {
    seed,
    data: { source: data.source.description, sourceKind: data.source.kind },
    rows: cleaningCounts(data.raw, data.clean, data.log),
    cleaning: data.log.map((e) => ({ rule: e.rule, file: e.file, action: e.action, count: e.count, description: e.description })),
    table: { customers: table.ids.length, dropped: sum(table.target), features: FEATURES.length },
    split: {
      method: options.testIds ? 'given test ids' : `stratified, test share ${options.testSize ?? DEFAULT_TEST_SIZE}, seed ${seed}`,
      train: split.train.length,
      test: split.test.length,
      trainDropped: sum(yTrain),
      testDropped: sum(yTest),
    },
    search: { folds: nSplits, candidatesPerFamily: nCandidates, families: outcomes, skippedFamilies: [...skipped] },
    chosen: {
      family: chosen.family,
      params: chosen.result.best.params,
      cvRocAuc: round(chosen.result.best.meanScore),
      testRocAuc: outcomes[chosenIndex]!.testRocAuc,
      testLogLoss: round(logLoss(yTest, chosenProba)),
      testBrier: round(brierScore(yTest, chosenProba)),
      testAt05: { precision: round(at05.precision), recall: round(at05.recall), f1: round(at05.f1), accuracy: round(at05.accuracy) },
    },
    topFeatures,
    segments: {
      probabilitySource: `out-of-fold over all customers (${STUDY_SEGMENTATION.nSplits} folds), ${calibration === 'none' ? 'not calibrated' : `${calibration} calibration`}`,
      calibration,
      rawOutOfFoldBrier: round(segmentationResult.calibration.rawBrier),
      calibratedOutOfFoldBrier: calibration === 'none' ? null : round(segmentationResult.calibration.brier[calibration]),
      expectedValueThreshold: round(segmentationResult.expectedValue.best.threshold),
      thresholds: (segmentation.thresholds ?? null) as unknown as { [name: string]: Json } | null,
      sizes: segmentation.summaries.map((s) => ({
        name: s.name,
        description: s.description,
        size: s.size,
        share: round(s.share),
        meanDropProbability: round(s.meanDropProbability),
        profitAtStake: round(s.profitAtStake),
      })),
    },
    model: {
      file: 'models/model.json',
      checksum: modelFile.checksum,
      trainingFingerprint: modelFile.trainingData.fingerprint,
      calibration,
      testRocAuc: modelFile.metrics['testRocAuc'] as number,
      testLogLoss: modelFile.metrics['testLogLoss'] as number,
      testBrier: modelFile.metrics['testBrier'] as number,
      tableFingerprint: modelFile.trainingData.tableFingerprint,
    },
  };
  await step('model');

  const files = [
    { path: paths.summary, data: canonicalJson(summary, 2) + '\n' },
    { path: paths.model, data: serializeModelFile(modelFile) },
    // The search table, keyed as notebook 06 keys its cache (data, folds, candidates, code): `npm start`'s
    // notebooks read this search instead of fitting the same models again; any other setting misses it.
    { path: paths.searchTable, data: searchCacheFor(trainFrame, yTrain, folds, searches) },
  ];
  if (paths.html) {
    const curves = searches
      .filter((s) => testProba.has(s.family))
      .map((s) => {
        const c = rocCurve(yTest, testProba.get(s.family)!);
        return { label: s.family, fpr: c.fpr, tpr: c.tpr, auc: rocAuc(yTest, testProba.get(s.family)!) };
      });
    files.push({ path: paths.html, data: studyHtml({ summary, curves, ranked: ranked.slice(0, 12), dropProbability, profit: table.profit, ids: table.ids, segmentation }) });
    await step('html');
  }
  timings.total = Date.now() - started;
  files.push({
    path: paths.runInfo,
    data: JSON.stringify({ finishedAt: new Date().toISOString(), timingsMs: timings, node: process.version, cpus: os.cpus().length, workers: searches[0]?.result.workers ?? 0 }, null, 2) + '\n',
  });
  writeFilesAtomic(files);
  return { summary, modelFile, paths, timings };
}

function takeIds(ids: Int32Array, rows: Uint32Array): Int32Array {
  const out = new Int32Array(rows.length);
  rows.forEach((r, k) => (out[k] = ids[r]!));
  return out;
}

function takeFloat(values: Float64Array, rows: Uint32Array): Float64Array {
  const out = new Float64Array(rows.length);
  rows.forEach((r, k) => (out[k] = values[r]!));
  return out;
}
