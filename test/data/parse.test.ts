import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataValidationError } from '../../lib/data/errors';
import {
  parseHeader,
  parseMarketFileRow,
  parseMarketMoneyRow,
  parseMarketTimeRow,
  parseMoneyRow,
  periodOfLabel,
} from '../../lib/data/parse';

const CUSTOMER = '215348,Снизилась,премиум,да,3.4,5,121,0.0,Товары для детей,6,2,1,5'.split(',');

/** Asserts that `fn` throws a DataValidationError with these fields. */
function throwsProblem(fn: () => unknown, expected: Partial<DataValidationError>): DataValidationError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof DataValidationError, `expected a DataValidationError, got ${String(error)}`);
    for (const [key, value] of Object.entries(expected)) assert.equal((error as never)[key], value, `field ${key}`);
    return error;
  }
  assert.fail('expected a DataValidationError');
}

test('a market_file row parses into typed English fields', () => {
  assert.deepEqual(parseMarketFileRow(CUSTOMER, 2), {
    id: 215348,
    activity: 'Снизилась',
    serviceType: 'премиум',
    allowMessages: 'да',
    marketingActivity6m: 3.4,
    marketingActivityCurrentMonth: 5,
    tenureDays: 121,
    promoPurchaseShare: 0,
    popularCategory: 'Товары для детей',
    categoriesPerVisit: 6,
    unpaidItemsQuarter: 2,
    serviceErrors: 1,
    pagesPerVisit: 5,
  });
});

test('a wrong type names file, line, column, expectation and value', () => {
  const fields = [...CUSTOMER];
  fields[6] = 'abc';
  const error = throwsProblem(() => parseMarketFileRow(fields, 17), {
    file: 'market_file.csv',
    line: 17,
    column: 'Длительность',
    expected: 'a whole number',
    found: 'abc',
  });
  assert.equal(error.message, 'market_file.csv, line 17, column «Длительность»: expected a whole number, found "abc"');
});

test('empty values, fractions where whole numbers belong, and shares above 1 are refused', () => {
  const empty = [...CUSTOMER];
  empty[5] = '';
  assert.match(throwsProblem(() => parseMarketFileRow(empty, 3), { column: 'Маркет_актив_тек_мес' }).message, /found an empty value$/);
  const fraction = [...CUSTOMER];
  fraction[12] = '5.5';
  throwsProblem(() => parseMarketFileRow(fraction, 3), { column: 'Страниц_за_визит', found: '5.5' });
  const share = [...CUSTOMER];
  share[7] = '1.2';
  throwsProblem(() => parseMarketFileRow(share, 3), { column: 'Акционные_покупки', expected: 'a share between 0 and 1' });
  const id = [...CUSTOMER];
  id[0] = 'x1';
  throwsProblem(() => parseMarketFileRow(id, 3), { column: 'id', expected: 'a customer id (a positive whole number)' });
});

test('known typos are read as delivered; unknown categories are refused with the allowed values', () => {
  const typo = [...CUSTOMER];
  typo[2] = 'стандартт';
  typo[8] = 'Косметика и аксесуары';
  const row = parseMarketFileRow(typo, 4);
  assert.equal(row.serviceType, 'стандартт');
  assert.equal(row.popularCategory, 'Косметика и аксесуары');
  const unknown = [...CUSTOMER];
  unknown[2] = 'люкс';
  const error = throwsProblem(() => parseMarketFileRow(unknown, 5), { column: 'Тип сервиса', found: 'люкс' });
  assert.equal(error.message, 'market_file.csv, line 5, column «Тип сервиса»: expected one of «стандарт», «премиум», found "люкс"');
  const target = [...CUSTOMER];
  target[1] = 'Выросла';
  throwsProblem(() => parseMarketFileRow(target, 6), { column: 'Покупательская активность' });
});

test('a line with the wrong number of fields is refused', () => {
  const error = throwsProblem(() => parseMarketFileRow(CUSTOMER.slice(0, 12), 9), { line: 9, column: null });
  assert.equal(error.message, 'market_file.csv, line 9: expected 13 fields separated by ",", found 12 fields');
});

test('long tables: periods by label, known period typo accepted, unknown period refused', () => {
  assert.deepEqual(parseMarketMoneyRow(['1', 'текущий_месяц', '3293.1'], 2), { id: 1, periodLabel: 'текущий_месяц', revenue: 3293.1 });
  assert.deepEqual(parseMarketTimeRow(['1', 'предыдцщий_месяц', '13'], 3), { id: 1, periodLabel: 'предыдцщий_месяц', minutes: 13 });
  assert.equal(periodOfLabel('предыдцщий_месяц'), 'previousMonth');
  assert.equal(periodOfLabel('препредыдущий_месяц'), 'twoMonthsAgo');
  assert.equal(periodOfLabel('позапрошлый'), undefined);
  const unknown = throwsProblem(() => parseMarketMoneyRow(['1', 'прошлый_месяц', '1.0'], 8), {
    file: 'market_money.csv',
    line: 8,
    column: 'Период',
    found: 'прошлый_месяц',
  });
  assert.equal(
    unknown.message,
    'market_money.csv, line 8, column «Период»: expected one of «препредыдущий_месяц», «предыдущий_месяц», «текущий_месяц», found "прошлый_месяц"',
  );
  // market_time has no third month: the label is known but not valid for this file.
  const notHere = throwsProblem(() => parseMarketTimeRow(['1', 'препредыдущий_месяц', '10'], 4), { column: 'Период' });
  assert.equal(
    notHere.message,
    'market_time.csv, line 4, column «Период»: expected one of «предыдущий_месяц», «текущий_месяц», found "препредыдущий_месяц"',
  );
  throwsProblem(() => parseMarketMoneyRow(['1', 'текущий_месяц', '-5'], 4), { column: 'Выручка', expected: 'a number ≥ 0' });
});

test('money.csv: decimal comma (and point) parse', () => {
  assert.deepEqual(parseMoneyRow(['215348', '0,98'], 2), { id: 215348, profit: 0.98 });
  assert.deepEqual(parseMoneyRow(['215348', '4'], 2), { id: 215348, profit: 4 });
  assert.deepEqual(parseMoneyRow(['215348', '4.5'], 2), { id: 215348, profit: 4.5 });
  throwsProblem(() => parseMoneyRow(['215348', '4,5,1'], 6), { file: 'money.csv', column: 'Прибыль', found: '4,5,1' });
});

test('headers: any column order, missing, unexpected and repeated columns', () => {
  const layout = parseHeader('revenue', ['Выручка', 'id', 'Период']);
  assert.deepEqual(layout.index, { revenue: 0, id: 1, period: 2 });
  assert.deepEqual(parseMarketMoneyRow(['10.5', '7', 'текущий_месяц'], 2, layout), { id: 7, periodLabel: 'текущий_месяц', revenue: 10.5 });

  const missing = throwsProblem(() => parseHeader('revenue', ['id', 'Период']), { line: 1, column: 'Выручка', found: 'no such column' });
  assert.equal(missing.message, 'market_money.csv, line 1, column «Выручка»: expected the column in the header, found no such column');
  const unexpected = throwsProblem(() => parseHeader('revenue', ['id', 'Период', 'Выручка', 'Скидка']), { column: 'Скидка' });
  assert.match(unexpected.message, /found an unexpected column «Скидка»$/);
  const misspelt = throwsProblem(() => parseHeader('revenue', ['id', 'Период', 'Выручкa']), { column: 'Выручкa' });
  assert.match(misspelt.message, /missing: «Выручка»/);
  throwsProblem(() => parseHeader('profit', ['id', 'Прибыль', 'id']), { column: 'id', expected: 'each column once' });
});
