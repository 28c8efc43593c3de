/**
 * The four files read together in one pass: a streaming merge-join on the customer id. Each file is grouped
 * by id in ascending order (as the store exports them); market_file.csv drives, and for each customer the
 * revenue, minutes and profit rows with its id are taken from the heads of the other three files. Rows are
 * parsed with lib/data's row parsers, so the messages name file, line and column as the study's loader does.
 * A file whose ids go down is refused with a clear error (the join needs the delivered order).
 */
import * as path from 'node:path';
import { detectSeparator, splitCsvLine, type Separator } from '../data/csv';
import { DataValidationError } from '../data/errors';
import { parseHeader, parseMarketFileRow, parseMarketMoneyRow, parseMarketTimeRow, parseMoneyRow, periodOfLabel, type HeaderLayout } from '../data/parse';
import { COLUMN_NAMES, MARKET_FILES, PERIOD_LABELS, PERIODS, TABLE_PERIODS, type MarketTableKey, type Period } from '../data/schema';
import { LineReader } from './lines';
import { CATEGORY_FEATURES, NUMERIC_FEATURES, ScoreInputError, type RecordSink, type Rejection } from './records';
import { checkScoringRules, type ScoringRules } from './rules';

const ID_TEXT = /^\d{1,9}$/;
const TARGET_PLACEHOLDER = 'Прежний уровень';

/** A table's file opened with its header read. */
interface OpenTable<K extends MarketTableKey> {
  readonly reader: LineReader;
  readonly file: string;
  readonly layout: HeaderLayout<K>;
  readonly separator: Separator;
  /** market_file.csv without the target column: a placeholder is appended to each row for the parser. */
  readonly targetAbsent: boolean;
}

function openTable<K extends MarketTableKey>(dir: string, table: K, allowMissingTarget: boolean): OpenTable<K> {
  const file = MARKET_FILES[table];
  const full = path.join(dir, file);
  let reader: LineReader;
  try {
    reader = new LineReader(full);
  } catch (error) {
    throw new ScoreInputError(`${file}: cannot open ${full} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const headerLine = reader.next();
  if (headerLine === null || headerLine.trim() === '') {
    throw new DataValidationError({ file, line: 1, column: null, expected: 'a header line', found: 'an empty file', foundIsValue: false });
  }
  const separator = detectSeparator(headerLine);
  const header = splitCsvLine(headerLine, separator).map((h) => h.trim());
  const targetColumn = COLUMN_NAMES.customers.activity;
  const targetAbsent = table === 'customers' && allowMissingTarget && !header.includes(targetColumn);
  const layout = parseHeader(table, targetAbsent ? [...header, targetColumn] : header, { file, separator });
  return { reader, file, layout, separator, targetAbsent };
}

/** One parsed row of a side table (revenue, minutes, profit) at the head of its file. */
interface Head {
  id: number;
  line: number;
  period: Period | null;
  value: number;
  /** Set when the id was readable but a value was not. */
  error: string | null;
}

/** Reads a side table row by row, checks the id order, and turns unreadable ids into rejections. */
class SideCursor {
  head: Head | null = null;
  private lastId = -1;
  private lastLine = 0;

  constructor(
    private readonly table: OpenTable<'revenue' | 'minutes' | 'profit'>,
    private readonly kind: 'revenue' | 'minutes' | 'profit',
    private readonly sink: RecordSink,
  ) {
    this.advance();
  }

  get file(): string {
    return this.table.file;
  }

  advance(): void {
    const { reader, layout, separator, file } = this.table;
    for (;;) {
      const line = reader.next();
      if (line === null) {
        this.head = null;
        return;
      }
      if (line === '') continue;
      const lineNo = reader.lineNumber;
      const fields = splitCsvLine(line, separator);
      const idText = fields[(layout.index as Record<string, number>).id!] ?? '';
      if (!ID_TEXT.test(idText) || Number(idText) === 0) {
        this.sink.reject({ id: idText, file, line: lineNo, rule: 'invalid-value', reason: messageOf(() => this.parse(fields, lineNo)) ?? `unreadable customer id ${JSON.stringify(idText)}` });
        continue;
      }
      const id = Number(idText);
      if (id < this.lastId) {
        throw new ScoreInputError(
          `${file}, line ${lineNo}: customer ${id} comes after customer ${this.lastId} (line ${this.lastLine}): the scorer joins the four files in one pass and needs each grouped by id in ascending order, as delivered; sort the file by id`,
        );
      }
      this.lastId = id;
      this.lastLine = lineNo;
      try {
        const { period, value } = this.parse(fields, lineNo);
        this.head = { id, line: lineNo, period, value, error: null };
      } catch (error) {
        if (!(error instanceof DataValidationError)) throw error;
        this.head = { id, line: lineNo, period: null, value: NaN, error: error.message };
      }
      return;
    }
  }

  private parse(fields: string[], lineNo: number): { period: Period | null; value: number } {
    switch (this.kind) {
      case 'revenue': {
        const row = parseMarketMoneyRow(fields, lineNo, this.table.layout as HeaderLayout<'revenue'>);
        return { period: periodOfLabel(row.periodLabel)!, value: row.revenue };
      }
      case 'minutes': {
        const row = parseMarketTimeRow(fields, lineNo, this.table.layout as HeaderLayout<'minutes'>);
        return { period: periodOfLabel(row.periodLabel)!, value: row.minutes };
      }
      case 'profit':
        return { period: null, value: parseMoneyRow(fields, lineNo, this.table.layout as HeaderLayout<'profit'>).profit };
    }
  }

  /**
   * Takes the rows of customer `id`: rows of smaller ids first become rejections (no such customer in
   * market_file.csv); the rows of `id` are returned.
   */
  take(id: number, customersFile: string): Head[] {
    while (this.head !== null && this.head.id < id) {
      this.sink.reject({
        id: String(this.head.id),
        file: this.file,
        line: this.head.line,
        rule: 'unknown-customer',
        reason: `customer ${this.head.id} is not in ${customersFile} (or is out of order there)`,
      });
      this.advance();
    }
    const out: Head[] = [];
    while (this.head !== null && this.head.id === id) {
      out.push(this.head);
      this.advance();
    }
    return out;
  }

  /** Everything left after the last customer: rows of customers market_file.csv does not have. */
  drain(customersFile: string): void {
    this.take(Number.MAX_SAFE_INTEGER, customersFile);
  }

  close(): void {
    this.table.reader.close();
  }
}

function messageOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Per month values of one customer from its long-table rows; a problem message when a month is missing or repeated with another value. */
function byPeriod(rows: readonly Head[], periods: readonly Period[], file: string, id: number, out: Float64Array, offset: number): string | null {
  for (let k = 0; k < periods.length; k++) out[offset + k] = NaN;
  for (const row of rows) {
    if (row.error !== null) return row.error;
    const k = periods.indexOf(row.period!);
    if (k === -1) return `${file}, line ${row.line}: period «${PERIOD_LABELS[row.period!]}» does not belong in this file`;
    const seen = out[offset + k]!;
    if (!Number.isNaN(seen) && seen !== row.value) {
      return `${file}, line ${row.line}: a second row for customer ${id} in «${PERIOD_LABELS[row.period!]}» with another value`;
    }
    out[offset + k] = row.value;
  }
  const missing = periods.filter((_, k) => Number.isNaN(out[offset + k]!));
  if (missing.length > 0) return `${file}: no row for customer ${id} in ${missing.map((p) => `«${PERIOD_LABELS[p]}»`).join(', ')}`;
  return null;
}

/** Progress of a pass: bytes of market_file.csv read and its size. */
export type JoinProgress = (bytesRead: number, totalBytes: number) => void;

/**
 * Streams the four files in `dir` through the scoring rules into `sink`. The target column may be absent.
 * Throws a DataValidationError for a bad header and a {@link ScoreInputError} for ids out of order.
 */
export function joinMarketFiles(dir: string, rules: ScoringRules, sink: RecordSink, onProgress?: JoinProgress): void {
  const opened: Array<OpenTable<MarketTableKey>> = [];
  try {
    const customers = openTable(dir, 'customers', true);
    opened.push(customers);
    const revenueTable = openTable(dir, 'revenue', false);
    opened.push(revenueTable);
    const minutesTable = openTable(dir, 'minutes', false);
    opened.push(minutesTable);
    const profitTable = openTable(dir, 'profit', false);
    opened.push(profitTable);
    const revenue = new SideCursor(revenueTable, 'revenue', sink);
    const minutes = new SideCursor(minutesTable, 'minutes', sink);
    const profit = new SideCursor(profitTable, 'profit', sink);

    const file = customers.file;
    const reader = customers.reader;
    // Values pulled from the long tables: revenue (3 months), then minutes (2 months).
    const months = new Float64Array(5);
    const numeric = new Float64Array(NUMERIC_FEATURES.length);
    const categories: string[] = new Array(CATEGORY_FEATURES.length);
    let lastId = -1;
    let lastLine = 0;
    let lastFields = '';
    let lines = 0;
    for (let text = reader.next(); text !== null; text = reader.next()) {
      if (text === '') continue;
      const lineNo = reader.lineNumber;
      if ((++lines & 0xfff) === 0) onProgress?.(reader.bytesRead, reader.size);
      const fields = splitCsvLine(text, customers.separator);
      if (customers.targetAbsent) fields.push(TARGET_PLACEHOLDER);
      const idText = fields[customers.layout.index.id] ?? '';
      let row;
      try {
        row = parseMarketFileRow(fields, lineNo, customers.layout);
      } catch (error) {
        if (!(error instanceof DataValidationError)) throw error;
        // A readable id still takes the customer's rows from the other files, so they are not misreported.
        if (ID_TEXT.test(idText) && Number(idText) >= lastId && Number(idText) !== lastId) {
          const id = Number(idText);
          revenue.take(id, file);
          minutes.take(id, file);
          profit.take(id, file);
          lastId = id;
          lastLine = lineNo;
          lastFields = '';
        }
        sink.reject({ id: idText, file, line: lineNo, rule: 'invalid-value', reason: error.message });
        continue;
      }
      const id = row.id;
      if (id < lastId) {
        throw new ScoreInputError(
          `${file}, line ${lineNo}: customer ${id} comes after customer ${lastId} (line ${lastLine}): the scorer joins the four files in one pass and needs each grouped by id in ascending order, as delivered; sort the files by id`,
        );
      }
      const key = customers.targetAbsent ? text : fields.join('\u0001');
      if (id === lastId) {
        const exact = key === lastFields;
        sink.reject({
          id: String(id),
          file,
          line: lineNo,
          rule: 'duplicate',
          reason: exact
            ? `exact repeat of line ${lastLine}: customer ${id} is scored once, from line ${lastLine}`
            : `customer ${id} again, with other values than line ${lastLine}: only line ${lastLine} is used`,
        });
        continue;
      }
      lastId = id;
      lastLine = lineNo;
      lastFields = key;

      const reject = (rule: Rejection['rule'], reason: string) => sink.reject({ id: String(id), file, line: lineNo, rule, reason });
      const revenueRows = revenue.take(id, file);
      const minutesRows = minutes.take(id, file);
      const profitRows = profit.take(id, file);
      const problem =
        byPeriod(revenueRows, TABLE_PERIODS.revenue, revenue.file, id, months, 0) ??
        byPeriod(minutesRows, TABLE_PERIODS.minutes, minutes.file, id, months, 3);
      if (problem !== null) {
        reject(problem.includes('no row') ? 'missing-rows' : 'invalid-value', problem);
        continue;
      }
      if (profitRows.length === 0) {
        reject('missing-rows', `${profit.file}: no row for customer ${id} (the profit places the customer in a segment)`);
        continue;
      }
      const profitError = profitRows.find((r) => r.error !== null);
      if (profitError) {
        reject('invalid-value', profitError.error!);
        continue;
      }
      if (profitRows.some((r) => r.value !== profitRows[0]!.value)) {
        reject('invalid-value', `${profit.file}, line ${profitRows[1]!.line}: a second row for customer ${id} with another profit`);
        continue;
      }
      categories[0] = row.serviceType;
      categories[1] = row.allowMessages;
      categories[2] = row.popularCategory;
      const broken = checkScoringRules(months, categories, rules);
      if (broken !== null) {
        reject(broken.rule, broken.reason);
        continue;
      }
      numeric[0] = row.marketingActivity6m;
      numeric[1] = row.marketingActivityCurrentMonth;
      numeric[2] = row.tenureDays;
      numeric[3] = row.promoPurchaseShare;
      numeric[4] = row.categoriesPerVisit;
      numeric[5] = row.unpaidItemsQuarter;
      numeric[6] = row.serviceErrors;
      numeric[7] = row.pagesPerVisit;
      numeric[8] = months[0]!; // PERIODS order: twoMonthsAgo, previousMonth, currentMonth
      numeric[9] = months[1]!;
      numeric[10] = months[2]!;
      numeric[11] = months[3]!; // minutes: previousMonth, currentMonth
      numeric[12] = months[4]!;
      sink.accept(id, numeric, categories, profitRows[0]!.value);
    }
    revenue.drain(file);
    minutes.drain(file);
    profit.drain(file);
    onProgress?.(reader.size, reader.size);
  } finally {
    for (const t of opened) t.reader.close();
  }
}

/** Guard that the period orders this file assumes are lib/data's (revenue: PERIODS; minutes: the last two). */
if (TABLE_PERIODS.revenue.join() !== PERIODS.join() || TABLE_PERIODS.minutes.join() !== 'previousMonth,currentMonth') {
  throw new Error('lib/score/join.ts: the period order of lib/data/schema changed; update the column mapping');
}
