/**
 * Snapshot assertions for figure JSON: the whole `{data, layout}` a builder returns is compared with a
 * committed file `test/report/snapshots/<name>.json`, so a change to a trace, an axis or a title shows up
 * as a failing test and, once accepted, as a reviewable diff of that file.
 *
 * Regenerate after an intended change (then review `git diff test/report/snapshots/`):
 *
 *     UPDATE_SNAPSHOTS=1 node --import tsx --test test/report/figures.test.ts test/report/explain-figures.test.ts
 *
 * A missing snapshot fails (it is not silently created), so a new figure needs the same explicit step.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Folder of the committed snapshot files. */
export const SNAPSHOT_DIR = join(__dirname, 'snapshots');

/** True when the run should rewrite the snapshots instead of comparing against them. */
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

/**
 * Asserts that `value`, as JSON, equals the snapshot `name` (or rewrites the snapshot under UPDATE_SNAPSHOTS=1).
 * The value must be plain JSON: a round trip through JSON.stringify must not change it (no NaN, no typed
 * arrays), since that is what plotly receives in the exported HTML.
 */
export function assertMatchesSnapshot(name: string, value: unknown): void {
  const json = JSON.stringify(value, null, 2);
  assert.deepEqual(JSON.parse(json), value, `${name}: the figure is not plain JSON (NaN, typed array or undefined inside)`);
  const path = join(SNAPSHOT_DIR, `${name}.json`);
  if (UPDATE) {
    mkdirSync(SNAPSHOT_DIR, { recursive: true });
    writeFileSync(path, `${json}\n`);
    return;
  }
  if (!existsSync(path)) assert.fail(`${name}: no snapshot ${path}; create it with UPDATE_SNAPSHOTS=1 (see test/report/snapshot.ts)`);
  const expected: unknown = JSON.parse(readFileSync(path, 'utf8'));
  assert.deepEqual(JSON.parse(json), expected, `${name}: the figure differs from ${path}; if the change is intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff`);
}
