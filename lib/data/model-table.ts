/**
 * The modelling table: one row per customer, typed features with English names, the binary target and the
 * profit kept alongside (for segmentation, never a feature). Built by `lib/data/merge.ts` from the cleaned
 * tables; every model, statistic and segment downstream reads this shape.
 */
import type { Frame, Labels } from '../core/types';

/** How a feature enters a model: scaled number, one-hot category, or ordered category. */
export type FeatureKind = 'numeric' | 'categorical' | 'ordinal';

/** The modelling features, in the order the study shows them. */
export const FEATURES = [
  'serviceType',
  'allowMessages',
  'marketingActivity6m',
  'marketingActivityCurrentMonth',
  'tenureDays',
  'promoPurchaseShare',
  'popularCategory',
  'categoriesPerVisit',
  'unpaidItemsQuarter',
  'serviceErrors',
  'pagesPerVisit',
  'revenueTwoMonthsAgo',
  'revenuePreviousMonth',
  'revenueCurrentMonth',
  'minutesPreviousMonth',
  'minutesCurrentMonth',
] as const;

/** The name of one modelling feature, e.g. `'revenueCurrentMonth'`: one of {@link FEATURES}. */
export type FeatureName = (typeof FEATURES)[number];

/** How each feature enters a model: the column transformer routes it by this kind (see {@link FeatureKind}). */
export const FEATURE_KINDS: Readonly<Record<FeatureName, FeatureKind>> = {
  serviceType: 'ordinal',
  allowMessages: 'categorical',
  marketingActivity6m: 'numeric',
  marketingActivityCurrentMonth: 'numeric',
  tenureDays: 'numeric',
  promoPurchaseShare: 'numeric',
  popularCategory: 'categorical',
  categoriesPerVisit: 'numeric',
  unpaidItemsQuarter: 'numeric',
  serviceErrors: 'numeric',
  pagesPerVisit: 'numeric',
  revenueTwoMonthsAgo: 'numeric',
  revenuePreviousMonth: 'numeric',
  revenueCurrentMonth: 'numeric',
  minutesPreviousMonth: 'numeric',
  minutesCurrentMonth: 'numeric',
};

/** The order of the ordinal feature's levels (стандарт < премиум). */
export const SERVICE_TYPE_ORDER = ['стандарт', 'премиум'] as const;

/** The target's two values (lib/core/target.ts), re-exported beside the table they label. */
export { TARGET_NEGATIVE, TARGET_POSITIVE } from '../core/target';

/**
 * The modelling table: one row per customer (ids ascending), the features as a {@link Frame}, the binary target
 * and the profit kept alongside for segmentation (never a feature).
 */
export interface ModelTable {
  /** Customer ids, one per row, ascending. */
  readonly ids: Int32Array;
  /** 1 = «Снизилась» (activity dropped), 0 = «Прежний уровень». */
  readonly target: Labels;
  /** Mean monthly profit per customer (money.csv), kept for segmentation only. */
  readonly profit: Float64Array;
  /** The features: numeric columns as Float64Array, categorical and ordinal columns as strings. */
  readonly features: Frame;
}
