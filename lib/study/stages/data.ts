/**
 * The data stages: load (locate and read the four files, validated), clean (the rules, with a log of every
 * row removed or changed), merge (the modelling table). Loading is not saved — its artefact is the delivered
 * files themselves, and its key is their sha256 (or the synthetic generator's settings) — so every later
 * stage is keyed by the data's content, wherever the files lie.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanMarketData, cleaningCounts, type CleanData, type CleaningLog } from '../../data/clean';
import { loadMarketData, type MarketData } from '../../data/load';
import { locateData, type DataSource } from '../../data/locate';
import { buildModelTable } from '../../data/merge';
import type { ModelTable } from '../../data/model-table';
import { MARKET_FILES, MARKET_TABLE_KEYS } from '../../data/schema';
import type { StudyConfig } from '../config';
import { defineStage } from '../stage';

/** Where the run's data comes from (lib/data's rules applied to the config). */
export function dataSourceOf(config: StudyConfig): DataSource {
  return locateData(config.data);
}

/**
 * The data's fingerprint: sha256 over the four files' bytes in table order, or the synthetic generator's
 * settings (it is deterministic). The load stage's key.
 */
export function dataFingerprint(config: StudyConfig): string {
  const source = dataSourceOf(config);
  const hash = createHash('sha256');
  if (source.kind === 'synthetic') {
    hash.update(`synthetic:${JSON.stringify(source.synthetic)}`);
  } else {
    for (const table of MARKET_TABLE_KEYS) {
      const bytes = fs.readFileSync(path.join(source.path!, MARKET_FILES[table]));
      hash.update(`${table}:${bytes.length}:`);
      hash.update(bytes);
    }
  }
  return `sha256:${hash.digest('hex')}`;
}

/** Stage `load`: the four files read and validated. */
export const loadStage = defineStage<Record<string, never>, MarketData>({
  name: 'load',
  description: 'locate and read the four files, validated (errors name file, line, column); not saved: keyed by the files’ sha256',
  deps: [],
  module: __filename,
  settings: () => null,
  persist: false,
  ownKey: dataFingerprint,
  compute: (_inputs, { config }) => loadMarketData(config.data),
});

/** The clean stage's artefact: the cleaned tables, the log of every change, and rows per file before and after. */
export interface CleanArtefact {
  readonly clean: CleanData;
  readonly log: CleaningLog;
  readonly counts: Array<{ file: string; before: number; after: number; removed: number; changed: number }>;
}

/** Stage `clean`: the cleaning rules and their log. */
export const cleanStage = defineStage<{ load: MarketData }, CleanArtefact>({
  name: 'clean',
  description: 'known typos fixed, duplicates, inactive customers and the extreme revenue removed; every row counted in the log',
  deps: ['load'],
  module: __filename,
  settings: () => null,
  compute: ({ load }) => {
    const { data, log } = cleanMarketData(load);
    return { clean: data, log, counts: cleaningCounts(load, data, log) };
  },
});

/** Stage `merge`: the modelling table (one row per customer, features, target, profit). */
export const mergeStage = defineStage<{ clean: CleanArtefact }, ModelTable>({
  name: 'merge',
  description: 'the modelling table: revenue and minutes pivoted by period, one row per customer, target and profit beside',
  deps: ['clean'],
  module: __filename,
  settings: () => null,
  compute: ({ clean }) => buildModelTable(clean.clean),
});

/** The data stages alone: what notebooks 01–05 need, without the model code (a lighter import for tslab). */
export const DATA_STAGES = { load: loadStage, clean: cleanStage, merge: mergeStage } as const;
