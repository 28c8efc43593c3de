/** Where the project lies on disk: the default home of data/, reports/ and models/. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The project root: the nearest folder above this file that holds a package.json. */
export function findProjectRoot(start: string = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/**
 * Folder of the generated reports: `$REPORTS_DIR`, else `<project root>/reports` (found as lib/data finds
 * it, so the same folder from sources and from dist/). lib/study/settings.ts reads the same place.
 */
export function reportsDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const fromEnv = env['REPORTS_DIR']?.trim();
  return fromEnv ? path.resolve(fromEnv) : path.join(findProjectRoot(), 'reports');
}
