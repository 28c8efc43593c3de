import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { prepareStudyData } from '../../lib/data/prepare';
import { takeFrameRows } from '../../lib/core/types';
import { chooseStudyModel, explainStudyModel, STUDY_EXPLANATION } from '../../lib/explain/study-model';
import { Pipeline, type PipelineSpec } from '../../lib/preprocess/pipeline';
import { syntheticStudyFrame } from '../selection/synthetic';
import '../../lib/models/index';

test('chooseStudyModel: the study split, a search, the result cached and reused with identical predictions', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'study-model-'));
  const { table, source } = prepareStudyData({ env: {}, projectRoot: dir, synthetic: { customers: 240, seed: 7 } });
  assert.equal(source.kind, 'synthetic');
  const cacheFile = join(dir, 'chosen.json');
  const options = { families: ['logistic', 'tree'] as const, nCandidates: 2, nSplits: 3, cacheFile };
  const first = await chooseStudyModel(table, options);
  assert.equal(first.fromCache, false);
  assert.ok(['logistic', 'tree'].includes(first.family));
  assert.equal(first.families.length, 2);
  assert.equal(first.cvRocAuc, Math.max(...first.families.map((f) => f.cvRocAuc)));
  assert.equal(first.split.test.length, Math.ceil(0.25 * table.ids.length));
  assert.equal(first.trainFrame.nRows + first.testFrame.nRows, table.ids.length);
  assert.equal(JSON.parse(readFileSync(cacheFile, 'utf8')).family, first.family);
  const second = await chooseStudyModel(table, options);
  assert.equal(second.fromCache, true);
  assert.deepEqual(Array.from(second.fitted.predictProba(second.testFrame)), Array.from(first.fitted.predictProba(first.testFrame)));
  // Other settings miss the cache.
  const other = await chooseStudyModel(table, { ...options, families: ['logistic'] as const });
  assert.equal(other.fromCache, false);
  assert.equal(other.family, 'logistic');
});

test('explainStudyModel: KernelSHAP on a seeded sample of at most maxKernelCustomers, exact methods on every test customer', () => {
  const { frame, y } = syntheticStudyFrame(120, 3);
  const train = takeFrameRows(frame, Array.from({ length: 80 }, (_, i) => i));
  const test = takeFrameRows(frame, Array.from({ length: 40 }, (_, i) => 80 + i));
  const yTrain = y.subarray(0, 80);
  const quick = { ...STUDY_EXPLANATION, maxKernelCustomers: 6, kernel: { nSamples: 64, backgroundSize: 8, seed: 1 } };
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
  const knn = new Pipeline(specOf({ kind: 'knn', params: { k: 5 } })).fit(train, yTrain);
  const first = explainStudyModel({ fitted: knn, testFrame: test, trainFrame: train }, quick);
  assert.equal(first.explanation.method, 'kernel');
  assert.equal(first.rows.length, 6);
  assert.deepEqual(first.rows, [...first.rows].sort((a, b) => a - b));
  assert.equal(first.frame.nRows, 6);
  // Same settings, same customers and values: what makes notebooks 07 and 09 agree.
  const again = explainStudyModel({ fitted: knn, testFrame: test, trainFrame: train }, quick);
  assert.deepEqual(again.rows, first.rows);
  assert.deepEqual(Array.from(again.explanation.values.data), Array.from(first.explanation.values.data));
  const logistic = new Pipeline(specOf({ kind: 'logistic', params: {} })).fit(train, yTrain);
  const exact = explainStudyModel({ fitted: logistic, testFrame: test, trainFrame: train }, quick);
  assert.equal(exact.explanation.method, 'linear');
  assert.deepEqual(exact.rows, Array.from({ length: 40 }, (_, i) => i));
});
