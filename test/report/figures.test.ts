/**
 * Figure builders of lib/report/figures.ts. Each test builds a figure from a small fixed input, compares the
 * whole figure JSON with its committed snapshot (test/report/snapshots/<name>.json) and keeps targeted
 * assertions on what matters most (Russian labels, class colours, NaN handling).
 *
 * After an intended change to a builder, regenerate the snapshots and review the diff:
 *
 *     UPDATE_SNAPSHOTS=1 node --import tsx --test test/report/figures.test.ts
 *     git diff test/report/snapshots/
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  boxByClass,
  categoryBarByClass,
  CLASS_COLORS,
  CLASS_NAMES,
  classTrend,
  DIVERGING_SCALE,
  SEQUENTIAL_SCALE,
  FONT_FAMILY,
  heatmap,
  histogramByClass,
  importanceBar,
  lineChart,
  rocCurves,
  scatter,
} from '../../lib/report/figures';
import { figureHtml } from '../../lib/report/display';
import { assertMatchesSnapshot } from './snapshot';

const y = Uint8Array.of(0, 1, 0, 1, 1, 0);
const v = Float64Array.of(1, 5, 2, NaN, 7, 3);

/** Every figure is plain JSON (survives a round trip), has a Cyrillic-capable font and a height. */
function assertPlain(fig: { data: unknown[]; layout: Record<string, unknown> }): void {
  assert.deepEqual(JSON.parse(JSON.stringify(fig)), fig);
  assert.equal((fig.layout.font as { family: string }).family, FONT_FAMILY);
  assert.equal(typeof fig.layout.height, 'number');
}

test('histogram by class: two overlaid traces in class colours, NaN as null, Russian axis titles', () => {
  const fig = histogramByClass(v, y, { xTitle: 'Длительность, дней', title: 'Распределение' });
  assertPlain(fig);
  assertMatchesSnapshot('histogram-by-class', fig);
  assert.equal(fig.data.length, 2);
  assert.deepEqual(fig.data.map((t) => t.name), [...CLASS_NAMES]);
  assert.deepEqual(fig.data[0]!.x, [1, 2, 3]);
  assert.deepEqual(fig.data[1]!.x, [5, null, 7]);
  assert.deepEqual(fig.data.map((t) => (t.marker as { color: string }).color), [...CLASS_COLORS]);
  assert.equal(fig.layout.barmode, 'overlay');
  assert.deepEqual((fig.layout.xaxis as { title: unknown }).title, { text: 'Длительность, дней' });
  assert.equal((fig.layout.title as { text: string }).text, 'Распределение');
  assert.ok(figureHtml(fig, { id: 'f1' }).includes('Длительность, дней'));
  assert.throws(() => histogramByClass(v, Uint8Array.of(1), { xTitle: 'x' }), /6 values but 1 labels/);
});

test('box plot by class', () => {
  const fig = boxByClass(v, y, { valueTitle: 'Минуты' });
  assertPlain(fig);
  assertMatchesSnapshot('box-by-class', fig);
  assert.deepEqual(fig.data.map((t) => [t.type, t.name, t.boxpoints]), [
    ['box', 'Прежний уровень', 'outliers'],
    ['box', 'Снизилась', 'outliers'],
  ]);
});

test('category bars: counts or shares within each class, most frequent first', () => {
  const cats = ['а', 'б', 'а', 'а', 'в', 'б'];
  const counts = categoryBarByClass(cats, y, { xTitle: 'Категория' });
  assertPlain(counts);
  assertMatchesSnapshot('category-bar-counts', counts);
  assert.deepEqual(counts.data[0]!.x, ['а', 'б', 'в']);
  assert.deepEqual(counts.data[0]!.y, [2, 1, 0]);
  assert.deepEqual(counts.data[1]!.y, [1, 1, 1]); // class-1 rows 1, 3, 4 are б, а, в
  const shares = categoryBarByClass(cats, y, { xTitle: 'Категория', mode: 'share' });
  assertMatchesSnapshot('category-bar-shares', shares);
  assert.deepEqual(shares.data[0]!.y, [2 / 3, 1 / 3, 0]);
  assert.equal((shares.layout.yaxis as { tickformat: string }).tickformat, '.0%');
});

test('heatmap writes values in cells, picks a signed or unsigned scale, rejects ragged input', () => {
  const fig = heatmap([[1, -0.5], [-0.5, 1]], { x: ['a', 'b'], title: 'Пирсон' });
  assertPlain(fig);
  assertMatchesSnapshot('heatmap-signed', fig);
  const t = fig.data[0]!;
  assert.equal(t.type, 'heatmap');
  assert.equal(t.texttemplate, '%{z:.2f}');
  assert.deepEqual([t.zmin, t.zmax, t.colorscale], [-1, 1, DIVERGING_SCALE]);
  assert.deepEqual(t.y, ['a', 'b']);
  const phik = heatmap([[1, NaN], [NaN, 1]], { x: ['a', 'b'], digits: 3 });
  assertMatchesSnapshot('heatmap-unsigned', phik);
  assert.deepEqual([phik.data[0]!.zmin, phik.data[0]!.colorscale, phik.data[0]!.texttemplate], [0, SEQUENTIAL_SCALE, '%{z:.3f}']);
  assert.deepEqual(phik.data[0]!.z, [[1, null], [null, 1]]);
  assert.throws(() => heatmap([[1, 2]], { x: ['a'] }), /row has 2 values/);
});

test('scatter coloured by class or by value, with threshold lines', () => {
  const fig = scatter(v, Float64Array.of(0.1, 0.9, 0.2, 0.8, 0.7, 0.3), { xTitle: 'Прибыль', yTitle: 'Вероятность', color: y, yLines: [{ value: 0.5, label: 'порог' }], xLines: [{ value: 4 }] });
  assertPlain(fig);
  assertMatchesSnapshot('scatter-by-class', fig);
  assert.equal(fig.data.length, 2);
  assert.deepEqual(fig.data[1]!.x, [5, null, 7]);
  const shapes = fig.layout.shapes as { y0: number; x0: number }[];
  assert.equal(shapes.length, 2);
  assert.equal(shapes[0]!.x0, 4);
  assert.equal(shapes[1]!.y0, 0.5);
  assert.equal((fig.layout.annotations as { text: string }[])[0]!.text, 'порог');
  const byValue = scatter([1, 2], [3, 4], { xTitle: 'x', yTitle: 'y', color: Float64Array.of(0.5, 0.7), colorTitle: 'P' });
  assertMatchesSnapshot('scatter-by-value', byValue);
  assert.equal(byValue.data.length, 1);
  assert.deepEqual((byValue.data[0]!.marker as { color: number[] }).color, [0.5, 0.7]);
});

test('ROC curves: one line per model with AUC in the legend, plus the chance diagonal', () => {
  const fig = rocCurves([{ fpr: Float64Array.of(0, 0.5, 1), tpr: Float64Array.of(0, 0.9, 1), auc: 0.8512, label: 'Логистическая регрессия' }]);
  assertPlain(fig);
  assertMatchesSnapshot('roc-curves', fig);
  assert.equal(fig.data.length, 2);
  assert.equal(fig.data[0]!.name, 'Логистическая регрессия (AUC = 0.851)');
  assert.deepEqual(fig.data[1]!.x, [0, 1]);
  assert.equal((fig.layout.title as { text: string }).text, 'ROC-кривые');
});

test('importance bars: sorted with the largest on top, error bars, top-k', () => {
  const fig = importanceBar([{ name: 'a', value: 0.1, error: 0.01 }, { name: 'b', value: 0.3, error: 0.02 }, { name: 'c', value: 0.2 }], { top: 2 });
  assertPlain(fig);
  assertMatchesSnapshot('importance-bar', fig);
  assert.deepEqual(fig.data[0]!.y, ['c', 'b']);
  assert.deepEqual((fig.data[0]!.error_x as { array: number[] }).array, [0, 0.02]);
});

test('line chart across periods by class, with the per-class trend helper', () => {
  const series = classTrend([Float64Array.of(1, 3, 1, 3, 3, 1), Float64Array.of(2, 6, 2, 6, 6, 2)], y);
  assert.deepEqual(series.map((s) => s.values), [[1, 2], [3, 6]]);
  assert.deepEqual(series[0]!.errors, [0, 0]);
  const fig = lineChart(['прошлый', 'текущий'], series, { xTitle: 'Период', yTitle: 'Выручка' });
  assertPlain(fig);
  assertMatchesSnapshot('line-chart-class-trend', fig);
  assert.deepEqual(fig.data.map((t) => (t.line as { color: string }).color), [...CLASS_COLORS]);
  assert.equal((fig.layout.xaxis as { type: string }).type, 'category');
  assert.throws(() => lineChart(['a'], series, { xTitle: '', yTitle: '' }), /has 2 values for 1 periods/);
});
