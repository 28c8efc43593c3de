/**
 * A seeded synthetic version of the store's four files: same columns, same formats (`;` and a decimal comma
 * in money.csv, CRLF everywhere, a BOM on market_file.csv), the same kinds of faults (typos, an exact
 * duplicate row, customers without revenue in some month, one extreme revenue) and a learnable relation
 * between features and target. Any size: rows are written in chunks, so a million customers stream to disk.
 * The same options give byte-identical files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Random } from '../core/random';
import { BOM } from './csv';
import { CATEGORIES, COLUMN_NAMES, EXPECTED_FORMATS, KNOWN_TYPOS, MARKET_FILES, MARKET_TABLE_KEYS, PERIOD_LABELS, type MarketTableKey } from './schema';

/** Size and seed of a synthetic dataset. */
export interface SyntheticOptions {
  readonly customers: number;
  readonly seed: number;
  /** Id of the first customer (default 215348, as in the real export). */
  readonly firstId?: number;
}

/** The faults the generator put in, so tests and notebooks can check that cleaning finds exactly these. */
export interface SyntheticFaults {
  /** Customers whose market_file.csv row is written twice, identically. */
  readonly duplicatedCustomerIds: number[];
  /** Customers with revenue 0 in the two earlier months (not active in all three). */
  readonly zeroRevenueIds: number[];
  /** The customer whose current-month revenue is extreme. */
  readonly extremeRevenueId: number;
  /** Rows with «стандартт» instead of «стандарт». */
  readonly serviceTypeTypos: number;
  /** Rows with the cosmetics category misspelled (every cosmetics row, as in the real export). */
  readonly categoryTypos: number;
  /** market_time.csv rows with «предыдцщий_месяц» (every previous-month row, as in the real export). */
  readonly periodTypos: number;
  /** Customers with target «Снизилась» (before cleaning, duplicates counted once). */
  readonly dropped: number;
}

/** The file that carries a BOM (the real export has none; the generator adds one so readers are tested). */
export const SYNTHETIC_BOM_FILE: MarketTableKey = 'customers';

const EOL = '\r\n';
const FLUSH_CHARS = 1 << 20;
const CATEGORY_WEIGHTS = [330, 251, 223, 184, 174, 138];
const COSMETICS_AS_DELIVERED = Object.keys(KNOWN_TYPOS.popularCategory)[0]!;
const SERVICE_TYPO = Object.keys(KNOWN_TYPOS.serviceType)[0]!;
const PREVIOUS_MONTH_TYPO = Object.keys(KNOWN_TYPOS.period)[0]!;

/** Where generated text goes: called with each file's chunks in order. */
type Sink = (table: MarketTableKey, chunk: string) => void;

function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Streams the four files to `sink` in chunks; returns the faults put in. */
function generate(options: SyntheticOptions, sink: Sink): SyntheticFaults {
  const n = options.customers;
  if (!Number.isInteger(n) || n < 10) throw new RangeError(`synthetic data: customers must be a whole number ≥ 10, got ${n}`);
  const firstId = options.firstId ?? 215348;
  const rng = new Random(options.seed);
  const buffers: Record<MarketTableKey, string[]> = { customers: [], revenue: [], minutes: [], profit: [] };
  const sizes: Record<MarketTableKey, number> = { customers: 0, revenue: 0, minutes: 0, profit: 0 };
  const push = (table: MarketTableKey, line: string) => {
    buffers[table].push(line);
    sizes[table] += line.length;
    if (sizes[table] > FLUSH_CHARS) flush(table);
  };
  const flush = (table: MarketTableKey) => {
    if (buffers[table].length === 0) return;
    sink(table, buffers[table].join(''));
    buffers[table] = [];
    sizes[table] = 0;
  };
  for (const table of MARKET_TABLE_KEYS) {
    const header = Object.values(COLUMN_NAMES[table]).join(EXPECTED_FORMATS[table].separator) + EOL;
    push(table, (table === SYNTHETIC_BOM_FILE ? BOM : '') + header);
  }

  // Fixed fault positions keep small datasets faulty too: customer 0 lacks early revenue (like the real
  // 215348), customer 2 has the service typo, customer 3's row is duplicated, one random customer is extreme.
  const extremeIndex = 5 + rng.int(n - 5);
  const duplicateIndex = 3;
  const faults = {
    duplicatedCustomerIds: [firstId + duplicateIndex],
    zeroRevenueIds: [] as number[],
    extremeRevenueId: firstId + extremeIndex,
    serviceTypeTypos: 0,
    categoryTypos: 0,
    periodTypos: 0,
    dropped: 0,
  };
  let categoryTotal = 0;
  for (const w of CATEGORY_WEIGHTS) categoryTotal += w;

  for (let i = 0; i < n; i++) {
    const id = firstId + i;
    const premium = rng.next() < 0.29;
    let serviceType: string = premium ? 'премиум' : 'стандарт';
    if (!premium && (i === 2 || rng.next() < 0.01)) serviceType = SERVICE_TYPO;
    const allowMessages = rng.next() < 0.74 ? 'да' : 'нет';
    const marketing6m = clip(4.25 + 1.0 * rng.normal(), 0.9, 6.6);
    const marketingNow = 3 + rng.int(3);
    const tenure = 110 + rng.int(970);
    const promo = rng.next() < 0.2 ? 0.8 + 0.19 * rng.next() : clip(0.24 + 0.09 * rng.normal(), 0, 0.6);
    let pick = rng.next() * categoryTotal;
    let category = 0;
    while (pick >= CATEGORY_WEIGHTS[category]! && category < CATEGORIES.length - 1) pick -= CATEGORY_WEIGHTS[category++]!;
    const categoryName = CATEGORIES[category] === 'Косметика и аксессуары' ? COSMETICS_AS_DELIVERED : CATEGORIES[category]!;
    const categoriesPerVisit = 1 + rng.int(6);
    const unpaid = Math.min(10, Math.floor(-Math.log(1 - rng.next()) * 3));
    const errors = Math.min(9, Math.floor(-Math.log(1 - rng.next()) * 4));
    const pages = clip(Math.round(8 + 4 * rng.normal()), 1, 20);
    const minutesPrevious = clip(Math.round(13 + 4 * rng.normal()), 4, 23);
    const minutesCurrent = clip(Math.round(13 + 4 * rng.normal()), 4, 23);

    // The target: logistic in the behaviours the study expects to matter.
    const m6 = Math.round(marketing6m * 10) / 10;
    const logit =
      -0.75 +
      2.2 * (promo - 0.3) / 0.25 * 0.6 -
      0.32 * (pages - 8) -
      0.14 * (minutesPrevious + minutesCurrent - 26) +
      0.3 * (unpaid - 3) -
      0.9 * (m6 - 4.25) +
      0.25 * (categoriesPerVisit === 1 || categoriesPerVisit === 2 ? 1 : -0.3);
    const droppedActivity = rng.next() < 1 / (1 + Math.exp(-logit));
    if (droppedActivity) faults.dropped++;

    const line =
      [
        id,
        droppedActivity ? 'Снизилась' : 'Прежний уровень',
        serviceType,
        allowMessages,
        m6.toFixed(1),
        marketingNow,
        tenure,
        promo.toFixed(2),
        categoryName,
        categoriesPerVisit,
        unpaid,
        errors,
        pages,
      ].join(',') + EOL;
    push('customers', line);
    if (i === duplicateIndex) push('customers', line);
    if (serviceType === SERVICE_TYPO) faults.serviceTypeTypos++;
    if (categoryName === COSMETICS_AS_DELIVERED) faults.categoryTypos++;

    let twoAgo = clip(4800 + 500 * rng.normal(), 2500, 7000);
    let previous = clip(4950 + 600 * rng.normal(), 2500, 7500);
    let current = clip(5200 + 800 * rng.normal(), 2500, 8000);
    const zero = i === 0 || (i !== extremeIndex && rng.next() < 0.0025);
    if (zero) {
      twoAgo = 0;
      previous = 0;
      faults.zeroRevenueIds.push(id);
    }
    if (i === extremeIndex) current = 90000 + 30000 * rng.next();
    push('revenue', `${id},${PERIOD_LABELS.twoMonthsAgo},${twoAgo.toFixed(1)}${EOL}`);
    push('revenue', `${id},${PERIOD_LABELS.currentMonth},${current.toFixed(1)}${EOL}`);
    push('revenue', `${id},${PERIOD_LABELS.previousMonth},${previous.toFixed(1)}${EOL}`);

    push('minutes', `${id},${PERIOD_LABELS.currentMonth},${minutesCurrent}${EOL}`);
    push('minutes', `${id},${PREVIOUS_MONTH_TYPO},${minutesPrevious}${EOL}`);
    faults.periodTypos++;

    const profit = clip(4 + rng.normal(), 0.86, 7.43);
    push('profit', `${id};${profit.toFixed(2).replace('.', ',')}${EOL}`);
  }
  for (const table of MARKET_TABLE_KEYS) flush(table);
  return faults;
}

/**
 * The four files as strings, for tests and the synthetic fallback of `loadMarketData`.
 * @example const { files, faults } = syntheticFiles({customers: 200, seed: 1}); files.profit.startsWith('id;Прибыль')
 */
export function syntheticFiles(options: SyntheticOptions): {
  files: Readonly<Record<MarketTableKey, string>>;
  faults: SyntheticFaults;
} {
  const parts: Record<MarketTableKey, string[]> = { customers: [], revenue: [], minutes: [], profit: [] };
  const faults = generate(options, (table, chunk) => parts[table].push(chunk));
  return {
    files: {
      customers: parts.customers.join(''),
      revenue: parts.revenue.join(''),
      minutes: parts.minutes.join(''),
      profit: parts.profit.join(''),
    },
    faults,
  };
}

/**
 * Writes the four files into `dir` (created if needed), streaming in chunks of about a megabyte.
 * @example writeSyntheticData('/tmp/market', {customers: 1_000_000, seed: 7})
 */
export function writeSyntheticData(
  dir: string,
  options: SyntheticOptions,
): { paths: Record<MarketTableKey, string>; bytes: number; faults: SyntheticFaults } {
  fs.mkdirSync(dir, { recursive: true });
  const paths = {} as Record<MarketTableKey, string>;
  const fds = {} as Record<MarketTableKey, number>;
  let bytes = 0;
  try {
    for (const table of MARKET_TABLE_KEYS) {
      paths[table] = path.join(dir, MARKET_FILES[table]);
      fds[table] = fs.openSync(paths[table], 'w');
    }
    const faults = generate(options, (table, chunk) => {
      const buffer = Buffer.from(chunk, 'utf8');
      fs.writeSync(fds[table], buffer);
      bytes += buffer.length;
    });
    return { paths, bytes, faults };
  } finally {
    for (const fd of Object.values(fds)) fs.closeSync(fd);
  }
}
