import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STUDY_FAMILIES, runStudySearch, studySearchSpace, type FamilySpace } from '../../lib/selection/study-space';
import { stratifiedKFold } from '../../lib/selection/split';
import { TINY_CLASSIFIER_MODULE } from './tiny-classifier';
import { syntheticStudyFrame } from './synthetic';
import { applyPathParams } from '../../lib/preprocess/pipeline';

test('study space: 5 families x 50 seeded candidates, each with a scaler choice (SVC: scaled only)', () => {
  const space = studySearchSpace();
  assert.deepEqual(space.map((s) => s.family), [...STUDY_FAMILIES]);
  for (const s of space) {
    assert.equal(s.candidates.length, 50);
    assert.equal(s.base.model.kind, s.family);
    const scalers = s.family === 'svc' ? ['standard', 'minmax'] : ['standard', 'minmax', 'none'];
    assert.deepEqual(new Set(s.candidates.map((c) => c['prep.scaler'])), new Set(scalers));
    // Every candidate applies cleanly to the base pipeline.
    for (const c of s.candidates) assert.equal(applyPathParams(s.base, c).model.kind, s.family);
  }
  assert.deepEqual(studySearchSpace(), space);
  assert.notDeepEqual(studySearchSpace({ seed: 1 })[0]!.candidates, space[0]!.candidates);
  assert.equal(studySearchSpace({ nCandidates: 3, families: ['knn'] })[0]!.candidates.length, 3);
});

test('runStudySearch: refits in the pool load to the same predictions as serial refits', async () => {
  const { frame, y } = syntheticStudyFrame(160, 3);
  const space = (family: 'logistic' | 'knn'): FamilySpace => ({
    family,
    base: {
      prep: { routes: [{ name: 'scaler', transformer: { kind: 'standard-scaler', params: {} }, columns: ['a', 'b', 'c'] }], remainder: 'drop' },
      model: { kind: 'test-centroid', params: {} },
    },
    distributions: {},
    candidates: [{ 'model.shrink': 0.2 }, { 'model.shrink': 4, 'prep.scaler': 'minmax' }],
    refitChanges: family === 'knn' ? { 'model.shrink': 7 } : {},
  });
  const folds = stratifiedKFold(y, { nSplits: 4, shuffle: true, seed: 5 });
  const serial = await runStudySearch(frame, y, { spaces: [space('logistic'), space('knn')], folds, parallel: 0 });
  const pooled = await runStudySearch(frame, y, { spaces: [space('logistic'), space('knn')], folds, parallel: 2, setupModules: [TINY_CLASSIFIER_MODULE] });
  // kNN runs first (ahead of logistic in the run order), the results keep the spaces' order.
  assert.deepEqual(pooled.map((f) => f.family), ['logistic', 'knn']);
  assert.deepEqual(serial.map((f) => f.family), ['logistic', 'knn']);
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(pooled[i]!.result.table.map((r) => r.foldScores), serial[i]!.result.table.map((r) => r.foldScores));
    assert.deepEqual(Array.from(pooled[i]!.result.bestPipeline!.predictProba(frame)), Array.from(serial[i]!.result.bestPipeline!.predictProba(frame)));
  }
  assert.equal(pooled[1]!.result.bestPipeline!.model.params.shrink, 7);
});
