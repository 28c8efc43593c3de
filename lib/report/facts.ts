/**
 * Headline facts of the study (row counts, chosen model, ROC-AUC, segment sizes), recorded by notebook
 * cells and shown on reports/index.html, so a reviewer sees the results without opening a notebook.
 *
 * Facts live in `reports/facts.json` (or `$REPORTS_DIR/facts.json`). Each call merges one key into the
 * file and replaces it atomically (write a temporary file, then rename), so a crash never leaves half a
 * file. The notebook runner deletes the file before a full run, so stale facts cannot survive.
 *
 * Key convention: the index groups facts by the part before the first dot, in study order (`data`,
 * `clean`, `eda`, `merge`, `correlation`/`features`, `model`, `explain`, `segments`), and its "at a glance"
 * box picks `clean.rows` (rows after cleaning), `model.chosen`, the first `model.*` key naming ROC-AUC
 * (e.g. `model.testRocAuc`) and `segments.<name>.size`.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Json } from '../core/types';
import { reportsDir } from '../io/project-root';

/** One recorded fact. */
export interface Fact {
  /** The value, as recorded. */
  value: Json;
  /** Human label for the index; the key is shown when absent. */
  label?: string;
  /** The notebook that recorded it (from REPORT_NOTEBOOK, set by the runner), when known. */
  notebook?: string;
  /** ISO time of recording. */
  recordedAt: string;
}

/** The content of facts.json. */
export interface FactsFile {
  /** Format version. */
  version: 1;
  /** Facts by key, in the order they were first recorded. */
  facts: Record<string, Fact>;
}

export { reportsDir } from '../io/project-root';

/** Path of facts.json inside a reports folder. */
export function factsPath(dir: string = reportsDir()): string {
  return join(dir, 'facts.json');
}

/** Reads facts.json; an absent file gives no facts, a damaged one throws naming the file. */
export function readFacts(path: string = factsPath()): FactsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, facts: {} };
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message}); delete it and rebuild the reports`);
  }
  const facts = (parsed as Partial<FactsFile> | null)?.facts;
  if (typeof facts !== 'object' || facts === null || Array.isArray(facts)) {
    throw new Error(`${path}: expected {"version": 1, "facts": {...}}`);
  }
  return { version: 1, facts };
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, text, 'utf8');
  renameSync(temporary, path);
}

function checkJson(value: unknown, where: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`recordFact: ${where} is ${value}; facts must be finite JSON numbers`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkJson(item, `${where}[${i}]`));
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) checkJson(item, `${where}.${key}`);
    return;
  }
  throw new TypeError(`recordFact: ${where} is not plain JSON (got ${Object.prototype.toString.call(value)})`);
}

/**
 * Records a headline fact for the study index (merged into reports/facts.json).
 * @example recordFact('clean.rows', 1296, 'Customers after cleaning')
 */
export function recordFact(key: string, value: Json, label?: string, path: string = factsPath()): Fact {
  if (!/^[A-Za-z][\w-]*(\.[\w-]+)*$/.test(key)) {
    throw new TypeError(`recordFact: key "${key}" must be dot-separated words, like "model.rocAuc"`);
  }
  checkJson(value, `value of "${key}"`);
  const notebook = process.env['REPORT_NOTEBOOK'];
  const fact: Fact = {
    value,
    ...(label !== undefined ? { label } : {}),
    ...(notebook ? { notebook } : {}),
    recordedAt: new Date().toISOString(),
  };
  mkdirSync(resolve(path, '..'), { recursive: true });
  // Notebooks that run side by side record into the same file: read, merge and replace it under a lock, so
  // no fact is lost to a concurrent write.
  withLock(`${path}.lock`, () => {
    const file = readFacts(path);
    file.facts[key] = fact;
    writeAtomically(path, `${JSON.stringify(file, null, 2)}\n`);
  });
  return fact;
}

/** How long a facts lock may be held before it is taken as left by a dead process (ms). */
const STALE_LOCK_MS = 10_000;

function withLock(lock: string, body: () => void): void {
  const started = Date.now();
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > STALE_LOCK_MS || Date.now() - started > 2 * STALE_LOCK_MS) rmSync(lock, { force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
  try {
    body();
  } finally {
    rmSync(lock, { force: true });
  }
}
