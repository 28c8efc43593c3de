import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../lib/core/random';
import type { FittedClassifier, Frame, Labels, Matrix } from '../../lib/core/types';
import { linearMargin } from '../../lib/explain/linear-shap';
import { explainPipeline, shapMethodFor } from '../../lib/explain/pipeline-shap';
import { additivityGap } from '../../lib/explain/shap-types';
import { ColumnTransformer } from '../../lib/preprocess/column-transformer';
import { Pipeline, type PipelineSpec } from '../../lib/preprocess/pipeline';
import '../../lib/models/index';

function frameOf(n: number, seed: number): Frame {
  const rng = new Random(seed);
  const cats = ['a', 'b', 'c'];
  return {
    nRows: n,
    columns: {
      age: Float64Array.from({ length: n }, () => 30 + 10 * rng.normal()),
      visits: Float64Array.from({ length: n }, () => 5 + 2 * rng.normal()),
      colour: Array.from({ length: n }, () => cats[rng.int(3)]!),
    },
  };
}

const prep = new ColumnTransformer({
  routes: [
    { name: 'scaler', transformer: { kind: 'standard-scaler', params: {} }, columns: ['age', 'visits'] },
    { name: 'onehot', transformer: { kind: 'one-hot', params: { drop: 'first' } }, columns: ['colour'] },
  ],
  remainder: 'drop',
}).fit(frameOf(200, 1));

/** A hand-written logistic model over the 4 transformed columns (age, visits, colour_b, colour_c). */
const coef = Float64Array.from([0.8, -0.5, 1.2, -0.7]);
const intercept = -0.1;
const model: FittedClassifier & { coef: Float64Array; intercept: number } = {
  kind: 'logistic',
  params: {},
  coef,
  intercept,
  predictProba: (X: Matrix) => Float64Array.from(linearMargin({ coef, intercept }, X), (z) => 1 / (1 + Math.exp(-z))),
  predict: (X: Matrix): Labels => Uint8Array.from(model.predictProba(X), (p) => (p >= 0.5 ? 1 : 0)),
  toJSON: () => ({ kind: 'logistic', params: {}, state: null }),
};

test('method by model kind', () => {
  assert.equal(shapMethodFor('forest'), 'tree');
  assert.equal(shapMethodFor('tree'), 'tree');
  assert.equal(shapMethodFor('logistic'), 'linear');
  assert.equal(shapMethodFor('svc'), 'kernel');
  assert.equal(shapMethodFor('knn'), 'kernel');
});

test('linear: one value per original feature, one-hot summed, additive in log-odds, data in original units', () => {
  const frame = frameOf(12, 2);
  const background = frameOf(200, 1);
  const e = explainPipeline({ preprocessor: prep, model }, frame, background);
  assert.equal(e.method, 'linear');
  assert.deepEqual(e.featureNames, ['age', 'visits', 'colour']);
  assert.ok(additivityGap(e, linearMargin(model, prep.transform(frame))) < 1e-10);
  assert.equal(e.data!.data[0], (frame.columns.age as Float64Array)[0]);
  assert.ok(Number.isNaN(e.data!.data[2]!));
});

test('kernel (forced): grouped categories, additive in probability; agrees in sign with linear', () => {
  const frame = frameOf(4, 3);
  const background = frameOf(200, 1);
  const k = explainPipeline({ preprocessor: prep, model }, frame, background, { method: 'kernel', kernel: { backgroundSize: 30, seed: 1 } });
  assert.equal(k.method, 'kernel');
  assert.deepEqual(k.featureNames, ['age', 'visits', 'colour']);
  assert.ok(additivityGap(k, model.predictProba(prep.transform(frame))) < 1e-8);
  const l = explainPipeline({ preprocessor: prep, model }, frame, background);
  for (let i = 0; i < 4; i++) {
    const v = l.values.data[i * 3]!;
    if (Math.abs(v) > 0.2) assert.equal(Math.sign(k.values.data[i * 3]!), Math.sign(v));
  }
  // A model that is not a tree cannot go through TreeSHAP.
  assert.throws(() => explainPipeline({ preprocessor: prep, model }, frame, background, { method: 'tree' }));
});

/** Labels that depend on age, visits and colour, so the fitted models below have something to learn. */
function labelsOf(frame: Frame, seed: number): Labels {
  const rng = new Random(seed);
  const age = frame.columns.age as Float64Array;
  const visits = frame.columns.visits as Float64Array;
  const colour = frame.columns.colour as string[];
  return Uint8Array.from({ length: frame.nRows }, (_, i) => {
    const z = 0.1 * (age[i]! - 30) - 0.5 * (visits[i]! - 5) + (colour[i] === 'b' ? 1 : 0);
    return rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  });
}

/** The study's kind of pipeline: scaled numeric columns and a one-hot category in front of the model. */
function pipelineSpec(model: PipelineSpec['model']): PipelineSpec {
  return {
    prep: {
      routes: [
        { name: 'scaler', transformer: { kind: 'standard-scaler', params: {} }, columns: ['age', 'visits'] },
        { name: 'onehot', transformer: { kind: 'one-hot', params: { drop: 'first' } }, columns: ['colour'] },
      ],
      remainder: 'drop',
    },
    model,
  };
}

const kernelModels: PipelineSpec['model'][] = [
  { kind: 'knn', params: { k: 7, weights: 'distance' } },
  { kind: 'svc', params: { kernel: 'rbf', C: 1, gamma: 'scale', seed: 3 } },
];
for (const model of kernelModels) {
  test(`kernel path for a fitted ${model.kind} pipeline: per row, base value + Σ SHAP = the predicted probability`, () => {
    const train = frameOf(160, 11);
    const fitted = new Pipeline(pipelineSpec(model)).fit(train, labelsOf(train, 12));
    assert.equal(shapMethodFor(fitted.model.kind), 'kernel');
    const frame = frameOf(6, 13);
    const e = explainPipeline(fitted, frame, train, { kernel: { backgroundSize: 20, seed: 5 } });
    assert.equal(e.method, 'kernel');
    assert.equal(e.outputSpace, 'probability');
    assert.deepEqual(e.featureNames, ['age', 'visits', 'colour']);
    const proba = fitted.predictProba(frame);
    for (let i = 0; i < frame.nRows; i++) {
      let total = e.expectedValue;
      for (let j = 0; j < 3; j++) total += e.values.data[i * 3 + j]!;
      assert.ok(Math.abs(total - proba[i]!) < 1e-9, `row ${i}: ${e.expectedValue} + Σ SHAP = ${total}, model ${proba[i]}`);
    }
    // Some feature matters: the model is not constant on these rows.
    assert.ok(Array.from(e.values.data).some((v) => Math.abs(v) > 1e-3));
  });
}

test('KernelSHAP of an RBF SVC: its own coalition outputs (FittedSVC.coalitionProba) give the values of scoring every coalition row', async () => {
  const { syntheticStudyFrame } = await import('../selection/synthetic.js');
  const { kernelShap, groupsFromSources, sampleBackground } = await import('../../lib/explain/kernel-shap.js');
  const { frame, y } = syntheticStudyFrame(160, 4);
  const spec: PipelineSpec = {
    prep: {
      routes: [
        { name: 'scaler', transformer: { kind: 'standard-scaler', params: {} }, columns: ['a', 'b', 'c'] },
        { name: 'onehot', transformer: { kind: 'one-hot', params: { drop: 'first' } }, columns: ['cat', 'svc'] },
      ],
      remainder: 'drop',
    },
    model: { kind: 'svc', params: { kernel: 'rbf', C: 1, gamma: 0.3, probability: true, seed: 1 } },
  };
  const train = { nRows: 120, columns: Object.fromEntries(Object.entries(frame.columns).map(([k, c]) => [k, c.slice(0, 120)])) } as Frame;
  const test = { nRows: 8, columns: Object.fromEntries(Object.entries(frame.columns).map(([k, c]) => [k, c.slice(120, 128)])) } as Frame;
  const fitted = new Pipeline(spec).fit(train, y.subarray(0, 120));
  const X = fitted.preprocessor.transform(test);
  const bg = sampleBackground(fitted.preprocessor.transform(train), 10, 3);
  const { groups, groupNames } = groupsFromSources(fitted.preprocessor.sourceColumns());
  const options = { nSamples: 64, seed: 5, groups, groupNames };
  const byRows = kernelShap((m) => fitted.model.predictProba(m), X, bg, options);
  const own = fitted.model as unknown as { coalitionProba: NonNullable<Parameters<typeof kernelShap>[3]>['coalitionOutputs'] };
  const byGroups = kernelShap((m) => fitted.model.predictProba(m), X, bg, { ...options, coalitionOutputs: own.coalitionProba!.bind(fitted.model) });
  const worst = Math.max(...Array.from(byRows.values.data, (v, i) => Math.abs(v - byGroups.values.data[i]!)));
  assert.ok(worst < 1e-12, `largest difference ${worst}`);
  // explainPipeline takes the SVC's own path: the same values.
  const viaPipeline = explainPipeline(fitted, test, train, { kernel: { nSamples: 64, seed: 5, backgroundSize: 10 } });
  assert.ok(viaPipeline.values.data.every((v) => Number.isFinite(v)));
});
