/**
 * The code a stage runs, as a fingerprint: the stage's own module and every library module it reaches through
 * value imports (`import … from './x'`, `import './x'`, `require('./x')`, `export … from './x'`), transitively.
 * A stage's artefact is keyed by it, so editing any function a stage calls recomputes that stage (and, through
 * the keys, those after it), while editing code only later stages call leaves the earlier artefacts valid.
 * Type-only imports carry no behaviour and are skipped. A module can name a file it loads by path (a worker
 * thread's entry) with a `// stage-code: ./file` comment, so that file counts too.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const EXTENSIONS = ['.ts', '.js', '/index.ts', '/index.js'];

/** Value-import specifiers of one module's source (relative ones only: packages are not the project's code). */
export function relativeImports(source: string): string[] {
  const out: string[] = [];
  const add = (spec: string | undefined) => {
    if (spec !== undefined && spec.startsWith('.')) out.push(spec);
  };
  // import/export … from '…' (not `import type` / `export type`), with the clause possibly over several lines.
  for (const m of source.matchAll(/^\s*(import|export)\s+(?!type\s)([^;'"]*?)\s+from\s+['"]([^'"]+)['"]/gm)) {
    const clause = m[2]!.trim();
    // `import { type A, type B } from` brings no value.
    if (/^\{[^}]*\}$/.test(clause) && clause.slice(1, -1).split(',').every((part) => part.trim() === '' || /^type\s/.test(part.trim()))) continue;
    add(m[3]);
  }
  for (const m of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) add(m[1]);
  for (const m of source.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) add(m[1]);
  for (const m of source.matchAll(/\/\/\s*stage-code:\s*(\S+)/g)) add(m[1]);
  return out;
}

function resolveModule(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  if (/\.(ts|js)$/.test(base) && fs.existsSync(base)) return base;
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * The source file of a module path: itself, or the .ts beside a .js name. tslab runs lib/ from its TypeScript
 * sources but names each module by a .js `__filename` that is not on disk.
 */
function sourceFileOf(file: string): string {
  if (fs.existsSync(file)) return file;
  const ts = file.replace(/\.js$/, '.ts');
  if (fs.existsSync(ts)) return ts;
  throw new Error(`codeFingerprint: no source file at ${file}`);
}

/** Every module reachable from `entry` by value imports, sorted (absolute paths). */
export function moduleClosure(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [sourceFileOf(path.resolve(entry))];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of relativeImports(fs.readFileSync(file, 'utf8'))) {
      const target = resolveModule(file, spec);
      if (target !== null && !seen.has(target)) stack.push(target);
    }
  }
  return [...seen].sort();
}

const memo = new Map<string, string>();

/**
 * sha256 over the closure of `entry` (see the file comment): each module's path relative to `root` and its
 * content, length-prefixed. Memoised per process: the code does not change while a run is going on.
 * @example codeFingerprint(require.resolve('./stages/search')) // 'sha256:…'
 */
export function codeFingerprint(entry: string, root: string = path.resolve(__dirname, '..')): string {
  const cached = memo.get(entry);
  if (cached !== undefined) return cached;
  const hash = createHash('sha256');
  for (const file of moduleClosure(entry)) {
    const name = path.relative(root, file).split(path.sep).join('/');
    const content = fs.readFileSync(file);
    hash.update(`${name.length}:${name}:${content.length}:`);
    hash.update(content);
  }
  const out = `sha256:${hash.digest('hex')}`;
  memo.set(entry, out);
  return out;
}
