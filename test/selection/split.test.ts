import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitByIds, stratifiedKFold, trainTestSplit } from '../../lib/selection/split';
import { fixture } from '../preprocess/fixture';

for (const c of fixture.kfold) {
  test(`StratifiedKFold without shuffle equals sklearn: n=${c.y.length}, k=${c.nSplits}`, () => {
    const folds = stratifiedKFold(Uint8Array.from(c.y), { nSplits: c.nSplits });
    assert.deepEqual(folds.map((f) => Array.from(f.test)), c.testFolds);
    for (const f of folds) assert.equal(f.train.length + f.test.length, c.y.length);
  });
}

test('shuffled stratified k-fold: seeded, a partition, class shares kept', () => {
  const y = Uint8Array.from({ length: 103 }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const a = stratifiedKFold(y, { nSplits: 5, shuffle: true, seed: 3 });
  const b = stratifiedKFold(y, { nSplits: 5, shuffle: true, seed: 3 });
  assert.deepEqual(a.map((f) => Array.from(f.test)), b.map((f) => Array.from(f.test)));
  assert.notDeepEqual(a.map((f) => Array.from(f.test)), stratifiedKFold(y, { nSplits: 5 }).map((f) => Array.from(f.test)));
  const seen = new Set<number>();
  for (const f of a) {
    for (const i of f.test) seen.add(i);
    const pos = Array.from(f.test).filter((i) => y[i] === 1).length;
    assert.ok(pos === 6 || pos === 7);
  }
  assert.equal(seen.size, 103);
  assert.throws(() => stratifiedKFold(Uint8Array.from([1, 0, 0, 0, 0, 0]), { nSplits: 2 }), /nSplits 2 is more than the 1 rows of class 1; the smallest class has 1 rows, so use nSplits ≤ 1/);
});

test('train/test split: 25% test rounded up, stratified, seeded, disjoint', () => {
  const y = Uint8Array.from({ length: 1297 }, (_, i) => (i % 5 < 2 ? 1 : 0));
  const s = trainTestSplit(y, { seed: 42 });
  assert.equal(s.test.length, Math.ceil(0.25 * 1297));
  assert.equal(s.train.length + s.test.length, 1297);
  assert.deepEqual(Array.from(s.test), Array.from(trainTestSplit(y, { seed: 42 }).test));
  assert.notDeepEqual(Array.from(s.test), Array.from(trainTestSplit(y, { seed: 7 }).test));
  const share = (idx: Uint32Array) => Array.from(idx).filter((i) => y[i] === 1).length / idx.length;
  assert.ok(Math.abs(share(s.test) - share(s.train)) < 0.005);
  const inTest = new Set(s.test);
  assert.ok(Array.from(s.train).every((i) => !inTest.has(i)));
});

test('split from a list of test ids', () => {
  const ids = Int32Array.from([10, 11, 12, 13, 14]);
  const s = splitByIds(ids, [14, 11]);
  assert.deepEqual(Array.from(s.test), [1, 4]);
  assert.deepEqual(Array.from(s.train), [0, 2, 3]);
  assert.throws(() => splitByIds(ids, [99]), /1 test ids are not in the data \(e.g. 99\)/);
});
