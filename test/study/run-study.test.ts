import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { prepareStudyData } from '../../lib/data/prepare';
import { readModelFile } from '../../lib/model-file';
import { tableFingerprint } from '../../lib/io/fingerprint';
import { readTestIds, runStudy, type StudyOptions } from '../../lib/study/run-study';
import { scoreCustomers } from '../../lib/score/scorer';
import { checkCalibration, DEFAULT_SEGMENTATION_SETTINGS, segmentationStudy } from '../../lib/segment/study';
import { DEFAULT_OFFER_ECONOMICS } from '../../lib/study/config';
import { studySearchSpace } from '../../lib/selection/study-space';
import { applyPathParams } from '../../lib/preprocess/pipeline';
import { stratifiedKFold } from '../../lib/selection/split';
import { studySplit } from '../../lib/study/settings';
import { takeFrameRows, takeLabels } from '../../lib/core/types';
import { editFile, ensureLogisticRegistered, syntheticDir, tempDir } from '../score/fixtures';

ensureLogisticRegistered();
const root = path.resolve(__dirname, '../..');
const dataDir = syntheticDir(360, 41);
// A reduced search keeps the test fast: one family, serial fits (the rerun test widens it).
const quick = (outDir: string, extra: Partial<StudyOptions> = {}): StudyOptions => ({
  dataDir,
  outDir,
  seed: 5,
  search: { nCandidates: 2, nSplits: 3, parallel: 0, families: ['logistic'] },
  permutationRepeats: 2,
  progress: { silent: true },
  ...extra,
});

test('two runs with the same seed write byte-identical summary.json and model.json (two families, worker pool)', async () => {
  const a = tempDir('study-a-');
  const b = tempDir('study-b-');
  // Two families on a pool of two workers: which worker finishes first must not change a byte.
  const pooled = { nCandidates: 2, nSplits: 3, parallel: 2, families: ['logistic', 'tree'] as const };
  const first = await runStudy(quick(a, { search: pooled }));
  await runStudy(quick(b, { html: false, search: pooled }));
  for (const rel of ['reports/summary.json', 'models/model.json']) {
    assert.equal(fs.readFileSync(path.join(a, rel), 'utf8'), fs.readFileSync(path.join(b, rel), 'utf8'), rel);
  }
  const summary = JSON.parse(fs.readFileSync(path.join(a, 'reports/summary.json'), 'utf8'));
  assert.deepEqual(summary.search.families.map((f: { family: string }) => f.family), ['logistic', 'tree']);
  assert.ok(['logistic', 'tree'].includes(summary.chosen.family));
  assert.equal(summary.split.train + summary.split.test, summary.table.customers);
  assert.ok(summary.search.families[0].cvRocAuc > 0.6, 'the synthetic target is learnable');
  assert.ok(summary.topFeatures.length > 0);
  assert.equal(summary.segments.sizes.reduce((s: number, x: { size: number }) => s + x.size, 0), summary.table.customers);
  assert.doesNotMatch(fs.readFileSync(path.join(a, 'reports/summary.json'), 'utf8'), /20\d\d-\d\d-\d\dT/, 'no timestamps');
  assert.equal(JSON.parse(fs.readFileSync(path.join(a, 'reports/run-info.json'), 'utf8')).workers, 2, 'run metadata goes elsewhere; the search ran on the pool');
  const model = readModelFile(path.join(a, 'models/model.json')).file;
  assert.equal(first.summary.model.checksum, model.checksum);
  assert.equal(model.trainingData.tableFingerprint, tableFingerprint(prepareStudyData({ dataDir }).table), 'sha256 of the modelling table');
  assert.equal(model.trainingData.rows, summary.split.train);
  assert.notEqual(model.trainingData.fingerprint, model.trainingData.tableFingerprint, 'the training part has its own fingerprint');

  const html = fs.readFileSync(path.join(a, 'reports/study.html'), 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.ok(html.includes('Plotly'), 'plotly is inlined');
  assert.doesNotMatch(html, /<script[^>]+src=/, 'no external scripts');
  assert.equal((html.match(/class="report-figure"/g) ?? []).length, 3);
  assert.match(html, /<nav class="report-toc"[^>]*>.*<a href="#data">Data and cleaning<\/a>.*<a href="#segments">Segments<\/a>/s, 'a table of contents of the sections');
  for (const id of ['data', 'families', 'drivers', 'segments']) assert.match(html, new RegExp(`<h2 id="${id}">`), `section ${id} is linked`);
  assert.match(html, /<a href="index.html">← Study index<\/a>/);
  assert.equal(fs.readdirSync(path.join(a, 'reports')).filter((f) => f.endsWith('.tmp')).length, 0);
});

test('--test-ids evaluates on the given customers, and the model file scores the data', async () => {
  const out = tempDir('study-ids-');
  const idsFile = path.join(out, 'test-ids.csv');
  const table = Array.from(prepareStudyData({ dataDir }).table.ids);
  fs.writeFileSync(idsFile, ['id', ...table.slice(5, 95)].join('\n') + '\n');
  const ids = readTestIds(idsFile);
  assert.equal(ids.length, 90);
  const result = await runStudy(quick(out, { testIds: ids, html: false }));
  assert.equal(result.summary.split.test, 90);
  assert.equal(result.summary.split.method, 'given test ids');
  const scores = await scoreCustomers({ model: result.paths.model, data: dataDir, out: path.join(out, 'scores.csv') });
  assert.equal(scores.scored, result.summary.table.customers);
});

/** `text` (CRLF lines) with field `field` of line index `line` (0 = header) replaced by `value`. */
function withField(text: string, line: number, field: number, value: string): string {
  const lines = text.split('\r\n');
  const separator = lines[0]!.includes(';') ? ';' : ',';
  const fields = lines[line]!.split(separator);
  fields[field] = value;
  lines[line] = fields.join(separator);
  return lines.join('\r\n');
}

function study(args: string[]) {
  return spawnSync(process.execPath, ['--require', 'tsx/cjs', '--require', path.join(root, 'test/score/register-logistic.ts'), path.join(root, 'scripts/study.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000, // a hung child must not outlive the test
  });
}

test('bad input makes the study CLI exit 1 with the message only (file, line, column), writing nothing', () => {
  // Each validation case of the data layer, as the command line meets it.
  const cases: Array<[string, (dir: string) => void, RegExp]> = [
    ['a value', (dir) => editFile(dir, 'market_file.csv', (t) => t.replace(/\r\n(\d+),Снизилась,/, '\r\n$1,Упала,')), /market_file\.csv, line \d+, column «Покупательская активность»: expected one of «Снизилась», «Прежний уровень», found "Упала"/],
    ['a header', (dir) => editFile(dir, 'money.csv', (t) => t.replace('Прибыль', 'Доход')), /money\.csv, line 1, column «Доход»/],
    ['a missing file', (dir) => fs.rmSync(path.join(dir, 'market_time.csv')), /market_time\.csv: expected the file in/],
    ['a missing month', (dir) => editFile(dir, 'market_money.csv', (t) => t.split('\r\n').filter((l, i) => i !== 2).join('\r\n')), /market_money\.csv.*: expected a row for customer \d+ in period/],
    [
      'a value of the wrong type',
      (dir) => editFile(dir, 'market_file.csv', (t) => withField(t, 1, 4, 'много')),
      /market_file\.csv, line 2, column «Маркет_актив_6_мес»: expected a number ≥ 0, found "много"/,
    ],
    [
      'a duplicated id with other values',
      (dir) => editFile(dir, 'market_file.csv', (t) => {
        const lines = t.split('\r\n');
        const first = lines[1]!.split(',');
        const second = lines[2]!.split(',');
        second[0] = first[0]!;
        second[6] = String(Number(first[6]) + 1);
        lines[2] = second.join(',');
        return lines.join('\r\n');
      }),
      /market_file\.csv, line 3, column «id»: expected a customer id not seen before \(line 2 has this id with different values\), found "\d+"/,
    ],
    [
      'an id missing from market_file.csv',
      (dir) => editFile(dir, 'market_file.csv', (t) => t.split('\r\n').filter((_, i) => i !== 1).join('\r\n')),
      /market_money\.csv, line 2, column «id»: expected a customer id listed in market_file\.csv, found "\d+"/,
    ],
    ['an empty file', (dir) => fs.writeFileSync(path.join(dir, 'money.csv'), ''), /money\.csv, line 1: expected a header line and data rows, found an empty file/],
    [
      'an unexpected column',
      (dir) => editFile(dir, 'market_time.csv', (t) => t.replace('минут', 'минут,Устройство').replace(/\r\n(\d+,[^\r]*)/g, '\r\n$1,ПК')),
      /market_time\.csv, line 1, column «Устройство»: expected only the columns «id», «Период», «минут», found an unexpected column «Устройство»/,
    ],
    [
      'an unknown period',
      (dir) => editFile(dir, 'market_money.csv', (t) => withField(t, 2, 1, 'позапрошлый_год')),
      /market_money\.csv, line 3, column «Период»: expected one of «препредыдущий_месяц», «предыдущий_месяц», «текущий_месяц», found "позапрошлый_год"/,
    ],
  ];
  for (const [what, breakIt, message] of cases) {
    const dir = tempDir('bad-');
    for (const f of fs.readdirSync(dataDir)) fs.copyFileSync(path.join(dataDir, f), path.join(dir, f));
    breakIt(dir);
    const out = tempDir('bad-out-');
    const r = study(['--data', dir, '--out', out, '--candidates', '1', '--folds', '2', '--workers', '0', '--quiet']);
    assert.equal(r.status, 1, `${what}: ${r.stderr}`);
    assert.match(r.stderr, message, what);
    assert.match(r.stderr, /^study: error: /, what);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, `${what}: one line, the message only:\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${what}: no stack trace`);
    assert.deepEqual(fs.readdirSync(out), [], `${what}: nothing written`);
  }
  const usage = study(['--seed', 'abc']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--seed expects a whole number/);
});

/** Every file under `dir`, recursively (relative paths). */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)));
}

test('Ctrl-C during the study (at the first progress line) exits 130 and leaves no output, not even a temporary file', async () => {
  for (const workers of ['0', '2']) {
    const out = tempDir('study-interrupt-');
    const child = spawn(
      process.execPath,
      ['--require', 'tsx/cjs', '--require', path.join(root, 'test/score/register-logistic.ts'), path.join(root, 'scripts/study.ts'),
        '--data', dataDir, '--out', out, '--candidates', '6', '--folds', '3', '--workers', workers],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000); // a hung child must not outlive the test
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      // Not a terminal: the progress comes as plain lines at every tenth of the search.
      if (!interrupted && /^search: \d+\/\d+ \(\d+%\)$/m.test(stdout)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    clearTimeout(timer);
    assert.ok(interrupted, `workers ${workers}: a progress line appeared\n${stdout}\n${stderr}`);
    assert.equal(code, 130, `workers ${workers}: exit code (signal ${signal})\n${stderr}`);
    assert.match(stderr, /Interrupted \(SIGINT\): no output was half-written/);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    assert.doesNotMatch(stdout, /^wrote /m, `workers ${workers}: the study did not finish`);
    assert.deepEqual(filesUnder(out), [], `workers ${workers}: no summary.json, model.json, study.html or temporary file`);
  }
});

test('the study segments as notebook 08 does (segmentationStudy), and the model file carries the adopted calibration', async () => {
  const out = tempDir('study-seg-');
  const { summary, modelFile } = await runStudy(quick(out, { html: false }));
  const { table } = prepareStudyData({ dataDir });
  const spec = studySearchSpace({ nCandidates: 2, seed: 5, families: ['logistic'] })[0]!;
  const chosenSpec = applyPathParams(applyPathParams(spec.base, summary.chosen.params), spec.refitChanges);
  // Built as notebook 08 builds it: the calibration decided on the training part, then all customers out of fold.
  const split = studySplit(table, { seed: 5, testIds: null, testSize: 0.25 });
  const check = checkCalibration(chosenSpec, takeFrameRows(table.features, split.train), takeLabels(table.target, split.train), { ...DEFAULT_SEGMENTATION_SETTINGS, seed: 5 });
  const notebook = segmentationStudy(table, chosenSpec, { economics: DEFAULT_OFFER_ECONOMICS, seed: 5, calibration: check.choice });
  assert.equal(summary.segments.calibration, notebook.applied);
  assert.equal(summary.model.calibration, notebook.applied);
  assert.deepEqual(summary.segments.sizes.map((s) => [s.name, s.size]), notebook.segmentation.summaries.map((s) => [s.name, s.size]));
  assert.equal(summary.segments.expectedValueThreshold, Number(notebook.expectedValue.best.threshold.toPrecision(12)));
  const modelKind = (modelFile.pipeline as unknown as { state: { model: { kind: string } } }).state.model.kind;
  assert.equal(modelKind, notebook.applied === 'none' ? 'logistic' : 'calibrated', 'scoring reads probabilities on the scale the thresholds were set on');
});

test('the study keeps its stages in the run folder: a second run reads every stage and writes the same bytes', async () => {
  const out = tempDir('study-run-');
  const first = await runStudy(quick(out, { html: false }));
  assert.equal(first.paths.runDir, path.join(out, 'reports', 'run'));
  assert.ok(first.stages.every((s) => s.source === 'computed'), 'a fresh folder computes every stage');
  const stageFiles = fs.readdirSync(first.paths.runDir).sort();
  assert.deepEqual(stageFiles, ['calibrate.json', 'choose.json', 'clean.json', 'evaluate.json', 'explain.json', 'merge.json', 'offers.json', 'search.json', 'segment.json', 'split.json']);
  const summary = fs.readFileSync(first.paths.summary, 'utf8');
  const model = fs.readFileSync(first.paths.model, 'utf8');
  const second = await runStudy(quick(out, { html: false }));
  assert.ok(second.stages.every((s) => s.source === 'read'), second.stages.map((s) => `${s.stage} ${s.source}`).join(', '));
  assert.equal(fs.readFileSync(second.paths.summary, 'utf8'), summary);
  assert.equal(fs.readFileSync(second.paths.model, 'utf8'), model);
  // Another seed: the split and everything after it again, the data stages still read.
  const third = await runStudy(quick(out, { html: false, seed: 6 }));
  const how = Object.fromEntries(third.stages.map((s) => [s.stage, s.source]));
  assert.deepEqual(how, { clean: 'read', merge: 'read', split: 'computed', search: 'computed', choose: 'computed', evaluate: 'computed', explain: 'computed', calibrate: 'computed', segment: 'computed', offers: 'computed' });
});
