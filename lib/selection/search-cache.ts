/**
 * The study search with a results cache: the table of every family (not the fitted models) is kept in a
 * JSON file keyed by a fingerprint of the data, the folds and the candidates, so a notebook re-run shows the
 * same search in seconds instead of minutes; only each family's best is refit. Any change of data, folds or
 * space changes the key and the search runs again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
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

/** A fingerprint of the rows, labels, folds and candidate lists a search depends on. */
export function searchFingerprint(frame: Frame, y: Labels, folds: readonly Fold[], spaces: readonly FamilySpace[]): string {
  const text = JSON.stringify({
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

/** {@link runStudySearch}, reading and writing `cacheFile` (null = no cache). Folds are required here. */
export async function cachedStudySearch(
  frame: Frame,
  y: Labels,
  options: StudySpaceOptions & Omit<SearchOptions, 'folds'> & { folds: readonly Fold[]; spaces?: FamilySpace[]; cacheFile: string | null },
): Promise<{ searches: FamilySearch[]; fromCache: boolean }> {
  const spaces = options.spaces ?? studySearchSpace(options);
  const key = searchFingerprint(frame, y, options.folds, spaces);
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
  if (options.cacheFile) {
    const families: CachedFamily[] = searches.map((s) => ({ family: s.family, table: s.result.table, bestIndex: s.result.best.index, elapsedMs: s.result.elapsedMs, workers: s.result.workers }));
    fs.mkdirSync(path.dirname(options.cacheFile), { recursive: true });
    const tmp = `${options.cacheFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ key, families } as unknown as Json));
    fs.renameSync(tmp, options.cacheFile);
  }
  return { searches, fromCache: false };
}
