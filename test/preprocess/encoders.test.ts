import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OneHotEncoder, FittedOneHotEncoder } from '../../lib/preprocess/one-hot';
import { OrdinalEncoder, FittedOrdinalEncoder } from '../../lib/preprocess/ordinal';
import { SERVICE_TYPE_ORDER } from '../../lib/data/model-table';
import type { Frame } from '../../lib/core/types';
import { fixture, maxAbsDiff, toFrame } from './fixture';

const pre = fixture.preprocess;
const categorical = ['popularCategory', 'allowMessages'];
const train = toFrame(pre.train, categorical);
const testFrame = toFrame(pre.test, categorical);

for (const drop of ['first', null] as const) {
  test(`one-hot (drop ${drop}) equals sklearn, unknown category → zeros, names`, () => {
    const ref = pre[`onehot_${drop === null ? 'None' : drop}`]!;
    const fitted = new OneHotEncoder({ drop }).fit(train);
    const tr = fitted.transform(train);
    assert.equal(tr.nCols, ref.train.nCols);
    assert.deepEqual(Array.from(tr.data), ref.train.data);
    assert.deepEqual(Array.from(fitted.transform(testFrame).data), ref.test.data);
    assert.deepEqual(fitted.featureNamesOut(), ref.names);
  });
}

for (const drop of ['first', null] as const) {
  test(`one-hot (drop ${drop}) JSON round-trip: the same JSON, names and output, unknown categories included`, () => {
    const fitted = new OneHotEncoder({ drop }).fit(train);
    const text = JSON.stringify(fitted.toJSON());
    const loaded = FittedOneHotEncoder.load(JSON.parse(text));
    assert.equal(JSON.stringify(loaded.toJSON()), text, 'a second round trip writes the same JSON');
    assert.deepEqual(loaded.params, { drop });
    assert.deepEqual(loaded.featureNamesOut(), fitted.featureNamesOut());
    const unseen: Frame = { nRows: 2, columns: { popularCategory: ['never seen', String(train.columns.popularCategory![0])], allowMessages: [String(train.columns.allowMessages![0]), 'never seen'] } };
    for (const frame of [train, testFrame, unseen]) {
      assert.deepEqual(Array.from(loaded.transform(frame).data), Array.from(fitted.transform(frame).data));
    }
  });
}

test('ordinal encoder uses the stated order (стандарт < премиум) and equals sklearn', () => {
  const frame = toFrame(pre.train, ['serviceType']);
  const enc = new OrdinalEncoder({ categories: { serviceType: [...SERVICE_TYPE_ORDER] } }).fit(frame);
  assert.equal(maxAbsDiff(enc.transform(frame).data, pre.ordinal!.train.data), 0);
  assert.equal(maxAbsDiff(enc.transform(toFrame(pre.test, ['serviceType'])).data, pre.ordinal!.test.data), 0);
  const loaded = FittedOrdinalEncoder.load(JSON.parse(JSON.stringify(enc.toJSON())));
  assert.deepEqual(Array.from(loaded.transform(frame).data), Array.from(enc.transform(frame).data));
});

test('ordinal encoder names an unknown level; unknownValue maps it instead', () => {
  const order = { serviceType: ['стандарт', 'премиум'] };
  const fitFrame = { nRows: 2, columns: { serviceType: ['стандарт', 'премиум'] } };
  const bad = { nRows: 2, columns: { serviceType: ['стандарт', 'премиумм'] } };
  assert.throws(() => new OrdinalEncoder({ categories: order }).fit(fitFrame).transform(bad), /row 1: unknown level 'премиумм'/);
  assert.throws(() => new OrdinalEncoder({ categories: order }).fit(bad), /row 1: value 'премиумм'/);
  const lenient = new OrdinalEncoder({ categories: order, unknownValue: -1 }).fit(fitFrame);
  assert.deepEqual(Array.from(lenient.transform(bad).data), [0, -1]);
});

test('a missing column is named in the error', () => {
  assert.throws(() => new OneHotEncoder().fit(train).transform({ nRows: 1, columns: { popularCategory: ['x'] } }), /column 'allowMessages' is missing/);
});
