/**
 * A tiny deterministic classifier for tests of pipelines and searches (the real models live in other
 * files): score = logistic(shrink * w·(x - midpoint)), w = difference of the class means. Registers itself
 * as kind 'test-centroid' on import, so worker threads can load it as a setup module.
 */
import type { Classifier, FittedClassifier, FittedJson, Labels, Matrix } from '../../lib/core/types';
import { registerClassifier } from '../../lib/models/registry';

/** Hyperparameters of the test classifier. */
export interface CentroidParams {
  [key: string]: number | boolean;
  shrink: number;
  /** Fail on purpose when fitting (to test error handling of the search). */
  fail: boolean;
}

const DEFAULTS: CentroidParams = { shrink: 1, fail: false };

/** Unfitted test classifier. */
export class CentroidClassifier implements Classifier<CentroidParams> {
  readonly kind = 'test-centroid';
  readonly params: Readonly<CentroidParams>;
  constructor(params: Partial<CentroidParams> = {}) {
    this.params = { ...DEFAULTS, ...params } as CentroidParams;
  }
  withParams(changes: Partial<CentroidParams>): CentroidClassifier {
    return new CentroidClassifier({ ...this.params, ...changes });
  }
  fit(X: Matrix, y: Labels): FittedCentroid {
    if (this.params.fail) throw new Error('CentroidClassifier: asked to fail');
    const p = X.nCols;
    const sums = [new Float64Array(p), new Float64Array(p)];
    const counts = [0, 0];
    for (let i = 0; i < X.nRows; i++) {
      const c = y[i]!;
      counts[c]!++;
      for (let j = 0; j < p; j++) sums[c]![j] += X.data[i * p + j]!;
    }
    const w: number[] = [];
    const mid: number[] = [];
    for (let j = 0; j < p; j++) {
      const m0 = sums[0]![j]! / Math.max(1, counts[0]!);
      const m1 = sums[1]![j]! / Math.max(1, counts[1]!);
      w.push(m1 - m0);
      mid.push((m0 + m1) / 2);
    }
    return new FittedCentroid(this.params, w, mid);
  }
}

/** Fitted test classifier. */
export class FittedCentroid implements FittedClassifier<CentroidParams> {
  readonly kind = 'test-centroid';
  constructor(readonly params: Readonly<CentroidParams>, readonly w: number[], readonly mid: number[]) {}
  predictProba(X: Matrix): Float64Array {
    const out = new Float64Array(X.nRows);
    for (let i = 0; i < X.nRows; i++) {
      let z = 0;
      for (let j = 0; j < X.nCols; j++) z += this.w[j]! * (X.data[i * X.nCols + j]! - this.mid[j]!);
      out[i] = 1 / (1 + Math.exp(-this.params.shrink * z));
    }
    return out;
  }
  predict(X: Matrix, threshold = 0.5): Labels {
    return Uint8Array.from(this.predictProba(X), (p) => (p >= threshold ? 1 : 0));
  }
  toJSON(): FittedJson<CentroidParams> {
    return { kind: this.kind, params: { ...this.params }, state: { w: this.w, mid: this.mid } };
  }
  static load(json: FittedJson): FittedCentroid {
    const s = json.state as { w: number[]; mid: number[] };
    return new FittedCentroid({ ...DEFAULTS, ...(json.params as Partial<CentroidParams>) } as CentroidParams, s.w, s.mid);
  }
}

registerClassifier('test-centroid', {
  create: (params) => new CentroidClassifier(params as Partial<CentroidParams>),
  load: (json) => FittedCentroid.load(json),
});

/** This module's path, for a worker pool's setupModules. */
export const TINY_CLASSIFIER_MODULE = __filename;
