import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectDecimalMark, detectLineEnding, detectSeparator, splitCsvLine, splitLines, stripBom } from '../../lib/data/csv';

test('stripBom removes a leading BOM and reports it', () => {
  assert.deepEqual(stripBom('\uFEFFid,x'), { bom: true, text: 'id,x' });
  assert.deepEqual(stripBom('id,x'), { bom: false, text: 'id,x' });
});

test('line endings: CRLF, LF, mixed, none', () => {
  assert.equal(detectLineEnding('a\r\nb\r\n'), 'CRLF');
  assert.equal(detectLineEnding('a\nb\n'), 'LF');
  assert.equal(detectLineEnding('a\r\nb\n'), 'mixed');
  assert.equal(detectLineEnding('a'), 'none');
});

test('splitLines handles CRLF and LF and drops empty lines at the end only', () => {
  assert.deepEqual(splitLines('a\r\nb\r\n\r\n\r\n'), ['a', 'b']);
  assert.deepEqual(splitLines('a\r\nb\r\n'), ['a', 'b']);
  assert.deepEqual(splitLines('a\nb'), ['a', 'b']);
  assert.deepEqual(splitLines('a\r\n\r\nb\r\n'), ['a', '', 'b']);
});

test('separator and decimal mark detection', () => {
  assert.equal(detectSeparator('id;Прибыль'), ';');
  assert.equal(detectSeparator('id,Период,Выручка'), ',');
  assert.equal(detectSeparator('id'), ',');
  assert.equal(detectDecimalMark('1;0,98\r\n2;4,16', ';'), ',');
  assert.equal(detectDecimalMark('1,0.98', ','), '.');
  assert.equal(detectDecimalMark('1,14', ','), 'none');
  assert.equal(detectDecimalMark('1;0,98\r\n2;4.16', ';'), 'mixed');
});

test('splitCsvLine respects quotes and doubled quotes', () => {
  assert.deepEqual(splitCsvLine('1,a,b', ','), ['1', 'a', 'b']);
  assert.deepEqual(splitCsvLine('1;"4,5";"say ""hi"""', ';'), ['1', '4,5', 'say "hi"']);
});
