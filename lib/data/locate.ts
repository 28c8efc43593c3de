/**
 * Where the data comes from: an explicit directory, the `MARKET_DATA_DIR` environment variable, the project's
 * own `./data/`, the team's `../shared/data/`, or else a seeded synthetic dataset. Every load reports which
 * one it used as a {@link DataSource}.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataValidationError } from './errors';
import { findProjectRoot } from '../io/project-root';
import { MARKET_FILES } from './schema';

/** How the data was found, in order of precedence. */
export type DataSourceKind = 'explicit' | 'env' | 'project' | 'shared' | 'synthetic';

/** The data a load used: its kind, directory (absent for synthetic data) and a sentence for reports. */
export interface DataSource {
  readonly kind: DataSourceKind;
  readonly path?: string;
  readonly description: string;
  /** For synthetic data: the generator's settings. */
  readonly synthetic?: { readonly customers: number; readonly seed: number };
}

/** Options of {@link locateData}; `env` and `projectRoot` exist so tests can set them. */
export interface LocateOptions {
  /** A directory holding the four files; wins over everything else. */
  readonly dataDir?: string;
  /** Environment to read `MARKET_DATA_DIR` from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Project root that `./data` and `../shared/data` are relative to (default: found from this file). */
  readonly projectRoot?: string;
  /** Size and seed of the synthetic fallback (default 1300 customers, seed {@link DEFAULT_SYNTHETIC_SEED}). */
  readonly synthetic?: { readonly customers?: number; readonly seed?: number };
}

/** Seed of the synthetic fallback dataset. */
export const DEFAULT_SYNTHETIC_SEED = 20240601;
/** Size of the synthetic fallback dataset: as many customers as the real export. */
export const DEFAULT_SYNTHETIC_CUSTOMERS = 1300;

/** The project root (lib/io/project-root.ts), re-exported where the data rules first used it. */
export { findProjectRoot } from '../io/project-root';

/** The names of the four files missing from a directory (all four when it does not exist). */
export function missingMarketFiles(dir: string): string[] {
  return Object.values(MARKET_FILES).filter((f) => !fs.existsSync(path.join(dir, f)));
}

/**
 * Finds the data: `dataDir`, else `MARKET_DATA_DIR`, else `<root>/data` (if it holds the four files), else
 * `<root>/../shared/data`, else synthetic. A directory given explicitly must hold the four files.
 * @example locateData().description // "the team's shared data directory /work/shared/data"
 */
export function locateData(options: LocateOptions = {}): DataSource {
  const env = options.env ?? process.env;
  const explicit = (dir: string, kind: 'explicit' | 'env', how: string): DataSource => {
    const full = path.resolve(dir);
    const missing = missingMarketFiles(full);
    if (missing.length > 0) {
      throw new DataValidationError({
        file: missing[0]!,
        line: null,
        column: null,
        expected: `the file in ${full} (${how})${missing.length > 1 ? `, also missing: ${missing.slice(1).join(', ')}` : ''}`,
        found: 'no such file',
        foundIsValue: false,
      });
    }
    return { kind, path: full, description: `${how}: ${full}` };
  };
  if (options.dataDir !== undefined) return explicit(options.dataDir, 'explicit', 'directory given as dataDir');
  const fromEnv = env.MARKET_DATA_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return explicit(fromEnv, 'env', 'directory given by MARKET_DATA_DIR');
  const root = options.projectRoot ?? findProjectRoot();
  const project = path.join(root, 'data');
  if (missingMarketFiles(project).length === 0) {
    return { kind: 'project', path: project, description: `the project's data directory ${project}` };
  }
  const shared = path.resolve(root, '..', 'shared', 'data');
  if (missingMarketFiles(shared).length === 0) {
    return { kind: 'shared', path: shared, description: `the team's shared data directory ${shared}` };
  }
  const customers = options.synthetic?.customers ?? DEFAULT_SYNTHETIC_CUSTOMERS;
  const seed = options.synthetic?.seed ?? DEFAULT_SYNTHETIC_SEED;
  return {
    kind: 'synthetic',
    description: `synthetic data (${customers} customers, seed ${seed}): no data files in ${project} or ${shared}, and neither dataDir nor MARKET_DATA_DIR given`,
    synthetic: { customers, seed },
  };
}
