/**
 * What drives a drop, in words, from computed SHAP values: each top feature's direction (does a higher value
 * push the drop probability up or down?) and, for a category, the levels that push most. The sentences are
 * generated from the numbers, so they follow the data and the model.
 */
import type { Frame } from '../core/types';
import type { PermutationImportance } from './permutation';
import { shapColumn, shapSummary, type ShapExplanation } from './shap-types';

/** One driver: a feature's mean |SHAP|, its direction and a sentence. */
export interface Driver {
  feature: string;
  meanAbs: number;
  /** Correlation of value and SHAP (numeric features), NaN for categories. */
  direction: number;
  /** For a category: mean SHAP per level, largest first. */
  levels?: { level: string; meanShap: number; count: number }[];
  sentence: string;
}

/** Mean SHAP value of a category feature per level (levels from the explained rows' frame column). */
export function categoryEffects(explanation: ShapExplanation, feature: string, levels: readonly string[]): { level: string; meanShap: number; count: number }[] {
  const v = shapColumn(explanation, feature);
  if (levels.length !== v.length) throw new Error(`categoryEffects: ${levels.length} levels for ${v.length} explained rows`);
  const acc = new Map<string, { sum: number; count: number }>();
  levels.forEach((l, i) => {
    const e = acc.get(l) ?? { sum: 0, count: 0 };
    e.sum += v[i]!;
    e.count++;
    acc.set(l, e);
  });
  return [...acc].map(([level, e]) => ({ level, meanShap: e.sum / e.count, count: e.count })).sort((a, b) => b.meanShap - a.meanShap);
}

const units = (e: ShapExplanation): string => (e.outputSpace === 'margin' ? 'log-odds' : 'probability');

/** Options of {@link describeDrivers}. */
export interface DriverOptions {
  /** Display names of the features in the sentences (e.g. the Russian column names); `feature` keeps the identifier. */
  labels?: Readonly<Record<string, string>>;
}

/**
 * The top drivers of the model's output with a sentence each.
 * `frame` holds the explained rows' original features (category levels come from it).
 */
export function describeDrivers(explanation: ShapExplanation, frame: Frame, count = 6, options: DriverOptions = {}): Driver[] {
  return shapSummary(explanation).slice(0, count).map((s) => {
    const name = options.labels?.[s.feature] ?? s.feature;
    const col = frame.columns[s.feature];
    const size = `mean |SHAP| ${s.meanAbs.toFixed(3)} ${units(explanation)}`;
    if (col !== undefined && !(col instanceof Float64Array)) {
      const levels = categoryEffects(explanation, s.feature, col);
      const up = levels[0]!;
      const down = levels[levels.length - 1]!;
      return {
        feature: s.feature,
        meanAbs: s.meanAbs,
        direction: NaN,
        levels,
        sentence: `${name} (${size}): «${up.level}» pushes towards a drop most (mean SHAP ${up.meanShap >= 0 ? '+' : ''}${up.meanShap.toFixed(3)}), «${down.level}» away from it (${down.meanShap >= 0 ? '+' : ''}${down.meanShap.toFixed(3)})`,
      };
    }
    const d = s.direction;
    const how = !Number.isFinite(d) || Math.abs(d) < 0.3
      ? 'no single direction (effect depends on other features)'
      : d > 0 ? 'higher values raise the drop probability' : 'higher values lower the drop probability';
    return { feature: s.feature, meanAbs: s.meanAbs, direction: d, sentence: `${name} (${size}): ${how} (value–SHAP correlation ${Number.isFinite(d) ? d.toFixed(2) : 'n/a'})` };
  });
}

/** How far two rankings agree: the features both put in their top k, and Spearman's rho over all shared features. */
export function compareRankings(permutation: PermutationImportance, explanation: ShapExplanation, k = 5): { topK: number; shared: string[]; spearman: number } {
  const perm = [...permutation.importances].sort((a, b) => b.mean - a.mean).map((r) => r.feature);
  const shap = shapSummary(explanation).map((r) => r.feature);
  const common = perm.filter((f) => shap.includes(f));
  const shared = perm.slice(0, k).filter((f) => shap.slice(0, k).includes(f));
  const rank = (list: string[]) => new Map(list.filter((f) => common.includes(f)).map((f, i) => [f, i]));
  const rp = rank(perm);
  const rs = rank(shap);
  const n = common.length;
  let d2 = 0;
  for (const f of common) d2 += (rp.get(f)! - rs.get(f)!) ** 2;
  return { topK: k, shared, spearman: n > 1 ? 1 - (6 * d2) / (n * (n * n - 1)) : NaN };
}
