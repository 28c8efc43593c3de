/**
 * Profile of a segment against the rest of the customers: numeric features (mean, median, difference in
 * pooled standard deviations), category mix, profit by popular category, and site behaviour.
 */
import type { Frame } from '../core/types';
import { percentile } from '../metrics/calibration';
import type { SegmentInput } from './rules';

/** One numeric feature inside and outside the segment. */
export interface NumericProfile {
  feature: string;
  meanIn: number;
  meanRest: number;
  medianIn: number;
  medianRest: number;
  /** (meanIn − meanRest) / pooled standard deviation (Cohen's d); 0 when both groups are constant. */
  standardizedDiff: number;
}

/** One category level's share inside and outside the segment. */
export interface LevelShare {
  level: string;
  shareIn: number;
  shareRest: number;
  countIn: number;
}

/** A category feature's mix inside and outside the segment, levels by share in the segment. */
export interface CategoricalProfile {
  feature: string;
  levels: LevelShare[];
}

/** Profit of the segment's customers in one category of the grouping feature. */
export interface CategoryProfit {
  category: string;
  countIn: number;
  totalProfitIn: number;
  meanProfitIn: number;
  meanProfitRest: number;
  meanDropProbabilityIn: number;
  /** Σ profit × p inside the segment for this category. */
  profitAtStakeIn: number;
}

/** The profile of one segment. */
export interface SegmentProfile {
  name: string;
  size: number;
  restSize: number;
  /** Every numeric feature, plus dropProbability and profit first. */
  numeric: NumericProfile[];
  categorical: CategoricalProfile[];
  /** Profit by the grouping feature's categories (default popularCategory), largest total first. */
  profitByCategory: CategoryProfit[];
  /** The site-behaviour rows of `numeric` (pages, minutes, categories per visit, unpaid items, errors). */
  behaviour: NumericProfile[];
}

/** Site-behaviour features shown apart in a profile. */
export const BEHAVIOUR_FEATURES = ['pagesPerVisit', 'minutesPreviousMonth', 'minutesCurrentMonth', 'categoriesPerVisit', 'unpaidItemsQuarter', 'serviceErrors'] as const;

function split(values: ArrayLike<number>, mask: ArrayLike<number>): [Float64Array, Float64Array] {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    (mask[i] ? a : b).push(v);
  }
  return [Float64Array.from(a), Float64Array.from(b)];
}

function meanVar(x: Float64Array): [number, number] {
  if (x.length === 0) return [NaN, NaN];
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let s = 0;
  for (const v of x) s += (v - m) * (v - m);
  return [m, x.length > 1 ? s / (x.length - 1) : 0];
}

/** The numeric comparison of one column inside (mask = 1) and outside the segment. */
export function compareNumeric(feature: string, values: ArrayLike<number>, mask: ArrayLike<number>): NumericProfile {
  const [a, b] = split(values, mask);
  const [ma, va] = meanVar(a);
  const [mb, vb] = meanVar(b);
  const dof = a.length + b.length - 2;
  const pooled = dof > 0 ? Math.sqrt(((a.length - 1) * va + (b.length - 1) * vb) / dof) : NaN;
  const diff = ma - mb;
  return {
    feature,
    meanIn: ma,
    meanRest: mb,
    medianIn: a.length ? percentile(a, 50) : NaN,
    medianRest: b.length ? percentile(b, 50) : NaN,
    standardizedDiff: pooled > 0 ? diff / pooled : diff === 0 ? 0 : NaN,
  };
}

/** Options of {@link profileSegment}. */
export interface ProfileOptions {
  /** The category feature profit is broken down by (default 'popularCategory'). */
  categoryFeature?: string;
  /** Segment name shown in the profile (default 'segment'). */
  name?: string;
}

/**
 * Profiles the customers where `mask` is 1 against the others.
 * @example profileSegment(input, segmentMask(seg, 'highRiskHighProfit'), {name: 'highRiskHighProfit'})
 */
export function profileSegment(input: SegmentInput, mask: ArrayLike<number>, options: ProfileOptions = {}): SegmentProfile {
  const n = input.ids.length;
  if (mask.length !== n) throw new Error(`profileSegment: mask has ${mask.length} entries for ${n} customers`);
  let size = 0;
  for (let i = 0; i < n; i++) size += mask[i] ? 1 : 0;
  const frame: Frame = input.features;
  const numeric: NumericProfile[] = [compareNumeric('dropProbability', input.dropProbability, mask), compareNumeric('profit', input.profit, mask)];
  const categorical: CategoricalProfile[] = [];
  for (const [feature, col] of Object.entries(frame.columns)) {
    if (col instanceof Float64Array) {
      numeric.push(compareNumeric(feature, col, mask));
      continue;
    }
    const countsIn = new Map<string, number>();
    const countsRest = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const m = mask[i] ? countsIn : countsRest;
      m.set(col[i]!, (m.get(col[i]!) ?? 0) + 1);
    }
    const levels = [...new Set([...countsIn.keys(), ...countsRest.keys()])].sort();
    categorical.push({
      feature,
      levels: levels
        .map((level) => ({ level, countIn: countsIn.get(level) ?? 0, shareIn: size ? (countsIn.get(level) ?? 0) / size : NaN, shareRest: n - size ? (countsRest.get(level) ?? 0) / (n - size) : NaN }))
        .sort((a, b) => b.shareIn - a.shareIn || a.level.localeCompare(b.level)),
    });
  }
  const categoryFeature = options.categoryFeature ?? 'popularCategory';
  const catCol = frame.columns[categoryFeature];
  const profitByCategory: CategoryProfit[] = [];
  if (catCol !== undefined && !(catCol instanceof Float64Array)) {
    const acc = new Map<string, { countIn: number; profitIn: number; pIn: number; stakeIn: number; countRest: number; profitRest: number }>();
    for (let i = 0; i < n; i++) {
      const c = catCol[i]!;
      let e = acc.get(c);
      if (!e) acc.set(c, (e = { countIn: 0, profitIn: 0, pIn: 0, stakeIn: 0, countRest: 0, profitRest: 0 }));
      if (mask[i]) {
        e.countIn++;
        e.profitIn += input.profit[i]!;
        e.pIn += input.dropProbability[i]!;
        e.stakeIn += input.profit[i]! * input.dropProbability[i]!;
      } else {
        e.countRest++;
        e.profitRest += input.profit[i]!;
      }
    }
    for (const [category, e] of acc) {
      profitByCategory.push({
        category,
        countIn: e.countIn,
        totalProfitIn: e.profitIn,
        meanProfitIn: e.countIn ? e.profitIn / e.countIn : NaN,
        meanProfitRest: e.countRest ? e.profitRest / e.countRest : NaN,
        meanDropProbabilityIn: e.countIn ? e.pIn / e.countIn : NaN,
        profitAtStakeIn: e.stakeIn,
      });
    }
    profitByCategory.sort((a, b) => b.totalProfitIn - a.totalProfitIn || a.category.localeCompare(b.category));
  }
  const behaviour = numeric.filter((r) => (BEHAVIOUR_FEATURES as readonly string[]).includes(r.feature));
  return { name: options.name ?? 'segment', size, restSize: n - size, numeric, categorical, profitByCategory, behaviour };
}

/** The numeric features that set the segment apart most (largest |standardized difference|), excluding the given ones. */
export function distinctiveFeatures(profile: SegmentProfile, count = 5, exclude: readonly string[] = ['dropProbability', 'profit']): NumericProfile[] {
  return profile.numeric
    .filter((r) => !exclude.includes(r.feature) && Number.isFinite(r.standardizedDiff))
    .sort((a, b) => Math.abs(b.standardizedDiff) - Math.abs(a.standardizedDiff))
    .slice(0, count);
}
