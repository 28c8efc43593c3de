/**
 * The study search with a results cache: the table of every family (not the fitted models) is kept in a
 * JSON file keyed by a fingerprint of the data, the folds, the candidates and the library code that computes
 * the scores, so a notebook re-run shows the same search in seconds instead of minutes; only each family's
 * best is refit. Any change of data, folds, space or model code changes the key and the search runs again:
 * a stale table would hide a wrong result.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../io/atomic';
import type { Frame, Json, Labels } from '../core/types';
import { Pipeline, applyPathParams } from '../preprocess/pipeline';
import type { CandidateResult, SearchOptions } from './search';
import type { Fold } from './split';
import { runStudySearch, studySearchSpace, type FamilySearch, type FamilySpace, type StudySpaceOptions } from './study-space';

/** FNV-1a over a string, as 8 hex digits (a cache key, not a security hash). */
function fnv(text: string, seed = 0x811c9dc5): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The library folders whose code determines a search table: the estimators, the preprocessing, the search
 * and CV themselves, the metrics that score them and the shared types and random numbers. lib/data is not
 * here: the search sees the table's values, which the fingerprint hashes directly.
 */
export const SEARCH_CODE_FOLDERS = ['core', 'models', 'preprocess', 'selection', 'metrics'] as const;

/** Source files of one folder, recursively, as paths relative to `root` (forward slashes). */
function codeFilesUnder(root: string, folder: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    for (const entry of entries) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      // .ts when run through tsx or tslab, .js when run from dist/; declarations and maps hold no behaviour.
      else if (/\.(ts|js|cjs|mjs)$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) out.push(child);
    }
  };
  if (fs.existsSync(path.join(root, folder))) walk(folder);
  return out;
}

/**
 * sha256 of the library code a search table depends on: every source file of {@link SEARCH_CODE_FOLDERS}
 * under `libRoot`, by sorted relative path, name and content. `libRoot` defaults to the lib/ folder this module
 * was loaded from, so it is the code that actually runs: the TypeScript sources under tsx or tslab, the
 * compiled JavaScript when the package runs from dist/.
 * @example libraryCodeFingerprint() // 'sha256:9b0e…'
 */
export function libraryCodeFingerprint(libRoot: string = path.resolve(__dirname, '..')): string {
  const hash = createHash('sha256');
  const files = SEARCH_CODE_FOLDERS.flatMap((folder) => codeFilesUnder(libRoot, folder)).sort();
  if (files.length === 0) throw new Error(`libraryCodeFingerprint: no source files of ${SEARCH_CODE_FOLDERS.join(', ')} under ${libRoot}`);
  for (const file of files) {
    // Length-prefixed name and content: no two file sets hash the same text.
    const content = fs.readFileSync(path.join(libRoot, file));
    hash.update(`${file.length}:${file}:${content.length}:`);
    hash.update(content);
  }
  return `sha256:${hash.digest('hex')}`;
}

/**
 * A fingerprint of the rows, labels, folds and candidate lists a search depends on, and of the code that
 * runs it (`code`, from {@link libraryCodeFingerprint}).
 */
export function searchFingerprint(frame: Frame, y: Labels, folds: readonly Fold[], spaces: readonly FamilySpace[], code: string): string {
  const text = JSON.stringify({
    code,
    columns: Object.entries(frame.columns).map(([k, c]) => [k, Array.from(c as ArrayLike<number | string>)]),
    y: Array.from(y),
    folds: folds.map((f) => Array.from(f.test)),
    spaces: spaces.map((s) => ({ base: s.base, candidates: s.candidates, refit: s.refitChanges })),
  });
  return fnv(text) + fnv(text, 0x9747b28c);
}

interface CachedFamily {
  family: string;
  table: CandidateResult[];
  bestIndex: number;
  elapsedMs: number;
  workers: number;
}

/** Options of {@link cachedStudySearch}: the study search's, with folds required, plus the cache. */
export type CachedSearchOptions = StudySpaceOptions &
  Omit<SearchOptions, 'folds'> & {
    folds: readonly Fold[];
    spaces?: FamilySpace[];
    /** The cache file (null = no cache). */
    cacheFile: string | null;
    /** The code part of the key (default {@link libraryCodeFingerprint}; tests pass their own). */
    codeFingerprint?: string;
  };

/** File name of the study search's cached table in the reports folder (notebook 06 writes it, 07–09 read it). */
export const SEARCH_TABLE_FILE = 'search-06.json';

/** {@link runStudySearch}, reading and writing `cacheFile` (null = no cache). Folds are required here. */
export async function cachedStudySearch(frame: Frame, y: Labels, options: CachedSearchOptions): Promise<{ searches: FamilySearch[]; fromCache: boolean }> {
  const spaces = options.spaces ?? studySearchSpace(options);
  const key = searchFingerprint(frame, y, options.folds, spaces, options.codeFingerprint ?? libraryCodeFingerprint());
  if (options.cacheFile && fs.existsSync(options.cacheFile)) {
    try {
      const cached = JSON.parse(fs.readFileSync(options.cacheFile, 'utf8')) as { key: string; families: CachedFamily[] };
      if (cached.key === key && cached.families.length === spaces.length) {
        const searches = spaces.map((space, i) => {
          const c = cached.families[i]!;
          // JSON turns NaN into null; a failed candidate's score is NaN again here.
          const table = c.table.map((r) => ({ ...r, meanScore: r.meanScore ?? NaN, stdScore: r.stdScore ?? NaN, foldScores: r.foldScores.map((v) => v ?? NaN) }));
          const best = table[c.bestIndex]!;
          const bestSpec = applyPathParams(applyPathParams(space.base, best.params), space.refitChanges);
          const result = {
            table, best, bestSpec, folds: [...options.folds], elapsedMs: c.elapsedMs, workers: c.workers,
            ...(options.refit === false ? {} : { bestPipeline: new Pipeline(bestSpec).fit(frame, y) }),
          };
          return { ...space, result };
        });
        return { searches, fromCache: true };
      }
    } catch {
      // An unreadable cache is ignored and rewritten.
    }
  }
  const searches = await runStudySearch(frame, y, { ...options, spaces });
  if (options.cacheFile) writeFileAtomic(options.cacheFile, searchCacheText(key, searches));
  return { searches, fromCache: false };
}

function searchCacheText(key: string, searches: readonly FamilySearch[]): string {
  const families: CachedFamily[] = searches.map((s) => ({ family: s.family, table: s.result.table, bestIndex: s.result.best.index, elapsedMs: s.result.elapsedMs, workers: s.result.workers }));
  return JSON.stringify({ key, families } as unknown as Json);
}

/**
 * The cache file's text for a search already run (its families carry their spaces), keyed exactly as
 * {@link cachedStudySearch} keys it: the study command writes it, so notebooks 06–09 read the study's search
 * instead of running the same 1250 fits again.
 */
export function searchCacheFor(frame: Frame, y: Labels, folds: readonly Fold[], searches: readonly FamilySearch[], codeFingerprint: string = libraryCodeFingerprint()): string {
  return searchCacheText(searchFingerprint(frame, y, folds, searches, codeFingerprint), searches);
}
