/**
 * Shared shapes of the study's library: the matrix and table types every model, transformer and metric
 * speaks, and the estimator interfaces (scikit-learn's three: fit, predict/predictProba, transform).
 *
 * The study is a binary classification (1 = «Снизилась», activity dropped), so classifiers are binary:
 * `predictProba` returns P(y = 1) for each row, where scikit-learn would return the two columns.
 */

/** Dense row-major float64 matrix: element (i, j) is `data[i * nCols + j]`. */
export interface Matrix {
  readonly nRows: number;
  readonly nCols: number;
  readonly data: Float64Array;
}

/** Binary labels, 0 or 1, one per row. */
export type Labels = Uint8Array;

/** One column of a {@link Frame}: numbers (NaN = missing) or category strings. */
export type FrameColumn = Float64Array | readonly string[];

/**
 * Column-oriented table of mixed features: the input of a column transformer and of a pipeline.
 * Every column has `nRows` entries.
 */
export interface Frame {
  readonly nRows: number;
  readonly columns: Readonly<Record<string, FrameColumn>>;
}

/** A JSON value, what every fitted thing serialises to. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Hyperparameters: a flat record of JSON values. */
export type Params = Record<string, Json>;

/**
 * An unfitted estimator's description: a registered kind plus its hyperparameters. Enough to rebuild it in
 * another thread (the search sends these to workers) or from a file.
 */
export interface EstimatorSpec<P extends Params = Params> {
  readonly kind: string;
  readonly params: P;
}

/** A fitted thing serialised: its spec plus the learned state. `load` of the same kind restores it. */
export interface FittedJson<P extends Params = Params> extends EstimatorSpec<P> {
  readonly state: Json;
}

/** A binary classifier with hyperparameters; `fit` returns the fitted model, so an unfitted one cannot predict. */
export interface Classifier<P extends Params = Params> {
  readonly kind: string;
  readonly params: Readonly<P>;
  /** A copy with some hyperparameters replaced (scikit-learn's clone + set_params). */
  withParams(changes: Partial<P>): Classifier<P>;
  fit(X: Matrix, y: Labels): FittedClassifier<P>;
}

/**
 * A fitted binary classifier, what {@link Classifier.fit} returns: it predicts P(y = 1) and serialises its
 * learned state (`toJSON`; lib/models' `loadClassifier` restores it with identical predictions).
 */
export interface FittedClassifier<P extends Params = Params> {
  readonly kind: string;
  readonly params: Readonly<P>;
  /** P(y = 1) for each row of X. */
  predictProba(X: Matrix): Float64Array;
  /** 1 where P(y = 1) >= threshold (default 0.5). */
  predict(X: Matrix, threshold?: number): Labels;
  toJSON(): FittedJson<P>;
}

/** A transformer from a Frame (or Matrix) to a Matrix, with hyperparameters. */
export interface Transformer<In, P extends Params = Params> {
  readonly kind: string;
  readonly params: Readonly<P>;
  withParams(changes: Partial<P>): Transformer<In, P>;
  fit(X: In): FittedTransformer<In, P>;
}

/**
 * A fitted transformer, what {@link Transformer.fit} returns: it maps new rows with the state learned in
 * `fit` (means, categories seen, …), names its output columns and serialises that state (`toJSON`).
 */
export interface FittedTransformer<In, P extends Params = Params> {
  readonly kind: string;
  readonly params: Readonly<P>;
  transform(X: In): Matrix;
  /** Names of the output columns, e.g. `popularCategory_Косметика и аксесуары` for a one-hot column. */
  featureNamesOut(): string[];
  toJSON(): FittedJson<P>;
}

/** Builds a Matrix from row arrays (tests, small examples). */
export function matrixFromRows(rows: ReadonlyArray<ReadonlyArray<number>>): Matrix {
  const nRows = rows.length;
  const nCols = nRows === 0 ? 0 : rows[0]!.length;
  const data = new Float64Array(nRows * nCols);
  rows.forEach((row, i) => {
    if (row.length !== nCols) throw new Error(`matrixFromRows: row ${i} has ${row.length} values, expected ${nCols}`);
    data.set(row, i * nCols);
  });
  return { nRows, nCols, data };
}

/** Rows of a Matrix as plain arrays (display, tests). */
export function matrixToRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.nRows; i++) out.push(Array.from(m.data.subarray(i * m.nCols, (i + 1) * m.nCols)));
  return out;
}

/** The rows of a Matrix at the given indices, in that order (fold subsets, bootstrap samples). */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float64Array(indices.length * m.nCols);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    out.set(m.data.subarray(i * m.nCols, (i + 1) * m.nCols), k * m.nCols);
  }
  return { nRows: indices.length, nCols: m.nCols, data: out };
}

/** The labels at the given indices. */
export function takeLabels(y: Labels, indices: ArrayLike<number>): Labels {
  const out = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = y[indices[k]!]!;
  return out;
}

/** The rows of a Frame at the given indices. */
export function takeFrameRows(frame: Frame, indices: ArrayLike<number>): Frame {
  const columns: Record<string, FrameColumn> = {};
  for (const [name, col] of Object.entries(frame.columns)) {
    if (col instanceof Float64Array) {
      const out = new Float64Array(indices.length);
      for (let k = 0; k < indices.length; k++) out[k] = col[indices[k]!]!;
      columns[name] = out;
    } else {
      const out: string[] = new Array(indices.length);
      for (let k = 0; k < indices.length; k++) out[k] = col[indices[k]!]!;
      columns[name] = out;
    }
  }
  return { nRows: indices.length, columns };
}
