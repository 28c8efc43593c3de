/**
 * `npm run check:reports [-- --dir reports]`: opens every HTML report (full, brief and the index) in
 * headless Debian Chromium through playwright-core (no browser download) and fails when
 *   - a plotly chart did not draw (every chart container must hold plotly's `svg.main-svg`),
 *   - the page logged a console error or threw,
 *   - the page tried to load anything from the network (only file: and data: URLs are allowed; every
 *     other request is aborted and counted),
 *   - the report is partial (its notebook failed part-way: the template's failure banner is on the page).
 * Prints one line per report and saves a screenshot of the index to reports/index.png.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FIGURE_CLASS } from '../lib/report/display';

const PROJECT_ROOT = resolve(__dirname, '..');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** What one page showed. */
interface PageCheck {
  file: string;
  charts: number;
  drawn: number;
  problems: string[];
  seconds: number;
}

function parseArgs(argv: string[]): { dir: string } {
  let dir = join(PROJECT_ROOT, 'reports');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--dir' && argv[i + 1]) dir = resolve(argv[++i]!);
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run check:reports -- [--dir REPORTS]');
      process.exit(0);
    } else {
      console.error(`check-reports: unknown argument ${arg}`);
      process.exit(2);
    }
  }
  return { dir };
}

/** Report pages in study order, the index last. */
function reportFiles(dir: string): string[] {
  const pages = readdirSync(dir)
    .filter((name) => name.endsWith('.html') && name !== 'index.html')
    .sort();
  return existsSync(join(dir, 'index.html')) ? [...pages, 'index.html'] : pages;
}

async function checkPage(page: Page, dir: string, file: string): Promise<PageCheck> {
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
    const selector = JSON.stringify(`.${FIGURE_CLASS}, .js-plotly-plot`);
    const allDrawn = `Array.from(document.querySelectorAll(${selector})).every((el) => el.querySelector('svg.main-svg'))`;
    // Plotly draws during newPlot, but give late scripts a moment before judging.
    await page.waitForFunction(allDrawn, undefined, { timeout: 10_000 }).catch(() => undefined);
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
    return { file, charts: counts.charts, drawn: counts.drawn, problems, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    problems.push(`could not load: ${(error as Error).message.split('\n')[0]}`);
    return { file, charts: 0, drawn: 0, problems, seconds: (Date.now() - started) / 1000 };
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
  }
}

async function main(): Promise<void> {
  const { dir } = parseArgs(process.argv.slice(2));
  if (!existsSync(dir)) {
    console.error(`check-reports: ${relative(PROJECT_ROOT, dir) || dir} does not exist; run \`npm run notebooks\` first`);
    process.exit(1);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`check-reports: ${CHROMIUM} not found; apt-get install -y --no-install-recommends chromium`);
    process.exit(1);
  }
  const files = reportFiles(dir);
  if (!files.includes('index.html')) {
    console.error(`check-reports: no index.html in ${relative(PROJECT_ROOT, dir) || dir}; run \`npm run notebooks\` first`);
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
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const blocked = new Map<string, string[]>();
    let currentFile = '';
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) {
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
      const result = await checkPage(page, dir, file);
      for (const url of blocked.get(file) ?? []) result.problems.push(`network request: ${url.slice(0, 200)}`);
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
    await page.screenshot({ path: join(dir, 'index.png'), fullPage: true });
    await context.close();
  } finally {
    await browser?.close();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `Checked ${files.length} page(s) in ${seconds} s: ${files.length - failed} ok, ${failed} failed; screenshot ${relative(PROJECT_ROOT, join(dir, 'index.png')) || join(dir, 'index.png')}`,
  );
  if (failed > 0) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
