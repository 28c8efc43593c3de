import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { trainTestSplit } from '../../lib/selection/split';
import { notebooksCommand, readTestIds, STUDY_ENV, studySeed, studySettings, studySettingsEnv, studySplit } from '../../lib/study/settings';
import { prepareStudyData } from '../../lib/data/prepare';
import { chooseStudyModel } from '../../lib/explain/study-model';
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
  assert.deepEqual(plain.args, ['run', 'notebooks']);
  assert.deepEqual(plain.env, { PATH: '/usr/bin', STUDY_SEED: '42' });
  const full = notebooksCommand({ seed: 7, dataDir: 'data', testIdsFile: 'split/ids.csv', outDir: 'out' }, base);
  assert.deepEqual(full.args, ['run', 'notebooks', '--', '--out', path.resolve('out', 'reports')]);
  assert.deepEqual(full.env, { PATH: '/usr/bin', STUDY_SEED: '7', STUDY_TEST_IDS: path.resolve('split/ids.csv'), MARKET_DATA_DIR: path.resolve('data') });
});

test('notebooks 07-09 follow the settings too: chooseStudyModel splits by STUDY_TEST_IDS with STUDY_SEED', async () => {
  ensureLogisticRegistered();
  const { table } = prepareStudyData({ dataDir: syntheticDir(240, 61) });
  const file = path.join(tempDir('settings-'), 'ids.csv');
  const testIds = Array.from(table.ids).filter((_, i) => i % 4 === 1);
  fs.writeFileSync(file, testIds.join('\n') + '\n');
  const saved = { seed: process.env[STUDY_ENV.seed], ids: process.env[STUDY_ENV.testIds] };
  try {
    Object.assign(process.env, { [STUDY_ENV.seed]: '9', [STUDY_ENV.testIds]: file });
    const chosen = await chooseStudyModel(table, { families: ['logistic'], nCandidates: 1, nSplits: 2, parallel: 0, cacheFile: null });
    assert.deepEqual(Array.from(chosen.split.test, (row) => table.ids[row]), testIds);
    assert.equal(chosen.seed, 9);
    assert.equal(chosen.splitMethod, `given test ids (${file})`, 'notebook 07 prints how the test part was chosen');
    assert.equal(chosen.testSize, testIds.length / table.ids.length);
  } finally {
    for (const [name, value] of [[STUDY_ENV.seed, saved.seed], [STUDY_ENV.testIds, saved.ids]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});

test('studySeed: STUDY_SEED reseeds the shared explanation and segmentation settings of notebooks 07–09', () => {
  assert.equal(studySeed({}), 42);
  assert.equal(studySeed({ [STUDY_ENV.seed]: ' -3 ' }), -3);
  assert.throws(() => studySeed({ [STUDY_ENV.seed]: '7.5' }), /STUDY_SEED must be a whole number \(the study's seed\), found "7\.5"/);
  // The shared constants read the seed when their modules load: a fresh process with STUDY_SEED=7.
  const script = `
    const { STUDY_EXPLANATION } = require(${JSON.stringify(path.join(root, 'lib/explain/study-model.ts'))});
    const { STUDY_SEGMENTATION } = require(${JSON.stringify(path.join(root, 'lib/segment/study.ts'))});
    console.log(JSON.stringify([STUDY_EXPLANATION.permutation.seed, STUDY_EXPLANATION.sampleSeed, STUDY_EXPLANATION.kernel.seed, STUDY_SEGMENTATION.seed]));`;
  const seeds = (env: Record<string, string>) => {
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout.trim()) as number[];
  };
  assert.deepEqual(seeds({ [STUDY_ENV.seed]: '7' }), [7, 7, 7, 7]);
  assert.deepEqual(seeds({ [STUDY_ENV.seed]: '' }), [42, 42, 42, 42]);
});
