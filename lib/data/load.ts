/**
 * Reads the four files into typed raw tables (values as delivered, known typos included) and validates them:
 * header, every value, duplicates, and that every customer appears in every table with every period.
 * Cleaning (lib/data/clean.ts) then fixes what the export got wrong; this step only refuses what it cannot read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BOM,
  detectDecimalMark,
  detectLineEnding,
  detectSeparator,
  splitCsvLine,
  splitLines,
  stripBom,
  type DecimalMark,
  type LineEnding,
  type Separator,
} from './csv';
import { DataValidationError } from './errors';
import { locateData, type DataSource, type LocateOptions } from './locate';
import {
  parseHeader,
  parseMarketFileRow,
  parseMarketMoneyRow,
  parseMarketTimeRow,
  parseMoneyRow,
  periodOfLabel,
  type HeaderLayout,
} from './parse';
import {
  COLUMN_NAMES,
  EXPECTED_FORMATS,
  KNOWN_TYPOS,
  MARKET_FILES,
  MARKET_TABLE_KEYS,
  PERIOD_LABELS,
  PERIODS,
  TABLE_PERIODS,
  type MarketTableKey,
  type ProfitRow,
  type RawCustomerRow,
  type RawMinutesRow,
  type RawRevenueRow,
} from './schema';
import { syntheticFiles } from './synthetic';

/** The format facts of one file as found (not as the README says). */
export interface FileFormat {
  readonly file: string;
  /** Full path when read from disk. */
  readonly path?: string;
  readonly separator: Separator;
  readonly decimal: DecimalMark;
  readonly bom: boolean;
  readonly lineEnding: LineEnding;
  /** Data rows (lines after the header). */
  readonly rows: number;
  /** Size in UTF-8 bytes, BOM included. */
  readonly bytes: number;
  /** Whether separator and decimal mark are those the README states for this file. */
  readonly asDocumented: boolean;
}

/** The four tables as read, typed, plus where they came from and how each file was formatted. */
export interface MarketData {
  readonly source: DataSource;
  /** market_file.csv: one row per customer (possibly repeated as exact duplicates). */
  readonly customers: readonly RawCustomerRow[];
  /** market_money.csv: revenue per customer and month (long). */
  readonly revenue: readonly RawRevenueRow[];
  /** market_time.csv: minutes on the site per customer and month (long). */
  readonly minutes: readonly RawMinutesRow[];
  /** money.csv: mean monthly profit per customer. */
  readonly profit: readonly ProfitRow[];
  readonly formats: Readonly<Record<MarketTableKey, FileFormat>>;
}

/** One file's rows with the line each came from. */
export interface ParsedTable<R> {
  readonly rows: R[];
  /** `lines[i]` is the 1-based line of `rows[i]` in the file. */
  readonly lines: Int32Array;
  readonly format: FileFormat;
}

type RowParser<K extends MarketTableKey, R> = (fields: readonly string[], line: number, layout: HeaderLayout<K>) => R;

const ROW_PARSERS = {
  customers: parseMarketFileRow,
  revenue: parseMarketMoneyRow,
  minutes: parseMarketTimeRow,
  profit: parseMoneyRow,
} as const;

type RowOf<K extends MarketTableKey> = ReturnType<(typeof ROW_PARSERS)[K]>;

/** Reads one file's text (BOM, CRLF/LF, `,`/`;` detected) into typed rows; validates header and values. */
export function parseMarketTable<K extends MarketTableKey>(
  table: K,
  text: string,
  options: { file?: string; path?: string; bytes?: number } = {},
): ParsedTable<RowOf<K>> {
  const file = options.file ?? MARKET_FILES[table];
  const { bom, text: body } = stripBom(text);
  if (body.trim() === '') {
    throw new DataValidationError({ file, line: 1, column: null, expected: 'a header line and data rows', found: 'an empty file', foundIsValue: false });
  }
  const lineEnding = detectLineEnding(body);
  const lines = splitLines(body);
  const separator = detectSeparator(lines[0]!);
  const layout = parseHeader(table, splitCsvLine(lines[0]!, separator), { file, separator });
  if (lines.length < 2) {
    throw new DataValidationError({ file, line: 2, column: null, expected: 'at least one data row', found: 'only the header', foundIsValue: false });
  }
  const parse = ROW_PARSERS[table] as unknown as RowParser<K, RowOf<K>>;
  const rows: RowOf<K>[] = new Array(lines.length - 1);
  const lineNumbers = new Int32Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    rows[i - 1] = parse(splitCsvLine(lines[i]!, separator), i + 1, layout);
    lineNumbers[i - 1] = i + 1;
  }
  const headerEnd = body.indexOf('\n');
  const decimal = detectDecimalMark(headerEnd === -1 ? '' : body.slice(headerEnd + 1), separator);
  const expected = EXPECTED_FORMATS[table];
  return {
    rows,
    lines: lineNumbers,
    format: {
      file,
      ...(options.path !== undefined ? { path: options.path } : {}),
      separator,
      decimal,
      bom,
      lineEnding,
      rows: rows.length,
      bytes: options.bytes ?? Buffer.byteLength(text, 'utf8'),
      asDocumented: separator === expected.separator && (decimal === expected.decimal || decimal === 'none'),
    },
  };
}

/** The four files' texts, keyed by table. */
export type MarketTexts = Readonly<Record<MarketTableKey, string>>;

/**
 * Parses and validates the four files' texts (e.g. from {@link syntheticFiles} or a test) into
 * {@link MarketData}.
 */
export function parseMarketTexts(
  texts: MarketTexts,
  source: DataSource,
  paths: Partial<Record<MarketTableKey, string>> = {},
): MarketData {
  const opts = (k: MarketTableKey) => (paths[k] !== undefined ? { path: paths[k] } : {});
  const customers = parseMarketTable('customers', texts.customers, opts('customers'));
  const revenue = parseMarketTable('revenue', texts.revenue, opts('revenue'));
  const minutes = parseMarketTable('minutes', texts.minutes, opts('minutes'));
  const profit = parseMarketTable('profit', texts.profit, opts('profit'));
  validateAcrossRows(customers, revenue, minutes, profit);
  return {
    source,
    customers: customers.rows,
    revenue: revenue.rows,
    minutes: minutes.rows,
    profit: profit.rows,
    formats: { customers: customers.format, revenue: revenue.format, minutes: minutes.format, profit: profit.format },
  };
}

/** Options of {@link loadMarketData}: where to look (see {@link locateData}). */
export type LoadOptions = LocateOptions;

/**
 * Finds the data ({@link locateData}), reads and validates the four files. Throws a
 * {@link DataValidationError} naming file, line and column on anything it cannot accept.
 * @example const raw = loadMarketData(); raw.source.kind // 'shared'
 */
export function loadMarketData(options: LoadOptions = {}): MarketData {
  const source = locateData(options);
  if (source.kind === 'synthetic') {
    const { files } = syntheticFiles(source.synthetic!);
    return parseMarketTexts(files, source);
  }
  const texts = {} as Record<MarketTableKey, string>;
  const paths = {} as Record<MarketTableKey, string>;
  for (const key of MARKET_TABLE_KEYS) {
    paths[key] = path.join(source.path!, MARKET_FILES[key]);
    texts[key] = fs.readFileSync(paths[key], 'utf8');
  }
  return parseMarketTexts(texts, source, paths);
}

/** The identity of a customer row once known typos are corrected (two rows with equal keys are duplicates). */
function customerKey(row: RawCustomerRow): string {
  const service = (KNOWN_TYPOS.serviceType as Record<string, string>)[row.serviceType] ?? row.serviceType;
  const category = (KNOWN_TYPOS.popularCategory as Record<string, string>)[row.popularCategory] ?? row.popularCategory;
  return [
    row.activity, service, row.allowMessages, row.marketingActivity6m, row.marketingActivityCurrentMonth, row.tenureDays,
    row.promoPurchaseShare, category, row.categoriesPerVisit, row.unpaidItemsQuarter, row.serviceErrors, row.pagesPerVisit,
  ].join('\u0001');
}

/**
 * Checks what no single line shows: one row per customer (exact duplicates are left to cleaning), one row per
 * (customer, period), the same customers in all four files, and every period present for every customer.
 */
function validateAcrossRows(
  customers: ParsedTable<RawCustomerRow>,
  revenue: ParsedTable<RawRevenueRow>,
  minutes: ParsedTable<RawMinutesRow>,
  profit: ParsedTable<ProfitRow>,
): void {
  const customerFile = customers.format.file;
  const lineOfCustomer = new Map<number, number>();
  const keyOfCustomer = new Map<number, string>();
  customers.rows.forEach((row, i) => {
    const key = customerKey(row);
    const first = lineOfCustomer.get(row.id);
    if (first !== undefined && keyOfCustomer.get(row.id) !== key) {
      throw new DataValidationError({
        file: customerFile,
        line: customers.lines[i]!,
        column: COLUMN_NAMES.customers.id,
        expected: `a customer id not seen before (line ${first} has this id with different values)`,
        found: String(row.id),
      });
    }
    if (first === undefined) {
      lineOfCustomer.set(row.id, customers.lines[i]!);
      keyOfCustomer.set(row.id, key);
    }
  });

  const checkIds = (table: ParsedTable<{ id: number }>, idColumn: string) => {
    table.rows.forEach((row, i) => {
      if (!lineOfCustomer.has(row.id)) {
        throw new DataValidationError({
          file: table.format.file,
          line: table.lines[i]!,
          column: idColumn,
          expected: `a customer id listed in ${customerFile}`,
          found: String(row.id),
        });
      }
    });
  };

  // Long tables: one value per (customer, period); every customer has every period of the table.
  const checkLong = (
    table: ParsedTable<RawRevenueRow> | ParsedTable<RawMinutesRow>,
    kind: 'revenue' | 'minutes',
  ) => {
    const columns = COLUMN_NAMES[kind];
    checkIds(table, columns.id);
    const seen = new Map<number, { line: number; value: number }>();
    const valueOf = (row: RawRevenueRow | RawMinutesRow) => ('revenue' in row ? row.revenue : row.minutes);
    table.rows.forEach((row, i) => {
      const key = row.id * PERIODS.length + PERIODS.indexOf(periodOfLabel(row.periodLabel)!);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, { line: table.lines[i]!, value: valueOf(row) });
      else if (first.value !== valueOf(row)) {
        throw new DataValidationError({
          file: table.format.file,
          line: table.lines[i]!,
          column: columns.id,
          expected: `one row per customer and period (line ${first.line} has customer ${row.id}, «${row.periodLabel}» with a different value)`,
          found: String(row.id),
        });
      }
    });
    for (const [id, line] of lineOfCustomer) {
      for (const period of TABLE_PERIODS[kind]) {
        if (!seen.has(id * PERIODS.length + PERIODS.indexOf(period))) {
          const none = TABLE_PERIODS[kind].every((p) => !seen.has(id * PERIODS.length + PERIODS.indexOf(p)));
          throw new DataValidationError({
            file: table.format.file,
            line,
            listedIn: customerFile,
            column: none ? columns.id : columns.period,
            expected: none ? `rows for customer ${id}` : `a row for customer ${id} in period «${PERIOD_LABELS[period]}»`,
            found: 'none',
            foundIsValue: false,
          });
        }
      }
    }
  };
  checkLong(revenue, 'revenue');
  checkLong(minutes, 'minutes');

  checkIds(profit, COLUMN_NAMES.profit.id);
  const profitSeen = new Map<number, { line: number; value: number }>();
  profit.rows.forEach((row, i) => {
    const first = profitSeen.get(row.id);
    if (first === undefined) profitSeen.set(row.id, { line: profit.lines[i]!, value: row.profit });
    else if (first.value !== row.profit) {
      throw new DataValidationError({
        file: profit.format.file,
        line: profit.lines[i]!,
        column: COLUMN_NAMES.profit.id,
        expected: `one row per customer (line ${first.line} has customer ${row.id} with a different profit)`,
        found: String(row.id),
      });
    }
  });
  for (const [id, line] of lineOfCustomer) {
    if (!profitSeen.has(id)) {
      throw new DataValidationError({
        file: profit.format.file,
        line,
        listedIn: customerFile,
        column: COLUMN_NAMES.profit.id,
        expected: `a row for customer ${id}`,
        found: 'none',
        foundIsValue: false,
      });
    }
  }
}

/** Re-exported so callers can recognise a BOM in texts they build. */
export { BOM };
