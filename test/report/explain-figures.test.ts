/**
 * Figure builders of lib/report/explain-figures.ts (SHAP, permutation importance, calibration, targeting,
 * segmentation). Each test builds figures from a small fixed input, compares the whole figure JSON with
 * its committed snapshot (test/report/snapshots/<name>.json) and keeps targeted assertions on the numbers.
 *
 * After an intended change to a builder, regenerate the snapshots and review the diff:
 *
 *     UPDATE_SNAPSHOTS=1 node --import tsx --test test/report/explain-figures.test.ts
 *     git diff test/report/snapshots/
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matrixFromRows } from '../../lib/core/types';
import type { ShapExplanation } from '../../lib/explain/shap-types';
import {
  beeswarmOffsets,
  expectedValueFigure,
  permutationImportanceFigure,
  probabilityProfitPlane,
  reliabilityFigure,
  shapBarChart,
  shapBeeswarm,
  shapDependence,
  topShapFeatures,
} from '../../lib/report/explain-figures';
import { expectedValueCurve } from '../../lib/segment/targeting';
import { FONT_FAMILY } from '../../lib/report/figures';
import { assertMatchesSnapshot } from './snapshot';

const explanation: ShapExplanation = {
  values: matrixFromRows([[0.1, -2, 0.5], [0.2, 1, -0.5], [-0.3, 3, 0.5]]),
  expectedValue: 0,
  featureNames: ['small', 'big', 'cat'],
  data: matrixFromRows([[1, 10, NaN], [2, 20, NaN], [3, 30, NaN]]),
  outputSpace: 'probability',
};

test('top features by mean |SHAP|; beeswarm rows top-down, grey dots for grouped categories', () => {
  assert.deepEqual(topShapFeatures(explanation), [1, 2, 0]);
  const f = shapBeeswarm(explanation);
  assertMatchesSnapshot('shap-beeswarm', f);
  const yaxis = f.layout.yaxis as { ticktext: string[]; tickvals: number[] };
  assert.deepEqual(yaxis.ticktext, ['big', 'cat', 'small']);
  assert.deepEqual(yaxis.tickvals, [2, 1, 0]);
  assert.equal(f.data.length, 2);
  assert.equal((f.data[0]!.x as number[]).length, 6);
  assert.equal((f.data[1]!.x as number[]).length, 3);
  // Colours are the feature value scaled within the feature: big = 10, 20, 30 → 0, 0.5, 1.
  assert.deepEqual(((f.data[0]!.marker as { color: number[] }).color).slice(0, 3), [0, 0.5, 1]);
  assert.doesNotThrow(() => JSON.stringify(f));
});

test('beeswarm offsets: one point per bin stays on the line, stacks alternate up and down within ±halfHeight', () => {
  assert.deepEqual(beeswarmOffsets([0, 1, 2], 3), [0, 0, 0]);
  const o = beeswarmOffsets([0, 0, 0, 0, 0], 10, 0.4);
  assert.deepEqual(o, [0, 0.2, -0.2, 0.4, -0.4]);
});

test('bar, dependence and permutation figures carry the computed numbers', () => {
  const bar = shapBarChart(explanation);
  assertMatchesSnapshot('shap-mean-abs-bar', bar);
  assert.deepEqual(bar.data[0]!.y, ['small', 'cat', 'big']);
  assert.ok(Math.abs((bar.data[0]!.x as number[])[2]! - 2) < 1e-12);
  const dep = shapDependence(explanation, 'big', { colorBy: 'small' });
  assertMatchesSnapshot('shap-dependence-numeric', dep);
  assert.deepEqual(dep.data[0]!.x, [10, 20, 30]);
  assert.deepEqual(dep.data[0]!.y, [-2, 1, 3]);
  const cat = shapDependence(explanation, 'cat', { xValues: ['a', 'b', 'a'] });
  assertMatchesSnapshot('shap-dependence-category', cat);
  assert.equal((cat.layout.xaxis as { type: string }).type, 'category');
  assert.throws(() => shapDependence(explanation, 'nope'), /no feature 'nope'/);
  const perm = permutationImportanceFigure({ baseline: 0.9, nRepeats: 3, seed: 1, importances: [
    { feature: 'a', mean: 0.01, std: 0.002, drops: new Float64Array(3) },
    { feature: 'b', mean: 0.1, std: 0.01, drops: new Float64Array(3) },
  ] });
  assertMatchesSnapshot('permutation-importance', perm);
  assert.deepEqual(perm.data[0]!.y, ['a', 'b']);
  assert.deepEqual((perm.data[0]!.error_x as { array: number[] }).array, [0.002, 0.01]);
});

test('reliability, expected-value and plane figures', () => {
  const rel = reliabilityFigure([{ name: 'raw', probPred: [0.1, 0.9], probTrue: [0.2, 0.8], counts: [5, 5] }]);
  assertMatchesSnapshot('reliability-curve', rel);
  assert.equal(rel.data.length, 2);
  assert.deepEqual(rel.data[1]!.y, [0.2, 0.8]);
  const curve = expectedValueCurve([0.9, 0.5, 0.1], [10, 10, 10], { offerCost: 1, retentionShare: 0.5, horizonMonths: 1 });
  const ev = expectedValueFigure(curve);
  assertMatchesSnapshot('expected-value-curve', ev);
  assert.deepEqual(ev.data[2]!.x, [curve.best.threshold]);
  assert.equal(curve.best.targeted, 2);
  const plane = probabilityProfitPlane([0.9, 0.1, 0.8], [5, 1, 2], {
    segments: ['hot', 'cold', 'hot'],
    probabilityThresholds: [{ value: 0.7, label: 'high risk' }],
    profitThresholds: [{ value: 3, label: 'high profit' }],
    ids: [11, 12, 13],
  });
  assertMatchesSnapshot('probability-profit-plane', plane);
  assert.deepEqual(plane.data.map((d) => d.name), ['hot (2)', 'cold (1)']);
  assert.deepEqual(plane.data[0]!.customdata, [11, 13]);
  assert.equal((plane.layout.shapes as unknown[]).length, 2);
});

test('the study layout (font stack with DejaVu Sans, left title) and Russian feature labels where given', () => {
  const labels = { big: 'Выручка_текущий_месяц', small: 'Страниц_за_визит' };
  const figures = {
    beeswarm: shapBeeswarm(explanation, { featureLabels: labels }),
    bar: shapBarChart(explanation, { featureLabels: labels }),
    dependence: shapDependence(explanation, 'big', { colorBy: 'small', featureLabels: labels }),
    permutation: permutationImportanceFigure({ baseline: 0.9, nRepeats: 2, seed: 1, importances: [{ feature: 'big', mean: 0.1, std: 0.01, drops: new Float64Array(2) }] }, { featureLabels: labels }),
  };
  for (const [name, f] of Object.entries(figures)) {
    assert.equal((f.layout.font as { family: string }).family, FONT_FAMILY, name);
    assert.match(FONT_FAMILY, /"DejaVu Sans"/);
    assert.equal((f.layout.title as { xanchor: string }).xanchor, 'left', name);
  }
  assert.deepEqual((figures.beeswarm.layout.yaxis as { ticktext: string[] }).ticktext, ['Выручка_текущий_месяц', 'cat', 'Страниц_за_визит']);
  assert.match((figures.beeswarm.data[0]!.text as string[])[0]!, /^Выручка_текущий_месяц = 10<br>SHAP/);
  assert.deepEqual(figures.bar.data[0]!.y, ['Страниц_за_визит', 'cat', 'Выручка_текущий_месяц']);
  assert.deepEqual((figures.dependence.layout.xaxis as { title: unknown }).title, { text: 'Выручка_текущий_месяц' });
  assert.equal((figures.dependence.layout.title as { text: string }).text, 'Зависимость SHAP-вклада от признака «Выручка_текущий_месяц»');
  assert.deepEqual(((figures.dependence.data[0]!.marker as { colorbar: { title: unknown } }).colorbar).title, { text: 'Страниц_за_визит' });
  assert.deepEqual(figures.permutation.data[0]!.y, ['Выручка_текущий_месяц']);
  assertMatchesSnapshot('shap-beeswarm-russian-labels', figures.beeswarm);
});
