/**
 * The cleaning rules that apply to scoring, shared by both readers (four files, one merged table):
 * known typos are corrected (lib/data's KNOWN_TYPOS); a customer not active in all three months, with an
 * extreme revenue (the bound the model was trained with), or with a category the model never saw is
 * rejected with the reason. Duplicates and invalid values are found by the readers themselves.
 */
import { KNOWN_TYPOS, PERIOD_LABELS, PERIODS } from '../data/schema';
import type { ModelFile } from '../model-file';
import { CATEGORY_FEATURES, type RejectRule } from './records';

/** What the rules need from the model file. */
export interface ScoringRules {
  readonly extremeRevenueBound: number;
  /** Per category feature (CATEGORY_FEATURES order): the values seen in training, or null = any. */
  readonly knownCategories: ReadonlyArray<ReadonlySet<string> | null>;
}

/** The rules of a model file. */
export function scoringRulesOf(model: ModelFile): ScoringRules {
  const byName = new Map(model.features.map((f) => [f.name, f]));
  return {
    extremeRevenueBound: model.cleaning.extremeRevenueBound,
    knownCategories: CATEGORY_FEATURES.map((name) => {
      const spec = byName.get(name);
      return spec && spec.categories ? new Set(spec.categories) : null;
    }),
  };
}

const SERVICE_TYPOS = KNOWN_TYPOS.serviceType as Record<string, string>;
const CATEGORY_TYPOS = KNOWN_TYPOS.popularCategory as Record<string, string>;

/** A category value with a known typo corrected. */
export function correctCategory(feature: (typeof CATEGORY_FEATURES)[number], value: string): string {
  if (feature === 'serviceType') return SERVICE_TYPOS[value] ?? value;
  if (feature === 'popularCategory') return CATEGORY_TYPOS[value] ?? value;
  return value;
}

/**
 * Checks revenue (three months, PERIODS order) and categories (corrected in place) against the rules;
 * returns the first broken rule with its message, or null when the customer can be scored.
 */
export function checkScoringRules(
  revenue: ArrayLike<number>,
  categories: string[],
  rules: ScoringRules,
): { rule: RejectRule; reason: string } | null {
  // The common case first, without allocating: every month active and within the bound, categories known.
  let fine = true;
  for (let p = 0; p < PERIODS.length; p++) {
    const r = revenue[p]!;
    if (!(r > 0) || r > rules.extremeRevenueBound) fine = false;
  }
  if (fine) {
    for (let c = 0; c < CATEGORY_FEATURES.length; c++) {
      const known = rules.knownCategories[c];
      if (known && !known.has(categories[c]!)) fine = false;
    }
    if (fine) return null;
  }
  const inactive: string[] = [];
  for (let p = 0; p < PERIODS.length; p++) if (!(revenue[p]! > 0)) inactive.push(`«${PERIOD_LABELS[PERIODS[p]!]}»`);
  if (inactive.length > 0) {
    return { rule: 'inactive', reason: `not active in all 3 months: revenue 0 in ${inactive.join(', ')} (the model is for regular customers)` };
  }
  for (let p = 0; p < PERIODS.length; p++) {
    if (revenue[p]! > rules.extremeRevenueBound) {
      return {
        rule: 'extreme-revenue',
        reason: `revenue ${revenue[p]} in «${PERIOD_LABELS[PERIODS[p]!]}» is above ${rules.extremeRevenueBound}, the bound for an entry error the model was trained without`,
      };
    }
  }
  for (let c = 0; c < CATEGORY_FEATURES.length; c++) {
    const feature = CATEGORY_FEATURES[c]!;
    const value = correctCategory(feature, categories[c]!);
    categories[c] = value;
    const known = rules.knownCategories[c];
    if (known && !known.has(value)) {
      return { rule: 'unknown-category', reason: `${feature} «${value}» was not seen in training (known: ${[...known].map((v) => `«${v}»`).join(', ')})` };
    }
  }
  return null;
}
