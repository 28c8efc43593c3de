/**
 * How a worker thread loads a module of this library: the compiled .js when the library runs from dist/, else
 * the TypeScript source through tsx's CommonJS hook (tsx and tslab run lib/ from its sources).
 */
import * as fs from 'node:fs';

/**
 * Source for `new Worker(code, { eval: true })` that requires `entry` (a path without extension, beside the
 * caller: `path.join(__dirname, 'fit-worker')`). `compiled` is whether the caller itself runs as .js.
 * @example new Worker(workerSource(path.join(__dirname, 'stage-worker'), __filename.endsWith('.js')).code, { eval: true })
 */
export function workerSource(entry: string, compiled: boolean): { code: string; eval: true } {
  const js = `${entry}.js`;
  if (compiled && fs.existsSync(js)) return { code: `require(${JSON.stringify(js)});`, eval: true };
  // A bootstrap that installs tsx's CommonJS hook first: `--import tsx` in execArgv races the worker's
  // own entry on Node 20 (ERR_UNKNOWN_FILE_EXTENSION), requiring 'tsx/cjs' does not.
  const tsx = require.resolve('tsx/cjs', { paths: [process.cwd(), __dirname] });
  return { code: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(`${entry}.ts`)});`, eval: true };
}
