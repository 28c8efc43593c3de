import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cachedStudySearch } from '../../lib/selection/search-cache';
import { stratifiedKFold } from '../../lib/selection/split';
import type { FamilySpace } from '../../lib/selection/study-space';
import './tiny-classifier';
import { syntheticStudyFrame } from './synthetic';

const { frame, y } = syntheticStudyFrame(150, 8);
const space: FamilySpace = {
  family: 'logistic',
  base: {
    prep: { routes: [{ name: 'scaler', transformer: { kind: 'standard-scaler', params: {} }, columns: ['a', 'b'] }], remainder: 'drop' },
    model: { kind: 'test-centroid', params: {} },
  },
  distributions: {},
  candidates: [{ 'model.shrink': 0.1 }, { 'model.shrink': 2 }, { 'prep.scaler': 'minmax' }],
  refitChanges: { 'model.shrink': 3 },
};

test('cached study search: second call reads the cache, same table, refit best; other folds miss it', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'search-cache-')), 'search.json');
  const folds = stratifiedKFold(y, { nSplits: 3, shuffle: true, seed: 1 });
  const first = await cachedStudySearch(frame, y, { spaces: [space], folds, parallel: 0, cacheFile: file });
  const second = await cachedStudySearch(frame, y, { spaces: [space], folds, parallel: 0, cacheFile: file });
  assert.equal(first.fromCache, false);
  assert.equal(second.fromCache, true);
  assert.deepEqual(second.searches[0]!.result.table, first.searches[0]!.result.table);
  assert.deepEqual(second.searches[0]!.result.bestSpec, first.searches[0]!.result.bestSpec);
  assert.equal(second.searches[0]!.result.bestSpec.model.params.shrink, 3);
  assert.deepEqual(Array.from(second.searches[0]!.result.bestPipeline!.predictProba(frame)), Array.from(first.searches[0]!.result.bestPipeline!.predictProba(frame)));
  const other = await cachedStudySearch(frame, y, { spaces: [space], folds: stratifiedKFold(y, { nSplits: 3 }), parallel: 0, cacheFile: file });
  assert.equal(other.fromCache, false);
});
