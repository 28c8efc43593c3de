/**
 * Running the scoring SQL: DuckDB embedded (the `@duckdb/node-api` package, an optional dependency loaded on
 * first use) on the four CSV files, writing the same scores and rejects files as the streaming scorer; and
 * the checks both engines share (every table has the columns the SQL reads, before anything is written).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitCsvLine, type Separator } from '../data/csv';
import { MARKET_FILES, MARKET_TABLE_KEYS, type MarketTableKey } from '../data/schema';
import { AtomicFileWriter } from '../io/atomic';
import { readModelFile, type LoadedModel } from '../model-file';
import { LineReader } from '../score/lines';
import { ScoreInputError, type RejectRule } from '../score/records';
import { csvField, rejectsPathFor, REJECTS_HEADER, SCORES_HEADER, type ScoreSummary } from '../score/scorer';
import { OTHER_SEGMENT, type SegmentRule } from '../segment/rules';
import { requiredColumns, scoringSql, sqlIdent, sqlString } from './score-sql';

/** The part of `@duckdb/node-api` used here (typed locally: the package is optional). */
interface DuckDbConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }>;
  stream(sql: string): Promise<{ fetchChunk(): Promise<{ rowCount: number; getRows(): unknown[][] } | null> }>;
  closeSync(): void;
}

/** Opens an in-memory DuckDB; a clear error when the optional package is not installed. */
export async function openDuckDb(): Promise<DuckDbConnection> {
  let api: { DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<DuckDbConnection> }> } };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    api = require('@duckdb/node-api');
  } catch (error) {
    throw new Error(`the DuckDB engine needs the optional package @duckdb/node-api (npm install @duckdb/node-api): ${(error as Error).message.split('\n')[0]}`);
  }
  const instance = await api.DuckDBInstance.create(':memory:');
  return instance.connect();
}

/** Splits a generated script into statements (statements end with `;` at a line end; no `;` inside strings there). */
export function sqlStatements(script: string): string[] {
  return script.split(/;\s*\n/).map((s) => s.replace(/^(\s*--[^\n]*\n)+/, '').trim()).filter((s) => s !== '' && !s.startsWith('--'));
}

/** Checks that a table's columns hold every column the SQL reads; throws a ScoreInputError naming the missing ones. */
export function checkTableColumns(table: MarketTableKey, have: readonly string[], where: string): void {
  const present = new Set(have.map((c) => c.trim().replace(/^\uFEFF/, '')));
  const missing = requiredColumns(table).filter((c) => !present.has(c));
  if (missing.length > 0) {
    throw new ScoreInputError(
      `${where} lacks the column${missing.length === 1 ? '' : 's'} ${missing.map((c) => `«${c}»`).join(', ')} (has: ${have.map((c) => `«${c}»`).join(', ')})`,
    );
  }
}

/**
 * The fields of a CSV file's first line (a BOM dropped, `"` quoting undone): read here rather than through a
 * DuckDB DESCRIBE of each file, which sniffed every file a second time before the real read.
 */
export function csvHeaderFields(file: string, delim: Separator): string[] {
  // The scorer's line reader (BOM and CR dropped), with a small chunk: only the first line is read.
  const reader = new LineReader(file, 1 << 16);
  try {
    const line = reader.next();
    return line === null || line === '' ? [] : splitCsvLine(line, delim);
  } finally {
    reader.close();
  }
}

/** Checks each CSV file's header against the columns the SQL reads (a missing file or column is named). */
function checkCsvColumns(dir: string): void {
  for (const table of MARKET_TABLE_KEYS) {
    const file = path.join(dir, MARKET_FILES[table]);
    if (!fs.existsSync(file)) throw new ScoreInputError(`${MARKET_FILES[table]}: ${file} does not exist (the DuckDB engine reads the four CSV files of a directory)`);
    checkTableColumns(table, csvHeaderFields(file, table === 'profit' ? ';' : ','), `${MARKET_FILES[table]} (${file})`);
  }
}

/** Creates the scoring views in a DuckDB connection, reading the CSV files of `dir`. */
export async function createDuckDbScoringViews(db: DuckDbConnection, loaded: LoadedModel, dir: string): Promise<void> {
  checkCsvColumns(dir);
  const sql = scoringSql(loaded.file, { dialect: 'duckdb', source: { kind: 'csv', dir: path.resolve(dir) }, materialize: true });
  for (const statement of sqlStatements(sql)) await db.run(statement);
}

/**
 * `x.toFixed(6)` in DuckDB: fmt's `{:.6f}` rounds the exact binary value as V8 does, except on an exact tie,
 * which it rounds to even where toFixed takes the larger; a double is such a tie only when it is an odd
 * multiple of 1/128 (x·128 whole), and there a nudge of 5e-8 (below half a unit of the 6th digit) picks
 * the larger.
 */
export function toFixed6(x: string): string {
  return `format('{:.6f}', CASE WHEN ${x} * 128 = floor(${x} * 128) THEN ${x} + CAST('5e-8' AS FLOAT8) ELSE ${x} END)`;
}

/** Options of {@link scoreWithDuckDb}. */
export interface DuckDbScoreOptions {
  model: string | LoadedModel;
  /** The directory with the four CSV files. */
  data: string;
  out: string;
  rejects?: string;
}

/**
 * Scores the four CSV files of a directory with the model's SQL in embedded DuckDB; writes the same files
 * as scoreCustomers (scores: id, dropProbability to 6 digits, segment; rejects: id, file, line, rule,
 * reason, the line left empty: a table has no line numbers), atomically.
 * @example await scoreWithDuckDb({model: 'models/model.json', data: 'data/', out: 'scores.csv'})
 */
export async function scoreWithDuckDb(options: DuckDbScoreOptions): Promise<ScoreSummary> {
  const loaded = typeof options.model === 'string' ? readModelFile(options.model) : options.model;
  if (!fs.existsSync(options.data) || !fs.statSync(options.data).isDirectory()) {
    throw new ScoreInputError(`data ${options.data} is not a directory with the four CSV files (the DuckDB engine reads market_file.csv, market_money.csv, market_time.csv, money.csv)`);
  }
  const db = await openDuckDb();
  // Every result this engine writes is ordered by ORDER BY; keeping the order rows were read in cost the
  // parsed customers' table a third of its time (measured in docs/benchmarks.md).
  await db.run('SET preserve_insertion_order = false');
  const rejectsPath = options.rejects ?? rejectsPathFor(options.out);
  const scores = new AtomicFileWriter(options.out);
  const rejects = new AtomicFileWriter(rejectsPath);
  try {
    await createDuckDbScoringViews(db, loaded, options.data);
    const segments: Record<string, number> = {};
    let scored = 0;
    const segmentNames = [...(loaded.file.segments.rules as unknown as SegmentRule[]).map((r) => r.name), OTHER_SEGMENT];
    if (segmentNames.every((name) => name !== '' && !/[",\r\n]/.test(name))) {
      // DuckDB writes the scores file itself (COPY … TO the writer's temporary file, renamed on commit as
      // before): formatting a million rows in V8 after fetching them chunk by chunk cost more than the SQL.
      // The script stores the scores (or the outcome table they are half of), so the segment counts below
      // do not compute the model a second time.
      const [idColumn, pColumn, segmentColumn] = SCORES_HEADER.split(',').map(sqlIdent);
      await db.run(
        `COPY (SELECT id AS ${idColumn}, ${toFixed6('"dropProbability"')} AS ${pColumn}, segment AS ${segmentColumn} FROM okc_scores ORDER BY id) ` +
          `TO ${sqlString(scores.temporaryPath)} (FORMAT csv, HEADER true, DELIMITER ',')`,
      );
      // In order of each segment's first customer, as the streamed rows below would count them.
      const counts = (await db.runAndReadAll('SELECT segment, COUNT(*), MIN(id) AS first FROM okc_scores GROUP BY segment ORDER BY first')).getRows();
      for (const [segment, n] of counts) {
        segments[String(segment)] = Number(n);
        scored += Number(n);
      }
    } else {
      // A segment name DuckDB's CSV writer would quote (the streaming scorer writes names as they are).
      scores.write(SCORES_HEADER + '\n');
      // Streamed chunk by chunk (2048 rows each): memory stays the engine's, not a copy of every row in V8.
      const result = await db.stream('SELECT id, "dropProbability", segment FROM okc_scores ORDER BY id');
      for (;;) {
        const chunk = await result.fetchChunk();
        if (chunk === null || chunk.rowCount === 0) break;
        const rows = chunk.getRows();
        let text = '';
        for (const [id, p, segment] of rows) {
          const name = String(segment);
          segments[name] = (segments[name] ?? 0) + 1;
          text += `${String(id)},${(p as number).toFixed(6)},${name}\n`;
        }
        scores.write(text);
        scored += rows.length;
      }
    }
    rejects.write(REJECTS_HEADER + '\n');
    const rejectedByRule: Partial<Record<RejectRule, number>> = {};
    const rejected = (await db.runAndReadAll('SELECT id, file, rule, reason FROM okc_rejects ORDER BY file, id, rule')).getRows();
    for (const [id, file, rule, reason] of rejected) {
      rejectedByRule[rule as RejectRule] = (rejectedByRule[rule as RejectRule] ?? 0) + 1;
      rejects.write(`${csvField(String(id ?? ''))},${csvField(String(file))},,${rule},${csvField(String(reason))}\n`);
    }
    scores.commit();
    rejects.commit();
    return { scored, rejected: rejected.length, rejectedByRule, segments, out: scores.target, rejectsPath: rejects.target, exitCode: rejected.length > 0 ? 3 : 0 };
  } catch (error) {
    scores.abort();
    rejects.abort();
    throw error;
  } finally {
    db.closeSync();
  }
}
