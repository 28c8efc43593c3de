import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareStudyData } from '../../lib/data/prepare';
import { DataValidationError } from '../../lib/data/errors';
import { modelChecksum, writeModelFile, ModelFileError, type ModelFile } from '../../lib/model-file';
import { parseModelFile, serializeModelFile } from '../../lib/model-file';
import { scoreCustomers, rejectsPathFor, REJECTS_HEADER, SCORES_HEADER } from '../../lib/score/scorer';
import { ScoreInputError } from '../../lib/score/records';
import { editFile, smallModel, syntheticDir, tempDir } from './fixtures';

const dataDir = syntheticDir(300, 21);
const modelFile = smallModel(dataDir);
const model = parseModelFile(serializeModelFile(modelFile));
const study = prepareStudyData({ dataDir });

function copyDir(from: string): string {
  const to = tempDir('copy-');
  for (const f of fs.readdirSync(from)) fs.copyFileSync(path.join(from, f), path.join(to, f));
  return to;
}

function readCsv(file: string): string[][] {
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
}

function rejectRows(file: string): Array<{ id: string; file: string; line: string; rule: string; reason: string }> {
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  assert.equal(lines[0], REJECTS_HEADER);
  return lines.slice(1).map((l) => {
    const [id, f, line, rule, ...rest] = l.split(',');
    return { id: id!, file: f!, line: line!, rule: rule!, reason: rest.join(',').replace(/^"|"$/g, '') };
  });
}

test('scores every customer the study keeps, with the pipeline\'s probabilities, and rejects the rest with reasons', async () => {
  const out = path.join(tempDir('scores-'), 'scores.csv');
  const summary = await scoreCustomers({ model, data: dataDir, out, batchSize: 64 });
  const rows = readCsv(out);
  assert.equal(rows[0]!.join(','), SCORES_HEADER);
  const body = rows.slice(1);
  assert.equal(summary.scored, study.table.ids.length);
  assert.deepEqual(body.map((r) => Number(r[0])), Array.from(study.table.ids));
  const expected = model.pipeline.predictProba(study.table.features);
  body.forEach((r, i) => assert.equal(r[1], expected[i]!.toFixed(6)));
  const segmentNames = new Set((modelFile.segments.rules as Array<{ name: string }>).map((r) => r.name).concat('other'));
  assert.ok(body.every((r) => segmentNames.has(r[2]!)));

  const rejects = rejectRows(rejectsPathFor(out));
  assert.equal(summary.exitCode, 3);
  assert.equal(summary.rejected, rejects.length);
  const idsOf = (rule: string) => rejects.filter((r) => r.rule === rule).map((r) => Number(r.id)).sort((a, b) => a - b);
  assert.deepEqual(idsOf('inactive'), [...study.clean.excluded.inactive]);
  assert.deepEqual(idsOf('extreme-revenue'), [...study.clean.excluded.extremeRevenue]);
  assert.equal(idsOf('duplicate').length, 1);
  assert.match(rejects.find((r) => r.rule === 'inactive')!.reason, /not active in all 3 months/);
  assert.match(rejects.find((r) => r.rule === 'duplicate')!.reason, /exact repeat of line \d+/);
});

test('the batch size does not change the output, and the target column may be absent', async () => {
  const a = path.join(tempDir('scores-'), 'a.csv');
  await scoreCustomers({ model, data: dataDir, out: a, batchSize: 7 });
  const noTarget = copyDir(dataDir);
  editFile(noTarget, 'market_file.csv', (t) => t.split('\r\n').map((l) => l === '' ? l : l.split(',').filter((_, j) => j !== 1).join(',')).join('\r\n'));
  const b = path.join(tempDir('scores-'), 'b.csv');
  await scoreCustomers({ model, data: noTarget, out: b });
  assert.equal(fs.readFileSync(a, 'utf8'), fs.readFileSync(b, 'utf8'));
});

test('row problems become rejects naming file, line and column; other customers are still scored', async () => {
  const dir = copyDir(dataDir);
  const ids = Array.from(study.table.ids);
  const [badValue, noMinutes, removed] = [ids[10]!, ids[20]!, ids[30]!];
  editFile(dir, 'market_file.csv', (t) =>
    t.split('\r\n').filter((l) => !l.startsWith(`${removed},`)).map((l) => {
      if (!l.startsWith(`${badValue},`)) return l;
      const f = l.split(',');
      f[6] = 'abc';
      return f.join(',');
    }).join('\r\n'));
  editFile(dir, 'market_time.csv', (t) => t.split('\r\n').filter((l) => !l.startsWith(`${noMinutes},`)).join('\r\n'));
  const out = path.join(tempDir('scores-'), 'scores.csv');
  const summary = await scoreCustomers({ model, data: dir, out });
  const rejects = rejectRows(rejectsPathFor(out));
  const of = (id: number) => rejects.filter((r) => Number(r.id) === id);
  assert.equal(of(badValue).length, 1, 'the bad row only; its rows in other files are not misreported');
  assert.equal(of(badValue)[0]!.rule, 'invalid-value');
  assert.match(of(badValue)[0]!.reason, /market_file\.csv, line \d+, column «Длительность»: expected a whole number, found ""?abc/);
  assert.equal(of(noMinutes)[0]!.rule, 'missing-rows');
  assert.match(of(noMinutes)[0]!.reason, /market_time\.csv: no row for customer \d+/);
  assert.deepEqual(of(removed).map((r) => r.file).sort(), ['market_money.csv', 'market_money.csv', 'market_money.csv', 'market_time.csv', 'market_time.csv', 'money.csv']);
  assert.ok(of(removed).every((r) => r.rule === 'unknown-customer'));
  assert.equal(summary.scored, study.table.ids.length - 3);
});

test('a problem in another file is reported where it is: that file and its line (a missing row: no line)', async () => {
  const dir = copyDir(dataDir);
  const ids = Array.from(study.table.ids);
  const [badRevenue, twoProfits, noMinutes] = [ids[12]!, ids[22]!, ids[32]!];
  const lineOf = (file: string, id: number, nth = 0) => fs.readFileSync(path.join(dir, file), 'utf8').split('\r\n').map((l, i) => [l, i + 1] as const).filter(([l]) => l.startsWith(`${id},`) || l.startsWith(`${id};`))[nth]![1];
  editFile(dir, 'market_money.csv', (t) => t.split('\r\n').map((l) => (l.startsWith(`${badRevenue},`) && l.includes('текущий_месяц') ? l.replace(/,[^,]*$/, ',много') : l)).join('\r\n'));
  editFile(dir, 'money.csv', (t) => t.split('\r\n').flatMap((l) => (l.startsWith(`${twoProfits};`) ? [l, `${twoProfits};99,5`] : [l])).join('\r\n'));
  editFile(dir, 'market_time.csv', (t) => t.split('\r\n').filter((l) => !(l.startsWith(`${noMinutes},`) && l.includes('текущий_месяц'))).join('\r\n'));
  const revenueLine = fs.readFileSync(path.join(dir, 'market_money.csv'), 'utf8').split('\r\n').findIndex((l) => l.startsWith(`${badRevenue},`) && l.endsWith(',много')) + 1;
  const out = path.join(tempDir('scores-'), 'scores.csv');
  await scoreCustomers({ model, data: dir, out });
  const rejects = rejectRows(rejectsPathFor(out));
  const of = (id: number) => {
    const rows = rejects.filter((r) => Number(r.id) === id);
    assert.equal(rows.length, 1, `one reject for customer ${id}`);
    return rows[0]!;
  };
  const revenue = of(badRevenue);
  assert.deepEqual([revenue.file, revenue.line, revenue.rule], ['market_money.csv', String(revenueLine), 'invalid-value']);
  assert.match(revenue.reason, new RegExp(`^market_money\\.csv, line ${revenueLine}, column «Выручка»`), 'the columns and the reason agree');
  const profit = of(twoProfits);
  assert.deepEqual([profit.file, profit.line, profit.rule], ['money.csv', String(lineOf('money.csv', twoProfits, 1)), 'invalid-value']);
  assert.match(profit.reason, new RegExp(`^money\\.csv, line ${profit.line}: a second row for customer ${twoProfits}`));
  const minutes = of(noMinutes);
  assert.deepEqual([minutes.file, minutes.line, minutes.rule], ['market_time.csv', '', 'missing-rows']);
  assert.match(minutes.reason, /^market_time\.csv: no row for customer \d+ in «текущий_месяц»/);
});

test('files out of id order are refused with a clear error and no output', async () => {
  const dir = copyDir(dataDir);
  editFile(dir, 'market_money.csv', (t) => {
    const lines = t.split('\r\n');
    const moved = lines.splice(4, 3);
    lines.splice(40, 0, ...moved);
    return lines.join('\r\n');
  });
  const out = path.join(tempDir('scores-'), 'scores.csv');
  await assert.rejects(scoreCustomers({ model, data: dir, out }), (e: Error) => e instanceof ScoreInputError && /market_money\.csv, line \d+: customer \d+ comes after customer \d+.*ascending order/.test(e.message));
  assert.equal(fs.existsSync(out), false);
  assert.deepEqual(fs.readdirSync(path.dirname(out)), []);
});

test('a merged table scores the same customers; with nothing to reject the exit code is 0', async () => {
  const t = study.table;
  const names = Object.keys(t.features.columns);
  const lines = [['id', ...names, 'profit'].join(',')];
  for (let i = 0; i < t.ids.length; i++) lines.push([t.ids[i], ...names.map((n) => t.features.columns[n]![i]), t.profit[i]].join(','));
  const file = path.join(tempDir('merged-'), 'table.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const out = path.join(tempDir('scores-'), 'merged.csv');
  const summary = await scoreCustomers({ model, data: file, out });
  assert.equal(summary.exitCode, 0);
  assert.equal(summary.rejected, 0);
  const fourFiles = path.join(tempDir('scores-'), 'four.csv');
  await scoreCustomers({ model, data: dataDir, out: fourFiles });
  assert.equal(fs.readFileSync(out, 'utf8'), fs.readFileSync(fourFiles, 'utf8'));

  fs.writeFileSync(file, lines.map((l) => l.split(',').filter((_, j) => j !== 5).join(',')).join('\n'));
  await assert.rejects(scoreCustomers({ model, data: file, out }), (e: Error) => e instanceof DataValidationError && /table\.csv, line 1, column «\w+»: expected the columns id and the model's features \(missing: \w+\)/.test(e.message));
});

test('a model file that does not match the data is refused', async () => {
  const { checksum: _c, ...body } = JSON.parse(serializeModelFile(modelFile)) as ModelFile;
  body.features = [...body.features, { name: 'loyaltyPoints', kind: 'numeric', categories: null, min: 0, max: 1 }];
  const file = path.join(tempDir('model-'), 'model.json');
  fs.writeFileSync(file, JSON.stringify({ ...body, checksum: modelChecksum(body as ModelFile) }));
  await assert.rejects(scoreCustomers({ model: file, data: dataDir, out: path.join(tempDir('scores-'), 's.csv') }), (e: Error) => e instanceof ModelFileError && /does not match the model: it lacks the feature loyaltyPoints/.test(e.message));
  writeModelFile(file, modelFile);
});
