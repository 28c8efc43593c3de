import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  escapeHtml,
  figureHtml,
  formatValue,
  keyValuesHtml,
  scriptSafeJson,
  showFigure,
  showKeyValues,
  showMarkdown,
  showTable,
  tableHtml,
  tableRows,
  tableText,
} from '../../lib/report/display';

/** The JSON passed to Plotly in a figure's script. */
function embeddedFigure(html: string): { data: unknown[]; layout: Record<string, unknown>; config: Record<string, unknown> } {
  const match = /var figure = (.*);\n/.exec(html);
  assert.ok(match, 'figure JSON not found');
  return JSON.parse(match[1]!) as never;
}

test('figureHtml: a container div with the id and a Plotly.newPlot call on the same id', () => {
  const html = figureHtml({ data: [{ type: 'bar', x: ['a', 'b'], y: [1, 2] }], layout: { title: { text: 'T' } } }, { id: 'fig-1' });
  assert.match(html, /<div id="fig-1" class="report-figure" style="width:100%;height:450px;"><\/div>/);
  assert.match(html, /Plotly\.newPlot\("fig-1", figure\.data, figure\.layout, figure\.config\)/);
  const figure = embeddedFigure(html);
  assert.deepEqual(figure.data, [{ type: 'bar', x: ['a', 'b'], y: [1, 2] }]);
  assert.deepEqual(figure.layout, { title: { text: 'T' } });
  assert.deepEqual(figure.config, { responsive: true, displaylogo: false });
  assert.ok(!html.includes('<script type="text/javascript">/**'), 'no bundle unless asked');
});

test('figureHtml: layout height sets the container, config overrides the defaults', () => {
  const html = figureHtml({ data: [], layout: { height: 300 }, config: { responsive: false } }, { id: 'f' });
  assert.match(html, /height:300px/);
  assert.deepEqual(embeddedFigure(html).config, { responsive: false, displaylogo: false });
});

test('figureHtml: data cannot close the script, Russian text survives', () => {
  const name = '</script><script>alert(1)</script> Снизилась';
  const html = figureHtml({ data: [{ type: 'bar', x: [name], y: [1] }] }, { id: 'f' });
  assert.equal(html.split('</script>').length - 1, 1, 'only the real closing tag');
  assert.deepEqual(embeddedFigure(html).data, [{ type: 'bar', x: [name], y: [1] }]);
});

test('figureHtml: the live-session bundle comes first, with script-closing text escaped', () => {
  const html = figureHtml({ data: [] }, { id: 'f', bundle: 'var Plotly = {}; "</script>";' });
  assert.ok(html.startsWith('<script type="text/javascript">var Plotly = {}; "<\\/script>";</script>\n<div id="f"'));
});

test('figureHtml: random ids are unique and valid; bad ids and non-figures are refused', () => {
  const ids = new Set(Array.from({ length: 50 }, () => /<div id="([^"]+)"/.exec(figureHtml({ data: [] }))![1]));
  assert.equal(ids.size, 50);
  for (const id of ids) assert.match(id!, /^fig-[0-9a-f]{12}$/);
  assert.throws(() => figureHtml({ data: [] }, { id: 'a"b' }), /element id/);
  assert.throws(() => figureHtml({} as never), /expected a plotly figure/);
});

test('scriptSafeJson round-trips and has no <, >, & or line separators', () => {
  const value = { a: '<b>&</b>', s: 'x\u2028y\u2029z' };
  const json = scriptSafeJson(value);
  assert.ok(!/[<>&\u2028\u2029]/.test(json));
  assert.deepEqual(JSON.parse(json), value);
});

test('scriptSafeJson writes typed arrays as arrays and NaN as null', () => {
  assert.equal(scriptSafeJson({ y: Float64Array.from([0.5, Number.NaN]), ids: Int32Array.from([7]) }), '{"y":[0.5,null],"ids":[7]}');
});

test('escapeHtml escapes the five special characters', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('formatValue: fixed decimals for fractions, integers as is, gaps and specials named', () => {
  assert.equal(formatValue(0.123456), '0.123');
  assert.equal(formatValue(0.5, 1), '0.5');
  assert.equal(formatValue(1300), '1300');
  assert.equal(formatValue(null), '—');
  assert.equal(formatValue(undefined), '—');
  assert.equal(formatValue(Number.NaN), 'NaN');
  assert.equal(formatValue(-Infinity), '−∞');
  assert.equal(formatValue(true), 'true');
  assert.equal(formatValue(Float64Array.from([1, 0.25]), 2), '[1, 0.25]');
  assert.equal(formatValue({ a: 1 }), '{"a":1}');
  assert.equal(formatValue(new Date('2024-01-02T03:04:05Z')), '2024-01-02T03:04:05.000Z');
});

test('tableHtml: header from the union of keys, escaped cells, numeric columns right-aligned', () => {
  const html = tableHtml(
    [
      { 'Тип сервиса': 'премиум', share: 0.25 },
      { 'Тип сервиса': '<i>стандарт</i>', share: 0.75, extra: 'x' },
    ],
    { caption: 'Доли & типы' },
  );
  assert.match(html, /<caption>Доли &amp; типы<\/caption>/);
  assert.match(html, /<thead><tr><th>Тип сервиса<\/th><th class="num">share<\/th><th>extra<\/th><\/tr><\/thead>/);
  assert.match(html, /<tr><td>премиум<\/td><td class="num">0\.250<\/td><td>—<\/td><\/tr>/);
  assert.match(html, /<td>&lt;i&gt;стандарт&lt;\/i&gt;<\/td>/);
  assert.ok(!html.includes('<i>'));
});

test('tableHtml: maxRows cuts the rows and says so; digits sets the decimals', () => {
  const rows = Array.from({ length: 7 }, (_, i) => ({ i, p: i / 3 }));
  const html = tableHtml(rows, { maxRows: 3, digits: 2 });
  assert.equal((html.match(/<tr>/g) ?? []).length, 1 + 3);
  assert.match(html, /\(first 3 of 7 rows\)/);
  assert.match(html, /<td class="num">0\.33<\/td>/);
});

test('tableRows and tableHtml take a danfo-like DataFrame; a non-default index becomes a column', () => {
  const frame = { columns: ['id', 'profit'], values: [[215348, 0.98], [215349, 4.16]], index: [0, 1] };
  assert.deepEqual(tableRows(frame), {
    columns: ['id', 'profit'],
    rows: [{ id: 215348, profit: 0.98 }, { id: 215349, profit: 4.16 }],
  });
  const labelled = { columns: ['n'], values: [3, 4], index: ['премиум', 'стандарт'] };
  assert.deepEqual(tableRows(labelled), {
    columns: ['index', 'n'],
    rows: [{ index: 'премиум', n: 3 }, { index: 'стандарт', n: 4 }],
  });
  assert.match(tableHtml(labelled), /<td>премиум<\/td><td class="num">3<\/td>/);
});

test('tableRows works with a real danfo DataFrame', async () => {
  const dfd = await import('danfojs-node');
  const frame = new dfd.DataFrame({ segment: ['A', 'B'], customers: [120, 300] });
  assert.deepEqual(tableRows(frame as never).rows, [{ segment: 'A', customers: 120 }, { segment: 'B', customers: 300 }]);
  assert.deepEqual(tableRows(frame['customers'] as never), { columns: ['customers'], rows: [{ customers: 120 }, { customers: 300 }] });
  const described = tableRows(frame.describe() as never);
  assert.deepEqual(described.columns, ['index', 'customers']);
  assert.deepEqual(described.rows[0], { index: 'count', customers: 2 });
});

test('tableRows takes a series-like {values, index, name} and refuses other objects', () => {
  assert.deepEqual(tableRows({ values: [3, 4], index: ['премиум', 'стандарт'], name: 'n' }), {
    columns: ['index', 'n'],
    rows: [{ index: 'премиум', n: 3 }, { index: 'стандарт', n: 4 }],
  });
  assert.throws(() => tableRows({ rows: 1 } as never), /expected an array of records/);
});

test('keyValuesHtml: one row per entry, values formatted', () => {
  const html = keyValuesHtml({ 'ROC-AUC': 0.91234, model: 'logistic <L2>' }, { digits: 2 });
  assert.match(html, /<tr><td>ROC-AUC<\/td><td>0\.91<\/td><\/tr>/);
  assert.match(html, /<tr><td>model<\/td><td>logistic &lt;L2&gt;<\/td><\/tr>/);
});

test('tableText aligns columns for the console', () => {
  assert.equal(
    tableText([{ name: 'a', value: 1.5 }, { name: 'long', value: 10 }], { caption: 'T', digits: 1 }),
    ['T', 'name  value', '----  -----', 'a     1.5', 'long  10'].join('\n'),
  );
});

test('outside a notebook the show helpers print text and do not load tslab', (t) => {
  const lines: string[] = [];
  t.mock.method(console, 'log', (...args: unknown[]) => lines.push(args.join(' ')));
  showFigure({ data: [{}, {}], layout: { title: { text: 'Доля' } } });
  showTable([{ a: 1 }]);
  showMarkdown('# Заголовок');
  showKeyValues({ rows: 1296 });
  assert.deepEqual(lines, [
    '[figure: Доля — 2 trace(s); rendered in notebooks and reports]',
    'a\n-\n1',
    '# Заголовок',
    'rows  1296',
  ]);
  assert.ok(!Object.keys(require.cache).some((path) => /node_modules[\\/]tslab[\\/]/.test(path)));
});
