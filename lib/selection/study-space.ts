/**
 * The study's search space: five model families, each with its own distributions over the model's
 * hyperparameters plus the scaler choice (standard / minmax / none), and a seeded list of candidates per
 * family (50 by default). (SVC searches standard / minmax only: see its space.) Notebook 06, the search benchmark and the study command all use this one list,
 * so their numbers describe the same search.
 */
import type { Frame, Labels } from '../core/types';
import { FittedPipeline, type PathParams, type PipelineSpec } from '../preprocess/pipeline';
import type { FitResult } from './fit-task';
import { studyPipelineSpec } from '../preprocess/study';
import { SCALER_CHOICES } from '../preprocess/transformers';
import { sampleCandidates, type Distribution } from './distributions';
import { FitPool, defaultWorkerCount } from './pool';
import { searchCandidates, type SearchOptions, type SearchResult } from './search';
import { stratifiedKFold, type Fold } from './split';
import { STUDY_FAMILIES, type StudyFamily } from './families';

export { STUDY_FAMILIES, type StudyFamily } from './families';

/**
 * The order the study search runs the families in (the results keep the spaces' order). The costliest
 * family, the forest (TS search on 2 workers, 2026-12-06: forest 10.6 s, SVC 3.2 s, tree, kNN and logistic
 * about 1 s each), runs early, so its refit, the longest single fit, overlaps the cheaper families' CV fits
 * instead of running alone at the end. The SVC goes ahead of it: a refit queued before a family's fits is
 * counted in that family's time (the search log, bench:search), and the SVC's fits are short and many,
 * measured against libsvm's; its own refit is a few milliseconds.
 */
const SEARCH_RUN_ORDER: Readonly<Record<StudyFamily, number>> = { svc: 0, forest: 1, knn: 2, tree: 3, logistic: 4 };

/** The seed every model of the search uses (trees, forests, SVC's probability fit). */
export const STUDY_MODEL_SEED = 42;

/** A family's search: its base pipeline, distributions and drawn candidates. */
export interface FamilySpace {
  family: StudyFamily;
  base: PipelineSpec;
  distributions: Record<string, Distribution>;
  candidates: PathParams[];
  /** Parameters changed for the refit of the best only (e.g. the SVC's Platt probabilities). */
  refitChanges: PathParams;
}

const scaler: Distribution = SCALER_CHOICES;

/** Fixed hyperparameters of each family (not searched), and the searched distributions. */
const SPACES: Record<StudyFamily, { fixed: PipelineSpec['model']['params']; distributions: Record<string, Distribution>; refitChanges?: PathParams }> = {
  logistic: {
    fixed: { maxIter: 1000, tol: 1e-4, fitIntercept: true },
    distributions: {
      'prep.scaler': scaler,
      'model.C': { type: 'loguniform', low: 1e-3, high: 1e2 },
      'model.penalty': ['l1', 'l2', 'elasticnet'],
      'model.l1Ratio': { type: 'uniform', low: 0, high: 1 },
      'model.classWeight': [null, 'balanced'],
    },
  },
  knn: {
    fixed: {},
    distributions: {
      'prep.scaler': scaler,
      'model.k': { type: 'int', low: 1, high: 50 },
      'model.weights': ['uniform', 'distance'],
      'model.metric': ['euclidean', 'manhattan'],
    },
  },
  tree: {
    fixed: { seed: STUDY_MODEL_SEED },
    distributions: {
      'prep.scaler': scaler,
      'model.criterion': ['gini', 'entropy'],
      'model.maxDepth': [2, 3, 4, 5, 6, 7, 8, 10, 12, 15, null],
      'model.minSamplesSplit': { type: 'int', low: 2, high: 40 },
      'model.minSamplesLeaf': { type: 'int', low: 1, high: 30 },
    },
  },
  svc: {
    // ROC-AUC needs only the ranking: the search scores the SVM's decision values (as sklearn's roc_auc
    // scorer does with decision_function), and only the refit of the best fits Platt's sigmoid, whose
    // internal 5-fold CV would make every search fit six libsvm fits.
    fixed: { seed: STUDY_MODEL_SEED, probability: false },
    refitChanges: { 'model.probability': true },
    distributions: {
      // No 'none' here: on unscaled features (revenue ~5000 next to shares in [0, 1]) libsvm's linear and
      // poly fits take 5-17 s each against 0.01-0.7 s scaled (measured with sklearn's SVC on the study's
      // training part), and an unscaled SVM is not a candidate anyone would pick; C is capped at 10 for
      // the same reason (a linear fit at C = 30 takes 0.75 s).
      'prep.scaler': ['standard', 'minmax'],
      'model.kernel': ['rbf', 'linear', 'poly'],
      'model.C': { type: 'loguniform', low: 1e-2, high: 10 },
      'model.gamma': ['scale', 0.01, 0.03, 0.1, 0.3],
      'model.degree': { type: 'int', low: 2, high: 3 },
      'model.classWeight': [null, 'balanced'],
    },
  },
  forest: {
    fixed: { bootstrap: true, seed: STUDY_MODEL_SEED },
    distributions: {
      'prep.scaler': scaler,
      'model.nEstimators': [50, 100, 150, 200, 300],
      'model.maxDepth': [4, 6, 8, 10, 12, 16, null],
      'model.maxFeatures': ['sqrt', null],
      'model.minSamplesLeaf': { type: 'int', low: 1, high: 10 },
    },
  },
};

/** Options of {@link studySearchSpace}. */
export interface StudySpaceOptions {
  /** Candidates per family (default 50). */
  nCandidates?: number;
  /** Seed of the draws (default 42); each family draws from its own stream. */
  seed?: number;
  /** Families to include (default all five). */
  families?: readonly StudyFamily[];
}

/** The study's search space, family by family, with seeded candidates. */
export function studySearchSpace(options: StudySpaceOptions = {}): FamilySpace[] {
  const n = options.nCandidates ?? 50;
  const seed = options.seed ?? 42;
  return (options.families ?? STUDY_FAMILIES).map((family) => {
    const space = SPACES[family];
    const familySeed = seed * 31 + STUDY_FAMILIES.indexOf(family);
    return {
      family,
      base: studyPipelineSpec({ kind: family, params: { ...space.fixed } }),
      distributions: space.distributions,
      candidates: sampleCandidates(space.distributions, n, familySeed),
      refitChanges: { ...(space.refitChanges ?? {}) },
    };
  });
}

/** One family's finished search. */
export interface FamilySearch extends FamilySpace {
  result: SearchResult;
}

/**
 * Runs the study search: every family's candidates on the same folds (default stratified 5-fold, shuffled
 * with `seed`), sharing one worker pool. Returns each family's result with its best refit on all rows.
 */
export async function runStudySearch(
  frame: Frame,
  y: Labels,
  options: StudySpaceOptions & Omit<SearchOptions, 'folds'> & { folds?: readonly Fold[]; spaces?: FamilySpace[] } = {},
): Promise<FamilySearch[]> {
  const spaces = options.spaces ?? studySearchSpace(options);
  const folds = options.folds ? [...options.folds] : stratifiedKFold(y, { nSplits: options.nSplits ?? 5, shuffle: true, seed: options.seed ?? 42 });
  const requested = options.parallel ?? defaultWorkerCount();
  const pool = typeof requested === 'number' && requested > 0
    ? await FitPool.start({ workers: requested, ...(options.setupModules ? { setupModules: options.setupModules } : {}) })
    : requested;
  try {
    const out: FamilySearch[] = new Array(spaces.length);
    // With a pool, each family's refit runs as a pool task queued ahead of the next family's CV fits, so it
    // overlaps them instead of holding up this thread; the fitted JSON loads back to identical predictions.
    const refitInPool = typeof pool !== 'number' && options.refit !== false;
    const refitKey = `study-refit-${process.hrtime.bigint()}`;
    if (refitInPool) pool.setData(refitKey, { frame, y, folds: [] });
    const refits: Promise<FitResult[]>[] = new Array(spaces.length);
    // In SEARCH_RUN_ORDER; the results keep the spaces' order.
    const order = spaces.map((_, i) => i).sort((a, b) => SEARCH_RUN_ORDER[spaces[a]!.family] - SEARCH_RUN_ORDER[spaces[b]!.family] || a - b);
    for (const i of order) {
      const space = spaces[i]!;
      const { onProgress } = options;
      const result = await searchCandidates(space.base, space.candidates, frame, y, {
        ...options,
        refitChanges: space.refitChanges,
        folds,
        parallel: pool,
        ...(refitInPool ? { refit: false } : {}),
        ...(onProgress ? { onProgress: (d: number, t: number) => onProgress(d, t) } : {}),
      });
      if (refitInPool && Number.isFinite(result.best.meanScore)) {
        refits[i] = pool.run([{ id: i, dataKey: refitKey, fold: -1, spec: result.bestSpec, returnProba: false, refit: true }]);
      } else refits[i] = Promise.resolve([]);
      out[i] = { ...space, result };
    }
    if (refitInPool) {
      const done = await Promise.all(refits);
      pool.dropData(refitKey);
      done.forEach((r, i) => {
        const fitted = r[0];
        if (!fitted) return;
        if (fitted.error || !fitted.fitted) throw new Error(`runStudySearch: refit of the best ${out[i]!.family} failed: ${fitted.error ?? 'no model returned'}`);
        out[i]!.result.bestPipeline = FittedPipeline.load(fitted.fitted);
      });
    }
    return out;
  } finally {
    if (typeof requested === 'number' && requested > 0 && typeof pool !== 'number') await pool.close();
  }
}
