/**
 * The study's front pages, pure functions from a model to an HTML string (scripts/run-notebooks.ts gathers the
 * model and writes them):
 * - reports/index.html, for the store's managers, in Russian: the decision first (whom to contact, with which
 *   offer, the expected effect with its interval and its assumptions, as notebook 09 recorded it), the
 *   headline numbers under human labels (lib/core/labels), and every step's brief and full report;
 * - reports/facts.html, for reviewers: when and from which commit the reports were built, the data folder,
 *   and every fact the notebooks recorded (lib/report/facts) under its key.
 */
import { DATA_SOURCE_WORDS, familyLabel, metricLabel, PROFIT_UNIT, russianNumber, segmentLabel, stepLabel } from '../core/labels';
import type { Json } from '../core/types';
import { escapeHtml, formatValue } from './display';
import type { Fact } from './facts';

/** The study's notebooks in order: number, file name part after the number, what the step does. */
export const STUDY_NOTEBOOKS: readonly { number: string; slug: string; step: string }[] = Object.freeze([
  { number: '01', slug: 'load', step: 'Load the four files, check their schema' },
  { number: '02', slug: 'clean', step: 'Clean: typos, duplicates, outliers, inactive customers' },
  { number: '03', slug: 'eda', step: 'Explore distributions by target' },
  { number: '04', slug: 'merge', step: 'Merge into one modelling table' },
  { number: '05', slug: 'correlation', step: 'Correlation (phi_K, Spearman), multicollinearity' },
  { number: '06', slug: 'pipelines', step: 'Pipelines and model search, ROC-AUC' },
  { number: '07', slug: 'importance', step: 'Feature importance (permutation, SHAP)' },
  { number: '08', slug: 'segmentation', step: 'Segments by drop probability and profit' },
  { number: '09', slug: 'conclusions', step: 'Conclusions and recommendations' },
]);

/** Report file names of a notebook: full (code and outputs) and brief (no code). */
export function reportFileNames(notebookName: string): { full: string; brief: string } {
  return { full: `${notebookName}.html`, brief: `${notebookName}.brief.html` };
}

/** Outcome of one notebook in the latest build. */
export interface NotebookReportEntry {
  /** File name without extension, e.g. `03_eda`. */
  name: string;
  /** The notebook's first markdown heading, when it has one. */
  title?: string;
  /** Whether it ran through, failed, or was not run in any build yet. */
  status: 'ok' | 'failed' | 'not run';
  /** 1-based cell number (all cells) where it failed. */
  failedCell?: number;
  /** The error text of the failing cell. */
  error?: string;
  /** Seconds the notebook took (kernel start, execution, export). */
  seconds?: number;
  /** ISO time this notebook was last built. */
  builtAt?: string;
}

/** Everything the index shows. */
export interface IndexModel {
  /** Page title. */
  title: string;
  /** ISO time of this build. */
  builtAt: string;
  /** Commit the reports were built from (short hash, with a note when the tree had changes). */
  commit: string;
  /** Node.js version used. */
  node: string;
  /** Facts recorded by the notebooks, by key, in recording order. */
  facts: Record<string, Fact>;
  /** Notebooks in study order. */
  notebooks: NotebookReportEntry[];
  /** Other pages in the reports folder worth a link (e.g. the study script's study.html). */
  otherPages?: { href: string; label: string; labelRu?: string }[];
}

/** Fact groups by key prefix, in study order; other prefixes go to "Other results". */
const GROUPS: readonly { prefixes: readonly string[]; title: string }[] = [
  { prefixes: ['data'], title: 'Data' },
  { prefixes: ['clean'], title: 'Cleaning' },
  { prefixes: ['eda'], title: 'Exploration' },
  { prefixes: ['merge'], title: 'Modelling table' },
  { prefixes: ['correlation', 'features'], title: 'Correlation and feature selection' },
  { prefixes: ['model', 'models', 'search'], title: 'Model' },
  { prefixes: ['explain', 'importance'], title: 'What drives a drop' },
  { prefixes: ['segment', 'segments'], title: 'Segments' },
];

/** HTML for a fact value: scalars formatted, objects as a name: value list, arrays joined. */
export function factValueHtml(value: Json): string {
  if (Array.isArray(value)) {
    // A list of records (e.g. top features with scores) reads best one record per line.
    if (value.length > 0 && value.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))) {
      return `<ol class="fact-list">${value.map((item) => `<li>${inlineRecordHtml(item as Record<string, Json>)}</li>`).join('')}</ol>`;
    }
    return value.map((item) => factValueHtml(item)).join(', ');
  }
  if (value !== null && typeof value === 'object') {
    const items = Object.entries(value).map(
      ([key, item]) => `<li><span class="k">${escapeHtml(key)}</span>: ${factValueHtml(item)}</li>`,
    );
    return `<ul class="fact-list">${items.join('')}</ul>`;
  }
  if (typeof value === 'number' && !Number.isInteger(value)) return escapeHtml(String(Number(value.toFixed(4))));
  return escapeHtml(formatValue(value));
}

function inlineRecordHtml(record: Record<string, Json>): string {
  return Object.entries(record)
    .map(([key, item]) => `<span class="k">${escapeHtml(key)}</span> ${factValueHtml(item)}`)
    .join(' · ');
}

/** One line of the "at a glance" box. */
export interface GlanceItem {
  /** What it is. */
  label: string;
  /** Its value as HTML. */
  html: string;
}

/**
 * The brief's headline numbers, picked from the facts by key when they exist: rows after cleaning
 * (`clean.rows`), the chosen model (`model.chosen`) and its ROC-AUC (first `model.*` key naming
 * ROC-AUC), and segment sizes (`segment(s).<name>.size`, or one `segment(s).sizes` record).
 */
export function glanceItems(facts: Record<string, Fact>): GlanceItem[] {
  const items: GlanceItem[] = [];
  const value = (key: string): Json | undefined => facts[key]?.value;
  const rows = value('clean.rows');
  if (rows !== undefined) items.push({ label: 'Customers after cleaning', html: factValueHtml(rows) });
  const chosen = value('model.chosen');
  if (chosen !== undefined) items.push({ label: 'Chosen model', html: factValueHtml(chosen) });
  const aucKey = Object.keys(facts).find((key) => /^models?\./.test(key) && /roc.?auc/i.test(key));
  if (aucKey) items.push({ label: facts[aucKey]!.label ?? 'ROC-AUC', html: factValueHtml(facts[aucKey]!.value) });
  const sizes: Record<string, Json> = {};
  for (const [key, fact] of Object.entries(facts)) {
    const match = /^segments?\.(.+)\.size$/.exec(key);
    if (match) sizes[match[1]!] = fact.value;
  }
  const sizesRecord = value('segments.sizes') ?? value('segment.sizes');
  if (Object.keys(sizes).length > 0) items.push({ label: 'Segment sizes', html: inlineRecordHtml(sizes) });
  else if (sizesRecord !== undefined) {
    const html =
      sizesRecord !== null && typeof sizesRecord === 'object' && !Array.isArray(sizesRecord)
        ? inlineRecordHtml(sizesRecord)
        : factValueHtml(sizesRecord);
    items.push({ label: 'Segment sizes', html });
  }
  return items;
}

/** Facts grouped by the part of the key before the first dot, known groups first. */
export function groupFacts(facts: Record<string, Fact>): { title: string; entries: [string, Fact][] }[] {
  const groups = new Map<string, [string, Fact][]>();
  for (const entry of Object.entries(facts)) {
    const prefix = entry[0].split('.')[0]!;
    const known = GROUPS.find((group) => group.prefixes.includes(prefix));
    const title = known ? known.title : 'Other results';
    if (!groups.has(title)) groups.set(title, []);
    groups.get(title)!.push(entry);
  }
  const order = [...GROUPS.map((group) => group.title), 'Other results'];
  return order.filter((title) => groups.has(title)).map((title) => ({ title, entries: groups.get(title)! }));
}

function factsSection(facts: Record<string, Fact>, withGroupTitles = true): string {
  const groups = groupFacts(facts);
  if (groups.length === 0) {
    return '<p class="muted">No facts recorded yet: notebooks call <code>recordFact()</code> from lib/report/facts.</p>';
  }
  return groups
    .map(
      (group) =>
        (withGroupTitles ? `<h3>${escapeHtml(group.title)}</h3>\n` : '') +
        '<table class="facts"><tbody>\n' +
        group.entries
          .map(
            ([key, fact]) =>
              `<tr><th title="${escapeHtml(key)}">${escapeHtml(fact.label ?? key)}</th><td>${factValueHtml(fact.value)}</td>` +
              `<td class="muted">${fact.notebook ? escapeHtml(fact.notebook) : ''}</td></tr>`,
          )
          .join('\n') +
        '\n</tbody></table>',
    )
    .join('\n');
}

function stepOf(name: string): string {
  const number = name.slice(0, 2);
  return STUDY_NOTEBOOKS.find((entry) => entry.number === number)?.step ?? '';
}

function notebooksSection(notebooks: NotebookReportEntry[]): string {
  if (notebooks.length === 0) {
    return '<p class="muted">No notebooks in notebooks/ yet.</p>';
  }
  const rows = notebooks.map((entry) => {
    const files = reportFileNames(entry.name);
    const built = entry.status !== 'not run';
    const links = built
      ? `<a href="${escapeHtml(files.brief)}">brief</a> · <a href="${escapeHtml(files.full)}">full, with code</a>`
      : '<span class="muted">not built</span>';
    const status =
      entry.status === 'ok'
        ? '<span class="ok">ok</span>'
        : entry.status === 'failed'
          ? `<span class="failed" title="${escapeHtml(entry.error ?? '')}">failed at cell ${entry.failedCell ?? '?'}</span>`
          : '<span class="muted">not run</span>';
    const seconds = entry.seconds !== undefined ? `${entry.seconds.toFixed(1)} s` : '';
    return (
      `<tr><td class="nb">${escapeHtml(entry.name)}</td>` +
      `<td><div class="title">${escapeHtml(entry.title ?? entry.name)}</div><div class="muted">${escapeHtml(stepOf(entry.name))}</div></td>` +
      `<td>${links}</td><td>${status}</td><td class="num">${seconds}</td></tr>`
    );
  });
  return (
    '<table class="notebooks"><thead><tr><th>#</th><th>Notebook</th><th>Reports</th><th>Status</th><th>Time</th></tr></thead>\n<tbody>\n' +
    rows.join('\n') +
    '\n</tbody></table>'
  );
}

const INDEX_STYLE = `
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; max-width: 1000px;
    margin: 0 auto; padding: 24px 20px 60px; }
  h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid #e3e3e8; }
  h3 { font-size: 15px; margin: 16px 0 4px; color: #444; }
  a { color: #1a5fb4; text-decoration: none; } a:hover { text-decoration: underline; }
  .muted { color: #777; font-size: 13px; } .lead { margin: 4px 0 12px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid #eceef2; }
  table.facts { table-layout: fixed; } table.facts th { width: 40%; font-weight: 500; } table.facts td.muted { width: 110px; } table.notebooks thead th { background: #f3f4f7; }
  td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; } td.nb { font-family: ui-monospace, monospace; }
  .title { font-weight: 600; } .ok { color: #1e7d32; font-weight: 600; } .failed { color: #b3261e; font-weight: 600; }
  .fact-list { margin: 0; padding-left: 18px; } .fact-list .k, .glance .k { color: #666; }
  .glance { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 14px; }
  .glance-item { background: #f5f8fc; border: 1px solid #dbe4f0; border-radius: 6px; padding: 8px 14px; min-width: 150px; }
  .glance-label { font-size: 12px; color: #555; } .glance-value { font-size: 18px; font-weight: 600; }
  dl.build { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
  dl.build dt { color: #666; } dl.build dd { margin: 0; font-variant-numeric: tabular-nums; }
`;

function glanceHtml(items: GlanceItem[]): string {
  if (items.length === 0) return '';
  return (
    '<div class="glance">' +
    items.map((item) => `<div class="glance-item"><div class="glance-label">${escapeHtml(item.label)}</div><div class="glance-value">${item.html}</div></div>`).join('') +
    '</div>'
  );
}

/** The reviewers' page of every recorded fact and the build (facts.html): self-contained HTML, no scripts, no network. */
export function renderFactsPage(model: IndexModel): string {
  const failed = model.notebooks.filter((entry) => entry.status === 'failed').length;
  const built = model.notebooks.filter((entry) => entry.status !== 'not run').length;
  const dataFacts: Record<string, Fact> = {};
  const resultFacts: Record<string, Fact> = {};
  for (const [key, fact] of Object.entries(model.facts)) {
    (key.startsWith('data.') ? dataFacts : resultFacts)[key] = fact;
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}</title>
<style>${INDEX_STYLE}</style>
</head>
<body>
<h1>${escapeHtml(model.title)}</h1>
<p class="lead">Which regular customers of the online store «В один клик» will buy less over the next three months
(target: «Снизилась»), and which of them are worth an offer, by drop probability and profit.
Each notebook has a brief for the store's managers (in Russian, no code) and a full report with the code;
<a href="index.html">the study's index</a> opens with the decision.</p>

<h2>Build</h2>
<dl class="build">
<dt>Built</dt><dd>${escapeHtml(model.builtAt)}</dd>
<dt>Commit</dt><dd>${escapeHtml(model.commit)}</dd>
<dt>Node.js</dt><dd>${escapeHtml(model.node)}</dd>
<dt>Notebooks</dt><dd>${built} built of ${model.notebooks.length}${failed ? `, <span class="failed">${failed} failed</span>` : ''}</dd>
</dl>

<h2>Data</h2>
${Object.keys(dataFacts).length ? factsSection(dataFacts, false) : '<p class="muted">Data source not recorded yet (facts <code>data.*</code>).</p>'}

<h2>Headline results</h2>
${glanceHtml(glanceItems(model.facts))}
${factsSection(resultFacts)}

<h2>Notebooks, in study order</h2>
${notebooksSection(model.notebooks)}
${
  model.otherPages && model.otherPages.length > 0
    ? `<h2>Other reports</h2>\n<ul>${model.otherPages.map((page) => `<li><a href="${escapeHtml(page.href)}">${escapeHtml(page.label)}</a></li>`).join('')}</ul>`
    : ''
}
</body>
</html>
`;
}

function factValue(facts: Record<string, Fact>, key: string): Json | undefined {
  return facts[key]?.value;
}

/** The index's headline numbers, from the facts the notebooks recorded, under Russian labels. */
export function indexGlance(facts: Record<string, Fact>): GlanceItem[] {
  const items: GlanceItem[] = [];
  const rows = factValue(facts, 'clean.rows');
  if (typeof rows === 'number') items.push({ label: 'Покупателей в исследовании', html: escapeHtml(russianNumber(rows, 0)) });
  const share = factValue(facts, 'eda.positiveShare');
  if (typeof share === 'number') items.push({ label: 'Из них активность снизилась', html: escapeHtml(`${russianNumber(share * 100, 1)} %`) });
  const chosen = factValue(facts, 'model.chosen');
  if (typeof chosen === 'string') items.push({ label: 'Выбранная модель', html: escapeHtml(familyLabel(chosen)) });
  const auc = factValue(facts, 'model.testRocAuc');
  if (typeof auc === 'number') items.push({ label: `${metricLabel('rocAuc')} на отложенных покупателях`, html: escapeHtml(russianNumber(auc, 3)) });
  const campaign = factValue(facts, 'offers.campaignValue');
  if (typeof campaign === 'string') items.push({ label: `Ожидаемая чистая ценность кампании (${PROFIT_UNIT.ru})`, html: escapeHtml(campaign) });
  return items;
}

/** Segment sizes recorded by notebook 08 (`segments.<name>.size`), under their Russian labels. */
function segmentSizes(facts: Record<string, Fact>): { label: string; size: number }[] {
  const out: { label: string; size: number }[] = [];
  for (const [key, fact] of Object.entries(facts)) {
    const match = /^segments?\.(.+)\.size$/.exec(key);
    if (match && typeof fact.value === 'number') out.push({ label: segmentLabel(match[1]!), size: fact.value });
  }
  return out;
}

const INDEX_STATUS_WORDS = { ok: 'готов', failed: 'ошибка', 'not run': 'не собран' } as const;

function stepsSection(notebooks: NotebookReportEntry[]): string {
  if (notebooks.length === 0) return '<p class="muted">Отчётов пока нет.</p>';
  const rows = notebooks.map((entry) => {
    const files = reportFileNames(entry.name);
    const built = entry.status !== 'not run';
    const links = built
      ? `<a href="${escapeHtml(files.brief)}">кратко</a> · <a href="${escapeHtml(files.full)}">полностью, с кодом</a>`
      : '<span class="muted">не собран</span>';
    const status = entry.status === 'ok' ? `<span class="ok">${INDEX_STATUS_WORDS.ok}</span>` : entry.status === 'failed' ? `<span class="failed">${INDEX_STATUS_WORDS.failed}</span>` : `<span class="muted">${INDEX_STATUS_WORDS['not run']}</span>`;
    return `<tr><td class="num">${escapeHtml(entry.name.slice(0, 2))}</td><td class="title">${escapeHtml(stepLabel(entry.name))}</td><td>${links}</td><td>${status}</td></tr>`;
  });
  return '<table class="notebooks"><thead><tr><th>№</th><th>Шаг</th><th>Отчёты</th><th>Состояние</th></tr></thead>\n<tbody>\n' + rows.join('\n') + '\n</tbody></table>';
}

const DECISION_STYLE = `
  .decision { background: #fff8e6; border: 1px solid #e8cf8a; border-left: 5px solid #d9a400; border-radius: 6px;
    padding: 10px 18px; margin: 12px 0 18px; }
  .decision h2 { border: 0; margin: 6px 0 4px; } .decision p { margin: 6px 0; }
  ul.segments { margin: 4px 0; padding-left: 20px; } ul.segments li { margin: 2px 0; }
`;

/**
 * The study's index for the store's managers, in Russian: the decision (recorded by notebook 09 as the fact
 * `decision.ru`), the headline numbers, the segments and the steps' reports. Self-contained HTML, no scripts.
 */
export function renderIndex(model: IndexModel): string {
  const facts = model.facts;
  const decision = factValue(facts, 'decision.ru');
  const decisionLines = Array.isArray(decision) ? decision.filter((line): line is string => typeof line === 'string') : [];
  const sourceKind = factValue(facts, 'data.sourceKind');
  const source = typeof sourceKind === 'string' ? DATA_SOURCE_WORDS[sourceKind] : undefined;
  const sizes = segmentSizes(facts);
  const failed = model.notebooks.filter((entry) => entry.status === 'failed').length;
  const date = model.builtAt.slice(0, 10);
  return `<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>«В один клик»: кто из постоянных покупателей станет покупать меньше</title>
<style>${INDEX_STYLE}${DECISION_STYLE}</style>
</head>
<body>
<h1>«В один клик»: кто из постоянных покупателей станет покупать меньше</h1>
<p class="lead">Исследование предсказывает, у кого из постоянных покупателей активность снизится в ближайшие три
месяца, и предлагает каждому из них персональное предложение с причиной и ожидаемой выгодой.
Данные: ${escapeHtml(source ?? 'источник не записан')}. Отчёты собраны ${escapeHtml(date)}${failed > 0 ? `; <span class="failed">шагов с ошибкой: ${failed}</span>` : ''}.</p>

<section class="decision">
<h2>Решение</h2>
${decisionLines.length > 0 ? decisionLines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n') : '<p class="muted">Решение появится, когда отчёт «Выводы и рекомендации» будет собран.</p>'}
</section>

<h2>Главное</h2>
${glanceHtml(indexGlance(facts))}
<p class="muted">ROC-AUC — доля пар «снизил активность / не снизил», которые модель упорядочила верно: 0,5 — угадывание, 1 — без ошибок.</p>
${sizes.length > 0 ? `<h3>Сегменты покупателей</h3>\n<ul class="segments">${sizes.map((s) => `<li>${escapeHtml(s.label)} — ${escapeHtml(russianNumber(s.size, 0))}</li>`).join('')}</ul>` : ''}

<h2>Шаги исследования</h2>
${stepsSection(model.notebooks)}

<h2>Для проверяющих</h2>
<ul>
<li><a href="facts.html">Все числа, которые записали шаги, и данные сборки</a></li>
${(model.otherPages ?? []).map((page) => `<li><a href="${escapeHtml(page.href)}">${escapeHtml(page.labelRu ?? page.label)}</a></li>`).join('\n')}
</ul>
</body>
</html>
`;
}
