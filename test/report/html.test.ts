import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Fact } from '../../lib/report/facts';
import { factValueHtml, glanceItems, groupFacts, indexGlance, renderFactsPage, renderIndex, reportFileNames, STUDY_NOTEBOOKS } from '../../lib/report/html';
import { readerTextProblems, visibleTextOfHtml } from '../../lib/report/reader-text';

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
  assert.equal(
    factValueHtml([{ feature: 'pagesPerVisit', phik: 0.75 }, { feature: 'x', phik: 0.5 }]),
    '<ol class="fact-list"><li><span class="k">feature</span> pagesPerVisit · <span class="k">phik</span> 0.75</li>' +
      '<li><span class="k">feature</span> x · <span class="k">phik</span> 0.5</li></ol>',
  );
});

test('glanceItems picks rows after cleaning, the chosen model, its ROC-AUC and segment sizes', () => {
  const items = glanceItems({
    'clean.rows': fact(1296),
    'model.chosen': fact('knn'),
    'model.testRocAuc': fact(0.92031, 'Test ROC-AUC'),
    'segments.highRisk.size': fact(198),
    'segments.lowRisk.size': fact(380),
    'eda.other': fact(1),
  });
  assert.deepEqual(items, [
    { label: 'Customers after cleaning', html: '1296' },
    { label: 'Chosen model', html: 'knn' },
    { label: 'Test ROC-AUC', html: '0.9203' },
    { label: 'Segment sizes', html: '<span class="k">highRisk</span> 198 · <span class="k">lowRisk</span> 380' },
  ]);
  assert.deepEqual(glanceItems({ 'segment.sizes': fact({ A: 1 }) }), [{ label: 'Segment sizes', html: '<span class="k">A</span> 1' }]);
  assert.deepEqual(glanceItems({}), []);
});

test('groupFacts: known groups in study order, unknown prefixes last', () => {
  const groups = groupFacts({
    'misc.x': fact(1),
    'model.rocAuc': fact(0.9),
    'data.rows': fact(1300),
    'segments.a.size': fact(3),
    'features.kept': fact(['a']),
    'explain.method': fact('kernel'),
  });
  assert.deepEqual(groups.map((group) => [group.title, group.entries.map(([key]) => key)]), [
    ['Data', ['data.rows']],
    ['Correlation and feature selection', ['features.kept']],
    ['Model', ['model.rocAuc']],
    ['What drives a drop', ['explain.method']],
    ['Segments', ['segments.a.size']],
    ['Other results', ['misc.x']],
  ]);
});

test('renderFactsPage: build facts, data facts, headline results and links in study order', () => {
  const html = renderFactsPage({
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
  assert.match(html, /<a href="01_load\.brief\.html">brief<\/a> · <a href="01_load\.html">full, with code<\/a>/);
  assert.match(html, /title="Error: &lt;bad&gt;">failed at cell 4<\/span>/);
  assert.match(html, /03_eda<\/td>.*not built/);
  assert.match(html, /7\.3 s|7\.2 s/);
  assert.ok(html.indexOf('01_load') < html.indexOf('02_clean') && html.indexOf('02_clean') < html.indexOf('03_eda'));
  assert.ok(!/<script|https?:\/\//.test(html), 'no scripts, no network');
  assert.ok(!html.includes('Other reports'));
});

test('renderFactsPage links other pages when given', () => {
  const html = renderFactsPage({
    title: 'T', builtAt: 'now', commit: 'c', node: 'v20', facts: {}, notebooks: [],
    otherPages: [{ href: 'study.html', label: 'Study & summary' }],
  });
  assert.match(html, /<h2>Other reports<\/h2>\n<ul><li><a href="study\.html">Study &amp; summary<\/a><\/li><\/ul>/);
});

test('renderFactsPage says so when nothing is there yet', () => {
  const html = renderFactsPage({ title: 'T', builtAt: 'now', commit: 'c', node: 'v20', facts: {}, notebooks: [] });
  assert.match(html, /No notebooks in notebooks\/ yet/);
  assert.match(html, /Data source not recorded yet/);
  assert.match(html, /No facts recorded yet/);
});

const indexFacts = {
  'data.sourceKind': fact('shared', 'Kind of data source', '01_load'),
  'data.source': fact('the team\'s shared data directory /work/shared/data', 'Data source', '01_load'),
  'clean.rows': fact(1296, 'Customers in the modelling table', '02_clean'),
  'eda.positiveShare': fact(0.3812, 'Share', '03_eda'),
  'model.chosen': fact('svc', 'Chosen model family', '06_pipelines'),
  'model.testRocAuc': fact(0.9174, 'Test ROC-AUC', '09_conclusions'),
  'segments.highRiskHighProfit.size': fact(196, 'Customers in segment highRiskHighProfit', '08_segmentation'),
  'segments.lowRisk.size': fact(345, 'Customers in segment lowRisk', '08_segmentation'),
  'offers.campaignValue': fact('693,2 [637,7; 750,1]', 'Expected net value', '08_segmentation'),
  'decision.ru': fact(['Связаться с 743 клиентами из 1296.', 'Расчёт опирается на принятые эффекты.'], 'The decision', '09_conclusions'),
};

test('renderIndex: Russian, the decision first, human labels, no code, paths or English prose on the page', () => {
  const html = renderIndex({
    title: 'ignored', builtAt: '2026-12-06T08:00:00Z', commit: 'abc1234 — a commit subject', node: 'v20', facts: indexFacts,
    notebooks: [{ name: '01_load', status: 'ok', seconds: 7 }, { name: '02_clean', status: 'failed', failedCell: 3 }, { name: '03_eda', status: 'not run' }],
    otherPages: [{ href: 'study.html', label: 'The whole study (study.html)', labelRu: 'Всё исследование на одной странице' }],
  });
  assert.match(html, /<html lang="ru">/);
  const decision = html.indexOf('<h2>Решение</h2>');
  assert.ok(decision > 0 && decision < html.indexOf('<h2>Главное</h2>') && decision < html.indexOf('<h2>Шаги исследования</h2>'), 'the decision comes first');
  assert.match(html, /<p>Связаться с 743 клиентами из 1296\.<\/p>/);
  assert.match(html, /Высокий риск, высокая прибыль — 196/);
  assert.match(html, /Метод опорных векторов/);
  assert.match(html, /файлы, переданные магазином/);
  assert.match(html, /<td class="title">Очистка данных<\/td>.*ошибка/);
  assert.match(html, /<a href="01_load\.brief\.html">кратко<\/a> · <a href="01_load\.html">полностью, с кодом<\/a>/);
  assert.match(html, /<a href="facts\.html">/);
  const text = visibleTextOfHtml(html);
  assert.deepEqual(readerTextProblems(text, { russian: true }), []);
  assert.ok(!text.includes('/work/shared') && !text.includes('commit subject'), 'no machine path, no commit on the index');
  assert.ok(!/<script|https?:\/\//.test(html), 'no scripts, no network');
});

test('renderIndex without a decision yet says when it appears', () => {
  const html = renderIndex({ title: 'T', builtAt: '2026-12-06T08:00:00Z', commit: 'c', node: 'v20', facts: {}, notebooks: [] });
  assert.match(html, /Решение появится, когда отчёт «Выводы и рекомендации» будет собран/);
  assert.deepEqual(indexGlance({}), []);
});

test('indexGlance: Russian labels and typography', () => {
  assert.deepEqual(indexGlance(indexFacts).map((item) => [item.label, item.html]), [
    ['Покупателей в исследовании', '1\u00a0296'],
    ['Из них активность снизилась', '38,1 %'],
    ['Выбранная модель', 'Метод опорных векторов'],
    ['ROC-AUC на отложенных покупателях', '0,917'],
    ['Ожидаемая чистая ценность кампании (в единицах столбца «Прибыль»)', '693,2 [637,7; 750,1]'],
  ]);
});

test('readerTextProblems finds identifiers, paths, raw JSON and English prose; plain Russian passes', () => {
  assert.deepEqual(readerTextProblems('Страниц за визит: 3,0 против 8,2 в среднем. ROC-AUC 0,92, SHAP.', { russian: true }), []);
  const found = (text: string) => readerTextProblems(text, { russian: true }).map((p) => p.rule);
  assert.deepEqual(found('сегмент highRiskHighProfit'), ['code identifier']);
  assert.deepEqual(found('константа promo_share'), ['code identifier']);
  assert.deepEqual(found('папка /tmp/cirun/shared'), ['path']);
  assert.deepEqual(found('см. lib/study'), ['path']);
  assert.deepEqual(found('файл money.csv'), ['path']);
  assert.deepEqual(found('{"model.C": 1}'), ['raw JSON']);
  assert.deepEqual(found('The study in one place'), ['English sentence']);
  assert.deepEqual(readerTextProblems('The study in one place', { russian: false }), []);
});
