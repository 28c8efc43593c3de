#!/usr/bin/env node
/**
 * `npm run score -- --model models/model.json --data DIR --out scores.csv`
 *
 * Scores customers with a model file written by `npm start`. DATA is a directory with the four files (the
 * target column may be absent) or one merged CSV table. Writes OUT (id, dropProbability, segment) and the
 * rejects file (OUT with `.csv` → `.rejects.csv`: id, file, line, rule, reason).
 *
 * `--emit-sql FILE [--dialect duckdb|postgres]` writes the model as one SQL script of views instead of scoring
 * (lib/sql/score-sql.ts; DuckDB reads the CSV files of --data, or tables when no --data is given; PostgreSQL
 * reads the tables market_file, market_money, market_time, money). `--engine duckdb` scores the four CSV
 * files of --data with that SQL in embedded DuckDB (same output files as the default `--engine node`).
 *
 * `--reasons` adds each customer's profit at stake, three reasons in words, the personal offer (id and title),
 * its category and expected net value (the model file's offers part; `--offers FILE` replaces its catalogue
 * with a marketer's, checked first). `--budget COST` or `--max-offers N` also chooses the campaign of largest
 * total expected value within that budget and writes it to OUT with `.csv` → `.campaign.csv` (or --campaign).
 *
 * Exit codes: 0 every row scored · 3 some rows rejected (see the rejects file) · 1 input refused (model
 * file missing, corrupted, of another schema version or not matching the data; unreadable data) ·
 * 2 usage error.
 */
import * as path from 'node:path';
import { writeFileAtomic } from '../lib/io/atomic';
import { readModelFile } from '../lib/model-file';
import { readOfferCatalogue } from '../lib/offers/catalogue';
import { scoreCustomers } from '../lib/score/scorer';
import { scoreWithDuckDb } from '../lib/sql/engines';
import { scoringSql, sqlDialectOf } from '../lib/sql/score-sql';
import { EXIT, parseCommandLine, runCommand, stringOption, integerOption, UsageError } from './cli';

const USAGE =
  'usage: npm run score -- --model models/model.json --data DIR|TABLE.csv --out scores.csv [--rejects FILE] [--batch N] [--engine node|duckdb] [--quiet]\n' +
  '       npm run score -- ... --reasons [--offers CATALOGUE.json] [--budget COST | --max-offers N] [--campaign FILE]\n' +
  '       npm run score -- --model models/model.json --emit-sql FILE [--dialect duckdb|postgres] [--data DIR]';

runCommand('score', async (argv) => {
  const { values } = parseCommandLine(
    argv,
    {
      model: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      rejects: { type: 'string' },
      batch: { type: 'string' },
      quiet: { type: 'boolean' },
      'emit-sql': { type: 'string' },
      dialect: { type: 'string' },
      engine: { type: 'string' },
      reasons: { type: 'boolean' },
      offers: { type: 'string' },
      budget: { type: 'string' },
      'max-offers': { type: 'string' },
      campaign: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const model = stringOption(values.model, 'model') ?? 'models/model.json';
  const emitSql = stringOption(values['emit-sql'], 'emit-sql');
  const dialectName = stringOption(values.dialect, 'dialect');
  if (emitSql !== undefined) {
    // Everything is checked (dialect, model file) before the file is written, in one atomic write.
    const dialect = sqlDialectOf(dialectName ?? 'duckdb');
    const dataDir = stringOption(values.data, 'data');
    const loaded = readModelFile(model);
    const source = dialect === 'duckdb' && dataDir !== undefined ? { kind: 'csv' as const, dir: path.resolve(dataDir) } : { kind: 'tables' as const };
    writeFileAtomic(emitSql, scoringSql(loaded.file, { dialect, source }));
    process.stdout.write(`wrote the ${dialect} scoring SQL (${loaded.file.family}) → ${emitSql}: query okc_scores (id, dropProbability, segment) and okc_rejects\n`);
    return EXIT.ok;
  }
  if (dialectName !== undefined) throw new UsageError(`--dialect goes with --emit-sql\n${USAGE}`);
  const engine = stringOption(values.engine, 'engine') ?? 'node';
  if (engine !== 'node' && engine !== 'duckdb') throw new UsageError(`--engine must be node or duckdb, got ${JSON.stringify(engine)}\n${USAGE}`);
  const data = stringOption(values.data, 'data') ?? process.env.MARKET_DATA_DIR;
  if (data === undefined) throw new UsageError(`--data is required (a directory with the four files or a merged CSV table)\n${USAGE}`);
  const out = stringOption(values.out, 'out');
  if (out === undefined) throw new UsageError(`--out is required\n${USAGE}`);
  const rejects = stringOption(values.rejects, 'rejects');
  const batch = integerOption(values.batch, 'batch', 1, 'customers per scoring batch');
  const budgetText = stringOption(values.budget, 'budget');
  if (budgetText !== undefined && !(/^\d+(\.\d+)?$/.test(budgetText))) throw new UsageError(`--budget expects a total cost ≥ 0 in units of the Прибыль column, got ${JSON.stringify(budgetText)}`);
  const maxOffers = integerOption(values['max-offers'], 'max-offers', 0, 'offers in the campaign');
  if (budgetText !== undefined && maxOffers !== undefined) throw new UsageError(`give --budget or --max-offers, not both\n${USAGE}`);
  const budget = budgetText !== undefined ? { maxCost: Number(budgetText) } : maxOffers !== undefined ? { maxOffers } : undefined;
  const offersFile = stringOption(values.offers, 'offers');
  const campaign = stringOption(values.campaign, 'campaign');
  const withOffers = values.reasons === true || budget !== undefined || offersFile !== undefined;
  if (withOffers && engine !== 'node') throw new UsageError(`--reasons, --offers and a budget are scored by the node engine only\n${USAGE}`);
  // The catalogue is checked before anything is read or written.
  const catalogue = offersFile !== undefined ? readOfferCatalogue(offersFile) : undefined;
  const summary = engine === 'duckdb'
    ? await scoreWithDuckDb({ model, data, out, ...(rejects !== undefined ? { rejects } : {}) })
    : await scoreCustomers({
    model,
    data,
    out,
    ...(rejects !== undefined ? { rejects } : {}),
    ...(batch !== undefined ? { batchSize: batch } : {}),
    ...(withOffers ? { reasons: true } : {}),
    ...(budget !== undefined ? { budget } : {}),
    ...(catalogue !== undefined ? { catalogue } : {}),
    ...(campaign !== undefined ? { campaign } : {}),
    progress: values.quiet ? { silent: true } : { stream: process.stderr },
  });
  const rules = Object.entries(summary.rejectedByRule).map(([rule, count]) => `${rule} ${count}`).join(', ');
  process.stdout.write(
    `scored ${summary.scored} customers → ${summary.out}\n` +
      `rejected ${summary.rejected} rows${rules ? ` (${rules})` : ''} → ${summary.rejectsPath}\n` +
      (Object.keys(summary.segments).length > 0
        ? `segments: ${Object.entries(summary.segments).map(([name, count]) => `${name} ${count}`).join(', ')}\n`
        : '') +
      ('campaign' in summary && summary.campaign
        ? `campaign: ${summary.campaign.offers} offers, total cost ${summary.campaign.totalCost.toFixed(2)}, expected net value ${summary.campaign.totalValue.toFixed(2)} (${summary.campaign.method}) → ${summary.campaign.path}\n`
        : ''),
  );
  return summary.exitCode;
});
