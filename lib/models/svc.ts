/**
 * Support vector classifier (scikit-learn's SVC): linear, RBF and polynomial kernels, C, gamma, class weights,
 * and probabilities by Platt scaling.
 *
 * Training: by default (solver 'smo') the project's TypeScript copy of the libsvm solver inside sklearn's SVC
 * (lib/models/svm-solver.ts: second-order working-set selection, shrinking, float32 kernel cache, sklearn's
 * class order), which takes sklearn's iteration path and so gives its decision values to rounding (1e-13 in
 * the tests) at any tol; or (solver 'libsvm') libsvm 3.22 itself through `libsvm-js/asm` (the synchronous
 * asm.js build), given class 0's rows first so that it solves in sklearn's order too (1e-7: its model text).
 * The TS solver is 2-2.7x faster than libsvm-js on the study's search. Measurements in docs/decisions.md.
 * The fitted model keeps support vectors, dual coefficients and the intercept and predicts in pure
 * TypeScript, so a saved model needs no libsvm and a JSON round trip predicts identically.
 *
 * Probabilities: libsvm's own algorithm (what sklearn's SVC(probability=True) runs): decision values from a
 * 5-fold cross-validation on the training data, then Platt's sigmoid fitted to them by libsvm's Newton
 * method (`sigmoid_train`). The folds are drawn with the project's seeded Random (libsvm draws them with C's
 * rand(), whose state lives across calls in the asm.js module, so the same fit would not repeat), and the
 * final sigmoid is applied to the full model's decision values, as libsvm does. sklearn's folds differ from
 * ours, so probabilities agree with sklearn within a loose tolerance, not exactly.
 */
import type { Classifier, FittedClassifier, FittedJson, Labels, Matrix } from '../core/types';
import { Random } from '../core/random';
import { TrainingKernel, powi, trainCSvc } from './svm-solver';
import {
  checkClassWeight, checkFitInput, checkKind, checkPredictInput, classWeights, readNumber, readNumberArray,
  thresholdProba, toJsonArray, type ClassWeight,
} from './linalg';

/** Hyperparameters of {@link SVC} (scikit-learn's names in camelCase). */
export type SVCParams = {
  /** Kernel. Default 'rbf'. */
  kernel: 'linear' | 'rbf' | 'poly';
  /** Penalty on margin violations. Default 1. */
  C: number;
  /** Kernel coefficient: a number, 'scale' = 1 / (nFeatures * var(X)) or 'auto' = 1 / nFeatures. Default 'scale'. */
  gamma: number | 'scale' | 'auto';
  /** Degree of the polynomial kernel. Default 3. */
  degree: number;
  /** Constant term of the polynomial kernel. Default 0. */
  coef0: number;
  /** null, 'balanced' (n / (2 n_c), multiplies C per class) or {"0": w0, "1": w1}. Default null. */
  classWeight: ClassWeight;
  /**
   * Fit Platt's sigmoid for probabilities (default true, unlike sklearn: the project's classifiers all
   * return P(y = 1)). When false, predictProba returns 1 / (1 + e^-f) of the decision value f: a score
   * that ranks like the SVM (AUC is right) but is not calibrated.
   */
  probability: boolean;
  /** libsvm's stopping tolerance. Default 1e-3. */
  tol: number;
  /** Seed of the Platt cross-validation folds. Default 0. */
  seed: number;
  /**
   * 'smo' (default): the TypeScript libsvm solver (lib/models/svm-solver.ts), sklearn's iteration path, so
   * decision values equal to sklearn's to rounding; with probability, the six trainings share one table of
   * kernel rows. 'libsvm': libsvm 3.22 through libsvm-js/asm on the rows reordered class 0 first (sklearn's
   * order; within ~1e-7 of sklearn, its model text's precision), 2-2.7x slower. See docs/decisions.md.
   */
  solver: 'smo' | 'libsvm';
};

const DEFAULTS: SVCParams = {
  kernel: 'rbf', C: 1, gamma: 'scale', degree: 3, coef0: 0, classWeight: null, probability: true, tol: 1e-3, seed: 0, solver: 'smo',
};
const KIND = 'svc';

/** The parts of libsvm-js's SVM class this file uses (the package ships no types). */
interface LibSvmInstance {
  train(samples: number[][], labels: number[]): void;
  getLabels(): number[];
  getSVIndices(): number[];
  serializeModel(): string;
  free(): void;
}
type LibSvmConstructor = new (options: Record<string, unknown>) => LibSvmInstance;

let libsvm: LibSvmConstructor | undefined;
function loadLibsvm(): LibSvmConstructor {
  // Loaded on first fit only: a saved model predicts without libsvm.
  libsvm ??= require('libsvm-js/asm') as LibSvmConstructor;
  return libsvm;
}

/**
 * Support vector classifier.
 * @example new SVC({kernel: 'rbf', C: 3, gamma: 0.1, seed: 42}).fit(X, y).predictProba(Xtest)
 */
export class SVC implements Classifier<SVCParams> {
  /** Registry kind. */
  readonly kind = KIND;
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<SVCParams>;

  constructor(params: Partial<SVCParams> = {}) {
    this.params = Object.freeze({ ...DEFAULTS, ...params });
    const p = this.params, who = 'SVC';
    if (!['linear', 'rbf', 'poly'].includes(p.kernel)) throw new Error(`${who}: kernel must be 'linear', 'rbf' or 'poly', got ${JSON.stringify(p.kernel)}`);
    if (!(typeof p.C === 'number' && p.C > 0 && Number.isFinite(p.C))) throw new Error(`${who}: C must be a positive finite number, got ${p.C}`);
    if (!(p.gamma === 'scale' || p.gamma === 'auto' || (typeof p.gamma === 'number' && p.gamma > 0 && Number.isFinite(p.gamma)))) {
      throw new Error(`${who}: gamma must be 'scale', 'auto' or a positive number, got ${JSON.stringify(p.gamma)}`);
    }
    if (!(Number.isInteger(p.degree) && p.degree >= 1)) throw new Error(`${who}: degree must be a positive integer, got ${p.degree}`);
    if (!(typeof p.coef0 === 'number' && Number.isFinite(p.coef0))) throw new Error(`${who}: coef0 must be a finite number, got ${p.coef0}`);
    if (!(typeof p.tol === 'number' && p.tol > 0)) throw new Error(`${who}: tol must be positive, got ${p.tol}`);
    if (p.solver !== 'smo' && p.solver !== 'libsvm') throw new Error(`${who}: solver must be 'smo' or 'libsvm', got ${JSON.stringify(p.solver)}`);
    if (!Number.isInteger(p.seed)) throw new Error(`${who}: seed must be an integer, got ${p.seed}`);
    checkClassWeight(p.classWeight, who);
  }

  /** An unfitted copy with some hyperparameters replaced. */
  withParams(changes: Partial<SVCParams>): SVC {
    return new SVC({ ...this.params, ...changes });
  }

  /** Trains the SVM (SMO or libsvm), then (with probability) fits Platt's sigmoid on 5-fold decision values. */
  fit(X: Matrix, y: Labels): FittedSVC {
    checkFitInput(X, y, 'SVC.fit');
    const gammaValue = resolveGamma(this.params.gamma, X);
    const [w0, w1] = classWeights(y, this.params.classWeight);
    const kernel = this.kernelSpec(gammaValue);
    const params = this.params;
    // One trainer for the full fit and the Platt folds: rows of X by index -> decision function.
    let train: (idx: Uint32Array) => SvmFunction;
    if (params.solver === 'smo') {
      // With Platt's folds, six trainings on overlapping rows share one lazily filled table of kernel rows.
      const shared = params.probability && X.nRows <= SHARED_KERNEL_MAX_ROWS;
      const trainingKernel = new TrainingKernel(kernel, X.data, X.nRows, X.nCols, shared);
      train = (idx) => {
        const m = trainCSvc(trainingKernel, idx, y, params.C * w0, params.C * w1, params.tol);
        const p = X.nCols, sv = new Float64Array(m.support.length * p);
        m.support.forEach((row, s) => sv.set(X.data.subarray(row * p, (row + 1) * p), s * p));
        return new SvmFunction(kernel, X.nCols, sv, m.dualCoef, m.intercept);
      };
    } else {
      const rows = rowsOf(X);
      train = (idx) => {
        // Class 0's rows first: libsvm then solves class 0 as +1 on the rows grouped class 0 then class 1,
        // sklearn's order (its libsvm sorts the labels), and so takes sklearn's iteration path.
        const ordered = [...Array.from(idx).filter((i) => y[i] === 0), ...Array.from(idx).filter((i) => y[i] !== 0)];
        const m = trainLibsvm(ordered.map((i) => rows[i]!), ordered.map((i) => y[i]!), params, gammaValue, w0, w1);
        return new SvmFunction(kernel, X.nCols, m.sv, m.dualCoef, m.intercept);
      };
    }
    const all = new Uint32Array(X.nRows);
    for (let i = 0; i < all.length; i++) all[i] = i;
    const model = train(all);
    let probA = NaN, probB = NaN;
    if (params.probability) {
      const dec = crossValidatedDecisions(X, y, params.seed, train);
      [probA, probB] = sigmoidTrain(dec, y);
    }
    return new FittedSVC(params, model, gammaValue, probA, probB);
  }

  private kernelSpec(gammaValue: number): KernelSpec {
    return { kernel: this.params.kernel, gamma: gammaValue, degree: this.params.degree, coef0: this.params.coef0 };
  }

  /** Restores a fitted model from its `toJSON()` output (no libsvm needed). */
  static load(json: FittedJson): FittedSVC {
    const who = 'SVC.load';
    checkKind(json.kind, KIND, who);
    const params = new SVC(json.params as Partial<SVCParams>).params;
    const nFeatures = readNumber(json.state, 'nFeatures', who);
    const gammaValue = readNumber(json.state, 'gammaValue', who);
    const sv = readNumberArray(json.state, 'supportVectors', who);
    const dualCoef = readNumberArray(json.state, 'dualCoef', who);
    if (sv.length !== dualCoef.length * nFeatures) throw new Error(`${who}: ${sv.length} support-vector values for ${dualCoef.length} coefficients x ${nFeatures} features`);
    const state = json.state as Record<string, unknown>;
    const probA = typeof state['probA'] === 'number' ? state['probA'] : NaN;
    const probB = typeof state['probB'] === 'number' ? state['probB'] : NaN;
    const kernel: KernelSpec = { kernel: params.kernel, gamma: gammaValue, degree: params.degree, coef0: params.coef0 };
    const model = new SvmFunction(kernel, nFeatures, sv, dualCoef, readNumber(json.state, 'intercept', who));
    return new FittedSVC(params, model, gammaValue, probA, probB);
  }
}

/** A fitted SVC: support vectors, dual coefficients, intercept and Platt's sigmoid. */
export class FittedSVC implements FittedClassifier<SVCParams> {
  /** Registry kind. */
  readonly kind = KIND;

  constructor(
    /** Hyperparameters. */
    readonly params: Readonly<SVCParams>,
    /** The decision function. */
    readonly model: SvmFunction,
    /** gamma as a number ('scale' / 'auto' resolved on the training data). */
    readonly gammaValue: number,
    /** Platt's A: P(y = 1) = 1 / (1 + exp(A f + B)); NaN without probability. */
    readonly probA: number,
    /** Platt's B; NaN without probability. */
    readonly probB: number,
  ) {}

  /** Number of support vectors. */
  get nSupport(): number {
    return this.model.dualCoef.length;
  }

  /**
   * KernelSHAP's coalition outputs for an RBF SVC, without building the coalition rows: for each mask, the mean
   * P(y = 1) over the background rows with the columns of the masked groups set to x's values. A coalition row's
   * squared distance to a support vector is the background row's own distance plus, for each masked group, the
   * change that group brings (x's squared differences minus the background row's); those and their exponentials
   * are computed once per customer, so a coalition costs one multiplication per masked group instead of the full
   * distance over every column and an exp.
   * Equal to scoring the rows (`predictProba`) up to the order of additions (1e-12 in the tests). Null for other
   * kernels: the caller then scores the rows.
   */
  coalitionProba(x: ArrayLike<number>, background: Matrix, groups: readonly (readonly number[])[], masks: readonly Uint8Array[]): Float64Array | null {
    const m = this.model;
    if (m.kernel.kernel !== 'rbf') return null;
    const p = m.nFeatures, N = background.nRows, S = m.dualCoef.length, G = groups.length;
    const sv = m.supportVectors, a = m.dualCoef, b = background.data, gamma = m.kernel.gamma;
    // exp(-γ d²) of a coalition row = exp(-γ · own distance) × Π over masked groups exp(-γ · change): products,
    // no exp per coalition. Where exp(-γ · own distance) would underflow, the sum form is kept for that pair.
    const full = new Float64Array(N * S);
    const fullExp = new Float64Array(N * S);
    const delta = new Float64Array(N * S * G);
    const deltaExp = new Float64Array(N * S * G);
    for (let r = 0; r < N; r++) {
      for (let s = 0; s < S; s++) {
        let d2 = 0;
        for (let j = 0; j < p; j++) {
          const diff = b[r * p + j]! - sv[s * p + j]!;
          d2 += diff * diff;
        }
        full[r * S + s] = d2;
        fullExp[r * S + s] = gamma * d2 < 700 ? Math.exp(-gamma * d2) : NaN;
        const off = (r * S + s) * G;
        for (let g = 0; g < G; g++) {
          let change = 0;
          for (const j of groups[g]!) {
            const dx = x[j]! - sv[s * p + j]!;
            const db = b[r * p + j]! - sv[s * p + j]!;
            change += dx * dx - db * db;
          }
          delta[off + g] = change;
          deltaExp[off + g] = Math.exp(-gamma * change);
        }
      }
    }
    const platt = Number.isFinite(this.probA) && Number.isFinite(this.probB);
    const out = new Float64Array(masks.length);
    const on = new Int32Array(G);
    for (let k = 0; k < masks.length; k++) {
      const mask = masks[k]!;
      let nOn = 0;
      for (let g = 0; g < G; g++) if (mask[g]) on[nOn++] = g;
      let sum = 0;
      for (let r = 0; r < N; r++) {
        let f = m.intercept;
        for (let s = 0; s < S; s++) {
          const off = (r * S + s) * G;
          let k = fullExp[r * S + s]!;
          if (Number.isNaN(k)) {
            let d2 = full[r * S + s]!;
            for (let t = 0; t < nOn; t++) d2 += delta[off + on[t]!]!;
            k = Math.exp(-gamma * d2);
          } else {
            for (let t = 0; t < nOn; t++) k *= deltaExp[off + on[t]!]!;
          }
          f += a[s]! * k;
        }
        sum += platt ? Math.min(Math.max(sigmoidPredict(f, this.probA, this.probB), 1e-7), 1 - 1e-7) : 1 / (1 + Math.exp(-f));
      }
      out[k] = sum / N;
    }
    return out;
  }

  /** Decision values: positive means class 1 (sklearn's decision_function). */
  decisionFunction(X: Matrix): Float64Array {
    checkPredictInput(X, this.model.nFeatures, 'SVC.decisionFunction');
    return this.model.evaluate(X);
  }

  /** P(y = 1): Platt's sigmoid of the decision value, clipped to [1e-7, 1 - 1e-7] as libsvm does. */
  predictProba(X: Matrix): Float64Array {
    const f = this.decisionFunction(X);
    const out = new Float64Array(f.length);
    const platt = Number.isFinite(this.probA) && Number.isFinite(this.probB);
    for (let i = 0; i < f.length; i++) {
      if (!platt) {
        out[i] = 1 / (1 + Math.exp(-f[i]!));
        continue;
      }
      const p = sigmoidPredict(f[i]!, this.probA, this.probB);
      out[i] = Math.min(Math.max(p, 1e-7), 1 - 1e-7);
    }
    return out;
  }

  /** 1 where P(y = 1) >= threshold (sklearn's SVC.predict uses the sign of the decision value instead). */
  predict(X: Matrix, threshold = 0.5): Labels {
    return thresholdProba(this.predictProba(X), threshold);
  }

  /** Kind, params and state {nFeatures, gammaValue, supportVectors (row-major), dualCoef, intercept, probA, probB}. */
  toJSON(): FittedJson<SVCParams> {
    const m = this.model;
    return {
      kind: KIND,
      params: { ...this.params },
      state: {
        nFeatures: m.nFeatures, gammaValue: this.gammaValue, supportVectors: toJsonArray(m.supportVectors),
        dualCoef: toJsonArray(m.dualCoef), intercept: m.intercept,
        probA: Number.isFinite(this.probA) ? this.probA : null, probB: Number.isFinite(this.probB) ? this.probB : null,
      },
    };
  }
}

/** A kernel and its resolved coefficients. */
export interface KernelSpec {
  kernel: SVCParams['kernel'];
  gamma: number;
  degree: number;
  coef0: number;
}

/** The SVM decision function f(x) = sum_i a_i K(sv_i, x) + b, in pure TypeScript. */
export class SvmFunction {
  private readonly linearWeights: Float64Array | null;

  constructor(
    /** Kernel and coefficients. */
    readonly kernel: KernelSpec,
    /** Number of features. */
    readonly nFeatures: number,
    /** Support vectors, row-major. */
    readonly supportVectors: Float64Array,
    /** y_i * alpha_i per support vector, oriented so that f > 0 means class 1. */
    readonly dualCoef: Float64Array,
    /** b (libsvm's -rho, oriented like dualCoef). */
    readonly intercept: number,
  ) {
    // A linear kernel collapses to one weight vector: w = sum_i a_i sv_i.
    if (kernel.kernel === 'linear') {
      const w = new Float64Array(nFeatures);
      for (let s = 0; s < dualCoef.length; s++) {
        for (let j = 0; j < nFeatures; j++) w[j] += dualCoef[s]! * supportVectors[s * nFeatures + j]!;
      }
      this.linearWeights = w;
    } else {
      this.linearWeights = null;
    }
  }

  /** f(x) for each row of X. */
  evaluate(X: Matrix): Float64Array {
    const p = this.nFeatures, xd = X.data, sv = this.supportVectors, a = this.dualCoef, nSv = a.length;
    const out = new Float64Array(X.nRows);
    const { kernel, gamma, degree, coef0 } = this.kernel;
    const w = this.linearWeights;
    for (let i = 0; i < X.nRows; i++) {
      const xo = i * p;
      let f = this.intercept;
      if (w) {
        for (let j = 0; j < p; j++) f += w[j]! * xd[xo + j]!;
      } else {
        // Four support vectors at a time: their kernel sums are independent chains (hiding the latency of the
        // additions), each summed in feature order and added to f in support-vector order, so f is
        // bit-identical to the one-at-a-time loop.
        const rbf = kernel === 'rbf';
        let s = 0;
        for (; s + 3 < nSv; s += 4) {
          const o0 = s * p, o1 = o0 + p, o2 = o1 + p, o3 = o2 + p;
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          if (rbf) {
            for (let j = 0; j < p; j++) {
              const x = xd[xo + j]!;
              const d0 = x - sv[o0 + j]!, d1 = x - sv[o1 + j]!, d2 = x - sv[o2 + j]!, d3 = x - sv[o3 + j]!;
              s0 += d0 * d0; s1 += d1 * d1; s2 += d2 * d2; s3 += d3 * d3;
            }
            f += a[s]! * Math.exp(-gamma * s0);
            f += a[s + 1]! * Math.exp(-gamma * s1);
            f += a[s + 2]! * Math.exp(-gamma * s2);
            f += a[s + 3]! * Math.exp(-gamma * s3);
          } else {
            for (let j = 0; j < p; j++) {
              const x = xd[xo + j]!;
              s0 += x * sv[o0 + j]!; s1 += x * sv[o1 + j]!; s2 += x * sv[o2 + j]!; s3 += x * sv[o3 + j]!;
            }
            f += a[s]! * powi(gamma * s0 + coef0, degree);
            f += a[s + 1]! * powi(gamma * s1 + coef0, degree);
            f += a[s + 2]! * powi(gamma * s2 + coef0, degree);
            f += a[s + 3]! * powi(gamma * s3 + coef0, degree);
          }
        }
        for (; s < nSv; s++) {
          const so = s * p;
          let sum = 0;
          if (rbf) {
            for (let j = 0; j < p; j++) {
              const diff = xd[xo + j]! - sv[so + j]!;
              sum += diff * diff;
            }
            f += a[s]! * Math.exp(-gamma * sum);
          } else {
            for (let j = 0; j < p; j++) sum += xd[xo + j]! * sv[so + j]!;
            f += a[s]! * powi(gamma * sum + coef0, degree);
          }
        }
      }
      out[i] = f;
    }
    return out;
  }
}

/** gamma as a number: 'scale' = 1 / (p * var(X)) over all entries (1 when X is constant), 'auto' = 1 / p. */
export function resolveGamma(gamma: SVCParams['gamma'], X: Matrix): number {
  if (typeof gamma === 'number') return gamma;
  if (gamma === 'auto') return 1 / X.nCols;
  const d = X.data;
  let mean = 0;
  for (let k = 0; k < d.length; k++) mean += d[k]!;
  mean /= d.length;
  let v = 0;
  for (let k = 0; k < d.length; k++) v += (d[k]! - mean) * (d[k]! - mean);
  v /= d.length;
  return v === 0 ? 1 : 1 / (X.nCols * v);
}

function rowsOf(X: Matrix): number[][] {
  const rows: number[][] = new Array(X.nRows);
  for (let i = 0; i < X.nRows; i++) rows[i] = Array.from(X.data.subarray(i * X.nCols, (i + 1) * X.nCols));
  return rows;
}

/** Above this many rows a shared table of float32 kernel rows (4 n^2 bytes) is not kept for the Platt folds. */
const SHARED_KERNEL_MAX_ROWS = 5000;

const KERNEL_CODES: Record<SVCParams['kernel'], string> = { linear: '0', poly: '1', rbf: '2' };

/**
 * Trains libsvm's C-SVC on the rows and reads the model out: support vectors (copied from the training
 * rows by libsvm's indices, so no precision is lost in its text format), dual coefficients and intercept,
 * oriented so that a positive decision value means class 1. Frees libsvm's memory.
 */
function trainLibsvm(
  rows: number[][], y: ArrayLike<number>, params: Readonly<SVCParams>, gammaValue: number, w0: number, w1: number,
): { sv: Float64Array; dualCoef: Float64Array; intercept: number } {
  const Svm = loadLibsvm();
  const svm = new Svm({
    type: '0', kernel: KERNEL_CODES[params.kernel], degree: params.degree, gamma: gammaValue, coef0: params.coef0,
    cost: params.C, tolerance: params.tol, shrinking: true, probabilityEstimates: false, weight: { 0: w0, 1: w1 }, quiet: true,
  });
  try {
    svm.train(rows, Array.from(y));
    const labels = svm.getLabels();
    const indices = svm.getSVIndices();
    const text = svm.serializeModel();
    const { coefs, rho } = parseLibsvmModel(text, indices.length);
    // libsvm's decision value is positive for labels[0] (the class of the first training row).
    const sign = labels[0] === 1 ? 1 : -1;
    const p = rows[0]!.length;
    const sv = new Float64Array(indices.length * p);
    const dualCoef = new Float64Array(indices.length);
    indices.forEach((row, s) => {
      sv.set(rows[row]!, s * p);
      dualCoef[s] = sign * coefs[s]!;
    });
    return { sv, dualCoef, intercept: -sign * rho };
  } finally {
    svm.free();
  }
}

/** Reads rho and the dual coefficients (first number of each SV line) from libsvm's model text. */
function parseLibsvmModel(text: string, nSv: number): { coefs: Float64Array; rho: number } {
  const lines = text.split('\n');
  let rho = NaN;
  let k = 0;
  for (; k < lines.length; k++) {
    const line = lines[k]!.trim();
    if (line.startsWith('rho ')) rho = Number(line.slice(4));
    if (line === 'SV') break;
  }
  const coefs = new Float64Array(nSv);
  for (let s = 0; s < nSv; s++) {
    const line = lines[k + 1 + s];
    if (line === undefined) throw new Error(`SVC: libsvm's model text has ${s} support vectors, expected ${nSv}`);
    coefs[s] = Number(line.trim().split(' ', 1)[0]);
  }
  if (!Number.isFinite(rho) || coefs.some((c) => !Number.isFinite(c))) throw new Error("SVC: could not read rho / coefficients from libsvm's model");
  return { coefs, rho };
}

/**
 * libsvm's svm_binary_svc_probability with seeded folds: decision values of each row from a model trained
 * (by `train`, on row indices) on the other 4/5 of the rows (fold i = permuted positions [i*n/5, (i+1)*n/5)); a fold whose training part
 * has a single class gives +1 / -1 (0 if empty), as libsvm does.
 */
function crossValidatedDecisions(X: Matrix, y: Labels, seed: number, train: (idx: Uint32Array) => SvmFunction): Float64Array {
  const n = X.nRows, p = X.nCols, nFold = 5;
  const perm = new Random(seed).permutation(n);
  const dec = new Float64Array(n);
  for (let fold = 0; fold < nFold; fold++) {
    const begin = Math.floor((fold * n) / nFold), end = Math.floor(((fold + 1) * n) / nFold);
    const trainIdx = new Uint32Array(n - (end - begin));
    let positives = 0, c = 0;
    for (let k = 0; k < n; k++) {
      if (k >= begin && k < end) continue;
      trainIdx[c++] = perm[k]!;
      positives += y[perm[k]!]!;
    }
    const negatives = trainIdx.length - positives;
    if (positives === 0 || negatives === 0) {
      const v = positives === 0 && negatives === 0 ? 0 : positives > 0 ? 1 : -1;
      for (let k = begin; k < end; k++) dec[perm[k]!] = v;
      continue;
    }
    const f = train(trainIdx);
    const held = new Float64Array((end - begin) * p);
    for (let k = begin; k < end; k++) held.set(X.data.subarray(perm[k]! * p, (perm[k]! + 1) * p), (k - begin) * p);
    const values = f.evaluate({ nRows: end - begin, nCols: p, data: held });
    for (let k = begin; k < end; k++) dec[perm[k]!] = values[k - begin]!;
  }
  return dec;
}

/**
 * Platt's sigmoid P(y = 1 | f) = 1 / (1 + exp(A f + B)) fitted by libsvm's sigmoid_train (Lin, Lin & Weng
 * 2007: Newton's method with backtracking, regularised targets (N+ + 1)/(N+ + 2) and 1/(N- + 2)).
 */
export function sigmoidTrain(dec: Float64Array, y: Labels): [number, number] {
  const l = dec.length;
  let prior1 = 0;
  for (let i = 0; i < l; i++) prior1 += y[i]!;
  const prior0 = l - prior1;
  const maxIter = 100, minStep = 1e-10, sigma = 1e-12, eps = 1e-5;
  const hiTarget = (prior1 + 1) / (prior1 + 2), loTarget = 1 / (prior0 + 2);
  const t = new Float64Array(l);
  for (let i = 0; i < l; i++) t[i] = y[i] ? hiTarget : loTarget;
  let A = 0, B = Math.log((prior0 + 1) / (prior1 + 1));
  const value = (a: number, b: number): number => {
    let f = 0;
    for (let i = 0; i < l; i++) {
      const fApB = dec[i]! * a + b;
      f += fApB >= 0 ? t[i]! * fApB + Math.log(1 + Math.exp(-fApB)) : (t[i]! - 1) * fApB + Math.log(1 + Math.exp(fApB));
    }
    return f;
  };
  let fval = value(A, B);
  for (let iter = 0; iter < maxIter; iter++) {
    let h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
    for (let i = 0; i < l; i++) {
      const fApB = dec[i]! * A + B;
      let p: number, q: number;
      if (fApB >= 0) {
        p = Math.exp(-fApB) / (1 + Math.exp(-fApB));
        q = 1 / (1 + Math.exp(-fApB));
      } else {
        p = 1 / (1 + Math.exp(fApB));
        q = Math.exp(fApB) / (1 + Math.exp(fApB));
      }
      const d2 = p * q;
      h11 += dec[i]! * dec[i]! * d2;
      h22 += d2;
      h21 += dec[i]! * d2;
      const d1 = t[i]! - p;
      g1 += dec[i]! * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < eps && Math.abs(g2) < eps) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= minStep) {
      const newA = A + step * dA, newB = B + step * dB;
      const newf = value(newA, newB);
      if (newf < fval + 0.0001 * step * gd) {
        A = newA; B = newB; fval = newf;
        break;
      }
      step /= 2;
    }
    if (step < minStep) break; // line search failed, as libsvm reports
  }
  return [A, B];
}

/** libsvm's sigmoid_predict: 1 / (1 + exp(A f + B)) without overflow. */
function sigmoidPredict(f: number, A: number, B: number): number {
  const fApB = f * A + B;
  return fApB >= 0 ? Math.exp(-fApB) / (1 + Math.exp(-fApB)) : 1 / (1 + Math.exp(fApB));
}
