/**
 * k-nearest-neighbours classifier with scikit-learn's probabilities: brute-force search over typed arrays.
 *
 * Probabilities are those of sklearn's KNeighborsClassifier.predict_proba: the share of the k neighbours
 * in class 1 ('uniform'), or the share of the inverse-distance weights ('distance'); when a query has
 * neighbours at distance exactly zero, only those count, each with weight 1 (sklearn's rule).
 * Which of several equally distant rows get in follows sklearn's brute-force search (its max-heap, fed
 * rows in index order), so ties select the same neighbours as sklearn; it can differ only where sklearn's
 * rounding of Euclidean distances (computed as |x|^2 - 2x.y + |y|^2) differs from the exact sum, e.g. a
 * query equal to a training row gets a tiny non-zero distance in sklearn and exactly 0 here.
 *
 * The fitted state is the training data itself (k-NN has no other parameters), so `toJSON()` holds every
 * training row and label: as large as the training matrix.
 */
import type { Classifier, FittedClassifier, FittedJson, Labels, Matrix } from '../core/types';
import { checkFitInput, checkKind, checkPredictInput, readNumber, readNumberArray, thresholdProba, toJsonArray } from './linalg';

/** Hyperparameters of {@link KNeighborsClassifier}. */
export type KNeighborsParams = {
  /** Number of neighbours (sklearn's n_neighbors). Default 5. */
  k: number;
  /** 'uniform': each neighbour counts 1; 'distance': weight 1/distance. Default 'uniform'. */
  weights: 'uniform' | 'distance';
  /** Distance between rows. Default 'euclidean'. */
  metric: 'euclidean' | 'manhattan';
};

/** Alias with the class's full name. */
export type KNeighborsClassifierParams = KNeighborsParams;

const DEFAULTS: KNeighborsParams = { k: 5, weights: 'uniform', metric: 'euclidean' };
const KIND = 'knn';

/**
 * k-NN classifier (sklearn's KNeighborsClassifier with algorithm='brute').
 * @example new KNeighborsClassifier({k: 15, weights: 'distance'}).fit(X, y).predictProba(Xtest)
 */
export class KNeighborsClassifier implements Classifier<KNeighborsParams> {
  /** Registry kind. */
  readonly kind = KIND;
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<KNeighborsParams>;

  constructor(params: Partial<KNeighborsParams> = {}) {
    this.params = Object.freeze({ ...DEFAULTS, ...params });
    const p = this.params;
    if (!(Number.isInteger(p.k) && p.k >= 1)) throw new Error(`KNeighborsClassifier: k must be a positive integer, got ${p.k}`);
    if (p.weights !== 'uniform' && p.weights !== 'distance') {
      throw new Error(`KNeighborsClassifier: weights must be 'uniform' or 'distance', got ${JSON.stringify(p.weights)}`);
    }
    if (p.metric !== 'euclidean' && p.metric !== 'manhattan') {
      throw new Error(`KNeighborsClassifier: metric must be 'euclidean' or 'manhattan', got ${JSON.stringify(p.metric)}`);
    }
  }

  /** An unfitted copy with some hyperparameters replaced. */
  withParams(changes: Partial<KNeighborsParams>): KNeighborsClassifier {
    return new KNeighborsClassifier({ ...this.params, ...changes });
  }

  /** Stores (a copy of) the training data; throws when k exceeds the number of rows. */
  fit(X: Matrix, y: Labels): FittedKNeighborsClassifier {
    checkFitInput(X, y, 'KNeighborsClassifier.fit');
    if (this.params.k > X.nRows) {
      throw new Error(`KNeighborsClassifier.fit: k = ${this.params.k} exceeds the ${X.nRows} training rows`);
    }
    return new FittedKNeighborsClassifier(this.params, { nRows: X.nRows, nCols: X.nCols, data: Float64Array.from(X.data) }, Uint8Array.from(y));
  }

  /** Restores a fitted model from its `toJSON()` output. */
  static load(json: FittedJson): FittedKNeighborsClassifier {
    const who = 'KNeighborsClassifier.load';
    checkKind(json.kind, KIND, who);
    const params = new KNeighborsClassifier(json.params as Partial<KNeighborsParams>).params;
    const nCols = readNumber(json.state, 'nFeatures', who);
    const data = readNumberArray(json.state, 'X', who);
    const y = Uint8Array.from(readNumberArray(json.state, 'y', who));
    if (data.length !== y.length * nCols) throw new Error(`${who}: X has ${data.length} values, expected ${y.length} rows x ${nCols}`);
    return new FittedKNeighborsClassifier(params, { nRows: y.length, nCols, data }, y);
  }
}

/** A fitted k-NN model: the training rows and labels. */
export class FittedKNeighborsClassifier implements FittedClassifier<KNeighborsParams> {
  /** Registry kind. */
  readonly kind = KIND;

  constructor(
    /** Hyperparameters. */
    readonly params: Readonly<KNeighborsParams>,
    /** The training rows. */
    readonly X: Matrix,
    /** The training labels. */
    readonly y: Labels,
  ) {}

  /**
   * The k nearest training rows of each query row: indices and distances, nearest first (row i's
   * neighbours at [i*k, (i+1)*k)).
   */
  kneighbors(Q: Matrix): { indices: Int32Array; distances: Float64Array } {
    checkPredictInput(Q, this.X.nCols, 'KNeighborsClassifier.kneighbors');
    const k = this.params.k;
    const n = this.X.nRows, p = this.X.nCols, xd = this.X.data, qd = Q.data;
    const manhattan = this.params.metric === 'manhattan';
    const indices = new Int32Array(Q.nRows * k);
    const distances = new Float64Array(Q.nRows * k);
    // A max-heap of the k best (distance, row), pushed exactly as scikit-learn's heap_push
    // (sklearn/utils/_heap.pyx, used by its brute-force ArgKmin): rows arrive in index order and a row whose
    // distance equals the current k-th is rejected, so ties resolve to the same set of neighbours as sklearn.
    const heapD = new Float64Array(k);
    const heapI = new Int32Array(k);
    const order = new Int32Array(k);
    for (let q = 0; q < Q.nRows; q++) {
      const qo = q * p;
      heapD.fill(Infinity);
      heapI.fill(-1);
      for (let i = 0; i < n; i++) {
        const xo = i * p;
        const worst = heapD[0]!;
        let dist = 0;
        if (manhattan) {
          for (let j = 0; j < p; j++) {
            dist += Math.abs(qd[qo + j]! - xd[xo + j]!);
            if (dist >= worst) break;
          }
        } else {
          for (let j = 0; j < p; j++) {
            const diff = qd[qo + j]! - xd[xo + j]!;
            dist += diff * diff;
            if (dist >= worst) break;
          }
        }
        if (dist >= worst) continue;
        heapPush(heapD, heapI, k, dist, i);
      }
      // Nearest first; equal distances by row index.
      for (let r = 0; r < k; r++) order[r] = r;
      const sorted = Array.from(order).sort((a, b) => heapD[a]! - heapD[b]! || heapI[a]! - heapI[b]!);
      for (let r = 0; r < k; r++) {
        const s = sorted[r]!;
        indices[q * k + r] = heapI[s]!;
        distances[q * k + r] = manhattan ? heapD[s]! : Math.sqrt(heapD[s]!);
      }
    }
    return { indices, distances };
  }

  /** P(y = 1): the (weighted) share of class 1 among the k neighbours. */
  predictProba(X: Matrix): Float64Array {
    const k = this.params.k;
    const { indices, distances } = this.kneighbors(X);
    const out = new Float64Array(X.nRows);
    const byDistance = this.params.weights === 'distance';
    for (let q = 0; q < X.nRows; q++) {
      const o = q * k;
      let zeroDistance = false;
      if (byDistance) for (let r = 0; r < k; r++) if (distances[o + r] === 0) { zeroDistance = true; break; }
      let total = 0, positive = 0;
      for (let r = 0; r < k; r++) {
        let w = 1;
        if (byDistance) w = zeroDistance ? (distances[o + r] === 0 ? 1 : 0) : 1 / distances[o + r]!;
        total += w;
        if (this.y[indices[o + r]!]) positive += w;
      }
      out[q] = positive / total;
    }
    return out;
  }

  /** 1 where P(y = 1) >= threshold (a tie at 0.5 gives 1, where sklearn's argmax gives 0). */
  predict(X: Matrix, threshold = 0.5): Labels {
    return thresholdProba(this.predictProba(X), threshold);
  }

  /** Kind, params and state {nFeatures, X (row-major training data), y}. */
  toJSON(): FittedJson<KNeighborsParams> {
    return {
      kind: KIND,
      params: { ...this.params },
      state: { nFeatures: this.X.nCols, X: toJsonArray(this.X.data), y: toJsonArray(this.y) },
    };
  }
}

/** scikit-learn's heap_push: replaces the root of a max-heap of `size` (value, index) pairs and sifts down. */
function heapPush(values: Float64Array, indices: Int32Array, size: number, val: number, valIdx: number): void {
  if (val >= values[0]!) return;
  let current = 0;
  for (;;) {
    const left = 2 * current + 1;
    const right = left + 1;
    let swap: number;
    if (left >= size) break;
    else if (right >= size) {
      if (values[left]! > val) swap = left;
      else break;
    } else if (values[left]! >= values[right]!) {
      if (val < values[left]!) swap = left;
      else break;
    } else {
      if (val < values[right]!) swap = right;
      else break;
    }
    values[current] = values[swap]!;
    indices[current] = indices[swap]!;
    current = swap;
  }
  values[current] = val;
  indices[current] = valIdx;
}
