/**
 * One merged CSV table instead of the four files: a header with `id`, the model's features (English names
 * as in the modelling table, or the Russian labels of MODEL_COLUMN_LABELS), and optionally `profit` (without
 * it the segment column is left empty) and the target (ignored). Rows may come in any order.
 */
import * as path from 'node:path';
import { detectSeparator, splitCsvLine } from '../data/csv';
import { DataValidationError } from '../data/errors';
import { MODEL_COLUMN_LABELS } from '../data/schema';
import { LineReader } from './lines';
import { CATEGORY_FEATURES, NUMERIC_FEATURES, ScoreInputError, type RecordSink, type RejectRule } from './records';
import { checkScoringRules, type ScoringRules } from './rules';
import { yieldToEventLoop, type JoinProgress } from './join';

const NUMBER = /^-?\d+(?:[.,]\d+)?$/;
const ID_TEXT = /^\d{1,9}$/;

/** Streams a merged table through the scoring rules into `sink`. */
export async function readMergedTable(file: string, rules: ScoringRules, sink: RecordSink, onProgress?: JoinProgress): Promise<void> {
  let reader: LineReader;
  try {
    reader = new LineReader(file);
  } catch (error) {
    throw new ScoreInputError(`cannot open ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const name = path.basename(file);
  try {
    const headerLine = reader.next();
    if (headerLine === null || headerLine.trim() === '') {
      throw new DataValidationError({ file: name, line: 1, column: null, expected: 'a header line', found: 'an empty file', foundIsValue: false });
    }
    const separator = detectSeparator(headerLine);
    const header = splitCsvLine(headerLine, separator).map((h) => h.trim());
    const byLabel = new Map<string, string>();
    for (const [field, label] of Object.entries(MODEL_COLUMN_LABELS)) {
      byLabel.set(field, field);
      byLabel.set(label, field);
    }
    const position = new Map<string, number>();
    header.forEach((h, i) => {
      const field = byLabel.get(h);
      if (field !== undefined && !position.has(field)) position.set(field, i);
    });
    const need = ['id', ...NUMERIC_FEATURES, ...CATEGORY_FEATURES];
    const missing = need.filter((f) => !position.has(f));
    if (missing.length > 0) {
      throw new DataValidationError({
        file: name,
        line: 1,
        column: missing[0]!,
        expected: `the columns id and the model's features (missing: ${missing.join(', ')})`,
        found: 'no such column',
        foundIsValue: false,
      });
    }
    const idAt = position.get('id')!;
    const numericAt = NUMERIC_FEATURES.map((f) => position.get(f)!);
    const categoryAt = CATEGORY_FEATURES.map((f) => position.get(f)!);
    const profitAt = position.get('profit');
    const revenueIndex = [8, 9, 10];
    const numeric = new Float64Array(NUMERIC_FEATURES.length);
    const revenue = new Float64Array(3);
    const categories: string[] = new Array(CATEGORY_FEATURES.length);
    let lines = 0;
    for (let text = reader.next(); text !== null; text = reader.next()) {
      if (text === '') continue;
      const lineNo = reader.lineNumber;
      if ((++lines & 0xfff) === 0) {
        onProgress?.(reader.bytesRead, reader.size);
        await yieldToEventLoop();
      }
      const fields = splitCsvLine(text, separator);
      const idText = fields[idAt] ?? '';
      const reject = (reason: string, rule: RejectRule = 'invalid-value') =>
        sink.reject({ id: idText, file: name, line: lineNo, rule, reason });
      if (fields.length !== header.length) {
        reject(`${name}, line ${lineNo}: expected ${header.length} fields, found ${fields.length}`);
        continue;
      }
      if (!ID_TEXT.test(idText) || Number(idText) === 0) {
        reject(`${name}, line ${lineNo}, column «${header[idAt]}»: expected a customer id (a positive whole number), found ${JSON.stringify(idText)}`);
        continue;
      }
      let bad = -1;
      for (let k = 0; k < numericAt.length; k++) {
        const t = fields[numericAt[k]!]!;
        if (!NUMBER.test(t)) {
          bad = k;
          break;
        }
        numeric[k] = Number(t.replace(',', '.'));
      }
      if (bad !== -1) {
        reject(`${name}, line ${lineNo}, column «${header[numericAt[bad]!]}»: expected a number, found ${JSON.stringify(fields[numericAt[bad]!])}`);
        continue;
      }
      let profit = NaN;
      if (profitAt !== undefined) {
        const t = fields[profitAt]!;
        if (!NUMBER.test(t)) {
          reject(`${name}, line ${lineNo}, column «${header[profitAt]}»: expected a number, found ${JSON.stringify(t)}`);
          continue;
        }
        profit = Number(t.replace(',', '.'));
      }
      for (let c = 0; c < categoryAt.length; c++) categories[c] = fields[categoryAt[c]!]!;
      for (let k = 0; k < 3; k++) revenue[k] = numeric[revenueIndex[k]!]!;
      const broken = checkScoringRules(revenue, categories, rules);
      if (broken !== null) {
        reject(broken.reason, broken.rule);
        continue;
      }
      sink.accept(Number(idText), numeric, categories, profit);
    }
    onProgress?.(reader.size, reader.size);
  } finally {
    reader.close();
  }
}
