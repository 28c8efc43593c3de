/**
 * libsvm's C-SVC solver in TypeScript, written to take the same iteration path as the libsvm inside
 * scikit-learn's SVC (Fan, Chen & Lin 2005, JMLR 6: SMO with second-order working-set selection; libsvm's
 * shrinking with gradient reconstruction, its update, rho and stopping rules), so that decision values agree
 * with sklearn's to rounding (~1e-12 in the tests) rather than to the stopping tolerance.
 *
 * What makes the paths coincide, not just the optima:
 * - the row order: libsvm groups the training rows by class before solving (class of label[0] first, each
 *   class in its original order) and that class is +1; sklearn's copy sorts the labels, so class 0 is +1,
 *   upstream libsvm (libsvm-js) takes the first row's class. Ties in the working-set selection (`>=`) and the
 *   shrinking order depend on it. Both orders are available (`classOrder`).
 * - the kernel values: libsvm keeps Q_ij = y_i y_j K_ij as float32 (Qfloat) in its cache but the diagonal QD
 *   in double, computes RBF as exp(-γ(|x_i|² + |x_j|² - 2 x_i·x_j)) and the polynomial power by squaring
 *   (powi). All three are reproduced: a float64 Q would give a different path at tol 1e-3.
 * - the LRU column cache: only a cost (a column computed again has the same values), but it is what lets a
 *   column be partly filled ([0, active_size)) while shrinking, as libsvm does.
 */
import type { KernelSpec } from './svc';

/** A kernel over the rows of one data matrix, evaluated as libsvm evaluates it inside training. */
export class TrainingKernel {
  /** |x_a|² per row (RBF only). */
  private readonly squares: Float64Array;
  /** Full float32 kernel rows by data row, filled on demand when `shareRows` (the Platt folds reuse them). */
  private readonly rows: (Float32Array | undefined)[] | null;

  constructor(
    readonly spec: KernelSpec,
    /** Row-major n x p. */
    readonly data: Float64Array,
    readonly nRows: number,
    readonly nCols: number,
    shareRows = false,
  ) {
    this.squares = new Float64Array(spec.kernel === 'rbf' ? nRows : 0);
    if (spec.kernel === 'rbf') for (let a = 0; a < nRows; a++) this.squares[a] = this.dot(a, a);
    this.rows = shareRows ? new Array(nRows) : null;
  }

  /** Whether full kernel rows are kept (and columns are gathered from them). */
  get sharesRows(): boolean {
    return this.rows !== null;
  }

  /** x_a · x_b, summed in feature order as libsvm's dense dot does. */
  dot(a: number, b: number): number {
    const d = this.data, p = this.nCols, ao = a * p, bo = b * p;
    let sum = 0;
    for (let k = 0; k < p; k++) sum += d[ao + k]! * d[bo + k]!;
    return sum;
  }

  /** K(x_a, x_b) in double (libsvm's kernel_function; used for the diagonal QD). */
  value(a: number, b: number): number {
    const s = this.spec;
    if (s.kernel === 'rbf') return Math.exp(-s.gamma * (this.squares[a]! + this.squares[b]! - 2 * this.dot(a, b)));
    if (s.kernel === 'linear') return this.dot(a, b);
    return powi(s.gamma * this.dot(a, b) + s.coef0, s.degree);
  }

  /**
   * out[t] = sign_a sign_t K(x_a, x_rows[t]) rounded to float32, for t in [start, end): a column of libsvm's
   * Q. From the shared full row of a when rows are shared (computed once for the full fit and the folds).
   */
  fillColumn(a: number, signA: number, rows: Int32Array, signs: Int8Array, start: number, end: number, out: Float32Array): void {
    if (this.rows) {
      const full = this.fullRow(a);
      for (let t = start; t < end; t++) out[t] = signA * signs[t]! * full[rows[t]!]!;
      return;
    }
    this.fillRaw(a, signA, rows, signs, start, end, out);
  }

  private fullRow(a: number): Float32Array {
    let row = this.rows![a];
    if (row) return row;
    row = new Float32Array(this.nRows);
    // K is symmetric and each entry is computed from commutative sums: row a's entry b equals row b's entry a,
    // so a row already computed for b supplies it.
    const all = new Int32Array(this.nRows), ones = new Int8Array(this.nRows).fill(1);
    for (let b = 0; b < this.nRows; b++) all[b] = b;
    this.fillRaw(a, 1, all, ones, 0, this.nRows, row);
    this.rows![a] = row;
    return row;
  }

  /**
   * out[t] for the positions t listed in todo[0..count) (or every t in [start, end) when todo is null).
   * Four entries at a time: four independent dot products interleaved hide the latency of the additions,
   * while each dot is still summed in feature order, so every value is bit-identical to libsvm's.
   */
  fillRaw(a: number, signA: number, rows: Int32Array, signs: Int8Array, start: number, end: number, out: Float32Array, todo: Int32Array | null = null): void {
    const d = this.data, p = this.nCols, ao = a * p, s = this.spec;
    const count = todo ? end : end - start;
    const at = (k: number): number => (todo ? todo[k]! : start + k);
    const kind = s.kernel === 'rbf' ? 0 : s.kernel === 'linear' ? 1 : 2;
    const sq = this.squares, sqA = kind === 0 ? sq[a]! : 0, g = s.gamma, c0 = s.coef0, deg = s.degree;
    const map = (dot: number, b: number): number =>
      kind === 0 ? Math.exp(-g * (sqA + sq[b]! - 2 * dot)) : kind === 1 ? dot : powi(g * dot + c0, deg);
    let k = 0;
    for (; k + 3 < count; k += 4) {
      const t0 = at(k), t1 = at(k + 1), t2 = at(k + 2), t3 = at(k + 3);
      const b0 = rows[t0]!, b1 = rows[t1]!, b2 = rows[t2]!, b3 = rows[t3]!;
      const o0 = b0 * p, o1 = b1 * p, o2 = b2 * p, o3 = b3 * p;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let f = 0; f < p; f++) {
        const x = d[ao + f]!;
        s0 += x * d[o0 + f]!;
        s1 += x * d[o1 + f]!;
        s2 += x * d[o2 + f]!;
        s3 += x * d[o3 + f]!;
      }
      out[t0] = signA * signs[t0]! * map(s0, b0);
      out[t1] = signA * signs[t1]! * map(s1, b1);
      out[t2] = signA * signs[t2]! * map(s2, b2);
      out[t3] = signA * signs[t3]! * map(s3, b3);
    }
    for (; k < count; k++) {
      const t = at(k), b = rows[t]!, bo = b * p;
      let dot = 0;
      for (let f = 0; f < p; f++) dot += d[ao + f]! * d[bo + f]!;
      out[t] = signA * signs[t]! * map(dot, b);
    }
  }
}

/** libsvm's powi: base^times by repeated squaring (not Math.pow: the last bit differs, and so would Q). */
export function powi(base: number, times: number): number {
  let tmp = base, ret = 1;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}

/**
 * libsvm's Cache + SVC_Q: columns of Q in the solver's current (swapped) order, kept in a least-recently-used
 * list under a budget of float32 entries; a column may be filled only up to the active size.
 */
class QColumns {
  private readonly columns: (Float32Array | null)[];
  private readonly lengths: Int32Array;
  // Circular LRU list over column indices with sentinel l (least recent after the sentinel).
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private freeEntries: number;
  private readonly todo: Int32Array;

  constructor(
    private readonly l: number,
    budgetEntries: number,
    private readonly kernel: TrainingKernel,
    private readonly rows: Int32Array,
    private readonly signs: Int8Array,
  ) {
    this.columns = new Array(l).fill(null);
    this.lengths = new Int32Array(l);
    this.prev = new Int32Array(l + 1).fill(l);
    this.next = new Int32Array(l + 1).fill(l);
    this.freeEntries = Math.max(budgetEntries, 2 * l); // room for two columns at least, as libsvm ensures
    this.todo = new Int32Array(l);
  }

  private unlink(h: number): void {
    this.next[this.prev[h]!] = this.next[h]!;
    this.prev[this.next[h]!] = this.prev[h]!;
  }

  private append(h: number): void {
    const s = this.l;
    this.next[h] = s;
    this.prev[h] = this.prev[s]!;
    this.next[this.prev[s]!] = h;
    this.prev[s] = h;
  }

  private evict(h: number): void {
    this.unlink(h);
    this.freeEntries += this.lengths[h]!;
    this.lengths[h] = 0;
    this.columns[h] = null;
  }

  /** Column i of Q, valid on [0, len). */
  get(i: number, len: number): Float32Array {
    const have = this.lengths[i]!;
    if (have) this.unlink(i);
    const more = len - have;
    if (more > 0) {
      while (this.freeEntries < more && this.next[this.l] !== this.l) this.evict(this.next[this.l]!);
      let column = this.columns[i];
      if (!column) this.columns[i] = column = new Float32Array(this.l);
      this.freeEntries -= more;
      this.lengths[i] = len;
      this.fill(i, have, len, column);
    }
    this.append(i);
    return this.columns[i]!;
  }

  /**
   * Entries [start, end) of column i. Q is symmetric to the bit (K_ij and K_ji are computed from the same
   * products and sums), so an entry whose own column is cached far enough is copied from it; only the rest
   * is computed. libsvm computes both halves; the values are the same.
   */
  private fill(i: number, start: number, end: number, column: Float32Array): void {
    if (this.kernel.sharesRows) {
      this.kernel.fillColumn(this.rows[i]!, this.signs[i]!, this.rows, this.signs, start, end, column);
      return;
    }
    const todo = this.todo;
    let count = 0;
    for (let t = start; t < end; t++) {
      if (this.lengths[t]! > i && t !== i) column[t] = this.columns[t]![i]!;
      else todo[count++] = t;
    }
    this.kernel.fillRaw(this.rows[i]!, this.signs[i]!, this.rows, this.signs, 0, count, column, todo);
  }

  /** libsvm's Cache::swap_index: positions i and j trade places in every cached column. */
  swap(i: number, j: number): void {
    if (i === j) return;
    const li = this.lengths[i]!, lj = this.lengths[j]!;
    if (li) this.unlink(i);
    if (lj) this.unlink(j);
    const ci = this.columns[i]!;
    this.columns[i] = this.columns[j]!;
    this.columns[j] = ci;
    this.lengths[i] = lj;
    this.lengths[j] = li;
    if (lj) this.append(i);
    if (li) this.append(j);
    const lo = Math.min(i, j), hi = Math.max(i, j);
    for (let h = this.next[this.l]!; h !== this.l;) {
      const following = this.next[h]!;
      const len = this.lengths[h]!;
      if (len > lo) {
        if (len > hi) {
          const column = this.columns[h]!;
          const v = column[lo]!;
          column[lo] = column[hi]!;
          column[hi] = v;
        } else {
          this.evict(h); // a partly filled column that would straddle the swap: drop it, as libsvm does
        }
      }
      h = following;
    }
  }
}

const LOWER = 0, UPPER = 1, FREE = 2;
const TAU = 1e-12;
const INT_MAX = 2147483647;

/** Options of {@link solveCSvc}. */
export interface CSvcOptions {
  /** Box of the +1 class (C times its weight). */
  Cpos: number;
  /** Box of the -1 class. */
  Cneg: number;
  /** Stopping tolerance (libsvm's eps, sklearn's tol). */
  eps: number;
  /** libsvm's shrinking heuristic (default true, as sklearn). */
  shrinking?: boolean;
  /** Kernel cache size in MB (default 200, sklearn's cache_size). */
  cacheMb?: number;
}

/** The solution in the caller's row order: alpha_t >= 0 and rho; f(x) = sum_t sign_t alpha_t K(x_t, x) - rho. */
export interface CSvcSolution {
  alpha: Float64Array;
  rho: number;
  iterations: number;
}

/**
 * libsvm's Solver::Solve for C-SVC (p = -1, alpha = 0 at start) on the data rows `rows` (in libsvm's order:
 * see the file comment) with signs ±1.
 */
export function solveCSvc(kernel: TrainingKernel, rowsIn: ArrayLike<number>, signsIn: ArrayLike<number>, options: CSvcOptions): CSvcSolution {
  const l = rowsIn.length;
  const { Cpos, Cneg, eps } = options;
  const shrinking = options.shrinking ?? true;
  const rows = Int32Array.from(rowsIn);
  const y = Int8Array.from(signsIn);
  const q = new QColumns(l, Math.floor(((options.cacheMb ?? 200) * (1 << 20)) / 4), kernel, rows, y);
  const QD = new Float64Array(l);
  for (let t = 0; t < l; t++) QD[t] = kernel.value(rows[t]!, rows[t]!);
  const alpha = new Float64Array(l);
  const status = new Uint8Array(l); // all LOWER: alpha = 0
  const activeSet = new Int32Array(l);
  for (let t = 0; t < l; t++) activeSet[t] = t;
  let activeSize = l;
  const G = new Float64Array(l).fill(-1);
  const Gbar = new Float64Array(l);
  let unshrink = false;

  const boxOf = (t: number): number => (y[t] === 1 ? Cpos : Cneg);
  const updateStatus = (t: number): void => {
    const a = alpha[t]!;
    status[t] = a >= boxOf(t) ? UPPER : a <= 0 ? LOWER : FREE;
  };
  const swapIndex = (i: number, j: number): void => {
    q.swap(i, j); // before the swaps below: it reads nothing of them, libsvm's order
    let v: number;
    v = rows[i]!; rows[i] = rows[j]!; rows[j] = v;
    v = y[i]!; y[i] = y[j]!; y[j] = v;
    v = QD[i]!; QD[i] = QD[j]!; QD[j] = v;
    v = G[i]!; G[i] = G[j]!; G[j] = v;
    v = status[i]!; status[i] = status[j]!; status[j] = v;
    v = alpha[i]!; alpha[i] = alpha[j]!; alpha[j] = v;
    v = activeSet[i]!; activeSet[i] = activeSet[j]!; activeSet[j] = v;
    v = Gbar[i]!; Gbar[i] = Gbar[j]!; Gbar[j] = v;
  };

  const reconstructGradient = (): void => {
    if (activeSize === l) return;
    for (let j = activeSize; j < l; j++) G[j] = Gbar[j]! - 1;
    let nFree = 0;
    for (let j = 0; j < activeSize; j++) if (status[j] === FREE) nFree++;
    if (nFree * l > 2 * activeSize * (l - activeSize)) {
      for (let i = activeSize; i < l; i++) {
        const Qi = q.get(i, activeSize);
        let g = G[i]!;
        for (let j = 0; j < activeSize; j++) if (status[j] === FREE) g += alpha[j]! * Qi[j]!;
        G[i] = g;
      }
    } else {
      for (let i = 0; i < activeSize; i++) {
        if (status[i] !== FREE) continue;
        const Qi = q.get(i, l);
        const ai = alpha[i]!;
        for (let j = activeSize; j < l; j++) G[j] += ai * Qi[j]!;
      }
    }
  };

  const beShrunk = (t: number, Gmax1: number, Gmax2: number): boolean => {
    const st = status[t];
    if (st === UPPER) return y[t] === 1 ? -G[t]! > Gmax1 : -G[t]! > Gmax2;
    if (st === LOWER) return y[t] === 1 ? G[t]! > Gmax2 : G[t]! > Gmax1;
    return false;
  };

  const doShrinking = (): void => {
    let Gmax1 = -Infinity, Gmax2 = -Infinity; // max -y G over I_up, max y G over I_low
    for (let t = 0; t < activeSize; t++) {
      const g = G[t]!, st = status[t];
      if (y[t] === 1) {
        if (st !== UPPER && -g >= Gmax1) Gmax1 = -g;
        if (st !== LOWER && g >= Gmax2) Gmax2 = g;
      } else {
        if (st !== UPPER && -g >= Gmax2) Gmax2 = -g;
        if (st !== LOWER && g >= Gmax1) Gmax1 = g;
      }
    }
    if (!unshrink && Gmax1 + Gmax2 <= eps * 10) {
      unshrink = true;
      reconstructGradient();
      activeSize = l;
    }
    for (let t = 0; t < activeSize; t++) {
      if (!beShrunk(t, Gmax1, Gmax2)) continue;
      activeSize--;
      while (activeSize > t) {
        if (!beShrunk(activeSize, Gmax1, Gmax2)) {
          swapIndex(t, activeSize);
          break;
        }
        activeSize--;
      }
    }
  };

  // select_working_set's result: the pair, or -1 when optimal.
  let outI = -1, outJ = -1;
  const selectWorkingSet = (): boolean => {
    let Gmax = -Infinity, Gmax2 = -Infinity, GmaxIdx = -1, GminIdx = -1, objDiffMin = Infinity;
    for (let t = 0; t < activeSize; t++) {
      if (y[t] === 1) {
        if (status[t] !== UPPER && -G[t]! >= Gmax) { Gmax = -G[t]!; GmaxIdx = t; }
      } else if (status[t] !== LOWER && G[t]! >= Gmax) { Gmax = G[t]!; GmaxIdx = t; }
    }
    const i = GmaxIdx;
    // No i: Gmax = -inf, so Gmax + Gmax2 < eps whatever Gmax2 is (libsvm's loop would change nothing).
    if (i === -1) return false;
    {
      const Qi = q.get(i, activeSize);
      const yi = y[i]!, QDi = QD[i]!;
      for (let t = 0; t < activeSize; t++) {
        const g = G[t]!;
        if (y[t] === 1) {
          if (status[t] !== LOWER) {
            const gradDiff = Gmax + g;
            if (g >= Gmax2) Gmax2 = g;
            if (gradDiff > 0) {
              const quad = QDi + QD[t]! - 2.0 * yi * Qi[t]!;
              const objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / TAU;
              if (objDiff <= objDiffMin) { GminIdx = t; objDiffMin = objDiff; }
            }
          }
        } else if (status[t] !== UPPER) {
          const gradDiff = Gmax - g;
          if (-g >= Gmax2) Gmax2 = -g;
          if (gradDiff > 0) {
            const quad = QDi + QD[t]! + 2.0 * yi * Qi[t]!;
            const objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / TAU;
            if (objDiff <= objDiffMin) { GminIdx = t; objDiffMin = objDiff; }
          }
        }
      }
    }
    if (Gmax + Gmax2 < eps || GminIdx === -1) return false;
    outI = GmaxIdx;
    outJ = GminIdx;
    return true;
  };

  const maxIter = Math.max(10000000, l > INT_MAX / 100 ? INT_MAX : 100 * l);
  let counter = Math.min(l, 1000) + 1;
  let iter = 0;
  while (iter < maxIter) {
    if (--counter === 0) {
      counter = Math.min(l, 1000);
      if (shrinking) doShrinking();
    }
    if (!selectWorkingSet()) {
      reconstructGradient();
      activeSize = l;
      if (!selectWorkingSet()) break;
      counter = 1; // shrink at the next iteration
    }
    const i = outI, j = outJ;
    ++iter;
    let Qi = q.get(i, activeSize);
    let Qj = q.get(j, activeSize);
    const Ci = boxOf(i), Cj = boxOf(j);
    const oldAi = alpha[i]!, oldAj = alpha[j]!;
    let ai = oldAi, aj = oldAj;
    if (y[i] !== y[j]) {
      let quad = QD[i]! + QD[j]! + 2 * Qi[j]!;
      if (quad <= 0) quad = TAU;
      const delta = (-G[i]! - G[j]!) / quad;
      const diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) { if (aj < 0) { aj = 0; ai = diff; } } else if (ai < 0) { ai = 0; aj = -diff; }
      if (diff > Ci - Cj) { if (ai > Ci) { ai = Ci; aj = Ci - diff; } } else if (aj > Cj) { aj = Cj; ai = Cj + diff; }
    } else {
      let quad = QD[i]! + QD[j]! - 2 * Qi[j]!;
      if (quad <= 0) quad = TAU;
      const delta = (G[i]! - G[j]!) / quad;
      const sum = ai + aj;
      ai -= delta;
      aj += delta;
      if (sum > Ci) { if (ai > Ci) { ai = Ci; aj = sum - Ci; } } else if (aj < 0) { aj = 0; ai = sum; }
      if (sum > Cj) { if (aj > Cj) { aj = Cj; ai = sum - Cj; } } else if (ai < 0) { ai = 0; aj = sum; }
    }
    alpha[i] = ai;
    alpha[j] = aj;
    const dai = ai - oldAi, daj = aj - oldAj;
    for (let k = 0; k < activeSize; k++) G[k] += Qi[k]! * dai + Qj[k]! * daj;

    const wasUpperI = status[i] === UPPER, wasUpperJ = status[j] === UPPER;
    updateStatus(i);
    updateStatus(j);
    if (wasUpperI !== (status[i] === UPPER)) {
      Qi = q.get(i, l);
      if (wasUpperI) for (let k = 0; k < l; k++) Gbar[k] -= Ci * Qi[k]!;
      else for (let k = 0; k < l; k++) Gbar[k] += Ci * Qi[k]!;
    }
    if (wasUpperJ !== (status[j] === UPPER)) {
      Qj = q.get(j, l);
      if (wasUpperJ) for (let k = 0; k < l; k++) Gbar[k] -= Cj * Qj[k]!;
      else for (let k = 0; k < l; k++) Gbar[k] += Cj * Qj[k]!;
    }
  }
  if (iter >= maxIter && activeSize < l) {
    reconstructGradient();
    activeSize = l;
  }

  // calculate_rho: the mean of y G over free alphas, else the middle of the feasible interval.
  let nFree = 0, sumFree = 0, ub = Infinity, lb = -Infinity;
  for (let t = 0; t < activeSize; t++) {
    const yG = y[t]! * G[t]!;
    if (status[t] === UPPER) {
      if (y[t] === -1) ub = Math.min(ub, yG); else lb = Math.max(lb, yG);
    } else if (status[t] === LOWER) {
      if (y[t] === 1) ub = Math.min(ub, yG); else lb = Math.max(lb, yG);
    } else {
      nFree++;
      sumFree += yG;
    }
  }
  const rho = nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
  const out = new Float64Array(l);
  for (let t = 0; t < l; t++) out[activeSet[t]!] = alpha[t]!;
  return { alpha: out, rho, iterations: iter };
}

/** Which class libsvm solves as +1 (and puts first): sklearn's sorted labels, or upstream's first row's class. */
export type ClassOrder = 'sorted' | 'first-row';

/** A binary C-SVC fitted by {@link trainCSvc}: support vectors as data-row indices, oriented for class 1. */
export interface BinarySvm {
  /** Data rows of the support vectors, in libsvm's model order (class +1's first, each in data order). */
  support: Int32Array;
  /** Coefficient per support vector: f(x) = sum coef_s K(x_s, x) + intercept > 0 means class 1. */
  dualCoef: Float64Array;
  intercept: number;
  iterations: number;
}

/**
 * svm_train for two classes: group the rows `idx` by class (libsvm's svm_group_classes), solve, and return
 * the support vectors (alpha > 0) with coefficients oriented so that a positive decision value means class 1.
 */
export function trainCSvc(
  kernel: TrainingKernel, idx: ArrayLike<number>, y: ArrayLike<number>, C0: number, C1: number, eps: number,
  classOrder: ClassOrder = 'sorted', shrinking = true,
): BinarySvm {
  const l = idx.length;
  const firstClass = classOrder === 'sorted' ? 0 : y[idx[0]!]!;
  const rows = new Int32Array(l), signs = new Int8Array(l);
  let k = 0;
  for (let a = 0; a < l; a++) if (y[idx[a]!] === firstClass) { rows[k] = idx[a]!; signs[k++] = 1; }
  for (let a = 0; a < l; a++) if (y[idx[a]!] !== firstClass) { rows[k] = idx[a]!; signs[k++] = -1; }
  const { alpha, rho, iterations } = solveCSvc(kernel, rows, signs, {
    Cpos: firstClass === 1 ? C1 : C0, Cneg: firstClass === 1 ? C0 : C1, eps, shrinking,
  });
  // libsvm's f is positive for the +1 class; ours for class 1.
  const orient = firstClass === 1 ? 1 : -1;
  let nSv = 0;
  for (let t = 0; t < l; t++) if (alpha[t]! > 0) nSv++;
  const support = new Int32Array(nSv), dualCoef = new Float64Array(nSv);
  let s = 0;
  for (let t = 0; t < l; t++) {
    if (!(alpha[t]! > 0)) continue;
    support[s] = rows[t]!;
    dualCoef[s++] = orient * signs[t]! * alpha[t]!;
  }
  return { support, dualCoef, intercept: -orient * rho, iterations };
}
