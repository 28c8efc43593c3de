import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy, classificationSummary, confusionMatrix, f1Score, precision, predictAt, recall } from '../../lib/metrics/classification';
import { brierScore, logLoss } from '../../lib/metrics/probability';
import { fixture } from '../preprocess/fixture';

for (const c of fixture.metrics.filter((m) => m.precision !== undefined)) {
  test(`confusion matrix, precision, recall, F1, accuracy, log loss, Brier equal sklearn: ${c.name}`, () => {
    const y = Uint8Array.from(c.y);
    const pred = predictAt(c.scores, 0.5);
    assert.deepEqual(confusionMatrix(y, pred).matrix, c.confusion);
    assert.equal(precision(y, pred), c.precision);
    assert.equal(recall(y, pred), c.recall);
    assert.ok(Math.abs(f1Score(y, pred) - (c.f1 as number)) < 1e-15);
    assert.equal(accuracy(y, pred), c.accuracy);
    assert.ok(Math.abs(logLoss(y, c.scores) - (c.logLoss as number)) < 1e-12);
    assert.ok(Math.abs(brierScore(y, c.scores) - (c.brier as number)) < 1e-15);
  });
}

test('undefined ratios are 0 (sklearn zero_division=0) and the summary agrees with the parts', () => {
  const y = Uint8Array.from([0, 0, 1]);
  const none = Uint8Array.from([0, 0, 0]);
  assert.equal(precision(y, none), 0);
  assert.equal(f1Score(y, none), 0);
  const s = classificationSummary(y, Uint8Array.from([1, 0, 1]));
  assert.deepEqual([s.tp, s.fp, s.tn, s.fn], [1, 1, 1, 0]);
  assert.equal(s.f1, 2 / 3);
  assert.equal(s.accuracy, 2 / 3);
});

test('log loss clips 0 and 1 instead of returning infinity', () => {
  assert.ok(Number.isFinite(logLoss(Uint8Array.from([1, 0]), [0, 1])));
});
