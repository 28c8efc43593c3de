import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { findProjectRoot } from '../../lib/data/locate';
import { targetCounts } from '../../lib/data/merge';
import { prepareStudyData } from '../../lib/data/prepare';

const SHARED = path.resolve(findProjectRoot(), '..', 'shared', 'data');
const HAVE_SHARED = fs.existsSync(path.join(SHARED, 'market_file.csv'));

test('the real data: 1300 read, 3 inactive, 1 extreme, 1296 modelled (494 dropped, 802 same level)', (t) => {
  if (!HAVE_SHARED) {
    t.skip(`real data not found in ${SHARED}`);
    return;
  }
  const { source, raw, clean, log, table } = prepareStudyData({ dataDir: SHARED });
  assert.equal(source.kind, 'explicit');
  assert.equal(raw.customers.length, 1300);
  assert.equal(raw.revenue.length, 3900);
  assert.equal(raw.minutes.length, 2600);
  assert.equal(raw.profit.length, 1300);
  assert.deepEqual(clean.excluded.inactive, [215348, 215357, 215359]);
  assert.deepEqual(clean.excluded.extremeRevenue, [215380]);
  assert.equal(table.ids.length, 1296);
  assert.deepEqual(targetCounts(table), { dropped: 494, sameLevel: 802 });
  const typo = (needle: string) => log.find((e) => e.rule === 'fix-typo' && e.description.includes(needle) && e.count > 0)!.count;
  assert.equal(typo('«стандартт»'), 10);
  assert.equal(typo('аксесуары'), 223);
  assert.equal(typo('предыдцщий'), 1300);
  assert.equal(log.filter((e) => e.rule === 'remove-full-duplicates').reduce((s, e) => s + e.count, 0), 0);
  // The format facts the README describes.
  assert.deepEqual(
    Object.values(raw.formats).map((f) => [f.file, f.separator, f.decimal, f.lineEnding, f.bom]),
    [
      ['market_file.csv', ',', '.', 'CRLF', false],
      ['market_money.csv', ',', '.', 'CRLF', false],
      ['market_time.csv', ',', 'none', 'CRLF', false],
      ['money.csv', ';', ',', 'CRLF', false],
    ],
  );
});
