import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../lib/core/random';
import type { FittedJson, Labels, Matrix } from '../../lib/core/types';
import type { ModelTable } from '../../lib/data/model-table';
import { brierScore } from '../../lib/metrics/probability';
import { registerClassifier } from '../../lib/models/registry';
import type { PipelineSpec } from '../../lib/preprocess/pipeline';
import { compareCalibration } from '../../lib/models/calibrated';
import { checkCalibration, DEFAULT_SEGMENTATION_SETTINGS, pipelineFitPredict, segmentationStudy } from '../../lib/segment/study';
import { DEFAULT_OFFER_ECONOMICS } from '../../lib/study/config';

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

/** Every fit of the recorder below: the table rows it trained on, and the rows each of its predictions scored. */
interface RecordedFit { trained: number[]; scored: number[]; probabilities: number[] }
const recordedFits: RecordedFit[] = [];
/** Rows are recognised by their (promo share, pages) pair, which the spec below passes through unscaled. */
let rowOfKey = new Map<string, number>();
const rowsOf = (X: Matrix): number[] => Array.from({ length: X.nRows }, (_, i) => {
  // Column order of the pipeline output: the one-hot columns, then the passed-through remainder.
  const key = `${X.data[i * X.nCols + X.nCols - 2]}|${X.data[i * X.nCols + X.nCols - 1]}`;
  const row = rowOfKey.get(key);
  if (row === undefined) throw new Error(`recorder: unknown row ${key}`);
  return row;
});
registerClassifier('test-seg-recorder', {
  create: () => ({
    kind: 'test-seg-recorder', params: {}, withParams() { return this; },
    fit: (X: Matrix) => {
      const fit: RecordedFit = { trained: rowsOf(X), scored: [], probabilities: [] };
      recordedFits.push(fit);
      // Each fit answers with its own offset, so a probability tells which fit produced it.
      const offset = recordedFits.length / 1000;
      const predictProba = (Z: Matrix) => {
        const p = Float64Array.from({ length: Z.nRows }, (_, i) => 0.5 / (1 + Math.exp(-(3 * Z.data[i * Z.nCols + Z.nCols - 2]! - 0.4 * Z.data[i * Z.nCols + Z.nCols - 1]! + 1.5))) + offset);
        fit.scored.push(...rowsOf(Z));
        fit.probabilities.push(...p);
        return p;
      };
      return {
        kind: 'test-seg-recorder', params: {}, predictProba,
        predict: (Z: Matrix) => Uint8Array.from(predictProba(Z), (p) => (p >= 0.5 ? 1 : 0)),
        toJSON: (): FittedJson => ({ kind: 'test-seg-recorder', params: {}, state: null }),
      };
    },
  }),
  load: () => { throw new Error('not needed'); },
});

test('segmentation study: no customer is scored by a fit that trained on it; each is scored out of fold exactly once', () => {
  const n = 200;
  const t = table(n, 3);
  const promo = t.features.columns.promoPurchaseShare as Float64Array;
  const pages = t.features.columns.pagesPerVisit as Float64Array;
  rowOfKey = new Map(Array.from({ length: n }, (_, i) => [`${promo[i]}|${pages[i]}`, i]));
  assert.equal(rowOfKey.size, n, 'the (promo, pages) pairs identify the rows');
  recordedFits.length = 0;
  const recorderSpec: PipelineSpec = {
    prep: { routes: [{ name: 'onehot', transformer: { kind: 'one-hot', params: { drop: 'first' } }, columns: ['popularCategory'] }], remainder: 'passthrough' },
    model: { kind: 'test-seg-recorder', params: {} },
  };
  const nSplits = 5;
  const s = segmentationStudy(t, recorderSpec, { economics: { offerCost: 0.5, retentionShare: 0.3 }, seed: 4, nSplits, calibration: 'none' });

  assert.ok(recordedFits.length > nSplits, 'outer fits plus the nested fits of the calibration check');
  for (const fit of recordedFits) {
    const trained = new Set(fit.trained);
    assert.equal(trained.size, fit.trained.length, 'a fit sees each training row once');
    assert.ok(fit.scored.length > 0, 'every fit scores held-out rows');
    assert.deepEqual(fit.scored.filter((row) => trained.has(row)), [], 'a fit never scores a row it trained on');
  }
  // The outer folds: fits whose training rows and scored rows together cover the whole table.
  const outer = recordedFits.filter((fit) => fit.trained.length + fit.scored.length === n);
  assert.equal(outer.length, nSplits);
  const timesScored = new Array<number>(n).fill(0);
  const outOfFold = new Float64Array(n).fill(NaN);
  for (const fit of outer) fit.scored.forEach((row, k) => { timesScored[row]!++; outOfFold[row] = fit.probabilities[k]!; });
  assert.deepEqual(timesScored, new Array<number>(n).fill(1), 'every customer scored exactly once by the outer folds');
  // The probability the segmentation uses is that outer fit's score (no calibration here), not a nested one.
  assert.deepEqual(Array.from(s.input.dropProbability), Array.from(outOfFold));
});

test('the study settings: checkCalibration is compareCalibration with the study folds, seed and margin; the study\'s economics', () => {
  const t = table(240, 5);
  const check = checkCalibration(spec, t.features, t.target);
  // The same as compareCalibration's own defaults, which DEFAULT_SEGMENTATION_SETTINGS states explicitly.
  const defaults = compareCalibration(pipelineFitPredict(spec, t.features, t.target), t.target, { seed: DEFAULT_SEGMENTATION_SETTINGS.seed });
  assert.deepEqual(check, defaults);
  assert.deepEqual(DEFAULT_OFFER_ECONOMICS, { offerCost: 0.5, retentionShare: 0.3, horizonMonths: 3 });
  // segmentationStudy's defaults are DEFAULT_SEGMENTATION_SETTINGS's folds and seed.
  const s = segmentationStudy(t, spec, { economics: DEFAULT_OFFER_ECONOMICS, calibration: 'none' });
  const explicit = segmentationStudy(t, spec, { economics: DEFAULT_OFFER_ECONOMICS, calibration: 'none', seed: DEFAULT_SEGMENTATION_SETTINGS.seed, nSplits: DEFAULT_SEGMENTATION_SETTINGS.nSplits });
  assert.deepEqual(Array.from(s.input.dropProbability), Array.from(explicit.input.dropProbability));
  assert.equal(check.oof.raw.length, 240);
});
