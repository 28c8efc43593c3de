/**
 * Type-checks lib/ with the TypeScript that the notebook kernel uses (tslab bundles its own 5.0.4 and
 * compiles imported files with its own options, not tsconfig.json). Code that the project's tsc 5.9
 * accepts can fail there — e.g. generic inference that changed between versions — and tslab then prints
 * the error without the file name. This check names file, line and column.
 *
 * `npx tsx scripts/tslab-check.ts` prints the diagnostics and exits 1 when there are any; the notebook
 * runner calls it to locate such errors, and test/notebooks.test.ts runs it.
 */
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import type * as TypeScript from 'typescript';

const PROJECT_ROOT = resolve(__dirname, '..');

/** tslab's own TypeScript compiler (a dependency of tslab, resolved from tslab's folder). */
function tslabTypeScript(root: string): typeof TypeScript {
  const fromTslab = createRequire(require.resolve('tslab/package.json', { paths: [root] }));
  return fromTslab('@tslab/typescript-for-tslab') as typeof TypeScript;
}

function typeScriptFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) typeScriptFiles(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/**
 * Diagnostics of the project's lib/ under tslab's compiler and options (node_modules/tslab/dist/converter.js:
 * ESNext modules, Node10 resolution, ES2022, not strict), as `file:line:col - message` lines.
 */
export function tslabDiagnostics(root: string = PROJECT_ROOT): { typescript: string; diagnostics: string[] } {
  const ts = tslabTypeScript(root);
  const program = ts.createProgram(typeScriptFiles(join(root, 'lib')), {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    resolveJsonModule: true,
    skipLibCheck: true,
    noEmit: true,
    typeRoots: [join(root, 'node_modules', '@types')],
  });
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && !relative(root, d.file.fileName).startsWith('..') && !d.file.fileName.includes('node_modules'))
    .map((d) => {
      const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${relative(root, d.file!.fileName)}:${line + 1}:${character + 1} - ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
  return { typescript: ts.version, diagnostics };
}

if (require.main === module) {
  const started = Date.now();
  const { typescript, diagnostics } = tslabDiagnostics();
  for (const line of diagnostics) console.log(line);
  console.log(`lib/ under tslab's TypeScript ${typescript}: ${diagnostics.length} error(s), ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(diagnostics.length > 0 ? 1 : 0);
}
