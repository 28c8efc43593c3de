import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STUDY_FAMILIES, studySearchSpace } from '../../lib/selection/study-space';
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
