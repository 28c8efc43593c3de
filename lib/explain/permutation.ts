/**
 * Permutation importance (Breiman 2001; scikit-learn's `permutation_importance`): how much a score drops
 * when one feature's values are shuffled across rows, breaking its link to the target while keeping its
 * distribution. The default score is ROC-AUC, the study's metric.
 *
 * On a Frame the shuffled unit is an ORIGINAL column, so the one-hot columns of a category move together
 * and the importance belongs to the feature the business knows. On a Matrix each column is shuffled alone.
 *
 * As in scikit-learn, every feature sees the same sequence of permutations (one seed shared by all
 * columns, the permutation of repeat r builds on that of repeat r - 1): features are compared under common
 * random numbers, and the result is deterministic for a seed.
 */
import { Random } from '../core/random';
import type { Frame, FrameColumn, Labels, Matrix } from '../core/types';
import { rocAuc } from '../metrics/roc';

/** A score of labels against predictions; higher is better (default ROC-AUC). */
export type Scorer = (y: Labels, predictions: Float64Array) => number;

/** Options of the permutation importance functions. */
export interface PermutationOptions {
  /** Shuffles per feature (default 10). */
  nRepeats?: number;
  /** Seed of the shuffles (default 42). */
  seed?: number;
  /** The score whose drop is measured (default ROC-AUC of P(y = 1)). */
  scorer?: Scorer;
  /** Features to permute (default: every column of the frame or matrix). */
  features?: readonly string[];
}

/** One feature's importance: the mean and standard deviation (population, as numpy) of the score drop. */
export interface FeatureImportance {
  feature: string;
  /** Mean over repeats of baseline score − permuted score. */
  mean: number;
  /** Standard deviation of the drops (ddof = 0, as scikit-learn). */
  std: number;
  /** The drop of each repeat. */
  drops: Float64Array;
}

/** Permutation importance of every feature, in input order, with the unpermuted score. */
export interface PermutationImportance {
  /** Score on the unshuffled data. */
  baseline: number;
  /** Features in input order; use {@link rankImportances} for the largest first. */
  importances: FeatureImportance[];
  nRepeats: number;
  seed: number;
}

function summarise(feature: string, drops: Float64Array): FeatureImportance {
  let mean = 0;
  for (const d of drops) mean += d;
  mean /= drops.length;
  let v = 0;
  for (const d of drops) v += (d - mean) * (d - mean);
  return { feature, mean, std: Math.sqrt(v / drops.length), drops };
}

function checkRows(who: string, nRows: number, y: Labels): void {
  if (nRows !== y.length) throw new Error(`${who}: ${nRows} rows but ${y.length} labels`);
  if (nRows < 2) throw new Error(`${who}: need at least 2 rows to permute, got ${nRows}`);
}

/** Drops of one feature over the repeats, given a function that scores the data with a permuted index. */
function dropsOf(nRows: number, nRepeats: number, seed: number, baseline: number, scoreWith: (index: Uint32Array) => number): Float64Array {
  const rng = new Random(seed);
  const index = new Uint32Array(nRows);
  for (let i = 0; i < nRows; i++) index[i] = i;
  const drops = new Float64Array(nRepeats);
  for (let r = 0; r < nRepeats; r++) {
    // Fisher-Yates on the running index, as numpy's RandomState.shuffle on sklearn's shuffling_idx.
    for (let i = nRows - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = index[i]!;
      index[i] = index[j]!;
      index[j] = t;
    }
    drops[r] = baseline - scoreWith(index);
  }
  return drops;
}

const defaultScorer: Scorer = (y, p) => rocAuc(y, p);

/**
 * Permutation importance of a Frame's original columns for a model that predicts from a Frame
 * (e.g. a fitted pipeline's `predictProba`).
 * @example permutationImportanceFrame((f) => pipeline.predictProba(f), testFrame, yTest, {nRepeats: 10, seed: 42})
 */
export function permutationImportanceFrame(
  predict: (frame: Frame) => Float64Array,
  frame: Frame,
  y: Labels,
  options: PermutationOptions = {},
): PermutationImportance {
  checkRows('permutationImportanceFrame', frame.nRows, y);
  const nRepeats = options.nRepeats ?? 10;
  const seed = options.seed ?? 42;
  const scorer = options.scorer ?? defaultScorer;
  const features = options.features ?? Object.keys(frame.columns);
  const baseline = scorer(y, predict(frame));
  const importances = features.map((feature) => {
    const column = frame.columns[feature];
    if (column === undefined) throw new Error(`permutationImportanceFrame: feature '${feature}' is not a column of the frame (has: ${Object.keys(frame.columns).join(', ')})`);
    const drops = dropsOf(frame.nRows, nRepeats, seed, baseline, (index) => {
      let permuted: FrameColumn;
      if (column instanceof Float64Array) {
        const out = new Float64Array(frame.nRows);
        for (let i = 0; i < frame.nRows; i++) out[i] = column[index[i]!]!;
        permuted = out;
      } else {
        const out: string[] = new Array(frame.nRows);
        for (let i = 0; i < frame.nRows; i++) out[i] = column[index[i]!]!;
        permuted = out;
      }
      return scorer(y, predict({ nRows: frame.nRows, columns: { ...frame.columns, [feature]: permuted } }));
    });
    return summarise(feature, drops);
  });
  return { baseline, importances, nRepeats, seed };
}

/**
 * Permutation importance of a Matrix's columns, one column at a time, for a model that predicts from a
 * Matrix. `featureNames` names the columns (default `x0`, `x1`, ...); `options.features` picks some of them.
 */
export function permutationImportanceMatrix(
  predict: (X: Matrix) => Float64Array,
  X: Matrix,
  y: Labels,
  options: PermutationOptions & { featureNames?: readonly string[] } = {},
): PermutationImportance {
  checkRows('permutationImportanceMatrix', X.nRows, y);
  const names = options.featureNames ?? Array.from({ length: X.nCols }, (_, j) => `x${j}`);
  if (names.length !== X.nCols) throw new Error(`permutationImportanceMatrix: ${names.length} feature names for ${X.nCols} columns`);
  const nRepeats = options.nRepeats ?? 10;
  const seed = options.seed ?? 42;
  const scorer = options.scorer ?? defaultScorer;
  const features = options.features ?? names;
  const baseline = scorer(y, predict(X));
  const work = new Float64Array(X.data);
  const permutedX: Matrix = { nRows: X.nRows, nCols: X.nCols, data: work };
  const importances = features.map((feature) => {
    const j = names.indexOf(feature);
    if (j < 0) throw new Error(`permutationImportanceMatrix: feature '${feature}' is not among the column names`);
    const drops = dropsOf(X.nRows, nRepeats, seed, baseline, (index) => {
      for (let i = 0; i < X.nRows; i++) work[i * X.nCols + j] = X.data[index[i]! * X.nCols + j]!;
      return scorer(y, predict(permutedX));
    });
    // Restore the column before the next feature is shuffled.
    for (let i = 0; i < X.nRows; i++) work[i * X.nCols + j] = X.data[i * X.nCols + j]!;
    return summarise(feature, drops);
  });
  return { baseline, importances, nRepeats, seed };
}

/** The importances sorted by mean drop, largest first (ties keep input order). */
export function rankImportances(result: PermutationImportance): FeatureImportance[] {
  return result.importances.map((imp, k) => ({ imp, k })).sort((a, b) => b.imp.mean - a.imp.mean || a.k - b.k).map((e) => e.imp);
}
