import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseThreshold } from '../../lib/metrics/threshold';
import { classificationSummary, predictAt } from '../../lib/metrics/classification';
import { fixture } from '../preprocess/fixture';

const c = fixture.metrics.find((m) => m.name === 'ties_150')!;
const y = Uint8Array.from(c.y);
const distinct = [...new Set(c.scores)];

test('max-F1 threshold is the best F1 over every distinct score', () => {
  const choice = chooseThreshold(y, c.scores, { goal: 'max-f1' });
  const best = Math.max(...distinct.map((t) => classificationSummary(y, predictAt(c.scores, t)).f1));
  assert.equal(choice.f1, best);
  assert.equal(classificationSummary(y, predictAt(c.scores, choice.threshold)).f1, choice.f1);
});

test('recall goal: recall at least the target, best precision among those', () => {
  const choice = chooseThreshold(y, c.scores, { goal: 'recall', target: 0.9 });
  assert.ok(choice.recall >= 0.9);
  for (const t of distinct) {
    const s = classificationSummary(y, predictAt(c.scores, t));
    if (s.recall >= 0.9) assert.ok(s.precision <= choice.precision + 1e-15);
  }
});

test('cost goal minimises fp * costFP + fn * costFN; expensive misses lower the threshold', () => {
  const cheapMiss = chooseThreshold(y, c.scores, { goal: 'cost', costFalsePositive: 5, costFalseNegative: 1 });
  const dearMiss = chooseThreshold(y, c.scores, { goal: 'cost', costFalsePositive: 1, costFalseNegative: 5 });
  assert.ok(dearMiss.threshold <= cheapMiss.threshold);
  for (const t of distinct) {
    const s = classificationSummary(y, predictAt(c.scores, t));
    assert.ok(s.fp * 1 + s.fn * 5 >= dearMiss.cost);
  }
  assert.throws(() => chooseThreshold(Uint8Array.from([0, 1]), [0.2, 0.4], { goal: 'recall', target: 1.1 }), /no threshold reaches recall/);
});
