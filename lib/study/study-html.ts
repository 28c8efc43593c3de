/**
 * reports/study.html: one self-contained page of the study's outcome (data and cleaning counts, the family
 * comparison, the chosen model, top features, segments) with charts; plotly.js is inlined once in the head,
 * so the page works offline and needs no notebook.
 */
import * as fs from 'node:fs';
import type { Segmentation } from '../segment/rules';
import type { FeatureImportance } from '../explain/permutation';
import { escapeHtml, figureHtml, keyValuesHtml, tableHtml, type PlotlyFigure } from '../report/display';
import { importanceBar, rocCurves, type RocSeries } from '../report/figures';
import { probabilityProfitPlane } from '../report/explain-figures';
import type { StudySummary } from './run-study';

/** What the page shows. */
export interface StudyHtmlInput {
  summary: StudySummary;
  /** Test ROC curves of each family's best. */
  curves: RocSeries[];
  /** Permutation importances, largest first. */
  ranked: FeatureImportance[];
  dropProbability: Float64Array;
  profit: Float64Array;
  ids: Int32Array;
  segmentation: Segmentation;
}

let cachedBundle: string | null = null;

/** The plotly.js bundle's text (node_modules/plotly.js-dist-min), read once. */
export function plotlyBundle(): string {
  if (cachedBundle === null) cachedBundle = fs.readFileSync(require.resolve('plotly.js-dist-min/plotly.min.js'), 'utf8');
  return cachedBundle;
}

/** WebGL traces become SVG ones: a report must draw in any browser, headless ones included. */
function svgOnly(figure: PlotlyFigure): PlotlyFigure {
  return { ...figure, data: figure.data.map((t) => (t && typeof t === 'object' && (t as { type?: string }).type === 'scattergl' ? { ...(t as object), type: 'scatter' } : t)) };
}

/** Parameters by path as short text: `scaler=standard, k=16, weights=distance`. */
function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k.replace(/^(model|prep)\./, '')}=${typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(3) : String(v)}`)
    .join(', ');
}

const fmt = (x: number, digits = 4): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');

/** The page's HTML. */
export function studyHtml(input: StudyHtmlInput): string {
  const s = input.summary;
  const figures: string[] = [];
  const figure = (id: string, f: PlotlyFigure) => figureHtml(svgOnly(f), { id });
  const t = input.segmentation.thresholds;
  // Section headings, in page order: the table of contents links them (as the notebook reports' do).
  const headings = [
    { id: 'data', title: 'Data and cleaning' },
    { id: 'families', title: 'Model families' },
    { id: 'drivers', title: 'What drives the prediction' },
    { id: 'segments', title: 'Segments' },
  ] as const;
  const h2 = (k: number) => `<h2 id="${headings[k]!.id}">${escapeHtml(headings[k]!.title)}</h2>`;
  const sections = [
    `<p class="nav"><a href="index.html">← Study index</a></p>`,
    `<h1>«В один клик»: who will buy less — study summary</h1>`,
    `<p>Data: ${escapeHtml(s.data.source)}. Seed ${s.seed}. Chosen model: <b>${escapeHtml(s.chosen.family)}</b>, CV ROC-AUC ${fmt(s.chosen.cvRocAuc)}, test ROC-AUC ${fmt(s.chosen.testRocAuc)}.</p>`,
    `<nav class="report-toc" aria-label="Contents"><span class="toc-title">Contents</span><ul>${headings.map((h) => `<li><a href="#${h.id}">${escapeHtml(h.title)}</a></li>`).join('')}</ul></nav>`,
    h2(0),
    tableHtml(s.rows, { caption: 'Rows per file before and after cleaning' }),
    tableHtml(s.cleaning.map((c) => ({ rule: c.rule, file: c.file, action: c.action, rows: c.count, description: c.description })), { caption: 'Cleaning log', maxRows: 100 }),
    keyValuesHtml({ customers: s.table.customers, 'activity dropped': s.table.dropped, train: s.split.train, test: s.split.test, split: s.split.method }, { caption: 'Modelling table and split' }),
    h2(1),
    tableHtml(
      s.search.families.map((f) => ({ family: f.family, candidates: f.candidates, failed: f.failedCandidates, 'CV ROC-AUC': f.cvRocAuc, 'CV std': f.cvRocAucStd, 'test ROC-AUC': f.testRocAuc, 'best params': paramsText(f.bestParams) })),
      { caption: `Best candidate of each family (${s.search.candidatesPerFamily} candidates, ${s.search.folds}-fold stratified CV)`, digits: 4 },
    ),
    s.search.skippedFamilies.length > 0 ? `<p>Not compared (not available in lib/models): ${escapeHtml(s.search.skippedFamilies.join(', '))}.</p>` : '',
    figure('fig-roc', rocCurves(input.curves, { title: 'Test ROC curves of each family’s best' })),
    keyValuesHtml({ family: s.chosen.family, ...s.chosen.params, 'test log loss': s.chosen.testLogLoss, 'test Brier': s.chosen.testBrier, 'precision @0.5': s.chosen.testAt05.precision, 'recall @0.5': s.chosen.testAt05.recall, 'F1 @0.5': s.chosen.testAt05.f1 }, { caption: 'Chosen model (uncalibrated, as compared with the other families)', digits: 4 }),
    h2(2),
    figure('fig-importance', importanceBar(input.ranked.map((r) => ({ name: r.feature, value: r.mean, error: r.std })), { title: 'Permutation importance on the test part (drop in ROC-AUC)' })),
    h2(3),
    keyValuesHtml(
      {
        'probabilities': s.segments.probabilitySource,
        'Brier score, raw out-of-fold': s.segments.rawOutOfFoldBrier,
        ...(s.segments.calibratedOutOfFoldBrier !== null ? { [`Brier score, ${s.segments.calibration}`]: s.segments.calibratedOutOfFoldBrier } : {}),
        'expected-value threshold (offer above it)': s.segments.expectedValueThreshold,
      },
      { caption: 'Probabilities the segments read', digits: 4 },
    ),
    tableHtml(s.segments.sizes.map((x) => ({ segment: x.name, rule: x.description, customers: x.size, share: x.share, 'mean P(drop)': x.meanDropProbability, 'profit at stake': x.profitAtStake })), { caption: `Segments (${s.segments.probabilitySource})` }),
    figure(
      'fig-segments',
      probabilityProfitPlane(input.dropProbability, input.profit, {
        segments: input.segmentation.assignment,
        ids: input.ids,
        ...(t ? { probabilityThresholds: [{ value: t.highRisk, label: 'high risk' }, { value: t.lowRisk, label: 'low risk' }], profitThresholds: [{ value: t.highProfit, label: 'high profit' }] } : {}),
        title: 'Drop probability × profit',
      }),
    ),
    keyValuesHtml(
      { file: s.model.file, calibration: s.model.calibration, 'test ROC-AUC': s.model.testRocAuc, 'test log loss': s.model.testLogLoss, 'test Brier': s.model.testBrier },
      { caption: 'The model file scoring uses (the chosen model with the adopted calibration)', digits: 4 },
    ),
    `<p class="note">Model file: ${escapeHtml(s.model.file)} (${escapeHtml(s.model.checksum)}), trained on ${escapeHtml(s.model.trainingFingerprint)}.</p>`,
  ];
  figures.push(...sections);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Study summary — В один клик</title>',
    '<style>body{font-family:"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}.note{color:#666;font-size:.9em}nav.report-toc{font-size:14px;background:#f6f8fa;border:1px solid #e1e4e8;border-radius:6px;padding:8px 14px;display:inline-block}nav.report-toc ul{margin:4px 0;padding-left:18px}nav.report-toc a{color:#1a5fb4;text-decoration:none}.toc-title{font-weight:600}</style>',
    `<script type="text/javascript">${plotlyBundle().replace(/<\/script/gi, '<\\/script')}</script>`,
    '</head><body>',
    ...figures,
    '</body></html>',
    '',
  ].join('\n');
}
