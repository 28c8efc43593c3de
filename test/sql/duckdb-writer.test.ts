/**
 * The DuckDB engine's own writing: the scores file written by COPY … TO must be the bytes the streaming
 * scorer writes (toFixed(6) in SQL, ties included), a segment name the CSV writer would quote falls back to
 * the streamed rows, and the header check reads each file's first line in Node.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { modelChecksum, parseModelFile, serializeModelFile, type ModelFile } from '../../lib/model-file';
import { scoreCustomers } from '../../lib/score/scorer';
import { csvHeaderFields, openDuckDb, scoreWithDuckDb, toFixed6 } from '../../lib/sql/engines';
import { smallModel, syntheticDir, tempDir } from '../score/fixtures';

test('toFixed6 in DuckDB writes what Number.prototype.toFixed(6) writes, the exact ties (odd multiples of 1/128) included', async () => {
  const values: number[] = [0, 1, 5e-324, 1e-300, 0.5, 0.0000005, 0.0000015, 0.9999995, 0.1234565];
  for (let j = 0; j <= 128; j++) values.push(j / 128);
  let seed = 12345;
  for (let k = 0; k < 5000; k++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    values.push(seed / 2147483648);
  }
  const db = await openDuckDb();
  try {
    const list = values.map((v) => `(${values.indexOf(v)}, CAST('${String(v)}' AS FLOAT8))`).join(', ');
    const rows = (await db.runAndReadAll(`SELECT k, ${toFixed6('x')} FROM (VALUES ${list}) AS t(k, x) ORDER BY k`)).getRows();
    for (const [k, text] of rows) assert.equal(text, values[Number(k)]!.toFixed(6), `x = ${values[Number(k)]}`);
  } finally {
    db.closeSync();
  }
});

test('a segment name DuckDB would quote is written as the streaming scorer writes it (the streamed fallback)', async () => {
  const dir = syntheticDir(300, 41);
  const file = JSON.parse(serializeModelFile(smallModel(dir))) as ModelFile;
  (file.segments.rules as unknown as Array<{ name: string }>)[0]!.name = 'high risk, high "profit"';
  const model = parseModelFile(JSON.stringify({ ...file, checksum: modelChecksum(file) }));
  const work = tempDir('duckdb-writer-');
  const a = path.join(work, 'node.csv');
  const b = path.join(work, 'duckdb.csv');
  await scoreCustomers({ model, data: dir, out: a });
  const summary = await scoreWithDuckDb({ model, data: dir, out: b });
  assert.ok((summary.segments['high risk, high "profit"'] ?? 0) > 0);
  assert.equal(fs.readFileSync(b, 'utf8'), fs.readFileSync(a, 'utf8'));
});

test('csvHeaderFields reads the first line: a BOM dropped, CRLF, quotes undone, the delimiter given', () => {
  const work = tempDir('csv-header-');
  const file = path.join(work, 'h.csv');
  fs.writeFileSync(file, '\uFEFFid;"Прибыль";"a ""b""; c"\r\n1;2;3\r\n');
  assert.deepEqual(csvHeaderFields(file, ';'), ['id', 'Прибыль', 'a "b"; c']);
  fs.writeFileSync(file, '');
  assert.deepEqual(csvHeaderFields(file, ','), []);
  fs.writeFileSync(file, 'id,x'.repeat(30000));
  assert.equal(csvHeaderFields(file, ',').length, 30001);
});
