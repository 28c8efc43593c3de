/**
 * Everything a run of the study depends on besides the data and the code, in one typed object: the seed, the
 * test part, the search budget, the explanation, segmentation and offer settings, and the run folder the
 * stages keep their artefacts in. `npm start`, `npm run study` and every notebook build it with
 * {@link studyConfig}; each stage reads only its own part of it (lib/study/stages), and that part is in the
 * stage's key, so a changed setting recomputes that stage and the ones after it, nothing before.
 */
import * as path from 'node:path';
import type { SegmentationSettings } from '../segment/settings';
import type { OfferEconomics } from '../segment/targeting';
import { defaultWorkerCount } from '../core/parallelism';
import { STUDY_FAMILIES, type StudyFamily } from '../selection/families';
import { DEFAULT_TEST_SIZE, STUDY_ENV, studySettings } from './settings';
import type { OfferCatalogue } from '../offers/catalogue';
import { DEFAULT_OFFER_CATALOGUE } from '../offers/default-catalogue';
import { DEFAULT_OFFER_SETTINGS, type OfferSettings } from '../offers/study';

/** How the chosen model is explained (notebooks 07 and 09, the study's summary). */
export interface ExplanationSettings {
  /** Permutation importance on the test part: shuffles per feature. */
  readonly permutationRepeats: number;
  /**
   * KernelSHAP (k-NN, SVC) explains at most this many test customers, a seeded sample: it calls the model on
   * coalitions × background rows per customer. The exact methods (TreeSHAP, LinearSHAP) explain every test customer.
   */
  readonly maxKernelCustomers: number;
  /** KernelSHAP: coalitions per customer. */
  readonly kernelSamples: number;
  /** KernelSHAP: background customers drawn from the training part. */
  readonly backgroundSize: number;
  /** Top features described in words ("what drives a drop"). */
  readonly drivers: number;
}

/** Folds and calibration settings of the calibration and segmentation stages (their seed is the run's). */
export type StudySegmentationSettings = Omit<SegmentationSettings, 'seed'>;

/** The study's defaults for {@link ExplanationSettings}. */
export const DEFAULT_EXPLANATION: ExplanationSettings = { permutationRepeats: 10, maxKernelCustomers: 100, kernelSamples: 400, backgroundSize: 25, drivers: 8 };

/** The study's defaults for {@link StudySegmentationSettings}. */
export const DEFAULT_SEGMENTATION: StudySegmentationSettings = { nSplits: 5, calibrationInnerSplits: 5, calibrationMinImprovement: 0.001 };

/**
 * The offer economics the study assumes (parameters, not data): an offer costs 0.5 profit units per customer
 * and keeps 30 % of an at-risk customer's monthly profit over the 3-month horizon of the target.
 */
export const DEFAULT_OFFER_ECONOMICS: OfferEconomics = { offerCost: 0.5, retentionShare: 0.3, horizonMonths: 3 };

/** Candidates per family and CV folds of the study's search. */
export const DEFAULT_SEARCH = { nCandidates: 50, nSplits: 5 } as const;

/** One run's settings (see the file comment); build it with {@link studyConfig}. */
export interface StudyConfig {
  /** Tells a built config from the options it was built from. */
  readonly kind: 'study-config';
  /** Where the four files are looked for (lib/data's rules: dataDir, MARKET_DATA_DIR, ./data, ../shared/data, synthetic). */
  readonly data: {
    readonly dataDir?: string;
    readonly env?: Readonly<Record<string, string | undefined>>;
    readonly synthetic?: { readonly customers?: number; readonly seed?: number };
  };
  /** Seed of the split, the folds, the candidate draws, the permutations, the SHAP samples and the segmentation folds. */
  readonly seed: number;
  /** Customer ids of the test part, or null for the seeded stratified split. */
  readonly testIds: readonly number[] | null;
  /** The file the test ids came from, for the reports (null when none, or given as a list). */
  readonly testIdsFile: string | null;
  /** Share of customers in the test part when no test ids are given. */
  readonly testSize: number;
  readonly search: {
    readonly nCandidates: number;
    readonly nSplits: number;
    readonly families: readonly StudyFamily[];
    /** Worker threads (0 = serial). The results do not depend on it, so it is in no stage's key. */
    readonly parallel: number;
  };
  readonly explanation: ExplanationSettings;
  readonly segmentation: StudySegmentationSettings;
  readonly economics: OfferEconomics;
  /** The personal offers: budget, reasons per customer, bootstrap, category rule (lib/offers/study.ts). */
  readonly offers: OfferSettings;
  /** The offer catalogue (default lib/offers/default-catalogue.ts; `--offers FILE` gives a marketer's own). */
  readonly catalogue: OfferCatalogue;
  /** The folder the stages keep their artefacts in; null = keep them in memory only. */
  readonly runDir: string | null;
}

/** What {@link studyConfig} takes: any part of the config; the rest comes from the environment or the defaults. */
export interface StudyConfigOptions {
  dataDir?: string;
  env?: Readonly<Record<string, string | undefined>>;
  synthetic?: { customers?: number; seed?: number };
  seed?: number;
  testIds?: readonly number[] | null;
  testIdsFile?: string | null;
  testSize?: number;
  search?: { nCandidates?: number; nSplits?: number; families?: readonly StudyFamily[]; parallel?: number };
  explanation?: Partial<ExplanationSettings>;
  segmentation?: Partial<StudySegmentationSettings>;
  economics?: Partial<OfferEconomics>;
  offers?: Partial<OfferSettings>;
  catalogue?: OfferCatalogue;
  /** The run folder; default `<reports>/run` (`$REPORTS_DIR/run`, or `<outDir>/reports/run`); null = in memory. */
  runDir?: string | null;
  /** Output root whose reports/run folder is the run folder (the study command's --out). */
  outDir?: string;
}

/** Name of the run folder inside the reports folder. */
export const RUN_FOLDER = 'run';

function wholeFromEnv(env: Readonly<Record<string, string | undefined>>, name: string, min: number): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new Error(`${name} must be a whole number ≥ ${min}, found ${JSON.stringify(text)}`);
  return Number(text);
}

/**
 * The run's config: `options` first, then the environment `npm start` hands to the notebooks (STUDY_SEED,
 * STUDY_TEST_IDS, STUDY_CANDIDATES, STUDY_FOLDS, REPORTS_DIR; MARKET_DATA_DIR is read by lib/data), then the
 * study's defaults.
 * @example const config = studyConfig({ seed: 7, search: { nCandidates: 5 } });
 */
export function studyConfig(options: StudyConfigOptions = {}, env: Readonly<Record<string, string | undefined>> = options.env ?? process.env): StudyConfig {
  const settings = studySettings(env);
  const testIds = options.testIds !== undefined ? options.testIds : settings.testIds;
  const runDir = options.runDir !== undefined
    ? options.runDir
    : options.outDir !== undefined ? path.join(path.resolve(options.outDir), 'reports', RUN_FOLDER) : path.join(settings.reportsDir, RUN_FOLDER);
  return {
    kind: 'study-config',
    data: {
      ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
      ...(options.env !== undefined ? { env: options.env } : {}),
      ...(options.synthetic !== undefined ? { synthetic: options.synthetic } : {}),
    },
    seed: options.seed ?? settings.seed,
    testIds: testIds === null ? null : [...testIds],
    testIdsFile: options.testIdsFile !== undefined ? options.testIdsFile : options.testIds !== undefined ? null : settings.testIdsFile,
    testSize: options.testSize ?? DEFAULT_TEST_SIZE,
    search: {
      nCandidates: options.search?.nCandidates ?? wholeFromEnv(env, STUDY_ENV.candidates, 1) ?? DEFAULT_SEARCH.nCandidates,
      nSplits: options.search?.nSplits ?? wholeFromEnv(env, STUDY_ENV.folds, 2) ?? DEFAULT_SEARCH.nSplits,
      families: [...(options.search?.families ?? STUDY_FAMILIES)],
      parallel: options.search?.parallel ?? defaultWorkerCount(),
    },
    explanation: { ...DEFAULT_EXPLANATION, ...options.explanation },
    segmentation: { ...DEFAULT_SEGMENTATION, ...options.segmentation },
    economics: { ...DEFAULT_OFFER_ECONOMICS, ...options.economics },
    offers: { ...DEFAULT_OFFER_SETTINGS, ...options.offers },
    catalogue: options.catalogue ?? DEFAULT_OFFER_CATALOGUE,
    runDir: runDir === null ? null : path.resolve(runDir),
  };
}
