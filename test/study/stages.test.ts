import { DEFAULT_OFFER_CATALOGUE } from '../../lib/offers/default-catalogue';
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { takeFrameRows } from '../../lib/core/types';
import { Pipeline, type PipelineSpec } from '../../lib/preprocess/pipeline';
import { decodeArtefact, encodeArtefact } from '../../lib/study/artefact-codec';
import { moduleClosure, relativeImports } from '../../lib/study/code-fingerprint';
import { DEFAULT_EXPLANATION, studyConfig, type StudyConfigOptions } from '../../lib/study/config';
import { explainTestCustomers, explainTestCustomersInParallel, openStudy, STUDY_STAGES, type StageName } from '../../lib/study/stages/index';
import { computeStageInWorker } from '../../lib/study/stages/parallel';
import { syntheticStudyFrame } from '../selection/synthetic';
import { syntheticDir, tempDir } from '../score/fixtures';
import '../../lib/models/index';

const dataDir = syntheticDir(300, 23);
// A small, serial study: two families, two candidates, three folds, a short explanation.
const quick = (runDir: string, extra: StudyConfigOptions = {}): StudyConfigOptions => ({
  dataDir,
  runDir,
  seed: 3,
  testIds: null,
  search: { nCandidates: 2, nSplits: 3, families: ['logistic', 'tree'], parallel: 0 },
  explanation: { permutationRepeats: 2 },
  ...extra,
});
// Pipelines on syntheticStudyFrame's columns: scaled numbers, one-hot categories.
const specOf = (model: PipelineSpec['model']): PipelineSpec => ({
  prep: {
    routes: [
      { name: 'scaler', transformer: { kind: 'standard-scaler', params: {} }, columns: ['a', 'b', 'c'] },
      { name: 'onehot', transformer: { kind: 'one-hot', params: { drop: 'first' } }, columns: ['cat', 'svc'] },
    ],
    remainder: 'drop',
  },
  model,
});
const ALL: StageName[] = ['clean', 'merge', 'split', 'search', 'choose', 'evaluate', 'explain', 'calibrate', 'segment', 'offers'];
const sources = (run: ReturnType<typeof openStudy>) => Object.fromEntries(run.status().map((s) => [s.stage, s.source]));

test('the stages are listed in an order where every stage depends only on stages before it', () => {
  const names = Object.keys(STUDY_STAGES);
  names.forEach((name, i) => {
    for (const dep of STUDY_STAGES[name as StageName].deps) assert.ok(names.indexOf(dep) >= 0 && names.indexOf(dep) < i, `${name} depends on ${dep}`);
  });
  assert.deepEqual(names, ['load', ...ALL]);
  // The notebook runner takes the last stage's artefact as the sign that the whole study has run.
  assert.match(fs.readFileSync(path.join(__dirname, '..', '..', 'scripts', 'run-notebooks.ts'), 'utf8'), new RegExp(`const LAST_STAGE = '${names[names.length - 1]}';`));
});

test('a second run reads every stage from the run folder and gets the same artefacts; a changed setting recomputes that stage and those after it, nothing before', async () => {
  const dir = tempDir('stages-');
  const first = openStudy(quick(dir));
  for (const name of ALL) await first.get(name);
  assert.ok(first.status().every((s) => s.source === 'computed'));
  assert.deepEqual(fs.readdirSync(dir).sort(), ALL.map((n) => `${n}.json`).sort(), 'the load stage is keyed by the files, not saved');

  const second = openStudy(quick(dir));
  for (const name of ALL) await second.get(name);
  assert.deepEqual(sources(second), Object.fromEntries(ALL.map((n) => [n, 'read'])));
  // Read artefacts are the computed ones: numbers to the bit, fitted pipelines predicting the same.
  const [a, b] = [await first.get('segment'), await second.get('segment')];
  assert.deepEqual(Array.from(b.input.dropProbability), Array.from(a.input.dropProbability));
  assert.deepEqual(b.segmentation.assignment, a.segmentation.assignment);
  assert.equal(b.input.features, await second.get('merge').then((t) => t.features), 'the features are reattached from the merge stage');
  const table = await second.get('merge');
  assert.deepEqual(Array.from((await second.get('calibrate')).deployed.predictProba(table.features)), Array.from((await first.get('calibrate')).deployed.predictProba(table.features)));
  assert.deepEqual((await second.get('explain')).shap.values, (await first.get('explain')).shap.values);
  // Every stage's artefact, as read, equals the computed one (typed arrays and all), fitted pipelines aside.
  const plain = (x: unknown) => JSON.parse(JSON.stringify(encodeArtefact(x)));
  for (const name of ALL) assert.deepEqual(plain(await second.get(name)), plain(await first.get(name)), name);
  assert.ok((await second.get('calibrate')).check.oof.raw instanceof Float64Array);
  assert.ok((await second.get('search')).folds[0]!.test instanceof Uint32Array);
  assert.deepEqual((await second.get('search')).families.map((f) => f.table.map((r) => r.foldScores)), (await first.get('search')).families.map((f) => f.table.map((r) => r.foldScores)));

  // Another campaign budget or an edited catalogue: only the offers stage again.
  const budget = openStudy(quick(dir, { offers: { budget: { maxOffers: 10 } } }));
  await budget.get('offers');
  assert.deepEqual(sources(budget), { merge: 'read', split: 'read', choose: 'read', explain: 'read', calibrate: 'read', segment: 'read', offers: 'computed' });
  assert.equal((await budget.get('offers')).totals.offers, 10);
  const catalogue = openStudy(quick(dir, { catalogue: { ...DEFAULT_OFFER_CATALOGUE, version: 'edited' } }));
  await catalogue.get('offers');
  assert.equal(sources(catalogue)['offers'], 'computed');
  // Other offer economics: only the segment stage is computed again.
  const economics = openStudy(quick(dir, { economics: { offerCost: 2 } }));
  await economics.get('segment');
  assert.deepEqual(sources(economics), { merge: 'read', choose: 'read', calibrate: 'read', segment: 'computed' });
  // Other explanation settings: the explain stage again, the search not.
  const explanation = openStudy(quick(dir, { explanation: { permutationRepeats: 3 } }));
  await explanation.get('explain');
  assert.deepEqual(sources(explanation), { merge: 'read', split: 'read', choose: 'read', explain: 'computed' });
  assert.equal((await explanation.get('explain')).permutation.nRepeats, 3);
  // Other folds: the search and everything after it; the split is read.
  const folds = openStudy(quick(dir, { search: { nCandidates: 2, nSplits: 4, families: ['logistic', 'tree'], parallel: 0 } }));
  await folds.get('evaluate');
  assert.deepEqual(sources(folds), { merge: 'read', split: 'read', search: 'computed', choose: 'computed', evaluate: 'computed' });
});

test('a damaged or foreign artefact file is computed again and overwritten, never trusted', async () => {
  const dir = tempDir('stages-bad-');
  await openStudy(quick(dir)).get('split');
  fs.writeFileSync(path.join(dir, 'split.json'), '{"format": "odin-klik-stage-artefact", "key": "sha256:0", "artefact"');
  const again = openStudy(quick(dir));
  await again.get('split');
  assert.equal(sources(again)['split'], 'computed');
  assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'split.json'), 'utf8')).stage, 'split');
});

test('with runDir null nothing is written; with deferWrites the artefacts are handed over instead', async () => {
  const memory = openStudy(quick(tempDir('unused-'), { runDir: null }));
  await memory.get('split');
  assert.equal(memory.config.runDir, null);
  const dir = path.join(tempDir('stages-defer-'), 'run');
  const deferred = openStudy(studyConfig(quick(dir)), { deferWrites: true });
  await deferred.get('split');
  assert.equal(fs.existsSync(dir), false, 'nothing written yet');
  assert.deepEqual(deferred.pendingFiles().map((f) => path.basename(f.path)).sort(), ['clean.json', 'merge.json', 'split.json']);
});

test('artefact JSON keeps typed arrays, NaN, ±Infinity and -0 to the bit', () => {
  const value = { p: new Float64Array([0.1 + 0.2, NaN, -0, Infinity]), y: new Uint8Array([0, 1]), rows: new Uint32Array([3, 1]), ids: new Int32Array([-2, 7]), x: -Infinity, nested: [{ z: NaN }], s: 'Снизилась' };
  const back = decodeArtefact<typeof value>(JSON.parse(JSON.stringify(encodeArtefact(value))));
  assert.ok(back.p instanceof Float64Array && back.y instanceof Uint8Array && back.rows instanceof Uint32Array && back.ids instanceof Int32Array);
  assert.deepEqual(Array.from(back.p), [0.30000000000000004, NaN, -0, Infinity]);
  assert.ok(Object.is(back.p[2], -0));
  assert.deepEqual(back, value);
});

test('the code fingerprint follows value imports only: the search stage reaches the models and the worker, the segment stage not the SHAP code', () => {
  assert.deepEqual(relativeImports([
    "import type { A } from './types';",
    "import { type B, type C } from './only-types';",
    "import { d, type E } from './values';",
    "import './side-effect';",
    "export * from './re-export';",
    "const x = require('./required');",
    '// stage-code: ./worker-entry',
    "import * as fs from 'node:fs';",
  ].join('\n')), ['./values', './re-export', './side-effect', './required', './worker-entry']);
  const lib = path.resolve(__dirname, '../../lib');
  const rel = (files: string[]) => files.map((f) => path.relative(lib, f).split(path.sep).join('/'));
  const search = rel(moduleClosure(STUDY_STAGES.search.module));
  for (const file of ['models/svc.ts', 'models/forest.ts', 'selection/search.ts', 'selection/fit-worker.ts', 'preprocess/pipeline.ts']) assert.ok(search.includes(file), file);
  const segment = rel(moduleClosure(STUDY_STAGES.segment.module));
  assert.ok(segment.includes('segment/study.ts'));
  assert.ok(!segment.includes('explain/kernel-shap.ts') && !segment.includes('selection/search.ts'), segment.join(' '));
});

test('explainTestCustomers: KernelSHAP on a seeded sample of at most maxKernelCustomers, exact methods on every test customer', () => {
  const { frame, y } = syntheticStudyFrame(120, 3);
  const train = takeFrameRows(frame, Array.from({ length: 80 }, (_, i) => i));
  const test = takeFrameRows(frame, Array.from({ length: 40 }, (_, i) => 80 + i));
  const yTrain = y.subarray(0, 80);
  const settings = { ...DEFAULT_EXPLANATION, maxKernelCustomers: 6, kernelSamples: 64, backgroundSize: 8 };
  const knn = new Pipeline(specOf({ kind: 'knn', params: { k: 5 } })).fit(train, yTrain);
  const first = explainTestCustomers(knn, { testFrame: test, trainFrame: train }, settings, 1);
  assert.equal(first.shap.method, 'kernel');
  assert.equal(first.rows.length, 6);
  assert.deepEqual(first.rows, [...first.rows].sort((a, b) => a - b));
  assert.equal(first.frame.nRows, 6);
  const again = explainTestCustomers(knn, { testFrame: test, trainFrame: train }, settings, 1);
  assert.deepEqual(again.rows, first.rows);
  assert.deepEqual(Array.from(again.shap.values.data), Array.from(first.shap.values.data));
  const logistic = new Pipeline(specOf({ kind: 'logistic', params: {} })).fit(train, yTrain);
  const exact = explainTestCustomers(logistic, { testFrame: test, trainFrame: train }, settings, 1);
  assert.equal(exact.shap.method, 'linear');
  assert.deepEqual(exact.rows, Array.from({ length: 40 }, (_, i) => i));
});

test('explainTestCustomersInParallel: KernelSHAP split over threads gives the same values to the bit as one thread', async () => {
  const { frame, y } = syntheticStudyFrame(120, 5);
  const train = takeFrameRows(frame, Array.from({ length: 80 }, (_, i) => i));
  const test = takeFrameRows(frame, Array.from({ length: 40 }, (_, i) => 80 + i));
  const settings = { ...DEFAULT_EXPLANATION, maxKernelCustomers: 7, kernelSamples: 64, backgroundSize: 8 };
  const svc = new Pipeline(specOf({ kind: 'svc', params: { C: 1, gamma: 'scale' } })).fit(train, y.subarray(0, 80));
  const parts = { testFrame: test, trainFrame: train };
  const one = explainTestCustomers(svc, parts, settings, 4);
  for (const workers of [2, 3]) {
    const split = await explainTestCustomersInParallel(svc, parts, settings, 4, workers);
    assert.deepEqual(split.rows, one.rows);
    assert.deepEqual(Array.from(split.shap.values.data), Array.from(one.shap.values.data), `${workers} threads`);
    assert.deepEqual(Array.from(split.shap.data!.data), Array.from(one.shap.data!.data));
    assert.equal(split.shap.expectedValue, one.shap.expectedValue);
    assert.deepEqual(split.shap.featureNames, one.shap.featureNames);
    assert.equal(split.shap.method, 'kernel');
  }
});

test('a stage computed in a worker thread gives the artefact the main thread computes', async () => {
  const here = openStudy(quick(tempDir('stages-main-')));
  const there = openStudy(quick(tempDir('stages-worker-')));
  const [a, b] = [await here.get('explain'), await computeStageInWorker(there, 'explain')];
  const plain = (x: unknown) => JSON.parse(JSON.stringify(encodeArtefact(x)));
  assert.deepEqual({ ...plain(b), shapSeconds: 0 }, { ...plain(a), shapSeconds: 0 });
  assert.ok(b.shap.values.data instanceof Float64Array);
  assert.equal(sources(there)['explain'], 'computed');
});
