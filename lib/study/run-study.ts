/**
 * The whole study in one call, without Jupyter: the staged study (lib/study/stages: load, clean, merge, split,
 * search, choose, evaluate, explain, calibrate, segment) resolved into its run folder, then
 * reports/summary.json, reports/study.html and models/model.json (the chosen pipeline, wrapped in the adopted
 * calibration so scoring reads probabilities on the segments' scale) built from the artefacts. The artefacts
 * computed and the outputs are written as one atomic batch, so a failed or interrupted run writes nothing; the
 * notebooks then read the same artefacts instead of computing them again.
 *
 * summary.json and model.json hold no timestamps or timings, so one seed gives byte-identical files; the
 * run's timings and environment go to reports/run-info.json.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { yieldToEventLoop } from '../core/event-loop';
import type { Json, Labels } from '../core/types';
import { findProjectRoot } from '../data/locate';
import { FEATURES } from '../data/model-table';
import { writeFilesAtomic, type OutputFile } from '../io/atomic';
import { canonicalJson } from '../io/fingerprint';
import type { ProgressOptions } from '../io/progress';
import { serializeModelFile, type ModelFile } from '../model-file';
import type { CalibrationMethod } from '../models/calibrated';
import type { StudyFamily } from '../selection/study-space';
import { DEFAULT_SEARCH, studyConfig } from './config';
import { DEFAULT_STUDY_SEED } from './settings';
import { modelFileOf } from './model';
import type { StageStatus } from './stage';
import { dataSourceOf, openStudy, splitParts, type StageName } from './stages/index';
import { computeStageInWorker } from './stages/parallel';
import type { Interval } from '../offers/campaign';
import { offersSpecOf } from '../offers/scoring';
import { studyHtml } from './study-html';

/** Options of {@link runStudy}; every one has a default, so `runStudy()` runs the full study. */
export interface StudyOptions {
  /** Directory holding the four files (else MARKET_DATA_DIR, ./data, ../shared/data, synthetic). */
  dataDir?: string;
  /** Environment read for MARKET_DATA_DIR and the study's variables (tests). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Size and seed of the synthetic fallback data. */
  synthetic?: { customers?: number; seed?: number };
  /** Seed of the split, the folds, the candidate draws and the permutations (default 42). */
  seed?: number;
  /** Output root: reports/ (with the run folder reports/run) and models/ are written under it (default: the project root). */
  outDir?: string;
  /** Customer ids of the test part (instead of a seeded stratified 25 % split). */
  testIds?: readonly number[];
  /** The file the test ids came from (named in the reports). */
  testIdsFile?: string;
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
    /** The drop probability above which an offer maximises the expected retained profit (the run's offer economics, lib/study/config.ts). */
    expectedValueThreshold: number;
    thresholds: { [name: string]: Json } | null;
    sizes: { name: string; description: string; size: number; share: number; meanDropProbability: number; profitAtStake: number }[];
  };
  /** The personal offers (lib/offers): the catalogue version, the reason method, the campaign and its intervals. */
  offers: {
    catalogueVersion: string;
    reasonMethod: string;
    /** The reasons' agreement with the explain stage's SHAP values on its test customers. */
    reasonAgreement: { customers: number; topKOverlap: number; sameFirst: number; meanAbsDifference: number };
    surrogateR2: number | null;
    budget: { [name: string]: Json };
    campaign: { offers: number; totalCost: number; method: string; value: Interval; retainedProfit: Interval };
    customersWithOffer: number;
    segments: { name: string; size: Interval; inCampaign: Interval; value: Interval; offers: { offer: string; customers: number }[] }[];
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
  paths: { summary: string; html: string | null; model: string; runInfo: string; runDir: string };
  /** Milliseconds per stage (also in run-info.json, never in summary.json). */
  timings: Record<string, number>;
  /** How each stage was obtained: computed in this run or read from the run folder. */
  stages: readonly StageStatus[];
}

/** Reads a test-ids file (see lib/study/settings.ts); re-exported here, where it was first defined. */
export { readTestIds } from './settings';

const round = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(12)) : x);
const roundInterval = (i: Interval): Interval => ({ estimate: round(i.estimate), low: round(i.low), high: round(i.high) });

/**
 * Runs the whole study and writes its outputs (see the file comment).
 * @example const { summary } = await runStudy({ seed: 42 }); summary.chosen.family
 */
export async function runStudy(options: StudyOptions = {}): Promise<StudyResult> {
  const log = options.log ?? (() => {});
  const outDir = path.resolve(options.outDir ?? findProjectRoot());
  const config = studyConfig({
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
    ...(options.synthetic !== undefined ? { synthetic: options.synthetic } : {}),
    seed: options.seed ?? DEFAULT_STUDY_SEED,
    // The command's own options win over the environment: without --test-ids the split is the seeded one.
    testIds: options.testIds ?? null,
    testIdsFile: options.testIdsFile ?? null,
    ...(options.testSize !== undefined ? { testSize: options.testSize } : {}),
    search: {
      nCandidates: options.search?.nCandidates ?? DEFAULT_SEARCH.nCandidates,
      nSplits: options.search?.nSplits ?? DEFAULT_SEARCH.nSplits,
      ...(options.search?.families !== undefined ? { families: options.search.families } : {}),
      ...(options.search?.parallel !== undefined ? { parallel: options.search.parallel } : {}),
    },
    ...(options.permutationRepeats !== undefined ? { explanation: { permutationRepeats: options.permutationRepeats } } : {}),
    outDir,
  }, options.env ?? process.env);
  const seed = config.seed;
  const run = openStudy(config, { log, progress: options.progress ?? {}, deferWrites: true });
  const timings: Record<string, number> = {};
  const started = Date.now();
  let stepStart = started;
  // Each stage ends with a turn of the event loop: an interrupt (Ctrl-C) during a long synchronous stage is
  // handled before the next one starts, so it can never come after the outputs were written.
  const stage = async <N extends StageName>(name: N) => {
    const artefact = await run.get(name);
    const now = Date.now();
    timings[name] = now - stepStart;
    stepStart = now;
    await yieldToEventLoop();
    return artefact;
  };

  const source = dataSourceOf(config);
  const clean = await stage('clean');
  const table = await stage('merge');
  log(`data: ${source.description}`);
  log(`table: ${table.ids.length} customers, ${FEATURES.length} features`);
  const split = await stage('split');
  const { yTrain, yTest } = splitParts(table, split);
  log(`split: ${split.split.train.length} train, ${split.split.test.length} test${config.testIds ? ' (given test ids)' : ''}`);
  const search = await stage('search');
  const chosen = await stage('choose');
  const evaluation = await stage('evaluate');
  log(`chosen: ${chosen.family} (CV ROC-AUC ${chosen.cvRocAuc.toFixed(4)}, test ${evaluation.chosen.testRocAuc.toFixed(4)})`);
  // The explanation needs neither the calibration nor the segments: a worker thread computes it meanwhile.
  const explaining = config.search.parallel > 0 ? computeStageInWorker(run, 'explain') : run.get('explain');
  explaining.catch(() => {}); // awaited below; a failure there must not be reported as unhandled first
  const calibrated = await stage('calibrate');
  const segments = await stage('segment');
  const explanation = await explaining;
  await stage('explain');
  const offers = await stage('offers');
  log(`offers: ${offers.totals.offers} in the campaign (${offers.explainer.method} reasons), expected net value ${offers.totals.value.estimate.toFixed(1)} [${offers.totals.value.low.toFixed(1)}, ${offers.totals.value.high.toFixed(1)}]`);
  const { segmentation, applied: calibration } = segments;

  const outcomes: FamilyOutcome[] = search.families.map((f) => {
    const best = f.table[f.bestIndex]!;
    const test = evaluation.families.find((t) => t.family === f.family);
    return {
      family: f.family,
      candidates: f.table.length,
      failedCandidates: f.table.filter((r) => r.error !== undefined).length,
      bestParams: best.params,
      cvRocAuc: round(best.meanScore),
      cvRocAucStd: round(best.stdScore),
      testRocAuc: test ? round(test.testRocAuc) : NaN,
    };
  });
  const topFeatures = explanation.ranked.slice(0, 8).map((r) => ({ feature: r.feature, importance: round(r.mean), std: round(r.std) }));
  const trainRows = split.split.train;
  const modelFile = modelFileOf({
    table: { ids: takeIds(table.ids, trainRows), target: yTrain, profit: takeFloat(table.profit, trainRows), features: splitParts(table, split).trainFrame },
    fullTable: table,
    pipeline: calibrated.deployed,
    family: chosen.family,
    params: chosen.params,
    metrics: {
      cvRocAuc: round(chosen.cvRocAuc),
      cvRocAucStd: round(chosen.cvRocAucStd),
      testRocAuc: round(calibrated.test.rocAuc),
      testLogLoss: round(calibrated.test.logLoss),
      testBrier: round(calibrated.test.brier),
      testRows: split.split.test.length,
    },
    segmentation,
    sourceKind: source.kind,
    offers: offersSpecOf(offers) as unknown as Json,
  });
  const paths = {
    summary: path.join(outDir, 'reports', 'summary.json'),
    html: options.html === false ? null : path.join(outDir, 'reports', 'study.html'),
    model: path.join(outDir, 'models', 'model.json'),
    runInfo: path.join(outDir, 'reports', 'run-info.json'),
    runDir: config.runDir!,
  };
  const at05 = evaluation.chosen.at05;
  const sum = (y: Labels) => y.reduce((s, v) => s + v, 0);
  const summary: StudySummary = {
    seed,
    data: { source: source.description, sourceKind: source.kind },
    rows: clean.counts,
    cleaning: clean.log.map((e) => ({ rule: e.rule, file: e.file, action: e.action, count: e.count, description: e.description })),
    table: { customers: table.ids.length, dropped: sum(table.target), features: FEATURES.length },
    split: {
      method: config.testIds ? 'given test ids' : `stratified, test share ${config.testSize}, seed ${seed}`,
      train: split.split.train.length,
      test: split.split.test.length,
      trainDropped: sum(yTrain),
      testDropped: sum(yTest),
    },
    search: { folds: config.search.nSplits, candidatesPerFamily: config.search.nCandidates, families: outcomes, skippedFamilies: [...search.skipped] },
    chosen: {
      family: chosen.family,
      params: chosen.params,
      cvRocAuc: round(chosen.cvRocAuc),
      testRocAuc: round(evaluation.chosen.testRocAuc),
      testLogLoss: round(evaluation.chosen.testLogLoss),
      testBrier: round(evaluation.chosen.testBrier),
      testAt05: { precision: round(at05.precision), recall: round(at05.recall), f1: round(at05.f1), accuracy: round(at05.accuracy) },
    },
    topFeatures,
    segments: {
      probabilitySource: `out-of-fold over all customers (${config.segmentation.nSplits} folds), ${calibration === 'none' ? 'not calibrated' : `${calibration} calibration`}`,
      calibration,
      rawOutOfFoldBrier: round(segments.calibration.rawBrier),
      calibratedOutOfFoldBrier: calibration === 'none' ? null : round(segments.calibration.brier[calibration]),
      expectedValueThreshold: round(segments.expectedValue.best.threshold),
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
    offers: {
      catalogueVersion: offers.catalogue.version,
      reasonMethod: offers.explainer.method,
      reasonAgreement: { customers: offers.agreement.customers, topKOverlap: round(offers.agreement.topKOverlap), sameFirst: round(offers.agreement.sameFirst), meanAbsDifference: round(offers.agreement.meanAbsDifference) },
      surrogateR2: offers.explainer.fidelity ? round(offers.explainer.fidelity.r2) : null,
      budget: { ...offers.settings.budget },
      campaign: { offers: offers.totals.offers, totalCost: round(offers.totals.cost), method: offers.campaign.method, value: roundInterval(offers.totals.value), retainedProfit: roundInterval(offers.totals.retainedProfit) },
      customersWithOffer: offers.totals.customersWithOffer,
      segments: offers.segments.map((g) => ({ name: g.segment, size: roundInterval(g.size), inCampaign: roundInterval(g.inCampaign), value: roundInterval(g.value), offers: g.offerMix })),
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
  const files: OutputFile[] = [
    ...run.pendingFiles(),
    { path: paths.summary, data: canonicalJson(summary, 2) + '\n' },
    { path: paths.model, data: serializeModelFile(modelFile) },
  ];
  if (paths.html) {
    const curves = evaluation.families.map((f) => ({ label: f.family, fpr: f.roc.fpr, tpr: f.roc.tpr, auc: f.testRocAuc }));
    files.push({ path: paths.html, data: studyHtml({ summary, curves, ranked: explanation.ranked.slice(0, 12), dropProbability: Float64Array.from(segments.input.dropProbability), profit: table.profit, ids: table.ids, segmentation }) });
  }
  timings.total = Date.now() - started;
  files.push({
    path: paths.runInfo,
    data: JSON.stringify({ finishedAt: new Date().toISOString(), timingsMs: timings, stages: run.status(), node: process.version, cpus: os.cpus().length, workers: search.families[0]?.workers ?? 0 }, null, 2) + '\n',
  });
  writeFilesAtomic(files);
  return { summary, modelFile, paths, timings, stages: run.status() };
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
