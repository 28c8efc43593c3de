/**
 * Binary logistic regression with L1, L2, elastic-net or no penalty, with scikit-learn's meaning of the
 * hyperparameters, solved to the exact optimum by a proximal Newton method (newGLMNET, Yuan, Ho & Lin 2012).
 *
 * Objective (scikit-learn's, the intercept is not penalised, as with its lbfgs/saga solvers):
 *   C * sum_i s_i * logloss(y_i, x_i.w + b) + penalty(w),
 *   penalty = 1/2 ||w||^2 (l2), ||w||_1 (l1), (1 - l1Ratio)/2 ||w||^2 + l1Ratio ||w||_1 (elasticnet), 0 (none),
 * with s_i the class weight of row i (1, or n / (2 n_c) for 'balanced').
 *
 * Why this solver: the study's tables have ~1000 rows and a few dozen columns, so the (p+1)^2 Hessian is
 * tiny. Each outer iteration builds the exact gradient and Hessian (O(n p^2)), solves the quadratic model
 * plus the L1 term by coordinate descent (O(p^2) a sweep; a Cholesky solve when there is no L1 term),
 * and takes an Armijo line search on the true objective. Convergence is quadratic: a fit takes ~5-15
 * iterations and about a millisecond.
 */
import type { Classifier, FittedClassifier, FittedJson, Labels, Matrix } from '../core/types';
import {
  checkClassWeight, checkFitInput, checkKind, checkPredictInput, classWeights, readNumber, readNumberArray,
  sigmoid, softplus, solveSpd, thresholdProba, toJsonArray, type ClassWeight,
} from './linalg';

/** Hyperparameters of {@link LogisticRegression} (scikit-learn's names in camelCase). */
export type LogisticRegressionParams = {
  /** Penalty on the coefficients (not on the intercept). Default 'l2'. */
  penalty: 'l2' | 'l1' | 'elasticnet' | 'none';
  /** Inverse regularisation strength: the loss is multiplied by C. Default 1. */
  C: number;
  /** Elastic-net mixing: 0 = pure L2, 1 = pure L1; used only with penalty 'elasticnet'. Default 0.5. */
  l1Ratio: number;
  /** Fit an unpenalised intercept. Default true. */
  fitIntercept: boolean;
  /** null, 'balanced' (n / (2 n_c)) or explicit {"0": w0, "1": w1}. Default null. */
  classWeight: ClassWeight;
  /**
   * Stop when the largest violation of the optimality conditions (the largest component of the
   * minimum-norm subgradient of the objective above) is at most tol: the same test as scikit-learn's lbfgs
   * solver (its `pgtol`). Default 1e-4.
   */
  tol: number;
  /** Most Newton iterations; `converged` is false when they run out. Default 100. */
  maxIter: number;
};

const DEFAULTS: LogisticRegressionParams = {
  penalty: 'l2', C: 1, l1Ratio: 0.5, fitIntercept: true, classWeight: null, tol: 1e-4, maxIter: 100,
};

const KIND = 'logistic';

/**
 * Logistic regression with scikit-learn's objective and hyperparameters, solved exactly (see file comment).
 * @example new LogisticRegression({penalty: 'l1', C: 0.5}).fit(X, y).predictProba(Xtest)
 */
export class LogisticRegression implements Classifier<LogisticRegressionParams> {
  /** Registry kind. */
  readonly kind = KIND;
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<LogisticRegressionParams>;

  constructor(params: Partial<LogisticRegressionParams> = {}) {
    this.params = Object.freeze({ ...DEFAULTS, ...params });
    validateParams(this.params);
  }

  /** An unfitted copy with some hyperparameters replaced. */
  withParams(changes: Partial<LogisticRegressionParams>): LogisticRegression {
    return new LogisticRegression({ ...this.params, ...changes });
  }

  /** Fits the model; throws when y has a single class or X has non-finite values. */
  fit(X: Matrix, y: Labels): FittedLogisticRegression {
    checkFitInput(X, y, 'LogisticRegression.fit');
    const r = solveLogistic(X, y, this.params);
    return new FittedLogisticRegression(this.params, r.coef, r.intercept, r.converged, r.nIter, r.kktViolation, r.warnings);
  }

  /** Restores a fitted model from its `toJSON()` output. */
  static load(json: FittedJson): FittedLogisticRegression {
    const who = 'LogisticRegression.load';
    checkKind(json.kind, KIND, who);
    const params = new LogisticRegression(json.params as Partial<LogisticRegressionParams>).params;
    const s = json.state as Record<string, unknown>;
    return new FittedLogisticRegression(
      params, readNumberArray(json.state, 'coef', who), readNumber(json.state, 'intercept', who),
      s['converged'] === true, readNumber(json.state, 'nIter', who), readNumber(json.state, 'kktViolation', who),
      Array.isArray(s['warnings']) ? (s['warnings'] as string[]) : [],
    );
  }
}

/** A fitted logistic regression: coefficients, intercept and how the solver ended. */
export class FittedLogisticRegression implements FittedClassifier<LogisticRegressionParams> {
  /** Registry kind. */
  readonly kind = KIND;

  constructor(
    /** Hyperparameters it was fitted with. */
    readonly params: Readonly<LogisticRegressionParams>,
    /** One coefficient per feature (the explainers read it). */
    readonly coef: Float64Array,
    /** The intercept (0 when fitIntercept is false). */
    readonly intercept: number,
    /** True when the optimality test (tol) was met within maxIter and the MLE exists. */
    readonly converged: boolean,
    /** Newton iterations done. */
    readonly nIter: number,
    /** Largest optimality violation at the returned point (see the tol parameter). */
    readonly kktViolation: number,
    /** Why the fit is suspect, e.g. linearly separable classes without penalty; empty when fine. */
    readonly warnings: readonly string[] = [],
  ) {}

  /** x.w + b for each row: the log-odds of class 1. */
  decisionFunction(X: Matrix): Float64Array {
    checkPredictInput(X, this.coef.length, 'LogisticRegression.decisionFunction');
    const p = X.nCols;
    const out = new Float64Array(X.nRows);
    const d = X.data;
    for (let i = 0; i < X.nRows; i++) {
      let z = this.intercept;
      const o = i * p;
      for (let j = 0; j < p; j++) z += d[o + j]! * this.coef[j]!;
      out[i] = z;
    }
    return out;
  }

  /** P(y = 1) for each row. */
  predictProba(X: Matrix): Float64Array {
    const z = this.decisionFunction(X);
    for (let i = 0; i < z.length; i++) z[i] = sigmoid(z[i]!);
    return z;
  }

  /** 1 where P(y = 1) >= threshold. */
  predict(X: Matrix, threshold = 0.5): Labels {
    return thresholdProba(this.predictProba(X), threshold);
  }

  /** Kind, params and state {coef, intercept, converged, nIter, kktViolation, warnings}. */
  toJSON(): FittedJson<LogisticRegressionParams> {
    return {
      kind: KIND,
      params: { ...this.params },
      state: {
        coef: toJsonArray(this.coef), intercept: this.intercept, converged: this.converged, nIter: this.nIter,
        kktViolation: this.kktViolation, warnings: [...this.warnings],
      },
    };
  }
}

function validateParams(p: LogisticRegressionParams): void {
  const who = 'LogisticRegression';
  if (!['l2', 'l1', 'elasticnet', 'none'].includes(p.penalty)) {
    throw new Error(`${who}: penalty must be 'l2', 'l1', 'elasticnet' or 'none', got ${JSON.stringify(p.penalty)}`);
  }
  if (!(typeof p.C === 'number' && p.C > 0 && Number.isFinite(p.C))) throw new Error(`${who}: C must be a positive finite number, got ${p.C}`);
  if (!(typeof p.l1Ratio === 'number' && p.l1Ratio >= 0 && p.l1Ratio <= 1)) throw new Error(`${who}: l1Ratio must be in [0, 1], got ${p.l1Ratio}`);
  if (!(typeof p.tol === 'number' && p.tol > 0)) throw new Error(`${who}: tol must be positive, got ${p.tol}`);
  if (!(Number.isInteger(p.maxIter) && p.maxIter >= 1)) throw new Error(`${who}: maxIter must be a positive integer, got ${p.maxIter}`);
  if (typeof p.fitIntercept !== 'boolean') throw new Error(`${who}: fitIntercept must be a boolean, got ${p.fitIntercept}`);
  checkClassWeight(p.classWeight, who);
}

interface SolveResult {
  coef: Float64Array; intercept: number; converged: boolean; nIter: number; kktViolation: number; warnings: string[];
}

/** The penalty's L1 and L2 strengths for the objective C * loss + l2/2 ||w||^2 + l1 ||w||_1. */
function penaltyStrengths(p: LogisticRegressionParams): { l1: number; l2: number } {
  switch (p.penalty) {
    case 'l2': return { l1: 0, l2: 1 };
    case 'l1': return { l1: 1, l2: 0 };
    case 'elasticnet': return { l1: p.l1Ratio, l2: 1 - p.l1Ratio };
    default: return { l1: 0, l2: 0 };
  }
}

/** The data of one fit, in the shape the hot loops want. */
interface Problem {
  n: number; p: number; m: number; d: Float64Array; intercept: boolean;
  c: Float64Array; // row weights C * s_i
  t: Float64Array; // +1 / -1
  l1: number; l2: number;
}

/**
 * The proximal Newton solver. Variables theta = (w_1..w_p, b); b is present only with fitIntercept.
 * Exported for the benchmark; models call it through fit.
 */
export function solveLogistic(X: Matrix, y: Labels, params: LogisticRegressionParams): SolveResult {
  const n = X.nRows, p = X.nCols;
  const m = params.fitIntercept ? p + 1 : p;
  const { l1, l2 } = penaltyStrengths(params);
  const [w0, w1] = classWeights(y, params.classWeight);
  const c = new Float64Array(n);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    c[i] = params.C * (y[i] ? w1 : w0);
    t[i] = y[i] ? 1 : -1;
  }
  const pr: Problem = { n, p, m, d: X.data, intercept: params.fitIntercept, c, t, l1, l2 };

  const theta = new Float64Array(m);
  const z = new Float64Array(n); // x_i.w + b
  const grad = new Float64Array(m);
  const hess = new Float64Array(m * m);
  const hd = new Float64Array(m);
  const dir = new Float64Array(m);
  const trial = new Float64Array(m);
  const zTrial = new Float64Array(n);
  const dz = new Float64Array(n);

  let f = objective(pr, theta, z);
  derivatives(pr, theta, z, grad, hess);
  let violation = kktViolation(pr, theta, grad);
  let nIter = 0;
  let converged = violation <= params.tol;
  const warnings: string[] = [];
  let diverging = false;

  while (!converged && nIter < params.maxIter) {
    nIter++;
    // Newton direction of the smooth part plus the L1 term.
    if (l1 === 0) {
      for (let j = 0; j < m; j++) hd[j] = -grad[j]!;
      dir.set(solveSpd(hess, hd, m));
    } else {
      coordinateDescent(hess, grad, theta, l1, p, m, dir, hd, Math.min(1e-3, violation) * 1e-4);
      refineOnActiveSet(hess, grad, theta, l1, p, m, dir);
    }
    // Directional decrease bound for the Armijo test.
    let delta = 0;
    for (let j = 0; j < m; j++) delta += grad[j]! * dir[j]!;
    if (l1 > 0) delta += l1 * (l1Norm(theta, dir, 1, p) - l1Norm(theta, dir, 0, p));
    matVec(pr, dir, dz);
    let step = 1;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let j = 0; j < m; j++) trial[j] = theta[j]! + step * dir[j]!;
      for (let i = 0; i < n; i++) zTrial[i] = z[i]! + step * dz[i]!;
      const fTrial = objective(pr, trial, zTrial);
      // Near the optimum the decrease falls below the rounding of f (a sum of n terms); a full Newton step
      // that does not raise f beyond that rounding is then taken on the strength of the gradient.
      const roundingSlack = step === 1 ? 1e-12 * Math.abs(f) : 0;
      if (fTrial <= f + 1e-4 * step * delta || fTrial - f <= roundingSlack) {
        theta.set(trial);
        z.set(zTrial);
        f = fTrial;
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    derivatives(pr, theta, z, grad, hess);
    violation = kktViolation(pr, theta, grad);
    converged = violation <= params.tol;
    if (!accepted) break; // no decrease possible in floating point: as close as arithmetic allows
    let maxAbs = 0;
    for (let j = 0; j < p; j++) maxAbs = Math.max(maxAbs, Math.abs(theta[j]!));
    if (maxAbs > 1e8) { diverging = true; break; }
  }

  if (l1 === 0 && l2 === 0) {
    // Without a penalty the maximum-likelihood estimate does not exist when the classes are separable:
    // the coefficients grow without bound while the gradient shrinks, so a small gradient proves nothing.
    let separated = true;
    for (let i = 0; i < n && separated; i++) if (t[i]! * z[i]! <= 0) separated = false;
    if (separated || diverging) {
      converged = false;
      warnings.push('the classes are linearly separable on the training data: without a penalty the coefficients ' +
        'diverge (no maximum-likelihood estimate); use a penalty (l2, l1, elasticnet)');
    }
  } else if (diverging) {
    converged = false;
    warnings.push('coefficients exceeded 1e8: the problem is badly scaled');
  }

  const coef = Float64Array.from(theta.subarray(0, p));
  const intercept = params.fitIntercept ? theta[p]! : 0;
  return { coef, intercept, converged, nIter, kktViolation: violation, warnings };
}

/** sum_j |theta_j + s * dir_j| over the p weights. */
function l1Norm(theta: Float64Array, dir: Float64Array, s: number, p: number): number {
  let sum = 0;
  for (let j = 0; j < p; j++) sum += Math.abs(theta[j]! + s * dir[j]!);
  return sum;
}

/** out_i = x_i . dir_w + dir_b. */
function matVec(pr: Problem, dir: Float64Array, out: Float64Array): void {
  const { n, p, d } = pr;
  const b = pr.intercept ? dir[p]! : 0;
  for (let i = 0; i < n; i++) {
    let s = b;
    const o = i * p;
    for (let j = 0; j < p; j++) s += d[o + j]! * dir[j]!;
    out[i] = s;
  }
}

/** The full objective at theta, given z = X w + b. */
function objective(pr: Problem, theta: Float64Array, z: Float64Array): number {
  const { n, p, c, t, l1, l2 } = pr;
  let f = 0;
  for (let i = 0; i < n; i++) f += c[i]! * softplus(-t[i]! * z[i]!);
  let sq = 0, abs = 0;
  for (let j = 0; j < p; j++) {
    sq += theta[j]! * theta[j]!;
    abs += Math.abs(theta[j]!);
  }
  return f + 0.5 * l2 * sq + l1 * abs;
}

/** Gradient and Hessian of the smooth part (loss + L2) at theta; the Hessian is built as an upper triangle, then mirrored. */
function derivatives(pr: Problem, theta: Float64Array, z: Float64Array, grad: Float64Array, hess: Float64Array): void {
  const { n, p, m, d, c, t, l2 } = pr;
  const withIntercept = pr.intercept;
  grad.fill(0);
  hess.fill(0);
  for (let i = 0; i < n; i++) {
    const zi = z[i]!;
    const prob = zi >= 0 ? 1 / (1 + Math.exp(-zi)) : 1 - 1 / (1 + Math.exp(zi));
    const ci = c[i]!;
    const r = ci * (prob - (t[i]! > 0 ? 1 : 0));
    const h = ci * prob * (1 - prob);
    const o = i * p;
    for (let j = 0; j < p; j++) {
      const xj = d[o + j]!;
      grad[j] += r * xj;
      const hx = h * xj;
      const row = j * m;
      for (let k = j; k < p; k++) hess[row + k] += hx * d[o + k]!;
      if (withIntercept) hess[row + p] += hx;
    }
    if (withIntercept) {
      grad[p] += r;
      hess[p * m + p] += h;
    }
  }
  for (let j = 0; j < p; j++) {
    grad[j] += l2 * theta[j]!;
    hess[j * m + j] += l2;
  }
  for (let j = 0; j < m; j++) for (let k = j + 1; k < m; k++) hess[k * m + j] = hess[j * m + k]!;
}

/** Largest component of the minimum-norm subgradient of the objective (0 at the optimum). */
function kktViolation(pr: Problem, theta: Float64Array, grad: Float64Array): number {
  const { p, m, l1 } = pr;
  let worst = 0;
  for (let j = 0; j < m; j++) {
    const g = grad[j]!;
    let v: number;
    if (j >= p || l1 === 0) v = Math.abs(g);
    else if (theta[j] !== 0) v = Math.abs(g + l1 * Math.sign(theta[j]!));
    else v = Math.max(0, Math.abs(g) - l1);
    if (v > worst) worst = v;
  }
  return worst;
}

/**
 * Minimises g.d + 1/2 d'Hd + l1 * sum_{j<p} |theta_j + d_j| over d by cyclic coordinate descent; the
 * intercept (index p, when present) is unpenalised. Writes d into `dir`; `hd` is scratch for H d. Stops
 * when no coordinate moves by more than `tolerance` (relative to the coefficients' size).
 */
function coordinateDescent(
  H: Float64Array, g: Float64Array, theta: Float64Array, l1: number, p: number, m: number,
  dir: Float64Array, hd: Float64Array, tolerance: number,
): void {
  dir.fill(0);
  hd.fill(0);
  // Only the sign pattern must be right: refineOnActiveSet then solves the subproblem exactly.
  for (let sweep = 0; sweep < 200; sweep++) {
    let maxChange = 0;
    let maxValue = 0;
    for (let j = 0; j < m; j++) {
      const a = Math.max(H[j * m + j]!, 1e-12);
      const gj = g[j]! + hd[j]!;
      let change: number;
      if (j >= p) {
        change = -gj / a;
      } else {
        const u = theta[j]! + dir[j]!;
        const v = u - gj / a;
        const thr = l1 / a;
        const uNew = v > thr ? v - thr : v < -thr ? v + thr : 0;
        change = uNew - u;
        if (Math.abs(uNew) > maxValue) maxValue = Math.abs(uNew);
      }
      if (change !== 0) {
        dir[j] += change;
        const row = j * m;
        for (let k = 0; k < m; k++) hd[k] += change * H[row + k]!;
        if (Math.abs(change) > maxChange) maxChange = Math.abs(change);
      }
    }
    if (maxChange <= tolerance * Math.max(1, maxValue)) break;
  }
}

/**
 * Coordinate descent converges slowly along correlated directions; once it has found the sign pattern of
 * the subproblem's solution, that solution solves a linear system on the nonzero coordinates exactly:
 * H_FF d_F = -(g_F + l1 sign_F + H_FZ d_Z), with d_Z = -theta_Z for the coordinates set to zero. The exact
 * solution replaces the coordinate-descent one when it keeps the same signs (so it is the true minimiser).
 */
function refineOnActiveSet(H: Float64Array, g: Float64Array, theta: Float64Array, l1: number, p: number, m: number, dir: Float64Array): void {
  const free: number[] = [];
  for (let j = 0; j < m; j++) if (j >= p || theta[j]! + dir[j]! !== 0) free.push(j);
  const k = free.length;
  if (k === 0) return;
  const A = new Float64Array(k * k);
  const rhs = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    const j = free[a]!;
    let r = -g[j]!;
    if (j < p) r -= l1 * Math.sign(theta[j]! + dir[j]!);
    for (let z = 0; z < p; z++) if (theta[z]! + dir[z]! === 0) r += H[j * m + z]! * theta[z]!;
    rhs[a] = r;
    for (let b = 0; b < k; b++) A[a * k + b] = H[j * m + free[b]!]!;
  }
  let x: Float64Array;
  try {
    x = solveSpd(A, rhs, k);
  } catch {
    return;
  }
  for (let a = 0; a < k; a++) {
    const j = free[a]!;
    if (j < p && Math.sign(theta[j]! + x[a]!) !== Math.sign(theta[j]! + dir[j]!)) return;
    if (!Number.isFinite(x[a]!)) return;
  }
  for (let a = 0; a < k; a++) dir[free[a]!] = x[a]!;
}
