/**
 * Cleaning as explicit rules, applied in order, each logged with the ids it touched and a count of rows:
 * 1. known typos of the export are replaced by the correct values (service type, category, period);
 * 2. exact duplicate rows are removed (the first is kept);
 * 3. customers without revenue in all three months are removed from every table (the study models regular
 *    customers, active in each of the 3 months);
 * 4. customers with a monthly revenue above {@link EXTREME_REVENUE_BOUND} are removed from every table.
 * No row is changed or removed without an entry in the {@link CleaningLog}.
 */
import type { DataSource } from './locate';
import type { MarketData } from './load';
import { periodOfLabel } from './parse';
import {
  COLUMN_NAMES,
  KNOWN_TYPOS,
  MARKET_FILES,
  MARKET_TABLE_KEYS,
  PERIODS,
  type Category,
  type CustomerRow,
  type MarketTableKey,
  type MinutesRow,
  type Period,
  type ProfitRow,
  type RevenueRow,
  type ServiceType,
} from './schema';

/** The cleaning rules, in the order they run. */
export const CLEANING_RULES = ['fix-typo', 'remove-full-duplicates', 'remove-inactive-customers', 'remove-extreme-revenue'] as const;
/** A cleaning rule's name. */
export type CleaningRule = (typeof CLEANING_RULES)[number];

/**
 * Monthly revenue above this is an extreme value. On the real data every other monthly revenue is below
 * 8 000 (median about 5 000), and one value is 106 862.2, fourteen times the next largest: a bound of
 * 20 000 (four times the median) separates it with a wide margin on both sides.
 */
export const EXTREME_REVENUE_BOUND = 20_000;

/** One rule's effect on one file. `count` counts rows; `ids` lists the distinct customers, ascending. */
export interface CleaningLogEntry {
  readonly rule: CleaningRule;
  readonly description: string;
  readonly file: string;
  readonly action: 'changed' | 'removed';
  readonly count: number;
  readonly ids: readonly number[];
}

/** Every change and removal cleaning made, in order. */
export type CleaningLog = readonly CleaningLogEntry[];

/** The four tables after cleaning: correct values, English periods, only the customers kept for the study. */
export interface CleanData {
  readonly source: DataSource;
  readonly customers: readonly CustomerRow[];
  readonly revenue: readonly RevenueRow[];
  readonly minutes: readonly MinutesRow[];
  readonly profit: readonly ProfitRow[];
  /** Customers removed by rules 3 and 4, by rule. */
  readonly excluded: { readonly inactive: readonly number[]; readonly extremeRevenue: readonly number[] };
}

/** Options of {@link cleanMarketData}. */
export interface CleaningOptions {
  /** Monthly revenue above this is extreme (default {@link EXTREME_REVENUE_BOUND}). */
  readonly extremeRevenueBound?: number;
}

/** Whether two rows of one table hold the same values in every field. */
function sameFields(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key of Object.keys(x)) if (x[key] !== y[key]) return false;
  return true;
}

/** Distinct ids ascending. */
function distinctIds(ids: Iterable<number>): number[] {
  return Array.from(new Set(ids)).sort((a, b) => a - b);
}

/**
 * Applies the cleaning rules to the raw tables.
 * @example const { data, log } = cleanMarketData(loadMarketData()); data.customers.length // 1296
 */
export function cleanMarketData(raw: MarketData, options: CleaningOptions = {}): { data: CleanData; log: CleaningLog } {
  const bound = options.extremeRevenueBound ?? EXTREME_REVENUE_BOUND;
  const log: CleaningLogEntry[] = [];
  const entry = (rule: CleaningRule, table: MarketTableKey, action: 'changed' | 'removed', description: string, ids: number[]) =>
    log.push({ rule, description, file: raw.formats[table]?.file ?? MARKET_FILES[table], action, count: ids.length, ids: distinctIds(ids) });

  // Rule 1: known typos.
  const serviceTypos = KNOWN_TYPOS.serviceType as Record<string, ServiceType>;
  const categoryTypos = KNOWN_TYPOS.popularCategory as Record<string, Category>;
  const periodTypos = KNOWN_TYPOS.period as Record<string, string>;
  const touched = new Map<string, number[]>();
  const note = (key: string, id: number) => {
    let list = touched.get(key);
    if (list === undefined) touched.set(key, (list = []));
    list.push(id);
  };
  let customers: CustomerRow[] = raw.customers.map((row) => {
    const serviceType = serviceTypos[row.serviceType] ?? (row.serviceType as ServiceType);
    const popularCategory = categoryTypos[row.popularCategory] ?? (row.popularCategory as Category);
    if (serviceType !== row.serviceType) note(`serviceType:${row.serviceType}`, row.id);
    if (popularCategory !== row.popularCategory) note(`popularCategory:${row.popularCategory}`, row.id);
    return serviceType === row.serviceType && popularCategory === row.popularCategory ? (row as CustomerRow) : { ...row, serviceType, popularCategory };
  });
  let revenue: RevenueRow[] = raw.revenue.map((row) => {
    if (periodTypos[row.periodLabel] !== undefined) note(`revenue:${row.periodLabel}`, row.id);
    return { id: row.id, period: periodOfLabel(row.periodLabel)!, revenue: row.revenue };
  });
  let minutes: MinutesRow[] = raw.minutes.map((row) => {
    if (periodTypos[row.periodLabel] !== undefined) note(`minutes:${row.periodLabel}`, row.id);
    return { id: row.id, period: periodOfLabel(row.periodLabel)!, minutes: row.minutes };
  });
  for (const [typo, right] of Object.entries(serviceTypos)) {
    entry('fix-typo', 'customers', 'changed', `«${COLUMN_NAMES.customers.serviceType}»: «${typo}» → «${right}»`, touched.get(`serviceType:${typo}`) ?? []);
  }
  for (const [typo, right] of Object.entries(categoryTypos)) {
    entry('fix-typo', 'customers', 'changed', `«${COLUMN_NAMES.customers.popularCategory}»: «${typo}» → «${right}»`, touched.get(`popularCategory:${typo}`) ?? []);
  }
  for (const table of ['revenue', 'minutes'] as const) {
    for (const [typo, right] of Object.entries(periodTypos)) {
      entry('fix-typo', table, 'changed', `«${COLUMN_NAMES[table].period}»: «${typo}» → «${right}»`, touched.get(`${table}:${typo}`) ?? []);
    }
  }

  // Rule 2: exact duplicates (compared after typo correction, so a typo cannot hide a repeat). Rows are
  // grouped by a numeric key (customer, or customer and month) and compared field by field only when the key
  // repeats, which keeps this linear and cheap for millions of rows.
  const dedupe = <R extends { id: number }>(table: MarketTableKey, rows: R[], keyOf: (row: R) => number): R[] => {
    const first = new Map<number, R>();
    const removed: number[] = [];
    const kept = rows.filter((row) => {
      const key = keyOf(row);
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, row);
        return true;
      }
      if (sameFields(earlier, row)) {
        removed.push(row.id);
        return false;
      }
      return true;
    });
    entry('remove-full-duplicates', table, 'removed', 'exact repeats of an earlier row (the first one is kept)', removed);
    return kept;
  };
  const byCustomerAndMonth = (row: { id: number; period: Period }) => row.id * PERIODS.length + PERIODS.indexOf(row.period);
  customers = dedupe('customers', customers, (row) => row.id);
  revenue = dedupe<RevenueRow>('revenue', revenue, byCustomerAndMonth);
  minutes = dedupe<MinutesRow>('minutes', minutes, byCustomerAndMonth);
  let profit = dedupe('profit', [...raw.profit], (row) => row.id);

  // Rules 3 and 4 remove whole customers, from every table, so the tables stay consistent.
  const removeCustomers = (rule: CleaningRule, description: string, drop: ReadonlySet<number>) => {
    const removedFrom = <R extends { id: number }>(table: MarketTableKey, rows: R[]): R[] => {
      const removed: number[] = [];
      const kept = rows.filter((row) => (drop.has(row.id) ? (removed.push(row.id), false) : true));
      entry(rule, table, 'removed', description, removed);
      return kept;
    };
    customers = removedFrom('customers', customers);
    revenue = removedFrom('revenue', revenue);
    minutes = removedFrom('minutes', minutes);
    profit = removedFrom('profit', profit);
  };

  const inactive = new Set(revenue.filter((row) => row.revenue <= 0).map((row) => row.id));
  removeCustomers(
    'remove-inactive-customers',
    'customers with revenue 0 in at least one of the three months: the study models regular customers, active in each month',
    inactive,
  );

  const extreme = new Set(revenue.filter((row) => row.revenue > bound).map((row) => row.id));
  let largestOther = 0;
  let largest = 0;
  for (const row of revenue) {
    if (row.revenue > largest) largest = row.revenue;
    if (row.revenue <= bound && row.revenue > largestOther) largestOther = row.revenue;
  }
  removeCustomers(
    'remove-extreme-revenue',
    `customers with a monthly revenue above ${bound} (largest ${largest}; largest of the others ${largestOther}): an entry error whose true value is unknown, so the customer is removed rather than given an invented value`,
    extreme,
  );

  return {
    data: {
      source: raw.source,
      customers,
      revenue,
      minutes,
      profit,
      excluded: { inactive: distinctIds(inactive), extremeRevenue: distinctIds(extreme) },
    },
    log,
  };
}

/** Rows per file before and after cleaning, with the rows the log accounts for (for the notebooks). */
export function cleaningCounts(
  raw: MarketData,
  clean: CleanData,
  log: CleaningLog,
): Array<{ file: string; before: number; after: number; removed: number; changed: number }> {
  return MARKET_TABLE_KEYS.map((table) => {
    const file = raw.formats[table].file;
    const of = (action: 'changed' | 'removed') =>
      log.filter((e) => e.file === file && e.action === action).reduce((sum, e) => sum + e.count, 0);
    return { file, before: raw[table].length, after: clean[table].length, removed: of('removed'), changed: of('changed') };
  });
}
