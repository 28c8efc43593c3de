import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Random } from '../../lib/core/random';
import type { Classifier, FittedClassifier, FittedJson, Labels, Matrix } from '../../lib/core/types';
import { takeLabels, takeRows } from '../../lib/core/types';
import { brierScore } from '../../lib/metrics/probability';
import {
  CalibratedClassifier,
  FittedCalibratedClassifier,
  IsotonicCalibrator,
  PlattCalibrator,
  compareCalibration,
  fitCalibrator,
  loadCalibrator,
} from '../../lib/models/calibrated';
import { loadRegisteredClassifier, registerClassifier } from '../../lib/models/registry';

interface Case {
  name: string;
  scores: number[];
  y: number[];
  platt: { a: number; b: number; grid: number[]; proba: number[] };
  isotonic: { xThresholds: number[]; yThresholds: number[]; grid: number[]; proba: number[]; fitted: number[] };
}
const fixture = JSON.parse(readFileSync(join(__dirname, '../fixtures/calibration.json'), 'utf8')) as { cases: Case[] };

test('Platt scaling matches scikit-learn 1.2.1 _sigmoid_calibration', () => {
  for (const c of fixture.cases) {
    const cal = PlattCalibrator.fit(c.scores, Uint8Array.from(c.y));
    // sklearn stops BFGS at gtol 1e-5, we converge further: A, B agree to 1e-4 relative, probabilities to 1e-5.
    assert.ok(Math.abs(cal.a - c.platt.a) < 1e-4 * Math.abs(c.platt.a), `${c.name} a: ${cal.a} vs ${c.platt.a}`);
    assert.ok(Math.abs(cal.b - c.platt.b) < 1e-4 * Math.abs(c.platt.b), `${c.name} b: ${cal.b} vs ${c.platt.b}`);
    const p = cal.transform(c.platt.grid);
    c.platt.proba.forEach((q, i) => assert.ok(Math.abs(p[i]! - q) < 1e-5, `${c.name} grid ${i}: ${p[i]} vs ${q}`));
  }
});

test('isotonic calibration matches scikit-learn 1.2.1 IsotonicRegression(out_of_bounds="clip")', () => {
  for (const c of fixture.cases) {
    const cal = IsotonicCalibrator.fit(c.scores, Uint8Array.from(c.y));
    assert.deepEqual(Array.from(cal.xThresholds), c.isotonic.xThresholds, `${c.name} x thresholds`);
    cal.yThresholds.forEach((v, i) => assert.ok(Math.abs(v - c.isotonic.yThresholds[i]!) < 1e-12, `${c.name} y threshold ${i}`));
    const p = cal.transform(c.isotonic.grid);
    c.isotonic.proba.forEach((q, i) => assert.ok(Math.abs(p[i]! - q) < 1e-12, `${c.name} grid ${i}: ${p[i]} vs ${q}`));
    const f = cal.transform(c.scores);
    c.isotonic.fitted.forEach((q, i) => assert.ok(Math.abs(f[i]! - q) < 1e-12, `${c.name} fitted ${i}`));
  }
});

test('isotonic by hand: PAV pools violators, clips outside the fitted range', () => {
  const cal = IsotonicCalibrator.fit([1, 2, 3, 4], Uint8Array.from([0, 1, 0, 1]));
  // Blocks: 0 | (1, 0) pooled to 0.5 | 1.
  assert.deepEqual(Array.from(cal.transform([0, 1, 2, 2.5, 3, 4, 9])), [0, 0, 0.5, 0.5, 0.5, 1, 1]);
  assert.deepEqual(Array.from(cal.xThresholds), [1, 2, 3, 4]);
});

test('calibrators round-trip through JSON', () => {
  const c = fixture.cases[0]!;
  for (const method of ['sigmoid', 'isotonic'] as const) {
    const cal = fitCalibrator(method, c.scores, Uint8Array.from(c.y));
    const back = loadCalibrator(JSON.parse(JSON.stringify(cal.toJSON())));
    assert.deepEqual(Array.from(back.transform(c.platt.grid)), Array.from(cal.transform(c.platt.grid)));
  }
  assert.throws(() => fitCalibrator('sigmoid', [0.1, NaN], Uint8Array.from([0, 1])), /row 1 is NaN/);
});

/** An over-confident linear scorer: P = σ(gain · w·x), w fitted as the class-mean difference. */
class Overconfident implements Classifier<{ gain: number }> {
  readonly kind = 'test-overconfident';
  constructor(readonly params: { gain: number } = { gain: 6 }) {}
  withParams(c: Partial<{ gain: number }>): Overconfident {
    return new Overconfident({ ...this.params, ...c });
  }
  fit(X: Matrix, y: Labels): FittedOverconfident {
    const w = new Float64Array(X.nCols);
    const n = [0, 0];
    for (let i = 0; i < X.nRows; i++) n[y[i]!]!++;
    for (let i = 0; i < X.nRows; i++) for (let j = 0; j < X.nCols; j++) w[j] += (y[i] ? 1 / n[1]! : -1 / n[0]!) * X.data[i * X.nCols + j]!;
    return new FittedOverconfident(this.params, Array.from(w));
  }
}
class FittedOverconfident implements FittedClassifier<{ gain: number }> {
  readonly kind = 'test-overconfident';
  constructor(readonly params: { gain: number }, readonly w: number[]) {}
  predictProba(X: Matrix): Float64Array {
    return Float64Array.from({ length: X.nRows }, (_, i) => {
      let z = 0;
      for (let j = 0; j < X.nCols; j++) z += this.w[j]! * X.data[i * X.nCols + j]!;
      return 1 / (1 + Math.exp(-this.params.gain * z));
    });
  }
  predict(X: Matrix, t = 0.5): Labels {
    return Uint8Array.from(this.predictProba(X), (p) => (p >= t ? 1 : 0));
  }
  toJSON(): FittedJson<{ gain: number }> {
    return { kind: this.kind, params: { ...this.params }, state: this.w };
  }
}
registerClassifier('test-overconfident', {
  create: (p) => new Overconfident({ gain: 6, ...(p as { gain?: number }) }),
  load: (j) => new FittedOverconfident(j.params as { gain: number }, j.state as number[]),
});

function noisyData(n: number, seed: number): { X: Matrix; y: Labels } {
  const rng = new Random(seed);
  const X = new Float64Array(n * 2);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    X[2 * i] = rng.normal();
    X[2 * i + 1] = rng.normal();
    y[i] = rng.next() < 1 / (1 + Math.exp(-(X[2 * i]! + 0.5 * X[2 * i + 1]!))) ? 1 : 0;
  }
  return { X: { nRows: n, nCols: 2, data: X }, y };
}

test('CalibratedClassifier fixes an over-confident model, and save/load predicts identically', () => {
  const train = noisyData(600, 1);
  const test = noisyData(400, 2);
  const rawModel = new Overconfident().fit(train.X, train.y);
  const rawBrier = brierScore(test.y, rawModel.predictProba(test.X));
  for (const method of ['sigmoid', 'isotonic'] as const) {
    const model = new CalibratedClassifier({ method, base: { kind: 'test-overconfident', params: { gain: 6 } }, cv: 5, seed: 3 }).fit(train.X, train.y);
    assert.equal(model.kind, 'calibrated');
    const brier = brierScore(test.y, model.predictProba(test.X));
    assert.ok(brier < rawBrier - 0.005, `${method}: ${brier} vs raw ${rawBrier}`);
    assert.deepEqual(Array.from(model.predictRawProba(test.X)), Array.from(rawModel.predictProba(test.X)));
    const back = loadRegisteredClassifier(JSON.parse(JSON.stringify(model.toJSON())) as FittedJson);
    assert.deepEqual(Array.from(back.predictProba(test.X)), Array.from(model.predictProba(test.X)));
  }
  const parts = FittedCalibratedClassifier.fromParts(rawModel, fitCalibrator('sigmoid', rawModel.predictProba(test.X), test.y));
  assert.equal(parts.params.base.kind, 'test-overconfident');
});

test('compareCalibration: calibrates an over-confident model, leaves a calibrated one alone', () => {
  const { X, y } = noisyData(500, 4);
  const fitPredict = (gain: number) => (tr: Uint32Array, te: Uint32Array) =>
    new Overconfident({ gain }).fit(takeRows(X, tr), takeLabels(y, tr)).predictProba(takeRows(X, te));
  const over = compareCalibration(fitPredict(8), y, { seed: 1 });
  assert.notEqual(over.choice, 'none');
  assert.ok(over.brier[over.choice as 'sigmoid'] < over.rawBrier);
  assert.ok(over.oof.raw.every((v) => Number.isFinite(v)));
  assert.equal(over.rawBrier, brierScore(y, over.oof.raw));
  // gain ≈ 1.3 makes σ(gain · w·x) close to the true link here: calibration cannot help by 0.001.
  const fine = compareCalibration(fitPredict(1.3), y, { seed: 1 });
  assert.equal(fine.choice, 'none', JSON.stringify({ raw: fine.rawBrier, ...fine.brier }));
});
