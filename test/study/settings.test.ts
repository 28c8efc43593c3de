import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { trainTestSplit } from '../../lib/selection/split';
import { notebooksCommand, readTestIds, STUDY_ENV, studySeed, studySettings, studySettingsEnv, studySplit } from '../../lib/study/settings';
import { prepareStudyData } from '../../lib/data/prepare';
import { studyConfig } from '../../lib/study/config';
import { openStudy, STUDY_STAGES } from '../../lib/study/stages/index';
import { ensureLogisticRegistered, syntheticDir, tempDir } from '../score/fixtures';

const root = path.resolve(__dirname, '../..');

test('studySettings: the defaults without environment (seed 42, stratified split, reports under the project)', () => {
  const settings = studySettings({});
  assert.deepEqual(settings, { seed: 42, testIds: null, testIdsFile: null, reportsDir: path.join(root, 'reports') });
  assert.deepEqual(studySettings({ [STUDY_ENV.seed]: '', [STUDY_ENV.testIds]: '  ' }), settings, 'empty values are absent');
});

test('studySettings reads the seed, the test-ids file and the reports folder that npm start hands on', () => {
  const dir = tempDir('settings-');
  const file = path.join(dir, 'ids.csv');
  fs.writeFileSync(file, 'id,segment\n215400,a\n215350,b\n\n');
  const settings = studySettings({ STUDY_SEED: '7', STUDY_TEST_IDS: file, REPORTS_DIR: path.join(dir, 'out', 'reports') });
  assert.deepEqual(settings, { seed: 7, testIds: [215400, 215350], testIdsFile: file, reportsDir: path.join(dir, 'out', 'reports') });
  assert.equal(studySettings({ STUDY_SEED: '-3' }).seed, -3);
  // studySettingsEnv is the inverse: what the study command sets, the notebooks read back.
  assert.deepEqual(studySettings(studySettingsEnv({ seed: 11, testIdsFile: file, reportsDir: dir })), { seed: 11, testIds: [215400, 215350], testIdsFile: file, reportsDir: dir });
});

test('studySettings refuses a seed that is not a whole number and a test-ids file it cannot read, naming them', () => {
  for (const bad of ['abc', '4.5', '1e3', '99999999999999999999']) {
    assert.throws(() => studySettings({ STUDY_SEED: bad }), new RegExp(`^Error: STUDY_SEED must be a whole number \\(the study's seed\\), found "${bad.replace('.', '\\.')}"$`));
  }
  const absent = path.join(tempDir('settings-'), 'absent.csv');
  assert.throws(() => studySettings({ STUDY_TEST_IDS: absent }), (e: Error) => e.message === `test-ids file ${absent} does not exist (give a file with one customer id a line)`);
  assert.throws(() => readTestIds(path.dirname(absent)), /is a directory/);
  const bad = path.join(path.dirname(absent), 'bad.csv');
  fs.writeFileSync(bad, 'id\n215348\nx215349\n');
  assert.throws(() => readTestIds(bad), /^Error: bad\.csv, line 3: expected a customer id, found "x215349"$/);
  fs.writeFileSync(bad, 'id\n');
  assert.throws(() => readTestIds(bad), /bad\.csv: no customer ids/);
});

test('studySplit: the given test ids, else the seeded stratified split', () => {
  const ids = Int32Array.from({ length: 40 }, (_, i) => 1000 + i);
  const target = Uint8Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const given = studySplit({ ids, target }, { seed: 1, testIds: [1003, 1010, 1039] });
  assert.deepEqual(Array.from(given.test), [3, 10, 39]);
  assert.equal(given.train.length, 37);
  for (const seed of [1, 2]) {
    const split = studySplit({ ids, target }, { seed, testIds: null });
    assert.deepEqual(split, trainTestSplit(target, { testSize: 0.25, seed }));
  }
  assert.throws(() => studySplit({ ids, target }, { seed: 1, testIds: [5] }), /test ids are not in the data/);
});

test('notebooksCommand hands the study settings to npm run notebooks; inherited test ids do not leak', () => {
  const base = { PATH: '/usr/bin', STUDY_TEST_IDS: '/elsewhere/ids.csv', STUDY_SEED: '99' };
  const plain = notebooksCommand({ seed: 42 }, base);
  assert.deepEqual(plain.args, ['run', 'notebooks', '--', '--jobs', '1']);
  assert.deepEqual(plain.env, { PATH: '/usr/bin', STUDY_SEED: '42' });
  const full = notebooksCommand({ seed: 7, dataDir: 'data', testIdsFile: 'split/ids.csv', outDir: 'out', jobs: 2, nCandidates: 3, nSplits: 4 }, base);
  assert.deepEqual(full.args, ['run', 'notebooks', '--', '--jobs', '2', '--out', path.resolve('out', 'reports')]);
  assert.deepEqual(full.env, { PATH: '/usr/bin', STUDY_SEED: '7', STUDY_TEST_IDS: path.resolve('split/ids.csv'), STUDY_CANDIDATES: '3', STUDY_FOLDS: '4', MARKET_DATA_DIR: path.resolve('data') });
});

test('the notebooks follow the settings too: the staged study splits by STUDY_TEST_IDS with STUDY_SEED and STUDY_CANDIDATES', async () => {
  ensureLogisticRegistered();
  const dataDir = syntheticDir(240, 61);
  const { table } = prepareStudyData({ dataDir });
  const file = path.join(tempDir('settings-'), 'ids.csv');
  const testIds = Array.from(table.ids).filter((_, i) => i % 4 === 1);
  fs.writeFileSync(file, testIds.join('\n') + '\n');
  const env = { [STUDY_ENV.seed]: '9', [STUDY_ENV.testIds]: file, [STUDY_ENV.candidates]: '1', [STUDY_ENV.folds]: '2', REPORTS_DIR: tempDir('settings-reports-') };
  const config = studyConfig({ dataDir, search: { families: ['logistic'], parallel: 0 } }, env);
  assert.equal(config.seed, 9);
  assert.deepEqual(config.search, { nCandidates: 1, nSplits: 2, families: ['logistic'], parallel: 0 });
  assert.equal(config.runDir, path.join(env.REPORTS_DIR!, 'run'));
  const run = openStudy(config);
  const split = await run.get('split');
  assert.deepEqual(Array.from(split.split.test, (row) => table.ids[row]), testIds);
  assert.equal(split.method, `given test ids (${file})`, 'notebook 07 prints how the test part was chosen');
  assert.equal(split.testSize, testIds.length / table.ids.length);
  const search = await run.get('search');
  assert.equal(search.families[0]!.table.length, 1);
  assert.equal(search.folds.length, 2);
  assert.throws(() => studyConfig({}, { [STUDY_ENV.folds]: '1' }), /STUDY_FOLDS must be a whole number ≥ 2, found "1"/);
});

test('studySeed: STUDY_SEED reseeds the explanation and segmentation settings of the staged study', () => {
  assert.equal(studySeed({}), 42);
  assert.equal(studySeed({ [STUDY_ENV.seed]: ' -3 ' }), -3);
  assert.throws(() => studySeed({ [STUDY_ENV.seed]: '7.5' }), /STUDY_SEED must be a whole number \(the study's seed\), found "7\.5"/);
  // Every stage's seed is the config's: the explain, calibrate and segment stages' settings carry it.
  const config = studyConfig({}, { [STUDY_ENV.seed]: '7' });
  for (const name of ['split', 'search', 'explain', 'calibrate', 'segment'] as const) {
    assert.equal((STUDY_STAGES[name].settings(config) as { seed: number }).seed, 7, name);
  }
  assert.equal(studyConfig({}, {}).seed, 42);
});
