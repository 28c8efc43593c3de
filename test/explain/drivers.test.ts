import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matrixFromRows } from '../../lib/core/types';
import { categoryEffects, compareRankings, describeDrivers } from '../../lib/explain/drivers';
import type { ShapExplanation } from '../../lib/explain/shap-types';

const e: ShapExplanation = {
  values: matrixFromRows([[0.3, 0.1, 0.2], [-0.3, -0.1, -0.2], [0.4, 0.05, 0.1], [-0.4, -0.05, 0.0]]),
  expectedValue: 0.4,
  featureNames: ['promo', 'pages', 'category'],
  data: matrixFromRows([[0.9, 2, NaN], [0.1, 9, NaN], [0.8, 3, NaN], [0.2, 8, NaN]]),
  outputSpace: 'probability',
};
const frame = { nRows: 4, columns: { promo: Float64Array.from([0.9, 0.1, 0.8, 0.2]), pages: Float64Array.from([2, 9, 3, 8]), category: ['toys', 'home', 'toys', 'food'] } };

test('category effects: mean SHAP per level, largest first (by hand)', () => {
  assert.deepEqual(categoryEffects(e, 'category', frame.columns.category).map((l) => [l.level, +l.meanShap.toFixed(10), l.count]), [['toys', 0.15, 2], ['food', 0, 1], ['home', -0.2, 1]]);
});

test('drivers: direction from the value-SHAP correlation, sentences carry the numbers', () => {
  const d = describeDrivers(e, frame, 3);
  assert.deepEqual(d.map((x) => x.feature), ['promo', 'category', 'pages']);
  assert.match(d[0]!.sentence, /^promo \(mean \|SHAP\| 0\.350 probability\): higher values raise the drop probability/);
  assert.match(d[2]!.sentence, /higher values lower the drop probability/);
  assert.match(d[1]!.sentence, /«toys» pushes towards a drop most \(mean SHAP \+0\.150\), «home» away from it \(-0\.200\)/);
});

test('rankings compared: shared top-k and Spearman rho', () => {
  const perm = { baseline: 0.9, nRepeats: 1, seed: 1, importances: [
    { feature: 'pages', mean: 0.01, std: 0, drops: new Float64Array(1) },
    { feature: 'promo', mean: 0.2, std: 0, drops: new Float64Array(1) },
    { feature: 'category', mean: 0.05, std: 0, drops: new Float64Array(1) },
  ] };
  const r = compareRankings(perm, e, 2);
  assert.deepEqual(r.shared, ['promo', 'category']);
  assert.equal(r.spearman, 1);
});

test('drivers: display labels in the sentences, identifiers kept in `feature`', () => {
  const d = describeDrivers(e, frame, 2, { labels: { promo: 'Акционные_покупки' } });
  assert.deepEqual(d.map((x) => x.feature), ['promo', 'category']);
  assert.match(d[0]!.sentence, /^Акционные_покупки \(mean \|SHAP\| 0\.350 probability\)/);
  assert.match(d[1]!.sentence, /^category \(/);
});
