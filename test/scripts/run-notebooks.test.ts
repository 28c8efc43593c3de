/**
 * The notebook runner's failure path (scripts/run-notebooks.ts as a child process): a notebook whose second
 * cell throws must make the command exit 1, print the notebook, the cell number and the real error text, and
 * still write the partial report with its failure banner. Notebook and reports live in a temporary folder
 * (`--dir`, `--out`): the project's notebooks/ and reports/ are never written. Needs Debian's Jupyter
 * (nbclient, nbconvert) and the tslab package; skipped without them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PROJECT_ROOT = resolve(__dirname, '..', '..');
const NAME = '01_fails_on_purpose';

function missingTools(): string | false {
  if (!existsSync('/usr/bin/jupyter')) return '/usr/bin/jupyter not found (apt-get install -y --no-install-recommends jupyter-nbconvert)';
  const python = spawnSync('/usr/bin/python3', ['-c', 'import nbclient, nbconvert'], { encoding: 'utf8' });
  if (python.status !== 0) return 'nbclient/nbconvert missing under /usr/bin/python3 (apt-get install -y --no-install-recommends jupyter-nbconvert)';
  if (!existsSync(join(PROJECT_ROOT, 'node_modules', 'tslab', 'dist', 'main.js'))) return 'node_modules/tslab missing (npm ci)';
  return false;
}

/** A notebook cell in nbformat 4.5, source as one string. */
function cell(id: string, cellType: 'code' | 'markdown', source: string): Record<string, unknown> {
  return cellType === 'code'
    ? { cell_type: 'code', id, metadata: {}, execution_count: null, outputs: [], source }
    : { cell_type: 'markdown', id, metadata: {}, source };
}

test('run-notebooks: a throwing cell exits 1, names notebook, cell and error, and writes the partial report', { skip: missingTools(), timeout: 240_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'run-notebooks-test-'));
  try {
    const notebooksDir = join(root, 'notebooks');
    const reportsDir = join(root, 'reports');
    mkdirSync(notebooksDir);
    const notebook = {
      cells: [
        cell('ok', 'code', 'const answer = 6 * 7;'),
        cell('throws', 'code', 'throw new Error(`deliberate failure: the answer was ${answer}`);'),
        cell('after', 'markdown', '## Never reached'),
      ],
      metadata: {
        kernelspec: { name: 'odin-klik-tslab', display_name: 'TypeScript (tslab, project)', language: 'typescript' },
        language_info: { name: 'typescript' },
      },
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(join(notebooksDir, `${NAME}.ipynb`), JSON.stringify(notebook, null, 1));

    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(PROJECT_ROOT, 'scripts', 'run-notebooks.ts'), '--dir', notebooksDir, '--out', reportsDir, '--timeout', '120'],
      { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 230_000 },
    );
    const output = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.status, 1, `expected exit 1, got ${run.status}:\n${output}`);
    assert.match(run.stdout, new RegExp(`FAILED\\s+${NAME}\\b`));
    // The notebook, the cell (its position and its number among code cells) and tslab's real message.
    assert.ok(run.stderr.includes(`${join(notebooksDir, NAME)}.ipynb: cell 2 (code cell 2) failed:`), run.stderr);
    assert.match(run.stderr, /\| throw new Error\(`deliberate failure/);
    assert.match(run.stderr, /Error: deliberate failure: the answer was 42/);
    assert.match(run.stderr, new RegExp(`run-notebooks: failed: ${NAME}`));
    assert.ok(run.stderr.includes(`partial reports: ${join(reportsDir, NAME)}.html`), run.stderr);

    // The partial reports, both versions, carry the template's failure banner with the error.
    // The full one names the cell and the error; the brief (for managers) says in Russian that it is partial.
    const full = readFileSync(join(reportsDir, `${NAME}.html`), 'utf8');
    assert.match(full, /class="report-failure"><strong>This notebook failed at cell 2\s+\(code cell 2\); the report is partial\.<\/strong>/);
    assert.match(full, /deliberate failure: the answer was 42/);
    const brief = readFileSync(join(reportsDir, `${NAME}.brief.html`), 'utf8');
    assert.match(brief, /<html lang="ru">/);
    assert.match(brief, /class="report-failure"><strong>Расчёт этого шага остановился с ошибкой; отчёт неполный\.<\/strong>/);
    const runFile = JSON.parse(readFileSync(join(reportsDir, 'run.json'), 'utf8')) as { notebooks: Record<string, { status: string; failedCell?: number }> };
    assert.deepEqual([runFile.notebooks[NAME]?.status, runFile.notebooks[NAME]?.failedCell], ['failed', 2]);
    assert.ok(existsSync(join(reportsDir, 'index.html')), 'index.html written into --out');
    assert.ok(!existsSync(join(PROJECT_ROOT, 'reports', `${NAME}.html`)), 'nothing written into the project reports/');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
