import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoryCounts, revenueByPeriod, revenueSummary, schemaLines } from '../../lib/data/inspect';
import { parseMarketTexts } from '../../lib/data/load';
import { smallTexts } from './fixtures';

const raw = () => parseMarketTexts(smallTexts(), { kind: 'explicit', description: 'test' });

test('schemaLines maps every Russian column to its English field and type', () => {
  const lines = schemaLines();
  assert.equal(lines.length, 13 + 3 + 3 + 2);
  assert.deepEqual(lines.find((l) => l.column === 'Длительность'), { file: 'market_file.csv', column: 'Длительность', field: 'tenureDays', type: 'integer' });
  assert.deepEqual(lines.find((l) => l.column === 'Прибыль'), { file: 'money.csv', column: 'Прибыль', field: 'profit', type: 'decimal' });
});

test('categoryCounts shows typos with their corrections', () => {
  const counts = categoryCounts(raw());
  const service = counts.filter((c) => c.column === 'Тип сервиса');
  assert.deepEqual(service.map((c) => [c.value, c.count, c.status]), [['премиум', 1, 'correct'], ['стандартт', 1, 'known typo'], ['стандарт', 1, 'correct']]);
  const time = counts.filter((c) => c.file === 'market_time.csv');
  assert.deepEqual(time.map((c) => [c.value, c.count, c.correction]), [['текущий_месяц', 3, undefined], ['предыдцщий_месяц', 2, 'предыдущий_месяц'], ['предыдущий_месяц', 1, undefined]]);
});

test('revenueSummary and revenueByPeriod', () => {
  const summary = revenueSummary(raw());
  assert.deepEqual(summary.map((s) => [s.period, s.count, s.zeros, s.min, s.median, s.max]), [
    ['twoMonthsAgo', 3, 0, 4000, 5000, 6000],
    ['previousMonth', 3, 1, 0, 4200, 6100],
    ['currentMonth', 3, 0, 4500.5, 5100, 106862.2],
  ]);
  assert.deepEqual(revenueByPeriod(raw().revenue).currentMonth, [4500.5, 5100, 106862.2]);
});
