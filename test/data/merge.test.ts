import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanMarketData } from '../../lib/data/clean';
import { parseMarketTexts } from '../../lib/data/load';
import { buildModelTable, modelTableRows, targetCounts } from '../../lib/data/merge';
import { FEATURES } from '../../lib/data/model-table';
import { smallTexts } from './fixtures';

const SOURCE = { kind: 'explicit', description: 'test texts' } as const;

test('pivots revenue and minutes into columns, one row per customer, ascending ids', () => {
  const raw = parseMarketTexts(smallTexts(), SOURCE);
  const { data } = cleanMarketData(raw, { extremeRevenueBound: 1e9 });
  const table = buildModelTable({ ...data, customers: [...data.customers].reverse() });
  assert.deepEqual(Array.from(table.ids), [1, 3]);
  assert.deepEqual(Array.from(table.target), [1, 0]);
  assert.deepEqual(Array.from(table.profit), [0.98, 3]);
  assert.equal(table.features.nRows, 2);
  assert.deepEqual(Object.keys(table.features.columns), [...FEATURES]);
  const c = table.features.columns;
  assert.deepEqual(Array.from(c.revenueTwoMonthsAgo as Float64Array), [4000, 6000]);
  assert.deepEqual(Array.from(c.revenuePreviousMonth as Float64Array), [4200, 6100]);
  assert.deepEqual(Array.from(c.revenueCurrentMonth as Float64Array), [4500.5, 106862.2]);
  assert.deepEqual(Array.from(c.minutesPreviousMonth as Float64Array), [13, 19]);
  assert.deepEqual(Array.from(c.minutesCurrentMonth as Float64Array), [14, 20]);
  assert.deepEqual(c.serviceType, ['премиум', 'стандарт']);
  assert.deepEqual(c.popularCategory, ['Товары для детей', 'Кухонная посуда']);
  assert.ok(c.tenureDays instanceof Float64Array);
  assert.deepEqual(targetCounts(table), { dropped: 1, sameLevel: 1 });
  const [first] = modelTableRows(table, { russian: true, limit: 1 });
  assert.equal(first!['Покупательская активность'], 'Снизилась');
  assert.equal(first!['Выручка_текущий_месяц'], 4500.5);
  assert.equal(modelTableRows(table).length, 2);
});

test('a customer without a month is refused with a clear message', () => {
  const { data } = cleanMarketData(parseMarketTexts(smallTexts(), SOURCE));
  assert.throws(
    () => buildModelTable({ ...data, minutes: data.minutes.filter((r) => r.period !== 'currentMonth') }),
    /customer 1 has no value for minutesCurrentMonth \(«минут_текущий_месяц»\)/,
  );
});
