/**
 * Typed builders of plotly figures as plain JSON `{data, layout}` (plotly.js cannot load in Node; the browser
 * renders them through lib/report/display). One palette for the two classes everywhere, a font family with
 * Cyrillic glyphs, sensible sizes, and every axis titled.
 */
import type { Labels } from '../core/types';
import { TARGET_NEGATIVE, TARGET_POSITIVE } from '../core/target';
import type { PlotlyFigure } from './display';

/** A plotly trace (plain JSON). */
export type Trace = Record<string, unknown>;
/** A plotly layout (plain JSON). */
export type Layout = Record<string, unknown>;

/** A figure as the builders return it: always with a layout. */
export interface Figure extends PlotlyFigure {
  data: Trace[];
  layout: Layout;
}

/** Colours of the classes: 0 = «Прежний уровень» (blue), 1 = «Снизилась» (red-orange). */
export const CLASS_COLORS: readonly [string, string] = ['#4C78A8', '#E45756'];
/** Class names in the legend, index = label. */
export const CLASS_NAMES: readonly [string, string] = [TARGET_NEGATIVE, TARGET_POSITIVE];
/** Colours for series that are not classes (models, periods...). */
export const SERIES_COLORS: readonly string[] = ['#4C78A8', '#F58518', '#54A24B', '#B279A2', '#E45756', '#72B7B2', '#EECA3B', '#9D755D', '#FF9DA6', '#BAB0AC'];
/** Font stack whose first available member has Cyrillic glyphs on Windows, macOS and Linux. */
export const FONT_FAMILY = '"Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif';
/** Default figure height in pixels. */
export const DEFAULT_HEIGHT = 420;

/** Options shared by every builder. */
export interface CommonOptions {
  /** Figure title. */
  title?: string;
  /** Height in pixels (default 420). */
  height?: number;
  /** Width in pixels; by default the chart fills its container. */
  width?: number;
  /** Legend names of class 0 and class 1 (default «Прежний уровень», «Снизилась»). */
  classNames?: readonly [string, string];
}

/** The layout every builder starts from. */
export function baseLayout(options: CommonOptions, extra: Layout = {}): Layout {
  const layout: Layout = {
    title: { text: options.title ?? '', x: 0.02, xanchor: 'left', font: { size: 16 } },
    font: { family: FONT_FAMILY, size: 12, color: '#2a2a2a' },
    height: options.height ?? DEFAULT_HEIGHT,
    margin: { l: 64, r: 24, t: 56, b: 56 },
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    legend: { orientation: 'h', x: 0, y: -0.18, xanchor: 'left', yanchor: 'top' },
    hoverlabel: { font: { family: FONT_FAMILY } },
    ...extra,
  };
  if (options.width !== undefined) layout.width = options.width;
  return layout;
}

function axis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: { text: title }, gridcolor: '#e5e5e5', zerolinecolor: '#bdbdbd', automargin: true, ...extra };
}

/** Plain array of a numeric column with NaN as null (JSON has no NaN). */
function jsonNumbers(values: ArrayLike<number>): (number | null)[] {
  return Array.from(values, (v) => (Number.isFinite(v) ? v : null));
}

function splitValues<T>(values: ArrayLike<T>, y: Labels): [T[], T[]] {
  if (values.length !== y.length) throw new Error(`figures: ${values.length} values but ${y.length} labels`);
  const out: [T[], T[]] = [[], []];
  for (let i = 0; i < y.length; i++) out[y[i] ? 1 : 0].push(values[i]!);
  return out;
}

/** Options of {@link histogramByClass}. */
export interface HistogramOptions extends CommonOptions {
  /** Axis title of the feature. */
  xTitle: string;
  /** Number of bins (plotly's nbinsx, default 30). */
  bins?: number;
  /** 'probability density' (default: compares shapes of unequal classes), 'percent' or 'count'. */
  norm?: 'probability density' | 'percent' | 'count';
}

/**
 * Overlaid histograms of a numeric feature for the two classes.
 * @example histogramByClass(features.tenureDays, target, { xTitle: 'Длительность, дней' })
 */
export function histogramByClass(values: ArrayLike<number>, y: Labels, options: HistogramOptions): Figure {
  const names = options.classNames ?? CLASS_NAMES;
  const parts = splitValues(jsonNumbers(values), y);
  const norm = options.norm ?? 'probability density';
  const data: Trace[] = [0, 1].map((c) => ({
    type: 'histogram',
    name: names[c],
    x: parts[c],
    nbinsx: options.bins ?? 30,
    histnorm: norm === 'count' ? '' : norm,
    marker: { color: CLASS_COLORS[c], line: { color: '#ffffff', width: 0.5 } },
    opacity: 0.6,
    hovertemplate: `${names[c]}<br>%{x}: %{y:.3f}<extra></extra>`,
  }));
  const yTitle = norm === 'count' ? 'Число клиентов' : norm === 'percent' ? '% клиентов класса' : 'Плотность';
  return { data, layout: baseLayout(options, { barmode: 'overlay', xaxis: axis(options.xTitle), yaxis: axis(yTitle) }) };
}

/** Options of {@link boxByClass}. */
export interface BoxOptions extends CommonOptions {
  /** Axis title of the feature (value axis). */
  valueTitle: string;
}

/** Box plots of a numeric feature for the two classes (outliers drawn as points, mean marked). */
export function boxByClass(values: ArrayLike<number>, y: Labels, options: BoxOptions): Figure {
  const names = options.classNames ?? CLASS_NAMES;
  const parts = splitValues(jsonNumbers(values), y);
  const data: Trace[] = [0, 1].map((c) => ({
    type: 'box',
    name: names[c],
    y: parts[c],
    boxpoints: 'outliers',
    boxmean: true,
    marker: { color: CLASS_COLORS[c], size: 4 },
    line: { color: CLASS_COLORS[c] },
  }));
  return { data, layout: baseLayout(options, { showlegend: false, xaxis: axis(''), yaxis: axis(options.valueTitle) }) };
}

/** Options of {@link categoryBarByClass}. */
export interface CategoryBarOptions extends CommonOptions {
  /** Axis title of the categories. */
  xTitle: string;
  /** 'count' (default) or 'share' of each class's customers. */
  mode?: 'count' | 'share';
  /** Category order (default: most frequent first). */
  order?: readonly string[];
}

/** Grouped bars of a categorical feature by class: counts, or shares within each class. */
export function categoryBarByClass(values: readonly string[], y: Labels, options: CategoryBarOptions): Figure {
  const names = options.classNames ?? CLASS_NAMES;
  const parts = splitValues(values, y);
  const total = new Map<string, number>();
  for (const v of values) total.set(v, (total.get(v) ?? 0) + 1);
  const order = options.order ?? Array.from(total).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
  const share = options.mode === 'share';
  const data: Trace[] = [0, 1].map((c) => {
    const counts = new Map<string, number>();
    for (const v of parts[c]) counts.set(v, (counts.get(v) ?? 0) + 1);
    const ys = order.map((v) => (share ? (counts.get(v) ?? 0) / Math.max(1, parts[c].length) : counts.get(v) ?? 0));
    return {
      type: 'bar',
      name: names[c],
      x: [...order],
      y: ys,
      marker: { color: CLASS_COLORS[c] },
      text: ys.map((v) => (share ? `${(v * 100).toFixed(1)}%` : String(v))),
      textposition: 'outside',
      cliponaxis: false,
    };
  });
  return {
    data,
    layout: baseLayout(options, {
      barmode: 'group',
      xaxis: axis(options.xTitle),
      yaxis: axis(share ? 'Доля клиентов класса' : 'Число клиентов', share ? { tickformat: '.0%' } : {}),
    }),
  };
}

/** Colour scale of signed values (correlations): blue for negative, white at 0, red for positive. */
export const DIVERGING_SCALE: readonly [number, string][] = [[0, '#2166ac'], [0.25, '#92c5de'], [0.5, '#f7f7f7'], [0.75, '#f4a582'], [1, '#b2182b']];
/** Colour scale of values in [0, 1] (phi_K, shares): light to dark blue. */
export const SEQUENTIAL_SCALE: readonly [number, string][] = [[0, '#f7fbff'], [0.25, '#c6dbef'], [0.5, '#6baed6'], [0.75, '#2171b5'], [1, '#08306b']];

/** Options of {@link heatmap}. */
export interface HeatmapOptions extends CommonOptions {
  /** Column labels (x). */
  x: readonly string[];
  /** Row labels (y); default = x (a square matrix). */
  y?: readonly string[];
  /** Colour range; default [-1, 1] for signed data, [0, 1] when all values are >= 0. */
  zmin?: number;
  zmax?: number;
  /** Decimals shown in the cells (default 2). */
  digits?: number;
  /** Colour bar title. */
  colorbarTitle?: string;
}

/**
 * Heatmap with the value written in every cell (a correlation matrix, a confusion matrix). Rows read top to
 * bottom in the given order.
 */
export function heatmap(z: readonly (readonly number[])[], options: HeatmapOptions): Figure {
  const yLabels = options.y ?? options.x;
  if (z.length !== yLabels.length) throw new Error(`heatmap: ${z.length} rows but ${yLabels.length} row labels`);
  let nonNegative = true;
  for (const row of z) {
    if (row.length !== options.x.length) throw new Error(`heatmap: a row has ${row.length} values but there are ${options.x.length} column labels`);
    for (const v of row) if (v < 0) nonNegative = false;
  }
  const zmin = options.zmin ?? (nonNegative ? 0 : -1);
  const zmax = options.zmax ?? 1;
  const digits = options.digits ?? 2;
  const cells = z.map((row) => jsonNumbers(row));
  const n = Math.max(options.x.length, yLabels.length);
  const data: Trace[] = [
    {
      type: 'heatmap',
      z: cells,
      x: [...options.x],
      y: [...yLabels],
      zmin,
      zmax,
      colorscale: zmin < 0 ? DIVERGING_SCALE : SEQUENTIAL_SCALE,
      texttemplate: `%{z:.${digits}f}`,
      textfont: { size: n > 12 ? 9 : 11 },
      hovertemplate: '%{y} × %{x}: %{z:.3f}<extra></extra>',
      colorbar: { title: { text: options.colorbarTitle ?? '' }, thickness: 14 },
      xgap: 1,
      ygap: 1,
    },
  ];
  const size = Math.min(900, Math.max(360, 120 + n * 36));
  return {
    data,
    layout: baseLayout(
      { ...options, height: options.height ?? size },
      {
        xaxis: axis('', { tickangle: -45, side: 'bottom', showgrid: false }),
        yaxis: axis('', { autorange: 'reversed', showgrid: false }),
        margin: { l: 160, r: 24, t: 56, b: 140 },
      },
    ),
  };
}

/** A straight reference line across the plot. */
export interface ThresholdLine {
  value: number;
  label?: string;
  color?: string;
}

/** Options of {@link scatter}. */
export interface ScatterOptions extends CommonOptions {
  xTitle: string;
  yTitle: string;
  /** Colour: class labels (two legend entries) or a numeric value per point (a colour bar). */
  color?: Labels | Float64Array;
  /** Colour bar title when `color` is numeric. */
  colorTitle?: string;
  /** Vertical lines at x = value. */
  xLines?: readonly ThresholdLine[];
  /** Horizontal lines at y = value. */
  yLines?: readonly ThresholdLine[];
  /** Hover text per point (e.g. customer id). */
  text?: readonly string[];
}

/** Scatter plot coloured by class or by a numeric value, with optional threshold lines (segment borders). */
export function scatter(x: ArrayLike<number>, y: ArrayLike<number>, options: ScatterOptions): Figure {
  if (x.length !== y.length) throw new Error(`scatter: ${x.length} x values but ${y.length} y values`);
  const names = options.classNames ?? CLASS_NAMES;
  const base = { type: 'scattergl', mode: 'markers' };
  let data: Trace[];
  if (options.color instanceof Uint8Array) {
    const labels = options.color;
    const idx = splitValues(Array.from({ length: x.length }, (_, i) => i), labels);
    data = [0, 1].map((c) => ({
      ...base,
      name: names[c],
      x: idx[c].map((i) => jsonNumbers([x[i]!])[0]),
      y: idx[c].map((i) => jsonNumbers([y[i]!])[0]),
      ...(options.text ? { text: idx[c].map((i) => options.text![i]) } : {}),
      marker: { color: CLASS_COLORS[c], size: 6, opacity: 0.7 },
    }));
  } else {
    data = [
      {
        ...base,
        name: '',
        x: jsonNumbers(x),
        y: jsonNumbers(y),
        ...(options.text ? { text: [...options.text] } : {}),
        marker: options.color
          ? { color: jsonNumbers(options.color), colorscale: 'Viridis', size: 6, opacity: 0.8, colorbar: { title: { text: options.colorTitle ?? '' }, thickness: 14 } }
          : { color: SERIES_COLORS[0], size: 6, opacity: 0.7 },
        showlegend: false,
      },
    ];
  }
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  for (const l of options.xLines ?? []) {
    shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: l.value, x1: l.value, y0: 0, y1: 1, line: { color: l.color ?? '#555555', width: 1.5, dash: 'dash' } });
    if (l.label) annotations.push({ xref: 'x', yref: 'paper', x: l.value, y: 1, text: l.label, showarrow: false, xanchor: 'left', yanchor: 'bottom', font: { size: 11 } });
  }
  for (const l of options.yLines ?? []) {
    shapes.push({ type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: l.value, y1: l.value, line: { color: l.color ?? '#555555', width: 1.5, dash: 'dash' } });
    if (l.label) annotations.push({ xref: 'paper', yref: 'y', x: 1, y: l.value, text: l.label, showarrow: false, xanchor: 'right', yanchor: 'bottom', font: { size: 11 } });
  }
  return { data, layout: baseLayout(options, { xaxis: axis(options.xTitle), yaxis: axis(options.yTitle), shapes, annotations }) };
}

/** One ROC curve to draw (computed by lib/metrics). */
export interface RocSeries {
  fpr: ArrayLike<number>;
  tpr: ArrayLike<number>;
  auc: number;
  label: string;
}

/** ROC curves of one or more models with the chance diagonal; legend shows each AUC. */
export function rocCurves(curves: readonly RocSeries[], options: CommonOptions = {}): Figure {
  const data: Trace[] = curves.map((c, i) => ({
    type: 'scatter',
    mode: 'lines',
    name: `${c.label} (AUC = ${c.auc.toFixed(3)})`,
    x: Array.from(c.fpr),
    y: Array.from(c.tpr),
    line: { color: SERIES_COLORS[i % SERIES_COLORS.length], width: 2 },
  }));
  data.push({ type: 'scatter', mode: 'lines', name: 'Случайный прогноз', x: [0, 1], y: [0, 1], line: { color: '#9e9e9e', dash: 'dash', width: 1 }, hoverinfo: 'skip' });
  return {
    data,
    layout: baseLayout(
      { ...options, title: options.title ?? 'ROC-кривые', height: options.height ?? 480 },
      {
        xaxis: axis('Доля ложноположительных (FPR)', { range: [0, 1], constrain: 'domain' }),
        yaxis: axis('Доля истинноположительных (TPR)', { range: [0, 1.02], scaleanchor: 'x', scaleratio: 1 }),
        legend: { x: 0.98, y: 0.02, xanchor: 'right', yanchor: 'bottom', bgcolor: 'rgba(255,255,255,0.8)' },
      },
    ),
  };
}

/** One bar of an importance chart. */
export interface ImportanceItem {
  name: string;
  value: number;
  /** Error bar half-width (e.g. the std over permutation repeats). */
  error?: number;
}

/** Options of {@link importanceBar}. */
export interface ImportanceOptions extends CommonOptions {
  /** Axis title of the importance (default 'Важность'). */
  valueTitle?: string;
  /** Keep the top k items (default all). */
  top?: number;
}

/** Horizontal bars of feature importances, largest on top, with optional error bars. */
export function importanceBar(items: readonly ImportanceItem[], options: ImportanceOptions = {}): Figure {
  const sorted = [...items].sort((a, b) => b.value - a.value).slice(0, options.top ?? items.length);
  const shown = sorted.reverse(); // plotly draws the first category at the bottom
  const hasErrors = shown.some((i) => i.error !== undefined);
  const data: Trace[] = [
    {
      type: 'bar',
      orientation: 'h',
      x: shown.map((i) => i.value),
      y: shown.map((i) => i.name),
      marker: { color: SERIES_COLORS[0] },
      ...(hasErrors ? { error_x: { type: 'data', array: shown.map((i) => i.error ?? 0), visible: true, color: '#555555', thickness: 1.2 } } : {}),
      hovertemplate: '%{y}: %{x:.4f}<extra></extra>',
    },
  ];
  return {
    data,
    layout: baseLayout(
      { ...options, height: options.height ?? Math.max(300, 80 + shown.length * 26) },
      { showlegend: false, xaxis: axis(options.valueTitle ?? 'Важность'), yaxis: axis('', { showgrid: false }), margin: { l: 200, r: 24, t: 56, b: 56 } },
    ),
  };
}

/** One line of a trend chart. */
export interface LineSeries {
  name: string;
  values: readonly number[];
  /** Error bar half-widths (e.g. 95% CI of the mean). */
  errors?: readonly number[];
  /** Class label: picks the class colour. */
  label?: 0 | 1;
  dash?: 'solid' | 'dash' | 'dot';
}

/** Options of {@link lineChart}. */
export interface LineOptions extends CommonOptions {
  xTitle: string;
  yTitle: string;
}

/** Lines across ordered periods (x categories), e.g. mean revenue per month by class. */
export function lineChart(periods: readonly string[], series: readonly LineSeries[], options: LineOptions): Figure {
  const data: Trace[] = series.map((s, i) => {
    if (s.values.length !== periods.length) throw new Error(`lineChart: series "${s.name}" has ${s.values.length} values for ${periods.length} periods`);
    const color = s.label !== undefined ? CLASS_COLORS[s.label] : SERIES_COLORS[i % SERIES_COLORS.length];
    return {
      type: 'scatter',
      mode: 'lines+markers',
      name: s.name,
      x: [...periods],
      y: jsonNumbers(s.values),
      line: { color, width: 2.5, dash: s.dash ?? 'solid' },
      marker: { color, size: 8 },
      ...(s.errors ? { error_y: { type: 'data', array: jsonNumbers(s.errors), visible: true, thickness: 1.2 } } : {}),
    };
  });
  return { data, layout: baseLayout(options, { xaxis: axis(options.xTitle, { type: 'category' }), yaxis: axis(options.yTitle) }) };
}

/**
 * Series of a per-class trend: the mean of each period's column within each class, with a 95% normal CI.
 * @example lineChart(['2 мес. назад', 'прошлый', 'текущий'], classTrend([r2, r1, r0], target), {...})
 */
export function classTrend(columns: readonly ArrayLike<number>[], y: Labels, classNames: readonly [string, string] = CLASS_NAMES): LineSeries[] {
  return ([0, 1] as const).map((label) => {
    const values: number[] = [];
    const errors: number[] = [];
    for (const col of columns) {
      const part = splitValues(col, y)[label].filter((v) => !Number.isNaN(v));
      const n = part.length;
      const m = part.reduce((s, v) => s + v, 0) / n;
      const sd = Math.sqrt(part.reduce((s, v) => s + (v - m) ** 2, 0) / (n - 1));
      values.push(m);
      errors.push((1.959963984540054 * sd) / Math.sqrt(n));
    }
    return { name: classNames[label], values, errors, label };
  });
}
