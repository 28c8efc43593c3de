/**
 * Customer segments by drop probability × profit, with explicit rules: each rule is a list of conditions
 * on named fields (`dropProbability`, `profit`, `expectedLoss` = profit × p, or any numeric feature), all of
 * which must hold. Rules are tried in order and a customer joins the first that matches (else 'other'), so
 * segments do not overlap; each rule's own matches (overlapping) are kept too.
 *
 * The default rules' thresholds come from data quantiles (overridable level by level or as absolute values):
 * - highRiskHighProfit: p ≥ highRisk and profit ≥ highProfit: the customers most worth keeping;
 * - promoDriven: p ≥ highRisk and promoPurchaseShare ≥ promoShare: at risk and buying on promotion;
 * - highRiskOther: the rest of p ≥ highRisk;
 * - lowRisk: p < lowRisk;
 * - mediumRisk: everyone else (lowRisk ≤ p < highRisk).
 * The default rules cover every customer; with custom rules, customers no rule matches form 'other'.
 */
import { InvalidParameterError } from '../core/errors';
import { validateParams, type ParamSchema } from '../core/params';
import type { Frame, Json } from '../core/types';
import { percentile } from '../metrics/calibration';

/** What segmentation needs per customer; all arrays have one entry per customer. */
export interface SegmentInput {
  ids: ArrayLike<number>;
  /** P(activity drops), ideally out-of-fold (no customer scored by a model that saw it). */
  dropProbability: ArrayLike<number>;
  /** Mean monthly profit per customer. */
  profit: ArrayLike<number>;
  /** The customers' features (numeric columns usable in conditions, all used in profiles). */
  features: Frame;
}

/** A comparison of one field against a value. */
export interface SegmentCondition {
  /** 'dropProbability', 'profit', 'expectedLoss' or a numeric feature column. */
  field: string;
  op: '>=' | '>' | '<' | '<=';
  value: number;
}

/** A named segment rule: all conditions must hold. */
export interface SegmentRule {
  name: string;
  /** Plain-language statement of the rule, with its numbers. */
  description: string;
  conditions: SegmentCondition[];
}

/** The thresholds of the default rules. */
export interface SegmentThresholds {
  /** p at or above which a customer is at high risk of dropping. */
  highRisk: number;
  /** p below which a customer is at low risk. */
  lowRisk: number;
  /** Profit at or above which a customer is high-profit. */
  highProfit: number;
  /** Share of promotional purchases at or above which a customer is promo-driven. */
  promoShare: number;
}

/** The quantile levels the default thresholds are read at (each in [0, 1]). */
export interface ThresholdQuantiles {
  highRisk: number;
  lowRisk: number;
  highProfit: number;
  promoShare: number;
}

/** Default quantile levels: top 30 % of p is high risk, bottom 30 % low risk, upper half of profit, top quarter of promo share. */
export const DEFAULT_THRESHOLD_QUANTILES: Readonly<ThresholdQuantiles> = { highRisk: 0.7, lowRisk: 0.3, highProfit: 0.5, promoShare: 0.75 };

/** The feature the promo rule reads. */
export const PROMO_FEATURE = 'promoPurchaseShare';

const QUANTILE_SCHEMA: ParamSchema = {
  highRisk: { type: 'number', min: 0, max: 1 }, lowRisk: { type: 'number', min: 0, max: 1 },
  highProfit: { type: 'number', min: 0, max: 1 }, promoShare: { type: 'number', min: 0, max: 1 },
};
const THRESHOLD_SCHEMA: ParamSchema = {
  highRisk: { type: 'number', min: 0, max: 1 }, lowRisk: { type: 'number', min: 0, max: 1 },
  highProfit: { type: 'number' }, promoShare: { type: 'number', min: 0, max: 1 },
};

/**
 * Refuses segment settings that cannot be meant: a quantile level outside [0, 1], a probability or promo-share
 * threshold outside [0, 1] (1.5 would put every customer in one segment), an unknown name, or a low-risk level
 * not below the high-risk one.
 */
export function checkThresholdSettings(quantiles: Partial<ThresholdQuantiles>, thresholds: Partial<SegmentThresholds> = {}): void {
  validateParams('segment quantile levels', quantiles as Record<string, Json>, QUANTILE_SCHEMA);
  validateParams('segment thresholds', thresholds as Record<string, Json>, THRESHOLD_SCHEMA);
  const q = { ...DEFAULT_THRESHOLD_QUANTILES, ...quantiles };
  if (!(q.lowRisk < q.highRisk)) throw new InvalidParameterError(`segment quantile levels: lowRisk (${q.lowRisk}) must be below highRisk (${q.highRisk})`, 'segment quantile levels', 'lowRisk');
  if (thresholds.lowRisk !== undefined && thresholds.highRisk !== undefined && !(thresholds.lowRisk < thresholds.highRisk)) {
    throw new InvalidParameterError(`segment thresholds: lowRisk (${thresholds.lowRisk}) must be below highRisk (${thresholds.highRisk})`, 'segment thresholds', 'lowRisk');
  }
}

/**
 * Thresholds of the default rules from the data's quantiles (numpy's linear percentile); any threshold can
 * be given directly in `overrides`, any quantile level in `quantiles`.
 */
export function defaultThresholds(
  input: SegmentInput,
  options: { quantiles?: Partial<ThresholdQuantiles>; overrides?: Partial<SegmentThresholds> } = {},
): SegmentThresholds {
  const q = { ...DEFAULT_THRESHOLD_QUANTILES, ...options.quantiles };
  const o = options.overrides ?? {};
  checkThresholdSettings(q, o);
  const promo = input.features.columns[PROMO_FEATURE];
  const promoShare = o.promoShare ?? (promo instanceof Float64Array ? percentile(promo, q.promoShare * 100) : NaN);
  return {
    highRisk: o.highRisk ?? percentile(input.dropProbability, q.highRisk * 100),
    lowRisk: o.lowRisk ?? percentile(input.dropProbability, q.lowRisk * 100),
    highProfit: o.highProfit ?? percentile(input.profit, q.highProfit * 100),
    promoShare,
  };
}

const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));

/** The default rules for the given thresholds, in priority order. */
export function defaultSegmentRules(t: SegmentThresholds): SegmentRule[] {
  const rules: SegmentRule[] = [
    {
      name: 'highRiskHighProfit',
      description: `drop probability ≥ ${fmt(t.highRisk)} and profit ≥ ${fmt(t.highProfit)}`,
      conditions: [
        { field: 'dropProbability', op: '>=', value: t.highRisk },
        { field: 'profit', op: '>=', value: t.highProfit },
      ],
    },
  ];
  if (Number.isFinite(t.promoShare)) {
    rules.push({
      name: 'promoDriven',
      description: `drop probability ≥ ${fmt(t.highRisk)} and promo purchase share ≥ ${fmt(t.promoShare)} (profit below ${fmt(t.highProfit)})`,
      conditions: [
        { field: 'dropProbability', op: '>=', value: t.highRisk },
        { field: PROMO_FEATURE, op: '>=', value: t.promoShare },
      ],
    });
  }
  rules.push(
    { name: 'highRiskOther', description: `other customers with drop probability ≥ ${fmt(t.highRisk)}`, conditions: [{ field: 'dropProbability', op: '>=', value: t.highRisk }] },
    { name: 'lowRisk', description: `drop probability < ${fmt(t.lowRisk)}`, conditions: [{ field: 'dropProbability', op: '<', value: t.lowRisk }] },
    { name: 'mediumRisk', description: `drop probability in [${fmt(t.lowRisk)}, ${fmt(t.highRisk)})`, conditions: [{ field: 'dropProbability', op: '>=', value: t.lowRisk }] },
  );
  return rules;
}

/** One segment's size and money. */
export interface SegmentSummary {
  name: string;
  description: string;
  size: number;
  /** Share of all customers. */
  share: number;
  meanDropProbability: number;
  /** Σ profit. */
  totalProfit: number;
  meanProfit: number;
  /** Σ profit × p: the monthly profit expected to be at stake through dropping activity. */
  profitAtStake: number;
}

/** The outcome of {@link segmentCustomers}. */
export interface Segmentation {
  /** Segment name per customer (first matching rule, else 'other'). */
  assignment: string[];
  /** Each rule's own matches, ignoring priority (so they may overlap). */
  membership: Record<string, Uint8Array>;
  /** Per segment in rule order, then 'other' (listed only when some customer matched no rule). */
  summaries: SegmentSummary[];
  rules: SegmentRule[];
  /** The thresholds used, when the default rules were built from them. */
  thresholds?: SegmentThresholds;
}

/** The name customers get when no rule matches. */
export const OTHER_SEGMENT = 'other';

function fieldValues(input: SegmentInput, field: string): ArrayLike<number> {
  if (field === 'dropProbability') return input.dropProbability;
  if (field === 'profit') return input.profit;
  if (field === 'expectedLoss') return Float64Array.from({ length: input.profit.length }, (_, i) => input.profit[i]! * input.dropProbability[i]!);
  const col = input.features.columns[field];
  if (col === undefined) throw new Error(`segmentCustomers: condition field '${field}' is neither dropProbability, profit, expectedLoss nor a feature column`);
  if (!(col instanceof Float64Array)) throw new Error(`segmentCustomers: condition field '${field}' is a category column; conditions need numbers`);
  return col;
}

function holds(v: number, op: SegmentCondition['op'], t: number): boolean {
  switch (op) {
    case '>=': return v >= t;
    case '>': return v > t;
    case '<': return v < t;
    case '<=': return v <= t;
  }
}

/**
 * Segments customers by explicit rules (default: {@link defaultSegmentRules} at {@link defaultThresholds}).
 * @example segmentCustomers({ids, dropProbability: oof, profit, features}, {thresholds: {highRisk: 0.6}})
 */
export function segmentCustomers(
  input: SegmentInput,
  rules?: SegmentRule[] | { thresholds?: Partial<SegmentThresholds>; quantiles?: Partial<ThresholdQuantiles> },
): Segmentation {
  const n = input.ids.length;
  if (input.dropProbability.length !== n || input.profit.length !== n || input.features.nRows !== n) {
    throw new Error(`segmentCustomers: ${n} ids, ${input.dropProbability.length} probabilities, ${input.profit.length} profits and ${input.features.nRows} feature rows; expected equal counts`);
  }
  let thresholds: SegmentThresholds | undefined;
  let ruleList: SegmentRule[];
  if (Array.isArray(rules)) ruleList = rules;
  else {
    thresholds = defaultThresholds(input, { ...(rules?.quantiles ? { quantiles: rules.quantiles } : {}), ...(rules?.thresholds ? { overrides: rules.thresholds } : {}) });
    ruleList = defaultSegmentRules(thresholds);
  }
  const names = ruleList.map((r) => r.name);
  if (new Set(names).size !== names.length || names.includes(OTHER_SEGMENT)) throw new Error(`segmentCustomers: rule names must be distinct and not '${OTHER_SEGMENT}' (got ${names.join(', ')})`);
  const membership: Record<string, Uint8Array> = {};
  for (const rule of ruleList) {
    const m = new Uint8Array(n).fill(1);
    for (const c of rule.conditions) {
      const v = fieldValues(input, c.field);
      for (let i = 0; i < n; i++) if (m[i] && !holds(v[i]!, c.op, c.value)) m[i] = 0;
    }
    membership[rule.name] = m;
  }
  const assignment: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    assignment[i] = OTHER_SEGMENT;
    for (const rule of ruleList) if (membership[rule.name]![i]) { assignment[i] = rule.name; break; }
  }
  const anyOther = assignment.includes(OTHER_SEGMENT);
  const listed = [...ruleList.map((r) => ({ name: r.name, description: r.description })), ...(anyOther ? [{ name: OTHER_SEGMENT, description: 'no rule matched' }] : [])];
  const summaries = listed.map(({ name, description }) => {
    let size = 0, p = 0, profit = 0, stake = 0;
    for (let i = 0; i < n; i++) {
      if (assignment[i] !== name) continue;
      size++;
      p += input.dropProbability[i]!;
      profit += input.profit[i]!;
      stake += input.profit[i]! * input.dropProbability[i]!;
    }
    return { name, description, size, share: size / n, meanDropProbability: size ? p / size : NaN, totalProfit: profit, meanProfit: size ? profit / size : NaN, profitAtStake: stake };
  });
  const out: Segmentation = { assignment, membership, summaries, rules: ruleList };
  if (thresholds) out.thresholds = thresholds;
  return out;
}

/** 1 for customers of the named segment (by assignment), 0 elsewhere. */
export function segmentMask(segmentation: Segmentation, name: string): Uint8Array {
  return Uint8Array.from(segmentation.assignment, (s) => (s === name ? 1 : 0));
}
