import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnTransformer, FittedColumnTransformer } from '../../lib/preprocess/column-transformer';
import { fixture, maxAbsDiff, toFrame } from './fixture';

const pre = fixture.preprocess;
const train = toFrame(pre.train);
const testFrame = toFrame(pre.test);
const ct = new ColumnTransformer({
  routes: [
    { name: 'scaler', transformer: { kind: 'standard-scaler', params: {} }, columns: ['tenureDays', 'revenue', 'share', 'constant'] },
    { name: 'onehot', transformer: { kind: 'one-hot', params: { drop: 'first' } }, columns: ['popularCategory', 'allowMessages'] },
    { name: 'ordinal', transformer: { kind: 'ordinal', params: { categories: { serviceType: ['стандарт', 'премиум'] }, unknownValue: null } }, columns: ['serviceType'] },
  ],
});

test('column transformer equals sklearn ColumnTransformer (values and feature names)', () => {
  const fitted = ct.fit(train);
  const ref = pre.column_transformer!;
  assert.equal(fitted.transform(train).nCols, ref.train.nCols);
  assert.ok(maxAbsDiff(fitted.transform(train).data, ref.train.data) < 1e-12);
  assert.ok(maxAbsDiff(fitted.transform(testFrame).data, ref.test.data) < 1e-12);
  assert.deepEqual(fitted.featureNamesOut(), ref.names);
  assert.equal(fitted.sourceColumns()[5], 'popularCategory');
});

test('column transformer JSON round-trip, route swap and remainder passthrough', () => {
  const fitted = ct.fit(train);
  const loaded = FittedColumnTransformer.load(JSON.parse(JSON.stringify(fitted.toJSON())));
  assert.deepEqual(Array.from(loaded.transform(testFrame).data), Array.from(fitted.transform(testFrame).data));
  const mm = ct.withRouteTransformer('scaler', { kind: 'minmax-scaler', params: {} }).fit(train);
  assert.ok(maxAbsDiff(mm.route('scaler').transform(toFrame(pre.train, ['tenureDays', 'revenue', 'share', 'constant'])).data, pre.minmax!.train.data) < 1e-12);
  const rest = new ColumnTransformer({ routes: [ct.params.routes[1]!], remainder: 'passthrough' }).fit(toFrame(pre.train, ['popularCategory', 'allowMessages', 'share']));
  assert.equal(rest.featureNamesOut().at(-1), 'share');
  assert.throws(() => ct.withRouteTransformer('nope', { kind: 'passthrough', params: {} }), /no route named 'nope'/);
});
