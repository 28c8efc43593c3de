import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareStudyData } from '../../lib/data/prepare';
import { modelChecksum, serializeModelFile, writeModelFile, type ModelFile } from '../../lib/model-file';
import { editFile, smallModel, syntheticDir, tempDir } from './fixtures';

const root = path.resolve(__dirname, '../..');
const dataDir = syntheticDir(200, 31);
const modelFile = smallModel(dataDir);
const work = tempDir('score-cli-');
const modelPath = path.join(work, 'model.json');
writeModelFile(modelPath, modelFile);

function score(args: string[]) {
  return spawnSync(process.execPath, ['--require', 'tsx/cjs', '--require', path.join(__dirname, 'register-logistic.ts'), path.join(root, 'scripts/score.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000, // a hung child must not outlive the test
  });
}

function assertNoStack(stderr: string) {
  assert.doesNotMatch(stderr, /\n\s+at /, `no stack trace expected, got:\n${stderr}`);
}

test('exit 3 when some rows are rejected, with a summary on stdout and the rejects file written', () => {
  const out = path.join(work, 'scores.csv');
  const r = score(['--model', modelPath, '--data', dataDir, '--out', out, '--quiet']);
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stdout, /scored \d+ customers/);
  assert.match(r.stdout, /rejected \d+ rows \(.*inactive \d+/);
  assert.ok(fs.existsSync(path.join(work, 'scores.rejects.csv')));
});

test('exit 0 when every row is scored (a clean merged table)', () => {
  const t = prepareStudyData({ dataDir }).table;
  const names = Object.keys(t.features.columns);
  const lines = [['id', ...names, 'profit'].join(',')];
  for (let i = 0; i < t.ids.length; i++) lines.push([t.ids[i], ...names.map((n) => t.features.columns[n]![i]), t.profit[i]].join(','));
  const table = path.join(work, 'table.csv');
  fs.writeFileSync(table, lines.join('\n') + '\n');
  const r = score(['--model', modelPath, '--data', table, '--out', path.join(work, 'clean.csv'), '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /rejected 0 rows/);
});

test('exit 1 with the message only for a corrupted model file, bad data and a missing model', () => {
  const corrupted = path.join(work, 'corrupted.json');
  fs.writeFileSync(corrupted, serializeModelFile(modelFile).replace('"extremeRevenueBound": 20000', '"extremeRevenueBound": 20001'));
  let r = score(['--model', corrupted, '--data', dataDir, '--out', path.join(work, 'x.csv')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^score: error: model file .*corrupted\.json: checksum mismatch/);
  assertNoStack(r.stderr);

  const bad = tempDir('bad-data-');
  for (const f of fs.readdirSync(dataDir)) fs.copyFileSync(path.join(dataDir, f), path.join(bad, f));
  fs.writeFileSync(path.join(bad, 'market_money.csv'), 'id,Период,Сумма\r\n1,текущий_месяц,5\r\n');
  r = score(['--model', modelPath, '--data', bad, '--out', path.join(work, 'y.csv')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /market_money\.csv, line 1, column «Сумма»/);
  assertNoStack(r.stderr);
  assert.equal(fs.existsSync(path.join(work, 'y.csv')), false, 'no output on refusal');

  r = score(['--model', path.join(work, 'absent.json'), '--data', dataDir, '--out', path.join(work, 'z.csv')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /does not exist/);
  assertNoStack(r.stderr);
});

/** A copy of the synthetic data directory, to break one file of. */
function copyOfData(): string {
  const dir = tempDir('bad-data-');
  for (const f of fs.readdirSync(dataDir)) fs.copyFileSync(path.join(dataDir, f), path.join(dir, f));
  return dir;
}

/** A model file with its body changed and sealed again (a well-formed file the scorer must still refuse). */
function resealed(change: (body: ModelFile) => void): string {
  const body = JSON.parse(serializeModelFile(modelFile)) as ModelFile;
  change(body);
  const { checksum: _old, ...rest } = body;
  const file = path.join(tempDir('model-'), 'model.json');
  fs.writeFileSync(file, JSON.stringify({ ...rest, checksum: modelChecksum(rest as ModelFile) }));
  return file;
}

test('refused input exits 1 with the message only and writes nothing: model files and data', () => {
  const text = serializeModelFile(modelFile);
  const truncated = path.join(tempDir('model-'), 'truncated.json');
  fs.writeFileSync(truncated, text.slice(0, Math.floor(text.length / 2)));
  const emptyModel = path.join(tempDir('model-'), 'empty.json');
  fs.writeFileSync(emptyModel, '');
  const table = prepareStudyData({ dataDir }).table;
  const names = Object.keys(table.features.columns);
  const withoutTenure = path.join(tempDir('merged-'), 'table.csv');
  const kept = names.filter((n) => n !== 'tenureDays');
  fs.writeFileSync(withoutTenure, [['id', ...kept].join(','), ...Array.from(table.ids, (id, i) => [id, ...kept.map((n) => table.features.columns[n]![i])].join(','))].join('\n') + '\n');
  const emptyTable = path.join(tempDir('merged-'), 'empty.csv');
  fs.writeFileSync(emptyTable, '');
  const emptyFileDir = copyOfData();
  fs.writeFileSync(path.join(emptyFileDir, 'market_time.csv'), '');
  const extraColumnDir = copyOfData();
  editFile(extraColumnDir, 'market_file.csv', (t) => t.replace('Страниц_за_визит', 'Страниц_за_визит,Бонусы').replace(/\r\n(\d+,[^\r]*)/g, '\r\n$1,0'));

  const cases: Array<{ what: string; model: string; data: string; message: RegExp }> = [
    {
      what: 'a model file of another schema version',
      model: resealed((b) => (b.schemaVersion = 2)),
      data: dataDir,
      message: /model file .*model\.json has schema version 2, but this library reads version 1: retrain the model/,
    },
    { what: 'a truncated model file', model: truncated, data: dataDir, message: /model file .*truncated\.json is not valid JSON .*: the file is corrupted/ },
    { what: 'an empty model file', model: emptyModel, data: dataDir, message: /model file .*empty\.json is not valid JSON/ },
    {
      what: 'a model file that does not match the data',
      model: resealed((b) => b.features.push({ name: 'loyaltyPoints', kind: 'numeric', categories: null, min: 0, max: 1 })),
      data: dataDir,
      message: /does not match the model: it lacks the feature loyaltyPoints/,
    },
    { what: 'a merged table lacking a feature column', model: modelPath, data: withoutTenure, message: /table\.csv, line 1, column «tenureDays»: expected the columns id and the model's features \(missing: tenureDays\)/ },
    { what: 'an empty merged table', model: modelPath, data: emptyTable, message: /empty\.csv, line 1: expected a header line, found an empty file/ },
    { what: 'an empty file of the four', model: modelPath, data: emptyFileDir, message: /market_time\.csv, line 1: expected a header line, found an empty file/ },
    { what: 'an unexpected column', model: modelPath, data: extraColumnDir, message: /market_file\.csv, line 1, column «Бонусы»: expected only the columns .*found an unexpected column «Бонусы»/ },
  ];
  for (const { what, model, data, message } of cases) {
    const outDir = tempDir('refused-out-');
    // The scores go into a directory that does not exist yet: a refusal must not leave it behind either.
    const r = score(['--model', model, '--data', data, '--out', path.join(outDir, 'monthly', 'scores.csv'), '--quiet']);
    assert.equal(r.status, 1, `${what}: ${r.stderr}`);
    assert.match(r.stderr, /^score: error: /, what);
    assert.match(r.stderr, message, what);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, `${what}: one line, the message only:\n${r.stderr}`);
    assertNoStack(r.stderr);
    assert.equal(r.stdout, '', `${what}: no summary`);
    assert.deepEqual(fs.readdirSync(outDir), [], `${what}: nothing written, not even a temporary file or the output directory`);
  }
});

test('exit 2 on a usage error', () => {
  const r = score(['--model', modelPath, '--bogus']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Unknown option '--bogus'/);
  assertNoStack(r.stderr);
});

test('an interrupt during a long scoring pass leaves no output, not even a temporary file', () => {
  const big = syntheticDir(40_000, 32);
  const outDir = tempDir('interrupt-');
  const out = path.join(outDir, 'scores.csv');
  // The progress stream interrupts the process at the first report (10 %), deterministically mid-pass.
  const script = `
    require(${JSON.stringify(path.join(__dirname, 'register-logistic.ts'))});
    const { installInterruptCleanup } = require(${JSON.stringify(path.join(root, 'lib/io/atomic.ts'))});
    const { scoreCustomers } = require(${JSON.stringify(path.join(root, 'lib/score/scorer.ts'))});
    installInterruptCleanup();
    const stream = { isTTY: false, write() { process.kill(process.pid, 'SIGINT'); return true; } };
    scoreCustomers({ model: ${JSON.stringify(modelPath)}, data: ${JSON.stringify(big)}, out: ${JSON.stringify(out)}, progress: { stream } })
      .then(() => { console.log('finished'); });
  `;
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 130, r.stderr);
  assert.doesNotMatch(r.stdout, /finished/);
  assert.match(r.stderr, /Interrupted \(SIGINT\): no output was half-written \(2 unfinished files removed\)/);
  assert.deepEqual(fs.readdirSync(outDir), []);
});
