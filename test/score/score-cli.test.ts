import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareStudyData } from '../../lib/data/prepare';
import { serializeModelFile, writeModelFile } from '../../lib/model-file';
import { smallModel, syntheticDir, tempDir } from './fixtures';

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
