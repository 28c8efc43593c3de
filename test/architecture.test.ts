/**
 * The way data flows through lib/ (docs/architecture.md): no import circles between modules, and the report
 * helpers never reach back into the data or model code they draw.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { relativeImports } from '../lib/study/code-fingerprint';

const lib = path.resolve(__dirname, '../lib');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : /\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name) ? [full] : [];
  });
}

function resolve(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return null;
}

/** Every import of a module, type-only ones included (`all`), or value imports only. */
function importsOf(file: string, all: boolean): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = all ? [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]/gm)].map((m) => m[1]!) : relativeImports(text);
  return specs.map((s) => resolve(file, s)).filter((f): f is string => f !== null);
}

const rel = (f: string) => path.relative(lib, f).split(path.sep).join('/');

test('lib/ has no import circles (value imports, module by module)', () => {
  const graph = new Map(sources(lib).map((f) => [f, importsOf(f, false)]));
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(file)), file].map(rel).join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  assert.deepEqual(cycles, []);
});

test('lib/report imports nothing from lib/data, lib/models or lib/study, not even types', () => {
  const offending = sources(path.join(lib, 'report')).flatMap((f) => importsOf(f, true).filter((t) => /^(data|models|study)\//.test(rel(t))).map((t) => `${rel(f)} → ${rel(t)}`));
  assert.deepEqual(offending, []);
});

test('the layers below the study (core, io, metrics, stats, preprocess, models, selection, explain, segment, report) never import lib/study', () => {
  const below = ['core', 'io', 'metrics', 'stats', 'preprocess', 'models', 'selection', 'explain', 'segment', 'report', 'data'];
  const offending = below.flatMap((folder) => sources(path.join(lib, folder)).flatMap((f) => importsOf(f, true).filter((t) => rel(t).startsWith('study/')).map((t) => `${rel(f)} → ${rel(t)}`)));
  assert.deepEqual(offending, []);
});
