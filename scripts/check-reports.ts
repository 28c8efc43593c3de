/**
 * `npm run check:reports [-- --dir reports] [--screenshots DIR] [--chart-wait S]`: opens every HTML report
 * (full, brief and the index) in headless Debian Chromium through playwright-core (no browser download) and
 * fails when
 *   - a plotly chart did not draw (every chart container must hold plotly's `svg.main-svg`),
 *   - the page logged a console error or threw,
 *   - the page tried to load anything from the network or from outside the reports folder (only data:,
 *     blob: and file: URLs of files under the reports folder are allowed; every other request is aborted
 *     and counted),
 *   - the report is partial (its notebook failed part-way: the template's failure banner is on the page),
 *   - a brief report (`*.brief.html`, the version for business readers) shows a code cell,
 *   - a notebook report or study.html lacks its table of contents (`nav.report-toc`),
 *   - a brief page or the index (the pages for the store's managers) is not `<html lang="ru">`, or its visible
 *     text (chart texts included) holds a code identifier, a path, raw JSON or an English sentence
 *     (lib/report/reader-text.ts),
 *   - on any page, a chart's tick label is clipped (its box leaves the chart's drawing) or overlaps an axis title.
 * Prints one line per report and saves a screenshot of the index to reports/index.png; with `--screenshots
 * DIR` also the index and the first screen of a chart-rich brief report into DIR (the README's pictures).
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FIGURE_CLASS } from '../lib/report/display';
import { readerTextProblems } from '../lib/report/reader-text';
import { relativeInside } from './cli';

/** The page-side selector of a chart container (the study's figures and any plotly div), as a JS string literal. */
const CHART_SELECTOR = JSON.stringify(`.${FIGURE_CLASS}, .js-plotly-plot`);

const PROJECT_ROOT = resolve(__dirname, '..');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * How the lab template marks a code cell (`jp-CodeCell`) and its input (`jp-InputArea`: prompt and editor).
 * Markdown cells have a `jp-InputArea` too, but are no `jp-CodeCell`; a brief report is exported with
 * `exclude_input`, so none of its code cells may hold an input.
 */
const CODE_CELL_SELECTOR = '.jp-CodeCell';
const CODE_INPUT_SELECTOR = '.jp-InputArea, .jp-InputArea-editor';
/** The table of contents the report template (scripts/templates/report) puts on every notebook report. */
const TOC_SELECTOR = 'nav.report-toc';
/** A notebook report, full or brief (`NN_name.html`, `NN_name.brief.html`), or the study command's page: these need a table of contents (the index does not). */
const PAGE_WITH_CONTENTS = /^(\d\d_[^/]*|study)\.html$/;
/** The pages written for the store's managers: in Russian, no code on them. */
const READER_PAGE = /(\.brief\.html|^index\.html)$/;
/**
 * Page-side: every chart's tick labels that leave the chart's svg (clipped) or overlap an axis title, as
 * sentences. A pixel of tolerance: a label's box touching the edge is not cut.
 */
const CHART_GEOMETRY = `(() => {
  const out = [];
  const box = (el) => el.getBoundingClientRect();
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  for (const chart of document.querySelectorAll(${JSON.stringify('.js-plotly-plot')})) {
    const svg = chart.querySelector('svg.main-svg');
    if (!svg) continue;
    const area = box(svg);
    const name = (chart.id || 'chart') + ' «' + ((chart.querySelector('.gtitle') || {}).textContent || '') + '»';
    const titles = Array.from(chart.querySelectorAll('.g-xtitle text, .g-ytitle text, .g-y2title text, .g-x2title text')).filter((t) => box(t).width > 0);
    for (const label of chart.querySelectorAll('g.xtick text, g.ytick text, g.y2tick text, g.x2tick text')) {
      const r = box(label);
      if (r.width === 0 || !label.textContent) continue;
      if (r.left < area.left - 1 || r.right > area.right + 1 || r.top < area.top - 1 || r.bottom > area.bottom + 1) {
        out.push(name + ': tick label «' + label.textContent + '» is clipped');
      }
      for (const title of titles) if (overlap(r, box(title))) out.push(name + ': tick label «' + label.textContent + '» overlaps the axis title «' + title.textContent + '»');
    }
  }
  return out.slice(0, 12);
})()`;
/** Page-side: the text a reader sees, chart texts included (SVG text is not in innerText everywhere). */
const VISIBLE_TEXT = `(() => document.body.innerText + '\\n' + Array.from(document.querySelectorAll('svg text')).map((t) => t.textContent).join('\\n'))()`;

/** Brief reports tried, in order, for the README's picture of a report: chart-rich ones first. */
const SCREENSHOT_REPORTS = ['08_segmentation.brief.html', '03_eda.brief.html'];
/** A full-page screenshot of the index larger than this is replaced by its first screen. */
const INDEX_SCREENSHOT_MAX_BYTES = 500_000;
const VIEWPORT = { width: 1200, height: 900 };
/** Pixels kept above the first chart in the charts screenshot, for the heading or text that introduces it. */
const CHART_SCREENSHOT_MARGIN = 120;

/** What one page showed. */
interface PageCheck {
  file: string;
  charts: number;
  drawn: number;
  problems: string[];
  seconds: number;
}

interface Options {
  dir: string;
  /** Where to save the README's screenshots, or null for none. */
  screenshots: string | null;
  /** How long to wait for undrawn charts before judging them, in milliseconds. */
  chartWaitMs: number;
}

const USAGE = `usage: npm run check:reports -- [--dir REPORTS] [--screenshots DIR] [--chart-wait SECONDS]

  --dir PATH          folder of the reports (default reports/)
  --screenshots DIR   also save index.png and the first screen of a chart-rich brief report into DIR
  --chart-wait S      seconds to wait for a chart to draw before calling it blank (default 10)`;

function usageError(message: string): never {
  console.error(`check-reports: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const options: Options = { dir: join(PROJECT_ROOT, 'reports'), screenshots: null, chartWaitMs: 10_000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) usageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--dir') options.dir = resolve(value());
    else if (arg === '--screenshots') options.screenshots = resolve(value());
    else if (arg === '--chart-wait') {
      const seconds = Number(value());
      if (!Number.isFinite(seconds) || seconds < 0) usageError('--chart-wait expects a number of seconds ≥ 0');
      options.chartWaitMs = seconds * 1000;
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      usageError(`unknown argument ${arg}`);
    }
  }
  return options;
}

/** Whether a request stays inside the reports folder: a report must open from any copy of that folder alone. */
function allowedUrl(url: string, dir: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  if (!url.startsWith('file:')) return false;
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch {
    return false;
  }
  const inside = relativeInside(dir, path);
  return inside !== null && inside !== '';
}

/** Counts matches of a CSS selector on the page (page-side code is a string: tsconfig has no DOM types). */
async function count(page: Page, selector: string): Promise<number> {
  return (await page.evaluate(`document.querySelectorAll(${JSON.stringify(selector)}).length`)) as number;
}

/** Report pages in study order, the index last. */
function reportFiles(dir: string): string[] {
  const pages = readdirSync(dir)
    .filter((name) => name.endsWith('.html') && name !== 'index.html')
    .sort();
  return existsSync(join(dir, 'index.html')) ? [...pages, 'index.html'] : pages;
}

async function checkPage(page: Page, dir: string, file: string, chartWaitMs: number): Promise<PageCheck> {
  const started = Date.now();
  const problems: string[] = [];
  const onConsole = (message: { type(): string; text(): string }): void => {
    if (message.type() === 'error') problems.push(`console error: ${message.text().slice(0, 300)}`);
  };
  const onPageError = (error: Error): void => {
    problems.push(`uncaught exception: ${error.message.slice(0, 300)}`);
  };
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  try {
    await page.goto(pathToFileURL(join(dir, file)).href, { waitUntil: 'load', timeout: 60_000 });
    // The page-side code is a string: tsconfig has no DOM types, and this is the only browser code here.
    const selector = CHART_SELECTOR;
    const allDrawn = `Array.from(document.querySelectorAll(${selector})).every((el) => el.querySelector('svg.main-svg'))`;
    // Plotly draws during newPlot, but give late scripts a moment before judging.
    await page.waitForFunction(allDrawn, undefined, { timeout: chartWaitMs }).catch(() => undefined);
    const counts = (await page.evaluate(`(() => {
      const charts = Array.from(document.querySelectorAll(${selector}));
      const missing = charts.filter((el) => !el.querySelector('svg.main-svg')).map((el) => el.id || el.className);
      return { charts: charts.length, drawn: charts.length - missing.length, missing };
    })()`)) as { charts: number; drawn: number; missing: string[] };
    for (const id of counts.missing) problems.push(`chart ${id} did not draw (no svg.main-svg)`);
    // The export template puts this banner on the report of a notebook that failed part-way.
    const failure = (await page.evaluate(
      `(() => { const el = document.querySelector('.report-failure strong'); return el ? el.textContent : null; })()`,
    )) as string | null;
    if (failure) problems.push(`partial report: ${failure.replace(/\s+/g, ' ').trim()}`);
    if (file.endsWith('.brief.html')) {
      const codeCells = (await page.evaluate(
        `Array.from(document.querySelectorAll(${JSON.stringify(CODE_CELL_SELECTOR)})).filter((cell) => cell.querySelector(${JSON.stringify(CODE_INPUT_SELECTOR)})).length`,
      )) as number;
      if (codeCells > 0) problems.push(`code in a brief report: ${codeCells} code cell(s) with their input (${CODE_CELL_SELECTOR} .jp-InputArea)`);
    }
    for (const problem of (await page.evaluate(CHART_GEOMETRY)) as string[]) problems.push(problem);
    if (READER_PAGE.test(file)) {
      const lang = (await page.evaluate('document.documentElement.lang')) as string;
      if (lang !== 'ru') problems.push(`a page for the store's managers must be <html lang="ru">, is ${JSON.stringify(lang)}`);
      const text = (await page.evaluate(VISIBLE_TEXT)) as string;
      for (const p of readerTextProblems(text, { russian: true, limit: 12 })) problems.push(`${p.rule} on a reader's page: «${p.found}»`);
    }
    if (PAGE_WITH_CONTENTS.test(file) && (await count(page, TOC_SELECTOR)) === 0) {
      problems.push(`no table of contents (${TOC_SELECTOR})`);
    }
    return { file, charts: counts.charts, drawn: counts.drawn, problems, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    problems.push(`could not load: ${(error as Error).message.split('\n')[0]}`);
    return { file, charts: 0, drawn: 0, problems, seconds: (Date.now() - started) / 1000 };
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
  }
}

/**
 * The README's pictures: the index (full page, or its first screen when that would be too heavy for the
 * repository), the first screen of a chart-rich brief report, and one screen of that report's first charts.
 * `full` is the index's full-page screenshot the check already took; the page still shows the index.
 * Returns the files written.
 */
async function saveScreenshots(page: Page, dir: string, files: readonly string[], into: string, full: Buffer): Promise<string[]> {
  mkdirSync(into, { recursive: true });
  const written: string[] = [];
  const indexPath = join(into, 'index.png');
  writeFileSync(indexPath, full.length <= INDEX_SCREENSHOT_MAX_BYTES ? full : await page.screenshot({ fullPage: false }));
  written.push(indexPath);
  const report = SCREENSHOT_REPORTS.find((name) => files.includes(name)) ?? files.find((name) => name.endsWith('.brief.html'));
  if (report) {
    await page.goto(pathToFileURL(join(dir, report)).href, { waitUntil: 'load' });
    const stem = report.replace(/\.html$/, '');
    const firstScreen = join(into, `${stem}.png`);
    await page.screenshot({ path: firstScreen, fullPage: false });
    written.push(firstScreen);
    // The header and table of contents fill the first screen of every report, so the charts get a picture of
    // their own: one screen from just above the first chart.
    const selector = CHART_SELECTOR;
    const chartTop = (await page.evaluate(
      `(() => { const el = document.querySelector(${selector}); return el ? el.getBoundingClientRect().top + window.scrollY : null; })()`,
    )) as number | null;
    if (chartTop !== null && chartTop > VIEWPORT.height / 2) {
      const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
      const y = Math.max(0, Math.min(chartTop - CHART_SCREENSHOT_MARGIN, height - VIEWPORT.height));
      const charts = join(into, `${stem}.charts.png`);
      await page.screenshot({ path: charts, fullPage: true, clip: { x: 0, y, width: VIEWPORT.width, height: VIEWPORT.height } });
      written.push(charts);
    }
  }
  return written;
}

/** A path as printed: relative to the project when inside it, else absolute. */
function shown(path: string): string {
  const inProject = relativeInside(PROJECT_ROOT, path);
  return inProject === null || inProject === '' ? path : inProject;
}

async function main(): Promise<void> {
  const { dir, screenshots, chartWaitMs } = parseArgs(process.argv.slice(2));
  if (!existsSync(dir)) {
    console.error(`check-reports: ${shown(dir)} does not exist; run \`npm run notebooks\` first`);
    process.exit(1);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`check-reports: ${CHROMIUM} not found; apt-get install -y --no-install-recommends chromium`);
    process.exit(1);
  }
  const files = reportFiles(dir);
  if (!files.includes('index.html')) {
    console.error(`check-reports: no index.html in ${shown(dir)}; run \`npm run notebooks\` first`);
    process.exit(1);
  }
  const started = Date.now();
  let browser: Browser | undefined;
  let failed = 0;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        // Playwright gives the browser its own throwaway profile (--user-data-dir is not allowed here).
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const context = await browser.newContext({ viewport: VIEWPORT });
    const blocked = new Map<string, string[]>();
    let currentFile = '';
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (allowedUrl(url, dir)) {
        await route.continue();
        return;
      }
      const list = blocked.get(currentFile) ?? [];
      list.push(url);
      blocked.set(currentFile, list);
      await route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    for (const file of files) {
      currentFile = file;
      const result = await checkPage(page, dir, file, chartWaitMs);
      for (const url of blocked.get(file) ?? []) {
        const what = url.startsWith('file:') ? 'request outside the reports folder' : 'network request';
        result.problems.push(`${what}: ${url.slice(0, 200)}`);
      }
      // An aborted request also logs a console error; the network line above says it better.
      const problems = blocked.has(file)
        ? result.problems.filter((problem) => !problem.includes('ERR_BLOCKED_BY_CLIENT'))
        : result.problems;
      const charts = result.charts > 0 ? `${result.drawn}/${result.charts} charts drawn` : 'no charts';
      if (problems.length === 0) {
        console.log(`  ok      ${file.padEnd(34)} ${charts}, ${result.seconds.toFixed(1)} s`);
      } else {
        failed++;
        console.log(`  FAILED  ${file.padEnd(34)} ${charts}, ${result.seconds.toFixed(1)} s`);
        for (const problem of problems) console.log(`          - ${problem}`);
      }
    }
    currentFile = 'index.html';
    await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });
    const indexShot = await page.screenshot({ path: join(dir, 'index.png'), fullPage: true });
    if (screenshots !== null) {
      for (const path of await saveScreenshots(page, dir, files, screenshots, indexShot)) {
        console.log(`  screenshot ${shown(path)} (${Math.round(statSync(path).size / 1024)} KB)`);
      }
    }
    await context.close();
  } finally {
    await browser?.close();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `Checked ${files.length} page(s) in ${seconds} s: ${files.length - failed} ok, ${failed} failed; screenshot ${shown(join(dir, 'index.png'))}`,
  );
  if (failed > 0) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
