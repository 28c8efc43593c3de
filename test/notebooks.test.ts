/**
 * The committed notebooks: valid JSON, the project's tslab kernel, no outputs or execution counts (the
 * reports hold the outputs, so diffs show changes of substance), and named NN_name in study order.
 * Only the notebooks present are checked; an empty notebooks/ passes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STUDY_NOTEBOOKS } from '../lib/report/html';
import { tslabDiagnostics } from '../scripts/tslab-check';

const NOTEBOOKS_DIR = join(__dirname, '..', 'notebooks');
const EXPECTED = STUDY_NOTEBOOKS.map((entry) => `${entry.number}_${entry.slug}.ipynb`);
const KERNEL_SPEC = JSON.parse(readFileSync(join(__dirname, '..', 'jupyter', 'kernels', 'odin-klik-tslab', 'kernel.json'), 'utf8')) as { display_name: string; language: string };

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

const files = existsSync(NOTEBOOKS_DIR) ? readdirSync(NOTEBOOKS_DIR).filter((name) => name.endsWith('.ipynb')).sort() : [];

test('notebook names are NN_name in study order (01_load ... 09_conclusions)', () => {
  const unexpected = files.filter((name) => !EXPECTED.includes(name));
  assert.deepEqual(unexpected, [], `unexpected notebook name(s); the study's names are: ${EXPECTED.join(', ')}`);
  const order = files.map((name) => EXPECTED.indexOf(name));
  assert.deepEqual(order, [...order].sort((a, b) => a - b));
});

for (const file of files) {
  test(`${file}: valid notebook JSON, tslab kernel, committed without outputs`, () => {
    const path = join('notebooks', file);
    const text = readFileSync(join(NOTEBOOKS_DIR, file), 'utf8');
    let notebook: { nbformat?: number; metadata?: { kernelspec?: Record<string, string> }; cells?: Cell[] };
    try {
      notebook = JSON.parse(text) as typeof notebook;
    } catch (error) {
      assert.fail(`${path}: not valid JSON: ${(error as Error).message}`);
    }
    assert.equal(notebook.nbformat, 4, `${path}: expected nbformat 4`);
    // As the project's kernel reports itself, so opening a notebook in Jupyter or VS Code changes no metadata.
    assert.deepEqual(notebook.metadata?.kernelspec, { display_name: KERNEL_SPEC.display_name, language: KERNEL_SPEC.language, name: 'odin-klik-tslab' }, `${path}: metadata.kernelspec must name the project kernel`);
    assert.ok(Array.isArray(notebook.cells) && notebook.cells.length > 0, `${path}: has no cells`);
    notebook.cells.forEach((cell, i) => {
      const where = `${path}, cell ${i + 1}`;
      if (cell.cell_type !== 'code') return;
      assert.deepEqual(cell.outputs ?? [], [], `${where}: has outputs; clear them before committing (reports hold the outputs)`);
      assert.equal(cell.execution_count ?? null, null, `${where}: has an execution count; clear outputs before committing`);
      const source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
      assert.ok(!/from\s+['"]\.\.\/lib\//.test(source), `${where}: import from './lib/...' (the kernel runs in the project root), not '../lib/...'`);
    });
  });
}

test('the project kernel spec starts the launcher next to it, which starts tslab from the project root', () => {
  const dir = join(__dirname, '..', 'jupyter', 'kernels', 'odin-klik-tslab');
  const spec = JSON.parse(readFileSync(join(dir, 'kernel.json'), 'utf8')) as { argv: string[]; language: string };
  assert.deepEqual(spec.argv, ['node', '{resource_dir}/launch.js', 'kernel', '--config-path', '{connection_file}']);
  assert.equal(spec.language, 'typescript');
  const launcher = readFileSync(join(dir, 'launch.js'), 'utf8');
  assert.match(launcher, /process\.chdir\(projectRoot\)/);
  assert.ok(existsSync(join(__dirname, '..', 'node_modules', 'tslab', 'dist', 'main.js')), 'node_modules/tslab missing: npm ci');
});

test("lib/ compiles under tslab's own TypeScript, which notebook cells use (errors named by file and line)", () => {
  const { typescript, diagnostics } = tslabDiagnostics();
  assert.match(typescript, /^5\./);
  assert.deepEqual(diagnostics, [], `lib/ fails under tslab's TypeScript ${typescript}; notebooks importing it would fail`);
});

/**
 * Runs a script in a fresh Node process from the project root (the kernel's patches change Module._load and
 * tslab's modules for the whole process) and returns what it printed as JSON on its last line.
 */
function runKernelScript<T>(script: string, env: NodeJS.ProcessEnv = process.env): T {
  const child = spawnSync(process.execPath, ['-e', script], { cwd: join(__dirname, '..'), encoding: 'utf8', env });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as T;
}

test('in the report build the kernel compiles only the cells: lib/ is neither checked nor emitted by tslab, a cell type error still fails, Node loads lib/', () => {
  // The child process gets the patched loader (it changes Module._load for the whole process), then drives
  // tslab's own converter as the kernel does.
  const root = join(__dirname, '..');
  const script = `
    process.chdir(${JSON.stringify(root)});
    require('./jupyter/kernels/odin-klik-tslab/cell-only-compile.js').installCellOnlyCompile(process.cwd());
    const converter = require('./node_modules/tslab/dist/converter.js').createConverter();
    const good = converter.convert('', "import { russianNumber } from './lib/core/labels';\\nconst text: string = russianNumber(1234.5, 1);");
    const bad = converter.convert('', "import { russianNumber } from './lib/core/labels';\\nconst count: number = russianNumber(1234.5, 1);");
    const labels = require('./lib/core/labels');
    converter.close();
    console.log(JSON.stringify({
      goodDiagnostics: good.diagnostics.length, emitted: (good.sideOutputs ?? []).map((side) => side.path),
      cellRequiresLib: /require\\("\\.\\/lib\\/core\\/labels"\\)/.test(good.output),
      badDiagnostics: bad.diagnostics.map((d) => d.messageText), formatted: labels.russianNumber(1234.5, 1),
    }));`;
  const result = runKernelScript<{
    goodDiagnostics: number; emitted: string[]; cellRequiresLib: boolean; badDiagnostics: string[]; formatted: string;
  }>(script);
  assert.equal(result.goodDiagnostics, 0);
  assert.deepEqual(result.emitted, [], 'tslab emitted lib/ files');
  assert.ok(result.cellRequiresLib);
  assert.equal(result.badDiagnostics.length, 1);
  assert.match(result.badDiagnostics[0] ?? '', /Type 'string' is not assignable to type 'number'/);
  assert.equal(result.formatted, '1\u00a0234,5');
});

test('the report build reuses a compiled cell when the cell, the cells before it, lib/ and the packages are unchanged; a cell with a type error is compiled again every time', () => {
  const root = join(__dirname, '..');
  const cacheRoot = mkdtempSync(join(tmpdir(), 'cell-cache-'));
  try {
    // Two kernels in a row: the second one must not create tslab's compiler for cells the first compiled.
    const script = `
      process.chdir(${JSON.stringify(root)});
      require('./jupyter/kernels/odin-klik-tslab/cell-only-compile.js').installCellOnlyCompile(process.cwd());
      const converterModule = require('./node_modules/tslab/dist/converter.js');
      const createReal = converterModule.createConverter;
      let created = 0;
      converterModule.createConverter = (options) => { created++; return createReal(options); };
      require('./jupyter/kernels/odin-klik-tslab/compiled-cell-cache.js').installCompiledCellCache(process.cwd());
      const cells = ["import { russianNumber } from './lib/core/labels';\\nconst text = russianNumber(1234.5, 1);", 'const shown = text.length;'];
      const kernel = () => {
        const converter = converterModule.createConverter({ isJS: false, isBrowser: false });
        let prevDecl = '';
        const converted = cells.map((src) => { const c = converter.convert(prevDecl, src); prevDecl = c.declOutput; return c; });
        const bad = converter.convert(prevDecl, 'const count: number = text;');
        converter.close();
        return { converted, bad: bad.diagnostics.map((d) => d.messageText) };
      };
      const first = kernel();
      const createdByFirst = created;
      const second = kernel();
      console.log(JSON.stringify({ first, second, createdByFirst, createdBySecond: created - createdByFirst }));`;
    const result = runKernelScript<{
      first: { converted: unknown[]; bad: string[] }; second: { converted: unknown[]; bad: string[] };
      createdByFirst: number; createdBySecond: number;
    }>(script, { ...process.env, TSLAB_CELL_CACHE_DIR: cacheRoot });
    assert.equal(result.createdByFirst, 1);
    // The second kernel compiles only the faulty cell, which is never stored.
    assert.equal(result.createdBySecond, 1);
    assert.deepEqual(result.second.converted, result.first.converted);
    assert.equal(result.first.bad.length, 1);
    assert.deepEqual(result.second.bad, result.first.bad);
    const [stateDir, ...others] = readdirSync(cacheRoot);
    assert.equal(others.length, 0);
    assert.equal(readdirSync(join(cacheRoot, stateDir!)).length, 2, 'the two good cells, not the faulty one');
  } finally {
    rmSync(cacheRoot, { recursive: true, force: true });
  }
});

test("the report build's kernel loads TypeScript only when a cell needs it: not for tslab's start, its version string or a cell without a comment block", () => {
  const root = join(__dirname, '..');
  const cacheRoot = mkdtempSync(join(tmpdir(), 'cell-cache-'));
  try {
    const script = `
      process.chdir(${JSON.stringify(root)});
      const steps = [];
      const origWrite = process.stderr.write.bind(process.stderr);
      process.stderr.write = (chunk, ...rest) => { if (String(chunk).includes('TypeScript loaded')) steps.push('loaded'); return origWrite(chunk, ...rest); };
      require('./jupyter/kernels/odin-klik-tslab/cell-only-compile.js').installCellOnlyCompile(process.cwd());
      require('./jupyter/kernels/odin-klik-tslab/compiled-cell-cache.js').installCompiledCellCache(process.cwd());
      require('./node_modules/tslab/dist/main.js');
      const metadata = require('./node_modules/tslab/dist/metadata.js');
      const version = require('./node_modules/tslab/dist/public.js').versions.typescript;
      steps.push('started');
      const plain = metadata.getCodeMetadata('// a cell\\nconst x = 1;');
      steps.push('plain cell');
      const directive = metadata.getCodeMetadata('/** @node */\\nconst y = 2;');
      const real = require('@tslab/typescript-for-tslab');
      console.log(JSON.stringify({ steps, plain, directive, version, realVersion: real.version, caseSensitive: real.sys.useCaseSensitiveFileNames }));`;
    const result = runKernelScript<{
      steps: string[]; plain: object; directive: { mode?: string }; version: string; realVersion: string; caseSensitive: boolean;
    }>(script, { ...process.env, TSLAB_CELL_CACHE_DIR: cacheRoot, TSLAB_TRACE_TYPESCRIPT: '1' });
    // Loaded once, by the first cell whose comment block tslab must read with TypeScript's scanner.
    assert.deepEqual(result.steps, ['started', 'plain cell', 'loaded']);
    assert.deepEqual(result.plain, {});
    assert.equal(result.directive.mode, 'node');
    assert.equal(result.version, result.realVersion);
    // What tslab set on ts.sys before TypeScript was loaded reached the real one.
    assert.equal(result.caseSensitive, true);
  } finally {
    rmSync(cacheRoot, { recursive: true, force: true });
  }
});

test('the compiled-cell cache is keyed by lib/ and the lock file: an edit of either starts a new cache', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { cellCacheDir } = require('../jupyter/kernels/odin-klik-tslab/compiled-cell-cache.js') as { cellCacheDir: (root: string) => string };
  const project = mkdtempSync(join(tmpdir(), 'cell-cache-key-'));
  try {
    mkdirSync(join(project, 'lib', 'core'), { recursive: true });
    writeFileSync(join(project, 'lib', 'core', 'labels.ts'), 'export const a = 1;\n');
    writeFileSync(join(project, 'package-lock.json'), '{}');
    const original = cellCacheDir(project);
    writeFileSync(join(project, 'lib', 'core', 'labels.ts'), 'export const a: string = "1";\n');
    const editedLib = cellCacheDir(project);
    writeFileSync(join(project, 'lib', 'core', 'labels.ts'), 'export const a = 1;\n');
    assert.equal(cellCacheDir(project), original);
    writeFileSync(join(project, 'package-lock.json'), '{"lockfileVersion": 3}');
    const editedLock = cellCacheDir(project);
    assert.equal(new Set([original, editedLib, editedLock]).size, 3);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
