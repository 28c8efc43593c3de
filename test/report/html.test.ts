import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Fact } from '../../lib/report/facts';
import { factValueHtml, groupFacts, renderIndex, reportFileNames, STUDY_NOTEBOOKS } from '../../lib/report/html';

const fact = (value: Fact['value'], label?: string, notebook?: string): Fact => ({
  value,
  recordedAt: '2026-01-01T00:00:00Z',
  ...(label ? { label } : {}),
  ...(notebook ? { notebook } : {}),
});

test('study notebooks are numbered 01..09 in order', () => {
  assert.deepEqual(STUDY_NOTEBOOKS.map((entry) => `${entry.number}_${entry.slug}`), [
    '01_load', '02_clean', '03_eda', '04_merge', '05_correlation', '06_pipelines', '07_importance', '08_segmentation', '09_conclusions',
  ]);
});

test('reportFileNames gives the full and brief report names', () => {
  assert.deepEqual(reportFileNames('03_eda'), { full: '03_eda.html', brief: '03_eda.brief.html' });
});

test('factValueHtml: numbers rounded to 4 decimals, objects as lists, text escaped', () => {
  assert.equal(factValueHtml(0.912345678), '0.9123');
  assert.equal(factValueHtml(1296), '1296');
  assert.equal(factValueHtml('<script>'), '&lt;script&gt;');
  assert.equal(factValueHtml([1, 'a']), '1, a');
  assert.equal(factValueHtml({ 'Б': 2 }), '<ul class="fact-list"><li><span class="k">Б</span>: 2</li></ul>');
});

test('groupFacts: known groups in study order, unknown prefixes last', () => {
  const groups = groupFacts({
    'misc.x': fact(1),
    'model.rocAuc': fact(0.9),
    'data.rows': fact(1300),
    'segment.sizes': fact({ A: 1 }),
  });
  assert.deepEqual(groups.map((group) => [group.title, group.entries.map(([key]) => key)]), [
    ['Data', ['data.rows']],
    ['Model', ['model.rocAuc']],
    ['Segments', ['segment.sizes']],
    ['Other results', ['misc.x']],
  ]);
});

test('renderIndex: build facts, data facts, headline results and links in study order', () => {
  const html = renderIndex({
    title: 'Study <index>',
    builtAt: '2026-11-22T08:00:00Z',
    commit: 'abc1234 — message',
    node: 'v20.20.2',
    facts: {
      'data.source': fact('data/', 'Data folder', '01_load'),
      'clean.rows': fact(1296, 'Rows after cleaning', '02_clean'),
      'model.rocAuc': fact(0.91234, 'ROC-AUC'),
    },
    notebooks: [
      { name: '01_load', title: 'Загрузка', status: 'ok', seconds: 7.25 },
      { name: '02_clean', status: 'failed', failedCell: 4, error: 'Error: <bad>' },
      { name: '03_eda', status: 'not run' },
    ],
  });
  assert.match(html, /<title>Study &lt;index&gt;<\/title>/);
  assert.match(html, /<dd>abc1234 — message<\/dd>/);
  assert.match(html, /2 built of 3, <span class="failed">1 failed<\/span>/);
  assert.match(html, /<th title="data.source">Data folder<\/th><td>data\/<\/td>/);
  assert.match(html, /<h3>Cleaning<\/h3>[\s\S]*Rows after cleaning<\/th><td>1296<\/td>/);
  assert.match(html, /ROC-AUC<\/th><td>0\.9123<\/td>/);
  assert.match(html, /<a href="01_load\.brief\.html">summary<\/a> · <a href="01_load\.html">full, with code<\/a>/);
  assert.match(html, /title="Error: &lt;bad&gt;">failed at cell 4<\/span>/);
  assert.match(html, /03_eda<\/td>.*not built/);
  assert.match(html, /7\.3 s|7\.2 s/);
  assert.ok(html.indexOf('01_load') < html.indexOf('02_clean') && html.indexOf('02_clean') < html.indexOf('03_eda'));
  assert.ok(!/<script|https?:\/\//.test(html), 'no scripts, no network');
});

test('renderIndex says so when nothing is there yet', () => {
  const html = renderIndex({ title: 'T', builtAt: 'now', commit: 'c', node: 'v20', facts: {}, notebooks: [] });
  assert.match(html, /No notebooks in notebooks\/ yet/);
  assert.match(html, /Data source not recorded yet/);
  assert.match(html, /No facts recorded yet/);
});
