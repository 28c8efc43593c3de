import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { cleanMarketData } from '../../lib/data/clean';
import { parseMarketTexts } from '../../lib/data/load';
import { buildModelTable, targetCounts } from '../../lib/data/merge';
import { MARKET_FILES, MARKET_TABLE_KEYS } from '../../lib/data/schema';
import { syntheticFiles, writeSyntheticData } from '../../lib/data/synthetic';

const SOURCE = { kind: 'synthetic', description: 'test' } as const;

test('same seed, same bytes; another seed, other bytes', () => {
  const a = syntheticFiles({ customers: 500, seed: 11 });
  const b = syntheticFiles({ customers: 500, seed: 11 });
  const c = syntheticFiles({ customers: 500, seed: 12 });
  assert.deepEqual(a, b);
  assert.notEqual(a.files.customers, c.files.customers);
});

test('files written to disk are byte-identical between runs and to the in-memory texts', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'market-synth-'));
  try {
    const first = writeSyntheticData(path.join(base, 'a'), { customers: 3000, seed: 5 });
    writeSyntheticData(path.join(base, 'b'), { customers: 3000, seed: 5 });
    const memory = syntheticFiles({ customers: 3000, seed: 5 });
    let total = 0;
    for (const key of MARKET_TABLE_KEYS) {
      const a = fs.readFileSync(path.join(base, 'a', MARKET_FILES[key]));
      const b = fs.readFileSync(path.join(base, 'b', MARKET_FILES[key]));
      assert.ok(a.equals(b), MARKET_FILES[key]);
      assert.equal(a.toString('utf8'), memory.files[key]);
      total += a.length;
    }
    assert.equal(first.bytes, total);
    assert.deepEqual(first.faults, memory.faults);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('the formats of the real export, plus a BOM on market_file.csv', () => {
  const { files } = syntheticFiles({ customers: 50, seed: 1 });
  const raw = parseMarketTexts(files, SOURCE);
  assert.deepEqual(
    Object.values(raw.formats).map((f) => [f.file, f.separator, f.decimal, f.lineEnding, f.bom, f.asDocumented]),
    [
      ['market_file.csv', ',', '.', 'CRLF', true, true],
      ['market_money.csv', ',', '.', 'CRLF', false, true],
      ['market_time.csv', ',', 'none', 'CRLF', false, true],
      ['money.csv', ';', ',', 'CRLF', false, true],
    ],
  );
  assert.match(files.profit, /^id;Прибыль\r\n\d+;\d+,\d\d\r\n/);
});

test('cleaning finds exactly the faults the generator put in', () => {
  const { files, faults } = syntheticFiles({ customers: 2000, seed: 3 });
  const raw = parseMarketTexts(files, SOURCE);
  assert.equal(raw.customers.length, 2001);
  const { data, log } = cleanMarketData(raw);
  const count = (rule: string, file: string, needle = '') =>
    log.filter((e) => e.rule === rule && e.file === file && e.description.includes(needle)).reduce((s, e) => s + e.count, 0);
  assert.equal(count('fix-typo', 'market_file.csv', 'стандартт'), faults.serviceTypeTypos);
  assert.equal(count('fix-typo', 'market_file.csv', 'аксесуары'), faults.categoryTypos);
  assert.equal(count('fix-typo', 'market_time.csv'), faults.periodTypos);
  assert.equal(count('remove-full-duplicates', 'market_file.csv'), 1);
  assert.deepEqual(log.find((e) => e.rule === 'remove-full-duplicates' && e.count > 0)!.ids, faults.duplicatedCustomerIds);
  assert.deepEqual(data.excluded.inactive, faults.zeroRevenueIds);
  assert.deepEqual(data.excluded.extremeRevenue, [faults.extremeRevenueId]);
  assert.ok(faults.serviceTypeTypos >= 1 && faults.zeroRevenueIds.length >= 1);
  const table = buildModelTable(data);
  assert.equal(table.ids.length, 2000 - faults.zeroRevenueIds.length - 1);
});

test('the target depends on the features (promo share up, pages down for «Снизилась»)', () => {
  const { files } = syntheticFiles({ customers: 4000, seed: 9 });
  const table = buildModelTable(cleanMarketData(parseMarketTexts(files, SOURCE)).data);
  const { dropped, sameLevel } = targetCounts(table);
  assert.ok(dropped / (dropped + sameLevel) > 0.3 && dropped / (dropped + sameLevel) < 0.5);
  const mean = (name: string, y: number) => {
    const col = table.features.columns[name] as Float64Array;
    let s = 0;
    let n = 0;
    for (let i = 0; i < col.length; i++) if (table.target[i] === y) (s += col[i]!), n++;
    return s / n;
  };
  assert.ok(mean('promoPurchaseShare', 1) - mean('promoPurchaseShare', 0) > 0.1);
  assert.ok(mean('pagesPerVisit', 0) - mean('pagesPerVisit', 1) > 1.5);
  assert.ok(mean('marketingActivity6m', 0) - mean('marketingActivity6m', 1) > 0.3);
});

test('too few customers is refused', () => {
  assert.throws(() => syntheticFiles({ customers: 5, seed: 1 }), /customers must be a whole number ≥ 10/);
});
