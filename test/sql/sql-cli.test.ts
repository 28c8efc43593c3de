/**
 * The SQL side of `npm run score`: --emit-sql writes one script per dialect, --engine duckdb scores the CSV
 * files as the default engine does, and bad input (unknown dialect, a model file of another schema version,
 * a table lacking a column) is refused with a message naming it, exit 1 and nothing written.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { modelChecksum, serializeModelFile, writeModelFile, type ModelFile } from '../../lib/model-file';
import { editFile, smallModel, syntheticDir, tempDir } from '../score/fixtures';

const root = path.resolve(__dirname, '../..');
const dataDir = syntheticDir(200, 33);
const modelFile = smallModel(dataDir);
const work = tempDir('sql-cli-');
const modelPath = path.join(work, 'model.json');
writeModelFile(modelPath, modelFile);

function score(args: string[]) {
  return spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(root, 'scripts/score.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
}

function assertRefused(r: ReturnType<typeof score>, message: RegExp, unwritten: string[]) {
  assert.equal(r.status, 1, `exit 1 expected, got ${r.status}: ${r.stderr}`);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  for (const file of unwritten) assert.equal(fs.existsSync(file), false, `${file} must not be written`);
  assert.deepEqual(fs.readdirSync(path.dirname(unwritten[0]!)).filter((f) => f.includes('.tmp')), [], 'no temporary left');
}

test('--emit-sql writes a script of views for each dialect', () => {
  for (const dialect of ['duckdb', 'postgres']) {
    const file = path.join(work, `score-${dialect}.sql`);
    const r = score(['--model', modelPath, '--emit-sql', file, '--dialect', dialect]);
    assert.equal(r.status, 0, r.stderr);
    const sql = fs.readFileSync(file, 'utf8');
    assert.match(sql, /CREATE OR REPLACE VIEW okc_scores AS/);
    assert.match(sql, /CREATE OR REPLACE VIEW okc_rejects AS/);
    assert.match(sql, dialect === 'duckdb' ? /regexp_full_match/ : / ~ '/);
  }
});

test('--engine duckdb writes the same scores and the same rejected customers as the default engine', () => {
  const a = path.join(work, 'node.csv');
  const b = path.join(work, 'duckdb.csv');
  assert.equal(score(['--model', modelPath, '--data', dataDir, '--out', a, '--quiet']).status, 3);
  const r = score(['--model', modelPath, '--data', dataDir, '--out', b, '--engine', 'duckdb']);
  assert.equal(r.status, 3, r.stderr);
  assert.equal(fs.readFileSync(b, 'utf8'), fs.readFileSync(a, 'utf8'));
  const rejected = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).concat(l.split(',')[3]!).join(',')).sort();
  assert.deepEqual(rejected(path.join(work, 'duckdb.rejects.csv')), rejected(path.join(work, 'node.rejects.csv')));
});

test('an unknown dialect is refused, naming it; nothing is written', () => {
  const file = path.join(work, 'oracle.sql');
  assertRefused(score(['--model', modelPath, '--emit-sql', file, '--dialect', 'oracle']), /unknown SQL dialect 'oracle' \(expected duckdb or postgres\)/, [file]);
});

test('a model file of another schema version is refused; nothing is written', () => {
  const body = { ...(JSON.parse(serializeModelFile(modelFile)) as ModelFile), schemaVersion: 99 };
  const old = path.join(work, 'v99.json');
  fs.writeFileSync(old, JSON.stringify({ ...body, checksum: modelChecksum(body) }));
  const file = path.join(work, 'v99.sql');
  assertRefused(score(['--model', old, '--emit-sql', file]), /schema version 99/, [file]);
  const out = path.join(work, 'v99.csv');
  assertRefused(score(['--model', old, '--data', dataDir, '--out', out, '--engine', 'duckdb']), /schema version 99/, [out]);
});

test('a table lacking a column is refused by the DuckDB engine, naming the file and the column; nothing is written', () => {
  const dir = tempDir('lacking-');
  for (const f of fs.readdirSync(dataDir)) fs.copyFileSync(path.join(dataDir, f), path.join(dir, f));
  editFile(dir, 'market_time.csv', (t) => t.split('\r\n').map((l) => l.split(',').slice(0, 2).join(',')).join('\r\n'));
  const out = path.join(work, 'lacking.csv');
  assertRefused(score(['--model', modelPath, '--data', dir, '--out', out, '--engine', 'duckdb']), /market_time\.csv .* lacks the column «минут»/, [out, path.join(work, 'lacking.rejects.csv')]);
});
