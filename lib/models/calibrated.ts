/**
 * Probability calibration, like scikit-learn's `CalibratedClassifierCV` (ensemble=False): a calibrator maps a
 * fitted classifier's scores to probabilities that match observed frequencies. It must be fitted on scores
 * the classifier produced for rows it did not see (held-out or out-of-fold), or it learns the model's
 * over-confidence on its own training rows.
 *
 * - 'sigmoid': Platt scaling, P = 1 / (1 + exp(A s + B)), fitted like sklearn's `_sigmoid_calibration`
 *   (Platt's smoothed targets (N+ + 1)/(N+ + 2) and 1/(N− + 2), same start), solved by Newton's method to a
 *   tighter tolerance than sklearn's BFGS (so A, B agree with sklearn to about 1e-4, probabilities closer).
 * - 'isotonic': a monotone step-then-linear map, sklearn's `IsotonicRegression(out_of_bounds='clip')`:
 *   ties merged, pool-adjacent-violators, redundant points trimmed, linear interpolation, clipped ends.
 *
 * Scores here are the classifier's P(y = 1) (sklearn uses `decision_function` where a model has one).
 */
import type { Classifier, EstimatorSpec, FittedClassifier, FittedJson, Json, Labels, Matrix, Params } from '../core/types';
import { takeLabels, takeRows } from '../core/types';
import { brierScore } from '../metrics/probability';
import { stratifiedKFold, type Fold } from '../selection/split';
import { createRegisteredClassifier, loadRegisteredClassifier, registerClassifier } from './registry';

/** The two calibration methods. */
export type CalibrationMethod = 'sigmoid' | 'isotonic';

/** A fitted map from scores to calibrated probabilities. */
export interface Calibrator {
  readonly method: CalibrationMethod;
  /** Calibrated P(y = 1) for each score. */
  transform(scores: ArrayLike<number>): Float64Array;
  toJSON(): Json;
}

function checkFitInput(who: string, scores: ArrayLike<number>, y: Labels): void {
  if (scores.length !== y.length) throw new Error(`${who}: ${scores.length} scores but ${y.length} labels`);
  if (scores.length === 0) throw new Error(`${who}: no rows to fit on`);
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i]!)) throw new Error(`${who}: score at row ${i} is ${scores[i]}, expected a finite number`);
  }
}

/** Platt scaling: P = 1 / (1 + exp(a·s + b)). */
export class PlattCalibrator implements Calibrator {
  readonly method = 'sigmoid';
  constructor(readonly a: number, readonly b: number) {}

  /** Fits a and b by maximum likelihood on Platt's smoothed targets (sklearn's `_sigmoid_calibration`). */
  static fit(scores: ArrayLike<number>, y: Labels): PlattCalibrator {
    checkFitInput('PlattCalibrator.fit', scores, y);
    const n = scores.length;
    let prior1 = 0;
    for (let i = 0; i < n; i++) prior1 += y[i]! > 0 ? 1 : 0;
    const prior0 = n - prior1;
    const hi = (prior1 + 1) / (prior1 + 2);
    const lo = 1 / (prior0 + 2);
    const T = Float64Array.from({ length: n }, (_, i) => (y[i]! > 0 ? hi : lo));
    // Loss(A, B) = −Σ [T log P + (1 − T) log(1 − P)], P = σ(−(A s + B)); convex, so Newton with backtracking converges.
    const loss = (A: number, B: number): number => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const z = A * scores[i]! + B;
        // log P = −log(1 + e^z), log(1 − P) = z − log(1 + e^z), computed stably.
        const log1pez = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
        s += T[i]! * log1pez + (1 - T[i]!) * (log1pez - z);
      }
      return s;
    };
    let A = 0;
    let B = Math.log((prior0 + 1) / (prior1 + 1));
    let current = loss(A, B);
    for (let iter = 0; iter < 200; iter++) {
      let gA = 0, gB = 0, hAA = 0, hAB = 0, hBB = 0;
      for (let i = 0; i < n; i++) {
        const s = scores[i]!;
        const P = 1 / (1 + Math.exp(A * s + B));
        const d = T[i]! - P;
        gA += d * s;
        gB += d;
        const w = P * (1 - P);
        hAA += w * s * s;
        hAB += w * s;
        hBB += w;
      }
      if (Math.abs(gA) < 1e-12 * n && Math.abs(gB) < 1e-12 * n) break;
      // Small ridge keeps the step defined when all scores are equal (singular Hessian).
      const r = 1e-12 * (hAA + hBB) + 1e-300;
      const det = (hAA + r) * (hBB + r) - hAB * hAB;
      const dA = -((hBB + r) * gA - hAB * gB) / det;
      const dB = -((hAA + r) * gB - hAB * gA) / det;
      let step = 1;
      let next = loss(A + step * dA, B + step * dB);
      while (next > current + 1e-14 * Math.abs(current) && step > 1e-10) {
        step /= 2;
        next = loss(A + step * dA, B + step * dB);
      }
      if (step <= 1e-10) break;
      A += step * dA;
      B += step * dB;
      const improvement = current - next;
      current = next;
      if (Math.abs(step * dA) < 1e-13 * (1 + Math.abs(A)) && Math.abs(step * dB) < 1e-13 * (1 + Math.abs(B)) && improvement <= 0) break;
    }
    return new PlattCalibrator(A, B);
  }

  transform(scores: ArrayLike<number>): Float64Array {
    return Float64Array.from({ length: scores.length }, (_, i) => 1 / (1 + Math.exp(this.a * scores[i]! + this.b)));
  }

  toJSON(): Json {
    return { method: this.method, a: this.a, b: this.b };
  }
}

/** Isotonic calibration: increasing piecewise-linear map through (xThresholds, yThresholds), clipped outside. */
export class IsotonicCalibrator implements Calibrator {
  readonly method = 'isotonic';
  constructor(readonly xThresholds: Float64Array, readonly yThresholds: Float64Array) {}

  /** Fits like sklearn's `IsotonicRegression(out_of_bounds='clip', increasing=True)` with unit weights. */
  static fit(scores: ArrayLike<number>, y: Labels): IsotonicCalibrator {
    checkFitInput('IsotonicCalibrator.fit', scores, y);
    const n = scores.length;
    // np.lexsort((y, X)): by score, then label.
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]! || y[a]! - y[b]!);
    // _make_unique: merge scores closer than float64 resolution (1e-15), averaging labels.
    const ux: number[] = [];
    const uy: number[] = [];
    const uw: number[] = [];
    let cx = scores[order[0]!]!;
    let cw = 0;
    let cy = 0;
    for (const i of order) {
      const x = scores[i]!;
      if (x - cx >= 1e-15) {
        ux.push(cx); uw.push(cw); uy.push(cy / cw);
        cx = x; cw = 1; cy = y[i]!;
      } else {
        cw += 1;
        cy += y[i]!;
      }
    }
    ux.push(cx); uw.push(cw); uy.push(cy / cw);
    // Pool adjacent violators: blocks of (mean, weight, length), merged while a block's mean falls below its predecessor's.
    const means: number[] = [];
    const weights: number[] = [];
    const lengths: number[] = [];
    for (let k = 0; k < ux.length; k++) {
      means.push(uy[k]!); weights.push(uw[k]!); lengths.push(1);
      while (means.length > 1 && means[means.length - 2]! >= means[means.length - 1]!) {
        const m2 = means.pop()!, w2 = weights.pop()!, l2 = lengths.pop()!;
        const m1 = means.pop()!, w1 = weights.pop()!, l1 = lengths.pop()!;
        const w = w1 + w2;
        means.push((m1 * w1 + m2 * w2) / w); weights.push(w); lengths.push(l1 + l2);
      }
    }
    const fitted: number[] = [];
    means.forEach((m, b) => { for (let k = 0; k < lengths[b]!; k++) fitted.push(m); });
    // Keep the ends and every point whose value differs from a neighbour's (sklearn's trim_duplicates).
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = 0; k < fitted.length; k++) {
      if (k === 0 || k === fitted.length - 1 || fitted[k] !== fitted[k - 1] || fitted[k] !== fitted[k + 1]) {
        xs.push(ux[k]!);
        ys.push(fitted[k]!);
      }
    }
    return new IsotonicCalibrator(Float64Array.from(xs), Float64Array.from(ys));
  }

  transform(scores: ArrayLike<number>): Float64Array {
    const xs = this.xThresholds;
    const ys = this.yThresholds;
    const m = xs.length;
    const out = new Float64Array(scores.length);
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i]!;
      if (m === 1 || s <= xs[0]!) { out[i] = ys[0]!; continue; }
      if (s >= xs[m - 1]!) { out[i] = ys[m - 1]!; continue; }
      // Binary search for the segment [xs[lo], xs[lo + 1]] holding s, then np.interp's linear formula.
      let lo = 0;
      let hi = m - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (xs[mid]! <= s) lo = mid;
        else hi = mid;
      }
      const slope = (ys[hi]! - ys[lo]!) / (xs[hi]! - xs[lo]!);
      out[i] = slope * (s - xs[lo]!) + ys[lo]!;
    }
    return out;
  }

  toJSON(): Json {
    return { method: this.method, xThresholds: Array.from(this.xThresholds), yThresholds: Array.from(this.yThresholds) };
  }
}

/** Fits a calibrator of the given method on held-out scores and their labels. */
export function fitCalibrator(method: CalibrationMethod, scores: ArrayLike<number>, y: Labels): Calibrator {
  if (method === 'sigmoid') return PlattCalibrator.fit(scores, y);
  if (method === 'isotonic') return IsotonicCalibrator.fit(scores, y);
  throw new Error(`fitCalibrator: unknown method '${String(method)}' (expected 'sigmoid' or 'isotonic')`);
}

/** Restores a calibrator from its `toJSON()` output. */
export function loadCalibrator(json: Json): Calibrator {
  const j = json as { method?: string; a?: number; b?: number; xThresholds?: number[]; yThresholds?: number[] };
  if (j.method === 'sigmoid') return new PlattCalibrator(j.a!, j.b!);
  if (j.method === 'isotonic') return new IsotonicCalibrator(Float64Array.from(j.xThresholds!), Float64Array.from(j.yThresholds!));
  throw new Error(`loadCalibrator: unknown method '${String(j.method)}'`);
}

/** Hyperparameters of {@link CalibratedClassifier}. */
export interface CalibratedParams extends Params {
  /** 'sigmoid' (Platt, default) or 'isotonic'. */
  method: CalibrationMethod;
  /** The classifier to calibrate, as a registered spec. */
  base: { kind: string; params: { [key: string]: Json } };
  /** Folds of the internal cross-validation that produces the held-out scores (default 5). */
  cv: number;
  /** Seed of the (shuffled, stratified) internal folds (default 42). */
  seed: number;
}

const DEFAULTS: CalibratedParams = { method: 'sigmoid', base: { kind: 'logistic', params: {} }, cv: 5, seed: 42 };

/**
 * Unfitted calibrated classifier (sklearn's `CalibratedClassifierCV(ensemble=False)`): `fit` gets
 * out-of-fold scores of the base model from an internal stratified k-fold, fits the calibrator on them,
 * and refits the base model on all rows.
 * @example new CalibratedClassifier({method: 'isotonic', base: {kind: 'svc', params: {C: 1}}}).fit(X, y)
 */
export class CalibratedClassifier implements Classifier<CalibratedParams> {
  readonly kind = 'calibrated';
  readonly params: Readonly<CalibratedParams>;

  constructor(params: Partial<CalibratedParams> = {}) {
    this.params = { ...DEFAULTS, ...params } as CalibratedParams;
  }

  withParams(changes: Partial<CalibratedParams>): CalibratedClassifier {
    return new CalibratedClassifier({ ...this.params, ...changes });
  }

  fit(X: Matrix, y: Labels): FittedCalibratedClassifier {
    const base = createRegisteredClassifier(this.params.base as EstimatorSpec);
    const folds = stratifiedKFold(y, { nSplits: this.params.cv, shuffle: true, seed: this.params.seed });
    const oof = outOfFoldScores((train, test) => base.fit(takeRows(X, train), takeLabels(y, train)).predictProba(takeRows(X, test)), X.nRows, folds);
    const calibrator = fitCalibrator(this.params.method, oof, y);
    return new FittedCalibratedClassifier(this.params, base.fit(X, y), calibrator);
  }
}

/** A fitted base classifier followed by a calibrator (kind 'calibrated'). */
export class FittedCalibratedClassifier implements FittedClassifier<CalibratedParams> {
  readonly kind = 'calibrated';

  constructor(
    readonly params: Readonly<CalibratedParams>,
    /** The base classifier, fitted on all rows. */
    readonly base: FittedClassifier,
    /** The calibrator, fitted on held-out scores of the base model. */
    readonly calibrator: Calibrator,
  ) {}

  /**
   * Wraps an already fitted classifier with a calibrator fitted elsewhere (e.g. on a pipeline's
   * out-of-fold probabilities from `crossValPredict`).
   */
  static fromParts(base: FittedClassifier, calibrator: Calibrator, cv = DEFAULTS.cv, seed = DEFAULTS.seed): FittedCalibratedClassifier {
    const baseSpec = base.toJSON();
    return new FittedCalibratedClassifier({ method: calibrator.method, base: { kind: baseSpec.kind, params: { ...baseSpec.params } }, cv, seed }, base, calibrator);
  }

  /** The base model's uncalibrated P(y = 1). */
  predictRawProba(X: Matrix): Float64Array {
    return this.base.predictProba(X);
  }

  predictProba(X: Matrix): Float64Array {
    return this.calibrator.transform(this.base.predictProba(X));
  }

  predict(X: Matrix, threshold = 0.5): Labels {
    const p = this.predictProba(X);
    return Uint8Array.from(p, (v) => (v >= threshold ? 1 : 0));
  }

  toJSON(): FittedJson<CalibratedParams> {
    return {
      kind: this.kind,
      params: JSON.parse(JSON.stringify(this.params)) as CalibratedParams,
      state: { base: this.base.toJSON() as unknown as Json, calibrator: this.calibrator.toJSON() },
    };
  }

  /** Restores a fitted calibrated classifier; the base model is loaded through the registry. */
  static load(json: FittedJson): FittedCalibratedClassifier {
    if (json.kind !== 'calibrated') throw new Error(`FittedCalibratedClassifier.load: expected kind 'calibrated', got '${json.kind}'`);
    const state = json.state as { base: Json; calibrator: Json };
    return new FittedCalibratedClassifier(
      { ...DEFAULTS, ...(json.params as Partial<CalibratedParams>) } as CalibratedParams,
      loadRegisteredClassifier(state.base as unknown as FittedJson),
      loadCalibrator(state.calibrator),
    );
  }
}

registerClassifier('calibrated', {
  create: (params) => new CalibratedClassifier(params as Partial<CalibratedParams>),
  load: (json) => FittedCalibratedClassifier.load(json),
});

/**
 * Probabilities for rows a model did not see: `fitPredict(train, test)` fits on the train rows and returns
 * P(y = 1) for the test rows, once per fold. Rows in no test fold stay NaN.
 */
export type FitPredict = (train: Uint32Array, test: Uint32Array) => Float64Array;

/** Out-of-fold scores through a fit-and-predict callback (works for matrices, frames and pipelines alike). */
export function outOfFoldScores(fitPredict: FitPredict, nRows: number, folds: readonly Fold[]): Float64Array {
  const out = new Float64Array(nRows).fill(NaN);
  folds.forEach((fold, f) => {
    const p = fitPredict(fold.train, fold.test);
    if (p.length !== fold.test.length) throw new Error(`outOfFoldScores: fold ${f} returned ${p.length} probabilities for ${fold.test.length} rows`);
    for (let k = 0; k < fold.test.length; k++) out[fold.test[k]!] = p[k]!;
  });
  return out;
}

/** The outcome of {@link compareCalibration}: out-of-fold Brier scores of the raw and calibrated models. */
export interface CalibrationComparison {
  /** Brier score of the raw out-of-fold probabilities. */
  rawBrier: number;
  /** Brier score of each method's out-of-fold probabilities (calibrator fitted inside each training part). */
  brier: Record<CalibrationMethod, number>;
  /** The method with the lowest Brier if it beats raw by more than `minImprovement`, else 'none'. */
  choice: CalibrationMethod | 'none';
  /** The out-of-fold probabilities: raw and per method. */
  oof: { raw: Float64Array } & Record<CalibrationMethod, Float64Array>;
}

/** Options of {@link compareCalibration}. */
export interface CompareCalibrationOptions {
  /** Outer folds (default stratified 5-fold, shuffled with `seed`). */
  folds?: readonly Fold[];
  /** Folds of the inner cross-validation that gives each training part its held-out scores (default 5). */
  innerSplits?: number;
  /** Seed of the folds (default 42). */
  seed?: number;
  /** Methods to try (default both). */
  methods?: readonly CalibrationMethod[];
  /** Smallest Brier improvement that counts as "helps" (default 0.001). */
  minImprovement?: number;
}

/**
 * Decides whether calibration helps, on the training rows only: outer cross-validation gives raw
 * out-of-fold probabilities; in each outer training part an inner cross-validation gives held-out scores
 * to fit the calibrators, which then map that fold's raw test probabilities. The lower Brier wins.
 * `fitPredict(train, test)` fits the (unchanged) model on train rows and returns P(y = 1) on test rows.
 * @example compareCalibration((tr, te) => new Pipeline(spec).fit(takeFrameRows(f, tr), takeLabels(y, tr)).predictProba(takeFrameRows(f, te)), y)
 */
export function compareCalibration(fitPredict: FitPredict, y: Labels, options: CompareCalibrationOptions = {}): CalibrationComparison {
  const n = y.length;
  const seed = options.seed ?? 42;
  const methods = options.methods ?? (['sigmoid', 'isotonic'] as const);
  const folds = options.folds ?? stratifiedKFold(y, { nSplits: 5, shuffle: true, seed });
  const innerSplits = options.innerSplits ?? 5;
  const raw = new Float64Array(n).fill(NaN);
  const calibrated: Record<CalibrationMethod, Float64Array> = { sigmoid: new Float64Array(n).fill(NaN), isotonic: new Float64Array(n).fill(NaN) };
  for (const fold of folds) {
    const yTrain = takeLabels(y, fold.train);
    const innerFolds = stratifiedKFold(yTrain, { nSplits: innerSplits, shuffle: true, seed: seed + 1 });
    // Inner folds index into the training part; map them back to rows of the whole data.
    const inner = outOfFoldScores((tr, te) => fitPredict(Uint32Array.from(tr, (k) => fold.train[k]!), Uint32Array.from(te, (k) => fold.train[k]!)), fold.train.length, innerFolds);
    const testRaw = fitPredict(fold.train, fold.test);
    for (const method of methods) {
      const cal = fitCalibrator(method, inner, yTrain).transform(testRaw);
      for (let k = 0; k < fold.test.length; k++) calibrated[method][fold.test[k]!] = cal[k]!;
    }
    for (let k = 0; k < fold.test.length; k++) raw[fold.test[k]!] = testRaw[k]!;
  }
  const rawBrier = brierScore(y, raw);
  const brier = { sigmoid: NaN, isotonic: NaN } as Record<CalibrationMethod, number>;
  let choice: CalibrationMethod | 'none' = 'none';
  let best = rawBrier - (options.minImprovement ?? 0.001);
  for (const method of methods) {
    brier[method] = brierScore(y, calibrated[method]);
    if (brier[method] < best) {
      best = brier[method];
      choice = method;
    }
  }
  return { rawBrier, brier, choice, oof: { raw, ...calibrated } };
}
