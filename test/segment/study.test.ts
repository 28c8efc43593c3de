import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../lib/core/random';
import type { FittedJson, Labels, Matrix } from '../../lib/core/types';
import type { ModelTable } from '../../lib/data/model-table';
import { brierScore } from '../../lib/metrics/probability';
import { registerClassifier } from '../../lib/models/registry';
import type { PipelineSpec } from '../../lib/preprocess/pipeline';
import { segmentationStudy } from '../../lib/segment/study';

/** An over-confident class-mean-difference scorer, registered for the pipeline. */
function fitScorer(X: Matrix, y: Labels) {
  const w = new Float64Array(X.nCols);
  const n = [0, 0];
  for (let i = 0; i < X.nRows; i++) n[y[i]!]!++;
  for (let i = 0; i < X.nRows; i++) for (let j = 0; j < X.nCols; j++) w[j] += (y[i] ? 1 / n[1]! : -1 / n[0]!) * X.data[i * X.nCols + j]!;
  const predictProba = (Z: Matrix) => Float64Array.from({ length: Z.nRows }, (_, i) => {
    let z = 0;
    for (let j = 0; j < Z.nCols; j++) z += w[j]! * Z.data[i * Z.nCols + j]!;
    return 1 / (1 + Math.exp(-5 * z));
  });
  return {
    kind: 'test-seg-scorer', params: {}, predictProba,
    predict: (Z: Matrix) => Uint8Array.from(predictProba(Z), (p) => (p >= 0.5 ? 1 : 0)),
    toJSON: (): FittedJson => ({ kind: 'test-seg-scorer', params: {}, state: Array.from(w) }),
  };
}
registerClassifier('test-seg-scorer', {
  create: () => ({ kind: 'test-seg-scorer', params: {}, withParams() { return this; }, fit: fitScorer }),
  load: () => { throw new Error('not needed'); },
});

function table(n: number, seed: number): ModelTable {
  const rng = new Random(seed);
  const promo = new Float64Array(n);
  const pages = new Float64Array(n);
  const cat: string[] = [];
  const target = new Uint8Array(n);
  const profit = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    promo[i] = rng.next();
    pages[i] = 2 + 10 * rng.next();
    cat.push(['toys', 'home', 'food'][rng.int(3)]!);
    profit[i] = 2 + 4 * rng.next();
    target[i] = rng.next() < 1 / (1 + Math.exp(-(3 * promo[i]! - 0.4 * pages[i]! + 1.5))) ? 1 : 0;
  }
  return { ids: Int32Array.from({ length: n }, (_, i) => 1000 + i), target, profit, features: { nRows: n, columns: { promoPurchaseShare: promo, pagesPerVisit: pages, popularCategory: cat } } };
}

const spec: PipelineSpec = {
  prep: {
    routes: [
      { name: 'scaler', transformer: { kind: 'standard-scaler', params: {} }, columns: ['promoPurchaseShare', 'pagesPerVisit'] },
      { name: 'onehot', transformer: { kind: 'one-hot', params: { drop: 'first' } }, columns: ['popularCategory'] },
    ],
    remainder: 'drop',
  },
  model: { kind: 'test-seg-scorer', params: {} },
};

test('segmentation study: out-of-fold probabilities for all, calibrated when it helps, segments and EV curve', () => {
  const t = table(400, 1);
  const s = segmentationStudy(t, spec, { economics: { offerCost: 0.5, retentionShare: 0.3, horizonMonths: 3 }, seed: 2 });
  assert.equal(s.input.dropProbability.length, 400);
  assert.ok(Array.from(s.input.dropProbability).every((p) => p >= 0 && p <= 1));
  // The scorer is over-confident (gain 5), so calibration is applied and lowers the Brier score.
  assert.notEqual(s.applied, 'none');
  assert.ok(brierScore(t.target, s.input.dropProbability) < s.calibration.rawBrier);
  assert.equal(s.segmentation.summaries.reduce((a, x) => a + x.size, 0), 400);
  assert.equal(s.profiles.length, s.recommendations.length);
  assert.ok(s.profiles.length >= 3);
  assert.equal(s.expectedValue.thresholds.length > 1, true);
  const forced = segmentationStudy(t, spec, { economics: { offerCost: 0.5, retentionShare: 0.3 }, seed: 2, calibration: 'none' });
  assert.deepEqual(Array.from(forced.input.dropProbability), Array.from(s.calibration.oof.raw));
});
