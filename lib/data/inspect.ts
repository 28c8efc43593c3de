/**
 * Small summaries of the raw tables for the notebooks: the schema mapping, category value counts (where the
 * typos show), per-file column types, and the revenue distribution behind the extreme-value rule.
 */
import type { MarketData } from './load';
import { periodOfLabel } from './parse';
import {
  ACTIVITY_VALUES,
  ALLOW_MESSAGES_VALUES,
  CATEGORIES,
  COLUMN_NAMES,
  KNOWN_TYPOS,
  MARKET_FILES,
  MARKET_TABLE_KEYS,
  PERIOD_LABELS,
  PERIODS,
  SERVICE_TYPES,
  type MarketTableKey,
  type Period,
} from './schema';

/** A column's type in the typed tables. */
export type ColumnType = 'id' | 'integer' | 'decimal' | 'category' | 'period';

const TYPES: Readonly<Record<MarketTableKey, Readonly<Record<string, ColumnType>>>> = {
  customers: {
    id: 'id',
    activity: 'category',
    serviceType: 'category',
    allowMessages: 'category',
    marketingActivity6m: 'decimal',
    marketingActivityCurrentMonth: 'integer',
    tenureDays: 'integer',
    promoPurchaseShare: 'decimal',
    popularCategory: 'category',
    categoriesPerVisit: 'integer',
    unpaidItemsQuarter: 'integer',
    serviceErrors: 'integer',
    pagesPerVisit: 'integer',
  },
  revenue: { id: 'id', period: 'period', revenue: 'decimal' },
  minutes: { id: 'id', period: 'period', minutes: 'integer' },
  profit: { id: 'id', profit: 'decimal' },
};

/** One line of the schema: file, Russian column, English field, type. */
export type SchemaLine = {
  readonly file: string;
  readonly column: string;
  readonly field: string;
  readonly type: ColumnType;
};

/** The schema as rows (file, Russian column, English field, type), for showing the mapping. */
export function schemaLines(): SchemaLine[] {
  return MARKET_TABLE_KEYS.flatMap((table) =>
    Object.entries(COLUMN_NAMES[table]).map(([field, column]) => ({ file: MARKET_FILES[table], column, field, type: TYPES[table][field]! })),
  );
}

/** How often a category value occurs as read, and whether it is correct, a known typo, or unknown. */
export type CategoryCount = {
  readonly file: string;
  readonly column: string;
  readonly value: string;
  readonly count: number;
  readonly status: 'correct' | 'known typo';
  /** The correct value, for a known typo. */
  readonly correction?: string;
};

/** Value counts of every category column (periods included) as read, most frequent first per column. */
export function categoryCounts(raw: MarketData): CategoryCount[] {
  const out: CategoryCount[] = [];
  const add = (table: MarketTableKey, field: string, values: readonly string[], typos: Record<string, string>) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    const column = (COLUMN_NAMES[table] as Record<string, string>)[field]!;
    for (const [value, count] of [...counts].sort((a, b) => b[1] - a[1])) {
      const correction = typos[value];
      out.push({
        file: raw.formats[table].file,
        column,
        value,
        count,
        status: correction === undefined ? 'correct' : 'known typo',
        ...(correction !== undefined ? { correction } : {}),
      });
    }
  };
  add('customers', 'activity', raw.customers.map((r) => r.activity), {});
  add('customers', 'serviceType', raw.customers.map((r) => r.serviceType), KNOWN_TYPOS.serviceType);
  add('customers', 'allowMessages', raw.customers.map((r) => r.allowMessages), {});
  add('customers', 'popularCategory', raw.customers.map((r) => r.popularCategory), KNOWN_TYPOS.popularCategory);
  add('revenue', 'period', raw.revenue.map((r) => r.periodLabel), KNOWN_TYPOS.period);
  add('minutes', 'period', raw.minutes.map((r) => r.periodLabel), KNOWN_TYPOS.period);
  return out;
}

/** The allowed values of each category column (correct spellings), for display. */
export const ALLOWED_VALUES: Readonly<Record<string, readonly string[]>> = {
  activity: ACTIVITY_VALUES,
  serviceType: SERVICE_TYPES,
  allowMessages: ALLOW_MESSAGES_VALUES,
  popularCategory: CATEGORIES,
  period: PERIODS.map((p) => PERIOD_LABELS[p]),
};

/** Revenue of one month as read: count, zeros, quantiles, maximum. */
export type RevenueSummary = {
  readonly period: Period;
  readonly label: string;
  readonly count: number;
  readonly zeros: number;
  readonly min: number;
  readonly median: number;
  readonly q99: number;
  readonly max: number;
};

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Per-month revenue summaries of the raw revenue table (linear-interpolated quantiles, as pandas). */
export function revenueSummary(raw: MarketData): RevenueSummary[] {
  return PERIODS.map((period) => {
    const values = Float64Array.from(raw.revenue.filter((r) => periodOfLabel(r.periodLabel) === period).map((r) => r.revenue)).sort();
    let zeros = 0;
    for (const v of values) if (v === 0) zeros++;
    return {
      period,
      label: PERIOD_LABELS[period],
      count: values.length,
      zeros,
      min: values[0] ?? NaN,
      median: quantile(values, 0.5),
      q99: quantile(values, 0.99),
      max: values[values.length - 1] ?? NaN,
    };
  });
}

/** The revenue values of each month as read (for charts), keyed by period. */
export function revenueByPeriod(rows: readonly { periodLabel?: string; period?: Period; revenue: number }[]): Record<Period, number[]> {
  const out: Record<Period, number[]> = { twoMonthsAgo: [], previousMonth: [], currentMonth: [] };
  for (const r of rows) {
    const period = r.period ?? periodOfLabel(r.periodLabel ?? '');
    if (period !== undefined) out[period].push(r.revenue);
  }
  return out;
}
