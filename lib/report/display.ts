/**
 * Rich output for notebook cells: plotly charts, tables, markdown and key/value lists.
 *
 * Inside a tslab kernel the `show*` helpers send HTML through `tslab.display`; in plain Node (scripts,
 * tests) they print a short text fallback, so `lib` stays importable everywhere. The HTML is built by
 * pure functions (`figureHtml`, `tableHtml`, `keyValuesHtml`) that tests check directly.
 *
 * Charts render offline: the exported report inlines plotly.js once in its head (scripts/templates/report);
 * in a live notebook session the first chart inlines the bundle into its own output instead.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type * as Tslab from 'tslab';

/** A plotly figure as plain JSON, as the builders in lib/report/figures return it. */
export interface PlotlyFigure {
  /** Traces. */
  data: readonly unknown[];
  /** Layout (title, axes, size...). */
  layout?: Record<string, unknown>;
  /** Plotly config (modebar, responsiveness); merged over {@link DEFAULT_FIGURE_CONFIG}. */
  config?: Record<string, unknown>;
}

/** Options for {@link figureHtml}. */
export interface FigureHtmlOptions {
  /** Element id of the chart container; a random one when omitted. */
  id?: string;
  /** Container height in CSS pixels when the layout gives none (default 450). */
  height?: number;
  /** Prepend a script tag holding plotly.js itself (the live notebook's first chart). */
  bundle?: string;
}

/** Options for {@link tableHtml} and {@link showTable}. */
export interface TableOptions {
  /** Caption shown above the table. */
  caption?: string;
  /** Rows shown at most (default 50); the caption then says how many were left out. */
  maxRows?: number;
  /** Decimals for non-integer numbers (default 3). */
  digits?: number;
}

/** The subset of a danfo.js DataFrame that tables need (duck-typed, so lib does not load danfo). */
export interface DataFrameLike {
  columns: string[];
  values: unknown[] | unknown[][];
  index?: (string | number)[];
}

/** The subset of a danfo.js Series that tables need: one column of values with an index. */
export interface SeriesLike {
  values: unknown[];
  index: (string | number)[];
  /** Column title (danfo's `series.columns[0]` or a name); `value` when absent. */
  name?: string;
}

/** Rows of records, a danfo DataFrame or a danfo Series. */
export type TableInput = readonly Record<string, unknown>[] | DataFrameLike | SeriesLike;

/** Plotly config used unless a figure overrides it. */
export const DEFAULT_FIGURE_CONFIG: Readonly<Record<string, unknown>> = Object.freeze({
  responsive: true,
  displaylogo: false,
});

/** CSS class carried by every chart container; the browser check looks for it. */
export const FIGURE_CLASS = 'report-figure';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * JSON that is safe inside an inline `<script>`: `</script>`, `<!--` and the JS line separators
 * U+2028/U+2029 are escaped, so data (for example category names) cannot end the script early.
 * Typed arrays become plain arrays; NaN and ±Infinity become null (gaps in a plotly trace).
 */
export function scriptSafeJson(value: unknown): string {
  // Typed arrays (Float64Array columns) would serialise as {"0": ...} objects: plotly needs arrays.
  return JSON.stringify(value, (_key, item: unknown) =>
    ArrayBuffer.isView(item) && !(item instanceof DataView) ? Array.from(item as unknown as ArrayLike<number>) : item,
  )
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A fresh element id for a chart: unique across re-runs of a cell within one report. */
export function newFigureId(): string {
  return `fig-${randomBytes(6).toString('hex')}`;
}

/**
 * HTML for one plotly chart: a container div plus a script calling `Plotly.newPlot`.
 * Plotly itself must be on the page (the report head) or passed as `bundle`.
 * @example figureHtml({ data: [{ type: 'bar', x: ['a'], y: [1] }] }, { id: 'fig-1' })
 */
export function figureHtml(figure: PlotlyFigure, options: FigureHtmlOptions = {}): string {
  if (!figure || !Array.isArray(figure.data)) {
    throw new TypeError('figureHtml: expected a plotly figure {data: [...], layout?: {...}}');
  }
  const id = options.id ?? newFigureId();
  if (!/^[A-Za-z][\w-]*$/.test(id)) {
    throw new TypeError(`figureHtml: element id "${id}" must start with a letter and hold only letters, digits, _ and -`);
  }
  const layout = figure.layout ?? {};
  const layoutHeight = typeof layout['height'] === 'number' ? (layout['height'] as number) : undefined;
  const height = layoutHeight ?? options.height ?? 450;
  const config = { ...DEFAULT_FIGURE_CONFIG, ...(figure.config ?? {}) };
  const payload = scriptSafeJson({ data: figure.data, layout, config });
  const bundle = options.bundle ? `<script type="text/javascript">${options.bundle.replace(/<\/script/gi, '<\\/script')}</script>\n` : '';
  // The draw waits for DOMContentLoaded when plotly is not there yet (a script placed later on the page).
  return (
    bundle +
    `<div id="${id}" class="${FIGURE_CLASS}" style="width:100%;height:${height}px;"></div>\n` +
    `<script type="text/javascript">(function () {\n` +
    `  var figure = ${payload};\n` +
    `  function draw() { window.Plotly.newPlot(${JSON.stringify(id)}, figure.data, figure.layout, figure.config); }\n` +
    `  if (window.Plotly) { draw(); } else { window.addEventListener('DOMContentLoaded', draw); }\n` +
    `})();</script>`
  );
}

function isDataFrameLike(input: TableInput): input is DataFrameLike {
  return !Array.isArray(input) && typeof input === 'object' && input !== null && Array.isArray((input as DataFrameLike).columns);
}

function isSeriesLike(input: TableInput): input is SeriesLike {
  return (
    !Array.isArray(input) && typeof input === 'object' && input !== null &&
    Array.isArray((input as SeriesLike).values) && Array.isArray((input as SeriesLike).index)
  );
}

/** Rows of records from records, a danfo DataFrame or Series; a non-default index becomes the first column. */
export function tableRows(input: TableInput): { columns: string[]; rows: Record<string, unknown>[] } {
  if (!isDataFrameLike(input) && isSeriesLike(input)) {
    const name = typeof input.name === 'string' && input.name ? input.name : 'value';
    return tableRows({ columns: [name], values: input.values.map((value) => [value]), index: input.index });
  }
  if (isDataFrameLike(input)) {
    const columns = [...input.columns];
    const values = input.values as unknown[];
    // A one-column frame (or a Series) gives a flat array of values.
    const matrix: unknown[][] = values.map((row) => (Array.isArray(row) ? row : [row]));
    const index = input.index ?? [];
    const defaultIndex = index.every((label, i) => label === i);
    const indexColumn = columns.includes('index') ? '(index)' : 'index';
    const rows = matrix.map((row, i) => {
      const record: Record<string, unknown> = {};
      if (!defaultIndex) record[indexColumn] = index[i];
      columns.forEach((column, j) => {
        record[column] = row[j];
      });
      return record;
    });
    return { columns: defaultIndex ? columns : [indexColumn, ...columns], rows };
  }
  if (!Array.isArray(input)) {
    throw new TypeError('tableRows: expected an array of records, a danfo DataFrame or a danfo Series');
  }
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of input as readonly Record<string, unknown>[]) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  return { columns, rows: input as Record<string, unknown>[] };
}

/** One cell value as display text: fixed decimals for non-integers, `—` for null/undefined. */
export function formatValue(value: unknown, digits = 3): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
    return Number.isInteger(value) ? String(value) : value.toFixed(digits);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return `[${Array.from(value as unknown as ArrayLike<number>, (x) => formatValue(x, digits)).join(', ')}]`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

// Doubled class selectors outrank JupyterLab's `.jp-RenderedHTMLCommon td` rules (right-aligned, no borders).
const T = '.report-table.report-table';
const TABLE_STYLE =
  '<style>' +
  `${T}{border-collapse:collapse;margin:6px 0;font:13px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222}` +
  `${T} caption{caption-side:top;text-align:left;font-weight:600;padding:4px 0}` +
  `${T} th,${T} td{border:none;border-bottom:1px solid #e2e2e6;padding:4px 10px;text-align:left;vertical-align:top}` +
  `${T} thead th{background:#f3f4f7;border-bottom:2px solid #c9cbd3;white-space:nowrap}` +
  `${T} tbody tr:nth-child(even){background:#fafafb}` +
  `${T} th.num,${T} td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}` +
  `${T} .report-table-note{font-weight:400;color:#666}` +
  '</style>';

/**
 * A styled HTML table of rows (records or a danfo DataFrame). All text is escaped.
 * @example tableHtml([{ segment: 'A', customers: 120 }], { caption: 'Segments' })
 */
export function tableHtml(input: TableInput, options: TableOptions = {}): string {
  const { columns, rows } = tableRows(input);
  const maxRows = options.maxRows ?? 50;
  const digits = options.digits ?? 3;
  const shown = rows.slice(0, Math.max(0, maxRows));
  const numeric = columns.map((column) =>
    shown.some((row) => typeof row[column] === 'number') &&
    shown.every((row) => row[column] === null || row[column] === undefined || typeof row[column] === 'number'),
  );
  const note =
    rows.length > shown.length ? ` <span class="report-table-note">(first ${shown.length} of ${rows.length} rows)</span>` : '';
  const caption =
    options.caption !== undefined || note
      ? `<caption>${escapeHtml(options.caption ?? '')}${note}</caption>`
      : '';
  const head = columns.map((column, j) => `<th${numeric[j] ? ' class="num"' : ''}>${escapeHtml(column)}</th>`).join('');
  const body = shown
    .map(
      (row) =>
        '<tr>' +
        columns
          .map((column, j) => `<td${numeric[j] ? ' class="num"' : ''}>${escapeHtml(formatValue(row[column], digits))}</td>`)
          .join('') +
        '</tr>',
    )
    .join('\n');
  return `${TABLE_STYLE}<table class="report-table">${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/** A two-column table (name, value) of a record, for parameters and headline numbers. */
export function keyValuesHtml(record: Record<string, unknown>, options: Omit<TableOptions, 'maxRows'> = {}): string {
  const rows = Object.entries(record).map(([name, value]) => ({ name, value: formatValue(value, options.digits ?? 3) }));
  return tableHtml(rows, { ...options, maxRows: rows.length });
}

/** Plain-text rendering of a table, the fallback outside a notebook. */
export function tableText(input: TableInput, options: TableOptions = {}): string {
  const { columns, rows } = tableRows(input);
  const maxRows = options.maxRows ?? 50;
  const digits = options.digits ?? 3;
  const shown = rows.slice(0, Math.max(0, maxRows));
  const cells = shown.map((row) => columns.map((column) => formatValue(row[column], digits)));
  const widths = columns.map((column, j) => Math.max(column.length, ...cells.map((row) => row[j]!.length)));
  const line = (values: string[]): string => values.map((value, j) => value.padEnd(widths[j]!)).join('  ').trimEnd();
  const lines: string[] = [];
  if (options.caption) lines.push(options.caption);
  lines.push(line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line));
  if (rows.length > shown.length) lines.push(`(first ${shown.length} of ${rows.length} rows)`);
  return lines.join('\n');
}

type TslabModule = typeof Tslab;

/**
 * The kernel's tslab module, or null outside a tslab kernel. tslab's executor sets
 * `globalThis.__tslab__` and hooks `require('tslab')`; plain Node never loads tslab (it would pull in
 * a TypeScript compiler and zeromq for nothing).
 */
function kernelTslab(): TslabModule | null {
  if (typeof (globalThis as { __tslab__?: unknown }).__tslab__ !== 'object') return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('tslab') as TslabModule;
}

/** Whether code runs inside a tslab notebook kernel. */
export function inNotebook(): boolean {
  return kernelTslab() !== null;
}

let plotlyInlinedThisSession = false;

/**
 * The plotly bundle for the first chart of a live session, or undefined when it is not needed:
 * in headless report builds (REPORT_BUILD=1) the export template inlines it once in the page head.
 */
function sessionBundle(): string | undefined {
  if (plotlyInlinedThisSession || process.env['REPORT_BUILD'] === '1') return undefined;
  plotlyInlinedThisSession = true;
  return readFileSync(require.resolve('plotly.js-dist-min/plotly.min.js'), 'utf8');
}

function describeFigure(figure: PlotlyFigure): string {
  const title = figure.layout?.['title'];
  const text =
    typeof title === 'string' ? title : title && typeof title === 'object' ? String((title as { text?: unknown }).text ?? '') : '';
  return `[figure${text ? `: ${text}` : ''} — ${figure.data.length} trace(s); rendered in notebooks and reports]`;
}

/** Shows a plotly chart in the notebook (and so in the exported report); prints a summary elsewhere. */
export function showFigure(figure: PlotlyFigure, options: Omit<FigureHtmlOptions, 'bundle'> = {}): void {
  const tslab = kernelTslab();
  if (!tslab) {
    console.log(describeFigure(figure));
    return;
  }
  const bundle = sessionBundle();
  tslab.display.html(figureHtml(figure, bundle === undefined ? options : { ...options, bundle }));
}

/** Shows rows (records or a danfo DataFrame) as a styled table; prints aligned text elsewhere. */
export function showTable(input: TableInput, options: TableOptions = {}): void {
  const tslab = kernelTslab();
  if (!tslab) {
    console.log(tableText(input, options));
    return;
  }
  tslab.display.html(tableHtml(input, options));
}

/** Shows markdown text (rendered by Jupyter and by the report export); prints it as is elsewhere. */
export function showMarkdown(text: string): void {
  const tslab = kernelTslab();
  if (!tslab) {
    console.log(text);
    return;
  }
  tslab.display.markdown(text);
}

/** Shows a record as a name/value table; prints `name: value` lines elsewhere. */
export function showKeyValues(record: Record<string, unknown>, options: Omit<TableOptions, 'maxRows'> = {}): void {
  const tslab = kernelTslab();
  if (!tslab) {
    const width = Math.max(0, ...Object.keys(record).map((key) => key.length));
    if (options.caption) console.log(options.caption);
    for (const [key, value] of Object.entries(record)) console.log(`${key.padEnd(width)}  ${formatValue(value, options.digits ?? 3)}`);
    return;
  }
  tslab.display.html(keyValuesHtml(record, options));
}
