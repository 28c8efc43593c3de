import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cachedStudySearch, libraryCodeFingerprint, SEARCH_CODE_FOLDERS } from '../../lib/selection/search-cache';
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

test('cached study search: a change of the code fingerprint misses the cache', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'search-cache-')), 'search.json');
  const folds = stratifiedKFold(y, { nSplits: 3, shuffle: true, seed: 1 });
  const run = (codeFingerprint?: string) => cachedStudySearch(frame, y, { spaces: [space], folds, parallel: 0, refit: false, cacheFile: file, ...(codeFingerprint ? { codeFingerprint } : {}) });
  assert.equal((await run('code-a')).fromCache, false);
  assert.equal((await run('code-a')).fromCache, true);
  assert.equal((await run('code-b')).fromCache, false, 'other model code: the table is searched again');
  assert.equal((await run()).fromCache, false, 'the default key uses the library code fingerprint');
  assert.equal((await run()).fromCache, true);
});

test('libraryCodeFingerprint hashes the modelling folders of lib/: an edit there changes it, elsewhere not', () => {
  const libRoot = path.resolve(__dirname, '../../lib');
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'code-fp-')), 'lib');
  for (const folder of [...SEARCH_CODE_FOLDERS, 'report']) fs.cpSync(path.join(libRoot, folder), path.join(copy, folder), { recursive: true });
  const original = libraryCodeFingerprint(copy);
  assert.match(original, /^sha256:[0-9a-f]{64}$/);
  assert.equal(libraryCodeFingerprint(libRoot), original, 'the same files give the same fingerprint, wherever they are');

  const knn = path.join(copy, 'models', 'knn.ts');
  fs.appendFileSync(knn, '\n// a change to model code\n');
  const edited = libraryCodeFingerprint(copy);
  assert.notEqual(edited, original);

  fs.appendFileSync(path.join(copy, 'report', 'figures.ts'), '\n// a report change does not move search scores\n');
  assert.equal(libraryCodeFingerprint(copy), edited);

  // Compiled JavaScript (running from dist/) is code too; declaration files are not.
  fs.writeFileSync(path.join(copy, 'metrics', 'extra.js'), 'exports.x = 1;\n');
  const withJs = libraryCodeFingerprint(copy);
  assert.notEqual(withJs, edited);
  fs.writeFileSync(path.join(copy, 'metrics', 'extra.d.ts'), 'export declare const x: number;\n');
  assert.equal(libraryCodeFingerprint(copy), withJs);
  assert.throws(() => libraryCodeFingerprint(path.join(copy, 'nowhere')), /no source files/);
});
