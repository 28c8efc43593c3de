import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanMarketData, cleaningCounts, EXTREME_REVENUE_BOUND } from '../../lib/data/clean';
import { parseMarketTexts } from '../../lib/data/load';
import { MARKET_TABLE_KEYS } from '../../lib/data/schema';
import { smallTexts } from './fixtures';

const SOURCE = { kind: 'explicit', description: 'test texts' } as const;

// The small files hold: customer 2 with a service typo, the category typo and revenue 0 in one month;
// customer 3 with an extreme current-month revenue; market_time «предыдцщий_месяц» for customers 1 and 3.
const raw = () =>
  parseMarketTexts(
    smallTexts((l) => {
      l.customers.push(l.customers[1]!); // exact duplicate of customer 1
      l.minutes.push(l.minutes[2]!); // exact duplicate with the period typo
    }),
    SOURCE,
  );

test('typos are replaced and logged with the ids they touched', () => {
  const { data, log } = cleanMarketData(raw());
  const service = log.find((e) => e.description.includes('«стандартт»'))!;
  assert.deepEqual([service.rule, service.file, service.action, service.count, service.ids], ['fix-typo', 'market_file.csv', 'changed', 1, [2]]);
  const category = log.find((e) => e.description.includes('аксесуары'))!;
  assert.deepEqual([category.count, category.ids], [1, [2]]);
  const period = log.find((e) => e.file === 'market_time.csv' && e.rule === 'fix-typo')!;
  assert.deepEqual([period.count, period.ids], [3, [1, 3]]);
  assert.ok(data.minutes.every((r) => r.period === 'currentMonth' || r.period === 'previousMonth'));
});

test('exact duplicates are removed (first kept) and logged', () => {
  const { log } = cleanMarketData(raw());
  const dups = log.filter((e) => e.rule === 'remove-full-duplicates');
  assert.deepEqual(
    dups.map((e) => [e.file, e.count, e.ids]),
    [['market_file.csv', 1, [1]], ['market_money.csv', 0, []], ['market_time.csv', 1, [1]], ['money.csv', 0, []]],
  );
});

test('customers without revenue in some month and the extreme one are removed from every table', () => {
  const { data, log } = cleanMarketData(raw());
  assert.deepEqual(data.excluded, { inactive: [2], extremeRevenue: [3] });
  assert.deepEqual(data.customers.map((c) => c.id), [1]);
  assert.deepEqual(data.revenue.map((r) => r.id), [1, 1, 1]);
  assert.deepEqual(data.profit, [{ id: 1, profit: 0.98 }]);
  const inactive = log.filter((e) => e.rule === 'remove-inactive-customers');
  assert.deepEqual(inactive.map((e) => e.count), [1, 3, 2, 1]);
  const extreme = log.filter((e) => e.rule === 'remove-extreme-revenue');
  assert.deepEqual(extreme.map((e) => e.count), [1, 3, 2, 1]);
  assert.match(extreme[0]!.description, new RegExp(`above ${EXTREME_REVENUE_BOUND}`));
});

test('no row disappears without an entry: before − logged removals = after, for every file', () => {
  const data = raw();
  const { data: clean, log } = cleanMarketData(data);
  for (const counts of cleaningCounts(data, clean, log)) {
    assert.equal(counts.before - counts.removed, counts.after, counts.file);
  }
  for (const table of MARKET_TABLE_KEYS) assert.ok(log.some((e) => e.file === data.formats[table].file));
});

test('the extreme bound is an option', () => {
  const { data } = cleanMarketData(raw(), { extremeRevenueBound: 200_000 });
  assert.deepEqual(data.excluded.extremeRevenue, []);
  assert.deepEqual(data.customers.map((c) => c.id), [1, 3]);
});
