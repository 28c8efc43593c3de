import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FittedScaler, MinMaxScaler, Passthrough, StandardScaler } from '../../lib/preprocess/scalers';
import { fixture, maxAbsDiff, toFrame } from './fixture';

const pre = fixture.preprocess;
const numeric = ['tenureDays', 'revenue', 'share', 'constant'];
const train = toFrame(pre.train, numeric);
const testFrame = toFrame(pre.test, numeric);

for (const [name, Scaler] of [['standard', StandardScaler], ['minmax', MinMaxScaler]] as const) {
  test(`${name} scaler equals sklearn on fit and new data (constant column kept finite)`, () => {
    const fitted = new Scaler().fit(train);
    assert.ok(maxAbsDiff(fitted.transform(train).data, pre[name]!.train.data) < 1e-12);
    assert.ok(maxAbsDiff(fitted.transform(testFrame).data, pre[name]!.test.data) < 1e-12);
    const loaded = FittedScaler.load(JSON.parse(JSON.stringify(fitted.toJSON())));
    assert.deepEqual(Array.from(loaded.transform(testFrame).data), Array.from(fitted.transform(testFrame).data));
    assert.deepEqual(loaded.featureNamesOut(), numeric);
  });
}

test('standard scaler uses the population std and ignores NaN when fitting', () => {
  const f = new StandardScaler().fit({ nRows: 4, columns: { x: Float64Array.from([1, 3, NaN, 5]) } });
  const out = Array.from(f.transform({ nRows: 3, columns: { x: Float64Array.from([3, NaN, 3 + Math.sqrt(8 / 3)]) } }).data);
  assert.equal(out[0], 0);
  assert.ok(Number.isNaN(out[1]));
  assert.ok(Math.abs(out[2]! - 1) < 1e-12);
});

test('passthrough leaves numbers as they are; strings are refused with the column named', () => {
  const f = new Passthrough().fit(train);
  assert.deepEqual(Array.from(f.transform(testFrame).data.subarray(0, 4)), [50, 4000, 0, 3]);
  assert.throws(() => new StandardScaler().fit({ nRows: 1, columns: { s: ['a'] } }), /column 's' holds strings/);
});

test('passthrough JSON round-trip: the same kind, the same JSON and identical output (NaN kept)', () => {
  const fitted = new Passthrough().fit(train);
  const text = JSON.stringify(fitted.toJSON());
  const loaded = FittedScaler.load(JSON.parse(text));
  assert.equal(loaded.kind, 'passthrough');
  assert.equal(JSON.stringify(loaded.toJSON()), text, 'a second round trip writes the same JSON');
  assert.deepEqual(loaded.featureNamesOut(), numeric);
  const withMissing = { nRows: 2, columns: Object.fromEntries(numeric.map((name, j) => [name, Float64Array.from([j === 1 ? NaN : j, -0.5])])) };
  for (const frame of [train, testFrame, withMissing]) {
    const expected = fitted.transform(frame).data;
    const actual = loaded.transform(frame).data;
    assert.deepEqual(Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength), Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength), 'bit for bit');
  }
  assert.ok(Number.isNaN(loaded.transform(withMissing).data[1]!));
});
