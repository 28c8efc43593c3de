import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { InvalidParameterError, StudyError } from '../../lib/core/errors';
import { closestName } from '../../lib/core/params';
import { CLASSIFIER_PARAMS, createClassifier } from '../../lib/models/index';
import { Pipeline } from '../../lib/preprocess/pipeline';
import { studyPipelineSpec } from '../../lib/preprocess/study';
import { createTransformer } from '../../lib/preprocess/transformers';
import { checkThresholdSettings, segmentCustomers } from '../../lib/segment/rules';
import { sampleCandidates } from '../../lib/selection/distributions';
import { searchCandidates } from '../../lib/selection/search';
import { stratifiedKFold } from '../../lib/selection/split';
import { studySearchSpace } from '../../lib/selection/study-space';
import { syntheticStudyFrame } from '../selection/synthetic';

const refused = (f: () => unknown, message: RegExp, parameter?: string) =>
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof InvalidParameterError && e instanceof StudyError, String(e));
    assert.equal(e.code, 'INVALID_PARAMETER');
    assert.match(e.message, message);
    if (parameter !== undefined) assert.equal(e.parameter, parameter);
    return true;
  });

test('every family refuses an unknown parameter, naming it, the valid names and the likely one', () => {
  refused(() => createClassifier({ kind: 'forest', params: { nEstimator: 5 } }), /^forest: unknown parameter 'nEstimator' \(did you mean 'nEstimators'\?\); valid: nEstimators, criterion/, 'nEstimator');
  refused(() => createClassifier({ kind: 'logistic', params: { c: 1 } }), /logistic: unknown parameter 'c' \(did you mean 'C'\?\)/);
  refused(() => createClassifier({ kind: 'knn', params: { neighbours: 5 } }), /knn: unknown parameter 'neighbours'; valid: k, weights, metric/);
  refused(() => createClassifier({ kind: 'tree', params: { max_depth: 3 } }), /tree: unknown parameter 'max_depth' \(did you mean 'maxDepth'\?\)/);
  refused(() => createClassifier({ kind: 'svc', params: { kernal: 'rbf' } }), /svc: unknown parameter 'kernal' \(did you mean 'kernel'\?\)/);
  refused(() => createClassifier({ kind: 'ml-logistic', params: { steps: 10 } }), /ml-logistic: unknown parameter 'steps'/);
  refused(() => createClassifier({ kind: 'calibrated', params: { base: { kind: 'svc', params: { CC: 1 } } } }), /svc: unknown parameter 'base\.CC' \(did you mean 'base\.C'\?\)/);
});

test('every family refuses a value of the wrong type or out of range, naming the range', () => {
  refused(() => createClassifier({ kind: 'logistic', params: { C: -1 } }), /^logistic: parameter 'C' must be a number with 0 < x; got -1$/);
  refused(() => createClassifier({ kind: 'logistic', params: { l1Ratio: 1.5 } }), /'l1Ratio' must be a number with 0 ≤ x ≤ 1; got 1\.5/);
  refused(() => createClassifier({ kind: 'logistic', params: { penalty: 'l3' } }), /'penalty' must be 'l2', 'l1', 'elasticnet', 'none'; got "l3"/);
  refused(() => createClassifier({ kind: 'knn', params: { k: 2.5 } }), /knn: parameter 'k' must be a whole number ≥ 1; got 2\.5/);
  refused(() => createClassifier({ kind: 'tree', params: { minSamplesSplit: 1 } }), /'minSamplesSplit' must be a whole number ≥ 2/);
  refused(() => createClassifier({ kind: 'forest', params: { nEstimators: '100' } }), /'nEstimators' must be a whole number ≥ 1; got "100"/);
  refused(() => createClassifier({ kind: 'forest', params: { classWeight: { '0': 1, '1': -2 } } }), /'classWeight' must be null, 'balanced' or/);
  refused(() => createClassifier({ kind: 'svc', params: { gamma: 'fast' } }), /'gamma' must be a number with 0 < x or 'scale', 'auto'; got "fast"/);
  refused(() => createClassifier({ kind: 'ml-logistic', params: { learningRate: 0 } }), /'learningRate' must be a number with 0 < x; got 0/);
  refused(() => createClassifier({ kind: 'calibrated', params: { cv: 1 } }), /calibrated: parameter 'cv' must be a whole number ≥ 2; got 1/);
  // Valid values pass: the defaults of every family.
  for (const kind of Object.keys(CLASSIFIER_PARAMS)) assert.ok(createClassifier({ kind, params: {} }), kind);
});

test('pipeline paths are checked as set_params checks them: model.Cc and an unknown route are errors, not no-ops', () => {
  const pipeline = new Pipeline(studyPipelineSpec({ kind: 'svc', params: {} }));
  refused(() => pipeline.withParams({ 'model.Cc': 5 }), /^svc: unknown parameter 'model\.Cc' \(did you mean 'model\.C'\?\)/, 'model.Cc');
  refused(() => pipeline.withParams({ 'prep.scalr': 'standard' }), /Pipeline: unknown route 'scalr' \(did you mean 'scaler'\?\); valid: scaler, onehot, ordinal/);
  refused(() => pipeline.withParams({ 'prep.onehot.dorp': 'first' }), /one-hot: unknown parameter 'prep\.onehot\.dorp' \(did you mean 'prep\.onehot\.drop'\?\)/);
  refused(() => createTransformer({ kind: 'robust-scaler', params: {} }), /createTransformer: unknown transformer kind 'robust-scaler'/);
  assert.equal(pipeline.withParams({ 'model.C': 5 }).toJSON().model.params['C'], 5);
});

test('segment thresholds and quantile levels are checked: 1.5 is refused, low must be below high', () => {
  refused(() => checkThresholdSettings({}, { highRisk: 1.5 }), /^segment thresholds: parameter 'highRisk' must be a number with 0 ≤ x ≤ 1; got 1\.5$/);
  refused(() => checkThresholdSettings({ highRisk: -0.1 }), /segment quantile levels: parameter 'highRisk' must be a number with 0 ≤ x ≤ 1/);
  refused(() => checkThresholdSettings({ lowRisk: 0.8 }), /lowRisk \(0\.8\) must be below highRisk \(0\.7\)/);
  refused(() => checkThresholdSettings({}, { highRsk: 0.5 } as never), /unknown parameter 'highRsk' \(did you mean 'highRisk'\?\)/);
  const { frame } = syntheticStudyFrame(20, 1);
  const input = { ids: Array.from({ length: 20 }, (_, i) => i), dropProbability: new Float64Array(20).fill(0.5), profit: new Float64Array(20).fill(1), features: frame };
  refused(() => segmentCustomers(input, { thresholds: { highRisk: 1.5 } }), /segment thresholds/);
});

test('fold counts: k ≥ 2 and no more than the smallest class', () => {
  const y = Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0]);
  refused(() => stratifiedKFold(y, { nSplits: 1 }), /stratifiedKFold: nSplits must be a whole number ≥ 2 \(cross-validation needs two folds or more\); got 1/, 'nSplits');
  refused(() => stratifiedKFold(y, { nSplits: 4 }), /nSplits 4 is more than the 3 rows of class 1; the smallest class has 3 rows, so use nSplits ≤ 3/);
  assert.equal(stratifiedKFold(y, { nSplits: 3 }).length, 3);
});

test('search spaces: an unknown parameter, an empty choice, low above high are refused before any fit', async () => {
  refused(() => sampleCandidates({ 'model.C': { type: 'loguniform', low: 1, high: 0.1 } }, 3, 1), /search space: 'model\.C' needs finite low ≤ high; got low 1, high 0\.1/);
  refused(() => sampleCandidates({ 'model.k': [] }, 3, 1), /'model\.k' has no values to choose from/);
  refused(() => sampleCandidates({ 'model.C': { type: 'loguniform', low: 0, high: 1 } }, 3, 1), /log-uniform and needs low > 0/);
  const { frame, y } = syntheticStudyFrame(60, 2);
  const base = studySearchSpace({ families: ['knn'], nCandidates: 1 })[0]!.base;
  await assert.rejects(searchCandidates(base, [{ 'model.kk': 3 }], frame, y, { nSplits: 2, parallel: 0 }), /knn: unknown parameter 'model\.kk' \(did you mean 'model\.k'\?\)/);
});

test('closestName proposes a typo fix only when the names are close', () => {
  assert.equal(closestName('nEstimator', ['nEstimators', 'seed']), 'nEstimators');
  assert.equal(closestName('zzzz', ['nEstimators', 'seed']), null);
});
