import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pipeline, FittedPipeline, pathParamsOf, type PipelineSpec } from '../../lib/preprocess/pipeline';
import { studyPipelineSpec, studyPreprocessor } from '../../lib/preprocess/study';
import { FEATURES } from '../../lib/data/model-table';
import { takeFrameRows } from '../../lib/core/types';
import '../selection/tiny-classifier';
import { syntheticStudyFrame } from '../selection/synthetic';

const { frame, y } = syntheticStudyFrame(200);
const spec: PipelineSpec = {
  prep: {
    routes: [
      { name: 'scaler', transformer: { kind: 'standard-scaler', params: {} }, columns: ['a', 'b', 'c'] },
      { name: 'onehot', transformer: { kind: 'one-hot', params: { drop: 'first' } }, columns: ['cat'] },
      { name: 'ordinal', transformer: { kind: 'ordinal', params: { categories: { svc: ['стандарт', 'премиум'] }, unknownValue: null } }, columns: ['svc'] },
    ],
    remainder: 'drop',
  },
  model: { kind: 'test-centroid', params: { shrink: 1 } },
};

test('pipeline fits, predicts from a frame and exposes preprocessor and model', () => {
  const fitted = new Pipeline(spec).fit(frame, y);
  const p = fitted.predictProba(frame);
  assert.equal(p.length, 200);
  assert.deepEqual(fitted.featureNamesOut(), ['a', 'b', 'c', 'cat_Текстиль', 'cat_Техника', 'svc']);
  assert.deepEqual(Array.from(fitted.model.predictProba(fitted.preprocessor.transform(frame))), Array.from(p));
  assert.deepEqual(Array.from(fitted.predict(frame, 0.5)), Array.from(p, (v) => (v >= 0.5 ? 1 : 0)));
});

test('pipeline JSON round-trip predicts identically', () => {
  const fitted = new Pipeline(spec).withParams({ 'prep.scaler': 'minmax' }).fit(frame, y);
  const loaded = FittedPipeline.load(JSON.parse(JSON.stringify(fitted.toJSON())));
  const rows = takeFrameRows(frame, [5, 1, 99]);
  assert.deepEqual(Array.from(loaded.predictProba(rows)), Array.from(fitted.predictProba(rows)));
});

test('withParams sets model and preprocessing parameters by path, leaving the original alone', () => {
  const base = new Pipeline(spec);
  const changed = base.withParams({ 'model.shrink': 0.5, 'prep.scaler': 'minmax', 'prep.onehot.drop': null });
  assert.equal(changed.spec.model.params.shrink, 0.5);
  assert.equal(changed.spec.prep.routes[0]!.transformer.kind, 'minmax-scaler');
  assert.equal(changed.spec.prep.routes[1]!.transformer.params.drop, null);
  assert.equal(base.spec.model.params.shrink, 1);
  assert.deepEqual(pathParamsOf(changed.toJSON()), { 'prep.scaler': 'minmax', 'prep.onehot.drop': null, 'prep.ordinal.categories': { svc: ['стандарт', 'премиум'] }, 'prep.ordinal.unknownValue': null, 'model.shrink': 0.5 });
  assert.equal(base.withParams({ 'prep.scaler': 'none' }).spec.prep.routes[0]!.transformer.kind, 'passthrough');
  assert.throws(() => base.withParams({ 'prep.nope': 'minmax' }), /Pipeline: unknown route 'nope'; valid: scaler, onehot, ordinal/);
  assert.throws(() => base.withParams({ 'fit.C': 1 }), /must start with 'model' or 'prep'/);
  assert.throws(() => base.withParams({ 'prep.scaler': 'robust' }), /unknown scaler 'robust'/);
});

test('an unregistered model kind is a clear error', () => {
  assert.throws(() => new Pipeline({ ...spec, model: { kind: 'nope', params: {} } }).fit(frame, y), /no classifier of kind 'nope'/);
});

test('study preprocessor routes FEATURE_KINDS: numeric scaled, categorical one-hot (drop first), service type ordinal', () => {
  const ct = studyPreprocessor({ scaler: 'minmax' });
  const [scaler, onehot, ordinal] = ct.params.routes;
  assert.equal(scaler!.transformer.kind, 'minmax-scaler');
  assert.equal(scaler!.columns.length, 13);
  assert.deepEqual(onehot!.columns, ['allowMessages', 'popularCategory']);
  assert.equal(onehot!.transformer.params.drop, 'first');
  assert.deepEqual(ordinal!.columns, ['serviceType']);
  assert.deepEqual((ordinal!.transformer.params.categories as Record<string, string[]>).serviceType, ['стандарт', 'премиум']);
  assert.equal(scaler!.columns.length + onehot!.columns.length + ordinal!.columns.length, FEATURES.length);
  assert.equal(studyPipelineSpec({ kind: 'logistic', params: { C: 2 } }).model.params.C, 2);
});
