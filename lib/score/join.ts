/**
 * The four files read together in one pass: a streaming merge-join on the customer id. Each file is grouped
 * by id in ascending order (as the store exports them); market_file.csv drives, and for each customer the
 * revenue, minutes and profit rows with its id are taken from the heads of the other three files. A file
 * whose ids go down is refused with a clear error (the join needs the delivered order).
 *
 * Speed: lines are read as latin1 (one char per byte: no UTF-8 decoding, one-byte strings that split and
 * compare fast) and parsed by a fast path that accepts exactly what lib/data's row parsers accept in the
 * delivered column order; known category and period labels are compared in their latin1 form. Anything
 * else — another column order, quotes, a value the fast path does not take — goes through lib/data's
 * parsers on the UTF-8 text, so every message names file, line and column as the study's loader does.
 */
import { yieldToEventLoop } from '../core/event-loop';
import * as path from 'node:path';
import { detectSeparator, splitCsvLine, type Separator } from '../data/csv';
import { DataValidationError } from '../data/errors';
import { parseHeader, parseMarketFileRow, parseMarketMoneyRow, parseMarketTimeRow, parseMoneyRow, periodOfLabel, type HeaderLayout } from '../data/parse';
import {
  ACTIVITY_VALUES, ALLOW_MESSAGES_VALUES, CATEGORIES, COLUMN_NAMES, KNOWN_TYPOS, MARKET_FILES, PERIOD_LABELS, PERIODS, SERVICE_TYPES, TABLE_PERIODS,
  type MarketTableKey, type RawCustomerRow,
} from '../data/schema';
import { latin1ToUtf8, LineReader, utf8ToLatin1 } from './lines';
import { CATEGORY_FEATURES, NUMERIC_FEATURES, ScoreInputError, type RecordSink, type RejectRule } from './records';
import { checkScoringRules, type ScoringRules } from './rules';

const TARGET_PLACEHOLDER = 'Прежний уровень';

type SideKind = 'revenue' | 'minutes' | 'profit';

/** A table's file opened with its header read. */
interface OpenTable<K extends MarketTableKey> {
  readonly reader: LineReader;
  readonly file: string;
  readonly layout: HeaderLayout<K>;
  readonly separator: Separator;
  /** market_file.csv without the target column: a placeholder is appended to each row for the parser. */
  readonly targetAbsent: boolean;
  /** Columns in the delivered order (the fast path applies). */
  readonly canonical: boolean;
}

function openTable<K extends MarketTableKey>(dir: string, table: K, allowMissingTarget: boolean): OpenTable<K> {
  const file = MARKET_FILES[table];
  const full = path.join(dir, file);
  let reader: LineReader;
  try {
    reader = new LineReader(full, 1 << 20, 'latin1');
  } catch (error) {
    throw new ScoreInputError(`${file}: cannot open ${full} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const headerLatin1 = reader.next();
  if (headerLatin1 === null || headerLatin1.trim() === '') {
    reader.close();
    throw new DataValidationError({ file, line: 1, column: null, expected: 'a header line', found: 'an empty file', foundIsValue: false });
  }
  const headerLine = latin1ToUtf8(headerLatin1);
  const separator = detectSeparator(headerLine);
  const header = splitCsvLine(headerLine, separator).map((h) => h.trim());
  const targetColumn = COLUMN_NAMES.customers.activity;
  const targetAbsent = table === 'customers' && allowMissingTarget && !header.includes(targetColumn);
  let layout: HeaderLayout<K>;
  try {
    layout = parseHeader(table, targetAbsent ? [...header, targetColumn] : header, { file, separator });
  } catch (error) {
    reader.close();
    throw error;
  }
  const delivered = Object.values(COLUMN_NAMES[table]).filter((c) => !(targetAbsent && c === targetColumn));
  const canonical = delivered.length === header.length && delivered.every((c, i) => header[i] === c);
  return { reader, file, layout, separator, targetAbsent, canonical };
}

/** latin1 form of each accepted label → the value the scorer uses (typos corrected). */
function latin1Map(values: readonly string[], typos: Record<string, string> = {}): Map<string, string> {
  const map = new Map<string, string>();
  for (const v of values) map.set(utf8ToLatin1(v), v);
  for (const [typo, right] of Object.entries(typos)) map.set(utf8ToLatin1(typo), right);
  return map;
}

/** Labels in latin1 form and the values they stand for, matched in place by {@link labelAt}. */
interface Labels {
  readonly latin1: string[];
  readonly values: string[];
}

function labelsOf(map: Map<string, string>): Labels {
  return { latin1: [...map.keys()], values: [...map.values()] };
}

const SERVICE = labelsOf(latin1Map(SERVICE_TYPES, KNOWN_TYPOS.serviceType as Record<string, string>));
const CATEGORY = labelsOf(latin1Map(CATEGORIES, KNOWN_TYPOS.popularCategory as Record<string, string>));
const ALLOW = labelsOf(latin1Map(ALLOW_MESSAGES_VALUES));
const ACTIVITY = labelsOf(latin1Map(ACTIVITY_VALUES));

/** The value of the label at `text[start, end)`, or undefined (compared in place: no substring). */
function labelAt(text: string, start: number, end: number, labels: Labels): string | undefined {
  const length = end - start;
  for (let k = 0; k < labels.latin1.length; k++) {
    const label = labels.latin1[k]!;
    if (label.length === length && text.startsWith(label, start)) return labels.values[k];
  }
  return undefined;
}

/** The position of `ch` in `text[from, end)`, or -1. */
function indexIn(text: string, ch: string, from: number, end: number): number {
  const i = text.indexOf(ch, from);
  return i !== -1 && i < end ? i : -1;
}

/** latin1 form of each period label a long table accepts (typos included) → position in its TABLE_PERIODS. */
function periodMap(kind: 'revenue' | 'minutes'): Map<string, number> {
  const map = new Map<string, number>();
  const labels = [...Object.values(PERIOD_LABELS), ...Object.keys(KNOWN_TYPOS.period)];
  for (const label of labels) {
    const k = TABLE_PERIODS[kind].indexOf(periodOfLabel(label)!);
    if (k !== -1) map.set(utf8ToLatin1(label), k);
  }
  return map;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `text[start, end)` read as lib/data's decimal (`-?\d+([.,]\d+)?`), or NaN. No substring is made: digits are
 * accumulated into an integer and divided by a power of ten, which is exactly Number()'s result (both are
 * the correctly rounded value of the same fraction while the digits fit in 2^53).
 */
function decimalAt(text: string, start: number, end: number): number {
  let i = start;
  const negative = i < end && text.charCodeAt(i) === 45;
  if (negative) i++;
  const intStart = i;
  let digits = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    digits = digits * 10 + (c - 48);
    i++;
  }
  const intDigits = i - intStart;
  if (intDigits === 0) return NaN;
  let fracDigits = 0;
  if (i < end) {
    const mark = text.charCodeAt(i);
    if (mark !== 46 && mark !== 44) return NaN;
    const fracStart = ++i;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) return NaN;
      digits = digits * 10 + (c - 48);
      i++;
    }
    fracDigits = i - fracStart;
    if (fracDigits === 0) return NaN;
  }
  if (intDigits + fracDigits > 15) return Number(text.slice(start, end).replace(',', '.'));
  const value = fracDigits === 0 ? digits : digits / POW10[fracDigits]!;
  return negative ? -value : value;
}

/** `text[start, end)` as lib/data's whole number (digits only, at most 15), or NaN. */
function wholeAt(text: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return NaN;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return NaN;
    value = value * 10 + (c - 48);
  }
  return value;
}

/** A customer id from `text[start, end)` (1 to 9 digits, not 0), or -1. */
function idAt(text: string, start: number, end: number): number {
  if (end - start > 9) return -1;
  const id = wholeAt(text, start, end);
  return id > 0 ? id : -1;
}

/** A customer id from its text, or -1. */
function idOf(text: string): number {
  return idAt(text, 0, text.length);
}

/**
 * A side table (revenue, minutes, profit) read row by row; its head row is kept in scalar fields (no object
 * per row). Checks the id order and turns rows with an unreadable id into rejections.
 */
class SideCursor {
  /** Id of the head row; Infinity at the end of the file. */
  id = -1;
  line = 0;
  /** Position of the head row's period in TABLE_PERIODS[kind] (0 for profit). */
  slot = 0;
  value = NaN;
  /** Set when the id was readable but another value was not. */
  error: string | null = null;
  private lastId = -1;
  private lastLine = 0;
  /** latin1 period labels this table accepts and the slot of each (null for profit). */
  private readonly labels: string[] | null;
  private readonly labelSlots: number[];
  /** What {@link take} reports on a problem: the rule, and the line of this file it is on (null = a missing row). */
  problemRule: RejectRule = 'invalid-value';
  problemLine: number | null = null;

  constructor(
    private readonly table: OpenTable<SideKind>,
    private readonly kind: SideKind,
    private readonly sink: RecordSink,
  ) {
    const periods = kind === 'profit' ? null : periodMap(kind);
    this.labels = periods === null ? null : [...periods.keys()];
    this.labelSlots = periods === null ? [] : [...periods.values()];
    this.advance();
  }

  get file(): string {
    return this.table.file;
  }

  /** Fast path on the latin1 line `text[start, end)`, without substrings; false when the slow path must decide. */
  private fast(text: string, start: number, end: number): boolean {
    if (!this.table.canonical) return false;
    const sep = this.table.separator;
    const a = indexIn(text, sep, start, end);
    if (a <= start) return false;
    const id = idAt(text, start, a);
    if (id === -1) return false;
    if (this.labels === null) {
      if (indexIn(text, sep, a + 1, end) !== -1) return false;
      this.slot = 0;
      this.value = decimalAt(text, a + 1, end);
    } else {
      const b = indexIn(text, sep, a + 1, end);
      if (b === -1 || indexIn(text, sep, b + 1, end) !== -1) return false;
      const length = b - a - 1;
      let slot = -1;
      for (let k = 0; k < this.labels.length; k++) {
        const label = this.labels[k]!;
        if (label.length === length && text.startsWith(label, a + 1)) {
          slot = this.labelSlots[k]!;
          break;
        }
      }
      if (slot === -1) return false;
      this.slot = slot;
      this.value = this.kind === 'minutes' ? wholeAt(text, b + 1, end) : decimalAt(text, b + 1, end);
      if (this.kind === 'revenue' && this.value < 0) return false;
    }
    if (Number.isNaN(this.value)) return false;
    this.id = id;
    this.error = null;
    return true;
  }

  /** Slow path: lib/data's parser on the UTF-8 text. False when the id itself is unreadable (row rejected). */
  private slow(latin1: string, lineNo: number): boolean {
    const text = latin1ToUtf8(latin1);
    const fields = splitCsvLine(text, this.table.separator);
    const idText = fields[(this.table.layout.index as Record<string, number>).id!] ?? '';
    let error: string | null = null;
    let slot = 0;
    let value = NaN;
    try {
      if (this.kind === 'revenue') {
        const row = parseMarketMoneyRow(fields, lineNo, this.table.layout as HeaderLayout<'revenue'>);
        slot = TABLE_PERIODS.revenue.indexOf(periodOfLabel(row.periodLabel)!);
        value = row.revenue;
      } else if (this.kind === 'minutes') {
        const row = parseMarketTimeRow(fields, lineNo, this.table.layout as HeaderLayout<'minutes'>);
        slot = TABLE_PERIODS.minutes.indexOf(periodOfLabel(row.periodLabel)!);
        value = row.minutes;
      } else {
        value = parseMoneyRow(fields, lineNo, this.table.layout as HeaderLayout<'profit'>).profit;
      }
    } catch (e) {
      if (!(e instanceof DataValidationError)) throw e;
      error = e.message;
    }
    const id = idOf(idText);
    if (id === -1) {
      this.sink.reject({ id: idText, file: this.file, line: lineNo, rule: 'invalid-value', reason: error ?? `unreadable customer id ${JSON.stringify(idText)}` });
      return false;
    }
    this.id = id;
    this.slot = slot;
    this.value = value;
    this.error = error;
    return true;
  }

  advance(): void {
    const reader = this.table.reader;
    for (;;) {
      if (!reader.nextLine()) {
        this.id = Infinity;
        return;
      }
      const { text, start, end } = reader;
      if (start === end) continue;
      const lineNo = reader.lineNumber;
      if (!this.fast(text, start, end) && !this.slow(text.slice(start, end), lineNo)) continue;
      if (this.id < this.lastId) {
        throw new ScoreInputError(
          `${this.file}, line ${lineNo}: customer ${this.id} comes after customer ${this.lastId} (line ${this.lastLine}): the scorer joins the four files in one pass and needs each grouped by id in ascending order, as delivered; sort the file by id`,
        );
      }
      this.lastId = this.id;
      this.lastLine = lineNo;
      this.line = lineNo;
      return;
    }
  }

  /**
   * Takes the rows of customer `id` into `out[offset + slot]`: rows of smaller ids first become rejections
   * (no such customer in market_file.csv). Returns a problem message (rule in {@link problemRule}) or null.
   */
  take(id: number, out: Float64Array, offset: number, slots: number, customersFile: string): string | null {
    while (this.id < id) {
      this.sink.reject({
        id: String(this.id),
        file: this.file,
        line: this.line,
        rule: 'unknown-customer',
        reason: `customer ${this.id} is not in ${customersFile} (or is out of order there)`,
      });
      this.advance();
    }
    for (let k = 0; k < slots; k++) out[offset + k] = NaN;
    let problem: string | null = null;
    while (this.id === id && id !== Infinity) {
      if (problem === null) {
        if (this.error !== null) {
          problem = this.error;
          this.problemRule = 'invalid-value';
          this.problemLine = this.line;
        } else {
          const seen = out[offset + this.slot]!;
          if (!Number.isNaN(seen) && seen !== this.value) {
            problem = `${this.file}, line ${this.line}: a second row for customer ${id}${this.kind === 'profit' ? '' : ` in «${PERIOD_LABELS[TABLE_PERIODS[this.kind].at(this.slot)!]}»`} with another value`;
            this.problemRule = 'invalid-value';
            this.problemLine = this.line;
          }
          out[offset + this.slot] = this.value;
        }
      }
      this.advance();
    }
    if (problem !== null) return problem;
    const missing: string[] = [];
    for (let k = 0; k < slots; k++) {
      if (Number.isNaN(out[offset + k]!)) missing.push(this.kind === 'profit' ? '' : `«${PERIOD_LABELS[TABLE_PERIODS[this.kind].at(k)!]}»`);
    }
    if (missing.length === 0) return null;
    this.problemRule = 'missing-rows';
    this.problemLine = null;
    return this.kind === 'profit'
      ? `${this.file}: no row for customer ${id} (the profit places the customer in a segment)`
      : `${this.file}: no row for customer ${id} in ${missing.join(', ')}`;
  }

  /** Everything left after the last customer: rows of customers market_file.csv does not have. */
  drain(customersFile: string, scratch: Float64Array): void {
    this.take(Infinity, scratch, 0, 1, customersFile);
  }
}

/** The delivered positions of market_file.csv's fields (with the target at 1, or without it). */
function customerPositions(targetAbsent: boolean): Record<keyof RawCustomerRow, number> {
  const names = Object.keys(COLUMN_NAMES.customers).filter((f) => !(targetAbsent && f === 'activity'));
  return Object.fromEntries(names.map((f, i) => [f, i])) as Record<keyof RawCustomerRow, number>;
}

/** A turn of the event loop in a long synchronous pass (lib/core/event-loop; re-exported here, where it was first defined). */
export { yieldToEventLoop };

/** Progress of a pass: bytes of market_file.csv read and its size. */
export type JoinProgress = (bytesRead: number, totalBytes: number) => void;

/**
 * Streams the four files in `dir` through the scoring rules into `sink`. The target column may be absent.
 * Throws a DataValidationError for a bad header and a {@link ScoreInputError} for ids out of order.
 */
export async function joinMarketFiles(dir: string, rules: ScoringRules, sink: RecordSink, onProgress?: JoinProgress): Promise<void> {
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
    const sep = customers.separator;
    const at = customerPositions(customers.targetAbsent);
    const width = customers.targetAbsent ? 12 : 13;
    // Values pulled from the other files: revenue (3 months), minutes (2 months), profit.
    const months = new Float64Array(6);
    const numeric = new Float64Array(NUMERIC_FEATURES.length);
    const categories: string[] = new Array(CATEGORY_FEATURES.length);
    const nRevenue = TABLE_PERIODS.revenue.length;
    const nMinutes = TABLE_PERIODS.minutes.length;
    let lastId = -1;
    let lastLine = 0;
    let lastText = '';
    let lines = 0;

    // Field bounds of the current line: field i is text[cuts[i] + 1, cuts[i + 1]).
    const cuts = new Int32Array(width + 1);
    const field = (f: number) => cuts[f]! + 1;
    const fieldEnd = (f: number) => cuts[f + 1]!;
    /** Fast path: a delivered-order line read in place into numeric/categories; the id or -1. */
    const fast = (text: string, start: number, end: number): number => {
      if (!customers.canonical) return -1;
      cuts[0] = start - 1;
      let from = start;
      for (let k = 1; k < width; k++) {
        const c = indexIn(text, sep, from, end);
        if (c === -1) return -1;
        cuts[k] = c;
        from = c + 1;
      }
      if (indexIn(text, sep, from, end) !== -1) return -1;
      cuts[width] = end;
      const id = idAt(text, field(0), fieldEnd(0));
      if (id === -1) return -1;
      if (!customers.targetAbsent && labelAt(text, field(at.activity), fieldEnd(at.activity), ACTIVITY) === undefined) return -1;
      const service = labelAt(text, field(at.serviceType), fieldEnd(at.serviceType), SERVICE);
      const allow = labelAt(text, field(at.allowMessages), fieldEnd(at.allowMessages), ALLOW);
      const category = labelAt(text, field(at.popularCategory), fieldEnd(at.popularCategory), CATEGORY);
      if (service === undefined || allow === undefined || category === undefined) return -1;
      const m6 = decimalAt(text, field(at.marketingActivity6m), fieldEnd(at.marketingActivity6m));
      const promo = decimalAt(text, field(at.promoPurchaseShare), fieldEnd(at.promoPurchaseShare));
      if (!(m6 >= 0) || !(promo >= 0 && promo <= 1)) return -1;
      numeric[0] = m6;
      numeric[1] = wholeAt(text, field(at.marketingActivityCurrentMonth), fieldEnd(at.marketingActivityCurrentMonth));
      numeric[2] = wholeAt(text, field(at.tenureDays), fieldEnd(at.tenureDays));
      numeric[3] = promo;
      numeric[4] = wholeAt(text, field(at.categoriesPerVisit), fieldEnd(at.categoriesPerVisit));
      numeric[5] = wholeAt(text, field(at.unpaidItemsQuarter), fieldEnd(at.unpaidItemsQuarter));
      numeric[6] = wholeAt(text, field(at.serviceErrors), fieldEnd(at.serviceErrors));
      numeric[7] = wholeAt(text, field(at.pagesPerVisit), fieldEnd(at.pagesPerVisit));
      for (let k = 1; k < 8; k++) if (Number.isNaN(numeric[k]!)) return -1;
      categories[0] = service;
      categories[1] = allow;
      categories[2] = category;
      return id;
    };

    while (reader.nextLine()) {
      const { text: chunk, start, end } = reader;
      if (start === end) continue;
      const lineNo = reader.lineNumber;
      if ((++lines & 0xfff) === 0) {
        onProgress?.(reader.bytesRead, reader.size);
        // Let the event loop run now and then, so an interrupt (SIGINT) is handled during a long pass.
        await yieldToEventLoop();
      }
      const latin1 = chunk.slice(start, end);
      let id = fast(chunk, start, end);
      if (id === -1) {
        // Slow path: lib/data's parser on the UTF-8 text gives the row or the exact message.
        const text = latin1ToUtf8(latin1);
        const fields = splitCsvLine(text, sep);
        if (customers.targetAbsent) fields.push(TARGET_PLACEHOLDER);
        const idText = fields[customers.layout.index.id] ?? '';
        let row: RawCustomerRow;
        try {
          row = parseMarketFileRow(fields, lineNo, customers.layout);
        } catch (error) {
          if (!(error instanceof DataValidationError)) throw error;
          // A readable id still takes the customer's rows from the other files, so they are not misreported.
          const readable = idOf(idText);
          if (readable > lastId) {
            revenue.take(readable, months, 0, nRevenue, file);
            minutes.take(readable, months, 3, nMinutes, file);
            profit.take(readable, months, 5, 1, file);
            lastId = readable;
            lastLine = lineNo;
            lastText = '';
          }
          sink.reject({ id: idText, file, line: lineNo, rule: 'invalid-value', reason: error.message });
          continue;
        }
        id = row.id;
        numeric[0] = row.marketingActivity6m;
        numeric[1] = row.marketingActivityCurrentMonth;
        numeric[2] = row.tenureDays;
        numeric[3] = row.promoPurchaseShare;
        numeric[4] = row.categoriesPerVisit;
        numeric[5] = row.unpaidItemsQuarter;
        numeric[6] = row.serviceErrors;
        numeric[7] = row.pagesPerVisit;
        categories[0] = row.serviceType;
        categories[1] = row.allowMessages;
        categories[2] = row.popularCategory;
      }
      if (id < lastId) {
        throw new ScoreInputError(
          `${file}, line ${lineNo}: customer ${id} comes after customer ${lastId} (line ${lastLine}): the scorer joins the four files in one pass and needs each grouped by id in ascending order, as delivered; sort the files by id`,
        );
      }
      if (id === lastId) {
        const exact = latin1 === lastText;
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
      lastText = latin1;

      // The first problem found in the other files; the reject names that file and line, where it is.
      let problem = revenue.take(id, months, 0, nRevenue, file);
      let at: SideCursor = revenue;
      const minutesProblem = minutes.take(id, months, 3, nMinutes, file);
      if (problem === null && minutesProblem !== null) {
        problem = minutesProblem;
        at = minutes;
      }
      const profitProblem = profit.take(id, months, 5, 1, file);
      if (problem === null && profitProblem !== null) {
        problem = profitProblem;
        at = profit;
      }
      if (problem !== null) {
        sink.reject({ id: String(id), file: at.file, line: at.problemLine, rule: at.problemRule, reason: problem });
        continue;
      }
      const broken = checkScoringRules(months, categories, rules);
      if (broken !== null) {
        sink.reject({ id: String(id), file, line: lineNo, rule: broken.rule, reason: broken.reason });
        continue;
      }
      numeric[8] = months[0]!; // revenue in PERIODS order: twoMonthsAgo, previousMonth, currentMonth
      numeric[9] = months[1]!;
      numeric[10] = months[2]!;
      numeric[11] = months[3]!; // minutes: previousMonth, currentMonth
      numeric[12] = months[4]!;
      sink.accept(id, numeric, categories, months[5]!);
    }
    revenue.drain(file, months);
    minutes.drain(file, months);
    profit.drain(file, months);
    onProgress?.(reader.size, reader.size);
  } finally {
    for (const t of opened) t.reader.close();
  }
}

/** Guard: the column mapping above assumes lib/data's period order (revenue: PERIODS; minutes: the last two). */
if (TABLE_PERIODS.revenue.join() !== PERIODS.join() || TABLE_PERIODS.minutes.join() !== 'previousMonth,currentMonth') {
  throw new Error('lib/score/join.ts: the period order of lib/data/schema changed; update the column mapping');
}
