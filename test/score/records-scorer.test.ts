import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareStudyData } from '../../lib/data/prepare';
import { MODEL_COLUMN_LABELS } from '../../lib/data/schema';
import { scoreCustomers } from '../../lib/score/scorer';
import { parseModelFile, serializeModelFile } from '../../lib/model-file';
import { scoreRecords, type CustomerRecord } from '../../lib/score/records-scorer';
import { smallModel, syntheticDir, tempDir } from './fixtures';

test('scoreRecords scores in memory exactly as the file scorer does, and rejects what it rejects, with reasons', async () => {
  const dir = syntheticDir(200, 17);
  const model = parseModelFile(serializeModelFile(smallModel(syntheticDir(300, 18))));
  const out = path.join(tempDir('records-'), 'scores.csv');
  await scoreCustomers({ model, data: dir, out });
  const fromFile = fs.readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const { table } = prepareStudyData({ dataDir: dir });
  // Records as a script would hold them: Russian column names for half the customers.
  const records: CustomerRecord[] = Array.from(table.ids, (id, i) => {
    const r: Record<string, number | string> = { id, profit: table.profit[i]! };
    for (const [name, column] of Object.entries(table.features.columns)) r[i % 2 ? MODEL_COLUMN_LABELS[name] ?? name : name] = column[i]!;
    return r as CustomerRecord;
  });
  const { scored, rejected } = scoreRecords(model, records);
  assert.equal(scored.length, fromFile.length);
  assert.deepEqual(rejected, []);
  const fileById = new Map(fromFile.map(([id, p, s]) => [Number(id), { p: Number(p), s }]));
  for (const c of scored) {
    const f = fileById.get(c.id);
    assert.ok(f, `customer ${c.id} is scored from the files too`);
    assert.ok(Math.abs(f!.p - c.dropProbability) < 5e-7, `${c.id}: ${f!.p} vs ${c.dropProbability}`);
    assert.equal(c.segment, f!.s);
  }
  // A record with a missing feature, one inactive in a month and one with an unknown category are rejected.
  const bad = scoreRecords(model, [
    { ...records[0]!, id: 1, pagesPerVisit: undefined },
    { ...records[2]!, id: 2, revenueCurrentMonth: 0 },
    { ...records[4]!, id: 3, popularCategory: 'Автомобили' },
  ]);
  assert.deepEqual(bad.scored, []);
  assert.deepEqual(bad.rejected.map((r) => [r.id, r.line, r.rule]), [['1', 1, 'invalid-value'], ['2', 2, 'inactive'], ['3', 3, 'unknown-category']]);
  assert.match(bad.rejected[0]!.reason, /pagesPerVisit: expected a number, found no value/);
  // Without profit the segments are unknown, the probabilities the same.
  const noProfit = scoreRecords(model, records.slice(0, 4).map(({ profit: _p, ...r }) => r as CustomerRecord));
  assert.deepEqual(noProfit.scored.map((s) => s.segment), [null, null, null, null]);
});
