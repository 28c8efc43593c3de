/**
 * Plotly figure builders for explanations, calibration and segmentation: SHAP beeswarm, mean |SHAP| bar,
 * SHAP dependence, permutation importance, reliability curve, expected-value curve and the probability ×
 * profit plane. Each returns plain JSON `{data, layout}` (lib/report/display's `showFigure` draws it);
 * nothing here touches plotly.js, so the builders run and test in Node. The layout starts from
 * lib/report/figures' `baseLayout`, so these charts share the study's fonts (with their Cyrillic
 * fallbacks), title placement and colours; features can be shown under display labels (e.g. the Russian
 * column names of MODEL_COLUMN_LABELS) through `featureLabels`.
 */
import { PROFIT_UNIT } from '../core/labels';
import type { ShapExplanation } from '../explain/shap-types';
import type { PermutationImportance } from '../explain/permutation';
import type { ExpectedValueCurve } from '../segment/targeting';
import { baseLayout, type Figure, type Layout, type Trace } from './figures';

export type { Figure } from './figures';

/** Blue (low) to red (high), shap's palette. */
export const FEATURE_VALUE_COLORSCALE: [number, string][] = [[0, '#008bfb'], [1, '#ff0051']];
const GREY = '#9a9a9a';
const SEGMENT_COLORS = ['#d62728', '#ff7f0e', '#9467bd', '#2ca02c', '#7f7f7f', '#1f77b4', '#8c564b', '#e377c2'];

/** Display names of features by identifier; a feature without an entry shows its identifier. */
export type FeatureLabels = Readonly<Record<string, string>>;

function labelOf(feature: string, labels: FeatureLabels | undefined): string {
  return labels?.[feature] ?? feature;
}

/** The study's layout (lib/report/figures) with this chart's title, height and settings. */
function layoutOf(title: string, height: number, extra: Layout = {}): Layout {
  return baseLayout({ title, height }, extra);
}

function columnOf(m: { nRows: number; nCols: number; data: Float64Array }, j: number): number[] {
  const out: number[] = new Array(m.nRows);
  for (let i = 0; i < m.nRows; i++) out[i] = m.data[i * m.nCols + j]!;
  return out;
}

/** Feature indices by mean |SHAP|, largest first, at most `max`. */
export function topShapFeatures(explanation: ShapExplanation, max = explanation.featureNames.length): number[] {
  const { values } = explanation;
  const scores = explanation.featureNames.map((_, j) => {
    let s = 0;
    for (let i = 0; i < values.nRows; i++) s += Math.abs(values.data[i * values.nCols + j]!);
    return s / Math.max(1, values.nRows);
  });
  return scores.map((s, j) => ({ s, j })).sort((a, b) => b.s - a.s || a.j - b.j).slice(0, max).map((e) => e.j);
}

/**
 * Vertical offsets of a beeswarm row (shap's layout): values quantized into `nBins` bins, points of a bin
 * stacked alternately above and below the centre line, then scaled to fit ±`halfHeight`.
 */
export function beeswarmOffsets(x: readonly number[], nBins = 100, halfHeight = 0.4): number[] {
  const n = x.length;
  const out = new Array<number>(n).fill(0);
  if (n === 0) return out;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const width = hi - lo || 1;
  const bins = x.map((v) => Math.min(nBins - 1, Math.floor(((v - lo) / width) * nBins)));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => bins[a]! - bins[b]! || x[a]! - x[b]! || a - b);
  let layer = 0;
  let last = -1;
  for (const i of order) {
    if (bins[i] !== last) { layer = 0; last = bins[i]!; }
    // 0, +1, −1, +2, −2, ...
    out[i] = layer === 0 ? 0 : (layer % 2 === 1 ? 1 : -1) * Math.ceil(layer / 2);
    layer++;
  }
  const maxAbs = Math.max(1, ...out.map(Math.abs));
  return out.map((v) => (v / maxAbs) * halfHeight);
}

/** Options of {@link shapBeeswarm}. */
export interface BeeswarmOptions {
  /** Features shown, by mean |SHAP| (default 12). */
  maxFeatures?: number;
  title?: string;
  /** Label of the x axis (default from the explanation's output space). */
  xTitle?: string;
  /** Display names of the features (rows and hover text). */
  featureLabels?: FeatureLabels;
}

function outputLabel(explanation: ShapExplanation): string {
  return explanation.outputSpace === 'margin' ? 'SHAP-вклад (логарифм шансов снижения)' : 'SHAP-вклад (вероятность снижения)';
}

/**
 * SHAP beeswarm: one row per feature (largest mean |SHAP| on top), one dot per customer at its SHAP value,
 * coloured by the feature's value within that feature (blue low, red high; grey where the feature has no
 * single number, e.g. a grouped category).
 */
export function shapBeeswarm(explanation: ShapExplanation, options: BeeswarmOptions = {}): Figure {
  const top = topShapFeatures(explanation, options.maxFeatures ?? 12);
  const xs: number[] = [];
  const ys: number[] = [];
  const colors: number[] = [];
  const texts: string[] = [];
  const greyX: number[] = [];
  const greyY: number[] = [];
  const greyText: string[] = [];
  top.forEach((j, rank) => {
    const row = top.length - 1 - rank;
    const name = labelOf(explanation.featureNames[j]!, options.featureLabels);
    const shap = columnOf(explanation.values, j);
    const value = explanation.data ? columnOf(explanation.data, j) : shap.map(() => NaN);
    const finite = value.filter((v) => Number.isFinite(v));
    // Colour by the 5th-95th percentile range, as shap does, so outliers do not wash out the scale.
    const sorted = [...finite].sort((a, b) => a - b);
    const lo = sorted.length ? sorted[Math.floor(0.05 * (sorted.length - 1))]! : 0;
    const hi = sorted.length ? sorted[Math.ceil(0.95 * (sorted.length - 1))]! : 1;
    const offsets = beeswarmOffsets(shap);
    shap.forEach((s, i) => {
      const v = value[i]!;
      if (Number.isFinite(v)) {
        xs.push(s);
        ys.push(row + offsets[i]!);
        colors.push(hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0.5);
        texts.push(`${name} = ${+v.toPrecision(4)}<br>SHAP ${s.toFixed(4)}`);
      } else {
        greyX.push(s);
        greyY.push(row + offsets[i]!);
        greyText.push(`${name}<br>SHAP ${s.toFixed(4)}`);
      }
    });
  });
  const data: Trace[] = [
    {
      type: 'scattergl',
      mode: 'markers',
      name: 'значение признака',
      x: xs,
      y: ys,
      text: texts,
      hoverinfo: 'text',
      marker: {
        size: 4,
        opacity: 0.8,
        color: colors,
        colorscale: FEATURE_VALUE_COLORSCALE,
        cmin: 0,
        cmax: 1,
        colorbar: { title: { text: 'значение признака' }, tickvals: [0, 1], ticktext: ['низкое', 'высокое'], len: 0.6 },
      },
      showlegend: false,
    },
  ];
  if (greyX.length) {
    data.push({ type: 'scattergl', mode: 'markers', name: 'category (no single value)', x: greyX, y: greyY, text: greyText, hoverinfo: 'text', marker: { size: 4, opacity: 0.7, color: GREY }, showlegend: true });
  }
  return {
    data,
    layout: layoutOf(options.title ?? 'SHAP-вклады признаков по каждому покупателю', Math.max(300, 60 + 34 * top.length), {
      xaxis: { title: { text: options.xTitle ?? outputLabel(explanation) }, zeroline: true, zerolinecolor: '#888' },
      yaxis: { tickvals: top.map((_, rank) => top.length - 1 - rank), ticktext: top.map((j) => labelOf(explanation.featureNames[j]!, options.featureLabels)), range: [-0.7, top.length - 0.3], showgrid: true, automargin: true },
      legend: { orientation: 'h', y: -0.15 },
      margin: { l: 20, r: 30, t: 60, b: 70 },
    }),
  };
}

/** Horizontal bar chart of mean |SHAP| per feature, largest on top. */
export function shapBarChart(explanation: ShapExplanation, options: { maxFeatures?: number; title?: string; featureLabels?: FeatureLabels } = {}): Figure {
  const top = topShapFeatures(explanation, options.maxFeatures ?? 20);
  const values = explanation.values;
  const mean = top.map((j) => columnOf(values, j).reduce((s, v) => s + Math.abs(v), 0) / Math.max(1, values.nRows));
  return {
    data: [{ type: 'bar', orientation: 'h', x: [...mean].reverse(), y: top.map((j) => labelOf(explanation.featureNames[j]!, options.featureLabels)).reverse(), marker: { color: '#ff0051' }, hovertemplate: '%{y}: %{x:.4f}<extra></extra>' }],
    layout: layoutOf(options.title ?? 'Средний модуль SHAP-вклада признака', Math.max(280, 60 + 26 * top.length), {
      showlegend: false,
      xaxis: { title: { text: `средний модуль: ${outputLabel(explanation)}` } },
      // Category labels (long Russian feature names) get the room they need instead of a fixed margin.
      yaxis: { automargin: true },
      margin: { l: 20, r: 30, t: 60, b: 55 },
    }),
  };
}

/** Options of {@link shapDependence}. */
export interface DependenceOptions {
  /** Colour the dots by another feature's value (its name in the explanation). */
  colorBy?: string;
  /** x values to use instead of the explanation's data (e.g. category labels for a grouped feature). */
  xValues?: ArrayLike<number | string>;
  title?: string;
  /** Display names of the features (axis titles, hover, colour bar). */
  featureLabels?: FeatureLabels;
}

/** SHAP dependence plot: a feature's value against its SHAP value, one dot per customer. */
export function shapDependence(explanation: ShapExplanation, feature: string, options: DependenceOptions = {}): Figure {
  const j = explanation.featureNames.indexOf(feature);
  if (j < 0) throw new Error(`shapDependence: no feature '${feature}' (features: ${explanation.featureNames.join(', ')})`);
  const y = columnOf(explanation.values, j);
  const x = options.xValues ? Array.from(options.xValues as ArrayLike<number | string>) : explanation.data ? columnOf(explanation.data, j) : null;
  if (!x) throw new Error(`shapDependence: the explanation carries no feature values; pass xValues`);
  if (x.length !== y.length) throw new Error(`shapDependence: ${x.length} x values for ${y.length} rows`);
  const marker: Record<string, unknown> = { size: 5, opacity: 0.7, color: '#008bfb' };
  if (options.colorBy) {
    const k = explanation.featureNames.indexOf(options.colorBy);
    if (k < 0 || !explanation.data) throw new Error(`shapDependence: cannot colour by '${options.colorBy}'`);
    Object.assign(marker, { color: columnOf(explanation.data, k), colorscale: FEATURE_VALUE_COLORSCALE, colorbar: { title: { text: labelOf(options.colorBy, options.featureLabels) } } });
  }
  const categorical = x.some((v) => typeof v === 'string');
  const name = labelOf(feature, options.featureLabels);
  return {
    data: [{ type: 'scatter', mode: 'markers', x, y, marker, hovertemplate: `${name} = %{x}<br>SHAP %{y:.4f}<extra></extra>` }],
    layout: layoutOf(options.title ?? `Зависимость SHAP-вклада от признака «${name}»`, 380, {
      showlegend: false,
      xaxis: { title: { text: name }, ...(categorical ? { type: 'category' } : {}) },
      yaxis: { title: { text: `SHAP-вклад: ${name}` }, zeroline: true, zerolinecolor: '#888' },
    }),
  };
}

/** Permutation importance as horizontal bars with ±1 standard deviation, largest on top. */
export function permutationImportanceFigure(result: PermutationImportance, options: { maxFeatures?: number; title?: string; scoreName?: string; featureLabels?: FeatureLabels } = {}): Figure {
  const ranked = [...result.importances].sort((a, b) => b.mean - a.mean).slice(0, options.maxFeatures ?? 20).reverse();
  return {
    data: [{
      type: 'bar',
      orientation: 'h',
      x: ranked.map((r) => r.mean),
      y: ranked.map((r) => labelOf(r.feature, options.featureLabels)),
      error_x: { type: 'data', array: ranked.map((r) => r.std), visible: true },
      marker: { color: '#1f77b4' },
      hovertemplate: '%{y}: %{x:.4f}<extra></extra>',
    }],
    layout: layoutOf(options.title ?? `Важность перестановкой (${result.nRepeats} повторов)`, Math.max(280, 60 + 26 * ranked.length), {
      showlegend: false,
      xaxis: { title: { text: `падение ${options.scoreName ?? 'ROC-AUC'} при перемешивании (исходно ${result.baseline.toFixed(3)})` } },
      yaxis: { automargin: true },
      margin: { l: 20, r: 30, t: 60, b: 55 },
    }),
  };
}

/** One reliability curve to draw. */
export interface ReliabilitySeries {
  name: string;
  /** Mean predicted probability per bin. */
  probPred: ArrayLike<number>;
  /** Observed share of positives per bin. */
  probTrue: ArrayLike<number>;
  /** Rows per bin (shown on hover). */
  counts?: ArrayLike<number>;
}

/** Reliability diagram: observed share of drops against mean predicted probability, with the diagonal. */
export function reliabilityFigure(series: readonly ReliabilitySeries[], options: { title?: string } = {}): Figure {
  const data: Trace[] = [
    { type: 'scatter', mode: 'lines', name: 'perfectly calibrated', x: [0, 1], y: [0, 1], line: { dash: 'dash', color: GREY } },
  ];
  series.forEach((s, k) => {
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: s.name,
      x: Array.from(s.probPred),
      y: Array.from(s.probTrue),
      ...(s.counts ? { customdata: Array.from(s.counts), hovertemplate: `${s.name}<br>предсказано %{x:.3f}<br>наблюдалось %{y:.3f}<br>покупателей: %{customdata}<extra></extra>` } : {}),
      line: { color: SEGMENT_COLORS[(k + 5) % SEGMENT_COLORS.length] },
    });
  });
  return {
    data,
    layout: baseLayout({ title: options.title ?? 'Калибровка вероятностей', height: 450, width: 560 }, {
      xaxis: { title: { text: 'предсказанная вероятность снижения' }, range: [0, 1] },
      yaxis: { title: { text: 'доля снизивших активность' }, range: [0, 1] },
      legend: { x: 0.02, y: 0.98 },
    }),
  };
}

/** Expected retained profit against the targeting threshold, with the best threshold marked and the number targeted. */
export function expectedValueFigure(curve: ExpectedValueCurve, options: { title?: string; valueLabel?: string } = {}): Figure {
  const t = Array.from(curve.thresholds);
  return {
    data: [
      { type: 'scatter', mode: 'lines', name: 'expected retained profit', x: t, y: Array.from(curve.value), line: { color: '#d62728', shape: 'hv' } },
      { type: 'scatter', mode: 'lines', name: 'покупателей с предложением', x: t, y: Array.from(curve.targeted), yaxis: 'y2', line: { color: GREY, dash: 'dot', shape: 'hv' } },
      {
        type: 'scatter',
        mode: 'markers+text',
        name: 'лучший порог',
        x: [curve.best.threshold],
        y: [curve.best.value],
        text: [`t = ${curve.best.threshold.toFixed(3)}<br>${curve.best.targeted} покупателей`],
        textposition: 'top center',
        marker: { size: 11, color: '#d62728', symbol: 'diamond' },
      },
    ],
    layout: layoutOf(options.title ?? 'Ожидаемая выгода предложений покупателям с p ≥ t', 430, {
      xaxis: { title: { text: 'порог t вероятности снижения' } },
      yaxis: { title: { text: options.valueLabel ?? 'ожидаемая сохранённая прибыль' }, zeroline: true, zerolinecolor: '#888', automargin: true },
      // automargin and a standoff keep the right axis's title clear of its tick labels (they overlapped before).
      yaxis2: { title: { text: 'покупателей с предложением', standoff: 12 }, overlaying: 'y', side: 'right', showgrid: false, automargin: true },
      legend: { orientation: 'h', y: -0.2 },
    }),
  };
}

/** Options of {@link probabilityProfitPlane}. */
export interface PlaneOptions {
  /** Segment per customer (colours and legend); omitted = one colour. */
  segments?: readonly string[];
  /** Vertical lines at these drop probabilities (e.g. high- and low-risk thresholds), with labels. */
  probabilityThresholds?: readonly { value: number; label: string }[];
  /** Horizontal lines at these profits. */
  profitThresholds?: readonly { value: number; label: string }[];
  /** Customer ids for hover. */
  ids?: ArrayLike<number>;
  title?: string;
}

/** Drop probability (x) against monthly profit (y), one dot per customer, with the segment thresholds drawn. */
export function probabilityProfitPlane(dropProbability: ArrayLike<number>, profit: ArrayLike<number>, options: PlaneOptions = {}): Figure {
  const n = dropProbability.length;
  if (profit.length !== n) throw new Error(`probabilityProfitPlane: ${n} probabilities but ${profit.length} profits`);
  const seg = options.segments ?? new Array<string>(n).fill('покупатели');
  if (seg.length !== n) throw new Error(`probabilityProfitPlane: ${seg.length} segment labels for ${n} customers`);
  const names = [...new Set(seg)];
  const data: Trace[] = names.map((name, k) => {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (seg[i] === name) idx.push(i);
    return {
      type: 'scattergl',
      mode: 'markers',
      name: `${name} (${idx.length})`,
      x: idx.map((i) => dropProbability[i]!),
      y: idx.map((i) => profit[i]!),
      ...(options.ids ? { customdata: idx.map((i) => options.ids![i]!), hovertemplate: 'покупатель %{customdata}<br>p %{x:.3f}<br>прибыль %{y:.2f}<extra></extra>' } : {}),
      marker: { size: 5, opacity: 0.75, color: SEGMENT_COLORS[k % SEGMENT_COLORS.length] },
    };
  });
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  for (const t of options.probabilityThresholds ?? []) {
    shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: t.value, x1: t.value, y0: 0, y1: 1, line: { dash: 'dash', color: '#444', width: 1 } });
    annotations.push({ xref: 'x', yref: 'paper', x: t.value, y: 1.02, text: `${t.label} ${t.value.toFixed(2)}`, showarrow: false, font: { size: 11 } });
  }
  for (const t of options.profitThresholds ?? []) {
    shapes.push({ type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: t.value, y1: t.value, line: { dash: 'dot', color: '#444', width: 1 } });
    annotations.push({ xref: 'paper', yref: 'y', x: 1, y: t.value, xanchor: 'right', yanchor: 'bottom', text: `${t.label} ${t.value.toFixed(2)}`, showarrow: false, font: { size: 11 } });
  }
  return {
    data,
    layout: layoutOf(options.title ?? 'Drop probability × profit', 520, {
      xaxis: { title: { text: 'вероятность снижения активности' }, range: [0, 1] },
      yaxis: { title: { text: `средняя месячная прибыль (${PROFIT_UNIT.ru})` } },
      shapes,
      annotations,
      legend: { orientation: 'h', y: -0.15 },
    }),
  };
}
