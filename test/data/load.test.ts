import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { DataValidationError } from '../../lib/data/errors';
import { loadMarketData, parseMarketTable, parseMarketTexts } from '../../lib/data/load';
import type { DataSource } from '../../lib/data/locate';
import { MARKET_FILES, MARKET_TABLE_KEYS } from '../../lib/data/schema';
import { smallTexts, toText } from './fixtures';

const SOURCE: DataSource = { kind: 'explicit', description: 'test texts' };

function problem(fn: () => unknown): DataValidationError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof DataValidationError, `expected a DataValidationError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a DataValidationError');
}

test('valid small files parse into four typed tables with format facts', () => {
  const data = parseMarketTexts(smallTexts(), SOURCE);
  assert.equal(data.customers.length, 3);
  assert.equal(data.revenue.length, 9);
  assert.equal(data.minutes.length, 6);
  assert.deepEqual(data.profit, [{ id: 1, profit: 0.98 }, { id: 2, profit: 4.16 }, { id: 3, profit: 3 }]);
  assert.equal(data.formats.profit.separator, ';');
  assert.equal(data.formats.profit.decimal, ',');
  assert.equal(data.formats.customers.lineEnding, 'CRLF');
  assert.equal(data.formats.minutes.decimal, 'none');
  assert.equal(data.formats.revenue.rows, 9);
  assert.ok(Object.values(data.formats).every((f) => f.asDocumented && !f.bom));
});

test('BOM and LF line endings are read and reported', () => {
  const texts = smallTexts();
  const lf = '\uFEFF' + texts.profit.replaceAll('\r\n', '\n');
  const table = parseMarketTable('profit', lf);
  assert.equal(table.format.bom, true);
  assert.equal(table.format.lineEnding, 'LF');
  assert.equal(table.rows.length, 3);
  assert.deepEqual(Array.from(table.lines), [2, 3, 4]);
});

test('money.csv delivered with `,` and a decimal point is read too, and flagged as not as documented', () => {
  const table = parseMarketTable('profit', toText(['id,Прибыль', '1,0.98']));
  assert.equal(table.rows[0]!.profit, 0.98);
  assert.equal(table.format.asDocumented, false);
});

test('an empty file and a header-only file are refused', () => {
  const empty = problem(() => parseMarketTexts(smallTexts((l) => (l.minutes = [])), SOURCE));
  assert.equal(empty.message, 'market_time.csv, line 1: expected a header line and data rows, found an empty file');
  assert.equal(empty.line, 1);
  const bomOnly = problem(() => parseMarketTable('customers', '\uFEFF\r\n'));
  assert.equal(bomOnly.message, 'market_file.csv, line 1: expected a header line and data rows, found an empty file');
  const header = problem(() => parseMarketTexts(smallTexts((l) => (l.profit = ['id;Прибыль'])), SOURCE));
  assert.equal(header.message, 'money.csv, line 2: expected at least one data row, found only the header');
});

test('a bad value deep in a file is reported with its line number', () => {
  const error = problem(() => parseMarketTexts(smallTexts((l) => (l.revenue[5] = '2,текущий_месяц,5 100')), SOURCE));
  assert.equal(error.message, 'market_money.csv, line 6, column «Выручка»: expected a number ≥ 0, found "5 100"');
});

test('a duplicated customer id with different values is refused; an identical duplicate is left to cleaning', () => {
  const differing = problem(() =>
    parseMarketTexts(smallTexts((l) => l.customers.push('3,Снизилась,стандарт,да,5.5,4,700,0.25,Кухонная посуда,3,0,4,11')), SOURCE),
  );
  assert.equal(differing.line, 5);
  assert.equal(differing.column, 'id');
  assert.match(differing.message, /line 4 has this id with different values/);
  const identical = parseMarketTexts(smallTexts((l) => l.customers.push(l.customers[3]!)), SOURCE);
  assert.equal(identical.customers.length, 4);
  // A typo is not a difference: «стандартт» and «стандарт» are the same customer row after correction.
  const typoTwin = parseMarketTexts(
    smallTexts((l) => l.customers.push('2,Прежний уровень,стандарт,нет,4.9,3,539,0.14,Косметика и аксессуары,5,2,1,5')),
    SOURCE,
  );
  assert.equal(typoTwin.customers.length, 4);
});

test('a duplicated (id, period) with a different value is refused; identical ones pass', () => {
  const differing = problem(() => parseMarketTexts(smallTexts((l) => l.revenue.push('1,текущий_месяц,1.0')), SOURCE));
  assert.equal(differing.file, 'market_money.csv');
  assert.equal(differing.line, 11);
  assert.match(differing.message, /line 3 has customer 1, «текущий_месяц» with a different value/);
  // The typo and the correct label name the same period.
  const typo = problem(() => parseMarketTexts(smallTexts((l) => l.minutes.push('1,предыдущий_месяц,99')), SOURCE));
  assert.equal(typo.file, 'market_time.csv');
  assert.equal(parseMarketTexts(smallTexts((l) => l.minutes.push('1,предыдущий_месяц,13')), SOURCE).minutes.length, 7);
  const profit = problem(() => parseMarketTexts(smallTexts((l) => l.profit.push('2;9,99')), SOURCE));
  assert.equal(profit.file, 'money.csv');
});

test('an id present in one table and absent from another is refused, both ways', () => {
  const unknown = problem(() => parseMarketTexts(smallTexts((l) => l.profit.push('4;1,00')), SOURCE));
  assert.equal(unknown.message, 'money.csv, line 5, column «id»: expected a customer id listed in market_file.csv, found "4"');
  assert.equal(unknown.listedIn, null);
  // A missing row has no line of its own: the error points at the customer's line in market_file.csv.
  const absent = problem(() => parseMarketTexts(smallTexts((l) => l.profit.splice(2, 1)), SOURCE));
  assert.equal(absent.message, 'money.csv, column «id»: expected a row for customer 2 (listed in market_file.csv, line 3), found none');
  assert.deepEqual([absent.file, absent.line, absent.listedIn, absent.column], ['money.csv', 3, 'market_file.csv', 'id']);
  const noMinutes = problem(() => parseMarketTexts(smallTexts((l) => l.minutes.splice(5, 2)), SOURCE));
  assert.equal(noMinutes.message, 'market_time.csv, column «id»: expected rows for customer 3 (listed in market_file.csv, line 4), found none');
  assert.deepEqual([noMinutes.file, noMinutes.line, noMinutes.listedIn], ['market_time.csv', 4, 'market_file.csv']);
});

test('a customer missing one period is refused, naming the period and the customer\'s line in market_file.csv', () => {
  const noPeriod = problem(() => parseMarketTexts(smallTexts((l) => l.revenue.splice(1, 1)), SOURCE));
  assert.equal(
    noPeriod.message,
    'market_money.csv, column «Период»: expected a row for customer 1 in period «препредыдущий_месяц» (listed in market_file.csv, line 2), found none',
  );
  assert.deepEqual([noPeriod.file, noPeriod.line, noPeriod.listedIn, noPeriod.column], ['market_money.csv', 2, 'market_file.csv', 'Период']);
});

test('loadMarketData reads a directory given explicitly and reports it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'market-load-'));
  try {
    const texts = smallTexts();
    for (const key of MARKET_TABLE_KEYS) fs.writeFileSync(path.join(dir, MARKET_FILES[key]), texts[key]);
    const data = loadMarketData({ dataDir: dir });
    assert.equal(data.source.kind, 'explicit');
    assert.equal(data.source.path, dir);
    assert.equal(data.customers.length, 3);
    assert.equal(data.formats.customers.path, path.join(dir, 'market_file.csv'));
    assert.equal(data.formats.profit.bytes, Buffer.byteLength(texts.profit));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
