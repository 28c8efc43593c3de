/**
 * The benchmark's data: the study's modelling table from lib/data (`prepareStudyData()`) when that exists,
 * otherwise a minimal reading of ../shared/data done here (typos mapped, customers without revenue in
 * some month and the one extreme revenue dropped), so the search benchmark can run before the data
 * pipeline lands. Which one was used is printed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Labels } from '../lib/core/types';
import { FEATURES, SERVICE_TYPE_ORDER, TARGET_POSITIVE } from '../lib/data/model-table';

/** Rows, labels and where they came from. */
export interface BenchData {
  frame: Frame;
  y: Labels;
  ids: Int32Array;
  source: string;
}

function readCsv(file: string, sep: string): string[][] {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  return text.split(/\r?\n/).filter((l) => l.length > 0).map((l) => l.split(sep));
}

function minimalLoad(dir: string): BenchData {
  const num = (s: string) => Number(s.replace(',', '.'));
  const market = readCsv(path.join(dir, 'market_file.csv'), ',').slice(1);
  const revenue = new Map<number, Record<string, number>>();
  for (const [id, period, value] of readCsv(path.join(dir, 'market_money.csv'), ',').slice(1)) {
    const r = revenue.get(Number(id)) ?? {};
    r[period!] = num(value!);
    revenue.set(Number(id), r);
  }
  const minutes = new Map<number, Record<string, number>>();
  for (const [id, period, value] of readCsv(path.join(dir, 'market_time.csv'), ',').slice(1)) {
    const r = minutes.get(Number(id)) ?? {};
    r[period!.replace('предыдцщий', 'предыдущий')] = num(value!);
    minutes.set(Number(id), r);
  }
  const rows = market.filter((r) => {
    const rev = revenue.get(Number(r[0]));
    if (!rev) return false;
    const values = ['препредыдущий_месяц', 'предыдущий_месяц', 'текущий_месяц'].map((p) => rev[p] ?? 0);
    return values.every((v) => v > 0 && v < 100000);
  });
  const n = rows.length;
  const col = (k: number) => Float64Array.from(rows, (r) => num(r[k]!));
  const rev = (p: string) => Float64Array.from(rows, (r) => revenue.get(Number(r[0]))![p]!);
  const min = (p: string) => Float64Array.from(rows, (r) => minutes.get(Number(r[0]))![p]!);
  const columns: Record<string, Float64Array | string[]> = {
    serviceType: rows.map((r) => (r[2] === 'стандартт' ? SERVICE_TYPE_ORDER[0] : r[2]!)),
    allowMessages: rows.map((r) => r[3]!),
    marketingActivity6m: col(4),
    marketingActivityCurrentMonth: col(5),
    tenureDays: col(6),
    promoPurchaseShare: col(7),
    popularCategory: rows.map((r) => r[8]!.replace('аксесуары', 'аксессуары')),
    categoriesPerVisit: col(9),
    unpaidItemsQuarter: col(10),
    serviceErrors: col(11),
    pagesPerVisit: col(12),
    revenueTwoMonthsAgo: rev('препредыдущий_месяц'),
    revenuePreviousMonth: rev('предыдущий_месяц'),
    revenueCurrentMonth: rev('текущий_месяц'),
    minutesPreviousMonth: min('предыдущий_месяц'),
    minutesCurrentMonth: min('текущий_месяц'),
  };
  for (const f of FEATURES) if (!(f in columns)) throw new Error(`bench data: feature ${f} not built`);
  return {
    frame: { nRows: n, columns },
    y: Uint8Array.from(rows, (r) => (r[1] === TARGET_POSITIVE ? 1 : 0)),
    ids: Int32Array.from(rows, (r) => Number(r[0])),
    source: `minimal reader of ${dir} (lib/data prepareStudyData not available)`,
  };
}

/** The study data for the benchmark (see the file comment). */
export async function loadBenchData(): Promise<BenchData> {
  const dataIndex = path.join(__dirname, '..', 'lib', 'data', 'index.ts');
  if (fs.existsSync(dataIndex)) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(dataIndex) as { prepareStudyData?: (...a: unknown[]) => unknown };
      if (typeof mod.prepareStudyData === 'function') {
        const result = (await mod.prepareStudyData()) as Record<string, unknown>;
        const table = (result && 'features' in result ? result : (result.table ?? result.modelTable)) as
          | { features: Frame; target: Labels; ids: Int32Array }
          | undefined;
        if (table?.features && table.target) return { frame: table.features, y: table.target, ids: table.ids, source: 'lib/data prepareStudyData()' };
      }
    } catch (e) {
      console.warn(`lib/data prepareStudyData() failed (${e instanceof Error ? e.message : e}); using the minimal reader`);
    }
  }
  const dir = process.env.STUDY_DATA_DIR ?? path.join(__dirname, '..', '..', 'shared', 'data');
  return minimalLoad(dir);
}
