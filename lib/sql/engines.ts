/**
 * Running the scoring SQL: DuckDB embedded (the `@duckdb/node-api` package, an optional dependency loaded on
 * first use) on the four CSV files, writing the same scores and rejects files as the streaming scorer; and
 * the checks both engines share (every table has the columns the SQL reads, before anything is written).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MARKET_FILES, MARKET_TABLE_KEYS, type MarketTableKey } from '../data/schema';
import { AtomicFileWriter } from '../io/atomic';
import { readModelFile, type LoadedModel } from '../model-file';
import { ScoreInputError, type RejectRule } from '../score/records';
import { csvField, rejectsPathFor, REJECTS_HEADER, SCORES_HEADER, type ScoreSummary } from '../score/scorer';
import { requiredColumns, scoringSql, sqlString } from './score-sql';

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

/** Reads each CSV header through DuckDB and checks its columns (a missing file or column is named). */
async function checkCsvColumns(db: DuckDbConnection, dir: string): Promise<void> {
  for (const table of MARKET_TABLE_KEYS) {
    const file = path.join(dir, MARKET_FILES[table]);
    if (!fs.existsSync(file)) throw new ScoreInputError(`${MARKET_FILES[table]}: ${file} does not exist (the DuckDB engine reads the four CSV files of a directory)`);
    const delim = table === 'profit' ? ';' : ',';
    const described = await db.runAndReadAll(
      `DESCRIBE SELECT * FROM read_csv(${sqlString(file)}, header = true, all_varchar = true, delim = ${sqlString(delim)}, quote = '"')`,
    );
    checkTableColumns(table, described.getRows().map((r) => String(r[0])), `${MARKET_FILES[table]} (${file})`);
  }
}

/** Creates the scoring views in a DuckDB connection, reading the CSV files of `dir`. */
export async function createDuckDbScoringViews(db: DuckDbConnection, loaded: LoadedModel, dir: string): Promise<void> {
  await checkCsvColumns(db, dir);
  const sql = scoringSql(loaded.file, { dialect: 'duckdb', source: { kind: 'csv', dir: path.resolve(dir) }, materialize: true });
  for (const statement of sqlStatements(sql)) await db.run(statement);
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
  const rejectsPath = options.rejects ?? rejectsPathFor(options.out);
  const scores = new AtomicFileWriter(options.out);
  const rejects = new AtomicFileWriter(rejectsPath);
  try {
    await createDuckDbScoringViews(db, loaded, options.data);
    scores.write(SCORES_HEADER + '\n');
    const segments: Record<string, number> = {};
    let scored = 0;
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
