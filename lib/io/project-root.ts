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
