import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridSearch, randomizedSearch, resultsTable, searchCandidates } from '../../lib/selection/search';
import { expandGrid, sampleCandidates } from '../../lib/selection/distributions';
import { FitPool } from '../../lib/selection/pool';
import { crossValPredict, crossValPredictParallel } from '../../lib/selection/cross-val';
import { stratifiedKFold } from '../../lib/selection/split';
import { rocAuc } from '../../lib/metrics/roc';
import { FittedPipeline, type PipelineSpec } from '../../lib/preprocess/pipeline';
import { estimatedFitCost } from '../../lib/selection/fit-task';
import { TINY_CLASSIFIER_MODULE } from './tiny-classifier';
import { syntheticStudyFrame } from './synthetic';

const { frame, y } = syntheticStudyFrame(300, 5);
const base: PipelineSpec = {
  prep: {
    routes: [
      { name: 'scaler', transformer: { kind: 'standard-scaler', params: {} }, columns: ['a', 'b', 'c'] },
      { name: 'onehot', transformer: { kind: 'one-hot', params: { drop: 'first' } }, columns: ['cat'] },
    ],
    remainder: 'drop',
  },
  model: { kind: 'test-centroid', params: { shrink: 1 } },
};
const grid = { 'prep.scaler': ['standard', 'minmax', 'none'], 'model.shrink': [0.01, 1, 5] };
const withoutTimes = (t: { meanFitMs: number }[]) => t.map(({ meanFitMs: _m, ...rest }) => rest);

test('grid expansion follows sklearn order (keys sorted, last fastest)', () => {
  assert.deepEqual(expandGrid({ b: [1, 2], a: ['x', 'y'] }), [{ a: 'x', b: 1 }, { a: 'x', b: 2 }, { a: 'y', b: 1 }, { a: 'y', b: 2 }]);
});

test('randomized draws are seeded and stay within their distributions', () => {
  const d = { 'model.C': { type: 'loguniform', low: 0.01, high: 10 }, 'model.k': { type: 'int', low: 1, high: 3 }, 'prep.scaler': ['standard', 'none'] } as const;
  const a = sampleCandidates(d, 40, 9);
  assert.deepEqual(a, sampleCandidates(d, 40, 9));
  for (const c of a) {
    assert.ok((c['model.C'] as number) >= 0.01 && (c['model.C'] as number) <= 10);
    assert.ok([1, 2, 3].includes(c['model.k'] as number));
  }
  assert.deepEqual(new Set(a.map((c) => c['model.k'])), new Set([1, 2, 3]));
});

test('serial grid search: every candidate, 5-fold ROC-AUC, ranks, refit of the best', async () => {
  const r = await gridSearch(base, grid, frame, y, { parallel: 0, seed: 1 });
  assert.equal(r.table.length, 9);
  assert.equal(r.folds.length, 5);
  for (const row of r.table) {
    assert.equal(row.foldScores.length, 5);
    const mean = row.foldScores.reduce((s, v) => s + v, 0) / 5;
    assert.ok(Math.abs(row.meanScore - mean) < 1e-15);
  }
  // The fold score is the AUC of a pipeline fitted on the other folds.
  assert.ok(r.best.meanScore > 0.7);
  assert.equal(r.best.rank, 1);
  assert.ok(r.table.every((row) => row.meanScore <= r.best.meanScore));
  assert.ok(r.bestPipeline instanceof FittedPipeline);
  assert.equal(r.bestSpec.model.params.shrink, r.best.params['model.shrink']);
  assert.equal(resultsTable(r)[0]!.rank, 1);
});

test('worker pool gives the same table as serial fits, and the same call gives the same table', async () => {
  const serial = await randomizedSearch(base, { 'prep.scaler': ['standard', 'minmax', 'none'], 'model.shrink': { type: 'loguniform', low: 0.01, high: 10 } }, frame, y, { nIter: 8, parallel: 0, seed: 4 });
  const pool = await FitPool.start({ workers: 2, setupModules: [TINY_CLASSIFIER_MODULE] });
  try {
    const parallel = await randomizedSearch(base, { 'prep.scaler': ['standard', 'minmax', 'none'], 'model.shrink': { type: 'loguniform', low: 0.01, high: 10 } }, frame, y, { nIter: 8, parallel: pool, seed: 4 });
    assert.equal(parallel.workers, 2);
    assert.deepEqual(withoutTimes(parallel.table), withoutTimes(serial.table));
    const again = await randomizedSearch(base, { 'prep.scaler': ['standard', 'minmax', 'none'], 'model.shrink': { type: 'loguniform', low: 0.01, high: 10 } }, frame, y, { nIter: 8, parallel: pool, seed: 4 });
    assert.deepEqual(withoutTimes(again.table), withoutTimes(parallel.table));
    // Out-of-fold predictions: the same from the pool and in this thread.
    const folds = stratifiedKFold(y, { nSplits: 5, shuffle: true, seed: 2 });
    const oofSerial = crossValPredict(base, frame, y, folds);
    const oofPool = await crossValPredictParallel(base, frame, y, folds, pool);
    assert.deepEqual(Array.from(oofPool), Array.from(oofSerial));
    assert.ok(oofSerial.every((p) => p >= 0 && p <= 1));
    assert.ok(rocAuc(y, oofSerial) > 0.7);
  } finally {
    await pool.close();
  }
});

test('the pool starts the costliest tasks first and returns the results in task order', async () => {
  const pool = await FitPool.start({ workers: 1, setupModules: [TINY_CLASSIFIER_MODULE] });
  try {
    const key = 'cost-order';
    const folds = stratifiedKFold(y, { nSplits: 3, shuffle: true, seed: 1 });
    pool.setData(key, { frame, y, folds });
    const costs = [1, 5, undefined, 5, 9, 2];
    const started: number[] = [];
    const results = await pool.run(
      costs.map((cost, id) => ({ id, dataKey: key, fold: id % 3, spec: base, returnProba: false, ...(cost === undefined ? {} : { cost }) })),
      (r) => started.push(r.id),
    );
    // One worker finishes tasks in the order it got them: by cost, ties in task order, no cost last.
    assert.deepEqual(started, [4, 1, 3, 5, 0, 2]);
    assert.deepEqual(results.map((r) => r.id), [0, 1, 2, 3, 4, 5]);
    pool.dropData(key);
  } finally {
    await pool.close();
  }
});

test('estimatedFitCost ranks forests by trees, features per node and depth', () => {
  const forest = (params: Record<string, unknown>): PipelineSpec => ({ ...base, model: { kind: 'forest', params: params as PipelineSpec['model']['params'] } });
  assert.ok(estimatedFitCost(forest({ nEstimators: 300, maxFeatures: 'sqrt', maxDepth: 8 })) > estimatedFitCost(forest({ nEstimators: 100, maxFeatures: 'sqrt', maxDepth: 8 })));
  assert.ok(estimatedFitCost(forest({ nEstimators: 100, maxFeatures: null, maxDepth: 8 })) > estimatedFitCost(forest({ nEstimators: 100, maxFeatures: 'sqrt', maxDepth: 8 })));
  assert.ok(estimatedFitCost(forest({ nEstimators: 100, maxFeatures: 'sqrt', maxDepth: null })) > estimatedFitCost(forest({ nEstimators: 100, maxFeatures: 'sqrt', maxDepth: 4 })));
  assert.equal(estimatedFitCost(base), 1);
});

test('a failing candidate scores NaN with its error and is never the best', async () => {
  const r = await searchCandidates(base, [{ 'model.fail': true }, { 'model.fail': false }], frame, y, { parallel: 0 });
  assert.ok(Number.isNaN(r.table[0]!.meanScore));
  assert.match(r.table[0]!.error!, /asked to fail/);
  assert.equal(r.best.index, 1);
  assert.equal(r.table[0]!.rank, 2);
});

test('refitChanges apply to the refit and bestSpec only, not to the CV fits', async () => {
  const plain = await searchCandidates(base, [{ 'model.shrink': 1 }], frame, y, { parallel: 0 });
  const changed = await searchCandidates(base, [{ 'model.shrink': 1 }], frame, y, { parallel: 0, refitChanges: { 'model.shrink': 0.5 } });
  assert.deepEqual(changed.table[0]!.foldScores, plain.table[0]!.foldScores);
  assert.equal(changed.bestSpec.model.params.shrink, 0.5);
  assert.equal(changed.bestPipeline!.model.params.shrink, 0.5);
});
