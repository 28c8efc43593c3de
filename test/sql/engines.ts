/**
 * Test helpers for the SQL scorer: the in-process reference (the streaming reader's accepted rows scored by
 * the pipeline), DuckDB on the CSV files, and PostgreSQL on the four tables loaded with COPY (psql \copy),
 * each returning scores by id and the rejects.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, FrameColumn } from '../../lib/core/types';
import { MARKET_FILES, MARKET_TABLE_KEYS } from '../../lib/data/schema';
import type { LoadedModel } from '../../lib/model-file';
import { joinMarketFiles } from '../../lib/score/join';
import { CATEGORY_FEATURES, NUMERIC_FEATURES, type Rejection } from '../../lib/score/records';
import { scoringRulesOf } from '../../lib/score/rules';
import { segmentCustomers, type SegmentRule } from '../../lib/segment/rules';
import { createDuckDbScoringViews, openDuckDb, sqlStatements } from '../../lib/sql/engines';
import { scoringSql, SQL_TABLE_NAMES } from '../../lib/sql/score-sql';

/** One engine's result. */
export interface EngineResult {
  /** id → [p, segment], ids ascending. */
  scores: Map<number, { p: number; segment: string }>;
  /** Rejects as `id|file|rule|reason`, sorted. */
  rejects: Array<{ id: string; file: string; rule: string; reason: string }>;
}

/** The in-process scorer's logic at full precision: joinMarketFiles' accepted rows → pipeline → segments. */
export async function scoreInProcess(model: LoadedModel, dir: string): Promise<EngineResult> {
  const ids: number[] = [];
  const profit: number[] = [];
  const numeric = NUMERIC_FEATURES.map(() => [] as number[]);
  const categories = CATEGORY_FEATURES.map(() => [] as string[]);
  const rejects: Rejection[] = [];
  await joinMarketFiles(dir, scoringRulesOf(model.file), {
    accept(id, values, cats, p) {
      ids.push(id);
      profit.push(p);
      for (let k = 0; k < numeric.length; k++) numeric[k]!.push(values[k]!);
      for (let k = 0; k < categories.length; k++) categories[k]!.push(cats[k]!);
    },
    reject(r) {
      rejects.push(r);
    },
  });
  const columns: Record<string, FrameColumn> = {};
  NUMERIC_FEATURES.forEach((name, k) => (columns[name] = Float64Array.from(numeric[k]!)));
  CATEGORY_FEATURES.forEach((name, k) => (columns[name] = categories[k]!));
  const frame: Frame = { nRows: ids.length, columns };
  const p = model.pipeline.predictProba(frame);
  const { assignment } = segmentCustomers({ ids, dropProbability: p, profit: Float64Array.from(profit), features: frame }, model.file.segments.rules as unknown as SegmentRule[]);
  const scores = new Map<number, { p: number; segment: string }>();
  ids.forEach((id, i) => scores.set(id, { p: p[i]!, segment: assignment[i]! }));
  return { scores, rejects: sortRejects(rejects.map((r) => ({ id: r.id, file: r.file, rule: r.rule, reason: r.reason }))) };
}

function sortRejects<T extends { id: string; file: string; rule: string; reason: string }>(rows: T[]): T[] {
  const key = (r: T) => `${r.file}|${r.id.padStart(12, '0')}|${r.rule}|${r.reason}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function collect(scoreRows: unknown[][], rejectRows: unknown[][]): EngineResult {
  const scores = new Map<number, { p: number; segment: string }>();
  for (const [id, p, segment] of scoreRows) scores.set(Number(id), { p: Number(p), segment: String(segment) });
  const rejects = rejectRows.map(([id, file, rule, reason]) => ({ id: String(id ?? ''), file: String(file), rule: String(rule), reason: String(reason) }));
  return { scores, rejects: sortRejects(rejects) };
}

/** DuckDB on the CSV files of `dir`. */
export async function scoreWithDuckDbViews(model: LoadedModel, dir: string): Promise<EngineResult> {
  const db = await openDuckDb();
  try {
    await createDuckDbScoringViews(db, model, dir);
    const scores = (await db.runAndReadAll('SELECT id, "dropProbability", segment FROM okc_scores ORDER BY id')).getRows();
    const rejects = (await db.runAndReadAll('SELECT id, file, rule, reason FROM okc_rejects')).getRows();
    return collect(scores, rejects);
  } finally {
    db.closeSync();
  }
}

/** Why PostgreSQL tests are skipped, or null when a server is configured (PGHOST, as .ci/run exports it). */
export function postgresSkipReason(): string | null {
  if (!process.env.PGHOST) return 'no PostgreSQL server configured (set PGHOST/PGUSER/PGDATABASE; .ci/run starts one)';
  if (spawnSync('psql', ['--version']).status !== 0) return 'psql is not installed (Debian package postgresql-client)';
  return null;
}

let schemaCounter = 0;

/** PostgreSQL: the four files COPYed into text tables of a fresh schema, then the postgres dialect's views. */
export async function scoreWithPostgres(model: LoadedModel, dir: string): Promise<EngineResult> {
  const { Client } = await import('pg');
  const schema = `okc_test_${process.pid}_${++schemaCounter}`;
  const client = new Client();
  await client.connect();
  try {
    // A plan gone wrong fails its test in two minutes instead of holding CI until its time runs out.
    await client.query(`SET statement_timeout = '120s'`);
    await client.query(`CREATE SCHEMA ${schema}`);
    const copies: string[] = [];
    for (const table of MARKET_TABLE_KEYS) {
      const file = path.join(dir, MARKET_FILES[table]);
      const header = fs.readFileSync(file, 'utf8').split(/\r?\n/, 1)[0]!.replace(/^\uFEFF/, '');
      const delim = table === 'profit' ? ';' : ',';
      const columns = header.split(delim).map((c) => `"${c.trim()}" text`);
      await client.query(`CREATE TABLE ${schema}.${SQL_TABLE_NAMES[table]} (${columns.join(', ')})`);
      copies.push(`\\copy ${schema}.${SQL_TABLE_NAMES[table]} FROM '${file.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true, DELIMITER '${delim}')`);
    }
    const psql = spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-q'], { input: copies.join('\n') + '\n', encoding: 'utf8' });
    if (psql.status !== 0) throw new Error(`psql \\copy failed: ${psql.stderr}`);
    // Statistics now, not whenever autovacuum's next round comes: the planner's choice must not depend on it.
    for (const table of MARKET_TABLE_KEYS) await client.query(`ANALYZE ${schema}.${SQL_TABLE_NAMES[table]}`);
    await client.query(`SET search_path TO ${schema}`);
    for (const statement of sqlStatements(scoringSql(model.file, { dialect: 'postgres' }))) await client.query(statement);
    const scores = await client.query({ text: 'SELECT id, "dropProbability", segment FROM okc_scores ORDER BY id', rowMode: 'array' });
    const rejects = await client.query({ text: 'SELECT id, file, rule, reason FROM okc_rejects', rowMode: 'array' });
    return collect(scores.rows as unknown[][], rejects.rows as unknown[][]);
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await client.end();
  }
}
