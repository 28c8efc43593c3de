/**
 * Variance inflation factors: regress each numeric feature on all the others with an intercept,
 * VIF = 1 / (1 − R²) (statsmodels' `variance_inflation_factor` on a design with a constant column).
 */
import type { Frame } from '../core/types';
import { numericColumns } from './correlation';

/** One feature's VIF and the R² of its regression on the others. */
export interface VifEntry {
  readonly feature: string;
  readonly r2: number;
  /** Infinity when the feature is an exact linear combination of the others. */
  readonly vif: number;
}

/** Solves A x = b (A symmetric positive semi-definite, small) by Gaussian elimination with partial pivoting; null if singular. */
function solve(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  let scale = 0;
  for (const row of A) for (const v of row) scale = Math.max(scale, Math.abs(v));
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    if (Math.abs(M[p]![c]!) <= 1e-12 * scale) return null;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / M[c]![c]!;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= M[r]![k]! * x[k]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}

/**
 * VIF of each numeric column (rows with any NaN among them are dropped). The regression with intercept is
 * solved on centred columns via the normal equations.
 * @example vif(table.features).filter((e) => e.vif > 5)
 */
export function vif(frame: Frame, columns: readonly string[] = numericColumns(frame)): VifEntry[] {
  const cols = columns.map((c) => {
    const col = frame.columns[c];
    if (!(col instanceof Float64Array)) throw new Error(`vif: column "${c}" is missing or not numeric`);
    return col;
  });
  const k = cols.length;
  if (k < 2) throw new Error('vif: needs at least two numeric columns');
  const rows: number[] = [];
  for (let i = 0; i < frame.nRows; i++) if (cols.every((c) => !Number.isNaN(c[i]!))) rows.push(i);
  const n = rows.length;
  // Centred columns and their cross-product matrix S = Xcᵀ Xc.
  const centred = cols.map((c) => {
    let s = 0;
    for (const i of rows) s += c[i]!;
    const m = s / n;
    return Float64Array.from(rows, (i) => c[i]! - m);
  });
  const S = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let a = 0; a < k; a++)
    for (let b = a; b < k; b++) {
      let s = 0;
      const ca = centred[a]!;
      const cb = centred[b]!;
      for (let i = 0; i < n; i++) s += ca[i]! * cb[i]!;
      S[a]![b] = s;
      S[b]![a] = s;
    }
  return columns.map((feature, j) => {
    const others = Array.from({ length: k }, (_, i) => i).filter((i) => i !== j);
    const A = others.map((a) => others.map((b) => S[a]![b]!));
    const rhs = others.map((a) => S[a]![j]!);
    const sst = S[j]![j]!;
    if (sst === 0) return { feature, r2: NaN, vif: NaN };
    const beta = solve(A, rhs);
    if (beta === null) return { feature, r2: 1, vif: Infinity };
    // Explained sum of squares = βᵀ Xoᵀ y; R² = SSE_explained / SST.
    let ssr = 0;
    for (let a = 0; a < beta.length; a++) ssr += beta[a]! * rhs[a]!;
    const r2 = Math.min(1, ssr / sst);
    return { feature, r2, vif: r2 >= 1 ? Infinity : 1 / (1 - r2) };
  });
}

/** Features whose VIF exceeds a threshold (default 10, the usual rule; 5 is the stricter one). */
export function highVif(entries: readonly VifEntry[], threshold = 10): VifEntry[] {
  return entries.filter((e) => e.vif > threshold).sort((a, b) => b.vif - a.vif);
}

/** Result of {@link selectByVif}: the kept features and, in order, the dropped ones with the VIF that dropped them. */
export interface VifSelection {
  readonly kept: string[];
  readonly dropped: { feature: string; vif: number }[];
  /** VIFs of the kept features after the last drop. */
  readonly final: VifEntry[];
}

/**
 * Backward elimination by VIF: while the largest VIF exceeds the threshold (default 10), drop that feature and
 * recompute. A feature is dropped only for multicollinearity, never for a weak link with the target.
 */
export function selectByVif(frame: Frame, columns: readonly string[] = numericColumns(frame), threshold = 10): VifSelection {
  let kept = [...columns];
  const dropped: { feature: string; vif: number }[] = [];
  for (;;) {
    if (kept.length < 2) return { kept, dropped, final: [] };
    const entries = vif(frame, kept);
    const worst = entries.reduce((a, b) => (b.vif > a.vif ? b : a));
    if (!(worst.vif > threshold)) return { kept, dropped, final: entries };
    dropped.push({ feature: worst.feature, vif: worst.vif });
    kept = kept.filter((c) => c !== worst.feature);
  }
}
