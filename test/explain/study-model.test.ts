import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { prepareStudyData } from '../../lib/data/prepare';
import { chooseStudyModel } from '../../lib/explain/study-model';
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
