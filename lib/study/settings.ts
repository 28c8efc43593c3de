/**
 * The run settings the study command and the notebooks share: the seed, the file of test ids and the reports
 * folder. `npm start -- --seed N --test-ids F --out DIR` runs the study with them and hands them to the
 * notebooks as environment variables ({@link STUDY_ENV}); every notebook reads them through
 * {@link studySettings}, so the reports describe the same split and the same search as summary.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Labels } from '../core/types';
import { reportsDir } from '../io/project-root';
import { splitByIds, trainTestSplit, type Fold } from '../selection/split';

/** The study's default seed (split, folds, candidate draws, permutations). */
export const DEFAULT_STUDY_SEED = 42;

/** Share of customers in the test part when no test ids are given. */
export const DEFAULT_TEST_SIZE = 0.25;

/** Names of the environment variables that carry the settings from `npm start` to the notebooks. */
export const STUDY_ENV = {
  /** The seed, a whole number. */
  seed: 'STUDY_SEED',
  /** Path of the test-ids file (one id a line, or a CSV whose first column is the id). */
  testIds: 'STUDY_TEST_IDS',
  /** Folder of the reports (lib/report/facts reads the same variable). */
  reportsDir: 'REPORTS_DIR',
  /** Candidates per family of the search (`--candidates N`). */
  candidates: 'STUDY_CANDIDATES',
  /** CV folds of the search (`--folds N`). */
  folds: 'STUDY_FOLDS',
} as const;

/** The settings of one run of the study, as {@link studySettings} reads them. */
export interface StudySettings {
  /** Seed of the split, the folds, the candidate draws and the permutations. */
  readonly seed: number;
  /** Customer ids of the test part, or null for the seeded stratified split. */
  readonly testIds: readonly number[] | null;
  /** The file the test ids came from (absolute), or null. */
  readonly testIdsFile: string | null;
  /** Folder of the reports and of the notebooks' caches (absolute). */
  readonly reportsDir: string;
}

/**
 * Reads a test-ids file: one id a line, or a CSV whose first column is the id (a header line is skipped).
 * Errors name the file (and the line) and say what was expected.
 * @example readTestIds('split/test-ids.csv') // [215348, 215351, …]
 */
export function readTestIds(file: string): number[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`test-ids file ${file} does not exist (give a file with one customer id a line)`);
    if (code === 'EISDIR') throw new Error(`test-ids file ${file} is a directory (give a file with one customer id a line)`);
    throw new Error(`cannot read the test-ids file ${file}: ${(error as Error).message}`);
  }
  const name = path.basename(file);
  const ids: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const first = line.split(/[,;\t]/)[0]!.trim();
    if (first === '') return;
    if (!/^\d+$/.test(first)) {
      if (i === 0) return; // header
      throw new Error(`${name}, line ${i + 1}: expected a customer id, found ${JSON.stringify(first)}`);
    }
    ids.push(Number(first));
  });
  if (ids.length === 0) throw new Error(`${name}: no customer ids`);
  return ids;
}

/**
 * The seed of this run: `STUDY_SEED` from the environment (default {@link DEFAULT_STUDY_SEED}). The study's
 * shared settings (permutations, SHAP samples, segmentation folds) take their seed from here, so
 * `npm start -- --seed N` reseeds every notebook, not only the split. Throws for a seed that is not a whole number.
 * @example studySeed({ STUDY_SEED: '7' }) // 7
 */
export function studySeed(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const seedText = env[STUDY_ENV.seed]?.trim();
  if (!seedText) return DEFAULT_STUDY_SEED;
  if (!/^-?\d+$/.test(seedText) || !Number.isSafeInteger(Number(seedText))) {
    throw new Error(`${STUDY_ENV.seed} must be a whole number (the study's seed), found ${JSON.stringify(seedText)}`);
  }
  return Number(seedText);
}

/**
 * The settings of this run, from the environment: `STUDY_SEED` (default 42), `STUDY_TEST_IDS` (a file;
 * default none: the seeded stratified split) and `REPORTS_DIR` (default `<project>/reports`). Throws a clear
 * error for a seed that is not a whole number or a test-ids file that cannot be read.
 * @example const { seed, testIds } = studySettings(); // in a notebook, after `npm start -- --seed 7`: seed 7
 */
export function studySettings(env: Readonly<Record<string, string | undefined>> = process.env): StudySettings {
  const seed = studySeed(env);
  const idsText = env[STUDY_ENV.testIds]?.trim();
  const testIdsFile = idsText ? path.resolve(idsText) : null;
  return {
    seed,
    testIds: testIdsFile === null ? null : readTestIds(testIdsFile),
    testIdsFile,
    reportsDir: reportsDir(env),
  };
}

/**
 * The environment that hands settings to the notebooks (the inverse of {@link studySettings}); absent
 * settings are left out, so the notebooks use their defaults.
 */
export function studySettingsEnv(settings: { seed?: number; testIdsFile?: string; reportsDir?: string; nCandidates?: number; nSplits?: number }): Record<string, string> {
  return {
    ...(settings.seed !== undefined ? { [STUDY_ENV.seed]: String(settings.seed) } : {}),
    ...(settings.nCandidates !== undefined ? { [STUDY_ENV.candidates]: String(settings.nCandidates) } : {}),
    ...(settings.nSplits !== undefined ? { [STUDY_ENV.folds]: String(settings.nSplits) } : {}),
    ...(settings.testIdsFile !== undefined ? { [STUDY_ENV.testIds]: path.resolve(settings.testIdsFile) } : {}),
    ...(settings.reportsDir !== undefined ? { [STUDY_ENV.reportsDir]: path.resolve(settings.reportsDir) } : {}),
  };
}

/** What the study command ran with, to hand on to the notebooks (see {@link notebooksCommand}). */
export interface StudyRunSettings {
  /** The data directory given with --data (else the notebooks locate the data as the study did). */
  readonly dataDir?: string;
  /** The seed the study used. */
  readonly seed: number;
  /** The test-ids file given with --test-ids. */
  readonly testIdsFile?: string;
  /** The output root given with --out: the reports go to its reports/ folder. */
  readonly outDir?: string;
  /** Notebooks run at once (`npm run notebooks -- --jobs N`; default 1). */
  readonly jobs?: number;
  /** The search budget given with --candidates and --folds (the notebooks then read the same search). */
  readonly nCandidates?: number;
  readonly nSplits?: number;
}

/**
 * The `npm` arguments and environment that build the notebook reports with the study's settings: the data
 * directory as MARKET_DATA_DIR, the seed, test ids and search budget as {@link STUDY_ENV} variables, and `--out DIR/reports`
 * for scripts/run-notebooks.ts. The seed is always set and absent test ids or budgets are removed, so a value inherited
 * from the caller's environment cannot make the notebooks describe another split than the study.
 */
export function notebooksCommand(run: StudyRunSettings, baseEnv: Readonly<Record<string, string | undefined>> = process.env): { args: string[]; env: Record<string, string> } {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(baseEnv)) if (value !== undefined) env[name] = value;
  delete env[STUDY_ENV.testIds];
  delete env[STUDY_ENV.candidates];
  delete env[STUDY_ENV.folds];
  if (run.dataDir !== undefined) env['MARKET_DATA_DIR'] = path.resolve(run.dataDir);
  Object.assign(env, studySettingsEnv({
    seed: run.seed,
    ...(run.testIdsFile !== undefined ? { testIdsFile: run.testIdsFile } : {}),
    ...(run.nCandidates !== undefined ? { nCandidates: run.nCandidates } : {}),
    ...(run.nSplits !== undefined ? { nSplits: run.nSplits } : {}),
  }));
  const reportsDir = run.outDir !== undefined ? path.join(path.resolve(run.outDir), 'reports') : undefined;
  // The study has computed every stage the notebooks read, so they can run side by side, one per core.
  const jobs = run.jobs ?? 1;
  return { args: ['run', 'notebooks', '--', '--jobs', String(jobs), ...(reportsDir !== undefined ? ['--out', reportsDir] : [])], env };
}

/**
 * The study's train/test split of a modelling table: the given test ids when there are some, else a stratified
 * split of the target with the seed (test share 0.25). `runStudy` and the notebooks split through this, so they
 * agree on every customer.
 */
export function studySplit(
  table: { readonly ids: ArrayLike<number>; readonly target: Labels },
  settings: { readonly seed: number; readonly testIds?: readonly number[] | null; readonly testSize?: number },
): Fold {
  return settings.testIds ? splitByIds(table.ids, settings.testIds) : trainTestSplit(table.target, { testSize: settings.testSize ?? DEFAULT_TEST_SIZE, seed: settings.seed });
}
