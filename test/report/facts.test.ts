import { test } from 'node:test';
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { factsPath, readFacts, recordFact, reportsDir } from '../../lib/report/facts';

const freshDir = (): string => mkdtempSync(join(tmpdir(), 'facts-test-'));

test('recordFact merges keys into facts.json, keeps first-recorded order, replaces a repeated key', () => {
  const path = factsPath(freshDir());
  recordFact('data.rows.market_file', 1300, 'market_file.csv rows', path);
  recordFact('model.rocAuc', 0.9, undefined, path);
  recordFact('data.rows.market_file', 1296, 'rows after cleaning', path);
  const file = readFacts(path);
  assert.deepEqual(Object.keys(file.facts), ['data.rows.market_file', 'model.rocAuc']);
  assert.equal(file.facts['data.rows.market_file']!.value, 1296);
  assert.equal(file.facts['data.rows.market_file']!.label, 'rows after cleaning');
  assert.equal(file.facts['model.rocAuc']!.label, undefined);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), file);
  assert.deepEqual(readdirSync(join(path, '..')), ['facts.json'], 'no temporary files left');
});

test('recordFact stores the notebook named by REPORT_NOTEBOOK and structured values', (t) => {
  const path = factsPath(freshDir());
  const before = process.env['REPORT_NOTEBOOK'];
  process.env['REPORT_NOTEBOOK'] = '08_segmentation';
  t.after(() => {
    if (before === undefined) delete process.env['REPORT_NOTEBOOK'];
    else process.env['REPORT_NOTEBOOK'] = before;
  });
  const fact = recordFact('segment.sizes', { 'Снизилась, высокая прибыль': 120, other: [1, 2] }, 'Segment sizes', path);
  assert.equal(fact.notebook, '08_segmentation');
  assert.deepEqual(readFacts(path).facts['segment.sizes']!.value, { 'Снизилась, высокая прибыль': 120, other: [1, 2] });
});

test('recordFact refuses bad keys and values that JSON cannot hold', () => {
  const path = factsPath(freshDir());
  assert.throws(() => recordFact('has space', 1, undefined, path), /dot-separated/);
  assert.throws(() => recordFact('model.auc', Number.NaN, undefined, path), /finite JSON numbers/);
  assert.throws(() => recordFact('x', { a: [1, Infinity] } as never, undefined, path), /value of "x"\.a\[1\]/);
  assert.throws(() => recordFact('x', new Float64Array(2) as never, undefined, path), /not plain JSON/);
});

test('readFacts: no file means no facts; a damaged file is named in the error', () => {
  const dir = freshDir();
  assert.deepEqual(readFacts(factsPath(dir)), { version: 1, facts: {} });
  writeFileSync(factsPath(dir), '{"facts": ');
  assert.throws(() => readFacts(factsPath(dir)), /facts\.json: not valid JSON/);
  writeFileSync(factsPath(dir), '[1]');
  assert.throws(() => readFacts(factsPath(dir)), /expected \{"version": 1/);
});

test('reportsDir follows REPORTS_DIR, else the project reports folder', (t) => {
  const before = process.env['REPORTS_DIR'];
  t.after(() => {
    if (before === undefined) delete process.env['REPORTS_DIR'];
    else process.env['REPORTS_DIR'] = before;
  });
  delete process.env['REPORTS_DIR'];
  assert.equal(reportsDir(), join(__dirname, '..', '..', 'reports'));
  process.env['REPORTS_DIR'] = '/tmp/x-reports';
  assert.equal(factsPath(), '/tmp/x-reports/facts.json');
});

test('recordFact from notebooks running side by side loses no fact (the file is merged under a lock)', async () => {
  const dir = freshDir();
  const file = factsPath(dir);
  const script = (who: string) => `
    const { recordFact } = require(${JSON.stringify(join(__dirname, '..', '..', 'lib', 'report', 'facts.ts'))});
    for (let i = 0; i < 40; i++) recordFact('${who}.n' + i, i, undefined, ${JSON.stringify(file)});`;
  const run = (who: string) => new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script(who)], { stdio: 'inherit' });
    child.on('close', resolve);
  });
  assert.deepEqual(await Promise.all([run('a'), run('b'), run('c')]), [0, 0, 0]);
  const keys = Object.keys(readFacts(file).facts);
  assert.equal(keys.length, 120);
  assert.deepEqual(readdirSync(dir).filter((f) => f !== 'facts.json'), [], 'no lock or temporary file left');
});
