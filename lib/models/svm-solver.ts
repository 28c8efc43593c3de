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

  /** x_a · x_b of every pair (n x n, row-major), shared with the other kernels on an equal matrix; or null. */
  private readonly gram: Float64Array | null;

  constructor(
    readonly spec: KernelSpec,
    /** Row-major n x p. */
    readonly data: Float64Array,
    readonly nRows: number,
    readonly nCols: number,
    shareRows = false,
    /** Read the dot products from the thread's cache of recent matrices (same values; false computes them). */
    shareDots = true,
  ) {
    this.gram = shareDots ? sharedDotProducts(data, nRows, nCols) : null;
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
    if (this.gram) return this.gram[a * this.nRows + b]!;
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
    const gram = this.gram;
    if (gram) {
      const go = a * this.nRows;
      for (let k = 0; k < count; k++) {
        const t = at(k), b = rows[t]!;
        out[t] = signA * signs[t]! * map(gram[go + b]!, b);
      }
      return;
    }
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

/**
 * The dot products of recently seen training matrices, per thread. A search fits dozens of SVC candidates
 * on each fold's equally scaled rows; the products x_a·x_b (p multiply-adds per pair) do not depend on the
 * kernel, γ or C, so they are computed once per matrix and every later kernel on an equal matrix (compared
 * value by value, not by a hash) reads them. Each is summed in feature order, as fillRaw sums it, so every
 * kernel value and the solver's whole path stay the same to the bit. Kept under a budget of bytes, least
 * recently used dropped first; matrices above a size limit are not kept (their fits compute as before).
 */
const DOT_CACHE_BUDGET_BYTES = 96 * (1 << 20);
const DOT_CACHE_MAX_ROWS = 2048;
const dotCache: Array<{ data: Float64Array; nRows: number; nCols: number; gram: Float64Array }> = [];

function sameMatrix(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
}

function sharedDotProducts(data: Float64Array, nRows: number, nCols: number): Float64Array | null {
  if (nRows > DOT_CACHE_MAX_ROWS || nRows < 2) return null;
  for (let k = 0; k < dotCache.length; k++) {
    const entry = dotCache[k]!;
    if (entry.nRows === nRows && entry.nCols === nCols && sameMatrix(entry.data, data)) {
      dotCache.splice(k, 1);
      dotCache.push(entry);
      return entry.gram;
    }
  }
  const gram = new Float64Array(nRows * nRows);
  const p = nCols;
  for (let a = 0; a < nRows; a++) {
    const ao = a * p;
    for (let b = 0; b <= a; b++) {
      const bo = b * p;
      let sum = 0;
      for (let f = 0; f < p; f++) sum += data[ao + f]! * data[bo + f]!;
      // x·y and y·x: the same products (multiplication commutes exactly) added in the same order.
      gram[a * nRows + b] = sum;
      gram[b * nRows + a] = sum;
    }
  }
  let bytes = gram.byteLength + data.byteLength;
  for (const e of dotCache) bytes += e.gram.byteLength + e.data.byteLength;
  while (dotCache.length > 0 && bytes > DOT_CACHE_BUDGET_BYTES) {
    const dropped = dotCache.shift()!;
    bytes -= dropped.gram.byteLength + dropped.data.byteLength;
  }
  if (bytes <= DOT_CACHE_BUDGET_BYTES) dotCache.push({ data: Float64Array.from(data), nRows, nCols, gram });
  return gram;
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
    const todo = this.todo, lengths = this.lengths, columns = this.columns;
    let count = 0;
    for (let t = start; t < end; t++) {
      if (lengths[t]! > i && t !== i) column[t] = columns[t]![i]!;
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
/** The leaf loops' second result (a maximum); one per module: the solver is synchronous. */
const scratch = new Float64Array(1);
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
export function solveCSvc(kernel: TrainingKernel, rows: ArrayLike<number>, signs: ArrayLike<number>, options: CSvcOptions): CSvcSolution {
  return new CSvcSolver(kernel, rows, signs, options).solve();
}

/**
 * The solver's state, libsvm's Solver fields. A class rather than closures over `let`s: the hot loops copy
 * fields into locals, which V8 keeps in registers (a closure's captured mutable variables live in a heap
 * context and are reloaded on every access).
 */
class CSvcSolver {
  private readonly l: number;
  private readonly rows: Int32Array;
  private readonly y: Int8Array;
  private readonly q: QColumns;
  private readonly QD: Float64Array;
  private readonly alpha: Float64Array;
  private readonly status: Uint8Array;
  private readonly activeSet: Int32Array;
  private readonly G: Float64Array;
  private readonly Gbar: Float64Array;
  private readonly Cpos: number;
  private readonly Cneg: number;
  private readonly eps: number;
  private readonly shrinking: boolean;
  private activeSize: number;
  private unshrink = false;
  /** select_working_set's pair. */
  private outI = -1;
  private outJ = -1;
  /** 1 where t is in I_up (may move up: y = +1 below C, or y = -1 above 0), resp. in I_low. */
  private readonly inUp: Uint8Array;
  private readonly inLow: Uint8Array;
  /** select_working_set's first pass (i and Gmax) as computed during the last gradient update, if still valid. */
  private fusedValid = false;
  private fusedGmax = -Infinity;
  private fusedIdx = -1;

  constructor(kernel: TrainingKernel, rowsIn: ArrayLike<number>, signsIn: ArrayLike<number>, options: CSvcOptions) {
    const l = (this.l = rowsIn.length);
    this.Cpos = options.Cpos;
    this.Cneg = options.Cneg;
    this.eps = options.eps;
    this.shrinking = options.shrinking ?? true;
    this.rows = Int32Array.from(rowsIn);
    this.y = Int8Array.from(signsIn);
    this.q = new QColumns(l, Math.floor(((options.cacheMb ?? 200) * (1 << 20)) / 4), kernel, this.rows, this.y);
    this.QD = new Float64Array(l);
    for (let t = 0; t < l; t++) this.QD[t] = kernel.value(this.rows[t]!, this.rows[t]!);
    this.alpha = new Float64Array(l);
    this.status = new Uint8Array(l); // all LOWER: alpha = 0
    this.activeSet = new Int32Array(l);
    for (let t = 0; t < l; t++) this.activeSet[t] = t;
    this.activeSize = l;
    this.G = new Float64Array(l).fill(-1); // p = -1, alpha = 0
    this.Gbar = new Float64Array(l);
    this.inUp = new Uint8Array(l);
    this.inLow = new Uint8Array(l);
    for (let t = 0; t < l; t++) this.setMembership(t);
  }

  private setMembership(t: number): void {
    const st = this.status[t];
    const plus = this.y[t] === 1;
    this.inUp[t] = (plus ? st !== UPPER : st !== LOWER) ? 1 : 0;
    this.inLow[t] = (plus ? st !== LOWER : st !== UPPER) ? 1 : 0;
  }

  private boxOf(t: number): number {
    return this.y[t] === 1 ? this.Cpos : this.Cneg;
  }

  private updateStatus(t: number): void {
    const a = this.alpha[t]!;
    this.status[t] = a >= this.boxOf(t) ? UPPER : a <= 0 ? LOWER : FREE;
    this.setMembership(t);
  }

  private swapIndex(i: number, j: number): void {
    this.q.swap(i, j);
    swapIn(this.rows, i, j);
    swapIn(this.y, i, j);
    swapIn(this.QD, i, j);
    swapIn(this.G, i, j);
    swapIn(this.status, i, j);
    swapIn(this.alpha, i, j);
    swapIn(this.activeSet, i, j);
    swapIn(this.Gbar, i, j);
    swapIn(this.inUp, i, j);
    swapIn(this.inLow, i, j);
  }

  private reconstructGradient(): void {
    const l = this.l, n = this.activeSize;
    if (n === l) return;
    const G = this.G, Gbar = this.Gbar, status = this.status, alpha = this.alpha;
    for (let j = n; j < l; j++) G[j] = Gbar[j]! - 1;
    let nFree = 0;
    for (let j = 0; j < n; j++) if (status[j] === FREE) nFree++;
    if (nFree * l > 2 * n * (l - n)) {
      for (let i = n; i < l; i++) {
        const Qi = this.q.get(i, n);
        let g = G[i]!;
        for (let j = 0; j < n; j++) if (status[j] === FREE) g += alpha[j]! * Qi[j]!;
        G[i] = g;
      }
    } else {
      for (let i = 0; i < n; i++) {
        if (status[i] !== FREE) continue;
        const Qi = this.q.get(i, l);
        const ai = alpha[i]!;
        for (let j = n; j < l; j++) G[j] += ai * Qi[j]!;
      }
    }
  }

  private beShrunk(t: number, Gmax1: number, Gmax2: number): boolean {
    const st = this.status[t], g = this.G[t]!;
    if (st === UPPER) return this.y[t] === 1 ? -g > Gmax1 : -g > Gmax2;
    if (st === LOWER) return this.y[t] === 1 ? g > Gmax2 : g > Gmax1;
    return false;
  }

  private doShrinking(): void {
    const G = this.G, y = this.y, status = this.status;
    let Gmax1 = -Infinity, Gmax2 = -Infinity; // max -y G over I_up, max y G over I_low
    for (let t = 0, n = this.activeSize; t < n; t++) {
      const g = G[t]!, st = status[t];
      if (y[t] === 1) {
        if (st !== UPPER && -g >= Gmax1) Gmax1 = -g;
        if (st !== LOWER && g >= Gmax2) Gmax2 = g;
      } else {
        if (st !== UPPER && -g >= Gmax2) Gmax2 = -g;
        if (st !== LOWER && g >= Gmax1) Gmax1 = g;
      }
    }
    if (!this.unshrink && Gmax1 + Gmax2 <= this.eps * 10) {
      this.unshrink = true;
      this.reconstructGradient();
      this.activeSize = this.l;
    }
    for (let t = 0; t < this.activeSize; t++) {
      if (!this.beShrunk(t, Gmax1, Gmax2)) continue;
      this.activeSize--;
      while (this.activeSize > t) {
        if (!this.beShrunk(this.activeSize, Gmax1, Gmax2)) {
          this.swapIndex(t, this.activeSize);
          break;
        }
        this.activeSize--;
      }
    }
  }

  /**
   * libsvm's select_working_set; false when optimal (within eps). y_t = ±1 multiplies instead of branching:
   * -y G, y G and (2 y_i Q_it) y_t are exact sign flips, so every value and comparison is libsvm's.
   */
  private selectWorkingSet(): boolean {
    const G = this.G, y = this.y, QD = this.QD, inUp = this.inUp, inLow = this.inLow, n = this.activeSize;
    let Gmax = -Infinity, GmaxIdx = -1;
    if (this.fusedValid) {
      Gmax = this.fusedGmax;
      GmaxIdx = this.fusedIdx;
      this.fusedValid = false;
    } else {
      GmaxIdx = maxOverUp(G, inUp, y, n, scratch);
      Gmax = scratch[0]!;
    }
    const i = GmaxIdx;
    // No i: Gmax = -inf, so Gmax + Gmax2 < eps whatever Gmax2 is (libsvm's loop would change nothing).
    if (i === -1) return false;
    const GminIdx = secondOrderJ(G, QD, this.q.get(i, n), inLow, y, n, Gmax, 2.0 * y[i]!, QD[i]!, scratch);
    const Gmax2 = scratch[0]!;
    if (Gmax + Gmax2 < this.eps || GminIdx === -1) return false;
    this.outI = GmaxIdx;
    this.outJ = GminIdx;
    return true;
  }

  /** One SMO step on the pair (i, j): libsvm's update of alpha, G, the statuses and G_bar. */
  private step(i: number, j: number): void {
    const l = this.l, n = this.activeSize, G = this.G, Gbar = this.Gbar, alpha = this.alpha, QD = this.QD, y = this.y;
    const Qi = this.q.get(i, n);
    const Qj = this.q.get(j, n);
    const Ci = this.boxOf(i), Cj = this.boxOf(j);
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
    // The statuses first (they depend on alpha only), so that the gradient pass can also do the next
    // select_working_set's first pass: the largest -y_k G_k over I_up, the last index on ties, as libsvm.
    const wasUpperI = this.status[i] === UPPER, wasUpperJ = this.status[j] === UPPER;
    this.updateStatus(i);
    this.updateStatus(j);
    this.fusedIdx = updateGradient(G, Qi, Qj, dai, daj, this.inUp, y, n, scratch);
    this.fusedGmax = scratch[0]!;
    this.fusedValid = true;
    // G_bar -= / += C Q_i: one helper for the four cases (x - c q equals x + (-c) q exactly), which also keeps
    // V8 from deoptimising this function again and again on loops it rarely enters.
    if (wasUpperI !== (this.status[i] === UPPER)) addScaledColumn(Gbar, wasUpperI ? -Ci : Ci, this.q.get(i, l), l);
    if (wasUpperJ !== (this.status[j] === UPPER)) addScaledColumn(Gbar, wasUpperJ ? -Cj : Cj, this.q.get(j, l), l);
  }

  solve(): CSvcSolution {
    const l = this.l;
    const maxIter = Math.max(10000000, l > INT_MAX / 100 ? INT_MAX : 100 * l);
    let counter = Math.min(l, 1000) + 1;
    let iter = 0;
    while (iter < maxIter) {
      if (--counter === 0) {
        counter = Math.min(l, 1000);
        if (this.shrinking) this.doShrinking();
        this.fusedValid = false; // the active set may have changed
      }
      if (!this.selectWorkingSet()) {
        this.reconstructGradient();
        this.activeSize = l;
        this.fusedValid = false;
        if (!this.selectWorkingSet()) break;
        counter = 1; // shrink at the next iteration
      }
      ++iter;
      this.step(this.outI, this.outJ);
    }
    if (iter >= maxIter && this.activeSize < l) {
      this.reconstructGradient();
      this.activeSize = l;
    }
    const out = new Float64Array(l);
    for (let t = 0; t < l; t++) out[this.activeSet[t]!] = this.alpha[t]!;
    return { alpha: out, rho: this.rho(), iterations: iter };
  }

  /** calculate_rho: the mean of y G over free alphas, else the middle of the feasible interval. */
  private rho(): number {
    const G = this.G, y = this.y, status = this.status;
    let nFree = 0, sumFree = 0, ub = Infinity, lb = -Infinity;
    for (let t = 0; t < this.activeSize; t++) {
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
    return nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
  }
}

// The hot loops as leaf functions over typed arrays: small, always warm, so V8 optimises them once (inside
// the solver's methods, their rarely taken branches made V8 deoptimise and re-run the loops interpreted).
// Each returns an index and leaves its maximum in out[0].

/** Largest -y_t G_t over I_up (last index on ties, as libsvm's >=). */
function maxOverUp(G: Float64Array, inUp: Uint8Array, y: Int8Array, n: number, out: Float64Array): number {
  let Gmax = -Infinity, idx = -1;
  for (let t = 0; t < n; t++) {
    if (inUp[t] === 1) {
      const v = -y[t]! * G[t]!;
      if (v >= Gmax) { Gmax = v; idx = t; }
    }
  }
  out[0] = Gmax;
  return idx;
}

/** G += Q_i da_i + Q_j da_j on the active set, and in the same pass the next maxOverUp. */
function updateGradient(
  G: Float64Array, Qi: Float32Array, Qj: Float32Array, dai: number, daj: number, inUp: Uint8Array, y: Int8Array, n: number, out: Float64Array,
): number {
  let Gmax = -Infinity, idx = -1;
  for (let k = 0; k < n; k++) {
    const g = G[k]! + (Qi[k]! * dai + Qj[k]! * daj);
    G[k] = g;
    if (inUp[k] === 1) {
      const v = -y[k]! * g;
      if (v >= Gmax) { Gmax = v; idx = k; }
    }
  }
  out[0] = Gmax;
  return idx;
}

/** WSS3's j: the largest objective decrease over I_low given i; out[0] = Gmax2 = max y_t G_t over I_low. */
function secondOrderJ(
  G: Float64Array, QD: Float64Array, Qi: Float32Array, inLow: Uint8Array, y: Int8Array, n: number, Gmax: number, twoYi: number, QDi: number,
  out: Float64Array,
): number {
  let Gmax2 = -Infinity, idx = -1, objDiffMin = Infinity;
  for (let t = 0; t < n; t++) {
    if (inLow[t] !== 1) continue;
    const yt = y[t]!, v = yt * G[t]!;
    const gradDiff = Gmax + v;
    if (v >= Gmax2) Gmax2 = v;
    if (gradDiff > 0) {
      const quad = QDi + QD[t]! - twoYi * Qi[t]! * yt;
      const objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / TAU;
      if (objDiff <= objDiffMin) { idx = t; objDiffMin = objDiff; }
    }
  }
  out[0] = Gmax2;
  return idx;
}

/** target += c * column on [0, l). */
function addScaledColumn(target: Float64Array, c: number, column: Float32Array, l: number): void {
  for (let k = 0; k < l; k++) target[k] += c * column[k]!;
}

function swapIn(a: { [k: number]: number }, i: number, j: number): void {
  const v = a[i]!;
  a[i] = a[j]!;
  a[j] = v;
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
