import { test } from 'node:test';
import assert from 'node:assert/strict';
import { highVif, selectByVif, vif } from '../../lib/stats/vif';
import { close, reference, referenceFrame } from './fixture';

test('VIF matches the numpy (statsmodels-equivalent) regression with intercept on complete rows', () => {
  const entries = vif(referenceFrame());
  for (const e of entries) {
    const ref = reference.vif[e.feature]!;
    assert.ok(close(e.r2, ref.r2, 1e-10), `${e.feature} r2 ${e.r2} vs ${ref.r2}`);
    assert.ok(close(e.vif, ref.vif, 1e-8), `${e.feature} vif ${e.vif} vs ${ref.vif}`);
  }
  assert.deepEqual(highVif(entries, 10).map((e) => e.feature), ['collinear', 'normal', 'integers']);
});

test('an exact linear combination has infinite VIF; independent columns have VIF near 1', () => {
  const a = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i));
  const b = Float64Array.from({ length: 50 }, (_, i) => Math.cos(3 * i));
  const c = Float64Array.from(a, (v, i) => 2 * v - b[i]! + 1);
  const entries = vif({ nRows: 50, columns: { a, b, c } });
  assert.ok(entries.every((e) => e.vif === Infinity));
  const two = vif({ nRows: 50, columns: { a, b } });
  assert.ok(two.every((e) => e.vif < 1.2));
  assert.throws(() => vif({ nRows: 50, columns: { a } }), /at least two/);
});

test('selectByVif drops the worst feature one at a time until every VIF is under the threshold', () => {
  const s = selectByVif(referenceFrame(), undefined, 10);
  assert.deepEqual(s.dropped.map((d) => d.feature), ['collinear']);
  assert.ok(close(s.dropped[0]!.vif, reference.vif.collinear!.vif, 1e-8));
  assert.deepEqual(s.kept, ['normal', 'skewed', 'integers', 'bimodal']);
  assert.ok(s.final.every((e) => e.vif <= 10));
  assert.deepEqual(selectByVif(referenceFrame(), undefined, 1000).dropped, []);
});
