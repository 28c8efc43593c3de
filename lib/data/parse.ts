/**
 * Header and row parsing of the four files: pure functions from split fields to typed rows, throwing a
 * {@link DataValidationError} that names file, line and column. The whole-file reader (lib/data/load.ts) uses
 * them, and so can a streaming reader: parse the header once with {@link parseHeader}, then call e.g.
 * {@link parseMarketFileRow} on each line's fields.
 */
import type { Separator } from './csv';
import { DataValidationError } from './errors';
import {
  ACTIVITY_VALUES,
  ALLOW_MESSAGES_VALUES,
  CATEGORIES,
  COLUMN_NAMES,
  EXPECTED_FORMATS,
  KNOWN_TYPOS,
  MARKET_FILES,
  PERIOD_BY_LABEL,
  PERIOD_LABELS,
  SERVICE_TYPES,
  TABLE_PERIODS,
  type Activity,
  type AllowMessages,
  type MarketTableKey,
  type Period,
  type ProfitRow,
  type RawCategory,
  type RawCustomerRow,
  type RawMinutesRow,
  type RawRevenueRow,
  type RawServiceType,
} from './schema';

/** The English field names of a table, e.g. `'id' | 'period' | 'revenue'` for revenue. */
export type FieldOf<K extends MarketTableKey> = keyof (typeof COLUMN_NAMES)[K] & string;

/** Where each field sits in a file's lines, learned from its header (columns may come in any order). */
export interface HeaderLayout<K extends MarketTableKey = MarketTableKey> {
  readonly table: K;
  /** File name used in messages. */
  readonly file: string;
  readonly separator: Separator;
  /** Number of fields every line must have. */
  readonly width: number;
  /** Field → position in the line. */
  readonly index: Readonly<Record<FieldOf<K>, number>>;
}

/**
 * Reads a header's fields into a {@link HeaderLayout}; throws on an unexpected, missing or repeated column.
 * @example parseHeader('profit', ['id', 'Прибыль'], {separator: ';'})
 */
export function parseHeader<K extends MarketTableKey>(
  table: K,
  header: readonly string[],
  options: { file?: string; separator?: Separator } = {},
): HeaderLayout<K> {
  const file = options.file ?? MARKET_FILES[table];
  const names = COLUMN_NAMES[table] as Record<string, string>;
  const fieldByColumn = new Map(Object.entries(names).map(([field, column]) => [column, field]));
  const index: Record<string, number> = {};
  const missing = () => Object.values(names).filter((c) => index[fieldByColumn.get(c)!] === undefined);
  header.forEach((raw, position) => {
    const column = raw.trim();
    const field = fieldByColumn.get(column);
    if (field === undefined) {
      // Check all columns first so the message can say which expected ones are absent.
      for (let j = position + 1; j < header.length; j++) {
        const f = fieldByColumn.get(header[j]!.trim());
        if (f !== undefined && index[f] === undefined) index[f] = j;
      }
      const absent = missing();
      throw new DataValidationError({
        file,
        line: 1,
        column,
        expected:
          absent.length > 0
            ? `a column of ${MARKET_FILES[table]} (missing: ${absent.map((c) => `«${c}»`).join(', ')})`
            : `only the columns ${Object.values(names).map((c) => `«${c}»`).join(', ')}`,
        found: `an unexpected column «${column}»`,
        foundIsValue: false,
      });
    }
    if (index[field] !== undefined) {
      throw new DataValidationError({
        file,
        line: 1,
        column,
        expected: 'each column once',
        found: `it again at position ${position + 1}`,
        foundIsValue: false,
      });
    }
    index[field] = position;
  });
  const absent = missing();
  if (absent.length > 0) {
    throw new DataValidationError({
      file,
      line: 1,
      column: absent[0]!,
      expected: `the column in the header${absent.length > 1 ? ` (also missing: ${absent.slice(1).map((c) => `«${c}»`).join(', ')})` : ''}`,
      found: 'no such column',
      foundIsValue: false,
    });
  }
  return {
    table,
    file,
    separator: options.separator ?? EXPECTED_FORMATS[table].separator,
    width: header.length,
    index: index as Record<FieldOf<K>, number>,
  };
}

/** The layout of each file as delivered (canonical column order and separator). */
export const DEFAULT_LAYOUTS: { readonly [K in MarketTableKey]: HeaderLayout<K> } = {
  customers: parseHeader('customers', Object.values(COLUMN_NAMES.customers)),
  revenue: parseHeader('revenue', Object.values(COLUMN_NAMES.revenue)),
  minutes: parseHeader('minutes', Object.values(COLUMN_NAMES.minutes)),
  profit: parseHeader('profit', Object.values(COLUMN_NAMES.profit)),
};

const WHOLE = /^\d+$/;
const DECIMAL = /^-?\d+(?:[.,]\d+)?$/;

/** Parsing context of one line: the layout and line number, for messages. */
class LineReader<K extends MarketTableKey> {
  constructor(
    readonly fields: readonly string[],
    readonly line: number,
    readonly layout: HeaderLayout<K>,
  ) {
    if (fields.length !== layout.width) {
      throw new DataValidationError({
        file: layout.file,
        line,
        column: null,
        expected: `${layout.width} fields separated by "${layout.separator === '\t' ? '\\t' : layout.separator}"`,
        found: fields.length === 1 && fields[0] === '' ? 'an empty line' : `${fields.length} field${fields.length === 1 ? '' : 's'}`,
        foundIsValue: false,
      });
    }
  }

  raw(field: FieldOf<K>): string {
    return this.fields[this.layout.index[field]]!;
  }

  fail(field: FieldOf<K>, expected: string): never {
    throw new DataValidationError({
      file: this.layout.file,
      line: this.line,
      column: (COLUMN_NAMES[this.layout.table] as Record<string, string>)[field]!,
      expected,
      found: this.raw(field),
    });
  }

  id(): number {
    const text = this.raw('id' as FieldOf<K>);
    if (!WHOLE.test(text) || text.length > 9 || Number(text) === 0) this.fail('id' as FieldOf<K>, 'a customer id (a positive whole number)');
    return Number(text);
  }

  whole(field: FieldOf<K>): number {
    const text = this.raw(field);
    if (!WHOLE.test(text) || text.length > 15) this.fail(field, 'a whole number');
    return Number(text);
  }

  number(field: FieldOf<K>, min = -Infinity, max = Infinity, expected = 'a number'): number {
    const text = this.raw(field);
    if (!DECIMAL.test(text)) this.fail(field, expected);
    const value = Number(text.replace(',', '.'));
    if (value < min || value > max) this.fail(field, expected);
    return value;
  }

  oneOf<T extends string>(field: FieldOf<K>, allowed: ReadonlySet<string>, shown: readonly string[]): T {
    const text = this.raw(field);
    if (!allowed.has(text)) this.fail(field, `one of ${shown.map((v) => `«${v}»`).join(', ')}`);
    return text as T;
  }
}

const ACTIVITY_SET = new Set<string>(ACTIVITY_VALUES);
const SERVICE_SET = new Set<string>([...SERVICE_TYPES, ...Object.keys(KNOWN_TYPOS.serviceType)]);
const ALLOW_SET = new Set<string>(ALLOW_MESSAGES_VALUES);
const CATEGORY_SET = new Set<string>([...CATEGORIES, ...Object.keys(KNOWN_TYPOS.popularCategory)]);

/** Period labels each long table accepts: the correct labels of its periods plus their known typos. */
function periodLabels(periods: readonly Period[]): { set: Set<string>; shown: string[] } {
  const shown = periods.map((p) => PERIOD_LABELS[p]);
  const typos = Object.entries(KNOWN_TYPOS.period as Record<string, string>)
    .filter(([, right]) => periods.includes(PERIOD_BY_LABEL[right]!))
    .map(([typo]) => typo);
  return { set: new Set([...shown, ...typos]), shown };
}
const REVENUE_PERIODS = periodLabels(TABLE_PERIODS.revenue);
const MINUTES_PERIODS = periodLabels(TABLE_PERIODS.minutes);

/** Parses one market_file.csv line's fields (line numbers are 1-based, header = 1). */
export function parseMarketFileRow(
  fields: readonly string[],
  lineNo: number,
  layout: HeaderLayout<'customers'> = DEFAULT_LAYOUTS.customers,
): RawCustomerRow {
  const r = new LineReader(fields, lineNo, layout);
  return {
    id: r.id(),
    activity: r.oneOf<Activity>('activity', ACTIVITY_SET, ACTIVITY_VALUES),
    serviceType: r.oneOf<RawServiceType>('serviceType', SERVICE_SET, SERVICE_TYPES),
    allowMessages: r.oneOf<AllowMessages>('allowMessages', ALLOW_SET, ALLOW_MESSAGES_VALUES),
    marketingActivity6m: r.number('marketingActivity6m', 0, Infinity, 'a number ≥ 0'),
    marketingActivityCurrentMonth: r.whole('marketingActivityCurrentMonth'),
    tenureDays: r.whole('tenureDays'),
    promoPurchaseShare: r.number('promoPurchaseShare', 0, 1, 'a share between 0 and 1'),
    popularCategory: r.oneOf<RawCategory>('popularCategory', CATEGORY_SET, CATEGORIES),
    categoriesPerVisit: r.whole('categoriesPerVisit'),
    unpaidItemsQuarter: r.whole('unpaidItemsQuarter'),
    serviceErrors: r.whole('serviceErrors'),
    pagesPerVisit: r.whole('pagesPerVisit'),
  };
}

/** Parses one market_money.csv line's fields: customer, period label as delivered, revenue. */
export function parseMarketMoneyRow(
  fields: readonly string[],
  lineNo: number,
  layout: HeaderLayout<'revenue'> = DEFAULT_LAYOUTS.revenue,
): RawRevenueRow {
  const r = new LineReader(fields, lineNo, layout);
  return {
    id: r.id(),
    periodLabel: r.oneOf('period', REVENUE_PERIODS.set, REVENUE_PERIODS.shown),
    revenue: r.number('revenue', 0, Infinity, 'a number ≥ 0'),
  };
}

/** Parses one market_time.csv line's fields: customer, period label as delivered, whole minutes. */
export function parseMarketTimeRow(
  fields: readonly string[],
  lineNo: number,
  layout: HeaderLayout<'minutes'> = DEFAULT_LAYOUTS.minutes,
): RawMinutesRow {
  const r = new LineReader(fields, lineNo, layout);
  return {
    id: r.id(),
    periodLabel: r.oneOf('period', MINUTES_PERIODS.set, MINUTES_PERIODS.shown),
    minutes: r.whole('minutes'),
  };
}

/** Parses one money.csv line's fields: customer and mean monthly profit (decimal comma or point). */
export function parseMoneyRow(
  fields: readonly string[],
  lineNo: number,
  layout: HeaderLayout<'profit'> = DEFAULT_LAYOUTS.profit,
): ProfitRow {
  const r = new LineReader(fields, lineNo, layout);
  return { id: r.id(), profit: r.number('profit') };
}

/** The period a label stands for, typos included (`предыдцщий_месяц` → previousMonth); undefined if unknown. */
export function periodOfLabel(label: string): Period | undefined {
  return PERIOD_BY_LABEL[label] ?? PERIOD_BY_LABEL[(KNOWN_TYPOS.period as Record<string, string>)[label] ?? ''];
}
