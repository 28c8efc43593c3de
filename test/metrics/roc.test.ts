import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rocAuc, rocCurve } from '../../lib/metrics/roc';
import { fixture } from '../preprocess/fixture';

const labels = (y: number[]) => Uint8Array.from(y);

for (const c of fixture.metrics) {
  test(`ROC-AUC and ROC curve equal sklearn exactly: ${c.name}`, () => {
    const y = labels(c.y);
    assert.equal(rocAuc(y, c.scores), c.auc);
    const roc = c.roc as { fpr: number[]; tpr: number[]; thresholds: number[] };
    const curve = rocCurve(y, c.scores);
    assert.deepEqual(Array.from(curve.fpr), roc.fpr);
    assert.deepEqual(Array.from(curve.tpr), roc.tpr);
    assert.deepEqual(Array.from(curve.thresholds), roc.thresholds);
    const all = c.rocAll as { fpr: number[]; tpr: number[] };
    const full = rocCurve(y, c.scores, false);
    assert.deepEqual(Array.from(full.fpr), all.fpr);
    assert.deepEqual(Array.from(full.tpr), all.tpr);
  });
}

test('AUC of a perfect ranking is 1, of the reverse 0, of constant scores 0.5', () => {
  const y = labels([0, 0, 1, 0, 1, 1]);
  const s = [0.1, 0.2, 0.8, 0.3, 0.9, 0.7];
  assert.equal(rocAuc(y, s), 1);
  assert.equal(rocAuc(y, s.map((v) => -v)), 0);
  assert.equal(rocAuc(y, s.map(() => 0.4)), 0.5);
});

test('AUC needs both classes; NaN scores are refused', () => {
  assert.throws(() => rocAuc(labels([1, 1]), [0.2, 0.3]), /only one class/);
  assert.throws(() => rocAuc(labels([0, 1]), [NaN, 0.3]), /row 0 is NaN/);
  assert.throws(() => rocAuc(labels([0, 1]), [0.3]), /2 labels but 1 scores/);
});
