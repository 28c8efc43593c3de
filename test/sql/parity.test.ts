/**
 * Parity of the SQL scorer with the in-process scorer: every model family, on the synthetic data and (when
 * present) the store's real data, through DuckDB (CSV files) and PostgreSQL (tables loaded with COPY).
 * Same customers, same segments, |Δp| ≤ 1e-9, same rejects (id, file, rule; the reason too except for the
 * messages whose wording names line numbers, which tables do not have).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { EstimatorSpec } from '../../lib/core/types';
import { prepareStudyData } from '../../lib/data/prepare';
import { parseModelFile, serializeModelFile, type LoadedModel } from '../../lib/model-file';
import '../../lib/models/index';
import { studyPipelineSpec } from '../../lib/preprocess/study';
import { fitModelFile } from '../../lib/study/model';
import { editFile, syntheticDir, tempDir } from '../score/fixtures';
import { createDuckDbScoringViews, openDuckDb, scoreWithDuckDb } from '../../lib/sql/engines';
import { scoreCustomers } from '../../lib/score/scorer';
import { postgresSkipReason, scoreInProcess, scoreWithDuckDbViews, scoreWithPostgres, type EngineResult } from './engines';

const TOLERANCE = 1e-9;
const REAL_DATA = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'data');
const realDir = ['/work/shared/data', REAL_DATA].find((d) => fs.existsSync(path.join(d, 'market_file.csv')));

/** One small model per family (and scaler / calibration variants), quick to fit. */
const FAMILIES: Array<{ name: string; model: EstimatorSpec; scaler?: 'standard' | 'minmax' | 'none' }> = [
  { name: 'logistic', model: { kind: 'logistic', params: { C: 0.5 } } },
  { name: 'logistic-minmax', model: { kind: 'logistic', params: {} }, scaler: 'minmax' },
  { name: 'tree', model: { kind: 'tree', params: { maxDepth: 5, minSamplesLeaf: 5 } } },
  { name: 'forest', model: { kind: 'forest', params: { nEstimators: 12, maxDepth: 6, seed: 3 } }, scaler: 'none' },
  { name: 'svc-rbf', model: { kind: 'svc', params: { kernel: 'rbf', C: 1, seed: 5 } } },
  { name: 'svc-linear', model: { kind: 'svc', params: { kernel: 'linear', C: 0.5, seed: 5 } } },
  { name: 'knn', model: { kind: 'knn', params: { k: 7 } } },
  { name: 'knn-distance', model: { kind: 'knn', params: { k: 5, weights: 'distance', metric: 'manhattan' } } },
  { name: 'calibrated-sigmoid', model: { kind: 'calibrated', params: { method: 'sigmoid', base: { kind: 'tree', params: { maxDepth: 4 } } } } },
  { name: 'calibrated-isotonic', model: { kind: 'calibrated', params: { method: 'isotonic', base: { kind: 'logistic', params: {} } } } },
];

const pgSkip = postgresSkipReason();
if (pgSkip) process.stderr.write(`# PostgreSQL parity skipped: ${pgSkip}\n`);

/** The largest |Δp| per family and engine, printed at the end (the report's figures). */
const largest: Record<string, number> = {};

function compare(label: string, reference: EngineResult, sql: EngineResult): void {
  assert.deepEqual([...sql.scores.keys()], [...reference.scores.keys()], `${label}: the same customers are scored`);
  let worst = 0;
  for (const [id, ref] of reference.scores) {
    const got = sql.scores.get(id)!;
    const d = Math.abs(got.p - ref.p);
    if (d > worst) worst = d;
    assert.ok(d <= TOLERANCE, `${label}: customer ${id} p ${got.p} vs ${ref.p} (|Δp| ${d})`);
    assert.equal(got.segment, ref.segment, `${label}: customer ${id} segment`);
  }
  largest[label] = Math.max(largest[label] ?? 0, worst);
  const comparable = (rows: EngineResult['rejects']) =>
    rows.map((r) => `${r.id}|${r.file}|${r.rule}|${r.rule === 'duplicate' || r.rule === 'invalid-value' ? '' : r.reason}`);
  assert.deepEqual(comparable(sql.rejects), comparable(reference.rejects), `${label}: the same rejects`);
}

function fitted(dir: string, family: (typeof FAMILIES)[number]): LoadedModel {
  const { table } = prepareStudyData({ dataDir: dir });
  const spec = studyPipelineSpec(family.model, family.scaler ? { scaler: family.scaler } : {});
  return parseModelFile(serializeModelFile(fitModelFile(table, { spec, sourceKind: 'explicit' }).file));
}

const datasets: Array<{ name: string; dir: string | undefined }> = [
  { name: 'synthetic', dir: syntheticDir(300, 21) },
  { name: 'real', dir: realDir },
];

for (const data of datasets) {
  for (const family of FAMILIES) {
    test(`${data.name} data, ${family.name}: DuckDB and PostgreSQL score as the in-process scorer`, { skip: data.dir === undefined ? 'the real data (/work/shared/data) is absent' : false }, async () => {
      const model = fitted(data.dir!, family);
      const reference = await scoreInProcess(model, data.dir!);
      assert.ok(reference.scores.size > 200);
      compare(`${family.name} duckdb`, reference, await scoreWithDuckDbViews(model, data.dir!));
      if (!pgSkip) compare(`${family.name} postgres`, reference, await scoreWithPostgres(model, data.dir!));
    });
  }
}

test('largest |Δp| per family and engine', () => {
  for (const [label, d] of Object.entries(largest)) process.stdout.write(`# max |Δp| ${label}: ${d.toExponential(2)}\n`);
});

/** A copy of the synthetic files to edit, the first family's model fitted on the originals, and their scored ids. */
async function editableCopy(prefix: string): Promise<{ dir: string; model: LoadedModel; ids: number[] }> {
  const base = datasets[0]!.dir!;
  const dir = tempDir(prefix);
  for (const f of fs.readdirSync(base)) fs.copyFileSync(path.join(base, f), path.join(dir, f));
  const model = fitted(base, FAMILIES[0]!);
  return { dir, model, ids: [...(await scoreInProcess(model, base)).scores.keys()] };
}

test('row problems give the same rejects in SQL as in the streaming scorer (bad values, missing and extra rows, a second profit)', async () => {
  const { dir, model, ids } = await editableCopy('sql-broken-');
  const [badValue, noMinutes, removed, badRevenue, twoProfits, badCategory] = [ids[10]!, ids[20]!, ids[30]!, ids[12]!, ids[22]!, ids[40]!];
  editFile(dir, 'market_file.csv', (t) =>
    t.split('\r\n').filter((l) => !l.startsWith(`${removed},`)).map((l) => {
      const f = l.split(',');
      if (l.startsWith(`${badValue},`)) f[6] = 'abc';
      if (l.startsWith(`${badCategory},`)) f[8] = 'Книги';
      return f.join(',');
    }).join('\r\n'));
  editFile(dir, 'market_time.csv', (t) => t.split('\r\n').filter((l) => !(l.startsWith(`${noMinutes},`) && l.includes('текущий_месяц'))).join('\r\n'));
  editFile(dir, 'market_money.csv', (t) => t.split('\r\n').map((l) => (l.startsWith(`${badRevenue},`) && l.includes('текущий_месяц') ? l.replace(/,[^,]*$/, ',много') : l)).join('\r\n'));
  editFile(dir, 'money.csv', (t) => t.split('\r\n').flatMap((l) => (l.startsWith(`${twoProfits};`) ? [l, `${twoProfits};99,5`] : [l])).join('\r\n'));
  const reference = await scoreInProcess(model, dir);
  const rules = (r: EngineResult) => r.rejects.filter((x) => x.rule !== 'duplicate').map((x) => `${x.id}|${x.file}|${x.rule}`);
  assert.ok(rules(reference).length >= 10);
  compare('broken rows duckdb', reference, await scoreWithDuckDbViews(model, dir));
  assert.deepEqual(rules(await scoreWithDuckDbViews(model, dir)), rules(reference));
  if (!pgSkip) compare('broken rows postgres', reference, await scoreWithPostgres(model, dir));
});

test('ids and numbers in forms a cast would take but the library refuses (+5, " 5", 5.0, 1_000, 6e2) are rejected alike; leading zeros and decimal commas are read alike', async () => {
  const { dir, model, ids } = await editableCopy('sql-forms-');
  const idForms: Record<number, (id: number) => string> = {
    [ids[5]!]: (id) => `00${id}`,
    [ids[15]!]: (id) => `+${id}`,
    [ids[25]!]: (id) => ` ${id}`,
    [ids[35]!]: (id) => `${id}.0`,
    [ids[45]!]: (id) => `${String(id).slice(0, 3)}_${String(id).slice(3)}`,
  };
  const [exponent, comma, zeros] = [ids[50]!, ids[55]!, ids[60]!];
  editFile(dir, 'market_file.csv', (t) =>
    t.split('\r\n').map((l) => {
      const f = l.split(',');
      const id = Number(f[0]);
      if (idForms[id]) f[0] = idForms[id]!(id);
      if (id === exponent) f[6] = '6e2';
      if (id === zeros) f[6] = '0600';
      return f.join(',');
    }).join('\r\n'));
  editFile(dir, 'market_money.csv', (t) =>
    t.split('\r\n').map((l) => (l.startsWith(`${comma},`) ? l.replace(/,([0-9]+)\.([0-9]+)$/, ',"$1,$2"') : l.startsWith(`${ids[65]!},`) ? `0${l}` : l)).join('\r\n'));
  const reference = await scoreInProcess(model, dir);
  assert.ok(reference.scores.has(ids[5]!) && reference.scores.has(comma) && reference.scores.has(zeros), 'leading zeros and a decimal comma are read');
  assert.ok(!reference.scores.has(ids[15]!) && !reference.scores.has(exponent), 'a sign and an exponent are refused');
  compare('forms duckdb', reference, await scoreWithDuckDbViews(model, dir));
  if (!pgSkip) compare('forms postgres', reference, await scoreWithPostgres(model, dir));
});

test('a customer repeated exactly is scored once; repeated with one field changed (or a field empty in one copy, or a "|" moved from one number to the next), none of its rows is scored, in both engines', async () => {
  const { dir, model, ids } = await editableCopy('sql-repeats-');
  const [exact, changed, emptied, shifted] = [ids[7]!, ids[17]!, ids[27]!, ids[37]!];
  editFile(dir, 'market_file.csv', (t) =>
    t.split('\r\n').flatMap((l) => {
      const f = l.split(',');
      const id = Number(f[0]);
      if (id === exact) return [l, l];
      if (id === changed) return [l, [...f.slice(0, 6), String(Number(f[6]) + 1), ...f.slice(7)].join(',')];
      if (id === emptied) return [l, [...f.slice(0, 6), '', ...f.slice(7)].join(',')];
      // The numbers joined by '|' read the same in both rows (DuckDB's key hashes that text where the
      // numbers match their pattern; these do not, so it hashes every field).
      if (id === shifted) return [[...f.slice(0, 4), `${f[4]}|1`, '2', ...f.slice(6)].join(','), [...f.slice(0, 5), '1|2', ...f.slice(6)].join(',')];
      return [l];
    }).join('\r\n'));
  const engines: Array<[string, EngineResult]> = [['duckdb', await scoreWithDuckDbViews(model, dir)]];
  if (!pgSkip) engines.push(['postgres', await scoreWithPostgres(model, dir)]);
  for (const [name, result] of engines) {
    assert.ok(result.scores.has(exact), `${name}: the exact repeat is scored`);
    assert.ok(!result.scores.has(changed) && !result.scores.has(emptied), `${name}: a customer with two different rows is not scored`);
    const reasons = (id: number) => result.rejects.filter((r) => r.id === String(id) && r.rule === 'duplicate').map((r) => r.reason);
    assert.deepEqual(reasons(exact), [`exact repeat: customer ${exact} is scored once`], name);
    assert.equal(reasons(changed).length, 2, `${name}: both rows of ${changed} are rejected`);
    assert.match(reasons(emptied)[0]!, /appears with different values/, name);
    assert.ok(!result.scores.has(shifted), `${name}: ${shifted} is not scored`);
    assert.deepEqual(reasons(shifted).map((r) => /appears with different values/.test(r)), [true, true], `${name}: both rows of ${shifted} differ`);
  }
});

test('the DuckDB engine stores okc_outcome for a model of one row at a time and okc_checked for the others; its scores file is the in-process scorer\'s', async () => {
  const dir = syntheticDir(300, 21);
  const work = tempDir('sql-outcome-');
  for (const [name, stored] of [['logistic', 'okc_outcome'], ['calibrated-sigmoid', 'okc_outcome'], ['knn', 'okc_checked'], ['svc-rbf', 'okc_checked']] as const) {
    const model = fitted(dir, FAMILIES.find((f) => f.name === name)!);
    const db = await openDuckDb();
    try {
      await createDuckDbScoringViews(db, model, dir);
      const tables = (await db.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE table_name IN ('okc_outcome', 'okc_checked')")).getRows().map((r) => String(r[0]));
      assert.deepEqual(tables, [stored], `${name}: the stored table`);
    } finally {
      db.closeSync();
    }
    const a = path.join(work, `${name}-node.csv`);
    const b = path.join(work, `${name}-duckdb.csv`);
    await scoreCustomers({ model, data: dir, out: a });
    await scoreWithDuckDb({ model, data: dir, out: b });
    assert.equal(fs.readFileSync(b, 'utf8'), fs.readFileSync(a, 'utf8'), `${name}: the scores file`);
  }
});
