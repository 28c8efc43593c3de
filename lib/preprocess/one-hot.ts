/**
 * One-hot encoding of category columns, like scikit-learn's `OneHotEncoder(handle_unknown='ignore')`:
 * categories are learned sorted, `drop: 'first'` removes the first category's column (so a linear model
 * has no redundant column), and a category unseen in fit becomes all zeros.
 */
import type { FittedJson, FittedTransformer, Frame, Matrix, Transformer } from '../core/types';
import { categoryColumn, frameColumnNames, sortedCategories } from './columns';

/** Hyperparameters of {@link OneHotEncoder}. */
export interface OneHotParams {
  [key: string]: 'first' | null;
  /** 'first' drops each column's first (sorted) category; null keeps every category. */
  drop: 'first' | null;
}

const DEFAULTS: OneHotParams = { drop: null };

/** Learned state: each input column's name and its categories, sorted. */
interface OneHotState {
  columns: string[];
  categories: string[][];
}

/**
 * Unfitted one-hot encoder over all columns of the frame it is given.
 * @example new OneHotEncoder({drop: 'first'}).fit(frame).transform(frame)
 */
export class OneHotEncoder implements Transformer<Frame, OneHotParams> {
  readonly kind = 'one-hot';
  readonly params: Readonly<OneHotParams>;

  constructor(params: Partial<OneHotParams> = {}) {
    this.params = { ...DEFAULTS, ...params } as OneHotParams;
  }

  withParams(changes: Partial<OneHotParams>): OneHotEncoder {
    return new OneHotEncoder({ ...this.params, ...changes });
  }

  fit(X: Frame): FittedOneHotEncoder {
    const columns = frameColumnNames(X);
    const categories = columns.map((name) => sortedCategories(categoryColumn(X, name, 'OneHotEncoder.fit')));
    return new FittedOneHotEncoder(this.params, { columns, categories });
  }
}

/** A fitted one-hot encoder. */
export class FittedOneHotEncoder implements FittedTransformer<Frame, OneHotParams> {
  readonly kind = 'one-hot';
  readonly params: Readonly<OneHotParams>;
  private readonly state: OneHotState;
  private readonly lookups: Map<string, number>[];
  private readonly offsets: number[];
  private readonly nOut: number;

  constructor(params: Readonly<OneHotParams>, state: OneHotState) {
    this.params = params;
    this.state = state;
    const skip = params.drop === 'first' ? 1 : 0;
    this.lookups = state.categories.map((cats) => {
      const m = new Map<string, number>();
      // Dropped category maps to -1: all zeros, like an unknown one.
      cats.forEach((c, i) => m.set(c, i - skip));
      return m;
    });
    this.offsets = [];
    let offset = 0;
    for (const cats of state.categories) {
      this.offsets.push(offset);
      offset += Math.max(0, cats.length - skip);
    }
    this.nOut = offset;
  }

  /** The learned categories of each input column, sorted. */
  get categories(): ReadonlyArray<readonly string[]> {
    return this.state.categories;
  }

  transform(X: Frame): Matrix {
    const n = X.nRows;
    const data = new Float64Array(n * this.nOut);
    this.state.columns.forEach((name, j) => {
      const col = categoryColumn(X, name, 'OneHotEncoder.transform');
      const lookup = this.lookups[j]!;
      const offset = this.offsets[j]!;
      for (let i = 0; i < n; i++) {
        const k = lookup.get(col[i]!);
        if (k !== undefined && k >= 0) data[i * this.nOut + offset + k] = 1;
      }
    });
    return { nRows: n, nCols: this.nOut, data };
  }

  featureNamesOut(): string[] {
    const skip = this.params.drop === 'first' ? 1 : 0;
    const names: string[] = [];
    this.state.columns.forEach((name, j) => {
      for (const c of this.state.categories[j]!.slice(skip)) names.push(`${name}_${c}`);
    });
    return names;
  }

  toJSON(): FittedJson<OneHotParams> {
    return { kind: this.kind, params: { ...this.params }, state: { columns: [...this.state.columns], categories: this.state.categories.map((c) => [...c]) } };
  }

  /** Restores a fitted encoder from {@link toJSON} output. */
  static load(json: FittedJson): FittedOneHotEncoder {
    const state = json.state as unknown as OneHotState;
    return new FittedOneHotEncoder({ ...DEFAULTS, ...(json.params as Partial<OneHotParams>) } as OneHotParams, { columns: state.columns, categories: state.categories });
  }
}
