import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrationCurve, percentile } from '../../lib/metrics/calibration';
import { fixture } from '../preprocess/fixture';

for (const c of fixture.metrics.filter((m) => m.calibration !== undefined)) {
  test(`calibration curve equals sklearn (uniform and quantile, 5 and 10 bins): ${c.name}`, () => {
    const y = Uint8Array.from(c.y);
    for (const [key, ref] of Object.entries(c.calibration as Record<string, { probTrue: number[]; probPred: number[] }>)) {
      const [strategy, bins] = key.split('_') as ['uniform' | 'quantile', string];
      const curve = calibrationCurve(y, c.scores, { nBins: Number(bins), strategy });
      assert.deepEqual(Array.from(curve.probTrue), ref.probTrue, key);
      assert.equal(curve.probPred.length, ref.probPred.length);
      curve.probPred.forEach((v, i) => assert.ok(Math.abs(v - ref.probPred[i]!) < 1e-14, key));
      assert.equal(curve.counts.reduce((s, v) => s + v, 0), y.length);
    }
  });
}

test('sklearn docstring example and percentile interpolation', () => {
  const c = calibrationCurve(Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1]), [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1], { nBins: 3 });
  assert.deepEqual(Array.from(c.probTrue), [0, 0.5, 1]);
  assert.deepEqual(Array.from(c.probPred, (v) => Number(v.toFixed(6))), [0.2, 0.525, 0.85]);
  assert.equal(percentile([1, 2, 3, 4], 50), 2.5);
  assert.throws(() => calibrationCurve(Uint8Array.from([0]), [1.5]), /row 0 is 1.5/);
});
