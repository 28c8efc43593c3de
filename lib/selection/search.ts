/**
 * Hyperparameter search over a pipeline's parameters by path, scored by ROC-AUC on stratified k-fold CV
 * (scikit-learn's GridSearchCV / RandomizedSearchCV with scoring='roc_auc'). Fits run in a worker-thread
 * pool (both cores) or serially; the table is the same either way, since every (candidate, fold) result is
 * stored by index and every model is seeded. The best candidate is refit on all the rows given.
 */
import { yieldToEventLoop } from '../core/event-loop';
import type { Frame, Json, Labels } from '../core/types';
import { FittedPipeline, Pipeline, applyPathParams, type PathParams, type PipelineSpec } from '../preprocess/pipeline';
import { expandGrid, sampleCandidates, type Distribution } from './distributions';
import { estimatedFitCost, runFitTask, type FitData, type FitResult, type FitTask } from './fit-task';
import { FitPool, defaultWorkerCount } from './pool';
import { stratifiedKFold, type Fold } from './split';

/** Options shared by every search. */
export interface SearchOptions {
  /** The CV folds; default stratified `nSplits`-fold with shuffle and `seed`. */
  folds?: readonly Fold[];
  /** Number of folds when `folds` is not given (default 5). */
  nSplits?: number;
  /** Seed of the folds (and of the draws of a randomized search); default 42. */
  seed?: number;
  /**
   * Where fits run: a started pool (reused, not closed), a worker count (a pool is started and closed),
   * or 0 for serial fits in this thread. Default: a pool of all cores.
   */
  parallel?: FitPool | number;
  /** Modules the workers require at start (absolute paths), e.g. to register extra model kinds. */
  setupModules?: string[];
  /** Refit the best candidate on all rows (default true). */
  refit?: boolean;
  /** Parameters changed for the refit only (and in `bestSpec`), e.g. `{'model.probability': true}`. */
  refitChanges?: PathParams;
  /** Called after each finished fit with (done, total): progress for long searches. */
  onProgress?: (done: number, total: number) => void;
}

/** One row of the results table. */
export interface CandidateResult {
  /** Position in the candidate list. */
  index: number;
  /** The candidate's parameters by path. */
  params: PathParams;
  /** ROC-AUC of each fold. */
  foldScores: number[];
  /** Mean of the fold scores (NaN if any fold failed). */
  meanScore: number;
  /** Population standard deviation of the fold scores (numpy's np.std). */
  stdScore: number;
  /** Mean fit time per fold, milliseconds (the only field that changes between runs). */
  meanFitMs: number;
  /** 1 = best mean score; ties share the lower rank (scikit-learn's rank_test_score). */
  rank: number;
  /** The first error message, if a fold failed. */
  error?: string;
}

/** A finished search. */
export interface SearchResult {
  /** Every candidate, in candidate order. */
  table: CandidateResult[];
  /** The best candidate (highest mean score, first on ties). */
  best: CandidateResult;
  /** The pipeline spec of the best candidate. */
  bestSpec: PipelineSpec;
  /** The best candidate refit on all rows (absent with refit: false). */
  bestPipeline?: FittedPipeline;
  /** The folds used. */
  folds: Fold[];
  /** Wall time of the CV fits, milliseconds. */
  elapsedMs: number;
  /** Worker threads used (0 = serial). */
  workers: number;
}

function summarise(index: number, params: PathParams, results: FitResult[]): Omit<CandidateResult, 'rank'> {
  const foldScores = results.map((r) => r.score);
  const n = foldScores.length;
  const mean = foldScores.reduce((s, v) => s + v, 0) / n;
  const std = Math.sqrt(foldScores.reduce((s, v) => s + (v - mean) * (v - mean), 0) / n);
  const meanFitMs = results.reduce((s, r) => s + r.fitMs, 0) / n;
  const error = results.find((r) => r.error)?.error;
  return { index, params, foldScores, meanScore: mean, stdScore: std, meanFitMs, ...(error ? { error } : {}) };
}


/** Fits every (candidate, fold) pair and returns the results grouped per candidate, in order. */
async function evaluate(specs: PipelineSpec[], frame: Frame, y: Labels, folds: Fold[], options: SearchOptions): Promise<{ results: FitResult[][]; workers: number }> {
  const tasks: FitTask[] = [];
  specs.forEach((spec, c) => {
    const cost = estimatedFitCost(spec);
    folds.forEach((_, f) => tasks.push({ id: c * folds.length + f, dataKey: '', fold: f, spec, returnProba: false, cost }));
  });
  const total = tasks.length;
  let flat: FitResult[];
  let workers = 0;
  const parallel = options.parallel ?? defaultWorkerCount();
  if (parallel === 0) {
    const data: FitData = { frame, y, folds };
    flat = [];
    for (let k = 0; k < tasks.length; k++) {
      flat.push(runFitTask(tasks[k]!, data));
      options.onProgress?.(k + 1, total);
      // A turn of the event loop between fits, so an interrupt (Ctrl-C) is handled during a serial search
      // instead of after it, when the outputs would already be written.
      await yieldToEventLoop();
    }
  } else {
    const pool = typeof parallel === 'number' ? await FitPool.start({ workers: parallel, ...(options.setupModules ? { setupModules: options.setupModules } : {}) }) : parallel;
    workers = pool.size;
    const key = `search-${process.hrtime.bigint()}`;
    try {
      pool.setData(key, { frame, y, folds });
      let done = 0;
      flat = await pool.run(
        tasks.map((t) => ({ ...t, dataKey: key })),
        () => options.onProgress?.(++done, total),
      );
    } finally {
      pool.dropData(key);
      if (typeof parallel === 'number') await pool.close();
    }
  }
  const results: FitResult[][] = specs.map((_, c) => flat.slice(c * folds.length, (c + 1) * folds.length));
  return { results, workers };
}

/** Evaluates the given candidates (parameters by path over `base`) and ranks them by mean CV ROC-AUC. */
export async function searchCandidates(base: PipelineSpec, candidates: readonly PathParams[], frame: Frame, y: Labels, options: SearchOptions = {}): Promise<SearchResult> {
  if (candidates.length === 0) throw new Error('search: no candidates');
  const folds = options.folds ? [...options.folds] : stratifiedKFold(y, { nSplits: options.nSplits ?? 5, shuffle: true, seed: options.seed ?? 42 });
  const specs = candidates.map((c) => applyPathParams(base, c));
  const t0 = performance.now();
  const { results, workers } = await evaluate(specs, frame, y, folds, options);
  const elapsedMs = performance.now() - t0;
  const rows = results.map((r, c) => summarise(c, candidates[c]!, r));
  const score = (r: { meanScore: number }) => (Number.isNaN(r.meanScore) ? -Infinity : r.meanScore);
  const table: CandidateResult[] = rows.map((r) => ({ ...r, rank: 1 + rows.filter((o) => score(o) > score(r)).length }));
  let best = table[0]!;
  for (const r of table) if (score(r) > score(best)) best = r;
  const bestSpec = options.refitChanges && Object.keys(options.refitChanges).length ? applyPathParams(specs[best.index]!, options.refitChanges) : specs[best.index]!;
  const out: SearchResult = { table, best, bestSpec, folds, elapsedMs, workers };
  if (options.refit !== false && Number.isFinite(best.meanScore)) out.bestPipeline = new Pipeline(bestSpec).fit(frame, y);
  return out;
}

/** Every combination of the grid (scikit-learn's GridSearchCV). */
export function gridSearch(base: PipelineSpec, grid: Record<string, readonly Json[]>, frame: Frame, y: Labels, options: SearchOptions = {}): Promise<SearchResult> {
  return searchCandidates(base, expandGrid(grid), frame, y, options);
}

/** `nIter` seeded draws from the distributions (scikit-learn's RandomizedSearchCV). */
export function randomizedSearch(
  base: PipelineSpec,
  distributions: Record<string, Distribution>,
  frame: Frame,
  y: Labels,
  options: SearchOptions & { nIter?: number } = {},
): Promise<SearchResult> {
  return searchCandidates(base, sampleCandidates(distributions, options.nIter ?? 10, options.seed ?? 42), frame, y, options);
}

/** The table as plain rows for display: params spread into columns, scores rounded to 4 places. */
export function resultsTable(result: SearchResult): Record<string, Json>[] {
  return [...result.table]
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((r) => ({
      rank: r.rank,
      ...Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v])),
      meanAuc: Number(r.meanScore.toFixed(4)),
      stdAuc: Number(r.stdScore.toFixed(4)),
      fitMs: Number(r.meanFitMs.toFixed(1)),
    }));
}
