/**
 * Train/test splits and stratified k-fold, seeded. Folds are index arrays (ascending) into the rows of the
 * data they were made for. `stratifiedKFold` without shuffle gives exactly scikit-learn's
 * `StratifiedKFold(shuffle=False)` folds.
 */
import { InvalidParameterError } from '../core/errors';
import { Random } from '../core/random';
import type { Labels } from '../core/types';

/** One split: the rows to fit on and the rows to score on, ascending. */
export interface Fold {
  train: Uint32Array;
  test: Uint32Array;
}

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** Share of rows in the test part (default 0.25); the count is rounded up, as scikit-learn does. */
  testSize?: number;
  /** Seed of the shuffle (default 42). */
  seed?: number;
  /** Keep the class shares equal in both parts (default true). */
  stratify?: boolean;
}

function complement(n: number, test: Uint32Array): Uint32Array {
  const inTest = new Uint8Array(n);
  for (const i of test) inTest[i] = 1;
  const train = new Uint32Array(n - test.length);
  let k = 0;
  for (let i = 0; i < n; i++) if (!inTest[i]) train[k++] = i;
  return train;
}

/** A seeded (stratified by default) train/test split of the rows of y. */
export function trainTestSplit(y: Labels, options: TrainTestSplitOptions = {}): Fold {
  const n = y.length;
  const testSize = options.testSize ?? 0.25;
  if (!(testSize > 0 && testSize < 1)) throw new Error(`trainTestSplit: testSize must be in (0, 1), got ${testSize}`);
  const rng = new Random(options.seed ?? 42);
  const nTest = Math.ceil(testSize * n);
  const chosen: number[] = [];
  if (options.stratify === false) {
    chosen.push(...Array.from(rng.permutation(n).subarray(0, nTest)));
  } else {
    const classes = [0, 1].map((c) => {
      const idx: number[] = [];
      for (let i = 0; i < n; i++) if (y[i] === c) idx.push(i);
      return idx;
    });
    // Per-class test counts proportional to class size, remainders to the largest fractions.
    const exact = classes.map((idx) => (idx.length * nTest) / n);
    const counts = exact.map(Math.floor);
    let left = nTest - counts[0]! - counts[1]!;
    const byFraction = [0, 1].sort((a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!) || a - b);
    for (const c of byFraction) if (left > 0 && counts[c]! < classes[c]!.length) { counts[c]!++; left--; }
    classes.forEach((idx, c) => chosen.push(...rng.shuffle([...idx]).slice(0, counts[c])));
  }
  const test = Uint32Array.from(chosen).sort();
  return { train: complement(n, test), test };
}

/** The split whose test part is the rows with the given ids (e.g. a test list shared with another study). */
export function splitByIds(ids: ArrayLike<number>, testIds: Iterable<number>): Fold {
  const wanted = new Set(testIds);
  const test: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < ids.length; i++) if (wanted.has(ids[i]!)) { test.push(i); seen.add(ids[i]!); }
  const missing = [...wanted].filter((id) => !seen.has(id));
  if (missing.length) throw new Error(`splitByIds: ${missing.length} test ids are not in the data (e.g. ${missing.slice(0, 5).join(', ')})`);
  const t = Uint32Array.from(test);
  return { train: complement(ids.length, t), test: t };
}

/** Options of {@link stratifiedKFold}. */
export interface KFoldOptions {
  /** Number of folds (default 5). */
  nSplits?: number;
  /** Shuffle each class's fold assignment (default false = scikit-learn's folds exactly). */
  shuffle?: boolean;
  /** Seed when shuffling (default 42). */
  seed?: number;
}

/**
 * Stratified k-fold, scikit-learn's algorithm: classes in order of first appearance, the sorted label
 * vector dealt round-robin into folds to get each fold's class counts, then each class's rows assigned to
 * folds in row order (or shuffled).
 */
export function stratifiedKFold(y: Labels, options: KFoldOptions = {}): Fold[] {
  const k = options.nSplits ?? 5;
  const n = y.length;
  if (!Number.isInteger(k) || k < 2) throw new InvalidParameterError(`stratifiedKFold: nSplits must be a whole number ≥ 2 (cross-validation needs two folds or more); got ${k}`, 'stratifiedKFold', 'nSplits');
  // Classes encoded by first appearance, as sklearn's np.unique(return_index) trick does.
  const codeOf = new Map<number, number>();
  const encoded = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (!codeOf.has(v)) codeOf.set(v, codeOf.size);
  }
  // sklearn orders classes by the first index at which each sorted class value appears.
  const firstIndex = [...codeOf.keys()].sort((a, b) => a - b).map((v) => ({ v, first: Array.prototype.indexOf.call(y, v) as number }));
  firstIndex.sort((a, b) => a.first - b.first);
  firstIndex.forEach((c, code) => codeOf.set(c.v, code));
  for (let i = 0; i < n; i++) encoded[i] = codeOf.get(y[i]!)!;
  const nClasses = codeOf.size;
  const counts = new Int32Array(nClasses);
  for (const c of encoded) counts[c]++;
  for (let c = 0; c < nClasses; c++) {
    if (counts[c]! < k) throw new InvalidParameterError(`stratifiedKFold: nSplits ${k} is more than the ${counts[c]} rows of class ${firstIndex[c]!.v}; the smallest class has ${Math.min(...counts)} rows, so use nSplits ≤ ${Math.min(...counts)}`, 'stratifiedKFold', 'nSplits');
  }
  const order = Int32Array.from(encoded).sort();
  // allocation[f][c] = count of class c among order[f], order[f + k], ...
  const allocation = Array.from({ length: k }, () => new Int32Array(nClasses));
  for (let i = 0; i < n; i++) allocation[i % k]![order[i]!]!++;
  const testFold = new Int32Array(n);
  const rng = new Random(options.seed ?? 42);
  for (let c = 0; c < nClasses; c++) {
    const foldsForClass: number[] = [];
    for (let f = 0; f < k; f++) for (let m = 0; m < allocation[f]![c]!; m++) foldsForClass.push(f);
    if (options.shuffle) rng.shuffle(foldsForClass);
    let m = 0;
    for (let i = 0; i < n; i++) if (encoded[i] === c) testFold[i] = foldsForClass[m++]!;
  }
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < n; i++) (testFold[i] === f ? test : train).push(i);
    folds.push({ train: Uint32Array.from(train), test: Uint32Array.from(test) });
  }
  return folds;
}
