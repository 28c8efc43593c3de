/**
 * Builds the modelling table from the cleaned tables: revenue (3 months) and minutes (2 months) pivoted to
 * columns, joined with the customer table and profit; one row per customer, ascending ids.
 */
import type { FrameColumn } from '../core/types';
import type { CleanData } from './clean';
import { FEATURES, TARGET_NEGATIVE, TARGET_POSITIVE, type FeatureName, type ModelTable } from './model-table';
import { MARKET_FILES, MODEL_COLUMN_LABELS, PERIOD_LABELS, type Period } from './schema';

const REVENUE_COLUMN: Readonly<Record<Period, FeatureName>> = {
  twoMonthsAgo: 'revenueTwoMonthsAgo',
  previousMonth: 'revenuePreviousMonth',
  currentMonth: 'revenueCurrentMonth',
};
const MINUTES_COLUMN: Readonly<Partial<Record<Period, FeatureName>>> = {
  previousMonth: 'minutesPreviousMonth',
  currentMonth: 'minutesCurrentMonth',
};

/**
 * Pivots and joins the cleaned tables into the {@link ModelTable}. Throws if a customer lacks a month or a
 * profit (cleaned data from `cleanMarketData` never does).
 * @example const table = buildModelTable(cleanMarketData(loadMarketData()).data); table.ids.length // 1296
 */
export function buildModelTable(clean: CleanData): ModelTable {
  const customers = [...clean.customers].sort((a, b) => a.id - b.id);
  const n = customers.length;
  const rowOf = new Map<number, number>();
  customers.forEach((c, i) => rowOf.set(c.id, i));

  const numeric = (): Float64Array => new Float64Array(n).fill(NaN);
  const columns: Record<string, FrameColumn> = {};
  const strings = {
    serviceType: new Array<string>(n),
    allowMessages: new Array<string>(n),
    popularCategory: new Array<string>(n),
  };
  const numbers = {
    marketingActivity6m: numeric(),
    marketingActivityCurrentMonth: numeric(),
    tenureDays: numeric(),
    promoPurchaseShare: numeric(),
    categoriesPerVisit: numeric(),
    unpaidItemsQuarter: numeric(),
    serviceErrors: numeric(),
    pagesPerVisit: numeric(),
    revenueTwoMonthsAgo: numeric(),
    revenuePreviousMonth: numeric(),
    revenueCurrentMonth: numeric(),
    minutesPreviousMonth: numeric(),
    minutesCurrentMonth: numeric(),
  };
  const ids = new Int32Array(n);
  const target = new Uint8Array(n);
  const profit = numeric();
  customers.forEach((c, i) => {
    ids[i] = c.id;
    target[i] = c.activity === TARGET_POSITIVE ? 1 : 0;
    strings.serviceType[i] = c.serviceType;
    strings.allowMessages[i] = c.allowMessages;
    strings.popularCategory[i] = c.popularCategory;
    numbers.marketingActivity6m[i] = c.marketingActivity6m;
    numbers.marketingActivityCurrentMonth[i] = c.marketingActivityCurrentMonth;
    numbers.tenureDays[i] = c.tenureDays;
    numbers.promoPurchaseShare[i] = c.promoPurchaseShare;
    numbers.categoriesPerVisit[i] = c.categoriesPerVisit;
    numbers.unpaidItemsQuarter[i] = c.unpaidItemsQuarter;
    numbers.serviceErrors[i] = c.serviceErrors;
    numbers.pagesPerVisit[i] = c.pagesPerVisit;
  });
  const place = (file: string, id: number, column: Float64Array, value: number) => {
    const i = rowOf.get(id);
    if (i === undefined) throw new Error(`buildModelTable: ${file} has customer ${id}, who is not in ${MARKET_FILES.customers}`);
    column[i] = value;
  };
  for (const row of clean.revenue) place(MARKET_FILES.revenue, row.id, numbers[REVENUE_COLUMN[row.period] as keyof typeof numbers], row.revenue);
  for (const row of clean.minutes) {
    const name = MINUTES_COLUMN[row.period];
    if (name === undefined) throw new Error(`buildModelTable: ${MARKET_FILES.minutes} has period «${PERIOD_LABELS[row.period]}», which it should not`);
    place(MARKET_FILES.minutes, row.id, numbers[name as keyof typeof numbers], row.minutes);
  }
  for (const row of clean.profit) place(MARKET_FILES.profit, row.id, profit, row.profit);

  for (const [name, column] of Object.entries({ ...numbers, profit })) {
    const i = column.findIndex((v) => Number.isNaN(v));
    if (i !== -1) throw new Error(`buildModelTable: customer ${ids[i]} has no value for ${name} («${MODEL_COLUMN_LABELS[name]}»)`);
  }
  for (const name of FEATURES) columns[name] = (numbers as Record<string, Float64Array>)[name] ?? (strings as Record<string, string[]>)[name]!;
  return { ids, target, profit, features: { nRows: n, columns } };
}

/** One row of the modelling table as a plain object: id, target label, features, profit. */
export type ModelTableRow = Record<string, string | number>;

/**
 * The modelling table as row objects for display; `russian: true` names the columns as the files do
 * and shows the target as «Снизилась» / «Прежний уровень».
 * @example showTable(modelTableRows(table).slice(0, 5))
 */
export function modelTableRows(table: ModelTable, options: { russian?: boolean; limit?: number } = {}): ModelTableRow[] {
  const n = Math.min(table.ids.length, options.limit ?? Infinity);
  const label = (name: string) => (options.russian ? MODEL_COLUMN_LABELS[name] ?? name : name);
  const rows: ModelTableRow[] = [];
  for (let i = 0; i < n; i++) {
    const target = options.russian ? (table.target[i] === 1 ? TARGET_POSITIVE : TARGET_NEGATIVE) : table.target[i]!;
    const row: ModelTableRow = { [label('id')]: table.ids[i]!, [label('target')]: target };
    for (const name of FEATURES) row[label(name)] = table.features.columns[name]![i]!;
    row[label('profit')] = table.profit[i]!;
    rows.push(row);
  }
  return rows;
}

/** Customers per target value: `{dropped, sameLevel}` (1 = «Снизилась», 0 = «Прежний уровень»). */
export function targetCounts(table: ModelTable): { dropped: number; sameLevel: number } {
  let dropped = 0;
  for (let i = 0; i < table.target.length; i++) dropped += table.target[i]!;
  return { dropped, sameLevel: table.target.length - dropped };
}
