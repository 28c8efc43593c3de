/**
 * The browser check (scripts/check-reports.ts) run as a child process over tiny hand-written pages, one
 * fault each, in a temporary reports folder: it must exit 1, name every faulty page with its reason, pass
 * the clean page, and still save the index screenshot. Needs Debian's Chromium; skipped without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FIGURE_CLASS } from '../../lib/report/display';

const PROJECT_ROOT = resolve(__dirname, '..', '..');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SKIP = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found (apt-get install -y --no-install-recommends chromium)`;

const TOC = '<nav class="report-toc"><div class="toc-title">Contents</div><ul><li><a href="#t">Title</a></li></ul></nav>';
/** A markdown cell as the lab template writes it: it has a jp-InputArea, which is not code. */
const MARKDOWN_CELL =
  '<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell"><div class="jp-Cell-inputWrapper"><div class="jp-InputArea jp-Cell-inputArea">' +
  '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput"><h1 id="t">Title</h1></div></div></div></div>';
/** A code cell with its input, as in a full report. */
const CODE_CELL =
  '<div class="jp-Cell jp-CodeCell jp-Notebook-cell"><div class="jp-Cell-inputWrapper"><div class="jp-InputArea jp-Cell-inputArea">' +
  '<div class="jp-InputPrompt jp-InputArea-prompt">In&nbsp;[1]:</div><div class="jp-CodeMirrorEditor jp-Editor jp-InputArea-editor">' +
  '<div class="highlight"><pre>const x = 1;</pre></div></div></div></div></div>';
/** A code cell exported without its input (exclude_input), as in a brief report. */
const OUTPUT_ONLY_CELL =
  '<div class="jp-Cell jp-CodeCell jp-Notebook-cell jp-mod-noInput"><div class="jp-Cell-outputWrapper"><div class="jp-OutputArea jp-Cell-outputArea">' +
  '<div class="jp-OutputArea-output"><p>42 customers</p></div></div></div></div>';

function page(title: string, body: string, lang = 'en'): string {
  return `<!DOCTYPE html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>\n`;
}

/** A plotly chart whose long category labels get no room (a fixed 5 px left margin, no automargin). */
const CLIPPED_CHART =
  '<script src="plotly.min.js"></script><div class="js-plotly-plot" id="fig-clipped"></div><script>Plotly.newPlot("fig-clipped", ' +
  '[{type: "bar", orientation: "h", x: [1, 2], y: ["Неоплаченных товаров в корзине (квартал)", "Страниц за визит"]}], ' +
  '{width: 500, height: 300, margin: {l: 5, r: 5, t: 5, b: 30}, yaxis: {automargin: false}});</script>';

/** The check's report: file → problems, for every page it printed (ok pages have none). */
function parseOutput(stdout: string): { ok: Set<string>; failed: Map<string, string[]> } {
  const ok = new Set<string>();
  const failed = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of stdout.split('\n')) {
    const verdict = /^\s+(ok|FAILED)\s+(\S+)/.exec(line);
    if (verdict) {
      current = null;
      if (verdict[1] === 'ok') ok.add(verdict[2]!);
      else failed.set(verdict[2]!, (current = []));
      continue;
    }
    const problem = /^\s+- (.*)$/.exec(line);
    if (problem && current) current.push(problem[1]!);
  }
  return { ok, failed };
}

test('check-reports fails each faulty page with its reason, passes a clean one, and saves the index screenshot', { skip: SKIP, timeout: 180_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'check-reports-test-'));
  try {
    const dir = join(root, 'reports');
    mkdirSync(dir);
    // A file next to the reports folder, not in it: a report must not load it.
    writeFileSync(join(root, 'outside.txt'), 'not part of the reports\n');
    const pages: Record<string, string> = {
      '01_blank.html': page('blank', TOC + MARKDOWN_CELL + `<div class="${FIGURE_CLASS}" id="fig-blank"></div>`),
      '02_console.html': page('console', TOC + MARKDOWN_CELL + '<script>console.error("boom from the test page")</script>'),
      '03_network.html': page('network', TOC + MARKDOWN_CELL + '<img src="http://example.invalid/x.png" alt="">'),
      '04_code.brief.html': page('code', TOC + MARKDOWN_CELL + CODE_CELL, 'ru'),
      '05_notoc.html': page('no toc', MARKDOWN_CELL + OUTPUT_ONLY_CELL),
      '06_outside.html': page('outside', TOC + MARKDOWN_CELL + '<iframe src="../outside.txt"></iframe>'),
      '07_clean.brief.html': page('clean', TOC + MARKDOWN_CELL + OUTPUT_ONLY_CELL, 'ru'),
      '08_words.brief.html': page('words', TOC + '<p>Сегмент highRiskHighProfit</p>', 'ru'),
      '08_english.brief.html': page('english', TOC + '<p>The study in one place.</p>', 'ru'),
      '08_lang.brief.html': page('lang', TOC + '<p>Кратко.</p>', 'en'),
      '09_clipped.html': page('clipped', TOC + CLIPPED_CHART),
      '07_clean.html': page('clean', TOC + MARKDOWN_CELL + CODE_CELL + OUTPUT_ONLY_CELL),
      'index.html': page('index', '<h1>Отчёты исследования</h1><a href="07_clean.html">07</a>', 'ru'),
    };
    for (const [name, html] of Object.entries(pages)) writeFileSync(join(dir, name), html);
    copyFileSync(require.resolve('plotly.js-dist-min/plotly.min.js'), join(dir, 'plotly.min.js'));

    const run = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts', 'check-reports.ts'), '--dir', dir, '--chart-wait', '0.5'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      timeout: 170_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.status, 1, `expected exit 1, got ${run.status}:\n${output}`);
    const { ok, failed } = parseOutput(run.stdout);
    const reasons = (file: string): string => {
      assert.ok(failed.has(file), `${file} should be FAILED:\n${output}`);
      return failed.get(file)!.join('\n');
    };
    assert.match(reasons('01_blank.html'), /chart fig-blank did not draw/);
    assert.match(reasons('02_console.html'), /console error: boom from the test page/);
    assert.match(reasons('03_network.html'), /network request: http:\/\/example\.invalid\/x\.png/);
    assert.match(reasons('04_code.brief.html'), /code in a brief report: 1 code cell\(s\) with their input/);
    assert.match(reasons('05_notoc.html'), /no table of contents \(nav\.report-toc\)/);
    assert.match(reasons('06_outside.html'), /request outside the reports folder: file:\/\/.*\/outside\.txt/);
    assert.match(reasons('08_words.brief.html'), /code identifier on a reader's page: «highRiskHighProfit»/);
    assert.match(reasons('08_english.brief.html'), /English sentence on a reader's page: «The study in one place»/);
    assert.match(reasons('08_lang.brief.html'), /must be <html lang="ru">, is "en"/);
    assert.match(reasons('09_clipped.html'), /fig-clipped .*tick label «Неоплаченных товаров в корзине \(квартал\)» is clipped/);
    // Each faulty page fails for its own fault only.
    for (const [file, problems] of failed) if (file !== '09_clipped.html') assert.equal(problems.length, 1, `${file}: ${problems.join('; ')}`);
    assert.deepEqual([...ok].sort(), ['07_clean.brief.html', '07_clean.html', 'index.html']);
    assert.equal(failed.size, 10);
    assert.match(run.stdout, /Checked 13 page\(s\) in [\d.]+ s: 3 ok, 10 failed/);
    assert.ok(statSync(join(dir, 'index.png')).size > 0, 'index.png written');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
