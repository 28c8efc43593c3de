/**
 * The whole data step in one call: locate, load and validate, clean, merge.
 */
import { cleanMarketData, type CleanData, type CleaningLog, type CleaningOptions } from './clean';
import { loadMarketData, type LoadOptions, type MarketData } from './load';
import type { DataSource } from './locate';
import { buildModelTable } from './merge';
import type { ModelTable } from './model-table';

/** Everything the data step produces, from the source to the modelling table. */
export interface StudyData {
  readonly source: DataSource;
  readonly raw: MarketData;
  readonly clean: CleanData;
  readonly log: CleaningLog;
  readonly table: ModelTable;
}

/**
 * Loads, cleans and merges the store's data.
 * @example const { source, table } = prepareStudyData(); console.log(source.description, table.ids.length)
 */
export function prepareStudyData(options: LoadOptions & CleaningOptions = {}): StudyData {
  const raw = loadMarketData(options);
  const { data: clean, log } = cleanMarketData(raw, options);
  return { source: raw.source, raw, clean, log, table: buildModelTable(clean) };
}
