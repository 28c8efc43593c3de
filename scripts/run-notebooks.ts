/**
 * `npm run notebooks [-- 03 05] [--timeout 600]`: runs the study's notebooks headless, in order, each in a
 * fresh tslab kernel, and writes self-contained HTML reports into reports/:
 *   reports/NN_name.html        full report (code and outputs)
 *   reports/NN_name.brief.html  summary without code cells
 *   reports/index.html          the study for the store's managers, in Russian: the decision first, headline numbers, links
 *   reports/facts.html          for reviewers: the build (commit, time) and every fact the notebooks recorded
 *   reports/run.json            status and timings of every notebook's latest build
 *
 * Execution and export are done by scripts/nbrun.py (Debian's nbclient and nbconvert under /usr/bin/python3);
 * notebooks/ is only read, never written. A failing cell prints the notebook, the cell number and tslab's
 * real error text, the partial report is still written, and the command exits 1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { stepLabel } from '../lib/core/labels';
import { defaultWorkerCount } from '../lib/core/parallelism';
import { readFacts } from '../lib/report/facts';
import { type IndexModel, type NotebookReportEntry, renderFactsPage, renderIndex, reportFileNames } from '../lib/report/html';
import { relativeInside } from './cli';
import { tslabDiagnostics } from './tslab-check';

const PROJECT_ROOT = resolve(__dirname, '..');
const PYTHON = '/usr/bin/python3';
const DEBIAN_DIST_PACKAGES = '/usr/lib/python3/dist-packages';
const DEBIAN_JUPYTER_MODULES = ['nbclient', 'nbconvert'];
// The study's last stage (lib/study/stages): its artefact in the run folder means the whole study has run there.
const LAST_STAGE = 'offers';
const NOTEBOOK_NAME = /^(\d\d)_[A-Za-z0-9_-]+\.ipynb$/;

interface Options {
  notebooksDir: string;
  reportsDir: string;
  timeoutSeconds: number;
  /** Notebooks run at once, each in its own kernel (1 = one after another); null: decided by the run folder. */
  jobs: number | null;
  only: string[];
}

interface NbrunResult {
  ok: boolean;
  cells: number;
  codeCells: number;
  cellSeconds: { index: number; codeCell: number; seconds: number }[];
  failedCell: { index: number; codeCell: number; source: string } | null;
  error: string | null;
  kernelStartSeconds: number | null;
  executeSeconds: number;
  totalSeconds: number;
  headings: { level: number; id: string; text: string }[];
}

interface RunFile {
  notebooks: Record<string, NotebookReportEntry>;
}

const USAGE = `usage: npm run notebooks -- [NN ...] [--timeout SECONDS] [--jobs N] [--dir NOTEBOOKS] [--out REPORTS]

  NN ...            run only the notebooks whose number (or name) is given, e.g. 03 05
  --timeout S       seconds allowed per cell (default 600)
  --jobs N          notebooks run at once, each in its own kernel (default: cores + 1 when the run
                    folder holds the study's last stage, so the notebooks only read the stages; else 1, so
                    two notebooks do not compute the same missing stage side by side)
  --dir PATH        folder of the notebooks (default notebooks/)
  --out PATH        folder of the reports (default reports/)`;

function parseOptions(argv: string[]): Options {
  const options: Options = {
    notebooksDir: join(PROJECT_ROOT, 'notebooks'),
    reportsDir: join(PROJECT_ROOT, 'reports'),
    timeoutSeconds: 600,
    jobs: null,
    only: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) fail(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg === '--timeout') {
      const seconds = Number(value());
      if (!Number.isFinite(seconds) || seconds <= 0) fail(`--timeout expects a positive number of seconds\n${USAGE}`);
      options.timeoutSeconds = seconds;
    } else if (arg === '--jobs') {
      const jobs = Number(value());
      if (!Number.isInteger(jobs) || jobs < 1) fail(`--jobs expects a whole number ≥ 1\n${USAGE}`);
      options.jobs = jobs;
    } else if (arg === '--dir') {
      options.notebooksDir = resolve(value());
    } else if (arg === '--out') {
      options.reportsDir = resolve(value());
    } else if (arg.startsWith('-')) {
      fail(`unknown option ${arg}\n${USAGE}`);
    } else {
      options.only.push(arg.replace(/\.ipynb$/, ''));
    }
  }
  return options;
}

/**
 * Notebooks run at once when --jobs is not given: one more than the cores once the study has run into this
 * reports folder (its last stage's artefact is in run/; the notebooks then read the stages), else one at a
 * time. One more, because a kernel spends part of its life waiting (its start, ZeroMQ round trips, the HTML
 * export in nbrun.py): on 2 cores, 3 jobs built the nine reports in 7.9-8.9 s against 9.3-10.6 s (warm cell cache).
 */
function defaultJobs(reportsDir: string): number {
  return existsSync(join(reportsDir, 'run', `${LAST_STAGE}.json`)) ? defaultWorkerCount() + 1 : 1;
}

/** A path as printed: relative to the project when inside it (`.` for the root), else absolute. */
function shownPath(path: string): string {
  const inProject = relativeInside(PROJECT_ROOT, path);
  if (inProject === '') return '.';
  return inProject ?? path;
}

function fail(message: string): never {
  console.error(`run-notebooks: ${message}`);
  process.exit(2);
}

/** The study's notebooks (NN_name.ipynb), in number order. */
function listNotebooks(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => NOTEBOOK_NAME.test(name))
    .sort();
}

function selected(name: string, only: string[]): boolean {
  if (only.length === 0) return true;
  const stem = name.replace(/\.ipynb$/, '');
  return only.some((wanted) => stem === wanted || stem.startsWith(`${wanted}_`) || stem.slice(0, 2) === wanted.padStart(2, '0'));
}

function git(args: string[]): string | null {
  const result = spawnSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

function commitDescription(): string {
  const hash = git(['rev-parse', '--short=10', 'HEAD']);
  if (!hash) return 'unknown (not a git checkout)';
  const subject = git(['log', '-1', '--format=%s']) ?? '';
  const dirty = git(['status', '--porcelain', '--untracked-files=no']);
  return `${hash}${dirty ? ' + uncommitted changes' : ''}${subject ? ` — ${subject}` : ''}`;
}

function preflight(): void {
  const problems: string[] = [];
  if (!existsSync(PYTHON)) problems.push(`${PYTHON} not found: apt-get install -y --no-install-recommends jupyter-nbconvert`);
  else if (!DEBIAN_JUPYTER_MODULES.every((module) => existsSync(join(DEBIAN_DIST_PACKAGES, module, '__init__.py')))) {
    // Debian's packages (what .ci/run installs) are found without starting Python, 0.5 s of every build;
    // anywhere else Python is asked.
    const check = spawnSync(PYTHON, ['-c', 'import nbclient, nbconvert'], { encoding: 'utf8' });
    if (check.status !== 0) problems.push(`nbclient/nbconvert missing under ${PYTHON}: apt-get install -y --no-install-recommends jupyter-nbconvert`);
  }
  if (!existsSync(join(PROJECT_ROOT, 'node_modules', 'tslab', 'dist', 'main.js'))) problems.push('node_modules/tslab missing: run npm ci');
  if (problems.length > 0) fail(problems.join('\n'));
}

/** Drops tslab's and Node's own frames from a stack: the reader needs the cell's lines. */
function tidyError(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s+at .*(node:vm|node:internal|node_modules[\\/](tslab|commander)[\\/]|sigintHandlersWrap)/.test(line))
    .join('\n')
    .trim();
}

/**
 * tslab prints some type errors of imported files as bare `line:col - message` (it drops the file name of
 * chained diagnostics), and the project's tsc may accept that code (tslab compiles with TypeScript 5.0).
 * A line beyond the cell's last line cannot be in the cell: name the files by checking lib/ with tslab's
 * compiler (scripts/tslab-check.ts), once per run.
 */
let tslabCheckLines: string[] | null = null;
function importedFileHint(result: NbrunResult): string | null {
  if (!result.failedCell || !result.error) return null;
  const cellLines = result.failedCell.source.split('\n').length;
  const bare = [...result.error.matchAll(/^(\d+):\d+ - /gm)].some((match) => Number(match[1]) > cellLines);
  if (!bare) return null;
  if (tslabCheckLines === null) {
    try {
      const { typescript, diagnostics } = tslabDiagnostics(PROJECT_ROOT);
      tslabCheckLines = [`lib/ checked with tslab's TypeScript ${typescript} (scripts/tslab-check.ts):`, ...diagnostics];
    } catch (error) {
      tslabCheckLines = [`(could not run scripts/tslab-check.ts: ${(error as Error).message})`];
    }
  }
  return tslabCheckLines.join('\n');
}

function indent(text: string, prefix = '    '): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

interface NotebookJob {
  notebook: string;
  htmlFull: string;
  htmlBrief: string;
  result: string;
  meta: Record<string, string>;
  env: Record<string, string>;
}

/**
 * Runs every notebook of the build through one scripts/nbrun.py process (Python, nbconvert's templates and
 * nbformat's validators load once; each notebook still gets its own fresh kernel, `options.jobs` at a time).
 * Returns one promise per notebook, resolved when nbrun.py reports that notebook done.
 */
function runBatch(notebookPaths: string[], options: Options, metaOf: (k: number) => Record<string, string>, workDir: string): Promise<{ result: NbrunResult; log: string }>[] {
  const jobs: NotebookJob[] = notebookPaths.map((notebookPath, k) => {
    const name = basename(notebookPath, '.ipynb');
    const files = reportFileNames(name);
    return {
      notebook: notebookPath,
      htmlFull: join(options.reportsDir, files.full),
      htmlBrief: join(options.reportsDir, files.brief),
      result: join(workDir, `${name}.result.json`),
      meta: { ...metaOf(k), title: name, notebook: `notebooks/${name}.ipynb`, full_href: files.full, brief_href: files.brief },
      env: { REPORT_NOTEBOOK: name },
    };
  });
  const batchPath = join(workDir, 'batch.json');
  writeFileSync(batchPath, JSON.stringify(jobs), 'utf8');
  const args = [
    join(PROJECT_ROOT, 'scripts', 'nbrun.py'),
    '--batch', batchPath,
    '--jobs', String(options.jobs),
    '--cwd', PROJECT_ROOT,
    '--timeout', String(Math.ceil(options.timeoutSeconds)),
    '--template-dir', join(PROJECT_ROOT, 'scripts', 'templates'),
    '--plotly', require.resolve('plotly.js-dist-min/plotly.min.js'),
  ];
  const env = {
    ...process.env,
    JUPYTER_PATH: join(PROJECT_ROOT, 'jupyter'),
    REPORT_BUILD: '1',
    REPORTS_DIR: options.reportsDir,
    PYTHONUNBUFFERED: '1',
  };
  const settle: ((done: { result: NbrunResult; log: string }) => void)[] = [];
  const promises = jobs.map((_, k) => new Promise<{ result: NbrunResult; log: string }>((resolvePromise) => (settle[k] = resolvePromise)));
  const settled = new Set<number>();
  let log = '';
  const finish = (k: number, exitCode: number | null): void => {
    if (settled.has(k)) return;
    settled.add(k);
    const job = jobs[k]!;
    let result: NbrunResult;
    if (existsSync(job.result)) {
      result = JSON.parse(readFileSync(job.result, 'utf8')) as NbrunResult;
    } else {
      result = {
        ok: false, cells: 0, codeCells: 0, cellSeconds: [], failedCell: null,
        error: `scripts/nbrun.py exited with code ${exitCode} before writing the result of ${basename(job.notebook)}`,
        kernelStartSeconds: null, executeSeconds: 0, totalSeconds: 0, headings: [],
      };
    }
    settle[k]!({ result, log });
  };
  const child = spawn(PYTHON, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      const done = /^\{"done": (\d+)\}$/.exec(line.trim());
      if (done) finish(Number(done[1]), null);
      else log += `${line}\n`;
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.on('close', (code) => {
    if (pending.trim()) log += pending;
    jobs.forEach((_, k) => finish(k, code));
  });
  return promises;
}

function readRunFile(path: string): RunFile {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as RunFile;
    return parsed && typeof parsed.notebooks === 'object' ? parsed : { notebooks: {} };
  } catch {
    return { notebooks: {} };
  }
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, 'utf8');
  renameSync(temporary, path);
}

async function main(): Promise<void> {
  const parsed = parseOptions(process.argv.slice(2));
  const options = { ...parsed, jobs: parsed.jobs ?? defaultJobs(parsed.reportsDir) };
  preflight();
  const all = listNotebooks(options.notebooksDir);
  const chosen = all.filter((name) => selected(name, options.only));
  if (options.only.length > 0 && chosen.length === 0) {
    fail(`no notebook in ${shownPath(options.notebooksDir)} matches ${options.only.join(', ')}`);
  }
  mkdirSync(options.reportsDir, { recursive: true });
  const runPath = join(options.reportsDir, 'run.json');
  const fullRun = options.only.length === 0;
  if (fullRun) {
    // A full build starts from no facts, so a fact from a removed cell cannot linger on the index.
    rmSync(join(options.reportsDir, 'facts.json'), { force: true });
  }
  const run: RunFile = fullRun ? { notebooks: {} } : readRunFile(runPath);
  const builtAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const commit = commitDescription();
  const meta = { built_at: builtAt, built_date: builtAt.slice(0, 10), commit };
  const workDir = mkdtempSync(join(tmpdir(), 'run-notebooks-'));

  console.log(`Running ${chosen.length} of ${all.length} notebook(s) from ${shownPath(options.notebooksDir)} → ${shownPath(options.reportsDir)} (timeout ${options.timeoutSeconds} s per cell)`);
  const started = Date.now();
  const failures: string[] = [];
  // Notebooks run `options.jobs` at a time (each in its own kernel); their results are printed in study order.
  const runs = runBatch(chosen.map((file) => join(options.notebooksDir, file)), options, (k) => {
    const file = chosen[k]!;
    // Previous/next links follow the study order of all notebooks, not just the ones run now.
    const position = all.indexOf(file);
    const neighbour = (at: number): string => (all[at] ? basename(all[at]!, '.ipynb') : '');
    const prev = neighbour(position - 1);
    const following = neighbour(position + 1);
    // The brief names the steps in Russian (the index's words), never by file name.
    return { ...meta, prev, next: following, prev_label: prev && stepLabel(prev), next_label: following && stepLabel(following), step_label: stepLabel(basename(file, '.ipynb')) };
  }, workDir);
  for (let k = 0; k < chosen.length; k++) {
    const file = chosen[k]!;
    const name = basename(file, '.ipynb');
    const { result, log } = await runs[k]!;
    const kernel = result.kernelStartSeconds !== null ? `kernel ${result.kernelStartSeconds.toFixed(1)} s, ` : '';
    const slowest = result.cellSeconds.reduce<NbrunResult['cellSeconds'][number] | null>(
      (worst, cell) => (worst === null || cell.seconds > worst.seconds ? cell : worst),
      null,
    );
    const slowNote = slowest && slowest.seconds >= 5 ? `, slowest: cell ${slowest.index} ${slowest.seconds.toFixed(1)} s` : '';
    const timing = `${result.totalSeconds.toFixed(1)} s (${kernel}${result.codeCells} code cells${slowNote})`;
    run.notebooks[name] = {
      name,
      ...(result.headings[0] ? { title: result.headings[0].text } : {}),
      status: result.ok ? 'ok' : 'failed',
      ...(result.failedCell ? { failedCell: result.failedCell.index } : {}),
      ...(result.error ? { error: tidyError(result.error) } : {}),
      seconds: result.totalSeconds,
      builtAt,
    };
    if (result.ok) {
      console.log(`  ok      ${name.padEnd(24)} ${timing}`);
      continue;
    }
    failures.push(name);
    const shown = shownPath(join(options.notebooksDir, file));
    console.log(`  FAILED  ${name.padEnd(24)} ${timing}`);
    if (result.failedCell) {
      console.error(`\n  ${shown}: cell ${result.failedCell.index} (code cell ${result.failedCell.codeCell}) failed:`);
      console.error(indent(result.failedCell.source.split('\n').slice(0, 12).join('\n'), '    | '));
    } else {
      console.error(`\n  ${shown}: failed`);
    }
    console.error(indent(tidyError(result.error ?? 'no error text')));
    const hint = importedFileHint(result);
    if (hint) console.error(indent(hint));
    if (!result.failedCell && log.trim()) console.error(indent(log.trim().split('\n').slice(-20).join('\n'), '    nbrun: '));
    console.error(`  partial reports: ${shownPath(join(options.reportsDir, reportFileNames(name).full))}\n`);
    }
  rmSync(workDir, { recursive: true, force: true });

  // The index lists every notebook present, with its latest build (this run or an earlier subset run).
  const entries: NotebookReportEntry[] = all.map((file) => {
    const name = basename(file, '.ipynb');
    return run.notebooks[name] ?? { name, status: 'not run' };
  });
  run.notebooks = Object.fromEntries(entries.filter((entry) => entry.status !== 'not run').map((entry) => [entry.name, entry]));
  writeAtomically(runPath, `${JSON.stringify(run, null, 2)}\n`);
  // Facts in study order (notebooks that ran side by side recorded theirs interleaved), recording order within one.
  const recorded = Object.entries(readFacts(join(options.reportsDir, 'facts.json')).facts);
  const order = (fact: { notebook?: string }): number => (fact.notebook === undefined ? -1 : all.indexOf(`${fact.notebook}.ipynb`));
  const facts = Object.fromEntries(recorded.map((entry, i) => ({ entry, i })).sort((x, y) => order(x.entry[1]) - order(y.entry[1]) || x.i - y.i).map((x) => x.entry));
  const indexModel: IndexModel = {
    title: '«В один клик»: who will buy less — study facts',
    builtAt,
    commit,
    node: process.version,
    facts,
    notebooks: entries,
    otherPages: existsSync(join(options.reportsDir, 'study.html'))
      ? [{ href: 'study.html', label: 'The whole study on one page (study.html, written by npm start / npm run study)', labelRu: 'Всё исследование на одной странице (по-английски)' }]
      : [],
  };
  writeAtomically(join(options.reportsDir, 'facts.html'), renderFactsPage(indexModel));
  writeAtomically(join(options.reportsDir, 'index.html'), renderIndex(indexModel));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`Wrote ${shownPath(join(options.reportsDir, 'index.html'))} — ${chosen.length - failures.length} ok, ${failures.length} failed, ${seconds} s in all`);
  if (failures.length > 0) {
    console.error(`run-notebooks: failed: ${failures.join(', ')}`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
