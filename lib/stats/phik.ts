/**
 * phi_K: a correlation coefficient for any mix of categorical, ordinal and interval variables
 * (Baak et al. 2019), computed exactly as the reference package `phik` 0.12.5 computes it
 * (see the team's notes/phik.md; unit vectors in notes/phik_cases.json).
 *
 * Pipeline, per pair of columns:
 * 1. Interval columns are binned into `bins` (default 10) **uniform** bins over [min, max], right-closed, with
 *    phik's shifted start `min - max(1e-14·|min|, 2.2250738585072014e-308)`; every other column keeps one
 *    category per distinct value. Uniform bins are phik's default (`quantile=False`), kept so values agree
 *    with the Python study; `binning: 'quantile'` is available.
 * 2. Contingency table of the two columns over rows where both are present; only occupied rows/columns.
 * 3. Pearson chi2 with scipy's default Yates correction on 2×2 tables.
 * 4. Noise pedestal (r−1)(c−1); chi2 at or below it gives 0.
 * 5. Solve for rho such that the chi2 of a bivariate normal with correlation rho, binned on a uniform
 *    [-5, 5]² grid of the table's shape, matches — scaled so rho = 1 gives chi2_max = n·min(r−1, c−1).
 *    The root is found with a port of scipy's brentq (xtol 1e-5), the cells with a port of Genz's MVNDST.
 */
import type { Frame, Labels } from '../core/types';
import { gridRectangles } from './bvn';

/** Smallest normal double (Python's sys.float_info.min); phik's minimum shift of the first bin edge. */
const FLOAT_MIN_NORMAL = 2.2250738585072014e-308;

/** numpy's pairwise summation (what `np.sum` does on a contiguous float64 array), for bit-level agreement. */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = a[start + j]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[start + i + j]!;
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** How interval columns are cut: phik's default uniform bins, or quantile bins. */
export type Binning = 'uniform' | 'quantile';

/** Bins per interval column when none are given: phik's default (`bins=10`), so values compare with a Python study. */
export const PHIK_DEFAULT_BINS = 10;
/** Binning when none is given: phik's default (`quantile=False`, uniform bins over [min, max]). */
export const PHIK_DEFAULT_BINNING: Binning = 'uniform';

/**
 * Bin edges of an interval column as phik computes them (NaN ignored): `bins + 1` edges, the first shifted
 * just below the minimum so the minimum falls in bin 1.
 * @example binEdges(Float64Array.of(0, 10), 10) // [-2.2e-308, 1, 2, ..., 9, 10]
 */
export function binEdges(values: ArrayLike<number>, bins = PHIK_DEFAULT_BINS, binning: Binning = PHIK_DEFAULT_BINNING): Float64Array {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) finite.push(values[i]!);
  if (finite.length === 0) throw new Error('binEdges: the column has no non-missing values');
  const edges = new Float64Array(bins + 1);
  if (binning === 'quantile') {
    const sorted = finite.slice().sort((x, y) => x - y);
    for (let i = 0; i <= bins; i++) edges[i] = quantileSorted(sorted, i / bins);
    edges[0] = edges[0]! - Math.max(1e-14 * Math.abs(edges[0]!), FLOAT_MIN_NORMAL);
    return edges;
  }
  let mn = Infinity;
  let mx = -Infinity;
  for (const v of finite) {
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  const start = mn - Math.max(1e-14 * Math.abs(mn), FLOAT_MIN_NORMAL);
  // numpy.linspace(start, mx, bins + 1): fl(fl(i * step) + start), last point forced to mx.
  const step = (mx - start) / bins;
  for (let i = 0; i < bins; i++) edges[i] = i * step + start;
  edges[bins] = mx;
  return edges;
}

/** Linear-interpolation quantile of sorted values (numpy's default). */
function quantileSorted(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Bin labels: the number of edges strictly below the value (numpy.searchsorted side='left'), so bins are
 * right-closed and labelled 1..bins; 0 = underflow, bins+1 = overflow, -1 = missing (NaN).
 */
export function binLabels(values: ArrayLike<number>, edges: ArrayLike<number>): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      out[i] = -1;
      continue;
    }
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return out;
}

/** A column coded as small integers: `codes[i]` in 0..levels.length-1, or -1 where missing. */
export interface CodedColumn {
  readonly codes: Int32Array;
  /** The level each code stands for, ascending (category value, or bin label as a string). */
  readonly levels: readonly string[];
}

/** Codes of a categorical column: one level per distinct value (strings as-is, numbers by value; NaN missing). */
export function codeCategories(values: ArrayLike<number> | readonly string[]): CodedColumn {
  const n = values.length;
  const codes = new Int32Array(n);
  if (typeof values[0] === 'string' || (n === 0 && Array.isArray(values))) {
    const strings = values as readonly string[];
    const levels = Array.from(new Set(strings)).sort();
    const index = new Map(levels.map((l, i) => [l, i]));
    for (let i = 0; i < n; i++) codes[i] = index.get(strings[i]!)!;
    return { codes, levels };
  }
  const nums = values as ArrayLike<number>;
  const distinct = new Set<number>();
  for (let i = 0; i < n; i++) if (!Number.isNaN(nums[i]!)) distinct.add(nums[i]!);
  const sorted = Array.from(distinct).sort((a, b) => a - b);
  const index = new Map(sorted.map((v, i) => [v, i]));
  for (let i = 0; i < n; i++) codes[i] = Number.isNaN(nums[i]!) ? -1 : index.get(nums[i]!)!;
  return { codes, levels: sorted.map(String) };
}

/** Codes of an interval column after binning: occupied bins only; underflow/overflow count as missing. */
export function codeInterval(values: ArrayLike<number>, edges: ArrayLike<number>): CodedColumn {
  const labels = binLabels(values, edges);
  const nb = edges.length - 1;
  const used = new Uint8Array(nb + 2);
  for (const l of labels) if (l >= 1 && l <= nb) used[l] = 1;
  const map = new Int32Array(nb + 2).fill(-1);
  const levels: string[] = [];
  for (let l = 1; l <= nb; l++) if (used[l]) { map[l] = levels.length; levels.push(String(l)); }
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) codes[i] = labels[i]! < 0 ? -1 : map[labels[i]!]!;
  return { codes, levels };
}

/** A contingency table with only occupied rows and columns. */
export interface ContingencyTable {
  /** counts[i][j]. */
  readonly counts: number[][];
  readonly rowLevels: readonly string[];
  readonly colLevels: readonly string[];
  readonly n: number;
}

/** Cross-tabulates two coded columns over the rows where both are present, dropping empty rows and columns. */
export function contingencyTable(a: CodedColumn, b: CodedColumn): ContingencyTable {
  const na = a.levels.length;
  const nb = b.levels.length;
  const full = new Float64Array(na * nb);
  let n = 0;
  for (let i = 0; i < a.codes.length; i++) {
    const ca = a.codes[i]!;
    const cb = b.codes[i]!;
    if (ca < 0 || cb < 0) continue;
    full[ca * nb + cb]!++;
    n++;
  }
  const rowSum = new Float64Array(na);
  const colSum = new Float64Array(nb);
  for (let i = 0; i < na; i++)
    for (let j = 0; j < nb; j++) {
      rowSum[i]! += full[i * nb + j]!;
      colSum[j]! += full[i * nb + j]!;
    }
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < na; i++) if (rowSum[i]! > 0) rows.push(i);
  for (let j = 0; j < nb; j++) if (colSum[j]! > 0) cols.push(j);
  return {
    counts: rows.map((i) => cols.map((j) => full[i * nb + j]!)),
    rowLevels: rows.map((i) => a.levels[i]!),
    colLevels: cols.map((j) => b.levels[j]!),
    n,
  };
}

/** Expected counts under independence, rowSum·colSum/n (scipy's expected_freq). */
function expectedCounts(table: readonly (readonly number[])[]): { expected: number[][]; n: number } {
  const r = table.length;
  const c = table[0]!.length;
  const rowSum = new Array<number>(r).fill(0);
  const colSum = new Array<number>(c).fill(0);
  const flat: number[] = [];
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) flat.push(table[i]![j]!);
  for (let i = 0; i < r; i++) rowSum[i] = pairwiseSum(flat, i * c, c);
  for (let j = 0; j < c; j++) {
    let s = 0;
    for (let i = 0; i < r; i++) s += table[i]![j]!;
    colSum[j] = s;
  }
  const n = pairwiseSum(flat);
  return { expected: table.map((_, i) => colSum.map((cs) => (rowSum[i]! * cs) / n)), n };
}

/**
 * Pearson chi2 of a contingency table as `scipy.stats.chi2_contingency(table, lambda_="pearson")` with its
 * default Yates correction (applied when dof = 1, i.e. 2×2). All-zero rows and columns are removed first.
 */
export function chi2Contingency(table: readonly (readonly number[])[]): number {
  let t = table.filter((row) => row.some((v) => v !== 0));
  if (t.length === 0) return 0;
  const keep = t[0]!.map((_, j) => t.some((row) => row[j] !== 0));
  t = t.map((row) => row.filter((_, j) => keep[j]));
  const r = t.length;
  const c = t[0]!.length;
  const dof = (r - 1) * (c - 1);
  if (dof === 0) return 0;
  const { expected } = expectedCounts(t);
  const terms: number[] = [];
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      let o = t[i]![j]!;
      const e = expected[i]![j]!;
      if (dof === 1) {
        const diff = e - o;
        o = o + Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      terms.push((o - e) ** 2 / e);
    }
  return pairwiseSum(terms);
}

/** phik's noise pedestal: (r−1)(c−1) minus the number of cells with zero expected count, floored at 0. */
export function simpleNdof(table: readonly (readonly number[])[]): number {
  const r = table.length;
  const c = table[0]!.length;
  const { expected } = expectedCounts(table);
  let zeros = 0;
  for (const row of expected) for (const e of row) if (e === 0) zeros++;
  return Math.max(0, r * c - (r + c) + 2 - 1 - zeros);
}

/**
 * Cell probabilities of a standard bivariate normal with correlation rho on the uniform grid
 * linspace(-5, 5, nx+1) × linspace(-5, 5, ny+1), in phik's order: the left half (plus the middle column's
 * lower half and the centre cell when nx/ny are odd) integrated, then repeated for the point-mirrored cells.
 */
export function bivariateNormalCells(rho: number, nx: number, ny: number): Float64Array {
  const sx = gridEdges(nx);
  const sy = gridEdges(ny);
  const cell = gridRectangles(rho, sx, sy);
  const hx = Math.floor(nx / 2);
  const hy = Math.floor(ny / 2);
  const nHalf = hx * ny + (nx % 2 === 1 ? hy : 0);
  const hasCentre = nx % 2 === 1 && ny % 2 === 1;
  const out = new Float64Array(2 * nHalf + (hasCentre ? 1 : 0));
  let k = 0;
  for (let i = 0; i < hx; i++) for (let j = 0; j < ny; j++) out[k++] = cell(i, j);
  if (nx % 2 === 1) {
    for (let j = 0; j < hy; j++) out[k++] = cell(hx, j);
    if (hasCentre) out[k++] = cell(hx, hy);
  }
  // The mirrored half: the same values again (the bivariate normal is point-symmetric about the origin).
  out.copyWithin(k, 0, nHalf);
  return out;
}

const edgeCache = new Map<number, Float64Array>();
/** linspace(-5, 5, n + 1), cached. */
function gridEdges(n: number): Float64Array {
  let e = edgeCache.get(n);
  if (!e) edgeCache.set(n, (e = linspace(-5, 5, n + 1)));
  return e;
}

/** numpy.linspace(start, stop, num). */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const div = num - 1;
  const step = (stop - start) / div;
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  out[num - 1] = stop;
  return out;
}

/** Σ (p − p0)² / p0 over cells, skipping cells with p0 = 0 (phik's np.divide with where=corr0 != 0). */
function chi2Ratio(p: Float64Array, p0: Float64Array): number {
  const ratio = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) ratio[i] = p0[i] !== 0 ? (p[i]! - p0[i]!) ** 2 / p0[i]! : 0;
  return pairwiseSum(ratio);
}

/** Grid data that depends only on the table shape: p0 and Σ ratio at rho = 1 (cached; phik recomputes them). */
interface GridReference {
  readonly p0: Float64Array;
  readonly ratioOne: number;
}
const gridCache = new Map<string, GridReference>();
function gridReference(nx: number, ny: number): GridReference {
  const key = `${nx}x${ny}`;
  let ref = gridCache.get(key);
  if (!ref) {
    const p0 = bivariateNormalCells(0, nx, ny);
    ref = { p0, ratioOne: chi2Ratio(bivariateNormalCells(1, nx, ny), p0) };
    gridCache.set(key, ref);
  }
  return ref;
}

/** Options of scipy's brentq. */
export interface BrentqOptions {
  xtol?: number;
  rtol?: number;
  maxiter?: number;
}

/** A root of f in [a, b] (signs must differ): a port of scipy.optimize.brentq (C brentq.c), step for step. */
export function brentq(f: (x: number) => number, a: number, b: number, options: BrentqOptions = {}): number {
  const xtol = options.xtol ?? 2e-12;
  const rtol = options.rtol ?? 8.881784197001252e-16;
  const maxiter = options.maxiter ?? 100;
  let xpre = a;
  let xcur = b;
  let xblk = 0;
  let fblk = 0;
  let spre = 0;
  let scur = 0;
  let fpre = f(xpre);
  let fcur = f(xcur);
  if (fpre === 0) return xpre;
  if (fcur === 0) return xcur;
  if (Math.sign(fpre) === Math.sign(fcur)) throw new Error(`brentq: f(a) and f(b) must have different signs (f(${a})=${fpre}, f(${b})=${fcur})`);
  for (let i = 0; i < maxiter; i++) {
    if (fpre !== 0 && fcur !== 0 && fpre < 0 !== fcur < 0) {
      xblk = xpre;
      fblk = fpre;
      spre = scur = xcur - xpre;
    }
    if (Math.abs(fblk) < Math.abs(fcur)) {
      xpre = xcur;
      xcur = xblk;
      xblk = xpre;
      fpre = fcur;
      fcur = fblk;
      fblk = fpre;
    }
    const delta = (xtol + rtol * Math.abs(xcur)) / 2;
    const sbis = (xblk - xcur) / 2;
    if (fcur === 0 || Math.abs(sbis) < delta) return xcur;
    if (Math.abs(spre) > delta && Math.abs(fcur) < Math.abs(fpre)) {
      let stry: number;
      if (xpre === xblk) {
        stry = (-fcur * (xcur - xpre)) / (fcur - fpre);
      } else {
        const dpre = (fpre - fcur) / (xpre - xcur);
        const dblk = (fblk - fcur) / (xblk - xcur);
        stry = (-fcur * (fblk * dblk - fpre * dpre)) / (dblk * dpre * (fblk - fpre));
      }
      if (2 * Math.abs(stry) < Math.min(Math.abs(spre), 3 * Math.abs(sbis) - delta)) {
        spre = scur;
        scur = stry;
      } else {
        spre = sbis;
        scur = sbis;
      }
    } else {
      spre = sbis;
      scur = sbis;
    }
    xpre = xcur;
    fpre = fcur;
    xcur += Math.abs(scur) > delta ? scur : sbis > 0 ? delta : -delta;
    fcur = f(xcur);
  }
  throw new Error(`brentq: no convergence in ${maxiter} iterations`);
}

/**
 * phi_K from a chi2 value (phik.bivariate.phik_from_chi2): the rho in [0, 1] whose binned bivariate normal
 * on an nx × ny grid reproduces chi2 after the pedestal and the rho=1 scaling.
 */
export function phikFromChi2(chi2: number, n: number, nx: number, ny: number, pedestal = 0): number {
  if (pedestal < 0) throw new Error('phikFromChi2: the pedestal must be >= 0');
  const { p0, ratioOne } = gridReference(nx, ny);
  const chi2One = n * ratioOne;
  const chi2Max = n * Math.min(nx - 1, ny - 1);
  const scale = (chi2Max - pedestal) / chi2One;
  if (chi2 <= pedestal) return 0;
  if (chi2 >= chi2Max) return 1;
  const f = (rho: number): number => pedestal + n * chi2Ratio(bivariateNormalCells(rho, nx, ny), p0) * scale - chi2;
  return brentq(f, 0, 1, { xtol: 1e-5 });
}

/** Intermediate values of a phi_K computation (for checks and reports). */
export interface PhikDetail {
  readonly phik: number;
  readonly chi2: number;
  readonly pedestal: number;
  readonly n: number;
  readonly nx: number;
  readonly ny: number;
}

/**
 * phi_K of a contingency table (phik.phik.phik_from_hist2d with noise correction); NaN when the table has
 * fewer than 2 rows or columns.
 * @example phikFromTable([[30, 10], [15, 45]]) // 0.66537...
 */
export function phikFromTable(table: readonly (readonly number[])[]): number {
  return phikDetailFromTable(table).phik;
}

/** {@link phikFromTable} with its intermediates. */
export function phikDetailFromTable(table: readonly (readonly number[])[]): PhikDetail {
  const nx = table.length;
  const ny = nx === 0 ? 0 : table[0]!.length;
  let n = 0;
  for (const row of table) for (const v of row) n += v;
  if (nx < 2 || ny < 2) return { phik: NaN, chi2: NaN, pedestal: NaN, n, nx, ny };
  const chi2 = chi2Contingency(table);
  const pedestal = simpleNdof(table);
  return { phik: phikFromChi2(chi2, n, nx, ny, pedestal), chi2, pedestal, n, nx, ny };
}

/** Options of {@link phikMatrix}. */
export interface PhikOptions {
  /** Columns treated as interval (binned); every other column is categorical. Numeric columns are NOT
   * guessed as interval (phik's guess treats every numeric column so): list them. */
  readonly intervalColumns: readonly string[];
  /** Bins per interval column (default 10, phik's default). */
  readonly bins?: number;
  /** Uniform (phik's default) or quantile bins. */
  readonly binning?: Binning;
  /** Columns to use, in output order (default: all columns of the frame). */
  readonly columns?: readonly string[];
}

/** A phi_K correlation matrix. */
export interface PhikMatrix {
  /** Output columns (input order, without dropped ones). */
  readonly columns: readonly string[];
  /** values[i][j], symmetric, diagonal 1; NaN when a pair's table has < 2 rows or columns. */
  readonly values: number[][];
  /** Columns removed because they have fewer than 2 distinct non-missing values. */
  readonly dropped: readonly string[];
  /** Bin edges used for each interval column. */
  readonly binEdges: Readonly<Record<string, Float64Array>>;
}

/** Codes every usable column of a frame as phik would (binning interval columns); lists dropped columns. */
export function codeFrame(frame: Frame, options: PhikOptions): { coded: Map<string, CodedColumn>; dropped: string[]; edges: Record<string, Float64Array> } {
  const names = options.columns ?? Object.keys(frame.columns);
  const interval = new Set(options.intervalColumns);
  for (const c of interval) if (!(c in frame.columns)) throw new Error(`phik: interval column "${c}" is not in the frame`);
  const coded = new Map<string, CodedColumn>();
  const dropped: string[] = [];
  const edges: Record<string, Float64Array> = {};
  for (const name of names) {
    const col = frame.columns[name];
    if (col === undefined) throw new Error(`phik: column "${name}" is not in the frame`);
    let c: CodedColumn;
    if (interval.has(name)) {
      if (!(col instanceof Float64Array)) throw new Error(`phik: interval column "${name}" must be numeric`);
      const distinct = new Set<number>();
      for (const v of col) if (!Number.isNaN(v)) distinct.add(v);
      if (distinct.size < 2) {
        dropped.push(name);
        continue;
      }
      const e = binEdges(col, options.bins ?? PHIK_DEFAULT_BINS, options.binning ?? PHIK_DEFAULT_BINNING);
      edges[name] = e;
      c = codeInterval(col, e);
    } else {
      c = codeCategories(col);
      if (c.levels.length < 2) {
        dropped.push(name);
        continue;
      }
    }
    coded.set(name, c);
  }
  return { coded, dropped, edges };
}

/**
 * phi_K matrix of a frame (df.phik_matrix(interval_cols=..., bins=10) with phik's defaults): columns with
 * fewer than 2 distinct values are dropped; rows with a missing value are dropped per pair only.
 * @example phikMatrix(table.features, { intervalColumns: ['tenureDays', ...] }).values
 */
export function phikMatrix(frame: Frame, options: PhikOptions): PhikMatrix {
  const { coded, dropped, edges } = codeFrame(frame, options);
  const columns = Array.from(coded.keys());
  const k = columns.length;
  const values = Array.from({ length: k }, () => new Array<number>(k).fill(1));
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) {
      const t = contingencyTable(coded.get(columns[i]!)!, coded.get(columns[j]!)!);
      const v = phikFromTable(t.counts);
      values[i]![j] = v;
      values[j]![i] = v;
    }
  return { columns, values, dropped, binEdges: edges };
}

/** phi_K of one feature with a binary target. */
export interface PhikWithTarget {
  readonly feature: string;
  readonly phik: number;
}

/**
 * phi_K of every feature with a binary target, sorted from strongest to weakest (NaN last).
 * @example phikWithTarget(table.features, table.target, { intervalColumns })[0] // { feature, phik }
 */
export function phikWithTarget(frame: Frame, target: Labels, options: PhikOptions): PhikWithTarget[] {
  if (target.length !== frame.nRows) throw new Error(`phikWithTarget: target has ${target.length} rows, frame has ${frame.nRows}`);
  const { coded } = codeFrame(frame, options);
  const t = codeCategories(Float64Array.from(target));
  const out: PhikWithTarget[] = [];
  for (const [feature, c] of coded) out.push({ feature, phik: phikFromTable(contingencyTable(c, t).counts) });
  return out.sort((a, b) => (Number.isNaN(a.phik) ? 1 : Number.isNaN(b.phik) ? -1 : b.phik - a.phik));
}
